package glmnet

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// maxSparseFraction is the largest fraction of rows that differ from a
// column's most common value for the column to be stored sparse: a
// gathered dot product in Go costs about as much per stored row as a few
// rows of gonum's vectorised dense one, but keeps the design in cache.
// A variable so that tests can force either storage.
var maxSparseFraction = 0.3

// column is one prepared column x̃ⱼ of the design, centred (and scaled).
// A dense column stores every row in val. A sparse column, typical of
// 0/1 indicators, stores its most common value base and, for the rows in
// idx only, the differences val = x̃ − base: x̃ᵢ = base + val[k] when
// i = idx[k] and base otherwise.
type column struct {
	base float64
	idx  []int32 // nil for a dense column
	val  []float64
	vx   []float64 // v∘x̃ (dense) or v∘val (sparse) for the current working weights
}

func (c *column) sparse() bool { return c.idx != nil }

// newColumn centres raw (the column of X on the rows of positive weight,
// which it may overwrite) on the weighted mean, scales it when standardize,
// and chooses its storage. It returns the column, the mean, the scale and
// whether the column is constant.
func newColumn(raw, w []float64, standardize bool) (c column, mean, scale float64, constant bool) {
	n := len(raw)
	// Boyer-Moore majority vote: the value held by more than half of the
	// rows, if any.
	var cand float64
	count := 0
	for _, v := range raw {
		switch {
		case count == 0:
			cand, count = v, 1
		case v == cand:
			count++
		default:
			count--
		}
	}
	count = 0
	for _, v := range raw {
		if v == cand {
			count++
		}
	}
	if count == n {
		return column{}, cand, 1, true
	}
	mean = floats.Dot(w, raw)
	scale = 1
	if standardize {
		var ss float64
		for i, v := range raw {
			d := v - mean
			ss += w[i] * d * d
		}
		scale = math.Sqrt(ss)
	}
	if float64(n-count) <= maxSparseFraction*float64(n) {
		c.base = (cand - mean) / scale
		c.idx = make([]int32, 0, n-count)
		c.val = make([]float64, 0, n-count)
		for i, v := range raw {
			if v != cand {
				c.idx = append(c.idx, int32(i))
				c.val = append(c.val, (v-cand)/scale)
			}
		}
		c.vx = make([]float64, len(c.idx))
		return c, mean, scale, false
	}
	c.val = raw
	for i, v := range raw {
		c.val[i] = (v - mean) / scale
	}
	c.vx = make([]float64, n)
	return c, mean, scale, false
}
