package naivebayes

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Model is a fitted Gaussian naive Bayes classifier; index 0 of each field
// is the non-event class and index 1 the event class. Its exported fields
// are its whole state, so it can be saved and restored with encoding/json.
type Model struct {
	// ClassPrior holds the weighted share of each class in the training
	// rows.
	ClassPrior []float64 `json:"class_prior"`
	// Mean holds the weighted mean of each column within each class.
	Mean [][]float64 `json:"mean"`
	// Var holds the weighted variance of each column within each class,
	// plus Epsilon.
	Var [][]float64 `json:"var"`
	// Epsilon is the variance added to every entry of Var.
	Epsilon float64 `json:"epsilon"`
	// Spec is the specification the model was fitted with.
	Spec Spec `json:"spec"`
}

var _ models.Model = (*Model)(nil)

// PredictProba returns P(event | x) for each row x of X by the formula of
// the package documentation. A row of X holding NaN or ±Inf gets NaN. It
// panics if X does not have the columns the model was fitted on.
func (m *Model) PredictProba(X *mat.Dense) []float64 {
	r, p := X.Dims()
	if p != len(m.Mean[0]) {
		panic(fmt.Sprintf("naivebayes: X has %d columns, the model was fitted on %d", p, len(m.Mean[0])))
	}
	var base [2]float64
	for c := range base {
		base[c] = math.Log(m.ClassPrior[c])
		for _, v := range m.Var[c] {
			base[c] -= 0.5 * math.Log(2*math.Pi*v)
		}
	}
	prob := make([]float64, r)
	for i := range prob {
		x := X.RawRowView(i)
		var jll [2]float64
		for c := range jll {
			mean, vr := m.Mean[c], m.Var[c]
			var s float64
			for j, v := range x {
				d := v - mean[j]
				s += d * d / vr[j]
			}
			jll[c] = base[c] - 0.5*s
		}
		if math.IsNaN(jll[0]) || math.IsNaN(jll[1]) || math.IsInf(jll[0], 0) || math.IsInf(jll[1], 0) {
			// NaN or ±Inf in x: no defined likelihood.
			prob[i] = math.NaN()
			continue
		}
		prob[i] = math.Exp(jll[1] - logSumExp(jll[0], jll[1]))
	}
	return prob
}

// logSumExp returns log(eᵃ + eᵇ) for finite a and b without overflow.
func logSumExp(a, b float64) float64 {
	return math.Max(a, b) + math.Log1p(math.Exp(-math.Abs(a-b)))
}
