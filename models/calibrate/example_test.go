package calibrate_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/calibrate"
)

func ExampleFitIsotonic() {
	// Out-of-fold predictions and outcomes; the tied predictions at 0.2
	// are pooled before pool-adjacent-violators.
	p := []float64{0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}
	y := []float64{0, 1, 0, 1, 0, 0, 1, 1}
	m, err := calibrate.FitIsotonic(p, y, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.X, m.Y)
	fmt.Printf("%.2f %.2f\n", m.Apply(0.15), m.Apply(0.55))
	// Output:
	// [0.1 0.2 0.5 0.6 0.7] [0 0.4 0.4 1 1]
	// 0.20 0.70
}

func ExampleSpec() {
	// A base model that is overconfident: it predicts σ(3x) for data whose
	// log-odds of an event are about x. It ignores its training rows, so
	// the out-of-fold predictions are σ(3x) and the map is R's
	// glm(y ~ qlogis(plogis(3*x)), family = binomial): intercept −0.205,
	// slope 0.356, about 1/3.
	x := mat.NewDense(12, 1, []float64{-2, -1.5, -1, -0.5, -0.2, 0, 0.2, 0.5, 1, 1.5, 2, 2.5})
	y := []float64{0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1}
	spec := calibrate.Spec{Base: overconfident{}, Method: calibrate.Platt, Folds: 3}
	m, err := spec.Fit(x, y, models.FitOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(spec.Name())
	pm := m.(*calibrate.Model).Platt
	fmt.Printf("calibration intercept %.3f, slope %.3f\n", pm.Intercept, pm.Slope)
	// Output:
	// overconfident+platt
	// calibration intercept -0.205, slope 0.356
}

// overconfident is a fixed "model" that predicts σ(3x) from column 0.
type overconfident struct{}

func (overconfident) Name() string { return "overconfident" }

func (overconfident) Fit(X *mat.Dense, y []float64, _ models.FitOptions) (models.Model, error) {
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	return overconfident{}, nil
}

func (overconfident) PredictProba(X *mat.Dense) []float64 {
	n, _ := X.Dims()
	p := make([]float64, n)
	for i := range p {
		p[i] = 1 / (1 + math.Exp(-3*X.At(i, 0)))
	}
	return p
}
