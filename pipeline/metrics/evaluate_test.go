package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestRegistryNames(t *testing.T) {
	// The names are metrics.json keys: changing one breaks old runs.
	want := []string{"auroc", "auroc_se", "auprc", "brier", "scaled_brier",
		"calibration_intercept", "calibration_slope", "oe_ratio",
		"ici", "e50", "e90", "emax", "nagelkerke_r2"}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	for _, name := range want {
		m, ok := ByName(name)
		if !ok {
			t.Fatalf("ByName(%q) not found", name)
		}
		if again, _ := ByName(name); again != m {
			t.Errorf("ByName(%q) is not the same value twice", name)
		}
	}
}

// TestEvaluateMatchesMetrics: every scalar of Evaluate equals the
// registered Metric's Compute, and the structured fields equal the
// functions they come from.
func TestEvaluateMatchesMetrics(t *testing.T) {
	for _, d := range []struct {
		name string
		y, p []float64
	}{{"y50", y50, p50}, {"y120", y120, p120}, {"y40", y40, p40a}} {
		t.Run(d.name, func(t *testing.T) {
			e, err := Evaluate(d.y, d.p, EvalOptions{Declared: []float64{0.1, 0.2}})
			if err != nil {
				t.Fatal(err)
			}
			vals := e.Values()
			if len(vals) != len(Names()) {
				t.Errorf("Values has %d names, registry %d", len(vals), len(Names()))
			}
			for _, name := range Names() {
				m, _ := ByName(name)
				want, err := m.Compute(d.y, d.p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got, ok := vals[name]
				if !ok || got != want {
					t.Errorf("%s: Evaluate %.17g, Metric %.17g", name, got, want)
				}
			}
			r, _ := AUROCWithCI(d.y, d.p, 0.95)
			citl, _ := CalibrationInTheLarge(d.y, d.p, 0.95)
			a, b, _ := CalibrationSlope(d.y, d.p, 0.95)
			oe, _ := OERatio(d.y, d.p, 0.95)
			nb, _ := NetBenefit(d.y, d.p)
			at, _ := AtThresholds(d.y, d.p, 0.95, 0.1, 0.2)
			curve, _ := CalibrationCurve(d.y, d.p, CurveOptions{})
			if e.AUROC != r || e.CalibrationInTheLarge != citl || e.CalibrationIntercept != a || e.CalibrationSlope != b || e.OE != oe {
				t.Error("Evaluate's AUROC or calibration fields differ from the functions'")
			}
			// Compared as text: NaN (NPV when everyone is flagged) is not
			// equal to itself.
			if fmt.Sprint(e.NetBenefit) != fmt.Sprint(nb) || fmt.Sprint(e.AtThresholds) != fmt.Sprint(at) {
				t.Error("Evaluate's decision curve or threshold table differs")
			}
			if len(e.Curve) != len(curve) {
				t.Fatalf("curve has %d points, CalibrationCurve %d", len(e.Curve), len(curve))
			}
			for k := range curve {
				if e.Curve[k].P != curve[k].P || e.Curve[k].Observed != curve[k].Observed {
					t.Fatalf("curve point %d: %+v vs %+v", k, e.Curve[k], curve[k])
				}
			}
			if e.N != len(d.y) || e.Level != 0.95 || e.Undefined != nil || e.BootstrapCI != nil {
				t.Errorf("N %d Level %v Undefined %v BootstrapCI %v", e.N, e.Level, e.Undefined, e.BootstrapCI)
			}
		})
	}
}

func TestEvaluateBootstrap(t *testing.T) {
	y := slices.Clone(y120)
	p := slices.Clone(p120)
	opt := EvalOptions{Source: rand.NewPCG(7, 11), Bootstrap: 100, CurvePoints: 30}
	e1, err := Evaluate(y, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(y, y120) || !slices.Equal(p, p120) {
		t.Fatal("Evaluate modified its input")
	}
	opt.Source = rand.NewPCG(7, 11)
	e2, _ := Evaluate(y, p, opt)
	if !reflect.DeepEqual(e1, e2) {
		t.Error("the same seed gave different evaluations")
	}
	// The band equals CalibrationCurve's with the same seed and replicates.
	curve, _ := CalibrationCurve(y, p, CurveOptions{Points: 30, Source: rand.NewPCG(7, 11), Bootstrap: 100})
	if !reflect.DeepEqual(e1.Curve, curve) {
		t.Error("Evaluate's band differs from CalibrationCurve's")
	}
	if e1.Bootstrap != 100 || e1.BootstrapSkipped != 0 || len(e1.BootstrapCI) != 8 {
		t.Errorf("Bootstrap %d skipped %d, %d intervals", e1.Bootstrap, e1.BootstrapSkipped, len(e1.BootstrapCI))
	}
	vals := e1.Values()
	for name, ci := range e1.BootstrapCI {
		if !(ci[0] <= ci[1]) || math.IsNaN(ci[0]) {
			t.Errorf("%s: interval %v", name, ci)
		}
		// Percentile intervals of these smooth measures contain the
		// estimate here (not guaranteed in general, e.g. for Emax).
		if name != "emax" && name != "e90" && !(ci[0] <= vals[name] && vals[name] <= ci[1]) {
			t.Errorf("%s = %v outside its bootstrap interval %v", name, vals[name], ci)
		}
	}
}

func TestEvaluateEdgeCases(t *testing.T) {
	t.Run("perfect separation", func(t *testing.T) {
		y := []float64{0, 1, 0, 1, 1, 0}
		p := []float64{0.1, 0.8, 0.2, 0.9, 0.7, 0.3}
		e, err := Evaluate(y, p, EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := e.Undefined["calibration_slope"]; !ok || !math.IsNaN(e.CalibrationSlope.Value) {
			t.Errorf("slope %v, Undefined %v", e.CalibrationSlope, e.Undefined)
		}
		if e.AUROC.AUC != 1 || math.IsNaN(e.CalibrationInTheLarge.Value) {
			t.Errorf("AUROC %+v, CITL %+v", e.AUROC, e.CalibrationInTheLarge)
		}
	})
	t.Run("one event", func(t *testing.T) {
		y := []float64{0, 1, 0, 0, 0, 0}
		p := []float64{0.1, 0.4, 0.2, 0.5, 0.3, 0.05}
		e, err := Evaluate(y, p, EvalOptions{Source: rand.NewPCG(1, 1), Bootstrap: 50})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := e.Undefined["auroc_se"]; !ok || !math.IsNaN(e.AUROC.SE) {
			t.Errorf("SE %v, Undefined %v", e.AUROC.SE, e.Undefined)
		}
		if e.BootstrapSkipped == 0 {
			t.Error("no replicate without the event among 50 of 6 rows")
		}
	})
	t.Run("constant predictions", func(t *testing.T) {
		e, err := Evaluate([]float64{0, 1, 0, 0}, []float64{0.2, 0.2, 0.2, 0.2}, EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if e.AUROC.AUC != 0.5 || !errors.Is(func() error {
			_, _, err := CalibrationSlope([]float64{0, 1, 0, 0}, []float64{0.2, 0.2, 0.2, 0.2}, 0.95)
			return err
		}(), ErrConstantPredictions) {
			t.Errorf("AUROC %+v", e.AUROC)
		}
		if _, ok := e.Undefined["calibration_slope"]; !ok {
			t.Errorf("Undefined %v", e.Undefined)
		}
		if !near(e.CalibrationErrors.ICI, 0.05, 1e-15) || len(e.Curve) != 1 {
			t.Errorf("ICI %v (want |0.2 − 0.25|), curve %v", e.CalibrationErrors.ICI, e.Curve)
		}
	})
	t.Run("errors", func(t *testing.T) {
		if _, err := Evaluate([]float64{0, 0}, []float64{0.1, 0.2}, EvalOptions{}); !errors.Is(err, ErrSingleClass) {
			t.Errorf("no events: %v", err)
		}
		if _, err := Evaluate(nil, nil, EvalOptions{}); err == nil {
			t.Error("empty: no error")
		}
		if _, err := Evaluate([]float64{0, 1}, []float64{0.1, 2}, EvalOptions{}); err == nil {
			t.Error("p > 1: no error")
		}
	})
}
