package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrSingleClass is returned when y holds events only or non-events only, so
// a discrimination measure is undefined.
var ErrSingleClass = errors.New("metrics: y holds one class only; the measure needs both events and non-events")

// AUROC returns the area under the ROC curve, the C-statistic: the
// probability that a randomly chosen event has a higher predicted
// probability than a randomly chosen non-event, ties counted as 1/2
// (DOMAIN.md 7.5). y holds 0/1 labels and p the predictions, of equal
// length; only the order of p matters, so p may be any risk score.
//
// It is computed in O(n log n) from the midranks of p (the Mann-Whitney U
// statistic): A = (R₁ − m(m+1)/2) / (m·n₀), where R₁ is the sum of the
// midranks of the m events and n₀ is the number of non-events. The sums
// hold halves of integers only, so the result is exact up to the final
// division.
//
// AUROC panics if the lengths differ. It returns ErrSingleClass when there
// are no events or no non-events, and an error when a label is not 0 or 1
// or a prediction is NaN.
func AUROC(y, p []float64) (float64, error) {
	if err := checkInputs(y, p); err != nil {
		return math.NaN(), err
	}
	r := midranks(p)
	var events, rankSum float64
	for i, v := range y {
		if v == 1 {
			events++
			rankSum += r[i]
		}
	}
	nonEvents := float64(len(y)) - events
	if events == 0 || nonEvents == 0 {
		return math.NaN(), ErrSingleClass
	}
	u := rankSum - events*(events+1)/2
	return u / (events * nonEvents), nil
}

// midranks returns the 1-based ranks of x in ascending order, tied values
// sharing the mean of the ranks they occupy. x must not hold NaN.
func midranks(x []float64) []float64 {
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(x))
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && x[order[j]] == x[order[i]] {
			j++
		}
		// Positions i..j-1 (0-based) hold ranks i+1..j; their mean is (i+1+j)/2.
		mid := float64(i+1+j) / 2
		for k := i; k < j; k++ {
			r[order[k]] = mid
		}
		i = j
	}
	return r
}

// checkInputs panics on a length mismatch and reports labels that are not
// 0 or 1 and predictions that are NaN.
func checkInputs(y, p []float64) error {
	if len(y) != len(p) {
		panic(fmt.Sprintf("metrics: y and p have different lengths (%d and %d)", len(y), len(p)))
	}
	for i, v := range y {
		if v != 0 && v != 1 {
			return fmt.Errorf("metrics: label %d is %v; labels must be 0 or 1", i, v)
		}
		if math.IsNaN(p[i]) {
			return fmt.Errorf("metrics: prediction %d is NaN", i)
		}
	}
	return nil
}
