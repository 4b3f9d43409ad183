package explain

import (
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/forest"
	"github.com/ostfold-vte/bleedrisk/models/glmnet"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
)

// wrapper predicts as its inner model and says so.
type wrapper struct{ models.Model }

func (w wrapper) Unwrap() models.Model { return w.Model }

func TestCoefficients(t *testing.T) {
	X, y := cohort(1, 300)
	lasso, err := glmnet.Spec{Alpha: 1, Lambda: 0.05, Standardize: true}.Fit(X, y, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b0, b, ok := Coefficients(wrapper{lasso})
	if !ok || len(b) != 5 {
		t.Fatalf("lasso: ok %v, %d coefficients", ok, len(b))
	}
	m := lasso.(*glmnet.Model)
	if b0 != m.Intercept || b[0] != m.Coef[0] {
		t.Errorf("lasso: %v %v, the model's %v %v", b0, b, m.Intercept, m.Coef)
	}
	b[0] = 99 // a copy
	if m.Coef[0] == 99 {
		t.Error("Coefficients returned the model's own slice")
	}
	if b[4] != 0 {
		t.Errorf("the lasso kept the constant column: %v", b[4])
	}
	ridge, err := logistic.Spec{Lambda: 1}.Fit(X, y, models.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := Coefficients(ridge); !ok {
		t.Error("ridge: not linear")
	}
	rf, err := forest.Spec{Trees: 5}.Fit(X, y, models.FitOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := Coefficients(rf); ok {
		t.Error("a forest has coefficients")
	}
}

// TestSelectionFrequency checks a hand-computed case: four fits, "egfr"
// absent from the design of the fourth.
func TestSelectionFrequency(t *testing.T) {
	fits := []Fit{
		{Names: []string{"age", "egfr", "cancer"}, Coef: []float64{0.5, 0, 1}},
		{Names: []string{"age", "egfr", "cancer"}, Coef: []float64{0.3, -0.2, 1.2}},
		{Names: []string{"cancer", "age", "egfr"}, Coef: []float64{0.8, 0, 0}},
		{Names: []string{"age", "cancer", "anaemia"}, Coef: []float64{0.4, 1, 0.6}},
	}
	// cancer: selected 4/4, mean (1 + 1.2 + 0.8 + 1)/4 = 1;
	// age: 3/4, mean (0.5 + 0.3 + 0.4)/4 = 0.3, over the selecting 0.4;
	// anaemia: 1/4, mean 0.6/4 = 0.15, over the selecting 0.6;
	// egfr: 1/4, in 3 designs, mean −0.2/4 = −0.05, over the selecting −0.2.
	want := []Selection{
		{Name: "cancer", Fits: 4, Selected: 4, Frequency: 1, MeanCoef: 1, MeanSelected: 1},
		{Name: "age", Fits: 4, Selected: 3, Frequency: 0.75, MeanCoef: 0.3, MeanSelected: 0.4},
		{Name: "anaemia", Fits: 1, Selected: 1, Frequency: 0.25, MeanCoef: 0.15, MeanSelected: 0.6},
		{Name: "egfr", Fits: 3, Selected: 1, Frequency: 0.25, MeanCoef: -0.05, MeanSelected: -0.2},
	}
	got := SelectionFrequency(fits)
	if len(got) != len(want) {
		t.Fatalf("%d features, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name || g.Fits != w.Fits || g.Selected != w.Selected || g.Frequency != w.Frequency ||
			math.Abs(g.MeanCoef-w.MeanCoef) > 1e-15 || math.Abs(g.MeanSelected-w.MeanSelected) > 1e-15 {
			t.Errorf("row %d: %+v, want %+v", i, g, w)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a name twice in a fit: no panic")
		}
	}()
	SelectionFrequency([]Fit{{Names: []string{"a", "a"}, Coef: []float64{1, 2}}})
}
