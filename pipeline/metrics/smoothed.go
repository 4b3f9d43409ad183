package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
)

// CalibrationErrors summarises the absolute differences |p − p̂c| between
// the predictions and the smoothed observed risk p̂c, over the rows (Austin
// PC, Steyerberg EW. Stat Med 2019;38:4051).
type CalibrationErrors struct {
	// ICI, the integrated calibration index, is the mean difference.
	ICI float64
	// E50 and E90 are the median and the 90th percentile of the
	// differences (R's quantile type 7), Emax their maximum.
	E50, E90, Emax float64
}

// SmoothedObserved returns p̂c, the smoothed observed risk at each row's
// prediction, in row order: the lowess smooth of y on p with span 2/3, no
// robustness iterations and delta 0.01·range(p), exactly R's
// lowess(p, y, iter = 0) as rms::val.prob uses it. Austin & Steyerberg
// (2019) used loess (R's loess, a different implementation of local
// regression with quadratic fits by default); lowess is what rms reports
// as Eavg/E90/Emax, and its values can be checked to the last digit.
// Robustness iterations are off because with a 0/1 outcome they would
// down-weight the events as outliers.
//
// p is smoothed on the probability scale as given, not clipped. The result
// may fall slightly outside [0, 1] where the local line extrapolates. With
// all predictions equal, p̂c is the prevalence at every row.
//
// It panics if the lengths differ and returns an error for empty input,
// labels other than 0 or 1 and predictions outside [0, 1] or NaN.
func SmoothedObserved(y, p []float64) ([]float64, error) {
	if err := checkProbabilities(y, p); err != nil {
		return nil, err
	}
	if len(y) == 0 {
		return nil, errEmpty
	}
	return lowessRows(p, y), nil
}

// IntegratedCalibration returns the ICI, E50, E90 and Emax of predictions
// p for outcomes y: summaries of |p_i − p̂c_i| with p̂c from
// SmoothedObserved (Austin PC, Steyerberg EW. Stat Med 2019;38:4051;
// DOMAIN.md 7.5). The values equal rms::val.prob's Eavg, E90 and Emax
// (rms 6.5.0). It has the errors of SmoothedObserved; a single outcome
// class is allowed (p̂c is then 0 or 1 everywhere).
func IntegratedCalibration(y, p []float64) (CalibrationErrors, error) {
	pc, err := SmoothedObserved(y, p)
	if err != nil {
		nan := math.NaN()
		return CalibrationErrors{nan, nan, nan, nan}, err
	}
	return calibrationErrors(p, pc), nil
}

func calibrationErrors(p, pc []float64) CalibrationErrors {
	d := make([]float64, len(p))
	var sum float64
	for i := range p {
		d[i] = math.Abs(p[i] - pc[i])
		sum += d[i]
	}
	slices.Sort(d)
	return CalibrationErrors{
		ICI:  sum / float64(len(d)),
		E50:  quantile7(d, 0.5),
		E90:  quantile7(d, 0.9),
		Emax: d[len(d)-1],
	}
}

// CurvePoint is one point of a smoothed calibration curve: at predicted
// risk P, the smoothed observed risk Observed with a pointwise bootstrap
// band [Lower, Upper] (NaN when no band was requested).
type CurvePoint struct {
	P, Observed, Lower, Upper float64
}

// CurveOptions configures CalibrationCurve. The zero value gives 100
// points and no band.
type CurveOptions struct {
	// Points is the number of equally spaced grid points from the
	// smallest to the largest prediction; 0 means 100.
	Points int
	// Source drives the bootstrap band; nil means no band. The same
	// source state gives the same band.
	Source rand.Source
	// Bootstrap is the number of bootstrap replicates; 0 means 200.
	Bootstrap int
	// Level is the band's coverage; 0 means 0.95.
	Level float64
}

func (o CurveOptions) withDefaults() CurveOptions {
	if o.Points <= 0 {
		o.Points = 100
	}
	if o.Bootstrap <= 0 {
		o.Bootstrap = 200
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	checkLevel(o.Level)
	return o
}

// CalibrationCurve returns the smoothed calibration curve of SmoothedObserved
// at opt.Points equally spaced predicted risks from min(p) to max(p) (one
// point if all predictions are equal), for plotting against the diagonal.
// Between fitted rows the curve is interpolated linearly, as a plot of R's
// lowess() output draws it.
//
// With opt.Source set, each point gets a pointwise percentile bootstrap
// band: opt.Bootstrap times, n rows are drawn with replacement (n draws of
// rand.New(opt.Source).IntN(n)), the lowess is refitted on them (as
// SmoothedObserved, with the copies of a row adjacent), and its
// curve is read at the grid points, flat beyond the replicate's smallest
// and largest prediction (R's approx(rule = 2)). Lower and Upper are the
// (1−Level)/2 and (1+Level)/2 quantiles (type 7) of those values. The band
// reflects sampling variation of the smoother for fixed predictions, not
// the uncertainty of the model that made them.
//
// It has the errors of SmoothedObserved, and panics if opt.Level is not in
// (0, 1).
func CalibrationCurve(y, p []float64, opt CurveOptions) ([]CurvePoint, error) {
	opt = opt.withDefaults()
	pc, err := SmoothedObserved(y, p)
	if err != nil {
		return nil, err
	}
	grid := curveGrid(p, opt.Points)
	curve := make([]CurvePoint, len(grid))
	full := interpolator(p, pc)
	for k, g := range grid {
		curve[k] = CurvePoint{P: g, Observed: full(g), Lower: math.NaN(), Upper: math.NaN()}
	}
	if opt.Source == nil {
		return curve, nil
	}
	draws := make([][]float64, len(grid))
	bootstrapSorted(y, p, opt.Bootstrap, opt.Source, func(yb, pb []float64) {
		f := sortedInterpolator(pb, lowessSorted(pb, yb, LowessSpan, lowessDelta(pb)))
		for k, g := range grid {
			draws[k] = append(draws[k], f(g))
		}
	})
	setBand(curve, draws, opt.Level)
	return curve, nil
}

func setBand(curve []CurvePoint, draws [][]float64, level float64) {
	for k := range curve {
		slices.Sort(draws[k])
		curve[k].Lower = quantile7(draws[k], (1-level)/2)
		curve[k].Upper = quantile7(draws[k], (1+level)/2)
	}
}

// curveGrid returns k equally spaced points from min(p) to max(p).
func curveGrid(p []float64, k int) []float64 {
	lo, hi := slices.Min(p), slices.Max(p)
	if lo == hi || k == 1 {
		return []float64{lo}
	}
	g := make([]float64, k)
	for i := range g {
		g[i] = lo + (hi-lo)*float64(i)/float64(k-1)
	}
	g[k-1] = hi
	return g
}

// interpolator returns the piecewise-linear function through the points
// (x_i, v_i), constant beyond the smallest and largest x. Tied x carry
// equal v (lowess gives ties one value), so their order does not matter.
func interpolator(x, v []float64) func(float64) float64 {
	order := stableOrder(x)
	xs := make([]float64, len(x))
	vs := make([]float64, len(x))
	for k, i := range order {
		xs[k], vs[k] = x[i], v[i]
	}
	return sortedInterpolator(xs, vs)
}

// sortedInterpolator is interpolator for xs sorted ascending.
func sortedInterpolator(xs, vs []float64) func(float64) float64 {
	n := len(xs)
	return func(t float64) float64 {
		if t <= xs[0] {
			return vs[0]
		}
		if t >= xs[n-1] {
			return vs[n-1]
		}
		j, _ := slices.BinarySearch(xs, t) // xs[j-1] < t <= xs[j]
		if xs[j] == t {
			return vs[j]
		}
		a := (t - xs[j-1]) / (xs[j] - xs[j-1])
		return vs[j-1] + a*(vs[j]-vs[j-1])
	}
}

// stableOrder returns the row indices of x in ascending order of x, ties
// in row order (R's order()).
func stableOrder(x []float64) []int {
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
	return order
}

// bootstrapSorted calls f with b bootstrap replicates of the rows (y, p):
// each replicate is n draws with replacement, rand.New(src).IntN(n), and is
// passed sorted by p (ascending; copies of a row are adjacent, and rows
// with tied p keep their row order) so that it needs no sort. f must not
// keep its arguments.
func bootstrapSorted(y, p []float64, b int, src rand.Source, f func(yb, pb []float64)) {
	n := len(y)
	order := stableOrder(p)
	r := rand.New(src)
	counts := make([]int, n)
	yb := make([]float64, n)
	pb := make([]float64, n)
	for range b {
		clear(counts)
		for range n {
			counts[r.IntN(n)]++
		}
		k := 0
		for _, i := range order {
			for range counts[i] {
				yb[k], pb[k] = y[i], p[i]
				k++
			}
		}
		f(yb, pb)
	}
}

// quantile7 returns the q-quantile of sorted x by R's default (type 7)
// definition, computed as R's quantile() does, with 1-based index
// h = 1 + (n−1)q, lo = ⌊h⌋: (1 − (h−lo))·x[lo] + (h−lo)·x[lo+1]. It is NaN
// for empty x.
func quantile7(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	index := 1 + float64(n-1)*q
	lo := math.Floor(index)
	hi := math.Ceil(index)
	qs := sorted[int(lo)-1]
	h := index - lo
	if h > 0 && sorted[int(hi)-1] != qs {
		qs = float64((1-h)*qs) + float64(h*sorted[int(hi)-1])
	}
	return qs
}
