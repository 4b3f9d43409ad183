package svm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/calibrate"
)

// Model is a fitted linear SVM with its Platt map. Its exported fields are
// its whole state, so it can be saved and restored with encoding/json.
type Model struct {
	// Intercept and Coef give the decision value f = Intercept + xᵀCoef.
	Intercept float64   `json:"intercept"`
	Coef      []float64 `json:"coef"` // one per column of the design matrix
	// Platt maps σ(f) to the probability of an event.
	Platt calibrate.PlattMap `json:"platt"`
	// Epochs is the number of epochs the final fit took.
	Epochs int `json:"epochs"`
	// Spec is the specification the model was fitted with.
	Spec Spec `json:"spec"`
}

var _ models.Model = (*Model)(nil)

// Decision returns the decision value Intercept + xᵀCoef for each row x of
// X (positive: the event side of the margin). It panics if X does not have
// len(Coef) columns.
func (m *Model) Decision(X *mat.Dense) []float64 {
	if _, p := X.Dims(); p != len(m.Coef) {
		panic(fmt.Sprintf("svm: X has %d columns, the model was fitted on %d", p, len(m.Coef)))
	}
	return decision(X, m.Intercept, m.Coef)
}

// PredictProba returns Platt.Apply(σ(f)) for the decision value f of each
// row of X: σ(a + c·f) for |f| below about 13.8. A row holding NaN gets
// NaN, and so does one whose decision value is ±Inf. It panics if X does not have len(Coef) columns.
func (m *Model) PredictProba(X *mat.Dense) []float64 {
	f := m.Decision(X)
	for i, v := range f {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			f[i] = math.NaN()
			continue
		}
		f[i] = m.Platt.Apply(sigmoid(v))
	}
	return f
}
