package metrics

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// y30 and p30 are a 30-row example with 8 events and many tied predictions,
// within and across classes (generated once with numpy default_rng(20240607),
// predictions rounded to one decimal to force ties).
var (
	y30 = []float64{1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	p30 = []float64{0.1, 0.1, 0.2, 0.4, 0.0, 0.5, 0.3, 0.2, 0.2, 0.4, 0.2, 0.3, 0.2, 0.6, 0.1, 0.0, 0.5, 0.2, 0.4, 0.2, 0.7, 0.3, 0.5, 0.6, 0.0, 0.3, 0.3, 0.7, 0.3, 0.8}
)

func TestAUROC(t *testing.T) {
	for _, tc := range []struct {
		name string
		y, p []float64
		want float64
	}{
		{
			// Hand computation over the 3x3 event/non-event pairs:
			// events 0.35, 0.8, 0.4 against non-events 0.1, 0.4, 0.4.
			// 0.35 beats 0.1 only: 1; 0.8 beats all: 3; 0.4 beats 0.1 and
			// ties twice: 1+0.5+0.5 = 2. A = 6/9. Midranks: 0.1→1, 0.35→2,
			// 0.4 (x3)→4, 0.8→6; R₁ = 2+6+4 = 12; U = 12 − 3·4/2 = 6.
			name: "hand, ties across classes",
			y:    []float64{0, 0, 1, 1, 0, 1},
			p:    []float64{0.1, 0.4, 0.35, 0.8, 0.4, 0.4},
			want: 6.0 / 9,
		},
		{
			// Hand: events 0.5, 0.5; non-events 0.2, 0.5, 0.9.
			// Each event: beats 0.2 (1), ties 0.5 (0.5), loses to 0.9 (0).
			// A = 2·1.5/6 = 0.5.
			name: "hand, ties within and across classes",
			y:    []float64{1, 0, 1, 0, 0},
			p:    []float64{0.5, 0.2, 0.5, 0.5, 0.9},
			want: 0.5,
		},
		{
			// sklearn 1.2.1 roc_auc_score(y30, p30) gives 0.71306818181818177;
			// R 4.2.2 pROC 1.18.0 auc(roc(y, p, levels=c(0,1),
			// direction="<")) gives 0.71306818181818177. That is U = 125.5
			// over 8·22 = 176 pairs.
			name: "30 rows, sklearn and pROC",
			y:    y30,
			p:    p30,
			want: 125.5 / 176,
		},
		{
			name: "all predictions equal",
			y:    []float64{0, 1, 0, 1, 1},
			p:    []float64{0.3, 0.3, 0.3, 0.3, 0.3},
			want: 0.5,
		},
		{
			name: "perfect separation",
			y:    []float64{0, 0, 1, 1, 0},
			p:    []float64{0.1, 0.2, 0.8, 0.9, 0.3},
			want: 1,
		},
		{
			name: "reversed",
			y:    []float64{1, 1, 0, 0, 1},
			p:    []float64{0.1, 0.2, 0.8, 0.9, 0.3},
			want: 0,
		},
		{
			// Hand: the event (0.4) beats 0.1 and 0.3, loses to 0.7: 2/3.
			name: "single event",
			y:    []float64{0, 1, 0, 0},
			p:    []float64{0.1, 0.4, 0.7, 0.3},
			want: 2.0 / 3,
		},
		{
			// Only the order matters: scores outside [0, 1] are fine.
			name: "risk scores",
			y:    []float64{0, 1, 0, 1},
			p:    []float64{-3, 2, 5, 7},
			want: 0.75,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AUROC(tc.y, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tc.want) > 1e-15 {
				t.Errorf("AUROC = %.17g, want %.17g", got, tc.want)
			}
		})
	}
}

// TestAUROCBruteForce compares the midrank computation with the O(n²)
// definition on the 30-row example.
func TestAUROCBruteForce(t *testing.T) {
	var sum, pairs float64
	for i := range y30 {
		for j := range y30 {
			if y30[i] != 1 || y30[j] != 0 {
				continue
			}
			pairs++
			switch {
			case p30[i] > p30[j]:
				sum++
			case p30[i] == p30[j]:
				sum += 0.5
			}
		}
	}
	got, err := AUROC(y30, p30)
	if err != nil {
		t.Fatal(err)
	}
	if got != sum/pairs {
		t.Errorf("AUROC = %.17g, brute force %.17g", got, sum/pairs)
	}
}

func TestAUROCErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		y, p  []float64
		class bool // want ErrSingleClass
	}{
		{"no events", []float64{0, 0, 0}, []float64{0.1, 0.2, 0.3}, true},
		{"no non-events", []float64{1, 1}, []float64{0.1, 0.2}, true},
		{"empty", nil, nil, true},
		{"bad label", []float64{0, 2, 1}, []float64{0.1, 0.2, 0.3}, false},
		{"NaN prediction", []float64{0, 1, 1}, []float64{0.1, math.NaN(), 0.3}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AUROC(tc.y, tc.p)
			if err == nil {
				t.Fatalf("AUROC = %v, want an error", got)
			}
			if errors.Is(err, ErrSingleClass) != tc.class {
				t.Errorf("error %q: errors.Is(err, ErrSingleClass) = %v, want %v", err, !tc.class, tc.class)
			}
			if !math.IsNaN(got) {
				t.Errorf("AUROC = %v with an error, want NaN", got)
			}
		})
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"AUROC":       func() { AUROC([]float64{0, 1}, []float64{0.5}) },
		"Brier":       func() { Brier([]float64{0, 1}, []float64{0.5}) },
		"BrierMetric": func() { BrierMetric.Compute([]float64{0, 1}, []float64{0.5}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.HasPrefix(msg, "metrics: ") {
					t.Errorf("panic value %v, want a message starting with %q", r, "metrics: ")
				}
			}()
			f()
		})
	}
}

func TestBrier(t *testing.T) {
	for _, tc := range []struct {
		name string
		y, p []float64
		want float64
	}{
		// Hand: (0.1² + 0.2² + 0.3² + 0.6²)/4 = (0.01+0.04+0.09+0.36)/4 = 0.125.
		{"hand", []float64{0, 1, 0, 1}, []float64{0.1, 0.8, 0.3, 0.4}, 0.125},
		{"perfect", []float64{0, 1}, []float64{0, 1}, 0},
		{"all wrong", []float64{0, 1}, []float64{1, 0}, 1},
		// The prevalence as prediction scores φ(1−φ) = 0.25·0.75.
		{"prevalence", []float64{1, 0, 0, 0}, []float64{0.25, 0.25, 0.25, 0.25}, 0.1875},
		// sklearn 1.2.1 brier_score_loss(y30, p30) gives 0.17399999999999999;
		// R 4.2.2 mean((p-y)^2) gives 0.17400000000000002. Exactly: the
		// squared errors sum to 5.22 in hundredths, 5.22/30 = 0.174.
		{"30 rows, sklearn and R", y30, p30, 0.174},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Brier(tc.y, tc.p)
			if math.Abs(got-tc.want) > 1e-15 {
				t.Errorf("Brier = %.17g, want %.17g", got, tc.want)
			}
			m, err := BrierMetric.Compute(tc.y, tc.p)
			if err != nil || m != got {
				t.Errorf("BrierMetric.Compute = %v, %v; want %v, nil", m, err, got)
			}
		})
	}
	if got := Brier(nil, nil); !math.IsNaN(got) {
		t.Errorf("Brier(nil, nil) = %v, want NaN", got)
	}
	if _, err := BrierMetric.Compute(nil, nil); err == nil {
		t.Error("BrierMetric.Compute(nil, nil): no error")
	}
	if _, err := BrierMetric.Compute([]float64{0, 0.5}, []float64{0, 1}); err == nil {
		t.Error("BrierMetric.Compute with label 0.5: no error")
	}
}

func TestByName(t *testing.T) {
	for _, name := range Names() {
		m, ok := ByName(name)
		if !ok || m.Name() != name {
			t.Errorf("ByName(%q) = %v, %v", name, m, ok)
		}
	}
	for name, want := range map[string]Metric{"auroc": AUROCMetric, "brier": BrierMetric} {
		if m, ok := ByName(name); !ok || m != want {
			t.Errorf("ByName(%q) = %v, %v; want %v", name, m, ok, want)
		}
	}
	if m, ok := ByName("AUROC"); ok {
		t.Errorf("ByName(%q) = %v, want none (names are lower case)", "AUROC", m)
	}
	got, err := AUROCMetric.Compute(y30, p30)
	if want, _ := AUROC(y30, p30); err != nil || got != want {
		t.Errorf("AUROCMetric.Compute = %v, %v; want %v", got, err, want)
	}
}

func TestMidranks(t *testing.T) {
	got := midranks([]float64{0.4, 0.1, 0.4, 0.8, 0.4, 0.1})
	// Hand: 0.1 x2 → ranks 1,2 → 1.5; 0.4 x3 → ranks 3,4,5 → 4; 0.8 → 6.
	want := []float64{4, 1.5, 4, 6, 4, 1.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("midranks = %v, want %v", got, want)
		}
	}
}
