package explain

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// SHAP returns the exact SHAP values of the rows of X: an n × Features
// matrix whose row i holds, per column, that feature's contribution to
// the output for row i, so that the row sums with Expected to the output
// (Predict) up to rounding. A column no tree splits on is exactly 0. NaN
// in X is missing and follows the splits' missing direction.
//
// The work is spread over workers goroutines by rows (0 means
// GOMAXPROCS); each row is computed alone, tree by tree in order, so the
// result does not depend on workers. SHAP panics if X does not have
// Features columns.
//
// The cost is O(T·L·D) per row for T trees of L leaves and depth D.
func (e *Ensemble) SHAP(X *mat.Dense, workers int) *mat.Dense {
	n := e.checkCols(X)
	if n == 0 {
		return &mat.Dense{}
	}
	phi := mat.NewDense(n, e.features, nil)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const block = 8
	blocks := (n + block - 1) / block
	workers = min(workers, blocks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := e.newTreeShapper()
			for {
				b := int(next.Add(1)) - 1
				if b >= blocks {
					return
				}
				for i := b * block; i < min(n, (b+1)*block); i++ {
					s.row(X.RawRowView(i), phi.RawRowView(i))
				}
			}
		}()
	}
	wg.Wait()
	return phi
}

// MeanAbsSHAP returns, per column of phi (the SHAP values of n rows, as
// returned by SHAP), the mean over the rows of the absolute value: the
// global importance shap's summary plots rank features by. It returns nil
// for a matrix without rows.
func MeanAbsSHAP(phi *mat.Dense) []float64 {
	if phi.IsEmpty() {
		return nil
	}
	n, p := phi.Dims()
	out := make([]float64, p)
	for i := range n {
		for j, v := range phi.RawRowView(i) {
			out[j] += math.Abs(v)
		}
	}
	for j := range out {
		out[j] /= float64(n)
	}
	return out
}

// The SHAP values are computed as in Linear TreeShap (Yu, Peng, Zhang &
// Jiang, NeurIPS 2022), which gives the values of Algorithm 2 of Lundberg
// et al. in O(L·D) per tree rather than O(L·D²). For a leaf l of value v
// whose path from the root splits on the distinct features P, let, for
// j ∈ P, zⱼ be the product of the cover shares of the path's edges on j and
// oⱼ the product of their indicators that x goes that way (1 or 0). The
// leaf's part of the path-dependent value of a set S is
// v·∏_{j∈S} oⱼ·∏_{j∈P∖S} zⱼ, and the Shapley value of i ∈ P in it is
//
//	φᵢ = v·(oᵢ − zᵢ)·∫₀¹ ∏_{j∈P∖{i}} Fⱼ(t) dt,  Fⱼ(t) = zⱼ + t(oⱼ − zⱼ),
//
// because the Shapley weight |S|!(|P|−|S|−1)!/|P|! is ∫₀¹ t^|S|(1−t)^(|P|−|S|−1) dt.
// With G_l = ∏_{j∈P} Fⱼ, the integrand is G_l/Fᵢ, a polynomial of degree
// |P| − 1, so a Gauss–Legendre rule of ⌈max|P|/2⌉ points integrates it
// exactly; every polynomial is held by its values at those points. One
// walk down the tree carries G to each node, and the walk back up sums
// v·G over the leaves below each edge. The leaves below an edge on feature
// i whose last split on i is that edge share their Fᵢ, so their share of
// φᵢ is (oᵢ − zᵢ)·∫ (their sum of v·G)/Fᵢ dt; the leaves with a later split
// on i are taken out of the sum and counted at that split.

// treeShapper holds one goroutine's scratch space.
type treeShapper struct {
	e   *Ensemble
	x   []float64
	phi []float64
	// z and o are, per feature, the path's merged fractions, and cnt the
	// number of edges on the feature on the path (z = o = 1 at 0).
	z, o []float64
	cnt  []int32
	// acc holds per feature, maxQ values each, Σ v·G over the leaves below
	// the edges on the feature visited since the nearest enclosing edge on
	// it cleared it.
	acc   []float64
	stack []float64  // per depth: G, the child's sum, the saved acc; maxQ values each
	inv   []float64  // 1/F at the quadrature points
	r     *gaussRule // the quadrature rule of the current tree
}

func (e *Ensemble) newTreeShapper() *treeShapper {
	s := &treeShapper{
		e: e, z: make([]float64, e.features), o: make([]float64, e.features),
		cnt:   make([]int32, e.features),
		acc:   make([]float64, e.features*e.maxQ),
		stack: make([]float64, 3*(e.maxDepth+2)*e.maxQ),
		inv:   make([]float64, e.maxQ),
	}
	for j := range s.z {
		s.z[j], s.o[j] = 1, 1
	}
	return s
}

// row adds the SHAP values of x to phi.
func (s *treeShapper) row(x, phi []float64) {
	s.x, s.phi = x, phi
	for k := range s.e.trees {
		tr := &s.e.trees[k]
		if tr.nodes[0].feature < 0 {
			continue
		}
		q := tr.q
		s.r = &s.e.rules[q]
		G := s.stack[:q]
		for i := range G {
			G[i] = 1
		}
		s.visit(tr.nodes, 0, G, s.stack[q:2*q], 1)
	}
}

// visit sets sum to Σ v·G over the leaves below node j, G being the path
// product at j, and adds to phi the shares of the edges below j. level is
// j's depth + 1 and selects the scratch space of j's children.
func (s *treeShapper) visit(nodes []pnode, j int32, G, sum []float64, level int) {
	nd := &nodes[j]
	q := len(G)
	base := 3 * level * s.e.maxQ
	Gc := s.stack[base : base+q]
	Sc := s.stack[base+q : base+2*q]
	saved := s.stack[base+2*q : base+3*q]
	f := nd.feature
	acc := s.acc[int(f)*s.e.maxQ : int(f)*s.e.maxQ+q]
	zPrev, oPrev := s.z[f], s.o[f]
	onPath := s.cnt[f] > 0
	r := s.r
	inv := s.inv[:q]
	hot := s.e.next(nd, s.x)
	clear(sum)
	for side := range 2 {
		c, frac := nd.left, nd.fracL
		if side == 1 {
			c, frac = nd.right, nd.fracR
		}
		z, o := zPrev*frac, 0.0
		if c == hot {
			o = oPrev
		}
		if z == 0 && o == 0 {
			continue // every leaf below has weight 0
		}
		// Gc is G with the factor of f replaced: 1 off the path, and
		// positive inside (0, 1) on it, since z and o are not both 0.
		switch {
		case !onPath && o == 0:
			for k := range Gc {
				Gc[k] = G[k] * z * r.omt[k]
			}
		case !onPath:
			for k, t := range r.t {
				Gc[k] = G[k] * (z + t*(o-z))
			}
		case o == 0 && oPrev == 0:
			for k := range Gc {
				Gc[k] = G[k] * frac
			}
		default:
			for k, t := range r.t {
				Gc[k] = G[k] / (zPrev + t*(oPrev-zPrev)) * (z + t*(o-z))
			}
		}
		// rep: a split on f below c, whose leaves are not this edge's.
		rep := nd.repeat && nodes[c].feature >= 0
		if nodes[c].feature < 0 {
			v := nodes[c].value
			for k, g := range Gc {
				Sc[k] = v * g
			}
		} else {
			if rep {
				copy(saved, acc)
				clear(acc)
			}
			s.z[f], s.o[f] = z, o
			s.cnt[f]++
			s.visit(nodes, c, Gc, Sc, level+1)
			s.cnt[f]--
		}
		// The share of the leaves below whose last split on f is this
		// edge: (o − z)·∫ (Σ v·G)/F dt, F = z + t(o − z).
		var in float64
		switch {
		case o == z:
		case o == 0 && rep:
			for k := range Sc {
				in += r.wc[k] * (Sc[k] - acc[k])
			}
			in = -in // (0 − z)/F = −1/(1 − t)
		case o == 0:
			for k := range Sc {
				in += r.wc[k] * Sc[k]
			}
			in = -in
		default:
			for k, t := range r.t {
				inv[k] = r.w[k] / (z + t*(o-z))
			}
			if rep {
				for k := range Sc {
					in += inv[k] * (Sc[k] - acc[k])
				}
			} else {
				for k := range Sc {
					in += inv[k] * Sc[k]
				}
			}
			in *= o - z
		}
		s.phi[f] += in
		switch {
		case onPath && rep:
			for k := range acc {
				acc[k] = saved[k] + Sc[k]
			}
		case onPath:
			for k := range acc {
				acc[k] += Sc[k]
			}
		}
		for k := range sum {
			sum[k] += Sc[k]
		}
	}
	s.z[f], s.o[f] = zPrev, oPrev
}
