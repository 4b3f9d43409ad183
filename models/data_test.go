package models

import (
	"math"
	"slices"
	"testing"
)

// TestStratifiedFolds: 47 rows with 11 events in 5 folds: every fold holds
// 9 or 10 rows (47 = 5x9 + 2) and 2 or 3 events (11 = 5x2 + 1).
func TestStratifiedFolds(t *testing.T) {
	y := make([]float64, 47)
	for i := range 11 {
		y[i*4] = 1
	}
	fold, err := StratifiedFolds(y, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	var rows, events [5]int
	for i, f := range fold {
		rows[f]++
		events[f] += int(y[i])
	}
	for f := range 5 {
		if rows[f] < 9 || rows[f] > 10 || events[f] < 2 || events[f] > 3 {
			t.Errorf("fold %d: %d rows, %d events; want 9-10 and 2-3", f, rows[f], events[f])
		}
	}
	again, _ := StratifiedFolds(y, 5, 1)
	other, _ := StratifiedFolds(y, 5, 2)
	if !slices.Equal(fold, again) || slices.Equal(fold, other) {
		t.Error("folds are not a function of the seed")
	}
	if _, err := StratifiedFolds(y[:8], 5, 1); err == nil {
		t.Error("2 events in 5 folds: want an error")
	}
}

// TestDeviance: y = (1, 0), p = (0.8, 0.4): -2(ln 0.8 + ln 0.6)/2 =
// -(ln 0.8 + ln 0.6) = 0.7339691750802004; with weights (3, 1):
// -2(3 ln 0.8 + ln 0.6)/4 = 0.5901861775739877.
func TestDeviance(t *testing.T) {
	y, p := []float64{1, 0}, []float64{0.8, 0.4}
	if got, want := Deviance(y, p, nil), -(math.Log(0.8) + math.Log(0.6)); math.Abs(got-want) > 1e-15 {
		t.Errorf("Deviance = %v, want %v", got, want)
	}
	if got, want := Deviance(y, p, []float64{3, 1}), -2*(3*math.Log(0.8)+math.Log(0.6))/4; math.Abs(got-want) > 1e-15 {
		t.Errorf("weighted Deviance = %v, want %v", got, want)
	}
}

func TestCheckWeights(t *testing.T) {
	y := []float64{1, 0, 1}
	for _, w := range [][]float64{{1, 1}, {1, -1, 1}, {1, math.NaN(), 1}, {1, math.Inf(1), 1}} {
		if CheckWeights(w, y) == nil {
			t.Errorf("weights %v: want an error", w)
		}
	}
	if CheckWeights([]float64{0, 1, 0}, y) != ErrSingleClass {
		t.Error("zero weight on every event: want ErrSingleClass")
	}
	if err := CheckWeights([]float64{1, 0.5, 2}, y); err != nil {
		t.Error(err)
	}
}
