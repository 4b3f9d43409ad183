package logistic

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Defaults used when the Spec fields are zero.
const (
	DefaultMaxIter = 100
	DefaultTol     = 1e-8
)

// ErrSeparation is returned by an unpenalised fit (Lambda 0) when a linear
// combination of the predictors separates, or quasi-separates, events from
// non-events, so the likelihood has no maximum.
var ErrSeparation = errors.New("logistic: the predictors (quasi-)separate events from non-events, so the unpenalised maximum-likelihood estimate does not exist (coefficients diverge); use ridge (Lambda > 0)")

// Spec specifies a logistic regression. Its zero value is an unpenalised
// fit with the default iteration limit and tolerance.
type Spec struct {
	// Lambda is the ridge penalty λ ≥ 0 of the objective in the package
	// documentation; 0 means no penalty.
	Lambda float64 `json:"lambda"`
	// MaxIter is the largest number of Newton iterations; 0 means
	// DefaultMaxIter.
	MaxIter int `json:"max_iter,omitempty"`
	// Tol is the convergence tolerance on the largest absolute element of
	// the gradient of the objective; 0 means DefaultTol. A fit has
	// converged when that is at most Tol and the Newton step changes no
	// parameter θ by more than √Tol·(1+|θ|).
	Tol float64 `json:"tol,omitempty"`

	// Workers is the number of goroutines of the passes over X; 0 means
	// 1, as ridge fits are short and the pipeline already runs fits side
	// by side. The fit does not depend on it: sums over rows are added up
	// in fixed blocks of rows, in block order.
	Workers int `json:"-"`

	solver solver // forced solver, for tests; zero chooses automatically
}

// solver names the linear solver of the Newton steps.
type solver int

const (
	solverAuto solver = iota
	solverCholesky
	solverCG
)

var _ models.Spec = Spec{}

// Name returns "ridge" when Lambda > 0 and "logistic" otherwise.
func (s Spec) Name() string {
	if s.Lambda > 0 {
		return "ridge"
	}
	return "logistic"
}

// Fit fits the model on the rows of X with 0/1 labels y and the case
// weights of opt (nil: all 1; non-negative, finite). It returns
// models.ErrSingleClass when the rows of positive weight hold one class
// only, ErrSeparation when Lambda is 0 and the classes are separable, and
// an error for invalid settings, NaN or Inf in X, or no convergence. Seed
// is not used: the fit is deterministic.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, p := X.Dims()
	w, err := caseWeights(opt.Weights, y)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("logistic: X[%d, %d] is %v; the design matrix must be finite", i, j, v)
			}
		}
	}
	prob := newProblem(X, y, w, s.Lambda, s.Workers)
	defer prob.close()
	sol := s.solver
	if sol == solverAuto {
		// Without a penalty, the Cholesky factorisation is what detects a
		// singular Hessian (collinear predictors); with one, conjugate
		// gradients are faster at every size measured (BenchmarkFit).
		sol = solverCG
		if s.Lambda == 0 {
			sol = solverCholesky
		}
	}
	maxIter, tol := s.MaxIter, s.Tol
	if maxIter == 0 {
		maxIter = DefaultMaxIter
	}
	if tol == 0 {
		tol = DefaultTol
	}
	theta, iter, err := prob.newton(sol, maxIter, tol)
	if err != nil {
		return nil, err
	}
	m := &Model{Coef: make([]float64, p), Iterations: iter, Spec: s}
	copy(m.Coef, theta[1:])
	// Undo the centring: η = a + (x − x̄)ᵀβ = (a − x̄ᵀβ) + xᵀβ.
	m.Intercept = theta[0]
	for j, b := range m.Coef {
		m.Intercept -= prob.mean[j] * b
	}
	return m, nil
}

func (s Spec) check() error {
	switch {
	case !(s.Lambda >= 0) || math.IsInf(s.Lambda, 1):
		return fmt.Errorf("logistic: Lambda is %v; it must be finite and ≥ 0", s.Lambda)
	case s.MaxIter < 0:
		return fmt.Errorf("logistic: MaxIter is %d; it must be ≥ 0", s.MaxIter)
	case !(s.Tol >= 0) || math.IsInf(s.Tol, 1):
		return fmt.Errorf("logistic: Tol is %v; it must be finite and ≥ 0", s.Tol)
	case s.Workers < 0:
		return fmt.Errorf("logistic: Workers is %d; it must be ≥ 0", s.Workers)
	}
	return nil
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
