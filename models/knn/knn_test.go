package knn

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

// x40 and y40 are the 40-row, 3-column data set of the logistic tests
// (numpy 1.24.2 default_rng(11), see models/logistic/logistic_test.go);
// queries are six hand-picked rows. Among the 8 nearest training rows of
// every query the distances differ by at least 0.0019, so no tie-breaking
// rule affects the reference values.
var (
	x40     = modeltest.X40
	y40     = modeltest.Y40
	queries = modeltest.Queries
)

func dense(rows [][]float64) *mat.Dense { return modeltest.Dense(rows) }

func fitKNN(t *testing.T, s Spec, x *mat.Dense, y, w []float64) *Model {
	t.Helper()
	m, err := s.Fit(x, y, models.FitOptions{Weights: w})
	if err != nil {
		t.Fatalf("Fit(%+v): %v", s, err)
	}
	return m.(*Model)
}

func TestMatchesSklearn(t *testing.T) {
	// scikit-learn 1.2.1
	// KNeighborsClassifier(n_neighbors=k, weights=weights,
	// algorithm="brute").fit(X, y).predict_proba(Q)[:, 1] with X, y = x40,
	// y40 and Q = queries.
	for _, tc := range []struct {
		k    int
		w    Weighting
		want []float64
	}{
		{5, Uniform, []float64{0.2, 0.6, 0.2, 0.2, 0.6, 0.4}},
		{5, Distance, []float64{0.15759979471708793, 0.5353165027136053, 0.1423672304667316, 0.14714019103828524, 0.7073748436556379, 0.3830200347854505}},
		{7, Uniform, []float64{0.2857142857142857, 0.5714285714285714, 0.42857142857142855, 0.42857142857142855, 0.7142857142857143, 0.5714285714285714}},
		{7, Distance, []float64{0.2344982641850547, 0.5253736640584703, 0.30693622825492084, 0.2776898978063378, 0.7606149650335512, 0.5078171091520846}},
	} {
		m := fitKNN(t, Spec{K: tc.k, Weights: tc.w}, dense(x40), y40, nil)
		got := m.PredictProba(dense(queries))
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("K=%d %s: got %v, want %v (sklearn)", tc.k, tc.w, got, tc.want)
				break
			}
		}
	}
}

func TestTiesAndWeights(t *testing.T) {
	// One column; the query 0 has training rows at distances 1, 1, 1, 2
	// (rows 0, 1, 2, 3 in that order), labels 1, 0, 0, 1.
	x := dense([][]float64{{-1}, {1}, {1}, {2}, {5}})
	y := []float64{1, 0, 0, 1, 0}
	q := dense([][]float64{{0}})
	for _, tc := range []struct {
		name string
		s    Spec
		w    []float64
		want float64
	}{
		// K=2 of three tied rows: the first two in training order, 1 and 0.
		{"tie at K", Spec{K: 2}, nil, 0.5},
		// Weight 0 drops row 1, so rows 0 and 2 are the nearest.
		{"zero weight", Spec{K: 2}, []float64{1, 0, 1, 1, 1}, 0.5},
		// Rows 0, 1, 2 with weights 3, 1, 1: 3/5.
		{"case weights", Spec{K: 3}, []float64{3, 1, 1, 1, 1}, 0.6},
		// Votes 1/1, 1/1, 1/1, 1/2 for labels 1, 0, 0, 1: 1.5/3.5.
		{"distance", Spec{K: 4, Weights: Distance}, nil, 1.5 / 3.5},
		// Weights 2, 1, 1, 4 over distances: (2 + 4/2)/(2+1+1+2) = 4/6.
		{"distance and case weights", Spec{K: 4, Weights: Distance}, []float64{2, 1, 1, 4, 1}, 4.0 / 6},
	} {
		m := fitKNN(t, tc.s, x, y, tc.w)
		if got := m.PredictProba(q)[0]; math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	// A query on a training row: with distance weighting the rows at
	// distance 0 (rows 1 and 2, both 0) take all the weight.
	m := fitKNN(t, Spec{K: 4, Weights: Distance}, x, y, nil)
	if got := m.PredictProba(dense([][]float64{{1}}))[0]; got != 0 {
		t.Errorf("query on rows 1 and 2: got %v, want 0", got)
	}
}

func TestNaNRowPredictsNaN(t *testing.T) {
	m := fitKNN(t, Spec{K: 3}, dense(x40), y40, nil)
	got := m.PredictProba(dense([][]float64{{0, 0, 0}, {0, math.NaN(), 0}, {math.Inf(1), 0, 0}}))
	if math.IsNaN(got[0]) || !math.IsNaN(got[1]) || !math.IsNaN(got[2]) {
		t.Errorf("got %v, want a number, NaN, NaN", got)
	}
}

func TestConformance(t *testing.T) {
	for name, s := range map[string]Spec{"default": {}, "K 7 distance": {K: 7, Weights: Distance}} {
		t.Run(name, func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for _, s := range []Spec{{K: 5}, {K: 7, Weights: Distance}} {
		w := make([]float64, len(y40))
		for i := range w {
			w[i] = float64(i%3) / 2 // some rows of weight 0
		}
		m := fitKNN(t, s, dense(x40), y40, w)
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
			t.Errorf("%+v: predictions differ after a JSON round trip", s)
		}
		if back.Spec != s {
			t.Errorf("spec after the round trip: %+v, want %+v", back.Spec, s)
		}
	}
}

func TestErrors(t *testing.T) {
	x := dense(x40)
	nan := mat.DenseCopyOf(x)
	nan.Set(5, 1, math.NaN())
	negative := make([]float64, 40)
	negative[2] = -1
	eventsOnly := slices.Clone(y40)
	for _, tc := range []struct {
		name string
		s    Spec
		x    *mat.Dense
		w    []float64
		want error
		msg  string
	}{
		{"NaN in X", Spec{K: 3}, nan, nil, nil, "X[5, 1] is NaN"},
		{"negative K", Spec{K: -1}, x, nil, nil, "K is -1"},
		{"K above n", Spec{}, x, nil, nil, "K is 50 but there are only 40"},
		{"bad weighting", Spec{K: 3, Weights: "gaussian"}, x, nil, nil, `"gaussian"`},
		{"negative weight", Spec{K: 3}, x, negative, nil, "weight 2 is -1"},
		{"short weights", Spec{K: 3}, x, y40[1:], nil, "39 weights for 40 rows"},
		// y40 as weights keeps the events only.
		{"weighted to one class", Spec{K: 3}, x, eventsOnly, models.ErrSingleClass, ""},
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

func TestPredictProbaPanicsOnWrongColumns(t *testing.T) {
	m := fitKNN(t, Spec{K: 3}, dense(x40), y40, nil)
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "knn: ") {
			t.Errorf("panic value %v, want a knn: message", r)
		}
	}()
	m.PredictProba(mat.NewDense(2, 2, nil))
}

func TestName(t *testing.T) {
	if got := (Spec{}).Name(); got != "knn" {
		t.Errorf("Name() = %q, want knn", got)
	}
}

// BenchmarkPredict predicts 200 rows from 800 training rows of 500
// columns, the size of one outer fold of the cohort.
func BenchmarkPredict(b *testing.B) {
	const n, q, p = 800, 200, 500
	rng := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
		if rng.Float64() < 0.1 || i == 0 {
			y[i] = 1
		}
	}
	m, err := Spec{}.Fit(x, y, models.FitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	xq := mat.DenseCopyOf(x.Slice(0, q, 0, p))
	for b.Loop() {
		m.PredictProba(xq)
	}
}
