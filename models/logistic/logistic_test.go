package logistic

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
	"github.com/ostfold-vte/bleedrisk/models/modeltest"
)

// x40, y40 and w40 are a fixed data set of 40 rows, 3 columns and 16
// events, generated once with numpy 1.24.2 default_rng(11): X normal with
// scales (1, 2, 0.5) and means (0, 1, 0), rounded to 3 decimals; y drawn
// from logit P = −0.3 + 0.6x₁ − 0.3x₂ + 0.8x₃; w integers in 1..3.
var (
	x40 = modeltest.X40
	y40 = modeltest.Y40
	w40 = modeltest.W40
)

func dense(rows [][]float64) *mat.Dense { return modeltest.Dense(rows) }

func fitLinear(t *testing.T, s Spec, x *mat.Dense, y, w []float64) *Model {
	t.Helper()
	m, err := s.Fit(x, y, models.FitOptions{Weights: w})
	if err != nil {
		t.Fatalf("Fit(%+v): %v", s, err)
	}
	return m.(*Model)
}

func checkCoef(t *testing.T, m *Model, want []float64, tol float64) {
	t.Helper()
	b0, coef := m.Coefficients()
	got := append([]float64{b0}, coef...)
	for j := range want {
		if math.Abs(got[j]-want[j]) > tol {
			t.Errorf("coefficients %.12g, want %.12g (±%g)", got, want, tol)
			return
		}
	}
}

var solvers = []struct {
	name string
	s    solver
}{{"auto", solverAuto}, {"cholesky", solverCholesky}, {"cg", solverCG}}

func TestRidgeMatchesSklearn(t *testing.T) {
	// Intercept, then coefficients, from scikit-learn 1.2.1
	// LogisticRegression(penalty="l2", C=C, tol=1e-12, max_iter=10000,
	// solver="newton-cholesky"), with C = 1/(W·λ): W = n = 40 unweighted,
	// W = Σw = 81 weighted (fit(X, y, sample_weight=w)). solver="newton-cg"
	// agrees to 1e-10; the default "lbfgs" with tol=1e-10 only to about
	// 1e-5 (it stops on its relative function change), so it is not used.
	for _, tc := range []struct {
		name   string
		lambda float64
		w      []float64
		want   []float64
	}{
		{"lambda 0.05 (C 0.5)", 0.05, nil, []float64{-0.382129104909674, 0.514519798804783, -0.221325184806647, 0.163601791667162}},
		{"lambda 0.5 (C 0.05)", 0.5, nil, []float64{-0.334559819172859, 0.191817604049055, -0.17434766092535, 0.0181970644891695}},
		{"weighted lambda 0.05 (C 1/4.05)", 0.05, w40, []float64{-0.623278362267416, 0.623351334802072, -0.263130905907399, 0.0124178205302044}},
		{"weighted lambda 0.5 (C 1/40.5)", 0.5, w40, []float64{-0.569420879293198, 0.232816574299234, -0.198707987327271, 0.00211097347382541}},
	} {
		for _, sv := range solvers {
			t.Run(tc.name+"/"+sv.name, func(t *testing.T) {
				m := fitLinear(t, Spec{Lambda: tc.lambda, solver: sv.s}, dense(x40), y40, tc.w)
				checkCoef(t, m, tc.want, 1e-8)
			})
		}
	}
}

func TestUnpenalisedMatchesGLM(t *testing.T) {
	// R 4.2.2 glm(y ~ x1 + x2 + x3, family = binomial,
	// control = glm.control(epsilon = 1e-14)) coefficients; statsmodels
	// 0.13.5 Logit(y, add_constant(X)).fit(tol=1e-12) gives the same to 12
	// decimals, with log-likelihood −23.552942702743. Weighted: glm(...,
	// weights = w).
	for _, tc := range []struct {
		name string
		w    []float64
		want []float64
	}{
		{"unweighted", nil, []float64{-0.457530603043, 0.692742068030, -0.213989116771, 0.558891659707}},
		{"weighted", w40, []float64{-0.674449901493, 0.822461462976, -0.262548228900, 0.079622280370}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := fitLinear(t, Spec{}, dense(x40), y40, tc.w)
			checkCoef(t, m, tc.want, 1e-9)
		})
	}
	// The log-likelihood at the fit, from the predictions.
	m := fitLinear(t, Spec{}, dense(x40), y40, nil)
	var ll float64
	for i, p := range m.PredictProba(dense(x40)) {
		ll += y40[i]*math.Log(p) + (1-y40[i])*math.Log(1-p)
	}
	if math.Abs(ll - -23.552942702743) > 1e-9 {
		t.Errorf("log-likelihood %.12f, want −23.552942702743 (statsmodels, R)", ll)
	}
}

func TestWeightsEqualDuplicatedRows(t *testing.T) {
	var rows [][]float64
	var y []float64
	for i, w := range w40 {
		for k := 0; k < int(w); k++ {
			rows = append(rows, x40[i])
			y = append(y, y40[i])
		}
	}
	for _, lambda := range []float64{0, 0.05} {
		for _, sv := range solvers {
			s := Spec{Lambda: lambda, solver: sv.s}
			weighted := fitLinear(t, s, dense(x40), y40, w40)
			dup := fitLinear(t, s, dense(rows), y, nil)
			b0, coef := dup.Coefficients()
			checkCoef(t, weighted, append([]float64{b0}, coef...), 1e-10)
			// Scaling all weights leaves the fit unchanged.
			scaled := make([]float64, len(w40))
			for i, w := range w40 {
				scaled[i] = 0.37 * w
			}
			checkCoef(t, fitLinear(t, s, dense(x40), y40, scaled), append([]float64{b0}, coef...), 1e-10)
		}
	}
}

func TestZeroWeightDropsRow(t *testing.T) {
	w := slices.Clone(w40)
	w[3], w[17] = 0, 0
	var rows [][]float64
	var y, wKept []float64
	for i := range w {
		if w[i] != 0 {
			rows, y, wKept = append(rows, x40[i]), append(y, y40[i]), append(wKept, w[i])
		}
	}
	s := Spec{Lambda: 0.05}
	want := fitLinear(t, s, dense(rows), y, wKept)
	b0, coef := want.Coefficients()
	checkCoef(t, fitLinear(t, s, dense(x40), y40, w), append([]float64{b0}, coef...), 1e-12)
}

func TestConformance(t *testing.T) {
	for _, s := range []Spec{{}, {Lambda: 0.1}, {Lambda: 0.1, solver: solverCG}} {
		t.Run(s.Name(), func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

func TestName(t *testing.T) {
	if got := (Spec{}).Name(); got != "logistic" {
		t.Errorf("Spec{}.Name() = %q, want logistic", got)
	}
	if got := (Spec{Lambda: 1}).Name(); got != "ridge" {
		t.Errorf("Spec{Lambda: 1}.Name() = %q, want ridge", got)
	}
}

func TestSeparation(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    [][]float64
		y    []float64
	}{
		// x < 2.5 ⇔ y = 0: complete separation.
		{"complete", [][]float64{{1}, {2}, {3}, {4}, {0}, {5}}, []float64{0, 0, 1, 1, 0, 1}},
		// x ≤ 2 ⇒ y = 0 and x ≥ 2 ⇒ y = 1 except for the two tied rows
		// at x = 2, which hold both classes: quasi-complete separation (R
		// glm warns "fitted probabilities numerically 0 or 1 occurred").
		{"quasi-complete", [][]float64{{0}, {1}, {2}, {2}, {3}, {4}, {1.5}, {3.5}}, []float64{0, 0, 0, 1, 1, 1, 0, 1}},
		// The second column separates; the first is noise.
		{"two columns", [][]float64{{0.3, -1}, {-0.2, -2}, {1.1, 1}, {0.4, 3}, {-0.7, 0.5}, {0.9, -0.4}}, []float64{0, 0, 1, 1, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Spec{}.Fit(dense(tc.x), tc.y, models.FitOptions{})
			if !errors.Is(err, ErrSeparation) {
				t.Fatalf("Fit = %v, %v; want ErrSeparation", m, err)
			}
			if !strings.Contains(err.Error(), "ridge") {
				t.Errorf("error %q does not suggest ridge", err)
			}
			// Ridge has a finite optimum on the same data.
			if _, err := (Spec{Lambda: 0.01}).Fit(dense(tc.x), tc.y, models.FitOptions{}); err != nil {
				t.Errorf("ridge: %v", err)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	x := dense(x40)
	nan := mat.DenseCopyOf(x)
	nan.Set(5, 1, math.NaN())
	inf := mat.DenseCopyOf(x)
	inf.Set(7, 2, math.Inf(-1))
	collinear := mat.NewDense(40, 4, nil)
	for i, r := range x40 {
		collinear.SetRow(i, append(slices.Clone(r), r[0]-2*r[1]))
	}
	eventsOnly := slices.Clone(w40)
	for i, v := range y40 {
		if v == 0 {
			eventsOnly[i] = 0
		}
	}
	negative := slices.Clone(w40)
	negative[2] = -1
	for _, tc := range []struct {
		name string
		s    Spec
		x    *mat.Dense
		w    []float64
		want error  // checked with errors.Is when not nil
		msg  string // a substring of the message
	}{
		{"NaN in X", Spec{Lambda: 0.1}, nan, nil, nil, "X[5, 1] is NaN"},
		{"Inf in X", Spec{Lambda: 0.1}, inf, nil, nil, "X[7, 2] is -Inf"},
		{"collinear, unpenalised", Spec{}, collinear, nil, errSingular, "collinear"},
		{"weighted to one class", Spec{Lambda: 0.1}, x, eventsOnly, models.ErrSingleClass, ""},
		{"negative weight", Spec{Lambda: 0.1}, x, negative, nil, "weight 2 is -1"},
		{"short weights", Spec{Lambda: 0.1}, x, w40[1:], nil, "39 weights for 40 rows"},
		{"negative Lambda", Spec{Lambda: -1}, x, nil, nil, "Lambda"},
		{"NaN Lambda", Spec{Lambda: math.NaN()}, x, nil, nil, "Lambda"},
		{"negative MaxIter", Spec{MaxIter: -1}, x, nil, nil, "MaxIter"},
		{"negative Tol", Spec{Tol: -1e-3}, x, nil, nil, "Tol"},
		{"too few iterations", Spec{MaxIter: 1}, x, nil, nil, "no convergence in 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.s.Fit(tc.x, y40, models.FitOptions{Weights: tc.w})
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
	// A collinear design is fine with a penalty.
	if _, err := (Spec{Lambda: 0.1}).Fit(collinear, y40, models.FitOptions{}); err != nil {
		t.Errorf("ridge on a collinear design: %v", err)
	}
}

func TestPredictProbaPanicsOnWrongColumns(t *testing.T) {
	m := fitLinear(t, Spec{Lambda: 0.1}, dense(x40), y40, nil)
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "logistic: ") {
			t.Errorf("panic value %v, want a logistic: message", r)
		}
	}()
	m.PredictProba(mat.NewDense(2, 2, nil))
}

func TestSigmoidStable(t *testing.T) {
	for _, tc := range []struct{ z, want float64 }{
		{0, 0.5},
		{800, 1},
		{-800, 0},
		// σ(−40) = e⁻⁴⁰/(1+e⁻⁴⁰) ≈ 4.248354255291589e-18, representable.
		{-40, 4.248354255291589e-18},
	} {
		if got := sigmoid(tc.z); math.Abs(got-tc.want) > 1e-15*tc.want+1e-300 && got != tc.want {
			t.Errorf("sigmoid(%v) = %v, want %v", tc.z, got, tc.want)
		}
	}
	if got := softplus(800); got != 800 {
		t.Errorf("softplus(800) = %v, want 800", got)
	}
	if got := softplus(-800); got != 0 {
		t.Errorf("softplus(-800) = %v, want 0", got)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	m := fitLinear(t, Spec{Lambda: 0.05}, dense(x40), y40, nil)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.PredictProba(dense(x40)), m.PredictProba(dense(x40))) {
		t.Errorf("predictions differ after a JSON round trip: %s", b)
	}
	if back.Spec.Name() != "ridge" || back.Spec.Lambda != 0.05 {
		t.Errorf("spec after the round trip: %+v", back.Spec)
	}
}

func TestFitTwiceIdentical(t *testing.T) {
	s := Spec{Lambda: 0.05}
	a := fitLinear(t, s, dense(x40), y40, w40)
	b := fitLinear(t, s, dense(x40), y40, w40)
	if a.Intercept != b.Intercept || !slices.Equal(a.Coef, b.Coef) {
		t.Errorf("two fits differ: %v %v and %v %v", a.Intercept, a.Coef, b.Intercept, b.Coef)
	}
}

// TestWorkersIdentical checks that the fit does not depend on Workers: the
// sums over rows are added block by block in block order (here 330 rows,
// six blocks of 64, the last one short), on one, two or seven goroutines,
// with both solvers.
func TestWorkersIdentical(t *testing.T) {
	x, y := wide(330, 40, 5)
	for _, s := range []Spec{{Lambda: 0.01}, {Lambda: 1e-4}, {Lambda: 0.01, solver: solverCholesky}} {
		ref := fitLinear(t, s, x, y, nil)
		for _, workers := range []int{2, 7} {
			s.Workers = workers
			m := fitLinear(t, s, x, y, nil)
			if m.Intercept != ref.Intercept || !slices.Equal(m.Coef, ref.Coef) || m.Iterations != ref.Iterations {
				t.Errorf("%+v: Workers %d gives %v %v, Workers 0 gives %v %v", s, workers, m.Intercept, m.Coef[:3], ref.Intercept, ref.Coef[:3])
			}
		}
	}
}

// TestSolversAgreeLarge compares the Cholesky and conjugate-gradient
// solvers on a wide problem where the automatic choice is conjugate
// gradients.
func TestSolversAgreeLarge(t *testing.T) {
	x, y := wide(300, 120, 3)
	for _, lambda := range []float64{1e-3, 0.03, 1} {
		chol := fitLinear(t, Spec{Lambda: lambda, solver: solverCholesky}, x, y, nil)
		cg := fitLinear(t, Spec{Lambda: lambda}, x, y, nil)
		b0, coef := chol.Coefficients()
		checkCoef(t, cg, append([]float64{b0}, coef...), 1e-7)
	}
}

// wide returns an n×p design like a coded cohort (a few continuous
// columns, the rest sparse 0/1 indicators) and labels with about 12%
// events that depend on a handful of columns.
func wide(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		for j := range row {
			switch {
			case j < 10:
				row[j] = rng.NormFloat64()
			case rng.Float64() < 0.08:
				row[j] = 1
			}
		}
		eta := -2.3 + 0.5*row[0] - 0.4*row[1] + 0.7*row[10] + 0.5*row[11]
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return x, y
}

func BenchmarkFit(b *testing.B) {
	for _, bc := range []struct {
		name   string
		n, p   int
		lambda float64
		s      solver
		w      int
	}{
		{"860x550/lambda=0.01", 860, 550, 0.01, solverAuto, 0},
		{"860x550/lambda=0.1", 860, 550, 0.1, solverAuto, 0},
		{"860x550/lambda=0.001", 860, 550, 0.001, solverAuto, 0},
		{"860x550/lambda=0.001/workers=2", 860, 550, 0.001, solverAuto, 2},
		{"860x550/lambda=0.01/cholesky", 860, 550, 0.01, solverCholesky, 0},
		{"860x30/lambda=0.01/cholesky", 860, 30, 0.01, solverCholesky, 0},
		{"860x30/lambda=0.01/cg", 860, 30, 0.01, solverCG, 0},
		{"860x60/lambda=0.01/cholesky", 860, 60, 0.01, solverCholesky, 0},
		{"860x60/lambda=0.01/cg", 860, 60, 0.01, solverCG, 0},
		{"860x120/lambda=0.01/cholesky", 860, 120, 0.01, solverCholesky, 0},
		{"860x120/lambda=0.01/cg", 860, 120, 0.01, solverCG, 0},
		{"860x30/unpenalised", 860, 30, 0, solverAuto, 0},
	} {
		x, y := wide(bc.n, bc.p, 1)
		b.Run(bc.name, func(b *testing.B) {
			s := Spec{Lambda: bc.lambda, solver: bc.s, Workers: bc.w}
			var iter int
			for b.Loop() {
				m, err := s.Fit(x, y, models.FitOptions{})
				if err != nil {
					b.Fatal(err)
				}
				iter = m.(*Model).Iterations
			}
			b.ReportMetric(float64(iter), "newton-iters")
		})
	}
}
