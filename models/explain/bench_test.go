package explain

import (
	"math"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/forest"
)

// wide returns n rows of a cohort-like design of p columns: 20 continuous,
// the rest sparse 0/1 indicators (5% ones), the outcome driven by a few.
func wide(seed uint64, n, p int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		row := X.RawRowView(i)
		for j := range row {
			if j < 20 {
				row[j] = rng.NormFloat64()
			} else if rng.Float64() < 0.05 {
				row[j] = 1
			}
		}
		if row[0]+0.5*row[1]+row[20]+0.3*rng.NormFloat64() > 0.8 {
			y[i] = 1
		}
	}
	return X, y
}

// BenchmarkForestSHAP explains 200 rows × 500 columns with the default
// 500-tree forest grown on trainRows rows.
func BenchmarkForestSHAP(b *testing.B) {
	for _, trainRows := range []int{200, 1000} {
		X, y := wide(1, trainRows, 500)
		m, err := forest.Spec{}.Fit(X, y, models.FitOptions{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		e, err := FromForest(m.(*forest.Model))
		if err != nil {
			b.Fatal(err)
		}
		Xt, _ := wide(2, 200, 500)
		b.Run(map[int]string{200: "train200", 1000: "train1000"}[trainRows], func(b *testing.B) {
			for b.Loop() {
				e.SHAP(Xt, 0)
			}
		})
	}
}

// cpuTime returns the user and system CPU time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestForestSHAPTime times the explanation of 200 rows × 500 columns by the
// default 500-tree forest grown on 1000 rows (fully grown trees about 40
// splits deep), checks it against Algorithm 2 on 5 rows, and fails past
// 60 CPU seconds (it takes about 2 on an AMD EPYC).
func TestForestSHAPTime(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	X, y := wide(1, 1000, 500)
	m, err := forest.Spec{}.Fit(X, y, models.FitOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromForest(m.(*forest.Model))
	if err != nil {
		t.Fatal(err)
	}
	Xt, _ := wide(2, 200, 500)
	wall, cpu := time.Now(), cpuTime()
	phi := e.SHAP(Xt, 0)
	t.Logf("500 trees (max depth %d), 200 rows × 500 columns: %v wall, %v CPU on %d goroutines",
		e.maxDepth, time.Since(wall).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond), runtime.GOMAXPROCS(0))
	if el := cpuTime() - cpu; el > 60*time.Second {
		t.Errorf("TreeSHAP took %v CPU", el)
	}
	checkLocalAccuracy(t, e, Xt, m.PredictProba(Xt))
	few := mat.DenseCopyOf(Xt.Slice(0, 5, 0, 500))
	cpu = cpuTime()
	ref := e.shapAlg2(few)
	t.Logf("Algorithm 2 on 5 of the rows: %v CPU", (cpuTime() - cpu).Round(time.Millisecond))
	var worst float64
	for i := range 5 {
		for j := range 500 {
			worst = max(worst, math.Abs(ref.At(i, j)-phi.At(i, j)))
		}
	}
	// Algorithm 2's unwinding divides at every level and loses about
	// 1e-10 of local accuracy on these 40-deep trees.
	if worst > 1e-9 {
		t.Errorf("SHAP and Algorithm 2 differ by up to %v", worst)
	}
	t.Logf("largest difference from Algorithm 2: %.2g", worst)
}
