package explain

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Importance is the permutation importance of one column.
type Importance struct {
	// Mean is the mean over the repeats of Drops.
	Mean float64
	// SD is the standard deviation of Drops with divisor len(Drops), as
	// scikit-learn's importances_std (numpy.std).
	SD float64
	// Drops holds, per repeat, the score of the unshuffled rows minus the
	// score with the column shuffled: positive when the model needs the
	// column.
	Drops []float64
}

// PermutationImportance returns, for each column of X, the drop in score
// when the column's values are shuffled among the rows, over repeats
// shuffles (scikit-learn's sklearn.inspection.permutation_importance).
// score(y, p) scores the probabilities p of m for labels y, larger is
// better (the AUROC, or minus the Brier score); it is called from several
// goroutines at once, and m.PredictProba too, so both must be safe for
// concurrent use (the models of this module are).
//
// X and y must be held-out rows: the test fold of the resample m was
// fitted in. On the training rows the importance measures what m
// memorised rather than what generalises.
//
// A column m ignores gets exactly 0 in every repeat. The shuffles of
// column j come from a PCG stream seeded with (seed, j), so the result
// depends on seed only, not on the number of goroutines. X is not
// modified. A score error is returned with its column; PermutationImportance
// panics if y does not have one label per row or repeats < 1.
func PermutationImportance(m models.Model, X *mat.Dense, y []float64, score func(y, p []float64) (float64, error), repeats int, seed uint64) ([]Importance, error) {
	n, p := X.Dims()
	if len(y) != n {
		panic("explain: X and y have different numbers of rows")
	}
	if repeats < 1 {
		panic("explain: repeats < 1")
	}
	base, err := score(y, m.PredictProba(X))
	if err != nil {
		return nil, fmt.Errorf("explain: scoring the unshuffled rows: %w", err)
	}
	out := make([]Importance, p)
	errs := make([]error, p)
	// One copy of X per goroutine, each column shuffled and restored in
	// turn.
	workers := min(runtime.GOMAXPROCS(0), p)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Xp := mat.DenseCopyOf(X)
			col := make([]float64, n)
			for {
				j := int(next.Add(1)) - 1
				if j >= p {
					return
				}
				mat.Col(col, j, X)
				drops := make([]float64, repeats)
				if constant(col) {
					// Shuffling a constant column changes nothing: the
					// drop is exactly 0, no prediction needed.
					out[j] = summarise(drops)
					continue
				}
				pcg := rand.NewPCG(seed, uint64(j))
				for r := range drops {
					shuffle(col, pcg)
					Xp.SetCol(j, col)
					s, err := score(y, m.PredictProba(Xp))
					if err != nil {
						errs[j] = fmt.Errorf("explain: scoring with column %d shuffled: %w", j, err)
						break
					}
					drops[r] = base - s
				}
				mat.Col(col, j, X)
				Xp.SetCol(j, col)
				out[j] = summarise(drops)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// constant reports whether every value of v is the same (NaN counts as a
// value of its own).
func constant(v []float64) bool {
	for _, x := range v[1:] {
		if x != v[0] && !(math.IsNaN(x) && math.IsNaN(v[0])) {
			return false
		}
	}
	return true
}

// summarise returns the mean and SD (divisor len(d)) of the drops d.
func summarise(d []float64) Importance {
	var mean float64
	for _, v := range d {
		mean += v
	}
	mean /= float64(len(d))
	var ss float64
	for _, v := range d {
		ss += (v - mean) * (v - mean)
	}
	return Importance{Mean: mean, SD: math.Sqrt(ss / float64(len(d))), Drops: d}
}

// shuffle permutes v uniformly (Fisher–Yates) with numbers from src drawn
// by Lemire's method, written out here so that a change in math/rand's
// helpers between Go releases cannot change the shuffles.
func shuffle(v []float64, src *rand.PCG) {
	for i := len(v) - 1; i > 0; i-- {
		j := uniform(src, uint64(i+1))
		v[i], v[j] = v[j], v[i]
	}
}

// uniform returns a uniform integer in [0, n) for n > 0 (Lemire, "Fast
// random integer generation in an interval", 2019).
func uniform(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}
