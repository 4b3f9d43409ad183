package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"
)

// Rule is how a split compares a row's value with its threshold.
type Rule int

const (
	// LessEqual sends x left when x ≤ threshold, as scikit-learn and
	// package forest do.
	LessEqual Rule = iota
	// Less sends x left when x < threshold, as XGBoost and package gbm do.
	Less
)

// Tree is a binary decision tree as flat node arrays: node i is described by
// element i of each slice and node 0 is the root. A row x at an internal node
// i goes to Left[i] when x[Feature[i]] passes the Ensemble's Rule against
// Threshold[i], to Left[i] too when the value is NaN and MissingLeft[i], and
// to Right[i] otherwise.
type Tree struct {
	// Feature is the column a node splits on, −1 at a leaf.
	Feature []int32
	// Threshold is a split's threshold; ignored at leaves.
	Threshold []float64
	// Left and Right are an internal node's children; ignored at leaves.
	Left, Right []int32
	// MissingLeft sends NaN to the left child; nil sends it right at every
	// split.
	MissingLeft []bool
	// Cover is the training weight that reached each node (row count,
	// case weight or hessian sum): a child's share of its parent's cover
	// is the probability of going that way when the split's feature is
	// unknown. Covers must be ≥ 0; a node of cover 0 gives its children
	// shares in proportion to their own covers, or halves if both are 0.
	Cover []float64
	// Value is a leaf's output; ignored at internal nodes.
	Value []float64
}

// Ensemble is a sum of trees: its output for a row x is Base plus the sum
// over the trees of the value of the leaf x falls in. An average of trees is
// a sum of trees whose values are divided by their number. Build one with
// NewEnsemble, FromForest or FromGBM.
type Ensemble struct {
	trees    []ptree
	rule     Rule
	base     float64
	features int
	expected float64
	maxDepth int // the largest number of splits from a root to a leaf
	maxQ     int // the largest ptree.q
	// rules[q] is the q-point Gauss–Legendre rule on [0, 1], for each q
	// of a tree.
	rules []gaussRule
}

// gaussRule is a Gauss–Legendre rule on [0, 1]: ∫₀¹ p(t) dt = Σₖ w[k]·p(t[k])
// for a polynomial p of degree < 2·len(t).
type gaussRule struct {
	t, w []float64
	omt  []float64 // 1 − t
	wc   []float64 // w/(1 − t)
}

// pnode is a node prepared for TreeSHAP: its children's shares of its
// cover, and its expected output under the shares.
type pnode struct {
	feature     int32 // −1 at a leaf
	left, right int32
	missLeft    bool
	repeat      bool // a node below splits on feature too
	threshold   float64
	fracL       float64 // the left child's share of the cover
	fracR       float64
	value       float64 // a leaf's output; the expected output of an internal node
}

// ptree is a tree prepared for TreeSHAP, with the Gauss–Legendre rule
// that integrates its polynomials exactly.
type ptree struct {
	nodes []pnode
	// q is the number of quadrature points: half the largest number of
	// distinct features on a path from the root to a leaf, rounded up.
	q int
}

// NewEnsemble checks the trees and prepares them for TreeSHAP. The trees
// are not kept. features is the number of columns of the rows to explain;
// base is added to every output. It returns an error when a tree is
// malformed: node arrays of different lengths, a feature outside
// [0, features), a child that is not after its parent or out of range (so
// that every walk from the root ends at a leaf), a NaN threshold, a
// negative, NaN or infinite cover, or a NaN or infinite leaf value.
func NewEnsemble(trees []Tree, rule Rule, base float64, features int) (*Ensemble, error) {
	if features <= 0 {
		return nil, fmt.Errorf("explain: %d features", features)
	}
	if rule != LessEqual && rule != Less {
		return nil, fmt.Errorf("explain: unknown split rule %d", rule)
	}
	if math.IsNaN(base) || math.IsInf(base, 0) {
		return nil, errors.New("explain: the base value is not finite")
	}
	e := &Ensemble{rule: rule, base: base, features: features, trees: make([]ptree, len(trees))}
	e.expected = base
	for k := range trees {
		pt, depth, err := prepare(&trees[k], features)
		if err != nil {
			return nil, fmt.Errorf("explain: tree %d: %w", k, err)
		}
		e.trees[k] = pt
		e.maxDepth = max(e.maxDepth, depth)
		e.maxQ = max(e.maxQ, pt.q)
		e.expected += pt.nodes[0].value
	}
	e.rules = make([]gaussRule, e.maxQ+1)
	for _, t := range e.trees {
		q := t.q
		if e.rules[q].t != nil {
			continue
		}
		r := gaussRule{t: make([]float64, q), w: make([]float64, q), omt: make([]float64, q), wc: make([]float64, q)}
		quad.Legendre{}.FixedLocations(r.t, r.w, 0, 1)
		for k, t := range r.t {
			r.omt[k] = 1 - t
			r.wc[k] = r.w[k] / (1 - t)
		}
		e.rules[q] = r
	}
	return e, nil
}

// prepare checks t and returns it prepared, with its depth.
func prepare(t *Tree, features int) (ptree, int, error) {
	k := len(t.Feature)
	if k == 0 || len(t.Threshold) != k || len(t.Left) != k || len(t.Right) != k ||
		len(t.Cover) != k || len(t.Value) != k || (t.MissingLeft != nil && len(t.MissingLeft) != k) {
		return ptree{}, 0, errors.New("node arrays are empty or differ in length")
	}
	nodes := make([]pnode, k)
	for i := range k {
		c := t.Cover[i]
		if !(c >= 0) || math.IsInf(c, 0) {
			return ptree{}, 0, fmt.Errorf("node %d has cover %v", i, c)
		}
		f := t.Feature[i]
		if f < 0 {
			v := t.Value[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return ptree{}, 0, fmt.Errorf("leaf %d has value %v", i, v)
			}
			nodes[i] = pnode{feature: -1, value: v}
			continue
		}
		if int(f) >= features || math.IsNaN(t.Threshold[i]) {
			return ptree{}, 0, fmt.Errorf("node %d splits on column %d at %v", i, f, t.Threshold[i])
		}
		l, r := t.Left[i], t.Right[i]
		if int(l) <= i || int(r) <= i || int(l) >= k || int(r) >= k || l == r {
			return ptree{}, 0, fmt.Errorf("node %d has children %d and %d", i, l, r)
		}
		nodes[i] = pnode{feature: f, left: l, right: r, threshold: t.Threshold[i],
			missLeft: t.MissingLeft != nil && t.MissingLeft[i]}
	}
	// Children's shares: child cover over parent cover, as XGBoost and
	// shap do (XGBoost's covers need not add up exactly).
	for i := range nodes {
		nd := &nodes[i]
		if nd.feature < 0 {
			continue
		}
		cl, cr, c := t.Cover[nd.left], t.Cover[nd.right], t.Cover[i]
		switch {
		case c > 0:
			nd.fracL, nd.fracR = cl/c, cr/c
		case cl+cr > 0:
			nd.fracL, nd.fracR = cl/(cl+cr), cr/(cl+cr)
		default:
			nd.fracL, nd.fracR = 0.5, 0.5
		}
	}
	// Children come after their parents, so one backward pass gives every
	// node's expected value and depth below it.
	height := make([]int, k)
	for i := k - 1; i >= 0; i-- {
		nd := &nodes[i]
		if nd.feature < 0 {
			continue
		}
		nd.value = nd.fracL*nodes[nd.left].value + nd.fracR*nodes[nd.right].value
		height[i] = 1 + max(height[nd.left], height[nd.right])
	}
	// The largest number of distinct features on a path bounds the
	// degree of the polynomials SHAP integrates.
	seen := make([]int, features)
	parent := make([]int32, k)
	parent[0] = -1
	for i := range nodes {
		if nodes[i].feature >= 0 {
			parent[nodes[i].left], parent[nodes[i].right] = int32(i), int32(i)
		}
	}
	var distinct func(i int32, d int) int
	distinct = func(i int32, d int) int {
		nd := &nodes[i]
		if nd.feature < 0 {
			return d
		}
		f := nd.feature
		if seen[f] == 0 {
			d++
		} else {
			// The nearest node above on f has a repeat below.
			for a := parent[i]; a >= 0; a = parent[a] {
				if nodes[a].feature == f {
					nodes[a].repeat = true
					break
				}
			}
		}
		seen[f]++
		m := max(distinct(nd.left, d), distinct(nd.right, d))
		seen[f]--
		return m
	}
	q := max(1, (distinct(0, 0)+1)/2)
	return ptree{nodes: nodes, q: q}, height[0], nil
}

// Features returns the number of columns the ensemble explains.
func (e *Ensemble) Features() int { return e.features }

// Expected returns the expected output: Base plus, for each tree, the mean
// of its leaf values weighted by the leaves' shares of the root's cover.
// It is the SHAP base value, the output when no feature is known.
func (e *Ensemble) Expected() float64 { return e.expected }

// next returns the child of internal node nd that x goes to.
func (e *Ensemble) next(nd *pnode, x []float64) int32 {
	v := x[nd.feature]
	var left bool
	if v != v {
		left = nd.missLeft
	} else if e.rule == Less {
		left = v < nd.threshold
	} else {
		left = v <= nd.threshold
	}
	if left {
		return nd.left
	}
	return nd.right
}

// Predict returns the ensemble's output for each row of X. It panics if X
// does not have Features columns.
func (e *Ensemble) Predict(X *mat.Dense) []float64 {
	n := e.checkCols(X)
	out := make([]float64, n)
	for i := range out {
		x := X.RawRowView(i)
		s := e.base
		for k := range e.trees {
			nodes := e.trees[k].nodes
			j := int32(0)
			for nodes[j].feature >= 0 {
				j = e.next(&nodes[j], x)
			}
			s += nodes[j].value
		}
		out[i] = s
	}
	return out
}

func (e *Ensemble) checkCols(X *mat.Dense) int {
	n, p := X.Dims()
	if p != e.features {
		panic(fmt.Sprintf("explain: X has %d columns, the ensemble explains %d", p, e.features))
	}
	return n
}
