package metrics

import (
	"errors"
	"math"
	"testing"
)

func TestAUPRC(t *testing.T) {
	for _, tc := range []struct {
		name string
		y, p []float64
		want float64
	}{
		{
			// Hand: descending thresholds 0.9 (event): R 1/3, P 1;
			// 0.4 (two events, one non-event, entering together): R 1,
			// P 3/4; 0.1: no recall gain. AP = 1/3·1 + 2/3·3/4 = 5/6.
			// sklearn 1.2.1 average_precision_score gives
			// 0.8333333333333333.
			name: "hand, tied group",
			y:    []float64{0, 1, 1, 0, 1},
			p:    []float64{0.1, 0.4, 0.4, 0.4, 0.9},
			want: 5.0 / 6,
		},
		// sklearn 1.2.1 average_precision_score(y, p), repr():
		{"y30 p30, sklearn", y30, p30, 0.520264532580709},
		{"y40 p40a, sklearn", y40, p40a, 0.7325487012987013},
		{"y40 p40b, sklearn", y40, p40b, 0.6348407927355295},
		{"y50 p50, sklearn", y50, p50, 0.4957897564870999},
		{"perfect", []float64{0, 1, 0, 1}, []float64{0.1, 0.8, 0.2, 0.9}, 1},
		// All tied: one threshold, recall 1 at precision φ.
		{"all equal", []float64{0, 1, 0, 0}, []float64{0.3, 0.3, 0.3, 0.3}, 0.25},
		{"events only", []float64{1, 1}, []float64{0.2, 0.7}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AUPRC(tc.y, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got, tc.want, 1e-14) {
				t.Errorf("AUPRC = %.17g, want %.17g", got, tc.want)
			}
		})
	}
	if got, err := AUPRC([]float64{0, 0}, []float64{0.1, 0.2}); !errors.Is(err, ErrSingleClass) || !math.IsNaN(got) {
		t.Errorf("no events: %v, %v", got, err)
	}
	if _, err := AUPRC([]float64{0, 1}, []float64{0.1, math.NaN()}); err == nil {
		t.Error("NaN prediction: no error")
	}
}

// TestAUPRCRowOrder checks that permuting the rows, tied rows included,
// does not change the result.
func TestAUPRCRowOrder(t *testing.T) {
	want, _ := AUPRC(y50, p50)
	n := len(y50)
	y := make([]float64, n)
	p := make([]float64, n)
	for i := range n {
		j := (i*17 + 5) % n // 17 is coprime with 50: a permutation
		y[i], p[i] = y50[j], p50[j]
	}
	if got, _ := AUPRC(y, p); !near(got, want, 1e-15) {
		t.Errorf("permuted AUPRC = %.17g, want %.17g", got, want)
	}
}
