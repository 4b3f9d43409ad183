package registry

import (
	"encoding/json"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
)

// TestEveryModelFitsAndRoundTrips fits every registered model (and one
// recalibrated model) on a small data set, saves the fitted model as JSON,
// decodes it through the registry and requires bit-identical predictions.
func TestEveryModelFitsAndRoundTrips(t *testing.T) {
	n, p := 120, 4
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			X.Set(i, j, math.Sin(float64(i*(j+3)))+0.1*float64(j))
		}
		if math.Cos(float64(i*7))+X.At(i, 0) > 0.6 {
			y[i] = 1
		}
	}
	for _, name := range append(Names(), "ridge+platt", "nb+isotonic") {
		t.Run(name, func(t *testing.T) {
			spec, err := Spec(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			m, err := spec.Fit(X, y, models.FitOptions{Seed: 3})
			if name == "logistic" && err != nil {
				t.Skipf("unpenalised fit: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			back, err := DecodeFitted(name, b)
			if err != nil {
				t.Fatal(err)
			}
			p1, p2 := m.PredictProba(X), back.PredictProba(X)
			for i := range p1 {
				if math.Float64bits(p1[i]) != math.Float64bits(p2[i]) {
					t.Fatalf("row %d: %v before, %v after a JSON round trip", i, p1[i], p2[i])
				}
			}
		})
	}
}

func TestSpecParams(t *testing.T) {
	s, err := Spec("ridge", json.RawMessage(`{"lambda": 0.25}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.(*logistic.Spec).Lambda != 0.25 {
		t.Errorf("lambda = %v, want 0.25", s.(*logistic.Spec).Lambda)
	}
	if _, err := Spec("ridge", json.RawMessage(`{"lamda": 0.25}`)); err == nil {
		t.Error("misspelt hyperparameter: want an error")
	}
	if _, err := Spec("forest-of-doom", nil); err == nil {
		t.Error("unknown model: want an error")
	}
	if _, err := Spec("ridge+platt", json.RawMessage(`{"method": "isotonic"}`)); err != nil {
		t.Errorf("recalibrated model params: %v", err)
	}
}
