package metrics

import (
	"math"
	"slices"
)

// AUPRC returns the area under the precision–recall curve as average
// precision, AP = Σ_k (R_k − R_{k−1})·P_k, the definition of
// scikit-learn's average_precision_score (Zhu M, Technical report 2004-09,
// University of Waterloo; sklearn.metrics.average_precision_score). The
// thresholds are the distinct values of p in decreasing order; P_k and R_k
// are the precision and recall when every row with p ≥ the k-th threshold
// is called positive, and R_0 = 0. The curve is a step function: there is
// no linear interpolation between points, which would be optimistic.
//
// Ties are handled as in scikit-learn: rows with equal predictions enter
// together at one threshold, so a tied group contributes its recall gain
// times the precision after the whole group is added, whatever the row
// order. AUPRC depends on the prevalence φ (a random model scores about φ);
// DOMAIN.md 7.4 reports it as a secondary measure.
//
// AUPRC panics if the lengths differ. It returns ErrSingleClass when there
// are no events (recall is undefined); with events only it returns 1. It
// returns an error for labels other than 0 or 1 and NaN predictions.
func AUPRC(y, p []float64) (float64, error) {
	if err := checkInputs(y, p); err != nil {
		return math.NaN(), err
	}
	var events float64
	for _, v := range y {
		events += v
	}
	if events == 0 {
		return math.NaN(), ErrSingleClass
	}
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case p[a] > p[b]:
			return -1
		case p[a] < p[b]:
			return 1
		}
		return 0
	})
	var ap, tp, flagged, prevRecall float64
	for i := 0; i < len(order); {
		j := i
		for ; j < len(order) && p[order[j]] == p[order[i]]; j++ {
			tp += y[order[j]]
			flagged++
		}
		recall := tp / events
		ap += (recall - prevRecall) * (tp / flagged)
		prevRecall = recall
		i = j
	}
	return ap, nil
}
