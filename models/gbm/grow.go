package gbm

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models/internal/spinpool"
)

// minGain is the gain a split must exceed (XGBoost's kRtEps).
const minGain = 1e-6

// hessFloor bounds p(1−p) below, as XGBoost does, so that saturated rows
// keep a positive hessian.
const hessFloor = 1e-16

// gpair is a gradient and hessian (sum): a row's, or a histogram cell's.
type gpair struct{ g, h float64 }

// split is a candidate split of a node: rows whose code is below bin go
// left, missing values go left when missLeft.
type split struct {
	gain     float64
	feature  int32 // −1: none
	bin      int32 // boundary in 0..nb
	missLeft bool
	gl, hl   float64 // gradient and hessian sums of the left child
}

var noSplit = split{feature: -1}

// better reports whether a beats b: larger gain, then lower feature. It is
// a total order, so the best of a set does not depend on the order in
// which it is searched.
func (a split) better(b split) bool {
	if a.feature < 0 {
		return false
	}
	if b.feature < 0 {
		return true
	}
	return a.gain > b.gain || (a.gain == b.gain && a.feature < b.feature)
}

// node is a node of the tree being grown.
type node struct {
	lo, hi int32   // its rows are idx[lo:hi]
	g, h   float64 // gradient and hessian sums
	score  float64 // G²/(H+λ)
	depth  int     // the root has depth 0
	hist   []gpair // histogram while needed
	best   split   // best split found, if evaluated
	left   int32   // first child (the right one follows); −1: a leaf
}

// pair is a split node's two children: the one with fewer rows is
// histogrammed, the other gets the parent's histogram minus it. The root
// is a pair without a large child.
type pair struct {
	small, large int32 // large is −1 for the root or when it cannot split
}

// worker is the scratch of one goroutine.
type worker struct {
	best []split // best split per node of the batch
	// absent[i] is set when the small node of pair i has every row in
	// the common cell of the sparse feature being finished: no split.
	absent []bool
}

// fitter is the state of one fit.
type fitter struct {
	p    params
	b    *binned
	y, w []float64 // training labels and weights (nil: all 1)
	base float64   // initial margin
	rng  *rand.Rand

	margin   []float64
	gh       []gpair // per row
	idx      []int32 // rows of the current tree, partitioned by node
	ogh      []gpair // ogh[k] = gh[idx[k]] for the rows of the nodes being histogrammed
	tmp      []int32
	sampled  []bool
	selected []bool  // features of the current tree
	tasks    []int32 // of the current tree: j ≥ 0 a dense feature, −(b+1) a sparse block
	nodes    []node
	free     [][]gpair
	workers  []*worker
	pool     *spinpool.Pool
	minH     float64 // the least hessian sum of a child: MinChildWeight, but > 0

	// Early stopping.
	vx     *mat.Dense
	vRows  []int
	vy, vw []float64
	vm     []float64
}

func newFitter(p params, b *binned, y, w []float64, base float64, seed uint64) *fitter {
	n := b.n
	f := &fitter{p: p, b: b, y: y, w: w, base: base,
		rng:      rand.New(rand.NewPCG(seed, streamTrees)),
		margin:   make([]float64, n),
		gh:       make([]gpair, n),
		idx:      make([]int32, 0, n),
		tmp:      make([]int32, n),
		ogh:      make([]gpair, n),
		sampled:  make([]bool, n),
		selected: make([]bool, len(b.feats)),
	}
	for i := range f.margin {
		f.margin[i] = base
	}
	f.minH = max(p.minChildWeight, math.SmallestNonzeroFloat64)
	for range p.workers {
		f.workers = append(f.workers, &worker{})
	}
	f.pool = spinpool.New(p.workers)
	return f
}

// setValidation keeps the held-out rows of early stopping.
func (f *fitter) setValidation(X *mat.Dense, y, w []float64, rows []int) {
	f.vx, f.vRows = X, rows
	f.vy = make([]float64, len(rows))
	f.vw = make([]float64, len(rows))
	f.vm = make([]float64, len(rows))
	for k, i := range rows {
		f.vy[k] = y[i]
		f.vw[k] = 1
		if w != nil {
			f.vw[k] = w[i]
		}
		f.vm[k] = f.base
	}
}

// boost fits the trees and returns the model.
func (f *fitter) boost() *Model {
	m := &Model{BaseScore: f.base, NumFeatures: len(f.b.feats)}
	bestLoss, bestRound := math.Inf(1), -1
	for t := 0; t < f.p.trees; t++ {
		f.gradients()
		f.sample()
		f.grow()
		tree := f.export()
		m.Trees = append(m.Trees, tree)
		f.updateMargins(&tree)
		if f.vx == nil {
			continue
		}
		if loss := f.validationLoss(); loss < bestLoss {
			bestLoss, bestRound = loss, t
		} else if t-bestRound >= f.p.earlyStopping {
			break
		}
	}
	if f.vx != nil {
		m.Trees = m.Trees[:bestRound+1]
	}
	m.Gain = make([]float64, m.NumFeatures)
	for _, tr := range m.Trees {
		for k, j := range tr.Feature {
			if j >= 0 {
				m.Gain[j] += tr.Gain[k]
			}
		}
	}
	return m
}

// gradients sets gh from the margins, a range of rows per worker.
func (f *fitter) gradients() {
	n, nw := len(f.margin), len(f.workers)
	f.pool.Run(func(wi int) {
		for i := wi * n / nw; i < (wi+1)*n/nw; i++ {
			p := sigmoid(f.margin[i])
			g, h := p-f.y[i], math.Max(p*(1-p), hessFloor)
			if f.w != nil {
				g, h = g*f.w[i], h*f.w[i]
			}
			f.gh[i] = gpair{g, h}
		}
	})
}

// sample draws the rows (each with probability Subsample) and the features
// (round down ColSample·p, at least 1) of the next tree.
func (f *fitter) sample() {
	f.idx = f.idx[:0]
	for i := range f.sampled {
		in := f.p.subsample >= 1 || f.rng.Float64() < f.p.subsample
		f.sampled[i] = in
		if in {
			f.idx = append(f.idx, int32(i))
		}
	}
	p := len(f.selected)
	k := max(1, int(f.p.colsample*float64(p)))
	if k >= p {
		for j := range f.selected {
			f.selected[j] = true
		}
	} else {
		clear(f.selected)
		for _, j := range f.rng.Perm(p)[:k] {
			f.selected[j] = true
		}
	}
	// Sparse blocks first: they are the longest tasks.
	f.tasks = f.tasks[:0]
	for bi, blk := range f.b.blocks {
		for _, j := range blk.feats {
			if f.selected[j] {
				f.tasks = append(f.tasks, int32(-bi-1))
				break
			}
		}
	}
	for j, fb := range f.b.feats {
		if f.selected[j] && !fb.sparse {
			f.tasks = append(f.tasks, int32(j))
		}
	}
}

// grow grows one tree into f.nodes.
func (f *fitter) grow() {
	f.nodes = f.nodes[:0]
	root := node{lo: 0, hi: int32(len(f.idx)), left: -1, best: noSplit}
	for _, r := range f.idx {
		root.g += f.gh[r].g
		root.h += f.gh[r].h
	}
	root.score = root.g * root.g / (root.h + f.p.lambda)
	f.nodes = append(f.nodes, root)
	f.nodes[0].hist = f.alloc()
	f.batch([]pair{{small: 0, large: -1}})
	if f.p.maxLeaves > 0 {
		f.growBestFirst()
	} else {
		f.growLevelWise()
	}
}

func (f *fitter) valid(id int32) bool {
	s := &f.nodes[id].best
	return s.feature >= 0 && s.gain > minGain && s.gain >= f.p.gamma
}

func (f *fitter) growLevelWise() {
	frontier := []int32{0}
	var splitting []int32
	for len(frontier) > 0 {
		splitting = splitting[:0]
		for _, id := range frontier {
			if f.valid(id) {
				splitting = append(splitting, id)
			} else {
				f.release(id)
			}
		}
		if len(splitting) == 0 {
			return
		}
		childDepth := f.nodes[splitting[0]].depth + 1
		evaluate := childDepth < f.p.maxDepth
		frontier = f.expand(splitting, evaluate)
	}
}

func (f *fitter) growBestFirst() {
	var queue []int32
	if f.valid(0) {
		queue = append(queue, 0)
	} else {
		f.release(0)
	}
	leaves := 1
	for len(queue) > 0 && leaves < f.p.maxLeaves {
		// The largest gain first, the older node on ties (XGBoost).
		k := 0
		for i, id := range queue {
			if g, bg := f.nodes[id].best.gain, f.nodes[queue[k]].best.gain; g > bg || g == bg && id < queue[k] {
				k = i
			}
		}
		id := queue[k]
		queue = slices.Delete(queue, k, k+1)
		childDepth := f.nodes[id].depth + 1
		evaluate := (f.p.maxDepth == 0 || childDepth < f.p.maxDepth) && leaves+1 < f.p.maxLeaves
		children := f.expand([]int32{id}, evaluate)
		leaves++
		for _, c := range children {
			if evaluate && f.valid(c) {
				queue = append(queue, c)
			} else {
				f.release(c)
			}
		}
	}
	for _, id := range queue {
		f.release(id)
	}
}

func (f *fitter) alloc() []gpair {
	if k := len(f.free); k > 0 {
		h := f.free[k-1]
		f.free = f.free[:k-1]
		return h
	}
	// The slack lets denseTask index any feature's cells as a [256]gpair.
	return make([]gpair, f.b.cells+256)
}

func (f *fitter) release(id int32) {
	if h := f.nodes[id].hist; h != nil {
		f.free = append(f.free, h)
		f.nodes[id].hist = nil
	}
}

// expand splits the given nodes by their best splits and returns their
// children (left, right, left, right, …). If evaluate, the children get
// histograms and best splits; otherwise they are leaves.
func (f *fitter) expand(parents []int32, evaluate bool) []int32 {
	children := make([]int32, 0, 2*len(parents))
	pairs := make([]pair, 0, len(parents))
	for _, id := range parents {
		nd := f.nodes[id]
		s := nd.best
		mid := f.partition(nd.lo, nd.hi, s)
		l := node{lo: nd.lo, hi: mid, g: s.gl, h: s.hl, depth: nd.depth + 1, left: -1, best: noSplit}
		r := node{lo: mid, hi: nd.hi, g: nd.g - s.gl, h: nd.h - s.hl, depth: nd.depth + 1, left: -1, best: noSplit}
		l.score = l.g * l.g / (l.h + f.p.lambda)
		r.score = r.g * r.g / (r.h + f.p.lambda)
		li := int32(len(f.nodes))
		f.nodes[id].left = li
		f.nodes = append(f.nodes, l, r)
		children = append(children, li, li+1)
		if !evaluate {
			f.release(id)
			continue
		}
		small, large := li, li+1
		if r.hi-r.lo < l.hi-l.lo {
			small, large = li+1, li
		}
		// A node whose hessian sum is below 2·MinChildWeight cannot split:
		// it needs no histogram, unless as the small one for its sibling.
		smallSplits, largeSplits := f.canSplit(small), f.canSplit(large)
		if !smallSplits && !largeSplits {
			f.release(id)
			continue
		}
		if largeSplits {
			f.nodes[large].hist = f.nodes[id].hist
			f.nodes[id].hist = nil
		} else {
			f.release(id)
			large = -1
		}
		f.nodes[small].hist = f.alloc()
		pairs = append(pairs, pair{small: small, large: large})
	}
	if len(pairs) > 0 {
		f.batch(pairs)
	}
	return children
}

// canSplit reports whether node id may have two children of hessian sum
// at least MinChildWeight.
func (f *fitter) canSplit(id int32) bool {
	return f.nodes[id].h >= 2*f.minH && f.nodes[id].hi-f.nodes[id].lo >= 2
}

// partition reorders idx[lo:hi] stably so that the rows going left by s
// come first and returns the first index of the right rows.
func (f *fitter) partition(lo, hi int32, s split) int32 {
	fb := &f.b.feats[s.feature]
	col := f.b.codes[int(s.feature)*f.b.n : (int(s.feature)+1)*f.b.n]
	miss, bin := fb.nb, int(s.bin)
	nl, nr := lo, 0
	for _, r := range f.idx[lo:hi] {
		c := int(col[r])
		left := c < bin
		if c == miss {
			left = s.missLeft
		}
		if left {
			f.idx[nl] = r
			nl++
		} else {
			f.tmp[nr] = r
			nr++
		}
	}
	copy(f.idx[nl:hi], f.tmp[:nr])
	return nl
}

// batch histograms the small node of each pair, derives the large one's by
// subtraction from the parent's histogram it holds, and finds the best
// split of every node, in parallel over the tasks of the tree (dense
// features and blocks of sparse features).
func (f *fitter) batch(pairs []pair) {
	for _, pr := range pairs {
		nd := &f.nodes[pr.small]
		og := f.ogh[nd.lo:nd.hi]
		for k, r := range f.idx[nd.lo:nd.hi] {
			og[k] = f.gh[r]
		}
	}
	for _, w := range f.workers {
		w.best = w.best[:0]
		for range 2 * len(pairs) {
			w.best = append(w.best, noSplit)
		}
		w.absent = slices.Grow(w.absent[:0], len(pairs))[:len(pairs)]
	}
	f.pool.For(len(f.tasks), func(wi, k int) {
		w := f.workers[wi]
		if t := f.tasks[k]; t >= 0 {
			f.denseTask(w, int(t), pairs)
		} else {
			f.blockTask(w, int(-t-1), pairs)
		}
	})
	for i, pr := range pairs {
		for k, id := range [2]int32{pr.small, pr.large} {
			if id < 0 {
				continue
			}
			best := noSplit
			for _, w := range f.workers {
				if s := w.best[2*i+k]; s.better(best) {
					best = s
				}
			}
			f.nodes[id].best = best
		}
	}
}

// denseTask histograms feature j column-wise for the small nodes of the
// batch, then finishes it.
func (f *fitter) denseTask(w *worker, j int, pairs []pair) {
	fb := &f.b.feats[j]
	lo, hi := fb.off, fb.off+fb.nb+1
	col := f.b.codes[j*f.b.n : (j+1)*f.b.n]
	clear(w.absent)
	for _, pr := range pairs {
		nd := &f.nodes[pr.small]
		clear(nd.hist[lo:hi])
		h := (*[256]gpair)(nd.hist[lo : lo+256]) // a code indexes it unchecked
		rows := f.idx[nd.lo:nd.hi]
		og := f.ogh[nd.lo:nd.hi]
		og = og[:len(rows)]
		for k, r := range rows {
			c, x := &h[col[r]], og[k]
			c.g += x.g
			c.h += x.h
		}
	}
	f.finish(w, j, pairs)
}

// blockTask histograms the features of sparse block bi row by row for the
// small nodes of the batch, sets each feature's common cell to the node
// total minus its other cells, then finishes the features of the tree.
func (f *fitter) blockTask(w *worker, bi int, pairs []pair) {
	blk := &f.b.blocks[bi]
	for _, pr := range pairs {
		nd := &f.nodes[pr.small]
		h := nd.hist
		clear(h[blk.lo:blk.hi])
		rows := f.idx[nd.lo:nd.hi]
		og := f.ogh[nd.lo:nd.hi]
		og = og[:len(rows)]
		for k, r := range rows {
			x := og[k]
			for _, c := range blk.cell[blk.rowPtr[r]:blk.rowPtr[r+1]] {
				cp := &h[c]
				cp.g += x.g
				cp.h += x.h
			}
		}
	}
	for _, j := range blk.feats {
		if !f.selected[j] {
			continue
		}
		fb := &f.b.feats[j]
		for i, pr := range pairs {
			nd := &f.nodes[pr.small]
			h := nd.hist[fb.off : fb.off+fb.nb+1]
			var s gpair
			for _, c := range h {
				s.g += c.g
				s.h += c.h
			}
			h[fb.def] = gpair{nd.g - s.g, nd.h - s.h}
			w.absent[i] = s.h == 0 && s.g == 0
		}
		f.finish(w, j, pairs)
	}
}

// finish derives the large nodes' cells of feature j by subtraction and
// records the best splits on j of all nodes of the batch in w.
func (f *fitter) finish(w *worker, j int, pairs []pair) {
	fb := &f.b.feats[j]
	lo, hi := fb.off, fb.off+fb.nb+1
	for i, pr := range pairs {
		small := &f.nodes[pr.small]
		hs := small.hist[lo:hi]
		if w.absent[i] {
			// Nothing to evaluate in the small node.
		} else if s := f.evalFeature(hs, nil, j, small); s.better(w.best[2*i]) {
			w.best[2*i] = s
		}
		if pr.large < 0 {
			continue
		}
		large := &f.nodes[pr.large]
		if s := f.evalFeature(large.hist[lo:hi], hs, j, large); s.better(w.best[2*i+1]) {
			w.best[2*i+1] = s
		}
	}
}

// evalFeature returns the best split on feature j of node nd, from its
// histogram cells h; if sub is not nil, h holds the parent's cells and
// evalFeature first turns them into nd's by subtracting sub, the
// sibling's, in the same pass as the scan. The cells are nb value bins
// and then missing values. Like XGBoost it first scans the bins upwards with
// missing values on the right, then, if the node has missing values,
// downwards with them on the left; a later candidate replaces an earlier
// one only with a strictly larger gain. Empty bins are stepped over: the
// boundaries around them split the rows alike, and the first one scanned
// is kept.
//
// The scan compares G_L²/(H_L+λ) + G_R²/(H_R+λ) between candidates as the
// fraction (G_L²(H_R+λ) + G_R²(H_L+λ)) / ((H_L+λ)(H_R+λ)) by cross
// multiplication, which needs no division in the loop; the gain of the
// best candidate is computed afterwards with the formula itself. Every bin
// is evaluated and the rare winner is then checked for an empty bin or a
// light child: a test that is almost always false costs less than a branch
// on whether a bin is empty, which small nodes make unpredictable (7 %
// faster on the demo cohort).
func (f *fitter) evalFeature(h, sub []gpair, j int, nd *node) split {
	lambda, minH := f.p.lambda, f.minH
	G, H := nd.g, nd.h
	if H < 2*minH || len(h) < 3 {
		return noSplit // too light, or a constant feature (never read)
	}
	nb := len(h) - 1
	if sub != nil {
		sub = sub[:len(h)]
		h[nb] = gpair{h[nb].g - sub[nb].g, h[nb].h - sub[nb].h}
	}
	hasMiss := h[nb].g != 0 || h[nb].h != 0
	// Best fraction so far, num/den; the parent's score is "no split".
	parent := nd.score
	bestNum, bestDen := parent, 1.0
	bestBin, bestLeft := -1, false
	var best gpair

	// Upwards, missing right: boundary b+1 (bins ≤ b on the left) is
	// evaluated after adding bin b, unless that bin is empty (a boundary
	// after an empty bin splits the rows like the one before it).
	last := nb - 1
	if hasMiss {
		last = nb
	}
	var l gpair
	if sub == nil {
		for b, x := range h[:last] {
			l.g += x.g
			l.h += x.h
			hr := H - l.h
			if hr < minH {
				break
			}
			gr := G - l.g
			a, c := l.h+lambda, hr+lambda
			if num, den := l.g*l.g*c+gr*gr*a, a*c; num*bestDen > bestNum*den && x.h != 0 && l.h >= minH {
				bestNum, bestDen = num, den
				bestBin, best = b+1, l
			}
		}
	} else {
		// The same scan, subtracting as it goes; then the rest.
		b := 0
		for ; b < last; b++ {
			x := gpair{h[b].g - sub[b].g, h[b].h - sub[b].h}
			h[b] = x
			l.g += x.g
			l.h += x.h
			hr := H - l.h
			if hr < minH {
				b++
				break
			}
			gr := G - l.g
			a, c := l.h+lambda, hr+lambda
			if num, den := l.g*l.g*c+gr*gr*a, a*c; num*bestDen > bestNum*den && x.h != 0 && l.h >= minH {
				bestNum, bestDen = num, den
				bestBin, best = b+1, l
			}
		}
		for ; b < nb; b++ {
			h[b] = gpair{h[b].g - sub[b].g, h[b].h - sub[b].h}
		}
	}
	if hasMiss {
		// Downwards, missing left: boundary b (bins ≥ b on the right) is
		// evaluated after adding bin b, unless that bin is empty.
		var r gpair
		for b := nb - 1; b >= 0; b-- {
			x := h[b]
			r.g += x.g
			r.h += x.h
			hl := H - r.h
			if hl < minH {
				break
			}
			gl := G - r.g
			a, c := hl+lambda, r.h+lambda
			if num, den := gl*gl*c+r.g*r.g*a, a*c; num*bestDen > bestNum*den && x.h != 0 && r.h >= minH {
				bestNum, bestDen = num, den
				bestBin, bestLeft, best = b, true, gpair{gl, hl}
			}
		}
	}
	if bestBin < 0 {
		return noSplit
	}
	gr, hr := G-best.g, H-best.h
	gain := best.g*best.g/(best.h+lambda) + gr*gr/(hr+lambda) - parent
	return split{gain: gain, feature: int32(j), bin: int32(bestBin), missLeft: bestLeft, gl: best.g, hl: best.h}
}

// leafWeight returns −G/(H+λ), or 0 when H is below MinChildWeight or not
// positive (XGBoost's CalcWeight).
func (f *fitter) leafWeight(G, H float64) float64 {
	if H < f.p.minChildWeight || H <= 0 {
		return 0
	}
	return -G / (H + f.p.lambda)
}

// export returns the grown tree in its fitted form.
func (f *fitter) export() Tree {
	k := len(f.nodes)
	t := Tree{
		Feature:     make([]int32, k),
		Threshold:   make([]float64, k),
		MissingLeft: make([]bool, k),
		Left:        make([]int32, k),
		Right:       make([]int32, k),
		Value:       make([]float64, k),
		Gain:        make([]float64, k),
	}
	for i, nd := range f.nodes {
		if nd.left < 0 {
			t.Feature[i], t.Left[i], t.Right[i] = -1, -1, -1
			t.Value[i] = f.p.eta * f.leafWeight(nd.g, nd.h)
			continue
		}
		s := nd.best
		fb := &f.b.feats[s.feature]
		t.Feature[i] = s.feature
		switch {
		case s.bin == 0:
			t.Threshold[i] = -math.MaxFloat64 // all values right
		case int(s.bin) == fb.nb:
			t.Threshold[i] = math.MaxFloat64 // all values left
		default:
			t.Threshold[i] = fb.cuts[s.bin-1]
		}
		t.MissingLeft[i] = s.missLeft
		t.Left[i], t.Right[i] = nd.left, nd.left+1
		t.Gain[i] = s.gain
	}
	return t
}

// updateMargins adds the tree's leaf values to the training margins (the
// sampled rows by their leaf's rows, the others by descending with their
// codes) and to the validation margins. Every row is updated once, by one
// worker: worker w takes every nw-th leaf and the w-th range of the other
// rows.
func (f *fitter) updateMargins(t *Tree) {
	nw := len(f.workers)
	f.pool.Run(func(wi int) {
		for i := wi; i < len(f.nodes); i += nw {
			nd := &f.nodes[i]
			if nd.left >= 0 {
				continue
			}
			v := t.Value[i]
			for _, r := range f.idx[nd.lo:nd.hi] {
				f.margin[r] += v
			}
		}
		n := f.b.n
		if len(f.idx) < n {
			for r := wi * n / nw; r < (wi+1)*n/nw; r++ {
				if f.sampled[r] {
					continue
				}
				id := int32(0)
				for f.nodes[id].left >= 0 {
					s := &f.nodes[id].best
					c := int(f.b.codes[int(s.feature)*n+r])
					left := c < int(s.bin)
					if c == f.b.feats[s.feature].nb {
						left = s.missLeft
					}
					id = f.nodes[id].left
					if !left {
						id++
					}
				}
				f.margin[r] += t.Value[id]
			}
		}
		if f.vx != nil {
			raw := f.vx.RawMatrix()
			nv := len(f.vRows)
			for k := wi * nv / nw; k < (wi+1)*nv/nw; k++ {
				i := f.vRows[k]
				f.vm[k] += t.Value[t.leaf(raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols])]
			}
		}
	})
}

// validationLoss returns the weighted mean log-loss of the held-out rows.
func (f *fitter) validationLoss() float64 {
	var loss, sw float64
	for k, F := range f.vm {
		loss += f.vw[k] * (softplus(F) - f.vy[k]*F)
		sw += f.vw[k]
	}
	if sw == 0 {
		return 0
	}
	return loss / sw
}

// sigmoid returns 1/(1+e⁻ᶻ) without overflow.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// softplus returns log(1+eᶻ) without overflow or loss of precision.
func softplus(z float64) float64 {
	return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
}
