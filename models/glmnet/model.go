package glmnet

import (
	"encoding/json"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Model is a fitted penalised logistic regression at one λ:
// P(y=1 | x) = σ(Intercept + xᵀCoef) with σ(z) = 1/(1+e⁻ᶻ), on the scale of
// the X passed to Fit. Its exported fields are its whole state, so it can
// be saved and restored with encoding/json, and a restored model predicts
// bit-identically.
type Model struct {
	Intercept float64   `json:"intercept"`
	Coef      []float64 `json:"coef"` // one per column of the design matrix
	// Lambda is the penalty the model was fitted at.
	Lambda float64 `json:"lambda"`
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
		panic(fmt.Sprintf("glmnet: X has %d columns, the model was fitted on %d", p, len(m.Coef)))
	}
	prob := make([]float64, n)
	for i := range prob {
		prob[i] = sigmoid(linpred(m.Intercept, m.Coef, X.RawRowView(i)))
	}
	return prob
}

// Coefficients returns the intercept and a copy of the coefficients, on the
// scale of the X passed to Fit.
func (m *Model) Coefficients() (intercept float64, coef []float64) {
	return m.Intercept, append([]float64(nil), m.Coef...)
}

// NonZero returns the number of coefficients that are not zero.
func (m *Model) NonZero() int {
	k := 0
	for _, b := range m.Coef {
		if b != 0 {
			k++
		}
	}
	return k
}

// PathFit is a fitted path: the model at each λ of a decreasing sequence.
// Its exported fields are its whole state (encoding/json).
type PathFit struct {
	// Spec is the specification the path was fitted with.
	Spec Spec `json:"spec"`
	// Lambda holds the penalties, strictly decreasing.
	Lambda []float64 `json:"lambda"`
	// Intercept[k] and Coef[k] (one per column of X) are the model at
	// Lambda[k], on the scale of the X passed to Path.
	Intercept []float64   `json:"intercept"`
	Coef      [][]float64 `json:"coef"`
	// DevRatio[k] is the fraction of the null deviance explained at
	// Lambda[k], 1 − D(Lambda[k])/D_null (glmnet's dev.ratio).
	DevRatio []float64 `json:"dev_ratio"`
	// Passes[k] is the number of coordinate-descent passes at Lambda[k].
	Passes []int `json:"passes"`
}

// Len returns the number of λ on the path.
func (f *PathFit) Len() int { return len(f.Lambda) }

// Model returns the model at Lambda[k], with its own copy of the
// coefficients. It panics if k is out of range.
func (f *PathFit) Model(k int) *Model {
	spec := f.Spec
	spec.Lambda = f.Lambda[k]
	return &Model{
		Intercept: f.Intercept[k],
		Coef:      append([]float64(nil), f.Coef[k]...),
		Lambda:    f.Lambda[k],
		Spec:      spec,
	}
}

// NonZero returns the number of coefficients that are not zero at
// Lambda[k] (glmnet's df).
func (f *PathFit) NonZero(k int) int {
	n := 0
	for _, b := range f.Coef[k] {
		if b != 0 {
			n++
		}
	}
	return n
}

// PredictProba returns, for each λ of the path and each row of X, the
// predicted probability: PredictProba(X)[k][i] is row i at Lambda[k], equal
// to Model(k).PredictProba(X)[i]. It panics if X has the wrong number of
// columns.
func (f *PathFit) PredictProba(X *mat.Dense) [][]float64 {
	n, p := X.Dims()
	out := make([][]float64, f.Len())
	for k := range out {
		if p != len(f.Coef[k]) {
			panic(fmt.Sprintf("glmnet: X has %d columns, the path was fitted on %d", p, len(f.Coef[k])))
		}
		out[k] = make([]float64, n)
		for i := range out[k] {
			out[k][i] = sigmoid(linpred(f.Intercept[k], f.Coef[k], X.RawRowView(i)))
		}
	}
	return out
}

// linpred returns b0 + xᵀβ, summing the non-zero terms in column order so
// that a model and its JSON copy predict bit-identically.
func linpred(b0 float64, beta, x []float64) float64 {
	eta := b0
	for j, b := range beta {
		if b != 0 {
			eta += b * x[j]
		}
	}
	return eta
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

// ChosenParams returns the model's λ, chosen by inner cross-validation for
// a CVSpec fit.
func (m *Model) ChosenParams() json.RawMessage {
	b, _ := json.Marshal(map[string]float64{"lambda": m.Lambda})
	return b
}
