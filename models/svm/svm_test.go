package svm

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/calibrate"
	"github.com/ostfold-vte/bleedrisk/models/modeltest"
)

// x40, y40 and w40 are the 40-row, 3-column data set of the logistic tests
// (numpy 1.24.2 default_rng(11), see models/logistic/logistic_test.go);
// queries are six hand-picked rows.
var (
	x40     = modeltest.X40
	y40     = modeltest.Y40
	w40     = modeltest.W40
	queries = modeltest.Queries
)

func dense(rows [][]float64) *mat.Dense { return modeltest.Dense(rows) }

func TestDualCDMatchesSklearn(t *testing.T) {
	// Intercept, then coefficients, from scikit-learn 1.2.1
	// LinearSVC(loss="hinge", C=C, tol=1e-10, max_iter=1000000,
	// dual=True, random_state=0).fit(X, y, sample_weight=sw) on x40, y40.
	for _, tc := range []struct {
		name string
		c    float64
		w    []float64
		want []float64
	}{
		{"C 0.05", 0.05, nil, []float64{-0.1954531933346609, 0.32668305399839237, -0.2804382783584136, 0.018694253366574636}},
		{"C 0.05 weighted", 0.05, w40, []float64{-0.30634992668382705, 0.44400160662490495, -0.2402092076040994, -0.034109525851453874}},
		{"C 0.2", 0.2, nil, []float64{-0.3040222318975427, 0.4441238925186458, -0.2414063421405685, -0.02195266100928781}},
		{"C 0.2 weighted", 0.2, w40, []float64{-0.6103893544624521, 0.5840705739553158, -0.19503240543593356, 0.04902106448321081}},
		{"C 0.5", 0.5, nil, []float64{-0.46907595107930344, 0.5295113577767837, -0.2227309284919892, 0.10728856328481648}},
	} {
		for _, seed := range []uint64{1, 2} {
			m, err := decisionSpec{Spec{C: tc.c, Tol: 1e-10, MaxIter: 100000}}.Fit(dense(x40), y40, models.FitOptions{Weights: tc.w, Seed: seed})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			d := m.(*decisionModel)
			got := append([]float64{d.intercept}, d.coef...)
			for j := range got {
				if math.Abs(got[j]-tc.want[j]) > 1e-7 {
					t.Errorf("%s, seed %d: %v, want %v (sklearn)", tc.name, seed, got, tc.want)
					break
				}
			}
		}
	}
}

func TestPlattOnOutOfFoldDecisions(t *testing.T) {
	// The model's map is the Platt map of calibrate fitted around the bare
	// SVM, and its predictions are that map applied to σ(f).
	s := Spec{C: 0.2}
	m, err := s.Fit(dense(x40), y40, models.FitOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	cm, err := calibrate.Spec{Base: decisionSpec{s}}.Fit(dense(x40), y40, models.FitOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.PredictProba(dense(queries)), cm.PredictProba(dense(queries)); !slices.Equal(got, want) {
		t.Errorf("predictions %v, want calibrate's %v", got, want)
	}
	// A higher decision value is a higher probability.
	sm := m.(*Model)
	if sm.Platt.Slope <= 0 {
		t.Errorf("Platt slope %v, want > 0", sm.Platt.Slope)
	}
}

func TestConformance(t *testing.T) {
	for name, s := range map[string]Spec{"default": {}, "C 0.1, 3 folds": {C: 0.1, Folds: 3}} {
		t.Run(name, func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

func TestJSONRoundTrip(t *testing.T) {
	m, err := Spec{C: 0.5}.Fit(dense(x40), y40, models.FitOptions{Weights: w40})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	q := dense(append(slices.Clone(queries), x40...))
	if !slices.Equal(back.PredictProba(q), m.PredictProba(q)) {
		t.Errorf("predictions differ after a JSON round trip: %s", b)
	}
	if back.Spec != (Spec{C: 0.5}) {
		t.Errorf("spec after the round trip: %+v", back.Spec)
	}
}

func TestNaNRowPredictsNaN(t *testing.T) {
	m, err := Spec{}.Fit(dense(x40), y40, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := m.PredictProba(dense([][]float64{{0, 0, 0}, {0, math.NaN(), 0}}))
	if math.IsNaN(got[0]) || !math.IsNaN(got[1]) {
		t.Errorf("got %v, want a number and NaN", got)
	}
}

func TestErrors(t *testing.T) {
	x := dense(x40)
	nan := mat.DenseCopyOf(x)
	nan.Set(5, 1, math.NaN())
	negative := slices.Clone(w40)
	negative[2] = -1
	for _, tc := range []struct {
		name string
		s    Spec
		x    *mat.Dense
		w    []float64
		want error
		msg  string
	}{
		{"NaN in X", Spec{}, nan, nil, nil, "X[5, 1] is NaN"},
		{"negative C", Spec{C: -1}, x, nil, nil, "C is -1"},
		{"negative MaxIter", Spec{MaxIter: -1}, x, nil, nil, "MaxIter"},
		{"NaN Tol", Spec{Tol: math.NaN()}, x, nil, nil, "Tol"},
		{"negative weight", Spec{}, x, negative, nil, "weight 2 is -1"},
		{"short weights", Spec{}, x, w40[1:], nil, "39 weights for 40 rows"},
		{"weighted to one class", Spec{}, x, y40, models.ErrSingleClass, ""},
		{"no convergence", Spec{C: 10, MaxIter: 2, Tol: 1e-12}, x, nil, nil, "no convergence in 2 epochs"},
	} {
		m, err := tc.s.Fit(tc.x, y40, models.FitOptions{Weights: tc.w})
		if err == nil {
			t.Errorf("%s: Fit = %v, no error", tc.name, m)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: error %q, want %q", tc.name, err, tc.want)
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %q does not contain %q", tc.name, err, tc.msg)
		}
	}
}

func TestName(t *testing.T) {
	if got := (Spec{}).Name(); got != "svm" {
		t.Errorf("Name() = %q, want svm", got)
	}
}
