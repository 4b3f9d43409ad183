package metrics

import (
	"errors"
	"math"
	"testing"
)

// The 10-patient example worked by hand. Three events (φ = 0.3):
//
//	patient  1    2    3    4    5    6    7    8    9    10
//	y        1    0    1    0    0    0    1    0    0    0
//	p        0.40 0.30 0.20 0.20 0.10 0.05 0.08 0.15 0.02 0.25
//
// pt = 0.10: flagged (p ≥ 0.10) are 1, 2, 3, 4, 5, 8, 10 (patient 5 sits on
// the threshold and counts): TP = 2, FP = 5. NB = 2/10 − 5/10·(0.1/0.9) =
// 0.2 − 1/18 = 13/90; treat-all = 0.3 − 0.7/9 = 2/9; standardised
// 13/90/0.3 = 13/27 and 2/9/0.3 = 20/27.
//
// pt = 0.20: flagged 1, 2, 3, 4, 10: TP = 2, FP = 3. NB = 0.2 − 0.3·0.25 =
// 0.125 = treat-all 0.3 − 0.7·0.25 = 0.125; standardised 5/12 for both.
// FN = 1 (patient 7), TN = 4: sensitivity 2/3, specificity 4/7, PPV 2/5,
// NPV 4/5, 50 flagged per 100, 20 flagged events per 100.
//
// pt = 0.30: flagged 1, 2: TP = 1, FP = 1. NB = 0.1 − 0.1·(3/7) = 2/35;
// treat-all = 0.3 − 0.7·3/7 = 0.
var (
	y10 = []float64{1, 0, 1, 0, 0, 0, 1, 0, 0, 0}
	p10 = []float64{0.40, 0.30, 0.20, 0.20, 0.10, 0.05, 0.08, 0.15, 0.02, 0.25}
)

func TestNetBenefitHand(t *testing.T) {
	got, err := NetBenefit(y10, p10, 0.10, 0.20, 0.30)
	if err != nil {
		t.Fatal(err)
	}
	want := []NetBenefitPoint{
		{Threshold: 0.10, TP: 2, FP: 5, Model: 13.0 / 90, TreatAll: 2.0 / 9, ModelStandardized: 13.0 / 27, TreatAllStandardized: 20.0 / 27},
		{Threshold: 0.20, TP: 2, FP: 3, Model: 0.125, TreatAll: 0.125, ModelStandardized: 5.0 / 12, TreatAllStandardized: 5.0 / 12},
		{Threshold: 0.30, TP: 1, FP: 1, Model: 2.0 / 35, TreatAll: 0, ModelStandardized: 2.0 / 35 / 0.3, TreatAllStandardized: 0},
	}
	for k, w := range want {
		g := got[k]
		if g.Threshold != w.Threshold || g.TP != w.TP || g.FP != w.FP ||
			!near(g.Model, w.Model, 1e-15) || !near(g.TreatAll, w.TreatAll, 1e-15) ||
			!near(g.ModelStandardized, w.ModelStandardized, 1e-15) || !near(g.TreatAllStandardized, w.TreatAllStandardized, 1e-15) {
			t.Errorf("pt %v: got %+v\nwant %+v", w.Threshold, g, w)
		}
	}
}

func TestNetBenefitDefaultGrid(t *testing.T) {
	got, err := NetBenefit(y10, p10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 30 || got[0].Threshold != 0.01 || got[29].Threshold != 0.3 || got[9].Threshold != 0.1 {
		t.Fatalf("default grid: %d points, %v .. %v", len(got), got[0].Threshold, got[len(got)-1].Threshold)
	}
	// At pt = 0.01 every patient but 9 (p = 0.02 ≥ 0.01 too) is flagged:
	// all ten are, so the model equals treat-all.
	if got[0].TP != 3 || got[0].FP != 7 || !near(got[0].Model, got[0].TreatAll, 1e-15) {
		t.Errorf("pt 0.01: %+v", got[0])
	}
	// A threshold of 0 flags everyone: NB = φ.
	z, _ := NetBenefit(y10, p10, 0)
	if !near(z[0].Model, 0.3, 1e-15) || !near(z[0].TreatAll, 0.3, 1e-15) {
		t.Errorf("pt 0: %+v", z[0])
	}
	if _, err := NetBenefit([]float64{0, 0}, []float64{0.1, 0.2}); !errors.Is(err, ErrSingleClass) {
		t.Errorf("no events: %v", err)
	}
}

func TestAtThresholdsHand(t *testing.T) {
	got, err := AtThresholds(y10, p10, 0.95, 0.20, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	g := got[0]
	if g.TP != 2 || g.FP != 3 || g.TN != 4 || g.FN != 1 || g.FlaggedPer100 != 50 || g.EventsFlaggedPer100 != 20 {
		t.Fatalf("pt 0.20 counts: %+v", g)
	}
	// Wilson intervals from R 4.2.2 prop.test(x, n, correct=FALSE)$conf.int
	// (statsmodels 0.13.5 proportion_confint(method="wilson") agrees to
	// 1e-15).
	for _, c := range []struct {
		name     string
		got      Proportion
		num, den int
		ci       [2]float64
	}{
		{"sensitivity", g.Sensitivity, 2, 3, [2]float64{0.20765960080204782, 0.93850805527960379}},
		{"specificity", g.Specificity, 4, 7, [2]float64{0.25045836452765724, 0.84178014474853013}},
		{"PPV", g.PPV, 2, 5, [2]float64{0.11762077423264794, 0.76927571872398703}},
		{"NPV", g.NPV, 4, 5, [2]float64{0.37553462976252544, 0.96377589136756980}},
	} {
		if c.got.Num != c.num || c.got.Den != c.den || !near(c.got.Value, float64(c.num)/float64(c.den), 1e-15) ||
			!near(c.got.CI[0], c.ci[0], 1e-14) || !near(c.got.CI[1], c.ci[1], 1e-14) {
			t.Errorf("%s = %+v, want %d/%d with R interval %.17g", c.name, c.got, c.num, c.den, c.ci)
		}
	}
	// pt 0.5 flags no one: PPV is 0/0, NaN; sensitivity 0/3 with R's
	// prop.test(0, 3, correct=FALSE) interval 0 0.56149703175504539.
	h := got[1]
	if h.TP+h.FP != 0 || !math.IsNaN(h.PPV.Value) || !math.IsNaN(h.PPV.CI[0]) || h.FlaggedPer100 != 0 {
		t.Errorf("pt 0.5: %+v", h)
	}
	if h.Sensitivity.Value != 0 || h.Sensitivity.CI[0] != 0 || !near(h.Sensitivity.CI[1], 0.56149703175504539, 1e-14) {
		t.Errorf("pt 0.5 sensitivity: %+v", h.Sensitivity)
	}
}

func TestWilson(t *testing.T) {
	// R 4.2.2 prop.test(7, 12, correct=FALSE)$conf.int:
	// 0.31951131254954984 0.80673968634124349; prop.test(0, 5, ...):
	// 0 0.43448246478317465. statsmodels 0.13.5: 0.31951131254954973,
	// 0.8067396863412435 and 0.0, 0.43448246478317487.
	for _, c := range []struct {
		x, n int
		ci   [2]float64
	}{
		{7, 12, [2]float64{0.31951131254954984, 0.80673968634124349}},
		{0, 5, [2]float64{0, 0.43448246478317465}},
		{5, 5, [2]float64{0.5655175352168252, 1}},
	} {
		got := wilson(c.x, c.n, 0.95)
		if !near(got.CI[0], c.ci[0], 1e-14) || !near(got.CI[1], c.ci[1], 1e-14) {
			t.Errorf("wilson(%d, %d) = %.17g, want %.17g", c.x, c.n, got.CI, c.ci)
		}
	}
}
