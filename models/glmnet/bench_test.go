package glmnet

import (
	"testing"

	"github.com/ostfold-vte/bleedrisk/models"
)

// BenchmarkPath times whole paths of 100 λ on data shaped like a
// bleedrisk training fold: 864 rows (4/5 of 1,080) × 500 standardised
// columns, mostly sparse 0/1 indicators, about 10% events.
func BenchmarkPath(b *testing.B) {
	x, y := cohort(864, 500, 1)
	for _, bc := range []struct {
		name string
		s    Spec
	}{
		{"lasso/ratio=1e-4", Spec{Alpha: 1}},
		{"lasso/ratio=1e-2", Spec{Alpha: 1, LambdaMinRatio: 0.01}},
		{"elasticnet0.5/ratio=1e-4", Spec{Alpha: 0.5}},
		{"lasso/ratio=1e-4/tol=1e-10", Spec{Alpha: 1, Tol: 1e-10}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var pf *PathFit
			for b.Loop() {
				var err error
				pf, err = bc.s.Path(x, y, models.FitOptions{})
				if err != nil {
					b.Fatal(err)
				}
			}
			passes := 0
			for _, p := range pf.Passes {
				passes += p
			}
			b.ReportMetric(float64(passes), "passes/path")
			b.ReportMetric(float64(pf.NonZero(pf.Len()-1)), "nonzero-at-min")
		})
	}
}

// BenchmarkFit times Fit at one λ, which follows the default sequence
// down to it: λ = 0.01 is about sklearn's C = 0.1 on 864 rows
// (λ = 1/(C·n) ≈ 0.0116).
func BenchmarkFit(b *testing.B) {
	x, y := cohort(864, 500, 1)
	s := Spec{Alpha: 1, Lambda: 1 / (0.1 * 864)}
	for b.Loop() {
		if _, err := s.Fit(x, y, models.FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
