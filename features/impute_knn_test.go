package features

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func rowsFrame(names []string, rows [][]float64) *Frame {
	f := &Frame{Names: names, X: mat.NewDense(len(rows), len(names), nil)}
	for i, r := range rows {
		f.X.SetRow(i, r)
	}
	return f
}

// TestKNNImputeAgainstSklearn compares with scikit-learn 1.2.1:
//
//	mu = np.nanmean(tr, 0); sd = np.nanstd(tr, 0, ddof=1); z = lambda a: (a - mu) / sd
//	imp = KNNImputer(n_neighbors=2).fit(z(tr))
//	imp.transform(z(tr)) * sd + mu;  imp.transform(z(te)) * sd + mu
//
// (KNNImputer on the training-standardised matrix, back-transformed: the
// imputed value is a mean of donor values, which commutes with the affine
// map.) The matrices have no distance ties among the chosen donors. Output:
//
//	train: [[1 2 1.75] [3 6.5 1.5] [2 4 2] [3.5 6 3.5] [5 5 4] [4 9 3.5] [6 7 5.5] [7.5 8 6]]
//	test:  [[2.4 3 2.3] [5.5 6 4.8] [6.5 7.5 5.75] [4.071428571428571 5.857142857142857 3.75]]
func TestKNNImputeAgainstSklearn(t *testing.T) {
	names := []string{"a", "b", "c"}
	train := rowsFrame(names, [][]float64{
		{1.0, 2.0, nan}, {3.0, nan, 1.5}, {2.0, 4.0, 2.0}, {nan, 6.0, 3.5},
		{5.0, 5.0, 4.0}, {4.0, 9.0, nan}, {6.0, 7.0, 5.5}, {7.5, 8.0, 6.0},
	})
	test := rowsFrame(names, [][]float64{{2.4, nan, 2.3}, {nan, nan, 4.8}, {6.5, 7.5, nan}, {nan, nan, nan}})
	wantTrain := [][]float64{{1, 2, 1.75}, {3, 6.5, 1.5}, {2, 4, 2}, {3.5, 6, 3.5}, {5, 5, 4}, {4, 9, 3.5}, {6, 7, 5.5}, {7.5, 8, 6}}
	wantTest := [][]float64{{2.4, 3, 2.3}, {5.5, 6, 4.8}, {6.5, 7.5, 5.75}, {4.071428571428571, 5.857142857142857, 3.75}}

	orig := mat.DenseCopyOf(train.X)
	tr, err := KNNImpute{K: 2, Indicators: true}.Fit(train)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   *Frame
		want [][]float64
	}{{train, wantTrain}, {test, wantTest}} {
		out, err := tr.Apply(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Names) != 6 || out.Names[3] != "a#missing" || out.Names[5] != "c#missing" {
			t.Fatalf("names %v", out.Names)
		}
		for i, w := range c.want {
			for j := range w {
				if got := out.X.At(i, j); math.Abs(got-w[j]) > 1e-12 {
					t.Errorf("row %d col %d = %.15g, sklearn %.15g", i, j, got, w[j])
				}
				if got, miss := out.X.At(i, 3+j), math.IsNaN(c.in.X.At(i, j)); got != map[bool]float64{true: 1}[miss] {
					t.Errorf("row %d indicator %d = %g", i, j, got)
				}
			}
		}
	}
	if !sameWithNaN(orig, train.X) {
		t.Error("Fit or Apply modified the training frame")
	}
	fit := tr.(*KNNFit)
	if want := []int{1, 1, 2}; fit.Imputed[0] != want[0] || fit.Imputed[1] != want[1] || fit.Imputed[2] != want[2] {
		t.Errorf("Imputed %v, want %v", fit.Imputed, want)
	}
}

// TestKNNImputeTrainingRowsOnly: test rows are imputed from training rows,
// never from each other, and a column missing only in the test rows is
// still imputed (without an indicator: the shape is fixed at fit time).
func TestKNNImputeTrainingRowsOnly(t *testing.T) {
	names := []string{"x", "y"}
	train := rowsFrame(names, [][]float64{{0, 0}, {1, 10}, {2, 20}, {3, 30}})
	tr, err := KNNImpute{K: 1, Indicators: true}.Fit(train)
	if err != nil {
		t.Fatal(err)
	}
	// The second test row would be the perfect neighbour of the first if
	// test rows were donors.
	out, err := tr.Apply(rowsFrame(names, [][]float64{{100, nan}, {100, 1000}, {nan, 25}}))
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Names) != 2 {
		t.Fatalf("indicators added for columns complete in training: %v", out.Names)
	}
	if got := out.X.At(0, 1); got != 30 {
		t.Errorf("y imputed %g, want 30 (training row x=3)", got)
	}
	// Nearest on y (scaled): 20 and 30 are equally far from 25; the tie goes
	// to the earlier training row.
	if got := out.X.At(2, 0); got != 2 {
		t.Errorf("x imputed %g, want 2", got)
	}
}

// sameWithNaN reports whether a and b are equal, NaN equal to NaN.
func sameWithNaN(a, b mat.Matrix) bool {
	ra, ca := a.Dims()
	rb, cb := b.Dims()
	if ra != rb || ca != cb {
		return false
	}
	for i := 0; i < ra; i++ {
		for j := 0; j < ca; j++ {
			x, y := a.At(i, j), b.At(i, j)
			if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
				return false
			}
		}
	}
	return true
}

// TestNewStepsSaveAndLoad: the fitted KNN, iterative and spline steps
// survive a JSON round trip (NaN training values included) and are
// registered under their kinds.
func TestNewStepsSaveAndLoad(t *testing.T) {
	train, _ := linearFrame(60, 5)
	test := rowsFrame(train.Names, [][]float64{{3, nan, 0, 2}, {nan, 9, 1, nan}})
	for _, s := range []Step{KNNImpute{K: 3, Indicators: true}, IterativeImpute{Indicators: true}, RestrictedCubicSpline{Columns: []string{"x3"}}} {
		tr, err := s.Fit(train)
		if err != nil {
			t.Fatal(err)
		}
		kind := tr.(interface{ Kind() string }).Kind()
		mk, ok := transformKinds[kind]
		if !ok {
			t.Fatalf("%s: kind %q not registered", s.Name(), kind)
		}
		b, err := json.Marshal(tr)
		if err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		back := mk()
		if err := json.Unmarshal(b, back); err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		want, err1 := tr.Apply(test)
		got, err2 := back.Apply(test)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", s.Name(), err1, err2)
		}
		if !sameWithNaN(want.X, got.X) || len(want.Names) != len(got.Names) {
			t.Errorf("%s: loaded step differs:\n%v\n%v", s.Name(), want.X, got.X)
		}
		if _, spline := s.(RestrictedCubicSpline); !spline && math.IsNaN(got.X.At(0, 1)) {
			t.Errorf("%s: not imputed", s.Name())
		}
	}
}

// TestBinaryMedian checks the counting shortcut for 0/1 columns against
// sorting, for every count of ones in up to 9 values (by hand: {0,1,1,1}
// has median 1, {0,0,1,1} has 0.5, {0,0,1} has 0).
func TestBinaryMedian(t *testing.T) {
	for n := 0; n <= 9; n++ {
		for ones := 0; ones <= n; ones++ {
			xs := make([]float64, n)
			for i := range ones {
				xs[n-1-i] = 1
			}
			if got, want := binaryMedian(n, ones), median(xs); got != want {
				t.Errorf("n %d, ones %d: %v, sorting gives %v", n, ones, got, want)
			}
		}
	}
	for _, c := range []struct {
		n, ones int
		want    float64
	}{{4, 3, 1}, {4, 2, 0.5}, {3, 1, 0}} {
		if got := binaryMedian(c.n, c.ones); got != c.want {
			t.Errorf("binaryMedian(%d, %d) = %v, want %v", c.n, c.ones, got, c.want)
		}
	}
}

// TestApplyOwnedEqualsApply checks that the recipe's in-place path gives
// exactly what Apply gives on a copy, and falls back to Apply when the
// step adds missing indicators.
func TestApplyOwnedEqualsApply(t *testing.T) {
	nan := math.NaN()
	rows := [][]float64{{1, nan, 0}, {3, 2, 1}, {nan, 4, 1}, {7, 8, 0}}
	newFrame := func() *Frame {
		X := mat.NewDense(len(rows), 3, nil)
		for i, r := range rows {
			X.SetRow(i, r)
		}
		return &Frame{Names: []string{"a", "b", "c"}, X: X}
	}
	for _, step := range []Step{MedianImpute{}, MedianImpute{Indicators: true}} {
		tr, err := step.Fit(newFrame())
		if err != nil {
			t.Fatal(err)
		}
		want, err := tr.Apply(newFrame())
		if err != nil {
			t.Fatal(err)
		}
		got, err := applyOwned(tr, newFrame())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Names, want.Names) || !mat.Equal(got.X, want.X) {
			t.Errorf("%s: in place %v %v, Apply %v %v", step.Name(), got.Names, mat.Formatted(got.X), want.Names, mat.Formatted(want.X))
		}
		// Standardise what the imputation gave, in place and by Apply.
		st, err := Standardize{}.Fit(want)
		if err != nil {
			t.Fatal(err)
		}
		sw, _ := st.Apply(want)
		own := &Frame{Names: want.Names, X: mat.DenseCopyOf(want.X)}
		sg, _ := applyOwned(st, own)
		if sg != own || !mat.Equal(sg.X, sw.X) {
			t.Errorf("%s then standardisation: in place %v, Apply %v", step.Name(), mat.Formatted(sg.X), mat.Formatted(sw.X))
		}
	}
}
