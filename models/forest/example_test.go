package forest_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/forest"
)

func Example() {
	// One predictor; the events sit at larger x, with overlap.
	x := mat.NewDense(8, 1, []float64{0, 1, 1.5, 2, 2.5, 3, 3.5, 4})
	y := []float64{0, 0, 1, 0, 1, 0, 1, 1}
	spec := forest.Spec{Trees: 200}
	m, err := spec.Fit(x, y, models.FitOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := m.PredictProba(mat.NewDense(2, 1, []float64{0.5, 3.8}))
	fmt.Printf("%s: P(bleed | x=0.5) = %.3f, P(bleed | x=3.8) = %.3f\n", spec.Name(), p[0], p[1])
	fmt.Printf("out-of-bag prediction of the first row: %.3f\n", m.(*forest.Model).OOBProba()[0])
	// scikit-learn 1.2.1 RandomForestClassifier(200, oob_score=True)
	// gives 0.081, 0.919 and 0.232 on average over random_state 0–19.
	// Output:
	// rf: P(bleed | x=0.5) = 0.095, P(bleed | x=3.8) = 0.945
	// out-of-bag prediction of the first row: 0.237
}
