package glmnet

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Defaults used when the Spec fields are zero.
const (
	// DefaultNLambda is the length of the default λ sequence, as in glmnet.
	DefaultNLambda = 100
	// DefaultTol is glmnet's default thresh.
	DefaultTol = 1e-7
	// DefaultMaxPasses bounds the coordinate-descent passes at one λ.
	DefaultMaxPasses = 100000
)

// ErrNoConvergence is returned when the fit at some λ does not converge
// within the iteration limits.
var ErrNoConvergence = errors.New("glmnet: no convergence")

// Spec specifies a penalised logistic regression (see the package
// documentation for the objective). Its zero value is ridge (Alpha 0) at
// the smallest λ of the default sequence; set Alpha to 1 for the lasso.
type Spec struct {
	// Alpha in [0, 1] mixes the penalties: 1 is the lasso, 0 ridge,
	// anything between the elastic net.
	Alpha float64 `json:"alpha"`
	// Lambda > 0 fixes the penalty: Fit follows the default sequence,
	// with warm starts, down to Lambda and returns the model at Lambda.
	// 0 means the smallest λ of the default sequence,
	// LambdaMinRatio·λ_max.
	Lambda float64 `json:"lambda,omitempty"`
	// NLambda is the length of the default λ sequence; 0 means
	// DefaultNLambda.
	NLambda int `json:"n_lambda,omitempty"`
	// LambdaMinRatio is the ratio of the smallest to the largest λ of
	// the default sequence, in (0, 1); 0 means glmnet's default, 1e-4
	// when X has at least as many rows as columns and 0.01 otherwise.
	LambdaMinRatio float64 `json:"lambda_min_ratio,omitempty"`
	// Standardize, when true, standardises the columns internally
	// (glmnet's standardize = TRUE); coefficients are still reported on
	// the scale of X. bleedrisk standardises in its feature step, so the
	// default is false.
	Standardize bool `json:"standardize,omitempty"`
	// Tol is the convergence threshold of the package documentation,
	// relative to the null deviance; 0 means DefaultTol.
	Tol float64 `json:"tol,omitempty"`
	// MaxPasses bounds the coordinate-descent passes over the candidate
	// or active columns at each λ; 0 means DefaultMaxPasses.
	MaxPasses int `json:"max_passes,omitempty"`
}

var _ models.Spec = Spec{}

// Name returns "lasso" for Alpha 1, "elasticnet" for 0 < Alpha < 1 and
// "ridge" for Alpha 0 (the objective of models/logistic's ridge, solved by
// coordinate descent).
func (s Spec) Name() string {
	switch {
	case s.Alpha == 1:
		return "lasso"
	case s.Alpha > 0:
		return "elasticnet"
	}
	return "ridge"
}

// Fit fits the model at s.Lambda (see Spec) on the rows of X with 0/1
// labels y and the case weights of opt (nil: all 1; non-negative, finite).
// It returns a *Model, models.ErrSingleClass when the rows of positive
// weight hold one class only, and an error for invalid settings, NaN or
// Inf in X, or no convergence. Seed is not used: the fit is deterministic.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	pr, err := s.setup(X, y, opt.Weights)
	if err != nil {
		return nil, err
	}
	lambdas := pr.defaultLambdas(s)
	if s.Lambda > 0 {
		// The default sequence above Lambda, then Lambda itself.
		k := 0
		for k < len(lambdas) && lambdas[k] > s.Lambda {
			k++
		}
		lambdas = append(lambdas[:k:k], s.Lambda)
	}
	pf, err := pr.path(s, lambdas, true)
	if err != nil {
		return nil, err
	}
	m := pf.Model(pf.Len() - 1)
	m.Spec = s
	return m, nil
}

// Lambdas returns the default λ sequence for X, y and the weights of opt:
// NLambda values from λ_max down to LambdaMinRatio·λ_max, equally spaced
// on the log scale (see the package documentation). Nested
// cross-validation computes it once on the outer training rows and passes
// it to PathAt for every inner fold, as cv.glmnet does.
func (s Spec) Lambdas(X *mat.Dense, y []float64, opt models.FitOptions) ([]float64, error) {
	pr, err := s.setup(X, y, opt.Weights)
	if err != nil {
		return nil, err
	}
	return pr.defaultLambdas(s), nil
}

// Path fits the model at every λ of the default sequence (see Lambdas),
// with warm starts; s.Lambda is not used. Its errors are those of Fit.
func (s Spec) Path(X *mat.Dense, y []float64, opt models.FitOptions) (*PathFit, error) {
	pr, err := s.setup(X, y, opt.Weights)
	if err != nil {
		return nil, err
	}
	return pr.path(s, pr.defaultLambdas(s), false)
}

// PathAt fits the model at each of lambdas, which must be positive, finite
// and strictly decreasing, with warm starts; s.Lambda, NLambda and
// LambdaMinRatio are not used. Its errors are those of Fit.
func (s Spec) PathAt(X *mat.Dense, y []float64, lambdas []float64, opt models.FitOptions) (*PathFit, error) {
	if len(lambdas) == 0 {
		return nil, errors.New("glmnet: no lambdas given")
	}
	for k, l := range lambdas {
		if !(l > 0) || math.IsInf(l, 1) {
			return nil, fmt.Errorf("glmnet: lambda %d is %v; lambdas must be positive and finite", k, l)
		}
		if k > 0 && !(l < lambdas[k-1]) {
			return nil, fmt.Errorf("glmnet: lambda %d (%v) is not below lambda %d (%v); lambdas must decrease strictly", k, l, k-1, lambdas[k-1])
		}
	}
	pr, err := s.setup(X, y, opt.Weights)
	if err != nil {
		return nil, err
	}
	return pr.path(s, append([]float64(nil), lambdas...), false)
}

// check validates the settings.
func (s Spec) check() error {
	switch {
	case !(s.Alpha >= 0 && s.Alpha <= 1):
		return fmt.Errorf("glmnet: Alpha is %v; it must be in [0, 1]", s.Alpha)
	case !(s.Lambda >= 0) || math.IsInf(s.Lambda, 1):
		return fmt.Errorf("glmnet: Lambda is %v; it must be finite and ≥ 0", s.Lambda)
	case s.NLambda < 0:
		return fmt.Errorf("glmnet: NLambda is %d; it must be ≥ 0", s.NLambda)
	case s.NLambda == 1:
		return errors.New("glmnet: NLambda is 1; a sequence needs at least 2 values (use Lambda for one)")
	case !(s.LambdaMinRatio >= 0 && s.LambdaMinRatio < 1):
		return fmt.Errorf("glmnet: LambdaMinRatio is %v; it must be in (0, 1), or 0 for the default", s.LambdaMinRatio)
	case !(s.Tol >= 0) || math.IsInf(s.Tol, 1):
		return fmt.Errorf("glmnet: Tol is %v; it must be finite and ≥ 0", s.Tol)
	case s.MaxPasses < 0:
		return fmt.Errorf("glmnet: MaxPasses is %d; it must be ≥ 0", s.MaxPasses)
	}
	return nil
}

// setup validates the inputs and returns the problem ready for a path.
func (s Spec) setup(X *mat.Dense, y, weights []float64) (*problem, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	if err := models.CheckWeights(weights, y); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("glmnet: X[%d, %d] is %v; the design matrix must be finite", i, j, v)
			}
		}
	}
	tol := s.Tol
	if tol == 0 {
		tol = DefaultTol
	}
	maxPasses := s.MaxPasses
	if maxPasses == 0 {
		maxPasses = DefaultMaxPasses
	}
	return newProblem(X, y, weights, s.Alpha, s.Standardize, tol, maxPasses), nil
}
