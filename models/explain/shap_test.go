package explain

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/forest"
	"github.com/ostfold-vte/bleedrisk/models/gbm"
)

// grid holds the values of random thresholds and rows, so rows hit
// thresholds exactly and the split rule matters.
var grid = []float64{-1, -0.5, 0, 0.5, 1}

// randomTree grows a random tree on features [0, used) to at most depth,
// with covers that add up (or, with sloppy, are off by up to 10%, as
// XGBoost's float32 hessian sums are) and with some leaves of cover 0,
// so that some internal nodes have cover 0 too.
func randomTree(rng *rand.Rand, used, depth int, sloppy bool) Tree {
	var t Tree
	var grow func(d int) (int32, float64)
	grow = func(d int) (int32, float64) {
		i := int32(len(t.Feature))
		t.Feature = append(t.Feature, -1)
		t.Threshold = append(t.Threshold, 0)
		t.Left = append(t.Left, -1)
		t.Right = append(t.Right, -1)
		t.MissingLeft = append(t.MissingLeft, false)
		t.Cover = append(t.Cover, 0)
		t.Value = append(t.Value, 0)
		if d == depth || (d > 0 && rng.Float64() < 0.25) {
			c := float64(1 + rng.IntN(20))
			if rng.Float64() < 0.15 {
				c = 0 // a child no training row reached
			}
			t.Cover[i], t.Value[i] = c, rng.NormFloat64()
			return i, c
		}
		t.Feature[i] = int32(rng.IntN(used))
		t.Threshold[i] = grid[rng.IntN(len(grid))]
		t.MissingLeft[i] = rng.IntN(2) == 0
		l, cl := grow(d + 1)
		r, cr := grow(d + 1)
		t.Left[i], t.Right[i] = l, r
		c := cl + cr
		if sloppy {
			c *= 1 + 0.1*(rng.Float64()-0.5)
		}
		t.Cover[i] = c
		return i, c
	}
	grow(0)
	return t
}

// randomRows returns n rows of p grid values, some NaN.
func randomRows(rng *rand.Rand, n, p int) *mat.Dense {
	X := mat.NewDense(n, p, nil)
	for i := range n {
		for j := range p {
			v := grid[rng.IntN(len(grid))] + 0.25*float64(rng.IntN(3)-1)
			if rng.Float64() < 0.1 {
				v = math.NaN()
			}
			X.Set(i, j, v)
		}
	}
	return X
}

// bruteExpect is E[f(x) | x_S] of a tree under path-dependent averaging
// (EXPVALUE, Algorithm 1 of Lundberg et al. 2018): a split on a feature in
// S follows x; otherwise the children are averaged with their covers'
// shares of the node's cover.
func bruteExpect(t *Tree, rule Rule, i int32, x []float64, known []bool) float64 {
	f := t.Feature[i]
	if f < 0 {
		return t.Value[i]
	}
	l, r := t.Left[i], t.Right[i]
	if known[f] {
		v := x[f]
		left := (v != v && t.MissingLeft[i]) || (rule == Less && v < t.Threshold[i]) || (rule == LessEqual && v <= t.Threshold[i])
		if left {
			return bruteExpect(t, rule, l, x, known)
		}
		return bruteExpect(t, rule, r, x, known)
	}
	c := t.Cover[i]
	var fl, fr float64
	if c > 0 {
		fl, fr = t.Cover[l]/c, t.Cover[r]/c
	} else if t.Cover[l]+t.Cover[r] > 0 {
		fl, fr = t.Cover[l]/(t.Cover[l]+t.Cover[r]), t.Cover[r]/(t.Cover[l]+t.Cover[r])
	} else {
		fl, fr = 0.5, 0.5
	}
	var s float64
	if fl != 0 {
		s += fl * bruteExpect(t, rule, l, x, known)
	}
	if fr != 0 {
		s += fr * bruteExpect(t, rule, r, x, known)
	}
	return s
}

// bruteSHAP returns the Shapley values of the p features for row x by
// enumerating all subsets: φⱼ = Σ_{S ⊆ F∖{j}} |S|!(p−|S|−1)!/p! (v(S∪{j}) −
// v(S)), v(S) = base + Σ_trees E[tree(x) | x_S]. It also returns v(∅).
func bruteSHAP(trees []Tree, rule Rule, base float64, p int, x []float64) ([]float64, float64) {
	v := make([]float64, 1<<p)
	known := make([]bool, p)
	for s := range v {
		for j := range p {
			known[j] = s&(1<<j) != 0
		}
		v[s] = base
		for k := range trees {
			v[s] += bruteExpect(&trees[k], rule, 0, x, known)
		}
	}
	fact := func(n int) float64 {
		f := 1.0
		for i := 2; i <= n; i++ {
			f *= float64(i)
		}
		return f
	}
	phi := make([]float64, p)
	for j := range p {
		for s := range v {
			if s&(1<<j) != 0 {
				continue
			}
			size := 0
			for b := range p {
				if s&(1<<b) != 0 {
					size++
				}
			}
			w := fact(size) * fact(p-size-1) / fact(p)
			phi[j] += w * (v[s|1<<j] - v[s])
		}
	}
	return phi, v[0]
}

// TestBruteForce compares SHAP, and Algorithm 2 of Lundberg et al., with
// Shapley values by subset enumeration on random ensembles of up to 4
// features, one of them never split on.
func TestBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var worst, worst2 float64
	for trial := range 200 {
		p := 1 + rng.IntN(4)
		used := max(1, p-1)
		if p == 1 {
			used = 1
		}
		rule := Rule(trial % 2)
		trees := make([]Tree, 1+rng.IntN(4))
		for k := range trees {
			trees[k] = randomTree(rng, used, 1+rng.IntN(6), trial%3 == 0)
		}
		base := rng.NormFloat64()
		e, err := NewEnsemble(trees, rule, base, p)
		if err != nil {
			t.Fatal(err)
		}
		X := randomRows(rng, 10, p)
		phi := e.SHAP(X, 1)
		alg2 := e.shapAlg2(X)
		for i := range 10 {
			x := X.RawRowView(i)
			want, v0 := bruteSHAP(trees, rule, base, p, x)
			if math.Abs(e.Expected()-v0) > 1e-12 {
				t.Fatalf("trial %d: expected value %v, brute force %v", trial, e.Expected(), v0)
			}
			for j := range p {
				d := math.Abs(phi.At(i, j) - want[j])
				worst = max(worst, d)
				if d > 1e-12 {
					t.Fatalf("trial %d row %d feature %d: SHAP %v, brute force %v", trial, i, j, phi.At(i, j), want[j])
				}
				d2 := math.Abs(alg2.At(i, j) - want[j])
				worst2 = max(worst2, d2)
				if d2 > 1e-12 {
					t.Fatalf("trial %d row %d feature %d: Algorithm 2 %v, brute force %v", trial, i, j, alg2.At(i, j), want[j])
				}
			}
			if p > used && phi.At(i, p-1) != 0 {
				t.Fatalf("trial %d row %d: the unused feature has SHAP %v", trial, i, phi.At(i, p-1))
			}
		}
	}
	t.Logf("largest difference from brute force: %.2g (Algorithm 2: %.2g)", worst, worst2)
}

// TestDeepTrees compares SHAP with Algorithm 2 on random trees up to 14
// splits deep on 6 features, so features repeat along paths many times.
func TestDeepTrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 20 {
		trees := make([]Tree, 5)
		for k := range trees {
			trees[k] = randomTree(rng, 6, 4+rng.IntN(11), trial%2 == 0)
		}
		e, err := NewEnsemble(trees, Rule(trial%2), 0.5, 7)
		if err != nil {
			t.Fatal(err)
		}
		X := randomRows(rng, 20, 7)
		phi, ref := e.SHAP(X, 2), e.shapAlg2(X)
		for i := range 20 {
			for j := range 7 {
				if d := math.Abs(phi.At(i, j) - ref.At(i, j)); d > 1e-10 {
					t.Fatalf("trial %d row %d feature %d: SHAP %v, Algorithm 2 %v", trial, i, j, phi.At(i, j), ref.At(i, j))
				}
			}
		}
		checkLocalAccuracy(t, e, X, e.Predict(X))
	}
}

// checkLocalAccuracy checks that each row's SHAP values sum with the
// expected value to the output, and that output to want.
func checkLocalAccuracy(t *testing.T, e *Ensemble, X *mat.Dense, want []float64) *mat.Dense {
	t.Helper()
	phi := e.SHAP(X, 0)
	pred := e.Predict(X)
	n, p := phi.Dims()
	var worst float64
	for i := range n {
		if math.Abs(pred[i]-want[i]) > 1e-12 {
			t.Fatalf("row %d: ensemble output %v, model %v", i, pred[i], want[i])
		}
		s := e.Expected()
		for j := range p {
			s += phi.At(i, j)
		}
		worst = max(worst, math.Abs(s-want[i]))
	}
	if worst > 1e-9 {
		t.Errorf("local accuracy: the SHAP values and the expected value miss the output by up to %v", worst)
	}
	if testing.Verbose() {
		t.Logf("local accuracy: largest miss %.2g", worst)
	}
	return phi
}

// cohort is a small design: column 0 carries most of the signal, 1 some,
// 2 and 3 none, 4 is constant (no tree can split on it).
func cohort(seed uint64, n int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	X := mat.NewDense(n, 5, nil)
	y := make([]float64, n)
	for i := range n {
		a, b := rng.NormFloat64(), float64(rng.IntN(2))
		X.SetRow(i, []float64{a, b, rng.NormFloat64(), float64(rng.IntN(3)), 1})
		if 1.5*a+0.7*b+0.5*rng.NormFloat64() > 0.3 {
			y[i] = 1
		}
	}
	return X, y
}

func TestForest(t *testing.T) {
	X, y := cohort(1, 300)
	m, err := forest.Spec{Trees: 50, Workers: 2}.Fit(X, y, models.FitOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	e, ok, err := TreeEnsemble(m, nil)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	// The expected value is the mean over the trees of the root's
	// class-1 frequency.
	var root float64
	for _, tr := range m.(*forest.Model).Trees {
		root += tr.Value[0]
	}
	root /= 50
	if math.Abs(e.Expected()-root) > 1e-12 {
		t.Errorf("expected value %v, mean root frequency %v", e.Expected(), root)
	}
	Xt, _ := cohort(2, 100)
	phi := checkLocalAccuracy(t, e, Xt, m.PredictProba(Xt))
	imp := MeanAbsSHAP(phi)
	t.Logf("mean |SHAP|: %.4f", imp)
	if imp[4] != 0 {
		t.Errorf("the constant column has mean |SHAP| %v", imp[4])
	}
	if imp[0] <= imp[1] || imp[1] <= imp[2] {
		t.Errorf("mean |SHAP| %v does not rank the signal columns first", imp)
	}
	// The result does not depend on the number of workers.
	if !mat.Equal(e.SHAP(Xt, 1), e.SHAP(Xt, 3)) {
		t.Error("SHAP values depend on the number of workers")
	}
}

func TestGBM(t *testing.T) {
	X, y := cohort(1, 300)
	nan := math.NaN()
	for i := 0; i < 300; i += 7 {
		X.Set(i, 0, nan) // missing values learn a default direction
	}
	m, err := gbm.Spec{Trees: 40, MaxDepth: 4, Workers: 2}.Fit(X, y, models.FitOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	e, ok, err := TreeEnsemble(m, X)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	// With row-count covers from the training rows, the expected value
	// is their mean margin.
	var mean float64
	for _, f := range m.(*gbm.Model).Margin(X) {
		mean += f
	}
	mean /= 300
	if math.Abs(e.Expected()-mean) > 1e-12 {
		t.Errorf("expected value %v, mean training margin %v", e.Expected(), mean)
	}
	Xt, _ := cohort(2, 100)
	for i := 0; i < 100; i += 5 {
		Xt.Set(i, 0, nan)
	}
	phi := checkLocalAccuracy(t, e, Xt, m.(*gbm.Model).Margin(Xt))
	imp := MeanAbsSHAP(phi)
	t.Logf("mean |SHAP|: %.4f", imp)
	if imp[4] != 0 || imp[0] <= imp[2] {
		t.Errorf("mean |SHAP| %v", imp)
	}
	if _, err := FromGBM(m.(*gbm.Model), mat.NewDense(1, 4, nil)); err == nil {
		t.Error("background rows of the wrong width: no error")
	}
}

func TestNotTrees(t *testing.T) {
	if _, ok, err := TreeEnsemble(constModel{}, nil); ok || err != nil {
		t.Errorf("a model that is not a tree ensemble: ok %v, err %v", ok, err)
	}
}

func TestNewEnsembleErrors(t *testing.T) {
	leaf := Tree{Feature: []int32{-1}, Threshold: []float64{0}, Left: []int32{-1}, Right: []int32{-1}, Cover: []float64{1}, Value: []float64{1}}
	split := Tree{Feature: []int32{0, -1, -1}, Threshold: []float64{0, 0, 0}, Left: []int32{1, -1, -1}, Right: []int32{2, -1, -1},
		Cover: []float64{2, 1, 1}, Value: []float64{0, 1, 2}}
	bad := func(mod func(t *Tree)) []Tree {
		t := split
		t.Feature = append([]int32(nil), split.Feature...)
		t.Left = append([]int32(nil), split.Left...)
		t.Cover = append([]float64(nil), split.Cover...)
		t.Value = append([]float64(nil), split.Value...)
		t.Threshold = append([]float64(nil), split.Threshold...)
		mod(&t)
		return []Tree{leaf, t}
	}
	for name, trees := range map[string][]Tree{
		"short arrays":      bad(func(t *Tree) { t.Value = t.Value[:2] }),
		"feature too big":   bad(func(t *Tree) { t.Feature[0] = 2 }),
		"child before":      bad(func(t *Tree) { t.Left[0] = 0 }),
		"negative cover":    bad(func(t *Tree) { t.Cover[1] = -1 }),
		"NaN threshold":     bad(func(t *Tree) { t.Threshold[0] = math.NaN() }),
		"infinite leaf":     bad(func(t *Tree) { t.Value[2] = math.Inf(1) }),
		"same two children": bad(func(t *Tree) { t.Left[0] = 2 }),
	} {
		if _, err := NewEnsemble(trees, Less, 0, 2); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewEnsemble([]Tree{leaf, split}, Less, 0, 2); err != nil {
		t.Errorf("good trees: %v", err)
	}
}

// constModel predicts 0.5 for every row.
type constModel struct{}

func (constModel) PredictProba(X *mat.Dense) []float64 {
	n, _ := X.Dims()
	p := make([]float64, n)
	for i := range p {
		p[i] = 0.5
	}
	return p
}
