package forest

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// sparseRatio decides how a node sums a two-valued column: over the
// column's list of rows with the minor code when the list is shorter than
// sparseRatio·m for m rows in the node, otherwise over the node's rows.
const sparseRatio = 2

// builder grows trees on one coded matrix. It holds the scratch space of
// one goroutine and is reused from tree to tree.
type builder[C code] struct {
	c       *columns[C]
	y, w    []float64
	mtry    int
	minLeaf int
	depth   int // 0: unlimited
	nDraw   int // bootstrap draws; 0: no bootstrap
	prior   float64

	rng   *rand.Rand
	pcg   *rand.PCG
	count []int32 // bootstrap count of each row
	wy    []pair  // weight of each row in the tree (count × case weight), and that × y
	idx   []int32 // the tree's rows, partitioned node by node
	mark  []int32 // the node a row is in while that node is searched; −1 out of the tree

	features []int32 // column indices; known-constant ones first
	constant []int32 // the known-constant columns in their original order

	hist []pair   // histogram: weight and class-1 weight per code
	hn   []int32  // histogram: rows per code
	used []uint64 // histogram: bit c set when code c has rows

	stack []frame
	t     Tree
}

// frame is a node waiting to be grown: its rows idx[start:end], its depth,
// its parent and the number of columns known to be constant in it.
type frame struct {
	start, end, depth, parent, nConst int32
	left                              bool
}

// split is the best split found so far at a node: rows whose code in
// column feature is ≤ code go left.
type split struct {
	score   float64
	feature int
	code    int // the largest code going left
	next    int // the smallest code going right
}

// pair is a weight and its class-1 part.
type pair struct{ w, wy float64 }

// score returns the Gini proxy of a split into left (wl, yl) and right
// (wr, yr) weights and class-1 weights: yl²/wl + yr²/wr, with one division.
func score(wl, yl, wr, yr float64) float64 {
	return (yl*yl*wr + yr*yr*wl) / (wl * wr)
}

func newBuilder[C code](c *columns[C], y, w []float64, s Spec, prior float64) *builder[C] {
	n, p := c.n, len(c.vals)
	b := &builder[C]{
		c: c, y: y, w: w,
		mtry: s.MaxFeatures, minLeaf: s.MinLeaf, depth: s.MaxDepth, prior: prior,
		pcg:   rand.NewPCG(0, 0),
		count: make([]int32, n), wy: make([]pair, n),
		idx: make([]int32, 0, n), mark: make([]int32, n),
		features: make([]int32, p), constant: make([]int32, p),
		hist: make([]pair, c.maxK), hn: make([]int32, c.maxK),
		used: make([]uint64, (c.maxK+63)/64),
	}
	b.rng = rand.New(b.pcg)
	if !s.NoBootstrap {
		b.nDraw = max(1, int(math.Round(s.SampleFraction*float64(n))))
	}
	return b
}

// tree grows one tree from the generator seeds and marks the rows its
// bootstrap sample drew in inBag (all rows without the bootstrap).
func (b *builder[C]) tree(seed [2]uint64, inBag []uint64) Tree {
	b.pcg.Seed(seed[0], seed[1])
	n := b.c.n
	if b.nDraw == 0 {
		for i := range b.count {
			b.count[i] = 1
		}
	} else {
		clear(b.count)
		for range b.nDraw {
			b.count[b.rng.IntN(n)]++
		}
	}
	b.idx = b.idx[:0]
	for i := range b.mark {
		b.mark[i] = -1
	}
	for i, k := range b.count {
		// Rows outside the tree keep weight 0: the sparse sums of
		// searchColumn multiply them by 0 rather than skip them.
		b.wy[i] = pair{}
		if k == 0 {
			continue
		}
		inBag[i/64] |= 1 << (i % 64)
		if b.w[i] == 0 {
			continue
		}
		tw := float64(k) * b.w[i]
		b.wy[i] = pair{tw, tw * b.y[i]}
		b.idx = append(b.idx, int32(i))
	}
	for j := range b.features {
		b.features[j] = int32(j)
	}

	t := &b.t
	t.Feature, t.Threshold, t.Left, t.Right, t.Value, t.Weight = t.Feature[:0], t.Threshold[:0], t.Left[:0], t.Right[:0], t.Value[:0], t.Weight[:0]
	b.stack = append(b.stack[:0], frame{start: 0, end: int32(len(b.idx)), parent: -1})
	for len(b.stack) > 0 {
		f := b.stack[len(b.stack)-1]
		b.stack = b.stack[:len(b.stack)-1]
		id := int32(len(t.Feature))
		if f.parent >= 0 {
			if f.left {
				t.Left[f.parent] = id
			} else {
				t.Right[f.parent] = id
			}
		}
		rows := b.idx[f.start:f.end]
		var sw, swy float64
		var pos int
		for _, r := range rows {
			b.mark[r] = id
			sw += b.wy[r].w
			swy += b.wy[r].wy
			pos += int(b.y[r]) // y is 0 or 1
		}
		value := b.prior // only for a tree without rows of positive weight
		if sw > 0 {
			value = swy / sw
		}
		t.Feature = append(t.Feature, -1)
		t.Threshold = append(t.Threshold, 0)
		t.Left = append(t.Left, -1)
		t.Right = append(t.Right, -1)
		t.Value = append(t.Value, value)
		t.Weight = append(t.Weight, sw)

		m := len(rows)
		if pos == 0 || pos == m || m < 2*b.minLeaf || (b.depth > 0 && int(f.depth) >= b.depth) {
			continue
		}
		nConst := int(f.nConst)
		best := b.findSplit(id, rows, sw, swy, &nConst)
		if best.feature < 0 {
			continue
		}
		// Partition the rows: codes ≤ best.code first.
		col := b.c.codes[best.feature*n : (best.feature+1)*n]
		lo, hi := 0, m-1
		for lo <= hi {
			if int(col[rows[lo]]) <= best.code {
				lo++
			} else {
				rows[lo], rows[hi] = rows[hi], rows[lo]
				hi--
			}
		}
		t.Feature[id] = int32(best.feature)
		vals := b.c.vals[best.feature]
		t.Threshold[id] = midpoint(vals[best.code], vals[best.next])
		mid := f.start + int32(lo)
		// The left child is grown first, as in scikit-learn's depth-first
		// builder.
		b.stack = append(b.stack,
			frame{start: mid, end: f.end, depth: f.depth + 1, parent: id, nConst: int32(nConst)},
			frame{start: f.start, end: mid, depth: f.depth + 1, parent: id, nConst: int32(nConst), left: true})
	}
	return Tree{
		Feature: slices.Clone(t.Feature), Threshold: slices.Clone(t.Threshold),
		Left: slices.Clone(t.Left), Right: slices.Clone(t.Right),
		Value: slices.Clone(t.Value), Weight: slices.Clone(t.Weight),
	}
}

// findSplit draws columns and returns the best split of the node's rows
// (feature −1 if none), with sw and swy the node's total weight and
// class-1 weight. The columns are drawn as in scikit-learn's BestSplitter:
// without replacement, skipping columns known to be constant in the node,
// counting drawn columns that turn out constant, until mtry columns are
// drawn and at least one of them is not constant. *nConst is the number
// of columns known to be constant in the node on entry (the first
// *nConst of b.features) and in its children on return.
//
// A split is scored by S = L₁²/W_L + R₁²/W_R, with W_L, W_R the children's
// weights and L₁, R₁ their class-1 weights. The children's weighted Gini
// impurity is W_L·G_L + W_R·G_R = 2(W₁ − S) for a node of class-1 weight
// W₁, so the largest score is the best split (scikit-learn's
// proxy_impurity_improvement); the first one found wins ties.
func (b *builder[C]) findSplit(id int32, rows []int32, sw, swy float64, nConst *int) split {
	best := split{score: math.Inf(-1), feature: -1}
	features := b.features
	nKnown := *nConst
	nFound, nDrawn, nVisited := 0, 0, 0
	nTotal := nKnown
	fi := len(features)
	for fi > nTotal && (nVisited < b.mtry || nVisited <= nFound+nDrawn) {
		nVisited++
		fj := nDrawn + b.rng.IntN(fi-nFound-nDrawn)
		if fj < nKnown {
			features[nDrawn], features[fj] = features[fj], features[nDrawn]
			nDrawn++
			continue
		}
		fj += nFound
		if b.searchColumn(int(features[fj]), id, rows, sw, swy, &best) {
			features[fj], features[nTotal] = features[nTotal], features[fj]
			nFound++
			nTotal++
			continue
		}
		fi--
		features[fi], features[fj] = features[fj], features[fi]
	}
	// Keep the known constants in their original order for the sibling
	// and add the newly found ones after them for the children.
	copy(features[:nKnown], b.constant[:nKnown])
	copy(b.constant[nKnown:nTotal], features[nKnown:nTotal])
	*nConst = nTotal
	return best
}

// searchColumn updates best with the best split on column j of the rows
// of node id, and reports whether the column is constant in them.
func (b *builder[C]) searchColumn(j int, id int32, rows []int32, sw, swy float64, best *split) (constant bool) {
	n := b.c.n
	col := b.c.codes[j*n : (j+1)*n]
	m := len(rows)
	wy := b.wy
	minLeaf := b.minLeaf
	switch k := int(b.c.distinct[j]); {
	case k == 1:
		return true

	case k == 2:
		// Sum the rows whose code is the column's minor one, over the
		// column's list of such rows when it is shorter than the node.
		mc := b.c.minorCode[j]
		var s, s1 float64
		var cnt int
		if list := b.c.minor[b.c.minorStart[j]:b.c.minorStart[j+1]]; len(list) < sparseRatio*m {
			mark := b.mark
			for _, r := range list {
				// in is 1 when row r is in the node and 0 otherwise,
				// without a branch: d | −d has its sign bit set iff d ≠ 0.
				d := mark[r] ^ id
				in := 1 + (d|-d)>>31
				f := float64(in)
				s += f * wy[r].w
				s1 += f * wy[r].wy
				cnt += int(in)
			}
		} else {
			flip := uint64(1 - mc)
			bw := b.c.bits[j*b.c.words : (j+1)*b.c.words]
			for _, r := range rows {
				c := (bw[r/64]>>(r%64))&1 ^ flip // 1 where the code is mc
				f := float64(c)
				s += f * wy[r].w
				s1 += f * wy[r].wy
				cnt += int(c)
			}
		}
		if cnt == 0 || cnt == m {
			return true
		}
		if cnt >= minLeaf && m-cnt >= minLeaf {
			wl, yl := s, s1 // the minor code is 0: left
			if mc == 1 {
				wl, yl = sw-s, swy-s1
			}
			if sc := score(wl, yl, sw-wl, swy-yl); sc > best.score {
				*best = split{score: sc, feature: j, code: 0, next: 1}
			}
		}
		return false

	default:
		// A histogram over the codes, scanned through the bitmap of the
		// codes present: O(m + K/64 + distinct codes), cheaper than
		// sorting the node's values even for small nodes. Row counts per
		// code are only needed to check MinLeaf.
		hist, hn, used := b.hist, b.hn, b.used
		if minLeaf == 1 {
			for _, r := range rows {
				c := col[r]
				hist[c].w += wy[r].w
				hist[c].wy += wy[r].wy
				used[c/64] |= 1 << (c % 64)
			}
		} else {
			for _, r := range rows {
				c := col[r]
				hist[c].w += wy[r].w
				hist[c].wy += wy[r].wy
				hn[c]++
				used[c/64] |= 1 << (c % 64)
			}
		}
		var wl, yl float64
		nl, prev, distinct := 0, -1, 0
		for u := range (k + 63) / 64 {
			bitsU := used[u]
			if bitsU == 0 {
				continue
			}
			used[u] = 0
			for bitsU != 0 {
				c := u*64 + bits.TrailingZeros64(bitsU)
				bitsU &= bitsU - 1
				if prev >= 0 && (minLeaf == 1 || nl >= minLeaf && m-nl >= minLeaf) {
					if sc := score(wl, yl, sw-wl, swy-yl); sc > best.score {
						*best = split{score: sc, feature: j, code: prev, next: c}
					}
				}
				wl += hist[c].w
				yl += hist[c].wy
				hist[c] = pair{}
				if minLeaf > 1 {
					nl += int(hn[c])
					hn[c] = 0
				}
				prev = c
				distinct++
			}
		}
		return distinct == 1
	}
}

// midpoint returns the threshold between neighbouring values a < b the way
// scikit-learn does: a/2 + b/2, or a if rounding gives b or overflows.
func midpoint(a, b float64) float64 {
	t := a/2 + b/2
	if t == b || math.IsInf(t, 0) {
		t = a
	}
	return t
}
