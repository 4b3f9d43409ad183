package pipeline

import (
	"reflect"
	"testing"
)

func TestRepeatedKFoldPartitionsAndStratifies(t *testing.T) {
	// 23 labels, 7 events: with 5 folds every fold gets 1 or 2 events
	// (7 = 5x1 + 2) and 4 or 5 patients (23 = 5x4 + 3).
	y := make([]float64, 23)
	for _, i := range []int{0, 3, 5, 8, 13, 17, 22} {
		y[i] = 1
	}
	plan := RepeatedKFold{Folds: 5, Repeats: 3}
	splits, err := plan.Splits(y, 42)
	if err != nil {
		t.Fatal(err)
	}
	if len(splits) != 15 {
		t.Fatalf("%d splits, want 15", len(splits))
	}
	for r := 0; r < 3; r++ {
		seen := make([]int, len(y))
		for _, s := range splits[r*5 : r*5+5] {
			if s.Repeat != r {
				t.Fatalf("split repeat %d in repeat block %d", s.Repeat, r)
			}
			if len(s.Train)+len(s.Test) != len(y) {
				t.Fatalf("train+test = %d, want %d", len(s.Train)+len(s.Test), len(y))
			}
			ev := 0
			for _, i := range s.Test {
				seen[i]++
				ev += int(y[i])
			}
			if ev < 1 || ev > 2 || len(s.Test) < 4 || len(s.Test) > 5 {
				t.Errorf("repeat %d fold %d: %d events in %d test rows", r, s.Fold, ev, len(s.Test))
			}
		}
		for i, n := range seen {
			if n != 1 {
				t.Errorf("repeat %d: row %d tested %d times, want once", r, i, n)
			}
		}
	}
	again, _ := plan.Splits(y, 42)
	if !reflect.DeepEqual(splits, again) {
		t.Error("same seed gave different splits")
	}
	other, _ := plan.Splits(y, 43)
	if reflect.DeepEqual(splits, other) {
		t.Error("different seeds gave identical splits")
	}
	if reflect.DeepEqual(splits[0].Test, splits[5].Test) {
		t.Error("repeats 1 and 2 start with the same fold")
	}
}

func TestRepeatedKFoldTooFewEvents(t *testing.T) {
	y := []float64{1, 1, 0, 0, 0, 0, 0, 0}
	if _, err := (RepeatedKFold{Folds: 5, Repeats: 1}).Splits(y, 1); err == nil {
		t.Error("2 events in 5 folds: want an error")
	}
}

func TestDeriveSeedDependsOnEveryPart(t *testing.T) {
	seen := map[uint64]string{}
	for _, c := range []struct {
		name string
		s    uint64
	}{
		{"m1", DeriveSeed(1)}, {"m2", DeriveSeed(2)},
		{"m1/0", DeriveSeed(1, 0)}, {"m1/1", DeriveSeed(1, 1)},
		{"m1/0/1", DeriveSeed(1, 0, 1)}, {"m1/1/0", DeriveSeed(1, 1, 0)},
	} {
		if prev, dup := seen[c.s]; dup {
			t.Errorf("DeriveSeed %s equals %s", c.name, prev)
		}
		seen[c.s] = c.name
	}
	if DeriveSeed(7, 3, 4) != DeriveSeed(7, 3, 4) {
		t.Error("DeriveSeed is not a function of its inputs")
	}
}
