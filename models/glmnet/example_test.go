package glmnet_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/glmnet"
)

func Example() {
	// Three predictors; events go with the first, against the second,
	// and the third is noise.
	x := mat.NewDense(12, 3, []float64{
		-1.2, 0.3, 1, -0.8, 1.1, 0, -0.5, -0.2, 1, -0.3, 0.9, 0,
		0.0, -1.0, 1, 0.2, 0.4, 0, 0.4, -0.6, 0, 0.6, 0.8, 1,
		0.9, -0.9, 1, 1.1, 0.1, 0, 1.4, -1.3, 0, 1.7, -0.4, 1,
	})
	y := []float64{0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1}
	spec := glmnet.Spec{Alpha: 1}
	path, err := spec.Path(x, y, models.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range []int{0, 10, 20, 99} {
		fmt.Printf("λ = %.5f: %d non-zero, deviance explained %.2f\n",
			path.Lambda[k], path.NonZero(k), path.DevRatio[k])
	}
	// One λ, as a models.Spec.
	spec.Lambda = 0.05
	m, err := spec.Fit(x, y, models.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	b0, coef := m.(models.Linear).Coefficients()
	fmt.Printf("%s at λ = 0.05: intercept %.3f, coefficients %.3f\n", spec.Name(), b0, coef)
	// R glmnet 4.1-6 gives the same λ, df, dev.ratio and coefficients
	// (standardize = FALSE).

	// Output:
	// λ = 0.22014: 0 non-zero, deviance explained 0.00
	// λ = 0.08683: 2 non-zero, deviance explained 0.19
	// λ = 0.03425: 3 non-zero, deviance explained 0.26
	// λ = 0.00002: 3 non-zero, deviance explained 0.30
	// lasso at λ = 0.05: intercept -0.704, coefficients [0.912 -0.390 0.000]
}
