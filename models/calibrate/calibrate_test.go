package calibrate

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
	"github.com/ostfold-vte/bleedrisk/models/modeltest"
	"github.com/ostfold-vte/bleedrisk/models/naivebayes"
)

func near(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= tol) {
			return false
		}
	}
	return true
}

func apply(m interface{ Apply(float64) float64 }, q []float64) []float64 {
	out := make([]float64, len(q))
	for i, v := range q {
		out[i] = m.Apply(v)
	}
	return out
}

func TestPAVHandWorked(t *testing.T) {
	// p 0.1 0.2 0.2 0.3 0.4 0.5 0.6 0.7, y 0 1 0 1 0 0 1 1, unit weights.
	//  1. Pool the ties at p = 0.2: mean 1/2, weight 2. Distinct points
	//     (p: mean/weight): 0.1: 0/1, 0.2: ½/2, 0.3: 1/1, 0.4: 0/1,
	//     0.5: 0/1, 0.6: 1/1, 0.7: 1/1.
	//  2. Blocks {0.1} 0, {0.2} ½, {0.3} 1: increasing.
	//  3. Add {0.4} 0: violates 1 > 0; pool {0.3, 0.4}: (1+0)/2 = ½. That
	//     equals the block {0.2} ½ before it; pool (equal means are pooled,
	//     which changes no fitted value): {0.2, 0.3, 0.4} = (1+1+0)/4 = ½.
	//  4. Add {0.5} 0: violates ½ > 0; pool {0.2 … 0.5} = 2/5 = 0.4;
	//     0 ≤ 0.4 before it, so stop.
	//  5. Add {0.6} 1, then {0.7} 1: equal, pooled to {0.6, 0.7} = 1.
	//  Fitted: 0.1→0, 0.2…0.5→0.4, 0.6, 0.7→1. Dropping the interior
	//  points of the flat stretches (0.3, 0.4) leaves X 0.1 0.2 0.5 0.6
	//  0.7, Y 0 0.4 0.4 1 1; so 0.05→0 (flat), 0.15→0.2, 0.35→0.4,
	//  0.55→0.7, 0.9→1 (flat). scikit-learn 1.2.1
	//  IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1) gives
	//  the same thresholds and predictions.
	m, err := FitIsotonic([]float64{0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, []float64{0, 1, 0, 1, 0, 0, 1, 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.X, []float64{0.1, 0.2, 0.5, 0.6, 0.7}) || !near(m.Y, []float64{0, 0.4, 0.4, 1, 1}, 1e-15) {
		t.Errorf("map %v → %v, want [0.1 0.2 0.5 0.6 0.7] → [0 0.4 0.4 1 1]", m.X, m.Y)
	}
	got := apply(m, []float64{0.05, 0.15, 0.35, 0.55, 0.9})
	if want := []float64{0, 0.2, 0.4, 0.7, 1}; !near(got, want, 1e-15) {
		t.Errorf("predictions %v, want %v", got, want)
	}
}

// p22, y22 and w22 are 22 predictions (with ties), labels and weights
// generated with numpy 1.24.2 default_rng(5): p = round(uniform(0, 0.6),
// 2), y = uniform() < p + 0.1, w integers in 1..3.
var (
	p22 = []float64{0.48, 0.48, 0.31, 0.17, 0.03, 0.23, 0.25, 0.03, 0.03, 0.6, 0.39, 0.14, 0.26, 0.58, 0.54, 0.51, 0.24, 0.3, 0.41, 0.04, 0.33, 0.16}
	y22 = []float64{0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0}
	w22 = []float64{1, 3, 2, 2, 1, 2, 3, 1, 3, 1, 1, 3, 3, 1, 3, 3, 2, 2, 3, 3, 3, 2}
)

func TestIsotonicMatchesSklearn(t *testing.T) {
	// scikit-learn 1.2.1 IsotonicRegression(out_of_bounds="clip",
	// y_min=0, y_max=1).fit(p22, y22, sample_weight=w): X_thresholds_,
	// y_thresholds_ and predict(q).
	q := []float64{0, 0.03, 0.2, 0.235, 0.255, 0.32, 0.40, 0.5, 0.56, 0.59, 0.9}
	for _, tc := range []struct {
		name          string
		w             []float64
		x, y, predict []float64
	}{
		{
			"unweighted", nil,
			[]float64{0.03, 0.23, 0.24, 0.31, 0.33, 0.39, 0.41, 0.54, 0.58, 0.6},
			[]float64{0.125, 0.125, 0.4, 0.4, 0.5, 0.5, 0.6, 0.6, 1.0, 1.0},
			[]float64{0.125, 0.125, 0.125, 0.2624999999999996, 0.4, 0.45, 0.5500000000000002, 0.6, 0.8000000000000005, 1.0, 1.0},
		},
		{
			"weighted", w22,
			[]float64{0.03, 0.23, 0.24, 0.25, 0.26, 0.31, 0.33, 0.54, 0.58, 0.6},
			[]float64{0.058823529411764705, 0.058823529411764705, 0.4, 0.4, 0.42857142857142855, 0.42857142857142855, 0.7058823529411765, 0.7058823529411765, 1.0, 1.0},
			[]float64{0.058823529411764705, 0.058823529411764705, 0.058823529411764705, 0.22941176470588187, 0.41428571428571426, 0.5672268907563025, 0.7058823529411765, 0.7058823529411765, 0.8529411764705886, 1.0, 1.0},
		},
	} {
		m, err := FitIsotonic(p22, y22, tc.w)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(m.X, tc.x) || !near(m.Y, tc.y, 1e-15) {
			t.Errorf("%s: map %v → %v, want %v → %v", tc.name, m.X, m.Y, tc.x, tc.y)
		}
		if got := apply(m, q); !near(got, tc.predict, 1e-14) {
			t.Errorf("%s: predictions %v, want %v", tc.name, got, tc.predict)
		}
	}
}

func TestIsotonicEdgeCases(t *testing.T) {
	// Weight 0 drops a row; a NaN prediction maps to NaN.
	m, err := FitIsotonic([]float64{0.2, 0.9, 0.5}, []float64{0, 0, 1}, []float64{1, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.X, []float64{0.2, 0.5}) || !slices.Equal(m.Y, []float64{0, 1}) {
		t.Errorf("map %v → %v, want [0.2 0.5] → [0 1]", m.X, m.Y)
	}
	if v := m.Apply(math.NaN()); !math.IsNaN(v) {
		t.Errorf("Apply(NaN) = %v", v)
	}
	// All rows decreasing: one block, the event share everywhere.
	m, err = FitIsotonic([]float64{0.1, 0.2, 0.3, 0.4}, []float64{1, 1, 0, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := apply(m, []float64{0, 0.25, 1}); !slices.Equal(got, []float64{0.5, 0.5, 0.5}) {
		t.Errorf("decreasing data: %v, want 0.5 everywhere", got)
	}
}

// pPlatt, yPlatt and wPlatt are p22, y22 and w22 with two rows added at
// p = 0 (y 0, weight 1) and p = 1 (y 1, weight 2), which the clipping to
// [1e-6, 1 − 1e-6] keeps finite.
var (
	pPlatt = append(slices.Clone(p22), 0, 1)
	yPlatt = append(slices.Clone(y22), 0, 1)
	wPlatt = append(slices.Clone(w22), 1, 2)
)

func TestPlattMatchesGLM(t *testing.T) {
	// R 4.2.2: lp <- qlogis(pmin(pmax(p, 1e-6), 1 - 1e-6));
	// f <- glm(y ~ lp, family = binomial, control = glm.control(epsilon =
	// 1e-14, maxit = 100)); coef(f) and predict(f, data.frame(lp =
	// qlogis(pmin(pmax(q, 1e-6), 1 - 1e-6))), type = "response"); the
	// weighted fit adds weights = w.
	m, err := FitPlatt(pPlatt, yPlatt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !near([]float64{m.Intercept, m.Slope}, []float64{0.320923866695855, 0.661701556178733}, 1e-9) {
		t.Errorf("unweighted: intercept %.15g, slope %.15g; want 0.320923866695855, 0.661701556178733", m.Intercept, m.Slope)
	}
	got := apply(m, []float64{0, 0.01, 0.1, 0.3, 0.5, 0.9, 1})
	want := []float64{0.000147605420306856, 0.061822366522129323, 0.243611008825750680, 0.440351793361904109, 0.579549389026961848, 0.855057398709182959, 0.999922307026558266}
	if !near(got, want, 1e-10) {
		t.Errorf("predictions %v, want %v", got, want)
	}
	m, err = FitPlatt(pPlatt, yPlatt, wPlatt)
	if err != nil {
		t.Fatal(err)
	}
	if !near([]float64{m.Intercept, m.Slope}, []float64{0.71350434488290, 1.05227083194721}, 1e-9) {
		t.Errorf("weighted: intercept %.15g, slope %.15g; want 0.71350434488290, 1.05227083194721", m.Intercept, m.Slope)
	}
}

func TestPlattEdgeCases(t *testing.T) {
	// Constant predictions: slope 0, intercept logit(1/4).
	m, err := FitPlatt([]float64{0.3, 0.3, 0.3, 0.3}, []float64{0, 1, 0, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Slope != 0 || math.Abs(m.Apply(0.9)-0.25) > 1e-15 {
		t.Errorf("constant predictions: %+v, Apply(0.9) = %v; want slope 0 and 0.25", m, m.Apply(0.9))
	}
	// Predictions that separate the classes.
	_, err = FitPlatt([]float64{0.1, 0.2, 0.6, 0.7}, []float64{0, 0, 1, 1}, nil)
	if !errors.Is(err, logistic.ErrSeparation) || !strings.Contains(err.Error(), "isotonic") {
		t.Errorf("separated predictions: error %v, want logistic.ErrSeparation suggesting isotonic", err)
	}
	if v := (PlattMap{Intercept: 1, Slope: 2}).Apply(math.NaN()); !math.IsNaN(v) {
		t.Errorf("Apply(NaN) = %v", v)
	}
}

func TestMapErrors(t *testing.T) {
	for name, fit := range map[string]func(p, y, w []float64) error{
		"platt":    func(p, y, w []float64) error { _, err := FitPlatt(p, y, w); return err },
		"isotonic": func(p, y, w []float64) error { _, err := FitIsotonic(p, y, w); return err },
	} {
		for _, tc := range []struct {
			name    string
			p, y, w []float64
			want    error
			msg     string
		}{
			{"no rows", nil, nil, nil, nil, "no rows"},
			{"lengths", []float64{0.1, 0.2}, []float64{0}, nil, nil, "2 predictions, 1 labels"},
			{"NaN", []float64{0.1, math.NaN()}, []float64{0, 1}, nil, nil, "prediction 1 is NaN"},
			{"label", []float64{0.1, 0.2}, []float64{0, 2}, nil, nil, "0 or 1"},
			{"weight", []float64{0.1, 0.2}, []float64{0, 1}, []float64{1, -1}, nil, "weight 1 is -1"},
			{"one class", []float64{0.1, 0.2}, []float64{1, 1}, nil, models.ErrSingleClass, ""},
			{"weighted to one class", []float64{0.1, 0.2}, []float64{0, 1}, []float64{0, 1}, models.ErrSingleClass, ""},
		} {
			err := fit(tc.p, tc.y, tc.w)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%s, %s: error %v, want %v / %q", name, tc.name, err, tc.want, tc.msg)
			}
		}
	}
}

func TestConformance(t *testing.T) {
	for name, s := range map[string]Spec{
		"ridge+platt":       {Base: logistic.Spec{Lambda: 0.1}},
		"logistic+isotonic": {Base: logistic.Spec{}, Method: Isotonic, Folds: 3},
		"nb+isotonic":       {Base: naivebayes.Spec{}, Method: Isotonic},
	} {
		t.Run(name, func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

// recorder notes, for every fit of fakeSpec, the row ids it was fitted on
// and the row ids its model predicted; column 0 of X holds the row id.
type recorder struct {
	fitted    [][]int
	predicted [][]int
	seeds     []uint64
}

type fakeSpec struct{ rec *recorder }

func (s fakeSpec) Name() string { return "fake" }

func (s fakeSpec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	n, _ := X.Dims()
	ids := make([]int, n)
	for i := range ids {
		ids[i] = int(X.At(i, 0))
	}
	s.rec.fitted = append(s.rec.fitted, ids)
	s.rec.predicted = append(s.rec.predicted, nil)
	s.rec.seeds = append(s.rec.seeds, opt.Seed)
	return &fakeModel{rec: s.rec, fit: len(s.rec.fitted) - 1}, nil
}

type fakeModel struct {
	rec *recorder
	fit int
}

// PredictProba records the rows and returns σ(column 1).
func (m *fakeModel) PredictProba(X *mat.Dense) []float64 {
	n, _ := X.Dims()
	p := make([]float64, n)
	for i := range p {
		m.rec.predicted[m.fit] = append(m.rec.predicted[m.fit], int(X.At(i, 0)))
		p[i] = sigmoid(X.At(i, 1))
	}
	return p
}

func TestCalibrationRowsHeldOut(t *testing.T) {
	// 103 rows, 21 events; column 0 is the row id, column 1 a noisy score.
	const n = 103
	rng := rand.New(rand.NewPCG(4, 4))
	x := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		if i%5 == 0 {
			y[i] = 1
		}
		x.Set(i, 0, float64(i))
		x.Set(i, 1, y[i]+rng.NormFloat64())
	}
	for _, method := range []Method{Platt, Isotonic} {
		rec := &recorder{}
		s := Spec{Base: fakeSpec{rec}, Method: method, Folds: 4}
		m, err := s.Fit(x, y, models.FitOptions{Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.fitted) != 5 {
			t.Fatalf("%s: %d base fits, want 4 folds + 1", method, len(rec.fitted))
		}
		seen := make([]int, n)
		for f := range 4 {
			inFit := make(map[int]bool)
			for _, i := range rec.fitted[f] {
				inFit[i] = true
			}
			var events int
			for _, i := range rec.predicted[f] {
				if inFit[i] {
					t.Errorf("%s: fold %d predicted row %d, which it was fitted on", method, f, i)
				}
				seen[i]++
				events += int(y[i])
			}
			if k := len(rec.predicted[f]); k < 25 || k > 26 || events < 5 || events > 6 {
				t.Errorf("%s: fold %d held out %d rows with %d events; want 25–26 with 5–6 (stratified)", method, f, k, events)
			}
			if len(rec.fitted[f])+len(rec.predicted[f]) != n {
				t.Errorf("%s: fold %d fitted %d and predicted %d of %d rows", method, f, len(rec.fitted[f]), len(rec.predicted[f]), n)
			}
		}
		for i, c := range seen {
			if c != 1 {
				t.Errorf("%s: row %d has %d out-of-fold predictions, want 1", method, i, c)
			}
		}
		// The final fit uses all rows and the caller's seed, and has not
		// predicted anything during Fit.
		if len(rec.fitted[4]) != n || rec.seeds[4] != 9 || rec.predicted[4] != nil {
			t.Errorf("%s: final fit on %d rows with seed %d, %d predictions", method, len(rec.fitted[4]), rec.seeds[4], len(rec.predicted[4]))
		}
		if slices.Contains(rec.seeds[:4], 9) {
			t.Errorf("%s: fold seeds %v reuse the caller's seed", method, rec.seeds[:4])
		}
		// The map is the one fitted on the out-of-fold predictions.
		oof := make([]float64, n)
		for i := range oof {
			oof[i] = sigmoid(x.At(i, 1))
		}
		var want []float64
		if method == Platt {
			mp, _ := FitPlatt(oof, y, nil)
			want = apply(mp, oof)
		} else {
			mp, _ := FitIsotonic(oof, y, nil)
			want = apply(mp, oof)
		}
		if got := m.PredictProba(x); !slices.Equal(got, want) {
			t.Errorf("%s: predictions differ from the map fitted on the out-of-fold predictions", method)
		}
	}
}

func TestPlattRecoversSlope(t *testing.T) {
	// An overconfident base: it predicts σ(2η) when the truth is σ(η), so
	// Platt scaling should find a calibration slope near 1/2. (η is kept
	// within about ±6 so that the clipping of p plays no part.)
	const n = 4000
	rng := rand.New(rand.NewPCG(8, 8))
	x := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		eta := rng.NormFloat64() - 1
		x.Set(i, 0, float64(i))
		x.Set(i, 1, 2*eta)
		if rng.Float64() < sigmoid(eta) {
			y[i] = 1
		}
	}
	m, err := Spec{Base: fakeSpec{&recorder{}}}.Fit(x, y, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if mp := m.(*Model).Platt; math.Abs(mp.Slope-0.5) > 0.05 || math.Abs(mp.Intercept) > 0.1 {
		t.Errorf("Platt map %+v, want slope ≈ 1/2 and intercept ≈ 0", mp)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	x, y := data(150, 3)
	for _, method := range []Method{Platt, Isotonic} {
		s := Spec{Base: logistic.Spec{Lambda: 0.05}, Method: method}
		m, err := s.Fit(x, y, models.FitOptions{Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		back := Model{Spec: Spec{Base: &logistic.Spec{}}, Base: &logistic.Model{}}
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(back.PredictProba(x), m.PredictProba(x)) {
			t.Errorf("%s: predictions differ after a JSON round trip: %s", method, b)
		}
		if back.Spec.Name() != "ridge+"+string(method) {
			t.Errorf("%s: spec after the round trip: %+v", method, back.Spec)
		}
	}
}

// data returns n rows of p standard normal columns and labels from a
// logistic model on the first two, about 30% events.
func data(n, p int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range p {
			x.Set(i, j, rng.NormFloat64())
		}
		if rng.Float64() < sigmoid(-1+x.At(i, 0)-0.5*x.At(i, 1)) {
			y[i] = 1
		}
	}
	return x, y
}

func TestSpecErrors(t *testing.T) {
	x, y := data(60, 2)
	few := make([]float64, 60)
	few[3], few[10], few[20] = 1, 1, 1
	for _, tc := range []struct {
		name string
		s    Spec
		y    []float64
		msg  string
	}{
		{"nil base", Spec{}, y, "Base is nil"},
		{"method", Spec{Base: logistic.Spec{}, Method: "beta"}, y, `"beta"`},
		{"one fold", Spec{Base: logistic.Spec{}, Folds: 1}, y, "Folds is 1"},
		{"too few events", Spec{Base: logistic.Spec{Lambda: 1}}, few, "3 training rows, fewer than the 5"},
		{"base error names the fold", Spec{Base: logistic.Spec{MaxIter: 1}}, y, "internal fold 1 of 5"},
	} {
		if m, err := tc.s.Fit(x, tc.y, models.FitOptions{}); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: Fit = %v, %v; want an error containing %q", tc.name, m, err, tc.msg)
		}
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		s    Spec
		want string
	}{
		{Spec{Base: logistic.Spec{Lambda: 1}}, "ridge+platt"},
		{Spec{Base: logistic.Spec{}, Method: Isotonic}, "logistic+isotonic"},
		{Spec{Base: naivebayes.Spec{}, Method: Platt}, "nb+platt"},
	} {
		if got := tc.s.Name(); got != tc.want {
			t.Errorf("Name() = %q, want %q", got, tc.want)
		}
	}
}
