package naivebayes

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
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

func fitNB(t *testing.T, s Spec, x *mat.Dense, y, w []float64) *Model {
	t.Helper()
	m, err := s.Fit(x, y, models.FitOptions{Weights: w})
	if err != nil {
		t.Fatalf("Fit(%+v): %v", s, err)
	}
	return m.(*Model)
}

func near(got, want []float64, tol float64) bool {
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= tol) {
			return false
		}
	}
	return len(got) == len(want)
}

func TestMatchesSklearn(t *testing.T) {
	// scikit-learn 1.2.1 GaussianNB(var_smoothing=vs).fit(X, y)
	// .predict_proba(Q)[:, 1] with X, y = x40, y40 and Q = queries.
	// scikit-learn computes ε from the unweighted column variances even
	// with sample_weight, so the weighted cases are checked against the
	// fit on duplicated rows, GaussianNB(var_smoothing=vs)
	// .fit(np.repeat(X, w40, axis=0), np.repeat(y, w40)), which is what
	// case weights mean here. (fit(X, y, sample_weight=w40) with vs = 1e-9
	// gives 0.224147246203349, ... : ε 4.459e-9 instead of 4.208e-9 moves
	// the probabilities by up to 2e-10.)
	for _, tc := range []struct {
		name string
		vs   float64
		w    []float64
		want []float64
	}{
		{"default", 0, nil, []float64{0.269520004241582, 0.556837341483385, 0.1627221054639756, 0.16791737143579782, 0.8193489881552987, 0.5138301592974093}},
		{"weighted (duplicated rows)", 1e-9, w40, []float64{0.22414724601904606, 0.5507178463320108, 0.09393104257709455, 0.11564159801672953, 0.8477637630472381, 0.42966874075744177}},
		{"smoothing 0.1", 0.1, nil, []float64{0.37302817223153323, 0.570299770388427, 0.18614065531610938, 0.24065708737030278, 0.7636651560482318, 0.41633012617456994}},
		{"weighted smoothing 0.1 (duplicated rows)", 0.1, w40, []float64{0.3136665765548899, 0.5524490176294087, 0.11790935094281396, 0.17062088212957782, 0.7841739928278794, 0.3560222960837084}},
	} {
		m := fitNB(t, Spec{VarSmoothing: tc.vs}, dense(x40), y40, tc.w)
		if got := m.PredictProba(dense(queries)); !near(got, tc.want, 1e-12) {
			t.Errorf("%s: got %v, want %v (sklearn)", tc.name, got, tc.want)
		}
	}
	// The fitted state, from the same sklearn fit (theta_, var_,
	// class_prior_, epsilon_), unweighted, var_smoothing=1e-9.
	m := fitNB(t, Spec{}, dense(x40), y40, nil)
	for _, c := range []struct {
		name      string
		got, want []float64
	}{
		{"class prior", m.ClassPrior, []float64{0.6, 0.4}},
		{"mean[0]", m.Mean[0], []float64{-0.1425, 1.1525833333333335, 0.05808333333333334}},
		{"mean[1]", m.Mean[1], []float64{0.5374374999999999, -0.06424999999999995, 0.0996875}},
		{"var[0]", m.Var[0], []float64{0.7966905877923295, 4.311982997514551, 0.07229766418121823}},
		{"var[1]", m.Var[1], []float64{1.070900000552746, 3.7911055669589966, 0.212645969302746}},
		{"epsilon", []float64{m.Epsilon}, []float64{4.458996027500002e-09}},
	} {
		if !near(c.got, c.want, 1e-13) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestIndicatorConstantInClass(t *testing.T) {
	// A fourth column, 1 for rows i%4 == 0 that are non-events, so it is
	// 0 in every event and its event variance is ε alone; queries 1 and 3
	// have it set. scikit-learn
	// 1.2.1 GaussianNB().fit(X4, y).predict_log_proba(Q4)[:, 1] gives
	// −1.1213285458705910e8 and −1.1213285641585511e8 for the queries
	// with the indicator set (probability exactly 0), and probabilities
	// 0.9996463292139994, 0.9993287768083539, 0.9999712197563013,
	// 0.9998765047437963 for the others.
	x := mat.NewDense(40, 4, nil)
	for i, r := range x40 {
		ind := 0.0
		if i%4 == 0 && y40[i] == 0 {
			ind = 1
		}
		x.SetRow(i, append(slices.Clone(r), ind))
	}
	q := mat.NewDense(6, 4, nil)
	for i, r := range queries {
		ind := 0.0
		if i == 1 || i == 3 {
			ind = 1
		}
		q.SetRow(i, append(slices.Clone(r), ind))
	}
	got := fitNB(t, Spec{}, x, y40, nil).PredictProba(q)
	want := []float64{0.9996463292139994, 0, 0.9993287768083539, 0, 0.9999712197563013, 0.9998765047437963}
	if !near(got, want, 1e-12) {
		t.Errorf("got %v, want %v (sklearn)", got, want)
	}
}

func TestWeightsEqualDuplicatedRows(t *testing.T) {
	var rows [][]float64
	var y []float64
	for i, w := range w40 {
		for k := 0; k < int(w); k++ {
			rows, y = append(rows, x40[i]), append(y, y40[i])
		}
	}
	w := slices.Clone(w40)
	w = append(w, 0) // a row of weight 0 is no row
	xz := dense(append(slices.Clone(x40), []float64{9, 9, 9}))
	yz := append(slices.Clone(y40), 1)
	for _, vs := range []float64{0, 0.3} {
		dup := fitNB(t, Spec{VarSmoothing: vs}, dense(rows), y, nil).PredictProba(dense(queries))
		weighted := fitNB(t, Spec{VarSmoothing: vs}, xz, yz, w).PredictProba(dense(queries))
		if !near(weighted, dup, 1e-13) {
			t.Errorf("VarSmoothing %v: weighted %v, duplicated rows %v", vs, weighted, dup)
		}
	}
}

func TestFarRowsDoNotUnderflow(t *testing.T) {
	// Far from both classes each joint likelihood underflows to 0; in log
	// space the class whose variance is larger along the row wins.
	m := fitNB(t, Spec{}, dense(x40), y40, nil)
	got := m.PredictProba(dense([][]float64{{0, 0, 60}, {0, 0, -60}, {0, 300, 0}}))
	for i, v := range got {
		if math.IsNaN(v) || v < 0 || v > 1 {
			t.Errorf("row %d: %v, want a probability", i, v)
		}
	}
	// Column 3 has the larger variance among events, column 2 among
	// non-events.
	if got[0] != 1 || got[2] != 0 {
		t.Errorf("got %v, want 1 and 0 for rows 0 and 2", got)
	}
}

func TestNaNRowPredictsNaN(t *testing.T) {
	m := fitNB(t, Spec{}, dense(x40), y40, nil)
	got := m.PredictProba(dense([][]float64{{0, 0, 0}, {0, math.NaN(), 0}, {math.Inf(-1), 0, 0}}))
	if math.IsNaN(got[0]) || !math.IsNaN(got[1]) || !math.IsNaN(got[2]) {
		t.Errorf("got %v, want a number, NaN, NaN", got)
	}
}

func TestConformance(t *testing.T) {
	for name, s := range map[string]Spec{"default": {}, "smoothing 0.5": {VarSmoothing: 0.5}} {
		t.Run(name, func(t *testing.T) { modeltest.Conformance(t, s) })
	}
}

func TestJSONRoundTrip(t *testing.T) {
	m := fitNB(t, Spec{VarSmoothing: 0.01}, dense(x40), y40, w40)
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
	if back.Spec != m.Spec {
		t.Errorf("spec after the round trip: %+v", back.Spec)
	}
}

func TestErrors(t *testing.T) {
	x := dense(x40)
	nan := mat.DenseCopyOf(x)
	nan.Set(5, 1, math.NaN())
	negative := slices.Clone(w40)
	negative[2] = -1
	constant := mat.NewDense(40, 2, nil)
	constant.Apply(func(_, _ int, _ float64) float64 { return 3 }, constant)
	for _, tc := range []struct {
		name string
		s    Spec
		x    *mat.Dense
		w    []float64
		want error
		msg  string
	}{
		{"NaN in X", Spec{}, nan, nil, nil, "X[5, 1] is NaN"},
		{"negative VarSmoothing", Spec{VarSmoothing: -1}, x, nil, nil, "VarSmoothing"},
		{"NaN VarSmoothing", Spec{VarSmoothing: math.NaN()}, x, nil, nil, "VarSmoothing"},
		{"negative weight", Spec{}, x, negative, nil, "weight 2 is -1"},
		{"short weights", Spec{}, x, w40[1:], nil, "39 weights for 40 rows"},
		// y40 as weights keeps the events only.
		{"weighted to one class", Spec{}, x, y40, models.ErrSingleClass, ""},
		{"constant columns", Spec{}, constant, nil, errConstant, "constant"},
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
	m := fitNB(t, Spec{}, dense(x40), y40, nil)
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "naivebayes: ") {
			t.Errorf("panic value %v, want a naivebayes: message", r)
		}
	}()
	m.PredictProba(mat.NewDense(2, 2, nil))
}

func TestName(t *testing.T) {
	if got := (Spec{}).Name(); got != "nb" {
		t.Errorf("Name() = %q, want nb", got)
	}
}
