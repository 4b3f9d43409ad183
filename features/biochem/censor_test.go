package biochem

import (
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

func TestUncensor(t *testing.T) {
	if got := Uncensor(5, datasets.Below); got != 2.5 {
		t.Errorf("<5 -> %g, want 2.5", got)
	}
	if got := Uncensor(90, datasets.Above); got != 90 {
		t.Errorf(">90 -> %g, want 90", got)
	}
	if got := Uncensor(7, datasets.NotCensored); got != 7 {
		t.Errorf("7 -> %g", got)
	}
}

func TestLog(t *testing.T) {
	for _, c := range []string{"crp", "d_dimer", "ferritin", "creatinine"} {
		if !LogTransform(c) {
			t.Errorf("%s not log-transformed", c)
		}
	}
	if LogTransform("haemoglobin") || Log("haemoglobin", 12) != 12 {
		t.Error("haemoglobin is not skewed")
	}
	if got := Log("crp", 0); got != math.Log(0.1) {
		t.Errorf("log CRP 0 = %g, want log 0.1", got)
	}
	if got := Log("crp", 20); got != math.Log(20) {
		t.Errorf("log CRP 20 = %g", got)
	}
	if !math.IsNaN(Log("crp", math.NaN())) {
		t.Error("NaN")
	}
}
