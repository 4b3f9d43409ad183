package features

import (
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestNearZeroVariance: 100 training rows.
//   - "const" is constant: dropped.
//   - "rare" is 1 in 2 rows: frequency ratio 98/2 = 49 > 19 and 2 distinct
//     values / 100 rows = 2% <= 10%: dropped (caret's rule).
//   - "ok" is 1 in 10 rows: ratio 90/10 = 9 <= 19: kept.
//   - "cont" has 100 distinct values: kept.
func TestNearZeroVariance(t *testing.T) {
	X := mat.NewDense(100, 4, nil)
	for i := 0; i < 100; i++ {
		X.Set(i, 0, 3)
		if i < 2 {
			X.Set(i, 1, 1)
		}
		if i%10 == 0 {
			X.Set(i, 2, 1)
		}
		X.Set(i, 3, float64(i))
	}
	f := &Frame{Names: []string{"const", "rare", "ok", "cont"}, X: X}
	tr, err := NearZeroVariance{}.Fit(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := tr.Apply(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ok", "cont"}; !reflect.DeepEqual(out.Names, want) {
		t.Errorf("kept %v, want %v", out.Names, want)
	}
}

// TestCorrelationFilter: with a = 0..9, b = 2a + 1 has r = 1 with a and is
// dropped; c = a except c[0] = 9 has r(a, c) = 0.5361 (numpy 1.24
// corrcoef) and is kept.
func TestCorrelationFilter(t *testing.T) {
	X := mat.NewDense(10, 3, nil)
	for i := 0; i < 10; i++ {
		X.Set(i, 0, float64(i))
		X.Set(i, 1, 2*float64(i)+1)
		X.Set(i, 2, float64(i))
	}
	X.Set(0, 2, 9)
	f := &Frame{Names: []string{"a", "b", "c"}, X: X}
	tr, err := CorrelationFilter{}.Fit(f)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := tr.Apply(f)
	if want := []string{"a", "c"}; !reflect.DeepEqual(out.Names, want) {
		t.Errorf("kept %v, want %v", out.Names, want)
	}
}
