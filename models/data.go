package models

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// CheckWeights returns an error for case weights of the wrong length or
// not finite and >= 0, and ErrSingleClass when the rows of positive weight
// hold one class only. Nil weights (all 1) are valid.
func CheckWeights(w, y []float64) error {
	if w == nil {
		return nil
	}
	if len(w) != len(y) {
		return fmt.Errorf("models: %d weights for %d rows", len(w), len(y))
	}
	var pos, neg float64
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 1) {
			return fmt.Errorf("models: weight %d is %v; weights must be finite and >= 0", i, v)
		}
		if y[i] == 1 {
			pos += v
		} else {
			neg += v
		}
	}
	if pos == 0 || neg == 0 {
		return ErrSingleClass
	}
	return nil
}

// StratifiedFolds assigns each row a fold in 0..k-1 for the internal
// cross-validation of a model (tuning, recalibration): the rows of each
// class are shuffled with a generator seeded by seed and dealt to the folds
// in turn, the deal continuing from one class to the other, so every fold
// holds floor(n_c/k) or ceil(n_c/k) rows of class c. It is an error when a
// class has fewer than k rows.
func StratifiedFolds(y []float64, k int, seed uint64) ([]int, error) {
	var pos, neg []int
	for i, v := range y {
		if v == 1 {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	if len(pos) < k || len(neg) < k {
		return nil, fmt.Errorf("models: %d events and %d non-events cannot fill %d internal folds; use fewer folds", len(pos), len(neg), k)
	}
	rng := rand.New(rand.NewPCG(seed, 0x666f6c6473)) // "folds"
	fold := make([]int, len(y))
	c := 0
	for _, class := range [][]int{neg, pos} {
		rng.Shuffle(len(class), func(a, b int) { class[a], class[b] = class[b], class[a] })
		for _, i := range class {
			fold[i] = c % k
			c++
		}
	}
	return fold, nil
}

// Rows returns copies of the rows idx of X, y and w (y and w may be nil).
func Rows(X *mat.Dense, y, w []float64, idx []int) (*mat.Dense, []float64, []float64) {
	_, p := X.Dims()
	x := mat.NewDense(len(idx), p, nil)
	var ys, ws []float64
	for r, i := range idx {
		copy(x.RawRowView(r), X.RawRowView(i))
		if y != nil {
			ys = append(ys, y[i])
		}
		if w != nil {
			ws = append(ws, w[i])
		}
	}
	return x, ys, ws
}

// Deviance is the weighted mean binomial deviance -2·Σ w·loglik / Σ w of
// predictions p for 0/1 labels y (nil w: all 1), with p clipped to
// [1e-15, 1-1e-15] so a certain wrong prediction costs a finite amount. It
// is the criterion of internal tuning (cv.glmnet's type.measure =
// "deviance").
func Deviance(y, p, w []float64) float64 {
	var sum, wsum float64
	for i := range y {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		pi := math.Min(math.Max(p[i], 1e-15), 1-1e-15)
		if y[i] == 1 {
			sum -= 2 * wi * math.Log(pi)
		} else {
			sum -= 2 * wi * math.Log(1-pi)
		}
		wsum += wi
	}
	return sum / wsum
}

// Split returns the row indices in and out of fold f.
func Split(fold []int, f int) (in, out []int) {
	for i, fi := range fold {
		if fi == f {
			in = append(in, i)
		} else {
			out = append(out, i)
		}
	}
	return in, out
}
