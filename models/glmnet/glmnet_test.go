package glmnet

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
)

// x60, y60 and w60 are a fixed data set of 60 rows, 6 columns and 21
// events, generated once in R 4.2.2 with set.seed(20240611):
//
//	x <- cbind(rnorm(n), rnorm(n, 0.5, 2), rbinom(n, 1, 0.3), rnorm(n),
//	           rbinom(n, 1, 0.5), rexp(n)); x <- round(x, 3)
//	y <- rbinom(n, 1, plogis(-0.8 + 0.9*x[,1] - 0.3*x[,2] + 0.8*x[,3]
//	                         + 0.5*x[,5] - 0.4*x[,6]))
//	w <- sample(1:3, n, replace = TRUE)
//
// The reference values below come from R glmnet 4.1-6 (Debian
// r-cran-glmnet) on these data, x and y as here.
var (
	x60 = [][]float64{
		{-1.671, -3.153, 1, -0.542, 0, 0.043}, {0.774, -1.236, 1, 1.093, 1, 2.312}, {-2.053, 0.109, 0, 1.278, 1, 1.408},
		{0.016, 2.403, 1, 2.114, 0, 1.514}, {-0.834, -1.288, 0, -1.49, 0, 0.663}, {0.132, 0.797, 0, -1.449, 1, 0.034},
		{-0.889, -1.611, 0, 1.358, 0, 1.188}, {0.027, -2.6, 1, 2.064, 0, 0.111}, {-0.601, 0.575, 1, -0.811, 1, 0.176},
		{-1.415, -2.708, 1, 1.354, 1, 2.886}, {0.781, -2.948, 1, 0.014, 1, 2.857}, {1.422, 0.338, 0, 0.58, 0, 1.701},
		{-0.961, -0.275, 0, 1.228, 1, 1.531}, {-2.402, 1.593, 0, -0.327, 1, 0.856}, {-0.129, 2.577, 1, -0.075, 1, 0.373},
		{0.375, -4.389, 0, 1.444, 1, 0.354}, {-0.658, 0.406, 0, 0.687, 0, 0.202}, {-0.049, 2.529, 0, 0.46, 1, 1.233},
		{-0.899, -1.874, 1, -0.561, 1, 1.326}, {0.09, 3.133, 0, 1.731, 1, 0.874}, {-0.079, 0.315, 0, -0.313, 1, 0.12},
		{0.107, 1.366, 0, -1.291, 0, 0.127}, {-1.117, 1.587, 0, 1.447, 0, 0.165}, {0.366, 2.858, 0, 0.162, 1, 0.247},
		{1.344, 3.261, 1, 0.498, 0, 2.827}, {-0.412, 1.846, 1, 1.085, 1, 0.797}, {-0.407, -0.888, 0, 0.863, 0, 0.008},
		{0.085, -0.82, 1, 0.325, 0, 0.683}, {0.726, 0.277, 0, 0.469, 0, 0.786}, {0.231, -0.202, 1, -0.449, 0, 0.048},
		{-0.954, -2.357, 0, -0.498, 0, 0.381}, {-0.699, -3.079, 0, -0.362, 1, 2.905}, {0.732, 1.951, 1, -0.022, 0, 3.95},
		{1.528, -1.595, 1, -0.04, 0, 0.471}, {-0.454, 4.497, 0, 0.786, 0, 0.288}, {1.567, -0.155, 1, 0.657, 1, 1.682},
		{0.199, 3.197, 0, -0.75, 0, 0.422}, {0.955, 2.369, 0, -1.002, 1, 0.564}, {-1.46, -2.311, 0, 1.184, 1, 0.237},
		{0.679, 3.093, 1, -0.809, 0, 1.054}, {0.188, -0.603, 1, 0.291, 0, 0.424}, {0.744, -1.561, 1, -0.054, 1, 2.1},
		{-0.271, -0.802, 0, -0.384, 0, 0.432}, {1.2, -2.05, 1, 0.208, 1, 0.761}, {1.133, 0.306, 1, -1.143, 0, 2.781},
		{-0.06, 1.075, 0, 0.182, 1, 0.063}, {1.213, -1.374, 0, 0.394, 0, 3.619}, {1.004, 0.063, 0, 0.877, 0, 1.654},
		{-1.2, 0.581, 0, 1.86, 0, 0.171}, {-0.294, -3.054, 0, 0.73, 0, 0.106}, {-1.448, 3.256, 0, -0.444, 1, 1.35},
		{-0.903, -0.188, 1, -0.475, 0, 0.04}, {-0.73, 0.806, 1, 1.81, 0, 0.835}, {-0.179, 0.783, 1, -1.015, 0, 0.014},
		{-0.378, 0.733, 0, 0.108, 0, 0.397}, {0.039, 0.033, 0, -0.761, 1, 0.096}, {0.269, 2.303, 0, -0.342, 0, 0.364},
		{-0.097, 2.415, 0, -0.478, 1, 0.11}, {-0.983, -1.559, 0, -2.332, 0, 0.81}, {1.06, 2.367, 1, 0.106, 0, 0.667},
	}
	y60 = []float64{0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	w60 = []float64{1, 1, 1, 2, 3, 2, 1, 3, 2, 1, 2, 1, 3, 2, 2, 2, 2, 1, 3, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 1, 1, 2, 3, 2, 1, 2, 3, 1, 3, 2, 3, 3, 1, 3, 3, 2, 2, 3, 1, 1, 2, 2, 2, 3, 2, 2, 1, 3, 2, 3}
)

func dense(rows [][]float64) *mat.Dense { return modeltest.Dense(rows) }

func fitModel(t *testing.T, s Spec, x *mat.Dense, y, w []float64) *Model {
	t.Helper()
	m, err := s.Fit(x, y, models.FitOptions{Weights: w})
	if err != nil {
		t.Fatalf("Fit(%+v): %v", s, err)
	}
	return m.(*Model)
}

// checkCoef compares the intercept and coefficients with want (intercept
// first).
func checkCoef(t *testing.T, b0 float64, coef, want []float64, tol float64) {
	t.Helper()
	got := append([]float64{b0}, coef...)
	if len(got) != len(want) {
		t.Fatalf("%d coefficients, want %d", len(got), len(want))
	}
	for j := range want {
		if math.Abs(got[j]-want[j]) > tol {
			t.Errorf("coefficients %.12g,\nwant         %.12g (±%g)", got, want, tol)
			return
		}
	}
}

func TestMatchesGlmnet(t *testing.T) {
	// Intercept, then coefficients, from
	// coef(glmnet(x, y, family = "binomial", alpha = Alpha,
	//             lambda = Lambda, standardize = FALSE, thresh = 1e-14)),
	// with weights = w for the weighted rows and standardize = TRUE for
	// the standardised one.
	for _, tc := range []struct {
		name string
		s    Spec
		w    []float64
		want []float64
	}{
		{"lasso 0.05", Spec{Alpha: 1, Lambda: 0.05}, nil,
			[]float64{-0.590266491905, 0.619175329657, -0.36420748641, 0, 0, 0, 0}},
		{"lasso 0.02", Spec{Alpha: 1, Lambda: 0.02}, nil,
			[]float64{-0.728721759244, 0.889887623282, -0.439869227643, 0, -0.0251792113313, 0.324351328526, 0}},
		{"lasso 0.002", Spec{Alpha: 1, Lambda: 0.002}, nil,
			[]float64{-1.00643447761, 1.11038300252, -0.513293589988, 0.172345094791, -0.168535142456, 0.828077595767, -0.00273510964962}},
		{"elastic net 0.5, 0.04", Spec{Alpha: 0.5, Lambda: 0.04}, nil,
			[]float64{-0.678980668172, 0.754869746188, -0.409817556411, 0, -0.0184582374322, 0.209245140406, 0.000435975444385}},
		{"ridge 0.1", Spec{Alpha: 0, Lambda: 0.1}, nil,
			[]float64{-0.817225260247, 0.547359278244, -0.371075820162, 0.0995624476863, -0.0954221546702, 0.218473437255, 0.105996713347}},
		{"weighted lasso 0.03", Spec{Alpha: 1, Lambda: 0.03}, w60,
			[]float64{-0.828166578631, 0.570443872184, -0.559850541388, 0, 0, 0.305401163961, 0}},
		{"weighted elastic net 0.5, 0.03", Spec{Alpha: 0.5, Lambda: 0.03}, w60,
			[]float64{-1.03491200192, 0.601477967127, -0.567571049724, 0.242412588238, 0, 0.505356151056, 0.00287799710906}},
		{"standardised lasso 0.03", Spec{Alpha: 1, Lambda: 0.03, Standardize: true}, nil,
			[]float64{-0.765946009678, 0.797823020526, -0.36589526239, 0, 0, 0.423251330484, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.s.Tol = 1e-14
			m := fitModel(t, tc.s, dense(x60), y60, tc.w)
			b0, coef := m.Coefficients()
			checkCoef(t, b0, coef, tc.want, 1e-6)
			// Exact zeros where glmnet has them.
			for j, c := range tc.want[1:] {
				if (c == 0) != (coef[j] == 0) {
					t.Errorf("coefficient %d is %v, glmnet has %v", j, coef[j], c)
				}
			}
			// The default tolerance (glmnet's thresh 1e-7) is close.
			tc.s.Tol = 0
			b0, coef = fitModel(t, tc.s, dense(x60), y60, tc.w).Coefficients()
			checkCoef(t, b0, coef, tc.want, 1e-3)
		})
	}
}

func TestRidgeMatchesLogistic(t *testing.T) {
	// Alpha 0 has the objective of models/logistic's ridge with the same
	// λ; Newton and coordinate descent agree.
	for _, w := range [][]float64{nil, w60} {
		m, err := logistic.Spec{Lambda: 0.1, Tol: 1e-12}.Fit(dense(x60), y60, models.FitOptions{Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		b0, coef := m.(models.Linear).Coefficients()
		got := fitModel(t, Spec{Alpha: 0, Lambda: 0.1, Tol: 1e-14}, dense(x60), y60, w)
		gb0, gcoef := got.Coefficients()
		checkCoef(t, gb0, gcoef, append([]float64{b0}, coef...), 1e-8)
	}
}

func TestLambdaMax(t *testing.T) {
	// glmnet(x, y, family = "binomial", standardize = FALSE)$lambda[1],
	// printed with %.17g, and the same with weights = w, with
	// standardize = TRUE and with alpha = 0.5.
	for _, tc := range []struct {
		name string
		s    Spec
		w    []float64
		want float64
	}{
		{"lasso", Spec{Alpha: 1}, nil, 0.32287166666666672},
		{"weighted lasso", Spec{Alpha: 1}, w60, 0.42070531742108619},
		{"standardised lasso", Spec{Alpha: 1, Standardize: true}, nil, 0.15996824841062543},
		{"elastic net 0.5", Spec{Alpha: 0.5}, nil, 0.64574333333333322},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lam, err := tc.s.Lambdas(dense(x60), y60, models.FitOptions{Weights: tc.w})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(lam[0]-tc.want) > 1e-10 {
				t.Errorf("lambda_max %.17g, glmnet %.17g", lam[0], tc.want)
			}
			if len(lam) != DefaultNLambda {
				t.Errorf("%d lambdas, want %d", len(lam), DefaultNLambda)
			}
			// 60 rows ≥ 6 columns: glmnet's lambda.min.ratio is 1e-4.
			if r := lam[len(lam)-1] / lam[0]; math.Abs(r-1e-4) > 1e-15 {
				t.Errorf("lambda_min/lambda_max = %v, want 1e-4", r)
			}
		})
	}
	// By hand, FHT §2.5: λ_max = maxⱼ |(1/n) Σᵢ xᵢⱼ (yᵢ − ȳ)| / α.
	ybar := 21.0 / 60
	var want float64
	for j := range x60[0] {
		var s float64
		for i, row := range x60 {
			s += row[j] * (y60[i] - ybar)
		}
		want = math.Max(want, math.Abs(s)/60)
	}
	lam, _ := Spec{Alpha: 1}.Lambdas(dense(x60), y60, models.FitOptions{})
	if math.Abs(lam[0]-want) > 1e-12 {
		t.Errorf("lambda_max %.17g, by hand %.17g", lam[0], want)
	}
}

func TestPathMatchesGlmnet(t *testing.T) {
	// fp <- glmnet(x, y, family = "binomial", alpha = 1,
	//              standardize = FALSE, thresh = 1e-14);
	// fp$lambda[k] and coef(fp)[, k] for k = 1, 10, 25, 40 (R's 1-based
	// index). glmnet stops that path after 67 of the 100 lambdas (its
	// fdev rule); bleedrisk fits all 100.
	pf, err := Spec{Alpha: 1, Tol: 1e-14}.Path(dense(x60), y60, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pf.Len() != 100 {
		t.Fatalf("%d lambdas, want 100", pf.Len())
	}
	for _, tc := range []struct {
		k      int
		lambda float64
		want   []float64
	}{
		{1, 0.32287166666666672, []float64{-0.619039208406, 0, 0, 0, 0, 0, 0}},
		{10, 0.13976343694254223, []float64{-0.602751673698, 0.0308998437523, -0.204305559447, 0, 0, 0, 0}},
		{25, 0.034620470508250976, []float64{-0.594821774064, 0.743751572464, -0.400604060784, 0, 0, 0, 0}},
		{40, 0.0085757548929296847, []float64{-0.856774309471, 1.02867122815, -0.484217825354, 0.0131302556758, -0.109405761615, 0.626541410494, 0}},
	} {
		k := tc.k - 1
		if math.Abs(pf.Lambda[k]-tc.lambda) > 1e-10*tc.lambda {
			t.Errorf("lambda[%d] = %.17g, glmnet %.17g", k, pf.Lambda[k], tc.lambda)
		}
		checkCoef(t, pf.Intercept[k], pf.Coef[k], tc.want, 1e-6)
	}
	// R: fp$df, the non-zero coefficients at each of glmnet's 67 lambdas.
	df := []int{0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6}
	for k, want := range df {
		if got := pf.NonZero(k); got != want {
			t.Errorf("lambda %d: %d non-zero coefficients, glmnet %d", k, got, want)
		}
	}
}

func TestNullModelAtLambdaMax(t *testing.T) {
	// At λ ≥ λ_max every coefficient is zero and the intercept is the
	// logit of the (weighted) event rate: 21 events in 60 rows, and
	// Σ wᵢyᵢ = 41 of Σ wᵢ = 119 with the weights.
	for _, tc := range []struct {
		name string
		w    []float64
		want float64
	}{
		{"unweighted", nil, math.Log(21.0 / 39.0)},
		{"weighted", w60, math.Log(41.0 / 78.0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range []Spec{{Alpha: 1}, {Alpha: 0.5}} {
				lam, err := s.Lambdas(dense(x60), y60, models.FitOptions{Weights: tc.w})
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range []float64{lam[0], 1.5 * lam[0], 100} {
					s.Lambda = l
					m := fitModel(t, s, dense(x60), y60, tc.w)
					if m.NonZero() != 0 {
						t.Errorf("%s at λ = %v: coefficients %v, want all zero", s.Name(), l, m.Coef)
					}
					if math.Abs(m.Intercept-tc.want) > 1e-14 {
						t.Errorf("%s at λ = %v: intercept %.15g, want %.15g", s.Name(), l, m.Intercept, tc.want)
					}
				}
				// Just below λ_max one coefficient enters.
				s.Lambda = lam[0] * 0.999
				if m := fitModel(t, s, dense(x60), y60, tc.w); m.NonZero() != 1 {
					t.Errorf("%s just below λ_max: %d non-zero, want 1", s.Name(), m.NonZero())
				}
			}
		})
	}
}

func TestSparsityAlongPath(t *testing.T) {
	x, y := cohort(400, 60, 5)
	for _, s := range []Spec{{Alpha: 1}, {Alpha: 0.5}} {
		pf, err := s.Path(x, y, models.FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if pf.NonZero(0) != 0 {
			t.Errorf("%s: %d non-zero at λ_max", s.Name(), pf.NonZero(0))
		}
		// Sparser at larger λ: compare every 10th λ (the lasso's support
		// need not grow at every single step).
		for k := 10; k < pf.Len(); k += 10 {
			if pf.NonZero(k) < pf.NonZero(k-10) {
				t.Errorf("%s: %d non-zero at λ[%d], %d at the larger λ[%d]", s.Name(), pf.NonZero(k), k, pf.NonZero(k-10), k-10)
			}
		}
		if first, last := pf.NonZero(10), pf.NonZero(pf.Len()-1); first == 0 || last <= first {
			t.Errorf("%s: %d non-zero at λ[10], %d at the smallest λ", s.Name(), first, last)
		}
		for k := 1; k < pf.Len(); k++ {
			if pf.DevRatio[k] < pf.DevRatio[k-1]-1e-9 {
				t.Errorf("%s: deviance ratio falls from %v to %v at λ[%d]", s.Name(), pf.DevRatio[k-1], pf.DevRatio[k], k)
			}
		}
	}
}

func TestFitEqualsPath(t *testing.T) {
	// Fit at λ follows the default sequence down to λ; a cold start at λ
	// (PathAt with λ alone) and the path through λ reach the same optimum.
	x, y := cohort(300, 40, 2)
	s := Spec{Alpha: 1, Tol: 1e-13}
	lam, err := s.Lambdas(x, y, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pf, err := s.PathAt(x, y, lam[:31], models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Lambda = lam[30]
	m := fitModel(t, s, x, y, nil)
	b0, coef := pf.Model(30).Coefficients()
	checkCoef(t, m.Intercept, m.Coef, append([]float64{b0}, coef...), 0)
	cold, err := s.PathAt(x, y, []float64{lam[30]}, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkCoef(t, cold.Intercept[0], cold.Coef[0], append([]float64{b0}, coef...), 1e-6)
	// Path predictions equal the models'.
	p := pf.PredictProba(x)
	for _, k := range []int{0, 15, 30} {
		if !slices.Equal(p[k], pf.Model(k).PredictProba(x)) {
			t.Errorf("PathFit.PredictProba differs from Model(%d).PredictProba", k)
		}
	}
}

func TestStandardization(t *testing.T) {
	// Standardising by hand (weighted mean, SD with denominator W),
	// fitting on the standardised columns and mapping back with
	// Standardization.Original equals the fit with Standardize.
	for _, w := range [][]float64{nil, w60} {
		ww := w
		if ww == nil {
			ww = make([]float64, len(y60))
			for i := range ww {
				ww[i] = 1
			}
		}
		st := Standardization{Mean: make([]float64, 6), Scale: make([]float64, 6)}
		var sumW float64
		for _, v := range ww {
			sumW += v
		}
		for j := 0; j < 6; j++ {
			for i, row := range x60 {
				st.Mean[j] += ww[i] * row[j] / sumW
			}
			for i, row := range x60 {
				d := row[j] - st.Mean[j]
				st.Scale[j] += ww[i] * d * d / sumW
			}
			st.Scale[j] = math.Sqrt(st.Scale[j])
		}
		z := dense(x60)
		for i := range x60 {
			for j := range x60[i] {
				z.Set(i, j, (x60[i][j]-st.Mean[j])/st.Scale[j])
			}
		}
		s := Spec{Alpha: 1, Lambda: 0.03, Tol: 1e-14}
		onZ := fitModel(t, s, z, y60, w)
		b0, coef := st.Original(onZ.Coefficients())
		s.Standardize = true
		internal := fitModel(t, s, dense(x60), y60, w)
		checkCoef(t, internal.Intercept, internal.Coef, append([]float64{b0}, coef...), 1e-9)
		// Same predictions on the original scale.
		back := &Model{Intercept: b0, Coef: coef}
		pz, px := onZ.PredictProba(z), back.PredictProba(dense(x60))
		for i := range pz {
			if math.Abs(pz[i]-px[i]) > 1e-12 {
				t.Fatalf("row %d: %v on z, %v back on x", i, pz[i], px[i])
			}
		}
	}
}

func TestWeightsEqualDuplicatedRows(t *testing.T) {
	var rows [][]float64
	var y []float64
	for i, w := range w60 {
		for k := 0; k < int(w); k++ {
			rows = append(rows, x60[i])
			y = append(y, y60[i])
		}
	}
	for _, s := range []Spec{{Alpha: 1, Lambda: 0.01, Tol: 1e-14}, {Alpha: 0.3, Lambda: 0.02, Tol: 1e-14}} {
		dup := fitModel(t, s, dense(rows), y, nil)
		weighted := fitModel(t, s, dense(x60), y60, w60)
		checkCoef(t, weighted.Intercept, weighted.Coef, append([]float64{dup.Intercept}, dup.Coef...), 1e-8)
		scaled := make([]float64, len(w60))
		for i, w := range w60 {
			scaled[i] = 0.37 * w
		}
		sc := fitModel(t, s, dense(x60), y60, scaled)
		checkCoef(t, sc.Intercept, sc.Coef, append([]float64{dup.Intercept}, dup.Coef...), 1e-8)
	}
	// A zero weight drops the row.
	w := slices.Clone(w60)
	w[3], w[17] = 0, 0
	var kept [][]float64
	var yk, wk []float64
	for i := range w {
		if w[i] != 0 {
			kept, yk, wk = append(kept, x60[i]), append(yk, y60[i]), append(wk, w[i])
		}
	}
	s := Spec{Alpha: 1, Lambda: 0.01, Tol: 1e-14}
	want := fitModel(t, s, dense(kept), yk, wk)
	got := fitModel(t, s, dense(x60), y60, w)
	checkCoef(t, got.Intercept, got.Coef, append([]float64{want.Intercept}, want.Coef...), 1e-12)
}

func TestConstantColumn(t *testing.T) {
	x := mat.NewDense(60, 7, nil)
	for i, r := range x60 {
		x.SetRow(i, append([]float64{2.5}, r...))
	}
	for _, s := range []Spec{{Alpha: 1, Lambda: 0.01}, {Alpha: 0.5, Lambda: 0.01, Standardize: true}, {Alpha: 0, Lambda: 0.1}} {
		m := fitModel(t, s, x, y60, nil)
		if m.Coef[0] != 0 {
			t.Errorf("%s: constant column has coefficient %v", s.Name(), m.Coef[0])
		}
		ref := fitModel(t, s, dense(x60), y60, nil)
		checkCoef(t, m.Intercept, m.Coef[1:], append([]float64{ref.Intercept}, ref.Coef...), 1e-12)
	}
}

func TestConformance(t *testing.T) {
	for _, s := range []Spec{
		{Alpha: 1, Lambda: 0.02},
		{Alpha: 0.5, Lambda: 0.02},
		{Alpha: 1}, // the smallest λ of the path
		{Alpha: 1, Lambda: 0.02, Standardize: true},
	} {
		t.Run(s.Name(), func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		alpha float64
		want  string
	}{{1, "lasso"}, {0.5, "elasticnet"}, {0.01, "elasticnet"}, {0, "ridge"}} {
		if got := (Spec{Alpha: tc.alpha}).Name(); got != tc.want {
			t.Errorf("Spec{Alpha: %v}.Name() = %q, want %q", tc.alpha, got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	x := dense(x60)
	nan := mat.DenseCopyOf(x)
	nan.Set(5, 1, math.NaN())
	inf := mat.DenseCopyOf(x)
	inf.Set(7, 2, math.Inf(1))
	eventsOnly := slices.Clone(w60)
	for i, v := range y60 {
		if v == 0 {
			eventsOnly[i] = 0
		}
	}
	negative := slices.Clone(w60)
	negative[2] = -1
	lasso := Spec{Alpha: 1, Lambda: 0.02}
	for _, tc := range []struct {
		name string
		s    Spec
		x    *mat.Dense
		w    []float64
		want error
		msg  string
	}{
		{"NaN in X", lasso, nan, nil, nil, "X[5, 1] is NaN"},
		{"Inf in X", lasso, inf, nil, nil, "X[7, 2] is +Inf"},
		{"weighted to one class", lasso, x, eventsOnly, models.ErrSingleClass, ""},
		{"negative weight", lasso, x, negative, nil, "weight 2 is -1"},
		{"short weights", lasso, x, w60[1:], nil, "59 weights for 60 rows"},
		{"Alpha above 1", Spec{Alpha: 1.5}, x, nil, nil, "Alpha"},
		{"NaN Alpha", Spec{Alpha: math.NaN()}, x, nil, nil, "Alpha"},
		{"negative Lambda", Spec{Alpha: 1, Lambda: -1}, x, nil, nil, "Lambda"},
		{"Inf Lambda", Spec{Alpha: 1, Lambda: math.Inf(1)}, x, nil, nil, "Lambda"},
		{"NLambda 1", Spec{Alpha: 1, NLambda: 1}, x, nil, nil, "NLambda"},
		{"LambdaMinRatio 1", Spec{Alpha: 1, LambdaMinRatio: 1}, x, nil, nil, "LambdaMinRatio"},
		{"negative Tol", Spec{Alpha: 1, Tol: -1}, x, nil, nil, "Tol"},
		{"too few passes", Spec{Alpha: 1, Lambda: 0.002, MaxPasses: 2}, x, nil, ErrNoConvergence, "passes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.s.Fit(tc.x, y60, models.FitOptions{Weights: tc.w})
			if err == nil {
				t.Fatalf("Fit = %v, no error", m)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", err, tc.msg)
			}
			if _, err := tc.s.Path(tc.x, y60, models.FitOptions{Weights: tc.w}); err == nil && tc.s.Lambda >= 0 && tc.name != "too few passes" {
				t.Errorf("Path: no error")
			}
		})
	}
	for name, lam := range map[string][]float64{
		"empty":      nil,
		"increasing": {0.1, 0.2},
		"repeated":   {0.1, 0.1},
		"zero":       {0.1, 0},
		"NaN":        {math.NaN()},
	} {
		if _, err := (Spec{Alpha: 1}).PathAt(x, y60, lam, models.FitOptions{}); err == nil {
			t.Errorf("PathAt with %s lambdas: no error", name)
		}
	}
}

func TestPredictProbaPanicsOnWrongColumns(t *testing.T) {
	m := fitModel(t, Spec{Alpha: 1, Lambda: 0.02}, dense(x60), y60, nil)
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "glmnet: ") {
			t.Errorf("panic value %v, want a glmnet: message", r)
		}
	}()
	m.PredictProba(mat.NewDense(2, 2, nil))
}

func TestJSONRoundTrip(t *testing.T) {
	x, y := cohort(300, 40, 4)
	s := Spec{Alpha: 0.5, Lambda: 0.01}
	m := fitModel(t, s, x, y, nil)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.PredictProba(x), m.PredictProba(x)) {
		t.Error("predictions differ after a JSON round trip")
	}
	if back.Spec != s || back.Lambda != 0.01 {
		t.Errorf("after the round trip: spec %+v, lambda %v", back.Spec, back.Lambda)
	}

	pf, err := Spec{Alpha: 1}.Path(x, y, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err = json.Marshal(pf)
	if err != nil {
		t.Fatal(err)
	}
	var pback PathFit
	if err := json.Unmarshal(b, &pback); err != nil {
		t.Fatal(err)
	}
	want, got := pf.PredictProba(x), pback.PredictProba(x)
	for k := range want {
		if !slices.Equal(got[k], want[k]) {
			t.Fatalf("path predictions at λ[%d] differ after a JSON round trip", k)
		}
	}
}

func TestStandardizationOriginalPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("no panic for a zero scale")
		}
	}()
	Standardization{Mean: []float64{0}, Scale: []float64{0}}.Original(0, []float64{1})
}

// cohort returns an n×p design like a standardised bleedrisk cohort: a
// few continuous columns and the rest sparse 0/1 indicators (5–15% ones),
// each column centred and scaled to SD 1, and labels with about 10% events
// that depend on a dozen columns.
func cohort(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 0x676c6d))
	x := mat.NewDense(n, p, nil)
	prev := make([]float64, p)
	for j := range prev {
		prev[j] = 0.05 + 0.1*rng.Float64()
	}
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		for j := range row {
			switch {
			case j < 10:
				row[j] = rng.NormFloat64()
			case rng.Float64() < prev[j]:
				row[j] = 1
			}
		}
	}
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		eta := -2.6 + 0.5*row[0] - 0.4*row[1] + 0.3*row[2]
		for j := 10; j < 19 && j < p; j++ {
			eta += 0.6 * row[j]
		}
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	for j := 0; j < p; j++ {
		var m, ss float64
		for i := 0; i < n; i++ {
			m += x.At(i, j)
		}
		m /= float64(n)
		for i := 0; i < n; i++ {
			d := x.At(i, j) - m
			ss += d * d
		}
		sd := math.Sqrt(ss / float64(n-1))
		if sd == 0 {
			sd = 1
		}
		for i := 0; i < n; i++ {
			x.Set(i, j, (x.At(i, j)-m)/sd)
		}
	}
	return x, y
}

func TestSparseAndDenseStorageAgree(t *testing.T) {
	x, y := cohort(300, 40, 6)
	w := make([]float64, 300)
	for i := range w {
		w[i] = float64(1 + i%4)
	}
	defer func(f float64) { maxSparseFraction = f }(maxSparseFraction)
	for _, s := range []Spec{{Alpha: 1, Tol: 1e-13}, {Alpha: 0.5, Tol: 1e-13, Standardize: true}} {
		var fits [2]*PathFit
		for k, frac := range []float64{0.3, -1} { // default; all dense
			maxSparseFraction = frac
			pf, err := s.Path(x, y, models.FitOptions{Weights: w})
			if err != nil {
				t.Fatal(err)
			}
			fits[k] = pf
		}
		for k := 0; k < fits[0].Len(); k += 9 {
			checkCoef(t, fits[0].Intercept[k], fits[0].Coef[k], append([]float64{fits[1].Intercept[k]}, fits[1].Coef[k]...), 1e-7)
		}
	}
}
