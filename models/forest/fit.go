package forest

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// code is the type of a column's value codes: the rank of the value among
// the column's distinct training values.
type code interface{ ~uint16 | ~uint32 }

// columns is the training matrix coded once per fit: each column's
// distinct values in increasing order and, for every row, the index of its
// value among them. Splits are searched on the codes, so equal values are
// never separated and every threshold lies between two training values.
type columns[C code] struct {
	n     int
	codes []C         // column-major: codes[j*n+i] is the code of X[i, j]
	vals  [][]float64 // vals[j] holds the distinct values of column j, increasing
	maxK  int         // the largest len(vals[j])
	// distinct[j] is len(vals[j]).
	distinct []int32

	// For a two-valued column j, minor[minorStart[j]:minorStart[j+1]]
	// lists the rows, in increasing order, whose code is minorCode[j], the
	// less frequent of the two (1 on a tie). Most columns of a cohort are
	// sparse indicators, so a node sums a column over this short list
	// rather than over all its rows.
	minor      []int32
	minorStart []int
	minorCode  []uint8
	// bits[j*words:(j+1)*words] has bit i set when the code of row i in
	// the two-valued column j is 1; a few dozen cache lines for all such
	// columns, where their codes take a few hundred.
	bits  []uint64
	words int
}

// fit grows the forest; X is finite, y and w checked, s resolved.
func fit(X *mat.Dense, y, w []float64, s Spec, workers int, seed uint64) *Model {
	_, p := X.Dims()
	vals := make([][]float64, p)
	parallelFor(workers, p, func(j int) {
		col := mat.Col(nil, j, X)
		slices.Sort(col)
		vals[j] = slices.Clip(slices.Compact(col))
	})
	maxK := 0
	for _, v := range vals {
		maxK = max(maxK, len(v))
	}
	var trees []Tree
	var inBag []uint64
	if maxK <= math.MaxUint16+1 {
		trees, inBag = grow(encode[uint16](X, vals, maxK, workers), y, w, s, workers, seed)
	} else {
		trees, inBag = grow(encode[uint32](X, vals, maxK, workers), y, w, s, workers, seed)
	}
	m := &Model{Spec: s, Features: p, Trees: trees, Importance: importance(trees, p), packed: pack(trees)}
	m.oob, m.oobTrees = m.outOfBag(X, inBag, workers)
	return m
}

// encode codes X by the sorted distinct values of its columns.
func encode[C code](X *mat.Dense, vals [][]float64, maxK, workers int) *columns[C] {
	n, p := X.Dims()
	c := &columns[C]{n: n, codes: make([]C, n*p), vals: vals, maxK: maxK,
		minorStart: make([]int, p+1), minorCode: make([]uint8, p)}
	c.words = (n + 63) / 64
	c.distinct = make([]int32, p)
	for j, v := range vals {
		c.distinct[j] = int32(len(v))
	}
	c.bits = make([]uint64, p*c.words)
	raw := X.RawMatrix()
	parallelFor(workers, p, func(j int) {
		v := vals[j]
		out := c.codes[j*n : (j+1)*n]
		for i := range out {
			x := raw.Data[i*raw.Stride+j]
			if len(v) == 2 {
				if x == v[1] {
					out[i] = 1
				}
				continue
			}
			k, _ := slices.BinarySearch(v, x)
			out[i] = C(k)
		}
	})
	for j := range p {
		c.minorStart[j+1] = c.minorStart[j]
		if len(vals[j]) != 2 {
			continue
		}
		col := c.codes[j*n : (j+1)*n]
		var ones int
		for i, v := range col {
			ones += int(v)
			c.bits[j*c.words+i/64] |= uint64(v) << (i % 64)
		}
		c.minorCode[j] = 1
		if ones > n-ones {
			c.minorCode[j] = 0
		}
		for i, v := range col {
			if uint8(v) == c.minorCode[j] {
				c.minor = append(c.minor, int32(i))
			}
		}
		c.minorStart[j+1] = len(c.minor)
	}
	return c
}

// grow grows s.Trees trees on the coded matrix and returns them with a
// bitset per tree of the rows its bootstrap sample drew (bit i of
// inBag[t*words:]), words = ⌈n/64⌉ words per tree.
func grow[C code](c *columns[C], y, w []float64, s Spec, workers int, seed uint64) (trees []Tree, inBag []uint64) {
	trees = make([]Tree, s.Trees)
	words := (c.n + 63) / 64
	inBag = make([]uint64, s.Trees*words)
	prior := weightedMean(y, w)
	builders := make(chan *builder[C], workers)
	for range min(workers, s.Trees) {
		builders <- newBuilder(c, y, w, s, prior)
	}
	parallelFor(workers, s.Trees, func(t int) {
		b := <-builders
		trees[t] = b.tree(seedTree(seed, t), inBag[t*words:(t+1)*words])
		builders <- b
	})
	return trees, inBag
}

// outOfBag returns the mean prediction of each row of X over the trees
// whose bootstrap sample did not draw it, NaN for rows drawn by all, and
// the number of those trees.
// Each row sums its trees in order, so the result does not depend on
// workers.
func (m *Model) outOfBag(X *mat.Dense, inBag []uint64, workers int) (oob []float64, count []int32) {
	n, _ := X.Dims()
	words := (n + 63) / 64
	oob, count = make([]float64, n), make([]int32, n)
	const block = 64
	parallelFor(workers, (n+block-1)/block, func(b int) {
		for i := b * block; i < min(n, (b+1)*block); i++ {
			x := X.RawRowView(i)
			var sum float64
			var k int
			for t := range m.Trees {
				if inBag[t*words+i/64]&(1<<(i%64)) == 0 {
					sum += m.predictTree(t, x)
					k++
				}
			}
			oob[i] = sum / float64(k) // NaN when k = 0
			count[i] = int32(k)
		}
	})
	return oob, count
}

// seedTree returns the generator seeds of tree t: outputs 2t and 2t+1 of
// a SplitMix64 stream started at seed (Steele, Lea and Flood 2014; the
// constants are those of Vigna's splitmix64.c).
func seedTree(seed uint64, t int) [2]uint64 {
	const gamma = 0x9e3779b97f4a7c15
	return [2]uint64{
		splitmix64(seed + uint64(2*t+1)*gamma),
		splitmix64(seed + uint64(2*t+2)*gamma),
	}
}

func splitmix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// weightedMean returns Σ wᵢyᵢ / Σ wᵢ.
func weightedMean(y, w []float64) float64 {
	var sw, swy float64
	for i := range y {
		sw += w[i]
		swy += w[i] * y[i]
	}
	return swy / sw
}

// gini returns the Gini impurity 2v(1−v) of a node whose class-1
// frequency is v.
func gini(v float64) float64 { return 2 * v * (1 - v) }

// importance returns the normalised mean decrease in impurity of each of
// the p columns, computed from the trees' node weights and values like
// scikit-learn's feature_importances_.
func importance(trees []Tree, p int) []float64 {
	total := make([]float64, p)
	perTree := make([]float64, p)
	var used int
	for _, t := range trees {
		clear(perTree)
		var sum float64
		for i, f := range t.Feature {
			if f < 0 {
				continue
			}
			l, r := t.Left[i], t.Right[i]
			d := t.Weight[i]*gini(t.Value[i]) - t.Weight[l]*gini(t.Value[l]) - t.Weight[r]*gini(t.Value[r])
			perTree[f] += d
			sum += d
		}
		if sum <= 0 {
			continue // a single leaf: scikit-learn leaves such trees out
		}
		used++
		for j, v := range perTree {
			total[j] += v / sum
		}
	}
	var sum float64
	for _, v := range total {
		sum += v
	}
	if used > 0 && sum > 0 {
		for j := range total {
			total[j] /= sum
		}
	}
	return total
}

// parallelFor calls f(i) for i in [0, n) on up to workers goroutines.
// The calls must be independent; the order they run in is not fixed.
func parallelFor(workers, n int, f func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
