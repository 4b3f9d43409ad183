package glmnet

import "fmt"

// Standardization describes a column standardisation fitted before the
// model, zⱼ = (xⱼ − Mean[j]) / Scale[j], such as features.StandardizeFit.
type Standardization struct {
	Mean  []float64 `json:"mean"`
	Scale []float64 `json:"scale"` // positive
}

// Original maps a linear predictor fitted on standardised columns,
// b₀ + Σⱼ βⱼ zⱼ, to the original feature scale: it returns a₀ and α with
// a₀ + Σⱼ αⱼ xⱼ the same linear predictor, αⱼ = βⱼ/Scale[j] and
// a₀ = b₀ − Σⱼ αⱼ Mean[j]. It panics if the lengths differ or a scale is
// not positive.
func (s Standardization) Original(intercept float64, coef []float64) (float64, []float64) {
	if len(s.Mean) != len(coef) || len(s.Scale) != len(coef) {
		panic(fmt.Sprintf("glmnet: %d coefficients, %d means and %d scales", len(coef), len(s.Mean), len(s.Scale)))
	}
	out := make([]float64, len(coef))
	for j, b := range coef {
		if !(s.Scale[j] > 0) {
			panic(fmt.Sprintf("glmnet: scale %d is %v; it must be positive", j, s.Scale[j]))
		}
		if b == 0 {
			continue
		}
		out[j] = b / s.Scale[j]
		intercept -= out[j] * s.Mean[j]
	}
	return intercept, out
}
