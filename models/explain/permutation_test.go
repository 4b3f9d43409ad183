package explain

import (
	"errors"
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/forest"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
)

// negBrier is minus the Brier score: larger is better.
func negBrier(y, p []float64) (float64, error) {
	var s float64
	for i := range y {
		s += (y[i] - p[i]) * (y[i] - p[i])
	}
	return -s / float64(len(y)), nil
}

// halfX0 predicts x₀/2 and ignores the other columns.
type halfX0 struct{}

func (halfX0) PredictProba(X *mat.Dense) []float64 {
	n, _ := X.Dims()
	p := make([]float64, n)
	for i := range p {
		p[i] = X.At(i, 0) / 2
	}
	return p
}

// TestPermutationEnumerable checks the drops on 3 rows, where every
// shuffle can be enumerated. With x₀ = (0, 1, 2), p = x₀/2 and y = (0, 0, 1)
// the squared errors sum to 0.25 unshuffled; the 6 orders of x₀ give sums
// 0.25 (twice), 1.25 (twice) and 2.25 (twice), so a repeat's drop in minus
// the Brier score, (sum − 0.25)/3, is 0, 1/3 or 2/3, each with probability
// 1/3, and the expected importance is 1/3 (SD √(2/27) ≈ 0.272 per repeat).
func TestPermutationEnumerable(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{0, 5, 1, 6, 2, 7})
	y := []float64{0, 0, 1}
	const repeats = 3000
	imp, err := PermutationImportance(halfX0{}, X, y, negBrier, repeats, 1)
	if err != nil {
		t.Fatal(err)
	}
	count := map[float64]int{}
	for _, d := range imp[0].Drops {
		k := math.Round(d * 3)
		if math.Abs(d-k/3) > 1e-15 || k < 0 || k > 2 {
			t.Fatalf("drop %v is not 0, 1/3 or 2/3", d)
		}
		count[k]++
	}
	for k := range 3 {
		// Binomial(3000, 1/3): SD 25.8; allow 5 SD.
		if c := count[float64(k)]; math.Abs(float64(c)-repeats/3.0) > 130 {
			t.Errorf("drop %d/3 in %d of %d repeats, expected about %d", k, c, repeats, repeats/3)
		}
	}
	// Mean 1/3, standard error 0.272/√3000 ≈ 0.005.
	if math.Abs(imp[0].Mean-1.0/3) > 0.025 {
		t.Errorf("mean drop %v, expected about 1/3", imp[0].Mean)
	}
	if math.Abs(imp[0].SD-math.Sqrt(2.0/27)) > 0.02 {
		t.Errorf("SD %v, expected about %v", imp[0].SD, math.Sqrt(2.0/27))
	}
	// The ignored column has drop exactly 0 in every repeat.
	if imp[1].Mean != 0 || imp[1].SD != 0 {
		t.Errorf("the ignored column has importance %v ± %v", imp[1].Mean, imp[1].SD)
	}
	for _, d := range imp[1].Drops {
		if d != 0 {
			t.Fatalf("the ignored column has a drop %v", d)
		}
	}
}

// TestPermutationSD checks Mean and SD against numpy.mean and numpy.std
// (ddof=0, as scikit-learn's importances_std) of the drops.
func TestPermutationSD(t *testing.T) {
	// np.mean([1, 2, 4]) = 2.3333333333333335,
	// np.std([1, 2, 4]) = 1.247219128924647
	s := summarise([]float64{1, 2, 4})
	if math.Abs(s.Mean-2.3333333333333335) > 1e-15 || math.Abs(s.SD-1.247219128924647) > 1e-15 {
		t.Errorf("mean %v SD %v", s.Mean, s.SD)
	}
}

func TestPermutationModels(t *testing.T) {
	X, y := cohort(1, 400)
	Xt, yt := cohort(2, 200) // held-out rows
	orig := mat.DenseCopyOf(Xt)
	for _, spec := range []models.Spec{logistic.Spec{Lambda: 1}, forest.Spec{Trees: 100, Workers: 2}} {
		m, err := spec.Fit(X, y, models.FitOptions{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		imp, err := PermutationImportance(m, Xt, yt, negBrier, 5, 7)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(Xt, orig) {
			t.Fatal("X was modified")
		}
		means := make([]float64, len(imp))
		for j, v := range imp {
			means[j] = v.Mean
		}
		t.Logf("%s: mean drops %.4f", spec.Name(), means)
		// Column 0 carries most of the signal; column 4 is constant, so
		// shuffling it changes nothing.
		for j := 1; j < 5; j++ {
			if means[0] <= means[j] {
				t.Errorf("%s: column 0 (%v) is not above column %d (%v)", spec.Name(), means[0], j, means[j])
			}
		}
		if imp[4].Mean != 0 || imp[4].SD != 0 {
			t.Errorf("%s: the constant column has importance %v ± %v", spec.Name(), imp[4].Mean, imp[4].SD)
		}
		// Deterministic under the seed, whatever the number of goroutines.
		prev := runtime.GOMAXPROCS(1)
		again, err := PermutationImportance(m, Xt, yt, negBrier, 5, 7)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		for j := range imp {
			for r := range imp[j].Drops {
				if imp[j].Drops[r] != again[j].Drops[r] {
					t.Fatalf("%s: column %d repeat %d: %v, then %v with one goroutine", spec.Name(), j, r, imp[j].Drops[r], again[j].Drops[r])
				}
			}
		}
	}
}

func TestPermutationScoreError(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{0, 5, 1, 6, 2, 7})
	boom := errors.New("boom")
	calls := 0
	score := func(y, p []float64) (float64, error) {
		calls++
		if calls > 1 {
			return 0, boom
		}
		return 0, nil
	}
	prev := runtime.GOMAXPROCS(1) // score counts its calls: one goroutine
	defer runtime.GOMAXPROCS(prev)
	if _, err := PermutationImportance(halfX0{}, X, []float64{0, 0, 1}, score, 2, 1); !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
}
