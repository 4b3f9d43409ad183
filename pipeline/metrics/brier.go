package metrics

import (
	"errors"
	"math"
)

// Brier returns the Brier score, the mean squared difference between the
// predicted probabilities p and the 0/1 outcomes y:
// (1/N) Σ (p_i − y_i)² (DOMAIN.md 7.5). Lower is better; a constant
// prediction of the prevalence φ scores φ(1−φ).
//
// Brier panics if the lengths differ and returns NaN for empty input. It
// does not check the labels; BrierMetric does.
func Brier(y, p []float64) float64 {
	if len(y) != len(p) {
		panic("metrics: y and p have different lengths")
	}
	if len(y) == 0 {
		return math.NaN()
	}
	var sum float64
	for i, v := range y {
		d := p[i] - v
		sum += d * d
	}
	return sum / float64(len(y))
}

// errEmpty is returned by a Metric given no observations.
var errEmpty = errors.New("metrics: no observations")
