package forest

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/modeltest"
)

func dense(rows [][]float64) *mat.Dense { return modeltest.Dense(rows) }

func fitForest(t *testing.T, s Spec, x *mat.Dense, y []float64, opt models.FitOptions) *Model {
	t.Helper()
	m, err := s.Fit(x, y, opt)
	if err != nil {
		t.Fatalf("Fit(%+v): %v", s, err)
	}
	return m.(*Model)
}

// sameBits reports whether a and b hold the same float64 values bit for
// bit (so NaN equals NaN).
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(u, v float64) bool { return math.Float64bits(u) == math.Float64bits(v) })
}

// small returns n rows of 6 columns like a cohort's (two continuous, an
// ordinal, three 0/1 of prevalence 10–50 %) and labels with about 25 %
// events from a logistic model, reproducibly for each seed.
func small(n int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 0x736d616c6c))
	x := mat.NewDense(n, 6, nil)
	y := make([]float64, n)
	for i := range n {
		row := x.RawRowView(i)
		row[0] = math.Round(10*rng.NormFloat64()) / 10
		row[1] = rng.ExpFloat64()
		row[2] = float64(rng.IntN(5))
		for j, p := range []float64{0.1, 0.3, 0.5} {
			if rng.Float64() < p {
				row[3+j] = 1
			}
		}
		eta := -1.5 + 0.8*row[0] + 0.3*row[2] + 1.0*row[3] - 0.6*row[5]
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return x, y
}

func TestConformance(t *testing.T) {
	for name, s := range map[string]Spec{
		"default":      {Trees: 25},
		"shallow":      {Trees: 25, MaxDepth: 3, MinLeaf: 5},
		"subsample":    {Trees: 25, SampleFraction: 0.5, MaxFeatures: 3},
		"no bootstrap": {Trees: 5, NoBootstrap: true},
		"one worker":   {Trees: 10, Workers: 1},
	} {
		t.Run(name, func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

func TestName(t *testing.T) {
	if got := (Spec{}).Name(); got != "rf" {
		t.Errorf("Spec{}.Name() = %q, want rf", got)
	}
}

func TestWorkersDoNotMatter(t *testing.T) {
	x, y := small(300, 1)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(1 + i%4)
	}
	xTest, _ := small(100, 2)
	var want []byte
	var wantP, wantOOB []float64
	for _, workers := range []int{1, 2, 8} {
		m := fitForest(t, Spec{Trees: 60, Workers: workers}, x, y, models.FitOptions{Weights: w, Seed: 42})
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		p, oob := m.PredictProba(xTest), m.OOBProba()
		if want == nil {
			want, wantP, wantOOB = b, p, oob
			continue
		}
		if !bytes.Equal(b, want) {
			t.Errorf("Workers %d: the model differs from Workers 1", workers)
		}
		if !sameBits(p, wantP) {
			t.Errorf("Workers %d: predictions differ from Workers 1", workers)
		}
		if !sameBits(oob, wantOOB) {
			t.Errorf("Workers %d: out-of-bag predictions differ from Workers 1", workers)
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	x, y := small(200, 1)
	a := fitForest(t, Spec{Trees: 20}, x, y, models.FitOptions{Seed: 1}).PredictProba(x)
	b := fitForest(t, Spec{Trees: 20}, x, y, models.FitOptions{Seed: 2}).PredictProba(x)
	if slices.Equal(a, b) {
		t.Error("seeds 1 and 2 give the same forest")
	}
}

// TestSeparatingColumn checks a case computed by hand. Column 0 separates
// the classes (y = x₀); column 1 is noise. With one tree on all rows and
// both columns searched, the root's split on x₀ ≤ 0.5 (the midpoint of 0
// and 1) leaves two pure children, Gini proxy 0²/3 + 3²/3 = 3, while the
// best split on x₁ (x₁ ≤ 0.5: 2 events of 3 rows left, 1 of 3 right)
// scores 2²/3 + 1²/3 = 5/3. So the tree is a stump with leaves 0 and 1,
// the predictions are exactly 0 or 1, and the Gini decrease 6·½ − 0 − 0 = 3
// (root weight 6, Gini 2·½·½) all falls on column 0: importance (1, 0).
func TestSeparatingColumn(t *testing.T) {
	x := dense([][]float64{{0, 1}, {0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 0}})
	y := []float64{0, 0, 0, 1, 1, 1}
	m := fitForest(t, Spec{Trees: 1, MaxFeatures: 2, NoBootstrap: true}, x, y, models.FitOptions{})
	want := Tree{
		Feature:   []int32{0, -1, -1},
		Threshold: []float64{0.5, 0, 0},
		Left:      []int32{1, -1, -1},
		Right:     []int32{2, -1, -1},
		Value:     []float64{0.5, 0, 1},
		Weight:    []float64{6, 3, 3},
	}
	got, _ := json.Marshal(m.Trees)
	if w, _ := json.Marshal([]Tree{want}); !bytes.Equal(got, w) {
		t.Errorf("trees %s, want %s", got, w)
	}
	if !slices.Equal(m.PredictProba(x), y) {
		t.Errorf("PredictProba(X) = %v, want %v", m.PredictProba(x), y)
	}
	// 0.7 > 0.5 goes right; NaN goes right.
	xNew := dense([][]float64{{0.5, 3}, {0.7, 0}, {math.NaN(), 0}, {-5, math.NaN()}})
	if got, want := m.PredictProba(xNew), []float64{0, 1, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("PredictProba(%v) = %v, want %v", xNew.RawMatrix().Data, got, want)
	}
	if !slices.Equal(m.Importance, []float64{1, 0}) {
		t.Errorf("importance %v, want [1 0]", m.Importance)
	}
	if oob := m.OOBProba(); len(oob) != 6 || !math.IsNaN(oob[0]) {
		t.Errorf("OOBProba() = %v without the bootstrap, want 6 NaN", oob)
	}
}

// x30, y30 and w30 are 30 rows generated with numpy 1.24.2
// default_rng(29) (see TestMatchesSklearn): x₀ normal rounded to
// quarters, x₁ 0/1, x₂ integer 0–4, y from a logistic model, w integers
// 1–3. All values are exact in float32, which scikit-learn's trees use.
var (
	x30 = [][]float64{
		{-0.5, 1, 4}, {0, 0, 2}, {-0.25, 0, 2}, {-0.25, 1, 0}, {0, 0, 0}, {-0.25, 0, 0}, {0.5, 1, 1}, {0, 0, 1},
		{0.75, 1, 3}, {-1, 0, 2}, {-0.5, 1, 4}, {-1.25, 0, 0}, {-2.5, 1, 4}, {-3.25, 0, 4}, {0, 0, 3}, {-1.25, 0, 0},
		{-1.25, 0, 0}, {-0.75, 0, 1}, {0.75, 1, 3}, {0.75, 1, 3}, {1, 1, 1}, {1.5, 0, 0}, {4.5, 0, 0}, {0.5, 1, 0},
		{0.25, 0, 4}, {-3.25, 0, 1}, {-2.5, 0, 3}, {3.25, 0, 0}, {4, 0, 4}, {0.75, 1, 2},
	}
	y30 = []float64{0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0}
	w30 = []float64{2, 3, 3, 3, 1, 2, 2, 2, 1, 3, 1, 2, 3, 3, 3, 1, 1, 2, 2, 3, 3, 1, 3, 1, 2, 1, 2, 3, 1, 1}
)

// TestMatchesSklearn compares one tree on all rows with all columns
// searched against scikit-learn 1.2.1's DecisionTreeClassifier(), which
// RandomForestClassifier(n_estimators=1, bootstrap=False,
// max_features=None) reproduces: fit(X, y) and fit(X, y,
// sample_weight=w). The data were chosen so that the tree is the same for
// random_state 0–39, i.e. no ties between splits. Node arrays are
// tree_.feature, threshold, children_left/right, value[:, 0, 1] /
// value[:, 0].sum(1) and weighted_n_node_samples (leaves: feature and
// threshold −2 there, −1 and 0 here), and feature_importances_.
func TestMatchesSklearn(t *testing.T) {
	for _, tc := range []struct {
		name       string
		w          []float64
		want       Tree
		importance []float64
	}{
		{"unweighted", nil, Tree{
			Feature:   []int32{0, 2, 0, 2, -1, 0, -1, 0, -1, -1, 0, -1, -1, -1, -1},
			Threshold: []float64{1.25, 1.5, 0.25, 0.5, 0, -2, 0, -0.375, 0, 0, 0.75, 0, 0, 0, 0},
			Left:      []int32{1, 2, 3, 4, -1, 6, -1, 8, -1, -1, 11, -1, -1, -1, -1},
			Right:     []int32{14, 13, 10, 5, -1, 7, -1, 9, -1, -1, 12, -1, -1, -1, -1},
			Value:     []float64{0.23333333333333334, 0.11538461538461539, 0.25, 0.1111111111111111, 0.0, 0.3333333333333333, 0.0, 0.5, 1.0, 0.0, 0.6666666666666666, 1.0, 0.0, 0.0, 1.0},
			Weight:    []float64{30, 26, 12, 9, 6, 3, 1, 2, 1, 1, 3, 2, 1, 14, 4},
		}, []float64{0.8833412963847745, 0.0, 0.11665870361522543}},
		{"weighted", w30, Tree{
			Feature:   []int32{0, 2, 0, 2, -1, 0, 0, -1, -1, -1, 0, -1, -1, -1, -1},
			Threshold: []float64{1.25, 1.5, 0.25, 0.5, 0, -0.375, -2, 0, 0, 0, 0.75, 0, 0, 0, 0},
			Left:      []int32{1, 2, 3, 4, -1, 6, 7, -1, -1, -1, 11, -1, -1, -1, -1},
			Right:     []int32{14, 13, 10, 5, -1, 9, 8, -1, -1, -1, 12, -1, -1, -1, -1},
			Value:     []float64{0.21311475409836064, 0.09433962264150944, 0.23809523809523808, 0.13333333333333333, 0.0, 0.4, 0.6666666666666666, 0.0, 1.0, 0.0, 0.5, 1.0, 0.0, 0.0, 1.0},
			Weight:    []float64{61, 53, 21, 15, 10, 5, 3, 1, 2, 2, 6, 3, 3, 32, 8},
		}, []float64{0.8775980832584606, 0.0, 0.12240191674153933}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := fitForest(t, Spec{Trees: 1, MaxFeatures: 3, NoBootstrap: true}, dense(x30), y30, models.FitOptions{Weights: tc.w, Seed: 5})
			got := m.Trees[0]
			if !slices.Equal(got.Feature, tc.want.Feature) || !slices.Equal(got.Threshold, tc.want.Threshold) ||
				!slices.Equal(got.Left, tc.want.Left) || !slices.Equal(got.Right, tc.want.Right) ||
				!slices.Equal(got.Weight, tc.want.Weight) {
				t.Fatalf("tree %+v,\nwant %+v", got, tc.want)
			}
			for i := range got.Value {
				if math.Abs(got.Value[i]-tc.want.Value[i]) > 1e-15 {
					t.Errorf("value %v, want %v", got.Value, tc.want.Value)
					break
				}
			}
			for j := range m.Importance {
				if math.Abs(m.Importance[j]-tc.importance[j]) > 1e-14 {
					t.Errorf("importance %v, want %v", m.Importance, tc.importance)
					break
				}
			}
		})
	}
}

// TestWeightsEqualDuplicatedRows checks that integer case weights act as
// copies of the rows when every tree sees all rows: the columns drawn are
// the same, and all sums are integers, so the forests are bit-identical.
func TestWeightsEqualDuplicatedRows(t *testing.T) {
	x, y := small(150, 3)
	n, p := x.Dims()
	w := make([]float64, n)
	var rows [][]float64
	var yDup []float64
	for i := range n {
		w[i] = float64(i % 4) // 0 drops the row
		for range int(w[i]) {
			rows = append(rows, x.RawRowView(i))
			yDup = append(yDup, y[i])
		}
	}
	for _, s := range []Spec{
		{Trees: 20, NoBootstrap: true},
		{Trees: 20, NoBootstrap: true, MaxFeatures: p, MaxDepth: 4},
	} {
		weighted := fitForest(t, s, x, y, models.FitOptions{Weights: w, Seed: 9})
		dup := fitForest(t, s, dense(rows), yDup, models.FitOptions{Seed: 9})
		if !sameBits(weighted.PredictProba(x), dup.PredictProba(x)) {
			t.Errorf("%+v: weighted and duplicated fits predict differently", s)
		}
		a, _ := json.Marshal(weighted)
		b, _ := json.Marshal(dup)
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: weighted and duplicated fits differ", s)
		}
	}
}

// TestOutOfBag checks the out-of-bag predictions against a recomputation
// from the trees and the bootstrap draws, and the share of trees a row is
// out of bag of. A bootstrap sample of d draws from n rows misses a given
// row with probability (1 − 1/n)^d, which is ≈ e⁻¹ ≈ 0.368 for d = n
// (Efron and Tibshirani 1993, An Introduction to the Bootstrap, §6; Breiman
// 1996, Bagging Predictors) and ≈ e^(−1/2) ≈ 0.607 for d = n/2.
func TestOutOfBag(t *testing.T) {
	x, y := small(200, 4)
	n, _ := x.Dims()
	for _, tc := range []struct {
		fraction float64
		draws    int
	}{{0, n}, {0.5, n / 2}} {
		s := Spec{Trees: 300, SampleFraction: tc.fraction}
		m := fitForest(t, s, x, y, models.FitOptions{Seed: 11})
		var share float64
		for _, k := range m.oobTrees {
			share += float64(k) / float64(s.Trees) / float64(n)
		}
		want := math.Pow(1-1/float64(n), float64(tc.draws))
		if math.Abs(share-want) > 0.01 {
			t.Errorf("SampleFraction %v: rows are out of bag of %.4f of the trees on average, want ≈ %.4f", tc.fraction, share, want)
		}
		// Recompute from the bootstrap draws of each tree's generator.
		sum, count := make([]float64, n), make([]int, n)
		for k, tree := range m.Trees {
			seeds := seedTree(11, k)
			rng := rand.New(rand.NewPCG(seeds[0], seeds[1]))
			drawn := make([]bool, n)
			for range tc.draws {
				drawn[rng.IntN(n)] = true
			}
			for i := range n {
				if !drawn[i] {
					sum[i] += tree.predict(x.RawRowView(i))
					count[i]++
				}
			}
		}
		oob := m.OOBProba()
		for i := range n {
			if want := sum[i] / float64(count[i]); math.Float64bits(oob[i]) != math.Float64bits(want) || int(m.oobTrees[i]) != count[i] {
				t.Fatalf("row %d: OOB %v of %d trees, want %v of %d", i, oob[i], m.oobTrees[i], want, count[i])
			}
		}
	}
	// With two trees some rows are drawn by both: NaN.
	oob := fitForest(t, Spec{Trees: 2}, x, y, models.FitOptions{Seed: 1}).OOBProba()
	var nan int
	for _, v := range oob {
		if math.IsNaN(v) {
			nan++
		}
	}
	if nan == 0 || nan == n {
		t.Errorf("two trees: %d of %d out-of-bag predictions are NaN, want some", nan, n)
	}
}

func TestLimits(t *testing.T) {
	x, y := small(300, 5)
	n, _ := x.Dims()
	m := fitForest(t, Spec{Trees: 10, MaxDepth: 2}, x, y, models.FitOptions{Seed: 1})
	for k, tree := range m.Trees {
		if len(tree.Feature) > 7 {
			t.Errorf("MaxDepth 2: tree %d has %d nodes", k, len(tree.Feature))
		}
	}
	// MinLeaf counts the distinct training rows of a leaf.
	m = fitForest(t, Spec{Trees: 10, MinLeaf: 7, NoBootstrap: true}, x, y, models.FitOptions{Seed: 1})
	for k, tree := range m.Trees {
		rows := make(map[int32]int)
		for i := range n {
			rows[leafOf(&tree, x.RawRowView(i))]++
		}
		for leaf, r := range rows {
			if r < 7 {
				t.Errorf("MinLeaf 7: tree %d has a leaf %d with %d rows", k, leaf, r)
			}
		}
		if len(rows) < 3 {
			t.Errorf("MinLeaf 7: tree %d has only %d leaves", k, len(rows))
		}
	}
}

func leafOf(t *Tree, x []float64) int32 {
	i := int32(0)
	for t.Feature[i] >= 0 {
		if x[t.Feature[i]] <= t.Threshold[i] {
			i = t.Left[i]
		} else {
			i = t.Right[i]
		}
	}
	return i
}

func TestImportance(t *testing.T) {
	x, y := small(400, 6)
	// Fully grown trees spread importance over the noise in columns with
	// many distinct values (column 1 here; Strobl et al. 2007, BMC
	// Bioinformatics 8:25), so the trees are kept shallow.
	m := fitForest(t, Spec{Trees: 100, MaxDepth: 3}, x, y, models.FitOptions{Seed: 1})
	var sum float64
	for _, v := range m.Importance {
		sum += v
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("importances %v sum to %v", m.Importance, sum)
	}
	// Column 0 (x₀, coefficient 0.8 on a continuous scale) matters most.
	if best := slices.Index(m.Importance, slices.Max(m.Importance)); best != 0 {
		t.Errorf("importances %v: column %d is the largest, want 0", m.Importance, best)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	x, y := small(200, 7)
	m := fitForest(t, Spec{Trees: 30, MaxFeatures: 3}, x, y, models.FitOptions{Seed: 3})
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	xTest, _ := small(100, 8)
	xTest.Set(3, 0, math.NaN())
	xTest.Set(5, 2, math.NaN())
	if !sameBits(back.PredictProba(xTest), m.PredictProba(xTest)) {
		t.Error("predictions differ after a JSON round trip")
	}
	// A Model assembled from its exported fields walks the trees unpacked.
	plain := &Model{Spec: m.Spec, Features: m.Features, Trees: m.Trees}
	if !sameBits(plain.PredictProba(xTest), m.PredictProba(xTest)) {
		t.Error("packed and unpacked trees predict differently")
	}
	if again, _ := json.Marshal(&back); !bytes.Equal(again, b) {
		t.Error("the model encodes differently after a round trip")
	}
	if back.Spec != m.Spec || back.Spec.Trees != 30 || back.Spec.MaxFeatures != 3 || back.Spec.Criterion != Gini {
		t.Errorf("spec after the round trip: %+v", back.Spec)
	}
	if back.OOBProba() != nil {
		t.Error("out-of-bag predictions were written with the model")
	}
}

func TestUnmarshalChecksTrees(t *testing.T) {
	x, y := small(100, 9)
	m := fitForest(t, Spec{Trees: 2}, x, y, models.FitOptions{Seed: 1})
	for name, tc := range map[string]struct {
		edit func(*Model)
		msg  string
	}{
		"loop":           {func(m *Model) { m.Trees[1].Left[0] = 0 }, "children"},
		"child too far":  {func(m *Model) { m.Trees[0].Right[0] = 10000 }, "children"},
		"bad column":     {func(m *Model) { m.Trees[0].Feature[0] = 6 }, "column 6"},
		"short arrays":   {func(m *Model) { m.Trees[0].Value = m.Trees[0].Value[1:] }, "length"},
		"value above 1":  {func(m *Model) { m.Trees[0].Value[len(m.Trees[0].Value)-1] = 2 }, "value 2"},
		"no trees":       {func(m *Model) { m.Trees = nil }, "no trees"},
		"no features":    {func(m *Model) { m.Features = 0 }, "0 features"},
		"empty tree":     {func(m *Model) { m.Trees[1] = Tree{} }, "empty"},
		"unknown fields": {func(m *Model) {}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			c := *m
			c.Trees = make([]Tree, len(m.Trees))
			for k, tr := range m.Trees {
				c.Trees[k] = Tree{slices.Clone(tr.Feature), slices.Clone(tr.Threshold), slices.Clone(tr.Left),
					slices.Clone(tr.Right), slices.Clone(tr.Value), slices.Clone(tr.Weight)}
			}
			tc.edit(&c)
			b, err := json.Marshal(&c)
			if err != nil {
				t.Fatal(err)
			}
			var back Model
			err = json.Unmarshal(b, &back)
			if tc.msg == "" {
				if err != nil {
					t.Errorf("an intact model: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	x, y := small(50, 10)
	nan := mat.DenseCopyOf(x)
	nan.Set(5, 1, math.NaN())
	inf := mat.DenseCopyOf(x)
	inf.Set(7, 2, math.Inf(-1))
	eventsOnly := make([]float64, len(y))
	for i, v := range y {
		eventsOnly[i] = v
	}
	negative := make([]float64, len(y))
	for i := range negative {
		negative[i] = 1
	}
	negative[2] = -1
	for _, tc := range []struct {
		name string
		s    Spec
		x    *mat.Dense
		w    []float64
		want error  // checked with errors.Is when not nil
		msg  string // a substring of the message
	}{
		{"NaN in X", Spec{}, nan, nil, nil, "X[5, 1] is NaN"},
		{"Inf in X", Spec{}, inf, nil, nil, "X[7, 2] is -Inf"},
		{"weighted to one class", Spec{}, x, eventsOnly, models.ErrSingleClass, ""},
		{"negative weight", Spec{}, x, negative, nil, "weight 2 is -1"},
		{"short weights", Spec{}, x, negative[1:], nil, "49 weights for 50 rows"},
		{"negative Trees", Spec{Trees: -1}, x, nil, nil, "Trees"},
		{"MaxFeatures above p", Spec{MaxFeatures: 7}, x, nil, nil, "MaxFeatures is 7; it must be in [0, 6]"},
		{"negative MinLeaf", Spec{MinLeaf: -1}, x, nil, nil, "MinLeaf"},
		{"negative MaxDepth", Spec{MaxDepth: -2}, x, nil, nil, "MaxDepth"},
		{"SampleFraction above 1", Spec{SampleFraction: 1.5}, x, nil, nil, "SampleFraction"},
		{"NaN SampleFraction", Spec{SampleFraction: math.NaN()}, x, nil, nil, "SampleFraction"},
		{"SampleFraction without bootstrap", Spec{SampleFraction: 0.5, NoBootstrap: true}, x, nil, nil, "NoBootstrap"},
		{"entropy", Spec{Criterion: "entropy"}, x, nil, nil, "Criterion"},
		{"negative Workers", Spec{Workers: -1}, x, nil, nil, "Workers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.s.Fit(tc.x, y, models.FitOptions{Weights: tc.w})
			if err == nil {
				t.Fatalf("Fit = %v, no error", m)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", err, tc.msg)
			}
		})
	}
}

func TestPredictProbaPanicsOnWrongColumns(t *testing.T) {
	x, y := small(50, 11)
	m := fitForest(t, Spec{Trees: 3}, x, y, models.FitOptions{})
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "forest: ") {
			t.Errorf("panic value %v, want a forest: message", r)
		}
	}()
	m.PredictProba(mat.NewDense(2, 2, nil))
}

// TestManyDistinctValues covers columns with more than 65536 distinct
// values, coded with uint32.
func TestManyDistinctValues(t *testing.T) {
	if testing.Short() {
		t.Skip("70,000 rows")
	}
	const n = 70000
	x := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		x.Set(i, 0, float64(i))
		x.Set(i, 1, rng.Float64())
		if i >= n/2 {
			y[i] = 1
		}
	}
	m := fitForest(t, Spec{Trees: 2, MaxFeatures: 2, NoBootstrap: true}, x, y, models.FitOptions{})
	if got := m.Trees[0]; got.Feature[0] != 0 || got.Threshold[0] != n/2-0.5 || len(got.Feature) != 3 {
		t.Errorf("root split on column %d at %v with %d nodes, want column 0 at %v, 3 nodes", got.Feature[0], got.Threshold[0], len(got.Feature), n/2-0.5)
	}
}
