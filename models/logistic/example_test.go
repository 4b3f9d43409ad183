package logistic_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
)

func Example() {
	// One predictor; the events sit at larger x, with overlap.
	x := mat.NewDense(8, 1, []float64{0, 1, 1.5, 2, 2.5, 3, 3.5, 4})
	y := []float64{0, 0, 1, 0, 1, 0, 1, 1}
	// scikit-learn 1.2.1 LogisticRegression(C=12.5) gives the same fit:
	// C = 1/(n·Lambda) = 1/(8·0.01).
	spec := logistic.Spec{Lambda: 0.01}
	m, err := spec.Fit(x, y, models.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	b0, coef := m.(models.Linear).Coefficients()
	fmt.Printf("%s: intercept %.3f, slope %.3f\n", spec.Name(), b0, coef[0])
	fmt.Printf("P(bleed | x=2) = %.3f\n", m.PredictProba(mat.NewDense(1, 1, []float64{2}))[0])
	// Output:
	// ridge: intercept -2.420, slope 1.091
	// P(bleed | x=2) = 0.441
}
