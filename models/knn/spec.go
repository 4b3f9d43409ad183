package knn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// DefaultK is the number of neighbours when Spec.K is 0.
//
// With about 10% events, K neighbours hold on average 0.1·K events, and
// the predicted probability moves in steps of 1/K. K = 50 gives about 5
// expected events per neighbourhood (the usual n·π ≥ 5 rule for a
// binomial proportion to be more than noise), probabilities in steps of
// 0.02, and a standard error of √(0.1·0.9/50) ≈ 0.04 at the prevalence;
// K = 25, near the √n rule of thumb for ~800 training rows, would give 2.5
// expected events, a standard error of 0.06 and a probability of exactly
// 0 for about 7% of rows at the prevalence (0.9²⁵). K is a
// hyperparameter to tune; 50 is the starting point.
const DefaultK = 50

// Weighting says how the K neighbours' votes are weighted.
type Weighting string

const (
	// Uniform weights every neighbour by its case weight only (the zero
	// value, "", means Uniform).
	Uniform Weighting = "uniform"
	// Distance weights every neighbour by its case weight over its
	// distance to the query row. Neighbours at distance 0, if any, take
	// all the weight, as in scikit-learn.
	Distance Weighting = "distance"
)

// Spec specifies a k-nearest-neighbours classifier. Its zero value uses
// DefaultK neighbours with uniform weighting.
type Spec struct {
	// K is the number of neighbours, ≥ 1 and at most the number of
	// training rows of positive weight; 0 means DefaultK.
	K int `json:"k,omitempty"`
	// Weights is Uniform or Distance; "" means Uniform.
	Weights Weighting `json:"weights,omitempty"`
}

var _ models.Spec = Spec{}

// Name returns "knn".
func (s Spec) Name() string { return "knn" }

func (s Spec) k() int {
	if s.K == 0 {
		return DefaultK
	}
	return s.K
}

func (s Spec) check() error {
	if s.K < 0 {
		return fmt.Errorf("knn: K is %d; it must be ≥ 1 (0 means %d)", s.K, DefaultK)
	}
	switch s.Weights {
	case "", Uniform, Distance:
	default:
		return fmt.Errorf("knn: Weights is %q; it must be %q or %q", s.Weights, Uniform, Distance)
	}
	return nil
}

// Fit stores a copy of the rows of X of positive case weight, with their
// labels and weights (nil weights: all 1; weights must be finite and ≥ 0).
// Rows of weight 0 are dropped, so a weight-0 row is the same as no row. It
// returns models.ErrSingleClass when the rows of positive weight hold one
// class only, and an error for invalid settings, NaN or Inf in X, or fewer
// rows of positive weight than K. Seed is not used: the fit is
// deterministic.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, p := X.Dims()
	if opt.Weights != nil && len(opt.Weights) != n {
		return nil, fmt.Errorf("knn: %d weights for %d rows", len(opt.Weights), n)
	}
	m := &Model{Spec: s, Cols: p}
	var pos, neg float64
	for i := 0; i < n; i++ {
		w := 1.0
		if opt.Weights != nil {
			w = opt.Weights[i]
			if !(w >= 0) || math.IsInf(w, 1) {
				return nil, fmt.Errorf("knn: weight %d is %v; weights must be finite and ≥ 0", i, w)
			}
		}
		row := X.RawRowView(i)
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("knn: X[%d, %d] is %v; the design matrix must be finite", i, j, v)
			}
		}
		if w == 0 {
			continue
		}
		if y[i] == 1 {
			pos += w
		} else {
			neg += w
		}
		m.X = append(m.X, row...)
		m.Y = append(m.Y, y[i])
		m.W = append(m.W, w)
	}
	if pos == 0 || neg == 0 {
		return nil, models.ErrSingleClass
	}
	if k := s.k(); k > len(m.Y) {
		return nil, fmt.Errorf("knn: K is %d but there are only %d training rows of positive weight", k, len(m.Y))
	}
	if opt.Weights == nil {
		m.W = nil // all 1; keeps saved models smaller
	}
	return m, nil
}
