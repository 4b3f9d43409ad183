package explain

// This file holds Algorithm 2 of Lundberg, Erion & Lee (2018) as written in
// the shap package's tree_shap.h, the reference the faster SHAP is checked
// against.

import (
	"gonum.org/v1/gonum/mat"
)

// shapAlg2 returns the SHAP values of the rows of X by Algorithm 2.
func (e *Ensemble) shapAlg2(X *mat.Dense) *mat.Dense {
	n := e.checkCols(X)
	phi := mat.NewDense(n, e.features, nil)
	s := e.newShapper()
	for i := range n {
		s.row(X.RawRowView(i), phi.RawRowView(i))
	}
	return phi
}

// pathElem is an element of the unique path of Algorithm 2: a feature met
// on the way from the root, the fraction of the paths that go this way
// when the feature is unknown (zero) or known (one: 1 if x goes this way,
// else 0), and the weight of the subsets of each size (pweight).
type pathElem struct {
	feature   int32
	zero, one float64
	pweight   float64
}

// shapper holds one goroutine's scratch space.
type shapper struct {
	e   *Ensemble
	buf []pathElem
	x   []float64
	phi []float64
}

func (e *Ensemble) newShapper() *shapper {
	// A call at unique depth d uses d+1 elements and d ≤ the node's depth,
	// so a root-to-leaf recursion uses at most Σ_{d=0}^{D}(d+1).
	d := e.maxDepth + 1
	return &shapper{e: e, buf: make([]pathElem, (d+1)*(d+2)/2)}
}

// row adds the SHAP values of x to phi.
func (s *shapper) row(x, phi []float64) {
	s.x, s.phi = x, phi
	for k := range s.e.trees {
		s.recurse(s.e.trees[k].nodes, 0, nil, 0, 1, 1, -1)
	}
}

// recurse is RECURSE of Algorithm 2 (Lundberg et al. 2018) as written in
// the shap package's tree_shap.h: it extends the parent's unique path
// (parent, whose elements are not changed) by the split that led to node
// j, with the fractions pz and po of feature pf, and at a leaf adds each
// path feature's share of the leaf's value to phi. The path lives in
// s.buf[top:].
func (s *shapper) recurse(nodes []pnode, j int32, parent []pathElem, top int, pz, po float64, pf int32) {
	d := len(parent)
	path := s.buf[top : top+d+1]
	copy(path, parent)
	extend(path, d, pz, po, pf)
	nd := &nodes[j]
	if nd.feature < 0 {
		for i := 1; i <= d; i++ {
			el := &path[i]
			s.phi[el.feature] += unwoundSum(path, d, i) * (el.one - el.zero) * nd.value
		}
		return
	}
	hot := s.e.next(nd, s.x)
	cold, hotFrac, coldFrac := nd.right, nd.fracL, nd.fracR
	if hot == nd.right {
		cold, hotFrac, coldFrac = nd.left, nd.fracR, nd.fracL
	}
	// A feature already on the path is taken off it and put back with
	// both fractions multiplied, so each feature appears once.
	iz, io := 1.0, 1.0
	for k := 1; k <= d; k++ {
		if path[k].feature == nd.feature {
			iz, io = path[k].zero, path[k].one
			unwind(path, d, k)
			path = path[:d]
			break
		}
	}
	next := top + d + 1
	// A branch whose fractions are both 0 adds nothing, and following it
	// would divide by 0.
	if hz := hotFrac * iz; hz != 0 || io != 0 {
		s.recurse(nodes, hot, path, next, hz, io, nd.feature)
	}
	if cz := coldFrac * iz; cz != 0 {
		s.recurse(nodes, cold, path, next, cz, 0, nd.feature)
	}
}

// extend adds an element with fractions z and o of feature f at index d of
// path and updates the subset-size weights (EXTEND of Algorithm 2).
func extend(path []pathElem, d int, z, o float64, f int32) {
	w := 0.0
	if d == 0 {
		w = 1
	}
	path[d] = pathElem{feature: f, zero: z, one: o, pweight: w}
	dd := float64(d + 1)
	for i := d - 1; i >= 0; i-- {
		path[i+1].pweight += o * path[i].pweight * float64(i+1) / dd
		path[i].pweight = z * path[i].pweight * float64(d-i) / dd
	}
}

// unwind removes element k of path[:d+1] (UNWIND of Algorithm 2).
func unwind(path []pathElem, d, k int) {
	o, z := path[k].one, path[k].zero
	next := path[d].pweight
	dd := float64(d + 1)
	for i := d - 1; i >= 0; i-- {
		if o != 0 {
			tmp := path[i].pweight
			path[i].pweight = next * dd / (float64(i+1) * o)
			next = tmp - path[i].pweight*z*float64(d-i)/dd
		} else {
			path[i].pweight = path[i].pweight * dd / (z * float64(d-i))
		}
	}
	for i := k; i < d; i++ {
		path[i].feature, path[i].zero, path[i].one = path[i+1].feature, path[i+1].zero, path[i+1].one
	}
}

// unwoundSum returns the total subset weight of path[:d+1] with element k
// removed, without changing path.
func unwoundSum(path []pathElem, d, k int) float64 {
	o, z := path[k].one, path[k].zero
	next := path[d].pweight
	var total float64
	if o != 0 {
		for i := d - 1; i >= 0; i-- {
			tmp := next / (float64(i+1) * o)
			total += tmp
			next = path[i].pweight - tmp*z*float64(d-i)
		}
	} else {
		for i := d - 1; i >= 0; i-- {
			total += path[i].pweight / (z * float64(d-i))
		}
	}
	return total * float64(d+1)
}
