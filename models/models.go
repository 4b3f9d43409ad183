package models

import (
	"encoding/json"
	"errors"

	"gonum.org/v1/gonum/mat"
)

// ErrSingleClass is returned by Fit when the training labels hold one class only.
var ErrSingleClass = errors.New("models: the training labels hold one class only; a classifier needs both events and non-events")

// Spec is a model specification: hyperparameters, no fitted state.
type Spec interface {
	// Name is the model's short name as used on the command line ("ridge").
	Name() string
	// Fit fits the model on the rows of X (n x p, no missing values) with
	// labels y (length n, each 0 or 1). X and y are not modified or kept.
	Fit(X *mat.Dense, y []float64, opt FitOptions) (Model, error)
}

// FitOptions are the per-fit settings that are not hyperparameters.
type FitOptions struct {
	// Weights are per-row case weights (length n); nil means all 1.
	Weights []float64
	// Seed seeds any randomness of the fit; fits with equal inputs and
	// seeds are identical.
	Seed uint64
}

// Model is a fitted classifier.
type Model interface {
	// PredictProba returns, for each row of X, the predicted probability of
	// the positive class, in [0, 1]. X has the columns it was fitted on.
	PredictProba(X *mat.Dense) []float64
}

// Linear is implemented by models whose prediction is a logistic function of
// a linear predictor, so reports can show their coefficients.
type Linear interface {
	// Coefficients returns the intercept and one coefficient per column of
	// the design matrix the model was fitted on.
	Coefficients() (intercept float64, coef []float64)
}

// CheckLabels returns ErrSingleClass when y holds one class only and an
// error when a label is not 0 or 1 or the lengths disagree with X.
func CheckLabels(X *mat.Dense, y []float64) error {
	n, _ := X.Dims()
	if len(y) != n {
		return errors.New("models: X and y have different numbers of rows")
	}
	var pos, neg int
	for _, v := range y {
		switch v {
		case 1:
			pos++
		case 0:
			neg++
		default:
			return errors.New("models: labels must be 0 or 1")
		}
	}
	if pos == 0 || neg == 0 {
		return ErrSingleClass
	}
	return nil
}

// Tuned is implemented by models that chose hyperparameters inside their
// training rows (nested tuning), so reports can show the choice per fold.
type Tuned interface {
	// ChosenParams returns the chosen hyperparameters as a JSON object.
	ChosenParams() json.RawMessage
}
