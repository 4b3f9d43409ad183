package gbm

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/modeltest"
)

var nan = math.NaN()

func dense(rows [][]float64) *mat.Dense { return modeltest.Dense(rows) }

func fitModel(t *testing.T, s Spec, x *mat.Dense, y []float64, opt models.FitOptions) *Model {
	t.Helper()
	m, err := s.Fit(x, y, opt)
	if err != nil {
		t.Fatalf("Fit(%+v): %v", s, err)
	}
	return m.(*Model)
}

func TestConformance(t *testing.T) {
	for name, s := range map[string]Spec{
		"defaults":       {Trees: 20, Workers: 2},
		"subsampled":     {Trees: 20, Subsample: 0.7, ColSample: 0.5, Workers: 2},
		"best-first":     {Trees: 20, MaxLeaves: 5, MaxDepth: -1},
		"early stopping": {Trees: 100, EarlyStoppingRounds: 5, ValidationFraction: 0.2},
	} {
		t.Run(name, func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

func TestName(t *testing.T) {
	if got := (Spec{}).Name(); got != "gbm" {
		t.Errorf("Name() = %q, want gbm", got)
	}
}

// TestHandChecked fits one stump with λ = 0 and learning rate 1 on one 0/1
// feature: 6 rows with x = 0 (1 event) and 4 with x = 1 (3 events).
//
//	base score F₀ = log(4/6) = −0.405465, so p = 0.4 for every row;
//	g = p − y: 0.4 for a non-event, −0.6 for an event; h = p(1−p) = 0.24.
//	x = 0: G = 5·0.4 − 0.6 = 1.4,  H = 6·0.24 = 1.44, w = −G/H = −0.972222
//	x = 1: G = 0.4 − 3·0.6 = −1.4, H = 4·0.24 = 0.96, w = −G/H = 1.458333
//	Gain = 1.4²/1.44 + 1.4²/0.96 − 0²/2.4 = 1.361111 + 2.041667 = 3.402778
//	P(x = 0) = σ(−0.405465 − 0.972222) = σ(−1.377687) = 0.201381
//	P(x = 1) = σ(−0.405465 + 1.458333) = σ(1.052868) = 0.741325
func TestHandChecked(t *testing.T) {
	x := dense([][]float64{{0}, {0}, {0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}})
	y := []float64{0, 0, 0, 0, 0, 1, 1, 1, 1, 0}
	s := Spec{Trees: 1, LearningRate: 1, MaxDepth: 1, Lambda: new(0.0), MinChildWeight: new(0.0)}
	m := fitModel(t, s, x, y, models.FitOptions{})
	tr := m.Trees[0]
	if len(tr.Feature) != 3 || tr.Feature[0] != 0 || tr.Threshold[0] != 1 {
		t.Fatalf("tree %+v, want one split of feature 0 at 1", tr)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"base score", m.BaseScore, math.Log(4.0 / 6)},
		{"left leaf", tr.Value[tr.Left[0]], -1.4 / 1.44},
		{"right leaf", tr.Value[tr.Right[0]], 1.4 / 0.96},
		{"gain", m.Gain[0], 1.4*1.4/1.44 + 1.4*1.4/0.96},
		{"P(x=0)", m.PredictProba(dense([][]float64{{0}}))[0], 0.201381},
		{"P(x=1)", m.PredictProba(dense([][]float64{{1}}))[0], 0.741325},
	} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("%s = %.9g, want %.9g", c.name, c.got, c.want)
		}
	}
}

// xgbX and xgbY are a fixed data set of 60 rows (numpy 1.24.2
// default_rng(20240601): x0 normal rounded to 2 decimals, x1 integers 0..7
// with 20% missing, x2 0/1, x3 integers 0..4; y from a logistic model), and
// xgbWant the predictions on it of XGBoost 1.7.4:
//
//	xgb.train(dict(objective="binary:logistic", tree_method="hist",
//	    max_bin=256, eta=0.3, max_depth=3, min_child_weight=1, reg_lambda=1,
//	    gamma=0, subsample=1, colsample_bytree=1, base_score=22/60,
//	    nthread=1, seed=0), DMatrix(X, label=y, missing=nan),
//	    num_boost_round=10).predict(...)
//
// Every feature has fewer than 256 distinct values, so both sides bin
// exactly. XGBoost's first tree (get_dump(with_stats=True)) is
//
//	0:[f0<-0.24] yes=1,no=2,missing=2,gain=10.8416195
//		1:[f2<1] yes=3,no=4,missing=4,gain=1.3427248
//			3:leaf=-0.377947479
//			4:leaf=-0.0250696447
//		2:[f2<1] yes=5,no=6,missing=6,gain=5.10979605
//			5:[f0<0.18] yes=7,no=8,missing=8,gain=2.1853528
//				7:leaf=-0.25449872
//				8:leaf=0.107118785
//			6:[f1<1] yes=9,no=10,missing=9,gain=1.35818005
//				9:leaf=0.100278549
//				10:leaf=0.553398073
//
// with a learned default direction (missing=9, left) at node 6.
var xgbX = [][]float64{
	{0.65, 4.0, 0.0, 3.0},
	{0.47, 7.0, 0.0, 4.0},
	{-0.64, 5.0, 1.0, 3.0},
	{-1.18, nan, 0.0, 1.0},
	{-0.14, 0.0, 1.0, 1.0},
	{1.2, 7.0, 1.0, 0.0},
	{1.33, 3.0, 0.0, 2.0},
	{0.91, 5.0, 0.0, 3.0},
	{0.35, 7.0, 0.0, 0.0},
	{1.6, 1.0, 1.0, 3.0},
	{1.23, 3.0, 0.0, 2.0},
	{-0.22, 5.0, 0.0, 4.0},
	{-1.06, 4.0, 1.0, 1.0},
	{-0.36, 6.0, 0.0, 1.0},
	{-0.42, 7.0, 1.0, 4.0},
	{0.69, 3.0, 0.0, 1.0},
	{-1.9, nan, 0.0, 0.0},
	{-0.19, 7.0, 1.0, 2.0},
	{1.67, 2.0, 1.0, 0.0},
	{-0.92, 6.0, 1.0, 4.0},
	{-0.76, 4.0, 0.0, 1.0},
	{-0.08, nan, 1.0, 1.0},
	{-1.42, 1.0, 0.0, 2.0},
	{-0.13, 4.0, 0.0, 2.0},
	{-0.02, nan, 1.0, 4.0},
	{-0.0, 7.0, 0.0, 2.0},
	{-0.99, 2.0, 0.0, 1.0},
	{-0.37, nan, 0.0, 2.0},
	{0.65, 0.0, 1.0, 1.0},
	{-0.71, 0.0, 0.0, 1.0},
	{0.55, nan, 0.0, 2.0},
	{0.66, 0.0, 1.0, 4.0},
	{-1.43, 3.0, 1.0, 2.0},
	{-0.65, 2.0, 0.0, 0.0},
	{0.66, 6.0, 0.0, 4.0},
	{0.49, 1.0, 0.0, 4.0},
	{0.18, 7.0, 0.0, 4.0},
	{-0.35, 3.0, 0.0, 4.0},
	{0.11, 1.0, 0.0, 2.0},
	{1.87, 7.0, 1.0, 2.0},
	{-0.22, 3.0, 1.0, 0.0},
	{0.58, 3.0, 0.0, 1.0},
	{-0.42, 2.0, 0.0, 1.0},
	{-0.2, 7.0, 0.0, 1.0},
	{0.65, 1.0, 0.0, 0.0},
	{-0.93, nan, 0.0, 3.0},
	{-0.24, 4.0, 1.0, 2.0},
	{-0.61, 4.0, 0.0, 0.0},
	{-0.86, nan, 0.0, 3.0},
	{0.18, 5.0, 1.0, 3.0},
	{1.24, nan, 0.0, 4.0},
	{0.22, 5.0, 0.0, 3.0},
	{-0.38, 3.0, 1.0, 4.0},
	{-1.45, 6.0, 0.0, 2.0},
	{0.82, 5.0, 1.0, 2.0},
	{0.21, nan, 1.0, 3.0},
	{-0.63, 7.0, 0.0, 4.0},
	{0.86, 5.0, 0.0, 0.0},
	{1.57, nan, 0.0, 1.0},
	{-1.63, 6.0, 0.0, 3.0},
}
var xgbY = []float64{0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0}
var xgbWant = []float64{
	0.305262953, 0.6297158, 0.450488001, 0.0579824634,
	0.361830384, 0.883769929, 0.348990321, 0.399325013,
	0.520743728, 0.804059207, 0.450961351, 0.106098585,
	0.356170774, 0.0393956825, 0.311748803, 0.450961351,
	0.0579824634, 0.861421347, 0.853040993, 0.334620982,
	0.0468845442, 0.504122794, 0.0584487393, 0.0779421404,
	0.521826565, 0.143755823, 0.0468845442, 0.0579824634,
	0.390716493, 0.0468845442, 0.520743728, 0.681548119,
	0.450488001, 0.0468845442, 0.700686276, 0.525646448,
	0.6297158, 0.0584487393, 0.093939662, 0.832288384,
	0.769536853, 0.258260548, 0.0468845442, 0.120402195,
	0.258260548, 0.0445387438, 0.831881642, 0.0468845442,
	0.0445387438, 0.848405421, 0.700686276, 0.349042475,
	0.376249015, 0.0492081009, 0.878024638, 0.474819958,
	0.0445387438, 0.399325013, 0.42505607, 0.0492081009,
}

func TestMatchesXGBoost(t *testing.T) {
	s := Spec{Trees: 10, LearningRate: 0.3, MaxDepth: 3}
	m := fitModel(t, s, dense(xgbX), xgbY, models.FitOptions{})
	// XGBoost computes gradients, leaf values and margins in float32.
	for i, p := range m.PredictProba(dense(xgbX)) {
		if math.Abs(p-xgbWant[i]) > 1e-6 {
			t.Errorf("row %d: P = %.9g, XGBoost %.9g", i, p, xgbWant[i])
		}
	}
	tr := m.Trees[0]
	wantFeature := []int32{0, 2, 2, -1, -1, 0, 1, -1, -1, -1, -1}
	if !slices.Equal(tr.Feature, wantFeature) {
		t.Fatalf("first tree features %v, XGBoost %v", tr.Feature, wantFeature)
	}
	for k, want := range map[int]float64{0: -0.24, 1: 1, 2: 1, 5: 0.18, 6: 1} {
		if tr.Threshold[k] != want {
			t.Errorf("node %d: threshold %v, XGBoost %v", k, tr.Threshold[k], want)
		}
	}
	if !tr.MissingLeft[6] {
		t.Error("node 6 sends missing values right; XGBoost learned left")
	}
	for k, want := range map[int]float64{0: 10.8416195, 1: 1.3427248, 2: 5.10979605, 5: 2.1853528, 6: 1.35818005} {
		if math.Abs(tr.Gain[k]-want) > 1e-5 {
			t.Errorf("node %d: gain %.9g, XGBoost %.9g", k, tr.Gain[k], want)
		}
	}
}

// TestMissingDirection builds a feature whose missing values behave like
// its 0s: the split must send them left, with the 0s.
func TestMissingDirection(t *testing.T) {
	var rows [][]float64
	var y []float64
	for i := range 60 {
		switch i % 3 {
		case 0: // x = 0: mostly events
			rows, y = append(rows, []float64{0}), append(y, float64(min(1, i%7)))
		case 1: // x = 1: mostly non-events
			rows, y = append(rows, []float64{1}), append(y, float64(i%5/4))
		default: // missing: mostly events
			rows, y = append(rows, []float64{nan}), append(y, float64(min(1, i%6)))
		}
	}
	m := fitModel(t, Spec{Trees: 1, MaxDepth: 1}, dense(rows), y, models.FitOptions{})
	tr := m.Trees[0]
	if tr.Feature[0] != 0 || tr.Threshold[0] != 1 || !tr.MissingLeft[0] {
		t.Fatalf("root split: feature %d, threshold %v, missing left %v; want 0, 1, true",
			tr.Feature[0], tr.Threshold[0], tr.MissingLeft[0])
	}
	p := m.PredictProba(dense([][]float64{{0}, {1}, {nan}}))
	if p[2] != p[0] || p[2] == p[1] {
		t.Errorf("P(missing) = %v, P(0) = %v, P(1) = %v; want P(missing) = P(0)", p[2], p[0], p[1])
	}

	// Missing values alone carrying the signal: the split separates them
	// from all values (threshold math.MaxFloat64).
	rows, y = rows[:0], y[:0]
	for i := range 60 {
		v := float64(i % 4)
		if i%3 == 0 {
			v = nan
		}
		rows, y = append(rows, []float64{v}), append(y, float64(min(1, i%3)))
	}
	m = fitModel(t, Spec{Trees: 1, MaxDepth: 1}, dense(rows), y, models.FitOptions{})
	tr = m.Trees[0]
	if tr.Threshold[0] != math.MaxFloat64 || tr.MissingLeft[0] {
		t.Errorf("threshold %v, missing left %v; want math.MaxFloat64 and right", tr.Threshold[0], tr.MissingLeft[0])
	}
	p = m.PredictProba(dense([][]float64{{0}, {3}, {nan}}))
	if p[0] != p[1] || p[2] >= p[0] {
		t.Errorf("P(0) = %v, P(3) = %v, P(missing) = %v; want P(0) = P(3) > P(missing)", p[0], p[1], p[2])
	}
}

// randomData returns n rows of p columns: 0/1 columns of varying
// sparsity, continuous ones with missing values, and logistic labels.
func randomData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		row := x.RawRowView(i)
		eta := -1.5
		for j := range row {
			switch j % 3 {
			case 0:
				if rng.Float64() < 0.05+0.3*float64(j%7)/7 {
					row[j] = 1
				}
			case 1:
				row[j] = math.Round(rng.NormFloat64()*100) / 10
				if rng.Float64() < 0.1 {
					row[j] = nan
				}
			default:
				row[j] = float64(rng.IntN(6))
			}
			if j < 6 && row[j] == row[j] {
				eta += 0.3 * row[j]
			}
		}
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return x, y
}

func TestWorkersIdentical(t *testing.T) {
	x, y := randomData(1500, 40, 3)
	for _, s := range []Spec{
		{Trees: 30, MaxDepth: 5, Subsample: 0.8, ColSample: 0.7},
		{Trees: 30, MaxLeaves: 12, MaxDepth: -1, Subsample: 0.8},
		{Trees: 60, MaxDepth: 3, Subsample: 0.7, EarlyStoppingRounds: 5},
	} {
		var want []float64
		var wantJSON []byte
		for _, workers := range []int{1, 2, 8} {
			s.Workers = workers
			m := fitModel(t, s, x, y, models.FitOptions{Seed: 5})
			p := m.PredictProba(x)
			js, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want, wantJSON = p, js
				continue
			}
			if !slices.Equal(p, want) || string(js) != string(wantJSON) {
				t.Errorf("%+v: the model with %d workers differs from the one with 1", s, workers)
			}
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	x, y := randomData(400, 12, 4)
	m := fitModel(t, Spec{Trees: 40, MaxDepth: 3, Subsample: 0.9}, x, y, models.FitOptions{Seed: 2})
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := back.PredictProba(x), m.PredictProba(x); !slices.Equal(got, want) {
		t.Error("the decoded model predicts differently")
	}
	if !slices.Equal(back.Gain, m.Gain) || back.Spec.Trees != 40 {
		t.Error("the decoded model lost its gains or spec")
	}
}

func TestWeightsEqualDuplicatedRows(t *testing.T) {
	w := make([]float64, len(xgbY))
	var rows [][]float64
	var y []float64
	for i := range w {
		w[i] = float64(1 + i%3)
		for range int(w[i]) {
			rows, y = append(rows, xgbX[i]), append(y, xgbY[i])
		}
	}
	s := Spec{Trees: 20, LearningRate: 0.3, MaxDepth: 3}
	weighted := fitModel(t, s, dense(xgbX), xgbY, models.FitOptions{Weights: w})
	dup := fitModel(t, s, dense(rows), y, models.FitOptions{})
	got, want := weighted.PredictProba(dense(xgbX)), dup.PredictProba(dense(xgbX))
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("row %d: %v with weights, %v with duplicated rows", i, got[i], want[i])
		}
	}
}

func TestEarlyStopping(t *testing.T) {
	// Labels unrelated to the features: the validation loss soon stops
	// improving.
	x, _ := randomData(600, 10, 5)
	rng := rand.New(rand.NewPCG(9, 9))
	y := make([]float64, 600)
	for i := range y {
		if rng.Float64() < 0.2 {
			y[i] = 1
		}
	}
	const seed = 11
	s := Spec{Trees: 500, MaxDepth: 3, LearningRate: 0.1, EarlyStoppingRounds: 10}
	m := fitModel(t, s, x, y, models.FitOptions{Seed: seed})
	k := len(m.Trees)
	if k == 0 || k >= 100 {
		t.Fatalf("early stopping kept %d of 500 trees on noise", k)
	}

	// The held-out rows are a stratified tenth of the training rows, and
	// the model is the one fitted on the others with k trees.
	train, valid := stratifiedSplit(y, DefaultValidationFraction, rand.New(rand.NewPCG(seed, streamValidation)))
	var pos int
	for _, i := range valid {
		pos += int(y[i])
	}
	var allPos int
	for _, v := range y {
		allPos += int(v)
	}
	if len(train)+len(valid) != 600 || pos != int(math.Round(0.1*float64(allPos))) ||
		len(valid)-pos != int(math.Round(0.1*float64(600-allPos))) {
		t.Errorf("validation split: %d rows, %d events, of %d rows and %d events", len(valid), pos, 600, allPos)
	}
	xt := mat.NewDense(len(train), 10, nil)
	yt := make([]float64, len(train))
	for r, i := range train {
		xt.SetRow(r, x.RawRowView(i))
		yt[r] = y[i]
	}
	plain := fitModel(t, Spec{Trees: k, MaxDepth: 3, LearningRate: 0.1}, xt, yt, models.FitOptions{Seed: seed})
	if !slices.Equal(plain.PredictProba(x), m.PredictProba(x)) {
		t.Error("the early-stopped model differs from a plain fit on the training part")
	}
}

func TestMaxLeaves(t *testing.T) {
	x, y := randomData(800, 9, 6)
	m := fitModel(t, Spec{Trees: 10, MaxLeaves: 6, MaxDepth: -1, LearningRate: 0.3}, x, y, models.FitOptions{})
	for k, tr := range m.Trees {
		leaves := 0
		for _, f := range tr.Feature {
			if f < 0 {
				leaves++
			}
		}
		if leaves > 6 || leaves < 2 {
			t.Errorf("tree %d has %d leaves, want 2..6", k, leaves)
		}
	}
}

func TestImportance(t *testing.T) {
	x, y := randomData(800, 9, 6)
	m := fitModel(t, Spec{Trees: 30, MaxDepth: 3}, x, y, models.FitOptions{})
	imp := m.Importance()
	var total, sum float64
	for _, tr := range m.Trees {
		for _, g := range tr.Gain {
			total += g
		}
	}
	for _, g := range imp {
		sum += g
	}
	if math.Abs(total-sum) > 1e-9*total || len(imp) != 9 {
		t.Errorf("importances sum to %v over %d features; the splits' gains to %v", sum, len(imp), total)
	}
	// The signal is in columns 0..5; columns 6..8 are noise.
	if imp[1] <= imp[7] {
		t.Errorf("importance %v: column 1 (signal) ≤ column 7 (noise)", imp)
	}
	imp[0] = -1
	if m.Gain[0] == -1 {
		t.Error("Importance returned the model's own slice")
	}
}

func TestErrors(t *testing.T) {
	x, y := randomData(50, 3, 1)
	for name, s := range map[string]Spec{
		"trees":      {Trees: -1},
		"eta":        {LearningRate: -0.1},
		"depth":      {MaxDepth: -2},
		"no limit":   {MaxDepth: -1},
		"leaves":     {MaxLeaves: 1},
		"mcw":        {MinChildWeight: new(-1.0)},
		"lambda":     {Lambda: new(math.Inf(1))},
		"gamma":      {Gamma: math.NaN()},
		"subsample":  {Subsample: 1.5},
		"colsample":  {ColSample: -0.5},
		"bins":       {MaxBins: 300},
		"early":      {EarlyStoppingRounds: -3},
		"validation": {ValidationFraction: 1},
		"workers":    {Workers: -1},
	} {
		if _, err := s.Fit(x, y, models.FitOptions{}); err == nil {
			t.Errorf("%s: Fit(%+v) returned no error", name, s)
		}
	}
	bad := mat.DenseCopyOf(x)
	bad.Set(3, 1, math.Inf(1))
	if _, err := (Spec{}).Fit(bad, y, models.FitOptions{}); err == nil {
		t.Error("Fit accepted +Inf in X")
	}
	bad.Set(3, 1, -math.MaxFloat64)
	if _, err := (Spec{}).Fit(bad, y, models.FitOptions{}); err == nil {
		t.Error("Fit accepted -math.MaxFloat64 in X")
	}
	w := make([]float64, len(y))
	for i := range w {
		w[i] = 1 - y[i] // the events weigh nothing
	}
	if _, err := (Spec{}).Fit(x, y, models.FitOptions{Weights: w}); !errors.Is(err, models.ErrSingleClass) {
		t.Errorf("zero weight on every event: %v, want models.ErrSingleClass", err)
	}
	w[0] = math.NaN()
	if _, err := (Spec{}).Fit(x, y, models.FitOptions{Weights: w}); err == nil {
		t.Error("Fit accepted a NaN weight")
	}
}

func TestBinning(t *testing.T) {
	// A 0/1 column gets two bins; a column of 1000 distinct values gets
	// MaxBins quantile bins, or one fewer with missing values.
	n := 1000
	x := mat.NewDense(n, 3, nil)
	rows := make([]int, n)
	for i := range n {
		rows[i] = i
		x.Set(i, 0, float64(i%2))
		x.Set(i, 1, float64(i))
		v := float64(i)
		if i%10 == 0 {
			v = nan
		}
		x.Set(i, 2, v)
	}
	b := binFeatures(x, rows, nil, 16, 2)
	if got := b.feats[0]; got.nb != 2 || !slices.Equal(got.cuts, []float64{1}) {
		t.Errorf("0/1 column: %d bins, cuts %v", got.nb, got.cuts)
	}
	if got := b.feats[1].nb; got != 16 {
		t.Errorf("continuous column: %d bins, want 16", got)
	}
	f := b.feats[2]
	if f.nb != 15 {
		t.Errorf("continuous column with missing values: %d value bins, want 15", f.nb)
	}
	// Equal-count bins: 1000/16 = 62.5 rows each.
	counts := make([]int, b.feats[1].nb)
	for i := range n {
		counts[b.codes[1*n+i]]++
	}
	for k, c := range counts {
		if c < 62 || c > 63 {
			t.Errorf("bin %d of the continuous column holds %d rows, want 62 or 63", k, c)
		}
	}
	for i := range n {
		if c := b.codes[2*n+i]; (i%10 == 0) != (int(c) == f.nb) {
			t.Fatalf("row %d: code %d, missing code %d", i, c, f.nb)
		}
	}
}
