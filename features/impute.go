package features

import (
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// MedianImpute replaces missing values (NaN) by the column's median in the
// training rows and, when Indicators is set, adds a 0/1 column
// "<name>#missing" for every column with a missing value in the training
// rows. A column with no observed training value is imputed with 0.
// Columns without missing training values get no indicator, even if later
// rows have missing values (those are imputed all the same): the design
// matrix's shape is fixed at fit time.
type MedianImpute struct {
	Indicators bool
}

// Name describes the step.
func (m MedianImpute) Name() string {
	if m.Indicators {
		return "median imputation with missing indicators"
	}
	return "median imputation"
}

// MedianFit is a fitted MedianImpute.
type MedianFit struct {
	Names     []string  `json:"names"`
	Medians   []float64 `json:"medians"`
	Indicator []bool    `json:"indicator"`
	// Imputed counts the training values imputed per column.
	Imputed []int `json:"imputed"`
}

// Fit learns the medians of train's columns.
func (m MedianImpute) Fit(train *Frame) (Transform, error) {
	r, c := train.Dims()
	fit := &MedianFit{Names: train.Names, Medians: make([]float64, c), Indicator: make([]bool, c), Imputed: make([]int, c)}
	buf := make([]float64, 0, r)
	var raw []float64
	stride := 0
	if r > 0 {
		rm := train.X.RawMatrix()
		raw, stride = rm.Data, rm.Stride
	}
	for j := 0; j < c; j++ {
		buf = buf[:0]
		ones, binary := 0, true
		for i := 0; i < r; i++ {
			v := raw[i*stride+j]
			if math.IsNaN(v) {
				fit.Imputed[j]++
				continue
			}
			buf = append(buf, v)
			if v == 1 {
				ones++
			} else if v != 0 {
				binary = false
			}
		}
		if binary {
			fit.Medians[j] = binaryMedian(len(buf), ones)
		} else {
			fit.Medians[j] = median(buf)
		}
		fit.Indicator[j] = m.Indicators && fit.Imputed[j] > 0
	}
	return fit, nil
}

// binaryMedian returns the median of n values of which ones are 1 and the
// rest 0, as median would: the sorted values are 0 below index n − ones.
func binaryMedian(n, ones int) float64 {
	if n == 0 {
		return 0
	}
	at := func(k int) float64 {
		if k >= n-ones {
			return 1
		}
		return 0
	}
	if n%2 == 1 {
		return at(n / 2)
	}
	return (at(n/2-1) + at(n/2)) / 2
}

// median returns the median of xs (sorted in place), the mean of the two
// middle values for an even count, and 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// withIndicators checks f against the fitted column names and returns the
// output frame's header: f's columns, then "<name>#missing" for every column
// whose indicator is on, with the positions of those columns. Every
// imputation step shares it, so their designs line up the same way.
func withIndicators(f *Frame, fitted []string, indicator []bool) (*Frame, []int, error) {
	if err := checkNames(f, fitted); err != nil {
		return nil, nil, err
	}
	names := append([]string(nil), f.Names...)
	var ind []int
	for j, on := range indicator {
		if on {
			ind = append(ind, j)
			names = append(names, f.Names[j]+"#missing")
		}
	}
	return &Frame{Names: names}, ind, nil
}

// Apply fills missing values and appends the indicator columns.
func (m *MedianFit) Apply(f *Frame) (*Frame, error) {
	out, ind, err := withIndicators(f, m.Names, m.Indicator)
	if err != nil {
		return nil, err
	}
	r, c := f.Dims()
	if r == 0 || len(out.Names) == 0 {
		return out, nil
	}
	X := mat.NewDense(r, len(out.Names), nil)
	for i := 0; i < r; i++ {
		src, dst := f.X.RawRowView(i), X.RawRowView(i)
		copy(dst, src)
		for k, j := range ind {
			if math.IsNaN(src[j]) {
				dst[c+k] = 1
			}
		}
	}
	m.fill(X)
	out.X = X
	return out, nil
}

// fill replaces the missing values in the first len(m.Medians) columns of X
// by the medians.
func (m *MedianFit) fill(X *mat.Dense) {
	r, _ := X.Dims()
	for i := 0; i < r; i++ {
		row := X.RawRowView(i)[:len(m.Medians)]
		for j, v := range row {
			if math.IsNaN(v) {
				row[j] = m.Medians[j]
			}
		}
	}
}

// applyInPlace fills the missing values of f in place when no indicator
// columns are added.
func (m *MedianFit) applyInPlace(f *Frame) bool {
	if slices.Contains(m.Indicator, true) || checkNames(f, m.Names) != nil {
		return false
	}
	m.fill(f.X)
	return true
}

// Standardize centres each column on its training mean and divides it by its
// training standard deviation (n-1 denominator). A column constant in the
// training rows is centred only.
type Standardize struct{}

// Name describes the step.
func (Standardize) Name() string { return "standardisation (training mean and SD)" }

// StandardizeFit is a fitted Standardize.
type StandardizeFit struct {
	Names []string  `json:"names"`
	Mean  []float64 `json:"mean"`
	Scale []float64 `json:"scale"`
}

// Fit learns means and SDs; train must have no missing values.
func (Standardize) Fit(train *Frame) (Transform, error) {
	r, c := train.Dims()
	fit := &StandardizeFit{Names: train.Names, Mean: make([]float64, c), Scale: make([]float64, c)}
	// Row by row, each column summed in row order.
	sum, ss := fit.Mean, fit.Scale
	for i := 0; i < r; i++ {
		for j, v := range train.X.RawRowView(i) {
			sum[j] += v
		}
	}
	for j := range sum {
		sum[j] /= float64(r) // now the mean
	}
	for i := 0; i < r; i++ {
		for j, v := range train.X.RawRowView(i) {
			d := v - sum[j]
			ss[j] += d * d
		}
	}
	for j := range ss {
		sd := 0.0
		if r > 1 {
			sd = math.Sqrt(ss[j] / float64(r-1))
		}
		if sd == 0 || math.IsNaN(sd) {
			sd = 1
		}
		ss[j] = sd
	}
	return fit, nil
}

// applyInPlace standardises f's columns in place.
func (s *StandardizeFit) applyInPlace(f *Frame) bool {
	if checkNames(f, s.Names) != nil {
		return false
	}
	s.standardize(f.X)
	return true
}

// standardize standardises the columns of X in place.
func (s *StandardizeFit) standardize(X *mat.Dense) {
	r, _ := X.Dims()
	for i := 0; i < r; i++ {
		row := X.RawRowView(i)
		for j, v := range row {
			row[j] = (v - s.Mean[j]) / s.Scale[j]
		}
	}
}

// Apply standardises f's columns.
func (s *StandardizeFit) Apply(f *Frame) (*Frame, error) {
	if err := checkNames(f, s.Names); err != nil {
		return nil, err
	}
	r, c := f.Dims()
	out := &Frame{Names: f.Names}
	if r == 0 || c == 0 {
		return out, nil
	}
	X := mat.DenseCopyOf(f.X)
	s.standardize(X)
	out.X = X
	return out, nil
}
