package report

import (
	"slices"

	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// Point is a point of a curve, in the curve's own units (rates or
// probabilities, not pixels).
type Point struct{ X, Y float64 }

// rocCurve returns the ROC curve of predictions p for 0/1 labels y: the
// points (1 − specificity, sensitivity) when every row with p ≥ t is called
// positive, for each distinct t in decreasing order, from (0, 0) to (1, 1).
// Tied predictions enter together, so the trapezoidal area under the
// points equals the AUROC with ties counted one half (DOMAIN.md 7.5).
// Points on a straight horizontal or vertical run are merged: the curve
// keeps its corners only. It returns nil without both classes.
func rocCurve(y, p []float64) []Point {
	order, events, nonEvents := sortedDesc(y, p)
	if events == 0 || nonEvents == 0 {
		return nil
	}
	pts := []Point{{0, 0}}
	var tp, fp float64
	for i := 0; i < len(order); {
		j := i
		for ; j < len(order) && p[order[j]] == p[order[i]]; j++ {
			if y[order[j]] == 1 {
				tp++
			} else {
				fp++
			}
		}
		pts = appendCorner(pts, Point{fp / nonEvents, tp / events})
		i = j
	}
	return pts
}

// prCurve returns the precision–recall curve as the step function of
// average precision (the estimator of metrics.AUPRC): one point (recall,
// precision) per distinct threshold in decreasing order, starting at
// recall 0 with the precision of the first threshold. Drawn as steps
// (precision holds until the next recall), the area equals the AUPRC.
func prCurve(y, p []float64) []Point {
	order, events, _ := sortedDesc(y, p)
	if events == 0 {
		return nil
	}
	var pts []Point
	var tp, flagged float64
	for i := 0; i < len(order); {
		j := i
		for ; j < len(order) && p[order[j]] == p[order[i]]; j++ {
			tp += y[order[j]]
			flagged++
		}
		if len(pts) == 0 {
			pts = append(pts, Point{0, tp / flagged})
		}
		pts = append(pts, Point{tp / events, tp / flagged})
		i = j
	}
	return pts
}

func sortedDesc(y, p []float64) (order []int, events, nonEvents float64) {
	order = make([]int, len(p))
	for i := range order {
		order[i] = i
		if y[i] == 1 {
			events++
		} else {
			nonEvents++
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p[a] > p[b]:
			return -1
		case p[a] < p[b]:
			return 1
		}
		return 0
	})
	return order, events, nonEvents
}

// appendCorner appends q, replacing the last point when the last two points
// and q lie on one horizontal or vertical line.
func appendCorner(pts []Point, q Point) []Point {
	if n := len(pts); n >= 2 {
		a, b := pts[n-2], pts[n-1]
		if a.X == b.X && b.X == q.X || a.Y == b.Y && b.Y == q.Y {
			pts[n-1] = q
			return pts
		}
	}
	return append(pts, q)
}

// trapezoid returns the area under the polyline pts.
func trapezoid(pts []Point) float64 {
	var a float64
	for i := 1; i < len(pts); i++ {
		a += (pts[i].X - pts[i-1].X) * (pts[i].Y + pts[i-1].Y) / 2
	}
	return a
}

// cutCounts is the 2×2 table of a score's rule "category at or above a cut
// is positive".
type cutCounts struct {
	Cut            string // the lowest category called positive
	TP, FP, FN, TN int
}

// scoreCuts returns the 2×2 table at every cut between a score's risk
// categories (ordered low to high, as in metrics.json). Tables with a
// count from 1 to SmallCell−1 are left out (small-cell suppression: a
// point on a figure discloses its counts as surely as a table cell).
func scoreCuts(cats []pipeline.CategoryCount) []cutCounts {
	var events, total int
	for _, c := range cats {
		events += c.Events
		total += c.N
	}
	var out []cutCounts
	for k := len(cats) - 1; k >= 1; k-- {
		var tp, pos int
		for _, c := range cats[k:] {
			tp += c.Events
			pos += c.N
		}
		cc := cutCounts{Cut: cats[k].Category, TP: tp, FP: pos - tp, FN: events - tp, TN: total - events - (pos - tp)}
		if small(cc.TP) || small(cc.FP) || small(cc.FN) || small(cc.TN) {
			continue
		}
		out = append(out, cc)
	}
	return out
}

func small(n int) bool { return n > 0 && n < SmallCell }
