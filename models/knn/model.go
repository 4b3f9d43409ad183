package knn

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Model is a fitted kNN classifier: a copy of the training rows of
// positive weight. Its exported fields are its whole state, so it can be
// saved and restored with encoding/json; the saved file holds row-level
// patient data (see the package documentation).
type Model struct {
	// Cols is the number of columns of the design matrix.
	Cols int `json:"cols"`
	// X holds the training rows, row-major: row i is X[i·Cols : (i+1)·Cols].
	X []float64 `json:"x"`
	// Y holds the 0/1 label of each training row.
	Y []float64 `json:"y"`
	// W holds the case weight of each training row; nil means all 1.
	W []float64 `json:"w,omitempty"`
	// Spec is the specification the model was fitted with.
	Spec Spec `json:"spec"`
}

var _ models.Model = (*Model)(nil)

// PredictProba returns, for each row x of X, Σ vᵢyᵢ / Σ vᵢ over the K
// training rows nearest to x in Euclidean distance, where the vote vᵢ is
// the case weight of training row i, divided by its distance under
// Distance weighting. Training rows at equal distance are ordered by their
// position in the training data, so of neighbours tied at the K-th place
// the earlier rows are taken. A row of X holding NaN or ±Inf gets NaN, as
// it has no defined neighbours. PredictProba panics if X does not have
// Cols columns.
//
// The cost is O(n·p) per row of X for n training rows of p columns.
func (m *Model) PredictProba(X *mat.Dense) []float64 {
	r, p := X.Dims()
	if p != m.Cols {
		panic(fmt.Sprintf("knn: X has %d columns, the model was fitted on %d", p, m.Cols))
	}
	n := len(m.Y)
	k := min(m.Spec.k(), n)
	dist := make([]float64, n)
	order := make([]int, n)
	prob := make([]float64, r)
	for q := range prob {
		x := X.RawRowView(q)
		if !finite(x) {
			prob[q] = math.NaN()
			continue
		}
		for i := range dist {
			row := m.X[i*p : (i+1)*p]
			var d2 float64
			for j, v := range row {
				d := x[j] - v
				d2 += d * d
			}
			dist[i] = d2
			order[i] = i
		}
		// The squared distance orders as the distance; ties go to the
		// earlier training row.
		slices.SortFunc(order, func(a, b int) int {
			return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(a, b))
		})
		prob[q] = m.vote(order[:k], dist)
	}
	return prob
}

// vote returns the weighted share of events among the neighbours nn, whose
// squared distances are in dist.
func (m *Model) vote(nn []int, dist []float64) float64 {
	exact := m.Spec.Weights == Distance && dist[nn[0]] == 0
	var num, den float64
	for _, i := range nn {
		v := 1.0
		if m.W != nil {
			v = m.W[i]
		}
		if m.Spec.Weights == Distance {
			switch {
			case exact && dist[i] != 0:
				continue
			case !exact:
				v /= math.Sqrt(dist[i])
			}
		}
		num += v * m.Y[i]
		den += v
	}
	return min(num/den, 1)
}

func finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
