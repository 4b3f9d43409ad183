package naivebayes

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// DefaultVarSmoothing is scikit-learn's default var_smoothing, used when
// Spec.VarSmoothing is 0.
const DefaultVarSmoothing = 1e-9

// Spec specifies a Gaussian naive Bayes classifier. Its zero value uses
// DefaultVarSmoothing.
type Spec struct {
	// VarSmoothing is the share of the largest column variance added to
	// every variance (the package documentation has the formula); it must
	// be finite and ≥ 0, and 0 means DefaultVarSmoothing.
	VarSmoothing float64 `json:"var_smoothing,omitempty"`
}

var _ models.Spec = Spec{}

// Name returns "nb".
func (s Spec) Name() string { return "nb" }

// errConstant reports training rows on which every column is constant.
var errConstant = errors.New("naivebayes: every column is constant over the training rows of positive weight, so no variance can be estimated")

// Fit estimates the class priors, means and variances from the rows of X
// with 0/1 labels y and the case weights of opt (nil: all 1; finite, ≥ 0).
// It returns models.ErrSingleClass when the rows of positive weight hold
// one class only, and an error for an invalid VarSmoothing, NaN or Inf in
// X, or a matrix whose columns are all constant. Seed is not used: the fit
// is deterministic.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if !(s.VarSmoothing >= 0) || math.IsInf(s.VarSmoothing, 1) {
		return nil, fmt.Errorf("naivebayes: VarSmoothing is %v; it must be finite and ≥ 0", s.VarSmoothing)
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, p := X.Dims()
	w := opt.Weights
	if w == nil {
		w = make([]float64, n)
		for i := range w {
			w[i] = 1
		}
	} else if len(w) != n {
		return nil, fmt.Errorf("naivebayes: %d weights for %d rows", len(w), n)
	}
	var sumW [2]float64
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 1) {
			return nil, fmt.Errorf("naivebayes: weight %d is %v; weights must be finite and ≥ 0", i, v)
		}
		sumW[int(y[i])] += v
	}
	if sumW[0] == 0 || sumW[1] == 0 {
		return nil, models.ErrSingleClass
	}
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("naivebayes: X[%d, %d] is %v; the design matrix must be finite", i, j, v)
			}
		}
	}

	m := &Model{
		ClassPrior: make([]float64, 2),
		Mean:       [][]float64{make([]float64, p), make([]float64, p)},
		Var:        [][]float64{make([]float64, p), make([]float64, p)},
		Spec:       s,
	}
	total := sumW[0] + sumW[1]
	for c := range 2 {
		m.ClassPrior[c] = sumW[c] / total
	}
	// Two passes: weighted means, then weighted squared deviations, per
	// class and over all rows (for ε).
	all := make([]float64, p)
	allVar := make([]float64, p)
	for i := 0; i < n; i++ {
		c := int(y[i])
		for j, v := range X.RawRowView(i) {
			m.Mean[c][j] += w[i] * v
			all[j] += w[i] * v
		}
	}
	for j := range all {
		m.Mean[0][j] /= sumW[0]
		m.Mean[1][j] /= sumW[1]
		all[j] /= total
	}
	for i := 0; i < n; i++ {
		c := int(y[i])
		for j, v := range X.RawRowView(i) {
			d := v - m.Mean[c][j]
			m.Var[c][j] += w[i] * d * d
			d = v - all[j]
			allVar[j] += w[i] * d * d
		}
	}
	var maxVar float64
	for j := range allVar {
		maxVar = math.Max(maxVar, allVar[j]/total)
	}
	if maxVar == 0 {
		return nil, errConstant
	}
	vs := s.VarSmoothing
	if vs == 0 {
		vs = DefaultVarSmoothing
	}
	m.Epsilon = vs * maxVar
	for c := range 2 {
		for j := range m.Var[c] {
			m.Var[c][j] = m.Var[c][j]/sumW[c] + m.Epsilon
		}
	}
	return m, nil
}
