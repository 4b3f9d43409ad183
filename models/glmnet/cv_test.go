package glmnet

import (
	"testing"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/modeltest"
)

func TestCVConformance(t *testing.T) {
	modeltest.Conformance(t, CVSpec{Spec: Spec{Alpha: 1}, Folds: 3})
}

// TestChooseLambda: folds' deviances worked by hand. Means over the two
// folds are 1.0, 0.9, 0.8, 0.85 (least at index 2); SEs are
// |a-b|/2 (SD of two values is |a-b|/sqrt 2, over sqrt 2): 0, 0.1, 0.2,
// 0.05. The 1se rule takes the first index with mean <= 0.8 + 0.2 = 1.0:
// index 0.
func TestChooseLambda(t *testing.T) {
	dev := [][]float64{{1.0, 0.8, 0.6, 0.8}, {1.0, 1.0, 1.0, 0.9}}
	if got := chooseLambda(dev, false); got != 2 {
		t.Errorf("min rule chose %d, want 2", got)
	}
	if got := chooseLambda(dev, true); got != 0 {
		t.Errorf("1se rule chose %d, want 0", got)
	}
}

// TestCVChoosesFromTrainingRowsOnly: the chosen λ depends only on the rows
// passed to Fit and the seed.
func TestCVDeterministic(t *testing.T) {
	X, y := cohort(300, 20, 5)
	s := CVSpec{Spec: Spec{Alpha: 1}, Folds: 4}
	a, err := s.Fit(X, y, models.FitOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Fit(X, y, models.FitOptions{Seed: 7})
	if a.(*Model).Lambda != b.(*Model).Lambda {
		t.Error("same seed, different λ")
	}
	if a.(*Model).Lambda <= 0 {
		t.Errorf("λ = %v", a.(*Model).Lambda)
	}
}
