package features

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// KNNImpute replaces each missing value (NaN) by the mean of that column in
// the K nearest training rows that have it (uniform weights), like
// scikit-learn's KNNImputer with the nan-Euclidean distance, but on
// standardised coordinates so that no lab dominates by its unit:
//
//	d(x, y) = sqrt(p/m × Σ ((x_j − y_j)/s_j)²)
//
// over the m of the p columns observed in both rows, s_j being column j's
// training standard deviation (n−1 denominator, observed values; 1 for a
// constant column). Neighbours are searched among the training rows only; a
// row is never its own donor for a value it lacks. A row sharing no observed
// column with any donor gets the column's training mean (as KNNImputer
// does); a column with no observed training value is imputed with 0.
// Distance ties are broken by training row order. Unlike KNNImputer, a donor
// at undefined distance is never used, even when fewer than K donors remain.
//
// The fitted transform keeps a copy of the training rows (it needs them to
// find neighbours for new rows), unlike the other steps. When Indicators is
// set, a 0/1 column "<name>#missing" is added for every column with a missing
// training value, as in MedianImpute.
type KNNImpute struct {
	// K is the number of neighbours; 0 means 5 (KNNImputer's default).
	K          int
	Indicators bool
}

func (k KNNImpute) k() int {
	if k.K == 0 {
		return 5
	}
	return k.K
}

// Name describes the step.
func (k KNNImpute) Name() string {
	s := fmt.Sprintf("%d-nearest-neighbour imputation (standardised nan-Euclidean distance)", k.k())
	if k.Indicators {
		s += " with missing indicators"
	}
	return s
}

// KNNFit is a fitted KNNImpute.
type KNNFit struct {
	Names []string `json:"names"`
	K     int      `json:"k"`
	// Train is a copy of the training rows, NaN where missing (null in
	// JSON).
	Train nanRows     `json:"train"`
	z     [][]float64 // standardised Train, computed once by Apply
	zOnce sync.Once
	// Mean and Scale are the training mean and standard deviation of each
	// column's observed values (Scale 1 when undefined or 0).
	Mean      []float64 `json:"mean"`
	Scale     []float64 `json:"scale"`
	Indicator []bool    `json:"indicator"`
	// Imputed counts the training values imputed per column.
	Imputed []int `json:"imputed"`
}

func init() { RegisterTransform("knn_impute", func() Transform { return &KNNFit{} }) }

// Kind names the fitted step in a saved recipe.
func (m *KNNFit) Kind() string { return "knn_impute" }

// nanRows are rows of numbers saved with null for NaN (JSON has no NaN).
type nanRows [][]float64

// MarshalJSON writes NaN as null.
func (r nanRows) MarshalJSON() ([]byte, error) {
	out := make([][]*float64, len(r))
	for i, row := range r {
		out[i] = make([]*float64, len(row))
		for j := range row {
			if !math.IsNaN(row[j]) {
				out[i][j] = &row[j]
			}
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads null as NaN.
func (r *nanRows) UnmarshalJSON(b []byte) error {
	var in [][]*float64
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*r = make(nanRows, len(in))
	for i, row := range in {
		(*r)[i] = make([]float64, len(row))
		for j, v := range row {
			(*r)[i][j] = math.NaN()
			if v != nil {
				(*r)[i][j] = *v
			}
		}
	}
	return nil
}

// Fit keeps the training rows and learns the column scales.
func (k KNNImpute) Fit(train *Frame) (Transform, error) {
	if k.k() < 1 {
		return nil, fmt.Errorf("features: k-nearest-neighbour imputation with K = %d", k.K)
	}
	r, c := train.Dims()
	fit := &KNNFit{Names: train.Names, K: k.k(), Mean: make([]float64, c), Scale: make([]float64, c),
		Indicator: make([]bool, c), Imputed: make([]int, c)}
	for i := 0; i < r && c > 0; i++ {
		fit.Train = append(fit.Train, append([]float64(nil), train.X.RawRowView(i)...))
	}
	for j := 0; j < c; j++ {
		var sum, n float64
		for i := 0; i < r; i++ {
			if v := train.X.At(i, j); math.IsNaN(v) {
				fit.Imputed[j]++
			} else {
				sum += v
				n++
			}
		}
		mean := 0.0
		if n > 0 {
			mean = sum / n
		}
		var ss float64
		for i := 0; i < r; i++ {
			if v := train.X.At(i, j); !math.IsNaN(v) {
				ss += (v - mean) * (v - mean)
			}
		}
		sd := 1.0
		if n > 1 && ss > 0 {
			sd = math.Sqrt(ss / (n - 1))
		}
		fit.Mean[j], fit.Scale[j] = mean, sd
		fit.Indicator[j] = k.Indicators && fit.Imputed[j] > 0
	}
	return fit, nil
}

// Apply fills missing values from the nearest training rows and appends the
// indicator columns.
func (m *KNNFit) Apply(f *Frame) (*Frame, error) {
	out, ind, err := withIndicators(f, m.Names, m.Indicator)
	if err != nil {
		return nil, err
	}
	r, c := f.Dims()
	if r == 0 || len(out.Names) == 0 {
		return out, nil
	}
	nt := len(m.Train)
	m.zOnce.Do(func() {
		m.z = make([][]float64, nt)
		for t, row := range m.Train {
			m.z[t] = make([]float64, len(row))
			m.standardise(m.z[t], row)
		}
	})
	X := mat.NewDense(r, len(out.Names), nil)
	dist := make([]float64, nt)
	order := make([]int, nt)
	zi := make([]float64, c)
	for i := 0; i < r; i++ {
		src, dst := f.X.RawRowView(i), X.RawRowView(i)
		copy(dst, src)
		missing := false
		for k, j := range ind {
			if math.IsNaN(src[j]) {
				dst[c+k] = 1
			}
		}
		for _, v := range src {
			missing = missing || math.IsNaN(v)
		}
		if !missing {
			continue
		}
		m.standardise(zi, src)
		for t := 0; t < nt; t++ {
			dist[t] = nanEuclidean(zi, m.z[t])
			order[t] = t
		}
		sort.SliceStable(order, func(a, b int) bool {
			da, db := dist[order[a]], dist[order[b]]
			return da < db || (!math.IsNaN(da) && math.IsNaN(db))
		})
		for j, v := range src {
			if !math.IsNaN(v) {
				continue
			}
			var sum float64
			n := 0
			for _, t := range order {
				if n == m.K || math.IsNaN(dist[t]) {
					break
				}
				if y := m.Train[t][j]; !math.IsNaN(y) {
					sum += y
					n++
				}
			}
			if n > 0 {
				dst[j] = sum / float64(n)
			} else {
				dst[j] = m.Mean[j]
			}
		}
	}
	out.X = X
	return out, nil
}

// standardise writes x standardised by the training mean and scale into dst.
func (m *KNNFit) standardise(dst, x []float64) {
	for j, v := range x {
		dst[j] = (v - m.Mean[j]) / m.Scale[j]
	}
}

// nanEuclidean is the nan-Euclidean distance of standardised rows (NaN when
// the rows share no observed column).
func nanEuclidean(x, y []float64) float64 {
	var ss float64
	n := 0
	for j, a := range x {
		d := a - y[j]
		if d != d { // NaN in x or y
			continue
		}
		ss += d * d
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return math.Sqrt(float64(len(x)) / float64(n) * ss)
}
