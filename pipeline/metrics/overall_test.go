package metrics

import (
	"errors"
	"math"
	"testing"
)

func TestScaledBrierNagelkerke(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		y, p                 []float64
		brier, scaled, r2, c float64
	}{
		{
			// Hand: y = 1,0,0,1 and p = 0.8,0.2,0.4,0.6. Brier =
			// (0.04+0.04+0.16+0.16)/4 = 0.1, φ = 0.5, scaled = 1 −
			// 0.1/0.25 = 0.6. ℓ_model = 2 ln 0.8 + 2 ln 0.6, ℓ_null =
			// 4 ln 0.5, so with 2/n = 1/2 the Cox–Snell R² is
			// 1 − exp(−(ln 0.8 + ln 0.6) + 2 ln 0.5) = 1 − 0.25/0.48 =
			// 23/48, its maximum 1 − exp(2 ln 0.5) = 3/4, and Nagelkerke
			// R² = (23/48)/(3/4) = 23/36. AUROC: 4 pairs, all concordant.
			name: "hand",
			y:    []float64{1, 0, 0, 1}, p: []float64{0.8, 0.2, 0.4, 0.6},
			brier: 0.1, scaled: 0.6, r2: 23.0 / 36, c: 1,
		},
		{
			// rms 6.5.0 val.prob(p, y, pl=FALSE) on y50, p50 (R 4.2.2):
			// Brier 0.151487999999999984, R2 0.252545957717861203,
			// C (ROC) 0.774122807017543879. Scaled Brier in R:
			// 1 - mean((p-y)^2)/(phi*(1-phi)) = 0.16947368421052644.
			name: "y50, rms val.prob",
			y:    y50, p: p50,
			brier: 0.151487999999999984, scaled: 0.16947368421052644, r2: 0.252545957717861203, c: 0.774122807017543879,
		},
		{
			// rms 6.5.0 val.prob on y120, p120: Brier
			// 0.172763601833333336, R2 0.221965466941696082; φ = 34/120,
			// so scaled = 1 − Brier/(φ(1−φ)). val.prob prints C (ROC)
			// 0.782147742818057434, which is not the exact AUROC: rms
			// computes it from binned predicted probabilities, which ties
			// some of these 4-decimal predictions. pROC 1.18.0
			// auc(roc(y, p, levels=c(0,1), direction="<")) gives the
			// exact 0.78231874145006841.
			name: "y120, rms val.prob",
			y:    y120, p: p120,
			brier: 0.172763601833333336, scaled: 1 - 0.172763601833333336/(34.0/120*86/120), r2: 0.221965466941696082, c: 0.78231874145006841,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Brier(tc.y, tc.p); !near(got, tc.brier, 1e-15) {
				t.Errorf("Brier = %.17g, want %.17g", got, tc.brier)
			}
			if got, err := ScaledBrier(tc.y, tc.p); err != nil || !near(got, tc.scaled, 1e-14) {
				t.Errorf("ScaledBrier = %.17g, %v; want %.17g", got, err, tc.scaled)
			}
			if got, err := NagelkerkeR2(tc.y, tc.p); err != nil || !near(got, tc.r2, 1e-13) {
				t.Errorf("NagelkerkeR2 = %.17g, %v; want %.17g", got, err, tc.r2)
			}
			if got, _ := AUROC(tc.y, tc.p); !near(got, tc.c, 1e-15) {
				t.Errorf("AUROC = %.17g, want %.17g", got, tc.c)
			}
		})
	}
}

func TestScaledBrierNagelkerkeEdges(t *testing.T) {
	// The prevalence as prediction scores 0 on both.
	y := []float64{1, 0, 0, 0}
	q := []float64{0.25, 0.25, 0.25, 0.25}
	if got, _ := ScaledBrier(y, q); !near(got, 0, 1e-15) {
		t.Errorf("ScaledBrier at prevalence = %v, want 0", got)
	}
	if got, _ := NagelkerkeR2(y, q); !near(got, 0, 1e-15) {
		t.Errorf("NagelkerkeR2 at prevalence = %v, want 0", got)
	}
	// Worse than the prevalence: both negative.
	bad := []float64{0.1, 0.9, 0.9, 0.9}
	if s, _ := ScaledBrier(y, bad); s >= 0 {
		t.Errorf("ScaledBrier of a bad model = %v, want < 0", s)
	}
	if r, _ := NagelkerkeR2(y, bad); r >= 0 {
		t.Errorf("NagelkerkeR2 of a bad model = %v, want < 0", r)
	}
	// Predictions of 0 and 1 are clipped: finite even when wrong.
	if r, err := NagelkerkeR2([]float64{1, 0}, []float64{0, 1}); err != nil || math.IsInf(r, 0) || math.IsNaN(r) {
		t.Errorf("NagelkerkeR2 with 0/1 predictions = %v, %v; want finite", r, err)
	}
	for name, f := range map[string]func([]float64, []float64) (float64, error){"ScaledBrier": ScaledBrier, "NagelkerkeR2": NagelkerkeR2} {
		if _, err := f([]float64{0, 0}, []float64{0.1, 0.2}); !errors.Is(err, ErrSingleClass) {
			t.Errorf("%s, one class: %v", name, err)
		}
		if _, err := f(nil, nil); err == nil {
			t.Errorf("%s, empty: no error", name)
		}
		if _, err := f([]float64{0, 1}, []float64{0.1, 1.5}); err == nil {
			t.Errorf("%s, p > 1: no error", name)
		}
	}
}
