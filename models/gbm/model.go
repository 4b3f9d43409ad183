package gbm

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Model is a fitted boosted-tree classifier. It holds no training data and
// encodes to JSON as is; a decoded Model predicts bit-identically.
type Model struct {
	// BaseScore is the initial margin F₀, the weighted log-odds of the
	// training prevalence.
	BaseScore float64 `json:"base_score"`
	// Trees are the fitted trees in boosting order (with early stopping,
	// up to the best round).
	Trees []Tree `json:"trees"`
	// Gain is, per column of X, the total gain of the splits on it over
	// all trees (the Gain of the package documentation; XGBoost's
	// importance_type "total_gain").
	Gain []float64 `json:"gain"`
	// NumFeatures is the number of columns of X.
	NumFeatures int `json:"num_features"`
	// Spec is the specification the model was fitted with.
	Spec Spec `json:"spec"`
}

// Tree is one tree as flat node arrays, indexed by node; node 0 is the
// root. A row at an internal node k goes to Left[k] when its value x of
// column Feature[k] satisfies x < Threshold[k], or when x is NaN and
// MissingLeft[k]; otherwise it goes to Right[k]. A threshold of
// −math.MaxFloat64 sends every value right and one of math.MaxFloat64
// every (finite) value left, splitting missing from present values.
type Tree struct {
	Feature     []int32   `json:"feature"` // −1 at leaves
	Threshold   []float64 `json:"threshold"`
	MissingLeft []bool    `json:"missing_left"`
	Left        []int32   `json:"left"`  // −1 at leaves
	Right       []int32   `json:"right"` // −1 at leaves
	// Value is a leaf's contribution to the margin (learning rate times
	// the leaf weight); 0 at internal nodes.
	Value []float64 `json:"value"`
	// Gain is the gain of an internal node's split; 0 at leaves.
	Gain []float64 `json:"gain"`
}

var _ models.Model = (*Model)(nil)

// leaf returns the leaf that a row x (all columns) reaches.
func (t *Tree) leaf(x []float64) int32 {
	k := int32(0)
	for t.Feature[k] >= 0 {
		v := x[t.Feature[k]]
		if v < t.Threshold[k] || (v != v && t.MissingLeft[k]) {
			k = t.Left[k]
		} else {
			k = t.Right[k]
		}
	}
	return k
}

// Margin returns, for each row of X, the margin (log-odds) F₀ + Σ trees.
// It panics if X does not have NumFeatures columns.
func (m *Model) Margin(X *mat.Dense) []float64 {
	n, p := X.Dims()
	if p != m.NumFeatures {
		panic(fmt.Sprintf("gbm: X has %d columns, the model was fitted on %d", p, m.NumFeatures))
	}
	raw := X.RawMatrix()
	out := make([]float64, n)
	for i := range out {
		x := raw.Data[i*raw.Stride : i*raw.Stride+p]
		F := m.BaseScore
		for k := range m.Trees {
			t := &m.Trees[k]
			F += t.Value[t.leaf(x)]
		}
		out[i] = F
	}
	return out
}

// PredictProba returns σ(margin) for each row of X; NaN in X means
// missing. It panics if X does not have NumFeatures columns.
func (m *Model) PredictProba(X *mat.Dense) []float64 {
	p := m.Margin(X)
	for i, F := range p {
		p[i] = sigmoid(F)
	}
	return p
}

// Importance returns a copy of the total gain per column of X.
func (m *Model) Importance() []float64 { return slices.Clone(m.Gain) }
