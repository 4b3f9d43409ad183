package features

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// NearZeroVariance drops columns that carry almost no information in the
// training rows, by the rule of caret's nearZeroVar (Kuhn, J Stat Softw
// 2008;28(5)): a column is dropped when it is constant, or when the ratio of
// the most common to the second most common value exceeds FreqRatio (default
// 95/5 = 19) AND the share of distinct values is at most UniqueShare
// (default 10%). It never looks at the outcome.
type NearZeroVariance struct {
	FreqRatio   float64
	UniqueShare float64
}

// Name describes the step.
func (s NearZeroVariance) Name() string {
	fr, us := s.params()
	return fmt.Sprintf("near-zero-variance filter (caret rule: frequency ratio > %g and distinct share <= %g%%), on training rows", fr, 100*us)
}

func (s NearZeroVariance) params() (float64, float64) {
	fr, us := s.FreqRatio, s.UniqueShare
	if fr == 0 {
		fr = 95.0 / 5
	}
	if us == 0 {
		us = 0.10
	}
	return fr, us
}

// Fit finds the columns to keep; train must have no missing values.
func (s NearZeroVariance) Fit(train *Frame) (Transform, error) {
	fr, us := s.params()
	r, c := train.Dims()
	var keep []int
	for j := 0; j < c; j++ {
		counts := map[float64]int{}
		for i := 0; i < r; i++ {
			counts[train.X.At(i, j)]++
		}
		first, second := 0, 0
		for _, n := range counts {
			switch {
			case n > first:
				first, second = n, first
			case n > second:
				second = n
			}
		}
		if len(counts) <= 1 {
			continue
		}
		ratio := float64(first) / float64(second)
		if ratio > fr && float64(len(counts))/float64(r) <= us {
			continue
		}
		keep = append(keep, j)
	}
	return newSelect(train.Names, keep), nil
}

// CorrelationFilter drops one column of every pair whose absolute Pearson
// correlation in the training rows exceeds Max (default 0.95): going
// through the columns in order, a column is dropped when it is that
// correlated with a column already kept. It never looks at the outcome.
type CorrelationFilter struct {
	Max float64
}

func (s CorrelationFilter) max() float64 {
	if s.Max == 0 {
		return 0.95
	}
	return s.Max
}

// Name describes the step.
func (s CorrelationFilter) Name() string {
	return fmt.Sprintf("correlation filter (|r| > %g with an earlier kept column), on training rows", s.max())
}

// Fit finds the columns to keep; train must have no missing values.
func (s CorrelationFilter) Fit(train *Frame) (Transform, error) {
	r, c := train.Dims()
	mean, sd := make([]float64, c), make([]float64, c)
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			mean[j] += train.X.At(i, j)
		}
		mean[j] /= float64(r)
		for i := 0; i < r; i++ {
			d := train.X.At(i, j) - mean[j]
			sd[j] += d * d
		}
		sd[j] = math.Sqrt(sd[j])
	}
	var keep []int
	for j := 0; j < c; j++ {
		ok := true
		for _, k := range keep {
			if sd[j] == 0 || sd[k] == 0 {
				continue
			}
			var cov float64
			for i := 0; i < r; i++ {
				cov += (train.X.At(i, j) - mean[j]) * (train.X.At(i, k) - mean[k])
			}
			if math.Abs(cov/(sd[j]*sd[k])) > s.max() {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, j)
		}
	}
	return newSelect(train.Names, keep), nil
}

// SelectFit keeps a fixed subset of columns, chosen at fit time.
type SelectFit struct {
	Names []string `json:"names"` // the columns of the input
	Keep  []int    `json:"keep"`  // indices of the kept columns
}

func newSelect(names []string, keep []int) *SelectFit {
	if keep == nil {
		keep = []int{}
	}
	return &SelectFit{Names: names, Keep: keep}
}

// Kind names the step in saved models.
func (s *SelectFit) Kind() string { return "select" }

// Apply keeps the chosen columns.
func (s *SelectFit) Apply(f *Frame) (*Frame, error) {
	if err := checkNames(f, s.Names); err != nil {
		return nil, err
	}
	out := &Frame{Names: make([]string, len(s.Keep))}
	for k, j := range s.Keep {
		out.Names[k] = f.Names[j]
	}
	r, _ := f.Dims()
	if r == 0 || len(s.Keep) == 0 {
		return out, nil
	}
	X := mat.NewDense(r, len(s.Keep), nil)
	for i := 0; i < r; i++ {
		src, dst := f.X.RawRowView(i), X.RawRowView(i)
		for k, j := range s.Keep {
			dst[k] = src[j]
		}
	}
	out.X = X
	return out, nil
}

func init() { RegisterTransform("select", func() Transform { return &SelectFit{} }) }
