package logistic

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Model is a fitted logistic regression: P(y=1 | x) = σ(Intercept + xᵀCoef)
// with σ(z) = 1/(1+e⁻ᶻ). Its exported fields are its whole state, so it
// can be saved and restored with encoding/json.
type Model struct {
	Intercept float64   `json:"intercept"`
	Coef      []float64 `json:"coef"` // one per column of the design matrix
	// Iterations is the number of Newton iterations the fit took.
	Iterations int `json:"iterations"`
	// Spec is the specification the model was fitted with.
	Spec Spec `json:"spec"`
}

var (
	_ models.Model  = (*Model)(nil)
	_ models.Linear = (*Model)(nil)
)

// PredictProba returns σ(Intercept + xᵀCoef) for each row x of X. It panics
// if X does not have len(Coef) columns.
func (m *Model) PredictProba(X *mat.Dense) []float64 {
	n, p := X.Dims()
	if p != len(m.Coef) {
		panic(fmt.Sprintf("logistic: X has %d columns, the model was fitted on %d", p, len(m.Coef)))
	}
	eta := mat.NewVecDense(n, nil)
	eta.MulVec(X, mat.NewVecDense(p, append([]float64(nil), m.Coef...)))
	prob := make([]float64, n)
	for i := range prob {
		prob[i] = sigmoid(m.Intercept + eta.AtVec(i))
	}
	return prob
}

// Coefficients returns the intercept and a copy of the coefficients.
func (m *Model) Coefficients() (intercept float64, coef []float64) {
	return m.Intercept, append([]float64(nil), m.Coef...)
}

// sigmoid returns 1/(1+e⁻ᶻ) without overflow for any z.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// softplus returns log(1+eᶻ) without overflow or loss of precision.
func softplus(z float64) float64 {
	return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
}
