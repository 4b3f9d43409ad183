package report

import (
	"math"
	"testing"
)

// TestMinimumSampleSizeDomainTable reproduces the worked table of DOMAIN.md
// 7.3 (p = 20, R²cs from the C-statistic by the binormal conversion).
func TestMinimumSampleSizeDomainTable(t *testing.T) {
	for _, c := range []struct {
		phi, c, r2 float64
		n          int
		events     int
		epp        float64
	}{
		{0.10, 0.65, 0.026, 6821, 682, 34},
		{0.10, 0.70, 0.047, 3726, 373, 19},
		{0.10, 0.75, 0.075, 2293, 229, 11.5},
		{0.15, 0.70, 0.065, 2653, 398, 20},
	} {
		s, err := MinimumSampleSize(20, c.phi, SampleSizeOptions{CStatistic: c.c})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s.CoxSnell-c.r2) > 0.0005 || s.N != c.n || s.Criteria[0] != c.n || math.Round(s.Events) != float64(c.events) || math.Abs(s.EPP-c.epp) > 0.5 {
			t.Errorf("φ %.2f C %.2f: R²cs %.4f N %d (criteria %v) events %.1f EPP %.2f; want %.3f, %d, %d, %.1f", c.phi, c.c, s.CoxSnell, s.N, s.Criteria, s.Events, s.EPP, c.r2, c.n, c.events, c.epp)
		}
	}
	// DOMAIN.md 7.3: with N = 1080 and φ ≈ 0.10 the largest p meeting S ≥ 0.9
	// is ≈3 (C 0.65), ≈6 (C 0.70), ≈9 (C 0.75).
	for c, want := range map[float64]float64{0.65: 3, 0.70: 6, 0.75: 9} {
		r2 := CoxSnellFromC(c, 0.10)
		exact := 1080 * -0.1 * math.Log(1-r2/0.9)
		if math.Abs(exact-want) > 0.5 || MaxParameters(1080, r2, SampleSizeOptions{}) != int(exact) {
			t.Errorf("C %.2f: largest p %.2f (MaxParameters %d), want ≈%v", c, exact, MaxParameters(1080, r2, SampleSizeOptions{}), want)
		}
	}
}

// TestMinimumSampleSizeRileyExample is the worked example of Riley et al.,
// BMJ 2020;368:m441 (pmsampsize type "b", rsquared 0.288, parameters 24,
// prevalence 0.174): criteria 623, 662 and 221, so N = 662 with 116 events
// and EPP 4.8.
func TestMinimumSampleSizeRileyExample(t *testing.T) {
	s, err := MinimumSampleSize(24, 0.174, SampleSizeOptions{CoxSnell: 0.288})
	if err != nil {
		t.Fatal(err)
	}
	if s.Criteria != [3]int{623, 662, 221} || s.N != 662 || math.Ceil(s.Events) != 116 || math.Abs(s.EPP-4.8) > 0.01 {
		t.Errorf("got criteria %v N %d events %.2f EPP %.2f", s.Criteria, s.N, s.Events, s.EPP)
	}
	if math.Abs(s.ShrinkageVH-0.905) > 0.0005 {
		t.Errorf("S_VH %.4f, want 0.905", s.ShrinkageVH)
	}
}

// TestMinimumSampleSizeByHand checks the conservative default against a
// hand computation: φ = 0.1, p = 10. lnL_null/n = 0.1 ln 0.1 + 0.9 ln 0.9 =
// −0.2302585 − 0.0948245 = −0.3250830; max R²cs = 1 − exp(−0.650166) =
// 0.478041; R²cs = 0.15 × 0.478041 = 0.0717061.
// (i) 10 / (−0.1 · ln(1 − 0.0717061/0.9)) = 10 / 0.00830259 = 1204.4 → 1205.
// S_VH = R²cs / (R²cs + 0.05 · max R²cs) = 0.15 / (0.15 + 0.05) = 0.75.
// (iii) (1.96/0.05)² · 0.1 · 0.9 = 1536.64 · 0.09 = 138.3 → 139.
func TestMinimumSampleSizeByHand(t *testing.T) {
	if got := MaxCoxSnell(0.1); math.Abs(got-0.478041) > 1e-6 {
		t.Errorf("max R²cs %.6f", got)
	}
	s, err := MinimumSampleSize(10, 0.1, SampleSizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.CoxSnell-0.0717061) > 1e-6 || math.Abs(s.ShrinkageVH-0.75) > 1e-9 {
		t.Errorf("R²cs %.7f S_VH %.6f", s.CoxSnell, s.ShrinkageVH)
	}
	ii := int(math.Ceil(10 / (0.25 * -math.Log(1-s.CoxSnell/0.75))))
	if s.Criteria != [3]int{1205, ii, 139} || s.N != 1205 {
		t.Errorf("criteria %v, want [1205 %d 139]", s.Criteria, ii)
	}
	for _, bad := range []struct {
		p   int
		phi float64
		o   SampleSizeOptions
	}{{0, 0.1, SampleSizeOptions{}}, {10, 0, SampleSizeOptions{}}, {10, 0.1, SampleSizeOptions{CStatistic: 0.4}}} {
		if _, err := MinimumSampleSize(bad.p, bad.phi, bad.o); err == nil {
			t.Errorf("MinimumSampleSize(%d, %g, %+v): no error", bad.p, bad.phi, bad.o)
		}
	}
}

// TestCoxSnellFromC: the conversion rises with C and reaches the limit of
// max R²cs only as C → 1.
func TestCoxSnellFromC(t *testing.T) {
	prev := 0.0
	for c := 0.55; c < 0.99; c += 0.05 {
		r := CoxSnellFromC(c, 0.2)
		if !(r > prev && r < MaxCoxSnell(0.2)) {
			t.Fatalf("C %.2f: R²cs %.4f after %.4f", c, r, prev)
		}
		prev = r
	}
}
