package features

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// RestrictedCubicSpline adds a restricted (natural) cubic spline basis for
// each named column, so that a linear model can fit a smooth nonlinear effect
// without dichotomising the predictor (PROBAST 4.2). The column itself stays
// as the linear term; the k−2 nonlinear terms are appended after all other
// columns as "<name>_rcs1" … "<name>_rcs<k−2>", in the order of Columns.
//
// Knots are learned from the training rows' non-missing values, at the
// quantiles of Harrell (Regression Modeling Strategies, 2nd ed., 2015,
// section 2.4.5 for the basis and 2.4.6 for the knots, table 2.3): 3 knots at 0.10, 0.5, 0.90; 4 at 0.05, 0.35,
// 0.65, 0.95; 5 at 0.05, 0.275, 0.5, 0.725, 0.95; 6 at 0.05, 0.23, 0.41,
// 0.59, 0.77, 0.95; 7 at 0.025, 0.1833, 0.3417, 0.5, 0.6583, 0.8167, 0.975.
// The knot rules and the basis are those of R rms::rcspline.eval (rms 6.5.0,
// default norm = 2, fractied = 0.05); see RCSKnots and RCSBasis.
//
// Missing values give missing basis values: put the step after imputation.
type RestrictedCubicSpline struct {
	// Columns are the names of the frame columns to expand.
	Columns []string
	// Knots is the number of knots, 3 to 7; 0 means 4.
	Knots int
}

// Name describes the step.
func (s RestrictedCubicSpline) Name() string {
	return fmt.Sprintf("restricted cubic splines (%d knots at Harrell's quantiles) on %s", s.knots(), strings.Join(s.Columns, ", "))
}

func (s RestrictedCubicSpline) knots() int {
	if s.Knots == 0 {
		return 4
	}
	return s.Knots
}

// RCSFit is a fitted RestrictedCubicSpline.
type RCSFit struct {
	Names []string `json:"names"`
	Index []int    `json:"index"` // frame column of each spline column
	// Columns are the expanded columns; Knots[i] are the knots of Columns[i]
	// (fewer than asked when the training rows have few distinct values).
	Columns []string    `json:"columns"`
	Knots   [][]float64 `json:"knots"`
}

func init() { RegisterTransform("rcs", func() Transform { return &RCSFit{} }) }

// Kind names the fitted step in a saved recipe.
func (s *RCSFit) Kind() string { return "rcs" }

// Fit learns the knots from train's non-missing values.
func (s RestrictedCubicSpline) Fit(train *Frame) (Transform, error) {
	k := s.knots()
	if k < 3 || k > 7 {
		return nil, fmt.Errorf("features: restricted cubic spline with %d knots; use 3 to 7", k)
	}
	fit := &RCSFit{Names: train.Names, Columns: s.Columns}
	have := map[string]bool{}
	for _, n := range train.Names {
		have[n] = true
	}
	r, _ := train.Dims()
	for _, name := range s.Columns {
		j := indexOf(train.Names, name)
		if j < 0 {
			return nil, fmt.Errorf("features: restricted cubic spline: no column %q", name)
		}
		xs := make([]float64, 0, r)
		for i := 0; i < r; i++ {
			if v := train.X.At(i, j); !math.IsNaN(v) {
				xs = append(xs, v)
			}
		}
		knots, err := RCSKnots(xs, k)
		if err != nil {
			return nil, fmt.Errorf("features: restricted cubic spline of %s: %w", name, err)
		}
		for b := 1; b <= len(knots)-2; b++ {
			if n := fmt.Sprintf("%s_rcs%d", name, b); have[n] {
				return nil, fmt.Errorf("features: restricted cubic spline: column %q exists already", n)
			}
		}
		fit.Index = append(fit.Index, j)
		fit.Knots = append(fit.Knots, knots)
	}
	return fit, nil
}

func indexOf(names []string, name string) int {
	for j, n := range names {
		if n == name {
			return j
		}
	}
	return -1
}

// Apply appends the basis columns.
func (s *RCSFit) Apply(f *Frame) (*Frame, error) {
	if err := checkNames(f, s.Names); err != nil {
		return nil, err
	}
	names := append([]string(nil), f.Names...)
	for i, name := range s.Columns {
		for b := 1; b <= len(s.Knots[i])-2; b++ {
			names = append(names, fmt.Sprintf("%s_rcs%d", name, b))
		}
	}
	r, c := f.Dims()
	out := &Frame{Names: names}
	if r == 0 || len(names) == 0 {
		return out, nil
	}
	X := mat.NewDense(r, len(names), nil)
	for i := 0; i < r; i++ {
		src, dst := f.X.RawRowView(i), X.RawRowView(i)
		copy(dst, src)
		k := c
		for m, j := range s.Index {
			nb := len(s.Knots[m]) - 2
			RCSBasis(src[j], s.Knots[m], dst[k:k+nb])
			k += nb
		}
	}
	out.X = X
	return out, nil
}

// rcsOuter returns the outer quantile of Harrell's knot placement for k knots
// (rms::rcspline.eval: 0.10 for 3 knots, 0.025 for 7, else 0.05); the knots
// are at k equally spaced quantiles from outer to 1−outer (Harrell, RMS 2nd
// ed., table 2.3).
func rcsOuter(k int) float64 {
	switch {
	case k == 3:
		return 0.10
	case k > 6:
		return 0.025
	}
	return 0.05
}

// RCSKnots returns the knots of a restricted cubic spline with k knots for
// the values xs (no NaN; not modified), following rms::rcspline.eval (rms
// 6.5.0) with its defaults:
//
//   - with at most k+2 distinct values, the knots are the distinct values
//     but the smallest and the largest;
//   - otherwise, if no interior value holds 5% or more of the values but the
//     smallest (or largest) value does (a pile at a detection limit), the
//     first (last) knot is the next distinct value and the other knots are
//     placed among the values beyond it;
//   - knots are the sample quantiles (R type 7) at Harrell's probabilities;
//     with fewer than 100 values the outer knots are moved to the 5th
//     smallest and 5th largest value.
//
// Where rms falls back to an alternative placement (fewer than 3 distinct
// quantiles), RCSKnots returns an error instead: use fewer knots. Fewer than
// 6 values, or fewer than 3 distinct knots, are errors too.
func RCSKnots(xs []float64, k int) ([]float64, error) {
	if k < 3 {
		return nil, fmt.Errorf("%d knots; at least 3 are needed", k)
	}
	n := len(xs)
	if n < 6 {
		return nil, fmt.Errorf("%d non-missing values; at least 6 are needed", n)
	}
	xx := append([]float64(nil), xs...)
	sort.Float64s(xx)
	// Distinct values and their counts.
	var xu []float64
	var cnt []int
	for i, v := range xx {
		if i == 0 || v != xx[i-1] {
			xu, cnt = append(xu, v), append(cnt, 0)
		}
		cnt[len(cnt)-1]++
	}
	nxu := len(xu)
	var knots []float64
	if nxu-2 <= k {
		knots = append(knots, xu[1:nxu-1]...)
	} else {
		outer := rcsOuter(k)
		nke := k
		var first, last []float64
		const fractied = 0.05
		maxInterior := 0.0
		for i := 1; i < nxu-1; i++ {
			maxInterior = math.Max(maxInterior, float64(cnt[i])/float64(n))
		}
		if maxInterior < fractied {
			if float64(cnt[0])/float64(n) >= fractied {
				first = []float64{xu[1]}
				xx = above(xx, xu[1])
				nke--
			}
			if float64(cnt[nxu-1])/float64(n) >= fractied {
				lk := xu[nxu-2]
				last = []float64{lk}
				xx = below(xx, lk)
				nke--
			}
		}
		var mid []float64
		switch {
		case nke == 1:
			mid = []float64{quantile7(xx, 0.5)}
		case nxu <= nke:
			mid = append(mid, xu...)
		default:
			lo := outer
			if nke == 2 {
				lo = 0.5
			}
			for i := 0; i < nke; i++ {
				p := lo + float64(i)*(1-outer-lo)/float64(nke-1)
				if i == nke-1 {
					p = 1 - outer
				}
				mid = append(mid, quantile7(xx, p))
			}
			if distinct(mid) < min(nke, 3) {
				return nil, fmt.Errorf("could not place %d distinct knots (many tied values); use fewer knots", k)
			}
			if len(xx) < 100 {
				if first == nil {
					mid[0] = xx[4]
				}
				if last == nil {
					mid[nke-1] = xx[len(xx)-5]
				}
			}
		}
		knots = append(append(append(knots, first...), mid...), last...)
	}
	sort.Float64s(knots)
	u := knots[:0]
	for i, v := range knots {
		if i == 0 || v != knots[i-1] {
			u = append(u, v)
		}
	}
	if len(u) < 3 {
		return nil, fmt.Errorf("fewer than 3 distinct knots")
	}
	return u, nil
}

// above returns the values of sorted xs greater than t; below, less than t.
func above(xs []float64, t float64) []float64 {
	return xs[sort.Search(len(xs), func(i int) bool { return xs[i] > t }):]
}

func below(xs []float64, t float64) []float64 {
	return xs[:sort.Search(len(xs), func(i int) bool { return xs[i] >= t })]
}

// quantile7 is R's default (type 7) sample quantile of sorted xs.
func quantile7(xs []float64, p float64) float64 {
	h := float64(len(xs)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

func distinct(xs []float64) int {
	s := map[float64]bool{}
	for _, v := range xs {
		s[v] = true
	}
	return len(s)
}

// RCSBasis writes into dst (length len(knots)−2) the nonlinear terms of the
// restricted cubic spline of x with the given sorted knots t_1 … t_k, as
// rms::rcspline.eval(x, knots, norm = 2) (Harrell, RMS 2nd ed., section
// 2.4.5):
//
//	X_j = [(x − t_j)+³ − (x − t_{k−1})+³ (t_k − t_j)/(t_k − t_{k−1})
//	       + (x − t_k)+³ (t_{k−1} − t_j)/(t_k − t_{k−1})] / (t_k − t_1)²
//
// for j = 1 … k−2. The division by (t_k − t_1)² (norm = 2 in rms; not
// (t_k − t_{k−1})²) gives the terms the units of x. NaN x gives NaN terms.
func RCSBasis(x float64, knots, dst []float64) {
	k := len(knots)
	if len(dst) != k-2 {
		panic("features: RCSBasis: dst must have len(knots)-2 elements")
	}
	t1, tk, tk1 := knots[0], knots[k-1], knots[k-2]
	kd := math.Pow(tk-t1, 2.0/3)
	cube := func(v float64) float64 {
		if v <= 0 {
			return 0
		}
		return v * v * v
	}
	for j := 0; j < k-2; j++ {
		tj := knots[j]
		dst[j] = cube((x-tj)/kd) + ((tk1-tj)*cube((x-tk)/kd)-(tk-tj)*cube((x-tk1)/kd))/(tk-tk1)
	}
}
