// Package modeltest checks that a models.Spec keeps the contract of package
// models, in the spirit of scikit-learn's check_estimator: every model
// family's tests call Conformance.
package modeltest

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Conformance fits spec on a small synthetic data set (120 rows, 4 columns,
// about 40% events, not separable) and checks that:
//   - predictions have one entry per row, each in [0, 1];
//   - Fit and PredictProba do not modify X, y or the weights;
//   - two fits with the same seed predict identically;
//   - a fit after a fit on other data equals a fresh fit;
//   - the model does not keep the training data (changing X and y after
//     Fit does not change its predictions);
//   - unit weights give the predictions of nil weights;
//   - training labels of one class give models.ErrSingleClass;
//   - labels other than 0/1 and a label count that differs from the rows of
//     X give an error.
func Conformance(t *testing.T, spec models.Spec) {
	t.Helper()
	t.Run("probabilities", func(t *testing.T) {
		x, y := data(1)
		m := fit(t, spec, x, y, models.FitOptions{Seed: 1})
		p := m.PredictProba(x)
		n, _ := x.Dims()
		if len(p) != n {
			t.Fatalf("PredictProba returned %d values for %d rows", len(p), n)
		}
		for i, v := range p {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("PredictProba()[%d] = %v, want a value in [0, 1]", i, v)
			}
		}
	})

	t.Run("input not mutated", func(t *testing.T) {
		x, y := data(1)
		n, _ := x.Dims()
		w := make([]float64, n)
		for i := range w {
			w[i] = float64(1 + i%3)
		}
		x0, y0, w0 := mat.DenseCopyOf(x), slices.Clone(y), slices.Clone(w)
		m := fit(t, spec, x, y, models.FitOptions{Weights: w, Seed: 1})
		m.PredictProba(x)
		if !mat.Equal(x, x0) {
			t.Error("X was modified")
		}
		if !slices.Equal(y, y0) {
			t.Error("y was modified")
		}
		if !slices.Equal(w, w0) {
			t.Error("the weights were modified")
		}
	})

	t.Run("same seed, same model", func(t *testing.T) {
		x, y := data(1)
		p1 := fit(t, spec, x, y, models.FitOptions{Seed: 7}).PredictProba(x)
		p2 := fit(t, spec, x, y, models.FitOptions{Seed: 7}).PredictProba(x)
		if !slices.Equal(p1, p2) {
			t.Error("two fits with the same seed predict differently")
		}
	})

	t.Run("fit twice equals fit once", func(t *testing.T) {
		x, y := data(1)
		xOther, yOther := data(2)
		want := fit(t, spec, x, y, models.FitOptions{Seed: 3}).PredictProba(x)
		fit(t, spec, xOther, yOther, models.FitOptions{Seed: 3})
		got := fit(t, spec, x, y, models.FitOptions{Seed: 3}).PredictProba(x)
		if !slices.Equal(got, want) {
			t.Error("a fit after a fit on other data differs from a fresh fit")
		}
	})

	t.Run("training data not kept", func(t *testing.T) {
		x, y := data(1)
		xTest := mat.DenseCopyOf(x)
		m := fit(t, spec, x, y, models.FitOptions{Seed: 1})
		want := m.PredictProba(xTest)
		x.Scale(-3, x)
		for i := range y {
			y[i] = 1 - y[i]
		}
		if got := m.PredictProba(xTest); !slices.Equal(got, want) {
			t.Error("changing X and y after Fit changed the model's predictions")
		}
	})

	t.Run("unit weights equal nil weights", func(t *testing.T) {
		x, y := data(1)
		ones := make([]float64, len(y))
		for i := range ones {
			ones[i] = 1
		}
		want := fit(t, spec, x, y, models.FitOptions{Seed: 1}).PredictProba(x)
		got := fit(t, spec, x, y, models.FitOptions{Weights: ones, Seed: 1}).PredictProba(x)
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Fatalf("row %d: %v with unit weights, %v with nil weights", i, got[i], want[i])
			}
		}
	})

	t.Run("single class", func(t *testing.T) {
		x, y := data(1)
		for _, label := range []float64{0, 1} {
			one := make([]float64, len(y))
			for i := range one {
				one[i] = label
			}
			m, err := spec.Fit(x, one, models.FitOptions{Seed: 1})
			if !errors.Is(err, models.ErrSingleClass) {
				t.Errorf("all labels %v: Fit returned %v, %v; want models.ErrSingleClass", label, m, err)
			}
		}
	})

	t.Run("invalid labels", func(t *testing.T) {
		x, y := data(1)
		for name, bad := range map[string][]float64{
			"label 2":         append([]float64{2}, y[1:]...),
			"label 0.5":       append([]float64{0.5}, y[1:]...),
			"label NaN":       append([]float64{math.NaN()}, y[1:]...),
			"one label short": y[1:],
		} {
			if m, err := spec.Fit(x, bad, models.FitOptions{Seed: 1}); err == nil {
				t.Errorf("%s: Fit returned %v and no error", name, m)
			}
		}
	})
}

// fit fits spec and fails the test on an error.
func fit(t *testing.T, spec models.Spec, x *mat.Dense, y []float64, opt models.FitOptions) models.Model {
	t.Helper()
	m, err := spec.Fit(x, y, opt)
	if err != nil {
		t.Fatalf("%s: Fit: %v", spec.Name(), err)
	}
	return m
}

// data returns 120 rows of 4 columns (standard normal, a binary and a
// skewed one) and labels drawn from a logistic model with modest effects,
// reproducibly for each seed.
func data(seed uint64) (*mat.Dense, []float64) {
	const n, p = 120, 4
	rng := rand.New(rand.NewPCG(seed, 0x6c6f6769))
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		row[0] = rng.NormFloat64()
		row[1] = rng.NormFloat64()
		if rng.Float64() < 0.3 {
			row[2] = 1
		}
		row[3] = rng.ExpFloat64()
		eta := -0.5 + 0.8*row[0] - 0.5*row[1] + 0.7*row[2] + 0.2*row[3]
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return x, y
}
