package features

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rcsCase holds knots and basis values computed by R rms 6.5.0 (R 4.2,
// Debian r-cran-rms) with
//
//	kn <- rcspline.eval(x, nk = k, knots.only = TRUE)
//	rcspline.eval(at, knots = kn, inclx = FALSE)   # norm = 2, the default
//
// printed with 15 significant digits (the script is in the comment of each
// case's x).
type rcsCase struct {
	name  string
	x     []float64
	k     int
	knots []float64
	at    []float64
	basis [][]float64
}

func seqPow(n int, f func(i float64) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(float64(i + 1))
	}
	return out
}

func rcsCases() []rcsCase {
	xA := seqPow(120, func(i float64) float64 { return math.Pow(i, 1.5) / 10 }) // (1:120)^1.5/10
	xB := seqPow(40, func(i float64) float64 { return i * i / 7 })              // (1:40)^2/7
	// c(rep(2.5, 30), 2.5 + (1:170)*1.3): a pile at a detection limit
	// ("<5" → 2.5), so rms's fractied rule moves the first knot.
	xC := make([]float64, 0, 200)
	for i := 0; i < 30; i++ {
		xC = append(xC, 2.5)
	}
	for i := 1; i <= 170; i++ {
		xC = append(xC, 2.5+float64(i)*1.3)
	}
	var xD []float64 // rep(1:6, 10): few distinct values
	for r := 0; r < 10; r++ {
		for v := 1; v <= 6; v++ {
			xD = append(xD, float64(v))
		}
	}
	return []rcsCase{
		{"n=120 k=4", xA, 4,
			[]float64{1.83290931414145, 27.85472950208365, 69.35288515615980, 121.79894551398816},
			[]float64{0, 5, 30, 60, 100, 130},
			[][]float64{{0, 0}, {0.00220731786381008, 0}, {1.552777955945752186, 0.000686008602620249},
				{13.6746244570265, 2.3079937838995}, {61.1575815222399, 22.5092855945484}, {110.8852640143056, 46.3192663166103}}},
		{"n=40 k=5 (outer knots at 5th values)", xB, 5,
			[]float64{3.57142857142857, 19.66785714285714, 60.07142857142856, 122.46071428571427, 185.14285714285714},
			[]float64{1, 20, 80, 150, 230, 300},
			[][]float64{{0, 0, 0}, {1.34494455162929e-01, 1.11142389734007e-06, 0},
				{13.541669338058689, 6.661180945599215, 0.240067561825445}, {93.3967719906179, 65.4796542263967, 20.7955339017213},
				{248.0469202399685, 187.1466561096166, 76.2899085232377}, {385.550657454760, 295.494332247278, 125.994029487730}}},
		{"ties at the minimum k=4", xC, 4,
			[]float64{3.80, 16.02, 114.30, 212.58},
			[]float64{2.5, 5, 60, 150, 230},
			[][]float64{{0, 0}, {3.96429488073442e-05, 0}, {4.07221932175118, 1.95158687448027},
				{69.4735158191563, 53.0873275797161}, {190.175591531756, 153.828610953011}}},
		{"6 distinct values k=5 (R warns: 4 interior knots)", xD, 5,
			[]float64{2, 3, 4, 5},
			[]float64{1, 2.5, 4.5, 6},
			[][]float64{{0, 0}, {0.0138888888888889, 0}, {1.694444444444444, 0.347222222222222}, {4.66666666666667, 1.33333333333333}}},
		{"n=120 k=3", xA, 3,
			[]float64{4.6341871861094, 47.0591615887598, 112.3931371921294},
			[]float64{10, 60},
			[][]float64{{0.013304539669187}, {14.3078382956643}}},
		{"n=120 k=7", xA, 7,
			[]float64{0.792990381056767, 10.899971234417841, 26.888957900368247, 47.059161588759792, 70.673694352719863, 97.287979792833838, 126.595498769470410},
			[]float64{10, 60, 125},
			[][]float64{{0.0493147901451325, 0, 0, 0, 0},
				{13.114169077954037, 7.479397905638124, 2.293717600638893, 0.136933163540633, 0},
				{115.30432915570634, 88.55119367298902, 55.09783066813863, 26.26757739050008, 7.56515950710469}}},
	}
}

func nearRel(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestRCSAgainstRms(t *testing.T) {
	for _, c := range rcsCases() {
		knots, err := RCSKnots(c.x, c.k)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(knots) != len(c.knots) {
			t.Fatalf("%s: knots %v, rms %v", c.name, knots, c.knots)
		}
		for i := range knots {
			if !nearRel(knots[i], c.knots[i]) {
				t.Errorf("%s: knot %d = %.15g, rms %.15g", c.name, i+1, knots[i], c.knots[i])
			}
		}
		dst := make([]float64, len(c.knots)-2)
		for i, x := range c.at {
			RCSBasis(x, c.knots, dst)
			for j := range dst {
				if math.Abs(dst[j]-c.basis[i][j]) > 1e-11*math.Max(1, math.Abs(c.basis[i][j])) {
					t.Errorf("%s: x=%g term %d = %.15g, rms %.15g", c.name, x, j+1, dst[j], c.basis[i][j])
				}
			}
		}
	}
}

// TestRCSStep checks the Step contract: knots from training rows only, basis
// columns appended with their names, NaN in gives NaN out, input untouched.
func TestRCSStep(t *testing.T) {
	xA := seqPow(120, func(i float64) float64 { return math.Pow(i, 1.5) / 10 })
	train := &Frame{Names: []string{"base:age", "bio:crp"}, X: mat.NewDense(120, 2, nil)}
	for i, v := range xA {
		train.X.Set(i, 0, v)
		train.X.Set(i, 1, float64(i%7))
	}
	orig := mat.DenseCopyOf(train.X)
	tr, err := RestrictedCubicSpline{Columns: []string{"base:age"}}.Fit(train)
	if err != nil {
		t.Fatal(err)
	}
	fit := tr.(*RCSFit)
	want := rcsCases()[0].knots // the same x with 4 knots
	for i := range want {
		if !nearRel(fit.Knots[0][i], want[i]) {
			t.Errorf("knot %d = %g, want %g", i, fit.Knots[0][i], want[i])
		}
	}
	test := &Frame{Names: train.Names, X: mat.NewDense(3, 2, []float64{60, 1, math.NaN(), 2, 1000, 3})}
	out, err := tr.Apply(test)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(out.Names, ","); got != "base:age,bio:crp,base:age_rcs1,base:age_rcs2" {
		t.Fatalf("names %s", got)
	}
	if !nearRel(out.X.At(0, 2), 13.6746244570265) || !nearRel(out.X.At(0, 3), 2.3079937838995) {
		t.Errorf("row 0 basis %v", mat.Row(nil, 0, out.X))
	}
	if !math.IsNaN(out.X.At(1, 2)) || out.X.At(1, 1) != 2 {
		t.Errorf("row 1 %v: want NaN basis for NaN x", mat.Row(nil, 1, out.X))
	}
	if !mat.Equal(orig, train.X) {
		t.Error("Fit modified its input")
	}
	// Beyond the last knot the restricted spline is linear: second
	// differences vanish.
	d := make([]float64, 2)
	var v [3]float64
	for i, x := range []float64{200, 300, 400} {
		RCSBasis(x, fit.Knots[0], d)
		v[i] = d[0]
	}
	if math.Abs(v[0]-2*v[1]+v[2]) > 1e-9 {
		t.Errorf("not linear beyond the last knot: %v", v)
	}
	for _, bad := range []RestrictedCubicSpline{{Columns: []string{"nope"}}, {Columns: []string{"base:age"}, Knots: 8}, {Columns: []string{"base:age"}, Knots: 2}} {
		if _, err := bad.Fit(train); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if _, err := tr.Apply(&Frame{Names: []string{"x", "y"}, X: mat.NewDense(1, 2, nil)}); err == nil {
		t.Error("Apply accepted other columns")
	}
}
