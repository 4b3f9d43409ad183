package features

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

var nan = math.NaN()

// tinyCohort has six patients and one column of each type.
//
//	row  hb(numeric)  censor  nsaid(binary)  site(categorical)  codes
//	0    10           -       1              lung               C34, I26
//	1    12           -       0              colorectal         C187
//	2    NaN          -       0              lung               C34
//	3    <5 (5)       Below   NaN            ""                 (missing)
//	4    14           -       1              breast             C50, K922
//	5    >20 (20)     Above   0              pancreas           C25, K921
func tinyCohort() *datasets.Cohort {
	num := &datasets.Column{Spec: datasets.ColumnSpec{Name: "hb", Group: datasets.GroupBiochemistry, Type: datasets.Numeric},
		Num:    []float64{10, 12, nan, 5, 14, 20},
		Censor: []datasets.Censor{0, 0, 0, datasets.Below, 0, datasets.Above}}
	bin := &datasets.Column{Spec: datasets.ColumnSpec{Name: "nsaid", Group: datasets.GroupBaseline, Type: datasets.Binary},
		Num: []float64{1, 0, 0, nan, 1, 0}}
	cat := &datasets.Column{Spec: datasets.ColumnSpec{Name: "site", Group: datasets.GroupBaseline, Type: datasets.Categorical},
		Cat: []string{"lung", "colorectal", "lung", "", "breast", "pancreas"}}
	codes := &datasets.Column{Spec: datasets.ColumnSpec{Name: "dx", Group: datasets.GroupICD10, Type: datasets.Codes, Separator: "|"},
		Codes: [][]string{{"C34", "I26"}, {"C187"}, {"C34"}, nil, {"C50", "K922"}, {"C25", "K921"}}}
	return &datasets.Cohort{IDs: []string{"a", "b", "c", "d", "e", "f"}, Columns: []*datasets.Column{num, bin, cat, codes}}
}

func TestEncoderLearnsFromTrainingRowsOnly(t *testing.T) {
	c := tinyCohort()
	train := []int{0, 1, 2} // no censored value, no breast/pancreas, codes C34 x2, I26 x1, C18 x1
	fit, err := Encoder{MinCodeCount: 2}.Fit(c, train)
	if err != nil {
		t.Fatal(err)
	}
	// Levels and code categories come from rows 0-2 only: no censoring flag
	// (rows 3 and 5 are censored but not training rows), no "(missing)" level,
	// and only C34 reaches 2 training patients.
	want := []string{"bio:hb", "base:nsaid", "base:site=colorectal", "base:site=lung", "icd:C34"}
	if !reflect.DeepEqual(fit.Names(), want) {
		t.Fatalf("names = %v, want %v", fit.Names(), want)
	}
	// Test rows with unseen levels and codes still transform: zeros.
	f, err := fit.Encode(c, []int{3, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := [][]float64{
		{2.5, nan, 0, 0, nan}, // "<5" -> 5/2; binary missing stays NaN; "" unseen level -> zeros; missing code list -> NaN
		{14, 1, 0, 0, 0},      // breast unseen -> zeros; C50 not a training category
		{20, 0, 0, 0, 0},      // ">20" -> 20
	}
	for i, w := range wantRows {
		for j, v := range w {
			got := f.X.At(i, j)
			if !(got == v || math.IsNaN(got) && math.IsNaN(v)) {
				t.Errorf("row %d col %s = %v, want %v", i, f.Names[j], got, v)
			}
		}
	}
}

func TestEncoderCensoringFlagAndMissingLevel(t *testing.T) {
	c := tinyCohort()
	fit, err := Encoder{MinCodeCount: 1}.Fit(c, []int{0, 1, 2, 3, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"bio:hb", "bio:hb#censored", "base:nsaid",
		"base:site=(missing)", "base:site=breast", "base:site=colorectal", "base:site=lung", "base:site=pancreas",
		"icd:C18", "icd:C25", "icd:C34", "icd:C50", "icd:I26", "icd:K92"}
	if !reflect.DeepEqual(fit.Names(), want) {
		t.Fatalf("names = %v\nwant %v", fit.Names(), want)
	}
	f, err := fit.Encode(c, []int{3})
	if err != nil {
		t.Fatal(err)
	}
	// row 3: hb "<5" -> 2.5 with flag; site missing -> "(missing)" level.
	for j, v := range []float64{2.5, 1, nan, 1, 0, 0, 0, 0} {
		got := f.X.At(0, j)
		if !(got == v || math.IsNaN(got) && math.IsNaN(v)) {
			t.Errorf("col %s = %v, want %v", f.Names[j], got, v)
		}
	}
}

func TestRecipeImputesAndScalesFromTrainingRows(t *testing.T) {
	c := tinyCohort()
	c.Columns = c.Columns[:2] // hb, nsaid
	train := []int{0, 1, 2, 4}
	r := DefaultRecipe()
	fit, tr, err := r.FitTransform(c, train)
	if err != nil {
		t.Fatal(err)
	}
	// Training hb = 10, 12, NaN, 14: median of {10,12,14} = 12, one imputed.
	// Training nsaid = 1, 0, 0, 1: no missing, so no indicator.
	wantNames := []string{"bio:hb", "base:nsaid", "bio:hb#missing"}
	if !reflect.DeepEqual(tr.Names, wantNames) {
		t.Fatalf("names = %v, want %v", tr.Names, wantNames)
	}
	med := fit.Transforms[0].(*MedianFit)
	if med.Medians[0] != 12 || med.Imputed[0] != 1 {
		t.Errorf("hb median %v imputed %d, want 12 and 1", med.Medians[0], med.Imputed[0])
	}
	// After imputation hb = 10, 12, 12, 14: mean 12, SD sqrt(8/3) = 1.632993.
	sc := fit.Transforms[1].(*StandardizeFit)
	if sc.Mean[0] != 12 || math.Abs(sc.Scale[0]-math.Sqrt(8.0/3)) > 1e-12 {
		t.Errorf("hb mean %v scale %v, want 12 and %v", sc.Mean[0], sc.Scale[0], math.Sqrt(8.0/3))
	}
	// Test row 5 (">20" -> 20, nsaid 0) uses the training parameters:
	// hb (20-12)/1.632993 = 4.898979; nsaid mean 0.5, SD sqrt(1/3): (0-0.5)/0.577350 = -0.866025;
	// hb#missing mean 0.25, SD 0.5: (0-0.25)/0.5 = -0.5.
	te, err := fit.Transform(c, []int{5})
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range []float64{8 / math.Sqrt(8.0/3), -0.5 / math.Sqrt(1.0/3), -0.5} {
		if got := te.X.At(0, j); math.Abs(got-v) > 1e-12 {
			t.Errorf("%s = %v, want %v", te.Names[j], got, v)
		}
	}
	// Row 3 has a missing nsaid, which had no missing training value: it is
	// imputed with the training median (0.5 of {0,0,1,1}) and gets no indicator.
	te, err = fit.Transform(c, []int{3})
	if err != nil {
		t.Fatal(err)
	}
	if got := te.X.At(0, 1); got != 0 {
		t.Errorf("nsaid imputed and scaled = %v, want (0.5-0.5)/SD = 0", got)
	}
}

// TestRecipeFittedOnAllRowsDiffers guards against a recipe that peeks at
// test rows: refitting on more rows must change the learned median.
func TestRecipeFittedOnAllRowsDiffers(t *testing.T) {
	c := tinyCohort()
	c.Columns = c.Columns[:1]
	fitTrain, _, _ := DefaultRecipe().FitTransform(c, []int{0, 1, 2})
	fitAll, _, _ := DefaultRecipe().FitTransform(c, []int{0, 1, 2, 3, 4, 5})
	mt := fitTrain.Transforms[0].(*MedianFit).Medians[0]
	ma := fitAll.Transforms[0].(*MedianFit).Medians[0]
	// Training rows hb 10, 12 -> 11; all rows 10, 12, 2.5, 14, 20 -> 12.
	if mt != 11 || ma != 12 {
		t.Errorf("medians %v (train) and %v (all), want 11 and 12", mt, ma)
	}
}

// TestFittedRecipeRoundTrip saves a fitted recipe as JSON, loads it, and
// requires bit-identical transformed values.
func TestFittedRecipeRoundTrip(t *testing.T) {
	c := tinyCohort()
	fit, _, err := DefaultRecipe().FitTransform(c, []int{0, 1, 2, 4})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(fit)
	if err != nil {
		t.Fatal(err)
	}
	var back Fitted
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	rows := []int{0, 1, 2, 3, 4, 5}
	a, err := fit.Transform(c, rows)
	if err != nil {
		t.Fatal(err)
	}
	z, err := back.Transform(c, rows)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Names, z.Names) {
		t.Fatalf("names %v vs %v", a.Names, z.Names)
	}
	r, k := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < k; j++ {
			x, y := a.X.At(i, j), z.X.At(i, j)
			if math.Float64bits(x) != math.Float64bits(y) {
				t.Errorf("(%d,%d): %v vs %v after a JSON round trip", i, j, x, y)
			}
		}
	}
	// A cohort without a fitted column is an error, not a silent zero.
	c.Columns = c.Columns[1:]
	if _, err := back.Transform(c, rows); err == nil {
		t.Error("transforming a cohort that lacks a fitted column: want an error")
	}
}
