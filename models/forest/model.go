package forest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Model is a fitted random forest. Its exported fields are its whole
// state but the out-of-bag predictions, so it can be saved and restored
// with encoding/json and predicts bit-identically after a round trip.
type Model struct {
	// Spec is the specification the forest was grown with, defaults
	// filled in.
	Spec Spec `json:"spec"`
	// Features is the number of columns of the design matrix.
	Features int `json:"features"`
	// Trees are the trees in the order they were grown.
	Trees []Tree `json:"trees"`
	// Importance is each column's mean decrease in impurity (Gini
	// importance), normalised to sum to 1 as in scikit-learn's
	// feature_importances_: the weighted impurity decrease of every split
	// on the column, summed per tree and normalised per tree, averaged
	// over the trees that split at all and normalised again. All zero when
	// no tree splits. It is computed on the training rows, so with deep
	// trees it favours columns with many distinct values, even pure noise
	// (Strobl et al. 2007, BMC Bioinformatics 8:25).
	Importance []float64 `json:"importance"`

	// oob holds the out-of-bag predictions of the training rows. They
	// describe individual patients of the training data, so they are not
	// written with the model.
	oob      []float64
	oobTrees []int32 // the number of trees each row was out of bag of

	// packed holds the trees in the layout PredictProba walks, built by Fit
	// and UnmarshalJSON; nil for a Model built otherwise.
	packed [][]node
}

// node is a tree node packed into 16 bytes for prediction: a split sends x
// to node i+1 when x[feature] ≤ value and to right otherwise; a leaf has
// feature −1 and predicts value.
type node struct {
	value   float64
	feature int32
	right   int32
}

// pack returns the trees in the packed layout, or nil if a tree has a left
// child that does not follow its parent, as Fit's depth-first trees do.
func pack(trees []Tree) [][]node {
	out := make([][]node, len(trees))
	for k, t := range trees {
		nodes := make([]node, len(t.Feature))
		for i, f := range t.Feature {
			if f < 0 {
				nodes[i] = node{value: t.Value[i], feature: -1}
				continue
			}
			if t.Left[i] != int32(i+1) {
				return nil
			}
			nodes[i] = node{value: t.Threshold[i], feature: f, right: t.Right[i]}
		}
		out[k] = nodes
	}
	return out
}

// predictPacked returns the value of the leaf that x falls in.
func predictPacked(nodes []node, x []float64) float64 {
	i := int32(0)
	for {
		nd := &nodes[i]
		if nd.feature < 0 {
			return nd.value
		}
		next := nd.right
		if x[nd.feature] <= nd.value {
			next = i + 1
		}
		i = next
	}
}

// predictTree returns the value of the leaf of tree t that x falls in.
func (m *Model) predictTree(t int, x []float64) float64 {
	if m.packed != nil {
		return predictPacked(m.packed[t], x)
	}
	return m.Trees[t].predict(x)
}

// Tree is one fitted tree as a flat array of nodes in depth-first order,
// the root at index 0; node i is described by element i of each slice.
type Tree struct {
	// Feature is the column a node splits on, −1 at a leaf.
	Feature []int32 `json:"feature"`
	// Threshold sends a row x to the left child when x[Feature] ≤
	// Threshold, and to the right otherwise, NaN included; 0 at a leaf.
	// It is the midpoint of the two neighbouring training values, as in
	// scikit-learn.
	Threshold []float64 `json:"threshold"`
	// Left and Right are the children's indices, −1 at a leaf.
	Left  []int32 `json:"left"`
	Right []int32 `json:"right"`
	// Value is the weighted frequency of class 1 among the node's
	// training rows: the probability a leaf predicts.
	Value []float64 `json:"value"`
	// Weight is the total weight of the node's training rows (bootstrap
	// count × case weight).
	Weight []float64 `json:"weight"`
}

var _ models.Model = (*Model)(nil)

// PredictProba returns, for each row of X, the mean over the trees of the
// class-1 frequency of the leaf the row falls in. A NaN in X goes to the
// right child at every split on its column, as if it were larger than any
// training value. PredictProba panics if X does not have m.Features
// columns.
func (m *Model) PredictProba(X *mat.Dense) []float64 {
	n, p := X.Dims()
	if p != m.Features {
		panic(fmt.Sprintf("forest: X has %d columns, the model was fitted on %d", p, m.Features))
	}
	prob := make([]float64, n)
	const block = 64
	parallelFor(m.Spec.workers(), (n+block-1)/block, func(b int) {
		for i := b * block; i < min(n, (b+1)*block); i++ {
			x := X.RawRowView(i)
			var s float64
			for t := range m.Trees {
				s += m.predictTree(t, x)
			}
			prob[i] = s / float64(len(m.Trees))
		}
	})
	return prob
}

// OOBProba returns the out-of-bag prediction of each training row, in the
// order of the rows of X in Fit: the mean of the leaf frequencies of the
// trees whose bootstrap sample did not draw the row, NaN for rows drawn by
// every tree (all rows with NoBootstrap). With 500 trees and the default
// bootstrap each row is out of bag of about 500/e ≈ 184 trees. It returns
// nil for a model read from JSON, which does not hold them.
func (m *Model) OOBProba() []float64 {
	return slices.Clone(m.oob)
}

// predict returns the value of the leaf that x falls in.
func (t *Tree) predict(x []float64) float64 {
	i := int32(0)
	for {
		f := t.Feature[i]
		if f < 0 {
			return t.Value[i]
		}
		if x[f] <= t.Threshold[i] {
			i = t.Left[i]
		} else {
			i = t.Right[i]
		}
	}
}

// UnmarshalJSON decodes a model and checks that its trees are well formed,
// so that PredictProba cannot index out of range or loop.
func (m *Model) UnmarshalJSON(b []byte) error {
	type plain Model
	var d plain
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	if d.Features <= 0 {
		return fmt.Errorf("forest: the model has %d features", d.Features)
	}
	if len(d.Trees) == 0 {
		return errors.New("forest: the model has no trees")
	}
	for k := range d.Trees {
		if err := d.Trees[k].check(d.Features); err != nil {
			return fmt.Errorf("forest: tree %d: %w", k, err)
		}
	}
	*m = Model(d)
	m.packed = pack(m.Trees)
	return nil
}

// check verifies that the node arrays agree in length, that every internal
// node has a valid column and children after itself (so a walk from the
// root ends), and that leaf values are probabilities.
func (t *Tree) check(features int) error {
	k := len(t.Feature)
	if k == 0 || len(t.Threshold) != k || len(t.Left) != k || len(t.Right) != k || len(t.Value) != k || len(t.Weight) != k {
		return errors.New("node arrays are empty or differ in length")
	}
	for i := range k {
		if t.Feature[i] < 0 {
			if !(t.Value[i] >= 0 && t.Value[i] <= 1) {
				return fmt.Errorf("leaf %d has value %v", i, t.Value[i])
			}
			continue
		}
		if int(t.Feature[i]) >= features || math.IsNaN(t.Threshold[i]) {
			return fmt.Errorf("node %d splits on column %d at %v", i, t.Feature[i], t.Threshold[i])
		}
		if l, r := int(t.Left[i]), int(t.Right[i]); l <= i || r <= i || l >= k || r >= k {
			return fmt.Errorf("node %d has children %d and %d", i, l, r)
		}
	}
	return nil
}
