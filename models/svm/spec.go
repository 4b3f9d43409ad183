package svm

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/calibrate"
)

// Defaults used when the Spec fields are zero. C and MaxIter are
// scikit-learn's LinearSVC defaults; Tol is LIBLINEAR's own default for
// its dual solvers (-e 0.1), since scikit-learn's 1e-4 often fails to
// converge in 1000 epochs with the hinge loss (its ConvergenceWarning) and
// the decision values feed a Platt map that does not need more accuracy.
const (
	DefaultC       = 1.0
	DefaultMaxIter = 1000
	DefaultTol     = 0.1
)

// Spec specifies a linear SVM with Platt scaling. Its zero value uses the
// defaults above and calibrate.DefaultFolds folds.
type Spec struct {
	// C is the cost of the hinge loss in the objective of the package
	// documentation (larger C: less regularisation); 0 means DefaultC.
	C float64 `json:"c,omitempty"`
	// MaxIter is the largest number of epochs (passes over the rows) of
	// coordinate descent; 0 means DefaultMaxIter.
	MaxIter int `json:"max_iter,omitempty"`
	// Tol is the stopping tolerance on the spread of the projected
	// gradient of the dual; 0 means DefaultTol.
	Tol float64 `json:"tol,omitempty"`
	// Folds is the number of internal folds for Platt scaling, ≥ 2; 0
	// means calibrate.DefaultFolds.
	Folds int `json:"folds,omitempty"`
}

var _ models.Spec = Spec{}

// Name returns "svm".
func (s Spec) Name() string { return "svm" }

func (s Spec) check() error {
	switch {
	case !(s.C >= 0) || math.IsInf(s.C, 1):
		return fmt.Errorf("svm: C is %v; it must be finite and > 0 (0 means %v)", s.C, DefaultC)
	case s.MaxIter < 0:
		return fmt.Errorf("svm: MaxIter is %d; it must be ≥ 0", s.MaxIter)
	case !(s.Tol >= 0) || math.IsInf(s.Tol, 1):
		return fmt.Errorf("svm: Tol is %v; it must be finite and ≥ 0", s.Tol)
	}
	return nil
}

// Fit fits the SVM and its Platt map on the rows of X with 0/1 labels y and
// the case weights of opt (nil: all 1; finite, ≥ 0), which multiply C row
// by row. It returns models.ErrSingleClass when the rows of positive
// weight hold one class only, and an error for invalid settings, NaN or
// Inf in X, a class with fewer rows than Folds, no convergence within
// MaxIter epochs, or decision values that separate the classes so that the
// Platt slope is infinite. The same Seed gives the same model.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("svm: X[%d, %d] is %v; the design matrix must be finite", i, j, v)
			}
		}
	}
	cm, err := calibrate.Spec{Base: decisionSpec{s}, Method: calibrate.Platt, Folds: s.Folds}.Fit(X, y, opt)
	if err != nil {
		return nil, err
	}
	c := cm.(*calibrate.Model)
	d := c.Base.(*decisionModel)
	return &Model{Intercept: d.intercept, Coef: d.coef, Platt: *c.Platt, Epochs: d.epochs, Spec: s}, nil
}

// decisionSpec fits the SVM alone; its model's "probability" is σ(f) of
// the decision value f, so that calibrate's Platt map, a logistic
// regression on logit(p), is a logistic regression on f.
type decisionSpec struct{ s Spec }

func (d decisionSpec) Name() string { return "svm" }

func (d decisionSpec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if opt.Weights != nil && len(opt.Weights) != n {
		return nil, fmt.Errorf("svm: %d weights for %d rows", len(opt.Weights), n)
	}
	var pos, neg float64
	for i := range n {
		w := 1.0
		if opt.Weights != nil {
			w = opt.Weights[i]
			if !(w >= 0) || math.IsInf(w, 1) {
				return nil, fmt.Errorf("svm: weight %d is %v; weights must be finite and ≥ 0", i, w)
			}
		}
		if y[i] == 1 {
			pos += w
		} else {
			neg += w
		}
	}
	if pos == 0 || neg == 0 {
		return nil, models.ErrSingleClass
	}
	C, maxIter, tol := d.s.C, d.s.MaxIter, d.s.Tol
	if C == 0 {
		C = DefaultC
	}
	if maxIter == 0 {
		maxIter = DefaultMaxIter
	}
	if tol == 0 {
		tol = DefaultTol
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x73766d)) // "svm"
	return dualCD(X, y, opt.Weights, C, maxIter, tol, rng)
}

// decisionModel is an SVM without its Platt map.
type decisionModel struct {
	intercept float64
	coef      []float64
	epochs    int
}

func (m *decisionModel) PredictProba(X *mat.Dense) []float64 {
	f := decision(X, m.intercept, m.coef)
	for i, v := range f {
		f[i] = sigmoid(v)
	}
	return f
}

// dualCD minimises the dual of the hinge-loss SVM by coordinate descent
// (Hsieh et al. 2008, Algorithm 1, L1 loss: D_ii = 0, U_i = C·w_i), with a
// bias column of ones appended to X.
func dualCD(X *mat.Dense, y, weights []float64, C float64, maxIter int, tol float64, rng *rand.Rand) (*decisionModel, error) {
	n, p := X.Dims()
	w := make([]float64, p) // primal coefficients
	var b float64           // primal bias
	alpha := make([]float64, n)
	upper := make([]float64, n)
	qii := make([]float64, n)
	sign := make([]float64, n)
	var active []int
	for i := range n {
		upper[i] = C
		if weights != nil {
			upper[i] = C * weights[i]
		}
		row := X.RawRowView(i)
		qii[i] = 1 // the bias column
		for _, v := range row {
			qii[i] += v * v
		}
		sign[i] = 2*y[i] - 1
		if upper[i] > 0 {
			active = append(active, i)
		}
	}
	for epoch := 1; epoch <= maxIter; epoch++ {
		rng.Shuffle(len(active), func(a, c int) { active[a], active[c] = active[c], active[a] })
		pgMax, pgMin := math.Inf(-1), math.Inf(1)
		for _, i := range active {
			row := X.RawRowView(i)
			f := b
			for j, v := range row {
				f += w[j] * v
			}
			g := sign[i]*f - 1
			pg := g
			switch {
			case alpha[i] == 0:
				pg = min(g, 0)
			case alpha[i] == upper[i]:
				pg = max(g, 0)
			}
			pgMax, pgMin = max(pgMax, pg), min(pgMin, pg)
			if pg == 0 {
				continue
			}
			old := alpha[i]
			alpha[i] = min(max(old-g/qii[i], 0), upper[i])
			if d := (alpha[i] - old) * sign[i]; d != 0 {
				for j, v := range row {
					w[j] += d * v
				}
				b += d
			}
		}
		if pgMax-pgMin <= tol {
			return &decisionModel{intercept: b, coef: w, epochs: epoch}, nil
		}
	}
	return nil, fmt.Errorf("svm: no convergence in %d epochs of coordinate descent; raise MaxIter or Tol, or lower C", maxIter)
}

func decision(X *mat.Dense, intercept float64, coef []float64) []float64 {
	n, _ := X.Dims()
	f := make([]float64, n)
	for i := range f {
		s := intercept
		for j, v := range X.RawRowView(i) {
			s += coef[j] * v
		}
		f[i] = s
	}
	return f
}

// sigmoid returns 1/(1+e⁻ᶻ) without overflow for any z.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
