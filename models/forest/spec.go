package forest

import (
	"errors"
	"fmt"
	"math"
	"runtime"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Defaults used when the Spec fields are zero.
const (
	DefaultTrees = 500
)

// Criterion names the impurity a split minimises.
type Criterion string

// Gini is the Gini impurity 1 − Σₖ pₖ², with pₖ the weighted class
// frequencies of a node; the only criterion so far.
const Gini Criterion = "gini"

// Spec specifies a random forest. Its zero value is scikit-learn's
// RandomForestClassifier(n_estimators=500, max_features="sqrt"): 500
// fully grown trees on bootstrap samples of n rows, ⌊√p⌋ candidate columns
// at every split.
type Spec struct {
	// Trees is the number of trees; 0 means DefaultTrees.
	Trees int `json:"trees,omitempty"`
	// MaxFeatures is the number of columns drawn afresh, without
	// replacement, at every split (mtry); 0 means ⌊√p⌋ (at least 1). As in
	// scikit-learn, a drawn column that is constant in the node counts as
	// drawn, and drawing goes on past MaxFeatures until one column that is
	// not constant has been searched. It must not exceed p.
	MaxFeatures int `json:"max_features,omitempty"`
	// MinLeaf is the least number of distinct training rows in a leaf; 0
	// means 1. With the bootstrap a row drawn several times counts once,
	// as in scikit-learn's min_samples_leaf.
	MinLeaf int `json:"min_leaf,omitempty"`
	// MaxDepth limits the depth of the trees (the root has depth 0); 0
	// means unlimited.
	MaxDepth int `json:"max_depth,omitempty"`
	// SampleFraction is the bootstrap sample size as a fraction of the
	// rows, drawn with replacement: round(SampleFraction·n) draws, at
	// least 1. It must be in (0, 1]; 0 means 1.
	SampleFraction float64 `json:"sample_fraction,omitempty"`
	// NoBootstrap grows every tree on all rows (scikit-learn's
	// bootstrap=False); the trees then differ only by the columns drawn,
	// and no row is ever out of bag. SampleFraction must then be 0 or 1.
	NoBootstrap bool `json:"no_bootstrap,omitempty"`
	// Criterion is the split criterion; "" means Gini, the only one.
	Criterion Criterion `json:"criterion,omitempty"`
	// Workers is the number of goroutines that grow trees and predict; 0
	// means runtime.NumCPU(). The fitted model and its predictions do not
	// depend on it.
	Workers int `json:"-"`
}

var _ models.Spec = Spec{}

// Name returns "rf".
func (s Spec) Name() string { return "rf" }

// Fit grows the forest on the rows of X (n × p, finite) with 0/1 labels y
// and the case weights of opt (nil: all 1; finite, ≥ 0). Tree t draws its
// bootstrap sample and its columns from a PCG generator seeded with
// outputs 2t and 2t+1 of a SplitMix64 stream started at opt.Seed, so the
// forest depends on the seed only, not on Workers.
//
// Case weights multiply the bootstrap counts, as in scikit-learn: a row's
// weight in a tree is (times drawn) × (case weight), and it enters the Gini
// impurity and the leaf frequencies with that weight. Rows of zero weight
// take no part in growing a tree (they can still be out of bag).
//
// Fit returns models.ErrSingleClass when the rows of positive weight hold
// one class only, and an error for invalid settings, NaN or ±Inf in X, or
// invalid weights. The pipeline imputes missing values before Fit.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, p := X.Dims()
	r, err := s.resolve(p)
	if err != nil {
		return nil, err
	}
	w, err := caseWeights(opt.Weights, y)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("forest: X[%d, %d] is %v; the design matrix must be finite (impute missing values first)", i, j, v)
			}
		}
	}
	return fit(X, y, w, r, s.workers(), opt.Seed), nil
}

// resolve checks s and fills in the defaults for p columns.
func (s Spec) resolve(p int) (Spec, error) {
	switch {
	case s.Trees < 0:
		return s, fmt.Errorf("forest: Trees is %d; it must be ≥ 0", s.Trees)
	case s.MaxFeatures < 0 || s.MaxFeatures > p:
		return s, fmt.Errorf("forest: MaxFeatures is %d; it must be in [0, %d], the number of columns", s.MaxFeatures, p)
	case s.MinLeaf < 0:
		return s, fmt.Errorf("forest: MinLeaf is %d; it must be ≥ 0", s.MinLeaf)
	case s.MaxDepth < 0:
		return s, fmt.Errorf("forest: MaxDepth is %d; it must be ≥ 0", s.MaxDepth)
	case !(s.SampleFraction >= 0 && s.SampleFraction <= 1):
		return s, fmt.Errorf("forest: SampleFraction is %v; it must be in (0, 1], or 0 for 1", s.SampleFraction)
	case s.NoBootstrap && s.SampleFraction != 0 && s.SampleFraction != 1:
		return s, fmt.Errorf("forest: SampleFraction is %v with NoBootstrap; without the bootstrap every tree uses all rows", s.SampleFraction)
	case s.Criterion != "" && s.Criterion != Gini:
		return s, fmt.Errorf("forest: Criterion is %q; the only criterion is %q", s.Criterion, Gini)
	case s.Workers < 0:
		return s, fmt.Errorf("forest: Workers is %d; it must be ≥ 0", s.Workers)
	case p == 0:
		return s, errors.New("forest: X has no columns")
	}
	if s.Trees == 0 {
		s.Trees = DefaultTrees
	}
	if s.MaxFeatures == 0 {
		s.MaxFeatures = max(1, int(math.Sqrt(float64(p))))
	}
	if s.MinLeaf == 0 {
		s.MinLeaf = 1
	}
	if s.SampleFraction == 0 {
		s.SampleFraction = 1
	}
	if s.Criterion == "" {
		s.Criterion = Gini
	}
	return s, nil
}

func (s Spec) workers() int {
	if s.Workers > 0 {
		return s.Workers
	}
	return runtime.NumCPU()
}

// caseWeights checks the weights and returns them, or all ones for nil.
func caseWeights(weights, y []float64) ([]float64, error) {
	if err := models.CheckWeights(weights, y); err != nil {
		return nil, err
	}
	if weights != nil {
		return append([]float64(nil), weights...), nil
	}
	w := make([]float64, len(y))
	for i := range w {
		w[i] = 1
	}
	return w, nil
}
