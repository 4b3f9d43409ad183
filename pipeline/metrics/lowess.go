package metrics

import "math"

// Lowess settings of the smoothed calibration curve: R's stats::lowess
// defaults for the span and delta, without robustness iterations.
const (
	// LowessSpan is the share of the rows in each local fit (R's f).
	LowessSpan = 2.0 / 3
	// LowessDeltaShare times the range of p is R's default delta: local
	// fits are computed only at points at least that far apart, and the
	// points between are interpolated linearly.
	LowessDeltaShare = 0.01
)

// lowessRows smooths y on x by locally weighted linear regression with
// tricube weights (Cleveland WS. J Am Stat Assoc 1979;74:829) and returns
// the fitted value of every row, in row order. It reproduces R's
// lowess(x, y, f = LowessSpan, iter = 0) (stats 4.2.2, delta
// 0.01·diff(range(x))), whose values come sorted by x: rows are put in the
// stable order of x, as R's order() does, because the window boundaries
// and summation order of tied x depend on it. len(x) must equal len(y) and
// x must not hold NaN.
func lowessRows(x, y []float64) []float64 {
	n := len(x)
	order := stableOrder(x)
	xs := make([]float64, n)
	ysrc := make([]float64, n)
	for k, i := range order {
		xs[k], ysrc[k] = x[i], y[i]
	}
	fit := lowessSorted(xs, ysrc, LowessSpan, lowessDelta(xs))
	out := make([]float64, n)
	for k, i := range order {
		out[i] = fit[k]
	}
	return out
}

// lowessDelta is R's default delta for sorted x: 0.01 times the range.
func lowessDelta(sorted []float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return LowessDeltaShare * (sorted[len(sorted)-1] - sorted[0])
}

// lowessSorted is Cleveland's lowess without robustness iterations on x
// sorted ascending: the fitted value at x[i] is the weighted least-squares
// line through the ns = max(2, min(n, ⌊f·n + 1e−7⌋)) nearest points
// (extended to all ties of the farthest one), with tricube weights
// (1 − (d/h)³)³ of the distance d relative to the largest distance h, weight
// 1 within 0.001·h and 0 beyond 0.999·h. When the weighted spread of x is
// below 0.001 of its range the local fit is a weighted mean. Points
// closer than delta to the last fitted point are not fitted but
// interpolated linearly; ties of a fitted point share its value.
//
// Explicit float64 conversions keep the compiler from fusing
// multiply-adds, so the result is the same on every architecture.
func lowessSorted(x, y []float64, f, delta float64) []float64 {
	n := len(x)
	fit := make([]float64, n)
	if n == 0 {
		return fit
	}
	if n == 1 {
		fit[0] = y[0]
		return fit
	}
	ns := max(2, min(n, int(f*float64(n)+1e-7)))
	w := make([]float64, n)
	left, right := 0, ns-1 // the window, inclusive
	last := -1             // the last point fitted
	i := 0                 // the point to fit next
	for {
		// Slide the window right while that brings it closer to x[i].
		if right < n-1 && x[i]-x[left] > x[right+1]-x[i] {
			left++
			right++
			continue
		}
		if v, ok := lowessLocal(x, y, x[i], left, right, w); ok {
			fit[i] = v
		} else {
			fit[i] = y[i]
		}
		if last < i-1 {
			span := x[i] - x[last]
			for j := last + 1; j < i; j++ {
				alpha := (x[j] - x[last]) / span
				fit[j] = float64(alpha*fit[i]) + float64((1-alpha)*fit[last])
			}
		}
		last = i
		// Skip the points within delta of the last fit; ties share its value.
		cut := x[last] + delta
		for i = last + 1; i < n; i++ {
			if x[i] > cut {
				break
			}
			if x[i] == x[last] {
				fit[i] = fit[last]
				last = i
			}
		}
		i = max(last+1, i-1)
		if last >= n-1 {
			break
		}
	}
	return fit
}

// lowessLocal returns the local linear fit at xs from the window
// x[left..right] and any ties beyond right, using w as scratch space. ok is
// false when every weight is zero.
func lowessLocal(x, y []float64, xs float64, left, right int, w []float64) (v float64, ok bool) {
	n := len(x)
	rng := x[n-1] - x[0]
	h := math.Max(xs-x[left], x[right]-xs)
	h9, h1 := 0.999*h, 0.001*h
	var sum float64
	j := left
	for ; j < n; j++ {
		w[j] = 0
		r := math.Abs(x[j] - xs)
		if r <= h9 {
			if r <= h1 {
				w[j] = 1
			} else {
				q := r / h
				t := 1 - float64(q*q*q)
				w[j] = t * t * t
			}
			sum += w[j]
		} else if x[j] > xs {
			break
		}
	}
	end := j - 1 // the rightmost point, past right when x[right] has ties
	if sum <= 0 {
		return 0, false
	}
	for j := left; j <= end; j++ {
		w[j] /= sum
	}
	if h > 0 {
		var mean float64
		for j := left; j <= end; j++ {
			mean += float64(w[j] * x[j])
		}
		b := xs - mean
		var c float64
		for j := left; j <= end; j++ {
			d := x[j] - mean
			c += float64(w[j] * float64(d*d))
		}
		if math.Sqrt(c) > 0.001*rng {
			b /= c
			for j := left; j <= end; j++ {
				w[j] *= float64(b*(x[j]-mean)) + 1
			}
		}
	}
	for j := left; j <= end; j++ {
		v += float64(w[j] * y[j])
	}
	return v, true
}
