package explain_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models/explain"
)

func ExampleEnsemble_SHAP() {
	// Two stumps. The first splits on column 0 at 0.5: 30 training rows
	// went left (value 0.2), 10 right (0.8). The second splits on column
	// 1 at 0: 20 rows each way (−0.1, 0.1). Column 2 is never used.
	stump := func(f int32, thr, vl, vr, cl, cr float64) explain.Tree {
		return explain.Tree{
			Feature: []int32{f, -1, -1}, Threshold: []float64{thr, 0, 0},
			Left: []int32{1, -1, -1}, Right: []int32{2, -1, -1},
			Cover: []float64{cl + cr, cl, cr}, Value: []float64{0, vl, vr},
		}
	}
	e, err := explain.NewEnsemble([]explain.Tree{
		stump(0, 0.5, 0.2, 0.8, 30, 10),
		stump(1, 0, -0.1, 0.1, 20, 20),
	}, explain.LessEqual, 0, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	X := mat.NewDense(2, 3, []float64{1, 0, 7, 0, 1, 7})
	phi := e.SHAP(X, 1)
	// Expected: 0.75·0.2 + 0.25·0.8 + 0.5·(−0.1) + 0.5·0.1 = 0.35.
	fmt.Printf("expected %.2f\n", e.Expected())
	out := e.Predict(X)
	for i := range 2 {
		fmt.Printf("row %d: output %.2f = %.2f %+.2f %+.2f %+.2f\n", i, out[i], e.Expected(), phi.At(i, 0), phi.At(i, 1), phi.At(i, 2))
	}
	fmt.Printf("mean |SHAP| %.3f\n", explain.MeanAbsSHAP(phi))
	// Output:
	// expected 0.35
	// row 0: output 0.70 = 0.35 +0.45 -0.10 +0.00
	// row 1: output 0.30 = 0.35 -0.15 +0.10 +0.00
	// mean |SHAP| [0.300 0.100 0.000]
}

func ExampleSelectionFrequency() {
	// The lasso's coefficients in three bootstrap fits; "anaemia" was not
	// in the design of the first.
	sel := explain.SelectionFrequency([]explain.Fit{
		{Names: []string{"age", "cancer"}, Coef: []float64{0.02, 0}},
		{Names: []string{"age", "cancer", "anaemia"}, Coef: []float64{0.03, 0.9, 0}},
		{Names: []string{"anaemia", "cancer", "age"}, Coef: []float64{0.5, 0.6, 0.01}},
	})
	for _, s := range sel {
		fmt.Printf("%-8s selected in %d of 3 fits (%d with the column), mean coefficient %.3f\n", s.Name, s.Selected, s.Fits, s.MeanCoef)
	}
	// Output:
	// age      selected in 3 of 3 fits (3 with the column), mean coefficient 0.020
	// cancer   selected in 2 of 3 fits (3 with the column), mean coefficient 0.500
	// anaemia  selected in 1 of 3 fits (2 with the column), mean coefficient 0.167
}
