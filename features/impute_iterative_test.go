package features

import (
	"math"
	"math/rand/v2"
	"testing"
)

// linearFrame has x2 = 2 x1 + 1 (+ small noise), x3 independent noise and
// x4 = x1 − 1 exactly; x2 is missing in every 4th row and x1 in every 10th
// row where x2 is observed.
func linearFrame(n int, seed uint64) (f *Frame, truth [][]float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	rows := make([][]float64, n)
	truth = make([][]float64, n)
	for i := range rows {
		x1 := rng.Float64() * 10
		x2 := 2*x1 + 1 + 0.05*rng.NormFloat64()
		x3 := rng.NormFloat64()
		truth[i] = []float64{x1, x2, x3, x1 - 1}
		rows[i] = append([]float64(nil), truth[i]...)
		switch {
		case i%4 == 0:
			rows[i][1] = nan
		case i%10 == 1:
			rows[i][0] = nan
		}
	}
	return rowsFrame([]string{"x1", "x2", "x3", "x4"}, rows), truth
}

// TestIterativeImputeRecoversLinearRelation: the chained ridge regressions
// recover x2 = 2 x1 + 1 (and x1 from x2 and x4) far better than the median
// start, on the training rows and on new rows.
func TestIterativeImputeRecoversLinearRelation(t *testing.T) {
	train, truth := linearFrame(200, 7)
	before := append([]float64(nil), train.X.RawMatrix().Data...)
	tr, err := IterativeImpute{Indicators: true}.Fit(train)
	if err != nil {
		t.Fatal(err)
	}
	fit := tr.(*IterativeFit)
	if fit.Imputed[0] != 20 || fit.Imputed[1] != 50 || fit.Imputed[2] != 0 || fit.Imputed[3] != 0 {
		t.Errorf("Imputed %v, want [20 50 0 0]", fit.Imputed)
	}
	if !fit.Converged || fit.Rounds > 10 {
		t.Errorf("rounds %d, converged %v", fit.Rounds, fit.Converged)
	}
	out, err := tr.Apply(train)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(out.Names); got != 6 || out.Names[4] != "x1#missing" || out.Names[5] != "x2#missing" {
		t.Errorf("names %v", out.Names)
	}
	var worst float64
	for i := range truth {
		for j := 0; j < 2; j++ {
			if math.IsNaN(train.X.At(i, j)) {
				worst = math.Max(worst, math.Abs(out.X.At(i, j)-truth[i][j]))
			} else if out.X.At(i, j) != train.X.At(i, j) {
				t.Fatalf("observed value changed at %d,%d", i, j)
			}
		}
	}
	// The noise SD is 0.05 (x1 is recovered through x4 exactly); a median
	// start would be off by up to about 10.
	if worst > 0.2 {
		t.Errorf("largest imputation error %g, want < 0.2", worst)
	}
	for i, v := range train.X.RawMatrix().Data {
		if !(v == before[i] || math.IsNaN(v) && math.IsNaN(before[i])) {
			t.Fatal("Fit or Apply modified the training frame")
		}
	}

	// New rows: x2 from x1 = 3 (want 7); x4, complete in training, from
	// x1 = 5 (want 4): imputed by the regression fitted on the completed
	// training rows, without an indicator (shape fixed at fit time).
	test := rowsFrame(train.Names, [][]float64{{3, nan, 0, 2}, {5, 11, 0, nan}})
	got, err := tr.Apply(test)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.X.At(0, 1); math.Abs(v-7) > 0.1 {
		t.Errorf("x2 imputed %g, want about 7", v)
	}
	if v := got.X.At(1, 3); math.Abs(v-4) > 0.1 {
		t.Errorf("x4 imputed %g, want about 4", v)
	}
	if got.X.At(0, 5) != 1 || got.X.At(1, 5) != 0 || got.X.At(0, 4) != 0 {
		t.Errorf("indicators %v", got.X.RawRowView(0))
	}
	// Each row is imputed on its own: the same row alone gives the same.
	alone, _ := tr.Apply(rowsFrame(train.Names, [][]float64{{3, nan, 0, 2}}))
	if alone.X.At(0, 1) != got.X.At(0, 1) {
		t.Error("imputation of a row depends on the other rows applied with it")
	}
}

// TestIterativeImputeDeterministic: two fits on the same rows give identical
// imputations, and a fit on other training rows gives other ones (the step
// learns from its training rows).
func TestIterativeImputeDeterministic(t *testing.T) {
	train, _ := linearFrame(120, 3)
	a, _ := IterativeImpute{MaxIter: 5}.Fit(train)
	b, _ := IterativeImpute{MaxIter: 5}.Fit(train)
	fa, _ := a.Apply(train)
	fb, _ := b.Apply(train)
	if !sameWithNaN(fa.X, fb.X) {
		t.Error("two fits differ")
	}
	other, _ := linearFrame(120, 4)
	c, _ := IterativeImpute{MaxIter: 5}.Fit(other)
	fc, _ := c.Apply(train)
	if sameWithNaN(fa.X, fc.X) {
		t.Error("fits on different training rows give the same imputations")
	}
	if _, err := (IterativeImpute{Alpha: -1}).Fit(train); err == nil {
		t.Error("negative alpha accepted")
	}
}

// TestIterativeImputeDegenerateColumns: a column with no observed training
// value is imputed with 0 and one with one observed value with that value.
func TestIterativeImputeDegenerateColumns(t *testing.T) {
	train := rowsFrame([]string{"a", "b", "c"}, [][]float64{{1, nan, nan}, {2, 5, nan}, {3, nan, nan}, {4, nan, nan}})
	tr, err := IterativeImpute{}.Fit(train)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := tr.Apply(train)
	for i := 0; i < 4; i++ {
		if out.X.At(i, 1) != 5 || out.X.At(i, 2) != 0 {
			t.Errorf("row %d: %v", i, out.X.RawRowView(i))
		}
	}
}
