package gbm

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// binned holds the training rows of a fit as bin codes.
type binned struct {
	n     int       // rows
	feats []feature // one per column of X
	// codes holds the bin code of row i of feature j at codes[j*n+i]
	// (column-major); a missing value has code feats[j].nb.
	codes []uint8
	cells int // histogram cells of all features, Σ (nb+1)
	// blocks hold the sparse features, row by row (see sparseBlock).
	blocks []sparseBlock
}

// sparseBlock holds a contiguous range of sparse features in compressed
// sparse row form: the entries of row i, those whose code differs from
// their feature's common code, are cell[rowPtr[i]:rowPtr[i+1]], each the
// index of its histogram cell (off+code), in increasing feature order. Histogramming a node then costs one update per entry of its rows,
// with no dependency between consecutive updates, and the blocks are
// histogrammed in parallel.
type sparseBlock struct {
	feats  []int // ascending
	lo, hi int   // the histogram cells of the block's features
	rowPtr []int32
	cell   []int32
}

// feature is the binning of one column.
type feature struct {
	// cuts are the bin edges, ascending: a value v has the code
	// #{c ∈ cuts : c ≤ v}, so code k holds cuts[k−1] ≤ v < cuts[k].
	cuts []float64
	nb   int // value bins, len(cuts)+1; the missing cell has index nb
	off  int // offset of the feature's nb+1 cells in a node histogram
	// When at most half the rows differ from the most common code, def,
	// the feature is sparse: it is histogrammed from a sparseBlock, and the
	// cell of def is the node total minus the others.
	def    uint8
	sparse bool
	nnz    int // rows whose code is not def
}

// smallDistinct is the largest number of distinct values that is found by
// a linear scan rather than by sorting the column.
const smallDistinct = 16

// binFeatures bins the columns of X on the given rows, weighting the
// quantiles by w (nil: all 1).
func binFeatures(X *mat.Dense, rows []int, w []float64, maxBins, workers int) *binned {
	_, p := X.Dims()
	n := len(rows)
	b := &binned{n: n, feats: make([]feature, p), codes: make([]uint8, n*p)}
	raw := X.RawMatrix()
	// Blocks of 8 columns share cache lines of the row-major X.
	const block = 8
	nBlocks := (p + block - 1) / block
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, nBlocks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals := make([]float64, block*n)
			var sc binScratch
			for {
				blk := int(next.Add(1) - 1)
				if blk >= nBlocks {
					return
				}
				j0, j1 := blk*block, min(blk*block+block, p)
				for k, i := range rows {
					row := raw.Data[i*raw.Stride+j0 : i*raw.Stride+j1]
					for jj, v := range row {
						vals[jj*n+k] = v
					}
				}
				for j := j0; j < j1; j++ {
					col := vals[(j-j0)*n : (j-j0+1)*n]
					b.feats[j] = sc.bin(col, w, maxBins, b.codes[j*n:(j+1)*n])
				}
			}
		}()
	}
	wg.Wait()
	// The cells of the sparse features come first, so that each sparse
	// block's cells are contiguous.
	for _, sparse := range []bool{true, false} {
		for j := range b.feats {
			if b.feats[j].sparse == sparse {
				b.feats[j].off = b.cells
				b.cells += b.feats[j].nb + 1
			}
		}
	}
	b.sparseBlocks(2 * workers)
	return b
}

// sparseBlocks splits the sparse features into at most k blocks of about
// equal entries and builds them.
func (b *binned) sparseBlocks(k int) {
	var sp []int
	total := 0
	for j, f := range b.feats {
		if f.sparse {
			sp = append(sp, j)
			total += f.nnz
		}
	}
	if len(sp) == 0 {
		return
	}
	k = max(1, min(k, len(sp)))
	start, acc := 0, 0
	for i, j := range sp {
		acc += b.feats[j].nnz
		if acc*k >= total*(len(b.blocks)+1) || i == len(sp)-1 {
			b.blocks = append(b.blocks, sparseBlock{feats: sp[start : i+1]})
			start = i + 1
		}
	}
	var wg sync.WaitGroup
	for bi := range b.blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.buildBlock(&b.blocks[bi])
		}()
	}
	wg.Wait()
}

func (b *binned) buildBlock(blk *sparseBlock) {
	n := b.n
	first, last := &b.feats[blk.feats[0]], &b.feats[blk.feats[len(blk.feats)-1]]
	blk.lo, blk.hi = first.off, last.off+last.nb+1
	blk.rowPtr = make([]int32, n+1)
	nnz := 0
	for _, j := range blk.feats {
		def := b.feats[j].def
		for i, c := range b.codes[j*n : (j+1)*n] {
			if c != def {
				blk.rowPtr[i+1]++
			}
		}
		nnz += b.feats[j].nnz
	}
	for i := range n {
		blk.rowPtr[i+1] += blk.rowPtr[i]
	}
	blk.cell = make([]int32, nnz)
	pos := slices.Clone(blk.rowPtr[:n])
	for _, j := range blk.feats {
		f := &b.feats[j]
		for i, c := range b.codes[j*n : (j+1)*n] {
			if c != f.def {
				blk.cell[pos[i]] = int32(f.off + int(c))
				pos[i]++
			}
		}
	}
}

type binScratch struct {
	sorted []float64
	pairs  []valueWeight
	dv, dw []float64
}

type valueWeight struct{ v, w float64 }

// bin computes the cuts of one column and writes its codes.
func (sc *binScratch) bin(col, w []float64, maxBins int, codes []uint8) feature {
	hasNaN := false
	for _, v := range col {
		if v != v {
			hasNaN = true
			break
		}
	}
	limit := maxBins
	if hasNaN {
		limit--
	}
	var cuts []float64
	if d, ok := smallSet(col); ok {
		// Few distinct values: one bin each (limit ≥ 1 and len(d) ≤ 16 may
		// exceed a tiny MaxBins, so fall through to quantiles then).
		if len(d) <= limit {
			slices.Sort(d)
			if len(d) > 1 {
				cuts = d[1:]
			}
		} else {
			cuts = sc.quantileCuts(col, w, limit)
		}
	} else {
		cuts = sc.quantileCuts(col, w, limit)
	}
	f := feature{cuts: cuts, nb: len(cuts) + 1}
	var counts [257]int
	for i, v := range col {
		var c int
		if v != v {
			c = f.nb
		} else {
			c = upperBound(cuts, v)
		}
		codes[i] = uint8(c)
		counts[c]++
	}
	best := 0
	for c := 1; c <= f.nb; c++ {
		if counts[c] > counts[best] {
			best = c
		}
	}
	f.def = uint8(best)
	f.nnz = len(col) - counts[best]
	f.sparse = f.nnz <= len(col)/2
	return f
}

// smallSet returns the distinct non-NaN values of col if there are at most
// smallDistinct of them.
func smallSet(col []float64) ([]float64, bool) {
	d := make([]float64, 0, smallDistinct)
	last := math.NaN()
outer:
	for _, v := range col {
		if v == last || v != v {
			continue
		}
		last = v
		for _, u := range d {
			if u == v {
				continue outer
			}
		}
		if len(d) == smallDistinct {
			return nil, false
		}
		d = append(d, v)
	}
	return d, true
}

// quantileCuts returns at most limit−1 cuts: every distinct value but the
// smallest when there are at most limit distinct values, else the values
// at which the weighted cumulative distribution first reaches b/limit,
// b = 1, …, limit−1 (without repeats). Zero total weight counts rows.
func (sc *binScratch) quantileCuts(col, w []float64, limit int) []float64 {
	sc.dv, sc.dw = sc.dv[:0], sc.dw[:0]
	if w == nil {
		sc.sorted = sc.sorted[:0]
		for _, v := range col {
			if v == v {
				sc.sorted = append(sc.sorted, v)
			}
		}
		slices.Sort(sc.sorted)
		for _, v := range sc.sorted {
			if k := len(sc.dv); k > 0 && sc.dv[k-1] == v {
				sc.dw[k-1]++
			} else {
				sc.dv = append(sc.dv, v)
				sc.dw = append(sc.dw, 1)
			}
		}
	} else {
		sc.pairs = sc.pairs[:0]
		for i, v := range col {
			if v == v {
				sc.pairs = append(sc.pairs, valueWeight{v, w[i]})
			}
		}
		slices.SortFunc(sc.pairs, func(a, b valueWeight) int {
			switch {
			case a.v < b.v:
				return -1
			case a.v > b.v:
				return 1
			}
			return 0
		})
		var total float64
		for _, pw := range sc.pairs {
			total += pw.w
		}
		for _, pw := range sc.pairs {
			wt := pw.w
			if total == 0 {
				wt = 1
			}
			if k := len(sc.dv); k > 0 && sc.dv[k-1] == pw.v {
				sc.dw[k-1] += wt
			} else {
				sc.dv = append(sc.dv, pw.v)
				sc.dw = append(sc.dw, wt)
			}
		}
	}
	k := len(sc.dv)
	if k <= limit {
		if k <= 1 {
			return nil
		}
		return slices.Clone(sc.dv[1:])
	}
	var total float64
	for _, v := range sc.dw {
		total += v
	}
	cuts := make([]float64, 0, limit-1)
	var cum float64
	i := 0
	for b := 1; b < limit; b++ {
		target := float64(b) * total / float64(limit)
		for i < k-1 && cum+sc.dw[i] < target {
			cum += sc.dw[i]
			i++
		}
		// Rows up to distinct value i reach the target: cut above it.
		if i+1 < k {
			c := sc.dv[i+1]
			if len(cuts) == 0 || c > cuts[len(cuts)-1] {
				cuts = append(cuts, c)
			}
		}
	}
	return cuts
}

// upperBound returns the number of cuts ≤ v.
func upperBound(cuts []float64, v float64) int {
	lo, hi := 0, len(cuts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cuts[m] <= v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
