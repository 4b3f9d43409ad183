package metrics

import (
	"fmt"
	"math"
)

// DefaultThresholds returns the default decision-curve grid, risk
// thresholds 0.01, 0.02, ..., 0.30 (computed as i/100, so exact to the
// last digit).
func DefaultThresholds() []float64 {
	t := make([]float64, 30)
	for i := range t {
		t[i] = float64(i+1) / 100
	}
	return t
}

// NetBenefitPoint is the decision-curve value at one risk threshold.
type NetBenefitPoint struct {
	// Threshold is the risk threshold pt; a patient is flagged when
	// p ≥ pt.
	Threshold float64
	// TP and FP count the flagged events and flagged non-events.
	TP, FP int
	// Model, TreatAll are the net benefits of acting on the model's flags
	// and of acting on everyone; acting on no one has net benefit 0.
	Model, TreatAll float64
	// ModelStandardized, TreatAllStandardized are the net benefits divided
	// by the prevalence φ (1 is the maximum, flagging exactly the events).
	ModelStandardized, TreatAllStandardized float64
}

// NetBenefit returns the decision curve of predictions p for outcomes y
// (Vickers AJ, Elkin EB. Med Decis Making 2006;26:565; DOMAIN.md 7.5): at
// each threshold pt,
//
//	NB = TP/N − FP/N · pt/(1−pt),  treat-all NB = φ − (1−φ)·pt/(1−pt),
//
// treat-none NB = 0 and standardised NB = NB/φ, φ the prevalence. A
// patient counts as positive when p ≥ pt, the convention of the dcurves R
// package (ddsjoberg/dcurves, R/dca.r: tp_rate = mean(risk[outcome] >=
// threshold) · prevalence). With no thresholds, DefaultThresholds is used.
//
// It panics if the lengths differ or a threshold is not in [0, 1). It
// returns ErrSingleClass when there are no events (standardised NB is
// undefined), errEmpty for no rows, and an error for invalid labels or
// predictions. Only the rows' order relative to pt matters, so p need not
// be calibrated, though NB only means something if it is.
func NetBenefit(y, p []float64, thresholds ...float64) ([]NetBenefitPoint, error) {
	if thresholds == nil {
		thresholds = DefaultThresholds()
	}
	checkThresholds(thresholds)
	if err := checkProbabilities(y, p); err != nil {
		return nil, err
	}
	if len(y) == 0 {
		return nil, errEmpty
	}
	phi := prevalence(y)
	if phi == 0 {
		return nil, ErrSingleClass
	}
	n := float64(len(y))
	out := make([]NetBenefitPoint, len(thresholds))
	for k, pt := range thresholds {
		c := confusion(y, p, pt)
		odds := pt / (1 - pt)
		nb := float64(c.tp)/n - float64(c.fp)/n*odds
		all := phi - (1-phi)*odds
		out[k] = NetBenefitPoint{
			Threshold: pt, TP: c.tp, FP: c.fp,
			Model: nb, TreatAll: all,
			ModelStandardized: nb / phi, TreatAllStandardized: all / phi,
		}
	}
	return out, nil
}

// Proportion is a proportion Num/Den with a confidence interval; Value and
// CI are NaN when Den is 0.
type Proportion struct {
	Value    float64
	Num, Den int
	CI       [2]float64
}

// ThresholdPerformance describes flagging patients with p ≥ Threshold.
type ThresholdPerformance struct {
	Threshold           float64
	TP, FP, TN, FN      int
	Sensitivity         Proportion // TP/(TP+FN)
	Specificity         Proportion // TN/(TN+FP)
	PPV                 Proportion // TP/(TP+FP), positive predictive value
	NPV                 Proportion // TN/(TN+FN), negative predictive value
	FlaggedPer100       float64    // 100·(TP+FP)/N
	EventsFlaggedPer100 float64    // 100·TP/N, flagged patients who bleed
}

// AtThresholds returns sensitivity, specificity, PPV and NPV with Wilson
// score intervals of the given level (Wilson EB. J Am Stat Assoc
// 1927;22:209; no continuity correction, as R's prop.test(correct =
// FALSE)), and the number flagged per 100 patients, when patients with
// p ≥ pt are flagged, at each declared threshold pt. Wilson intervals stay
// inside [0, 1] and are not degenerate at 0/n or n/n, which matters for
// PPV at high thresholds where few are flagged (Brown LD, Cai TT,
// DasGupta A. Stat Sci 2001;16:101). A proportion with denominator 0 (no
// one flagged, for PPV) is NaN.
//
// It panics if the lengths differ, level is not in (0, 1) or a threshold
// is not in [0, 1); it returns errEmpty for no rows and an error for
// invalid labels or predictions.
func AtThresholds(y, p []float64, level float64, thresholds ...float64) ([]ThresholdPerformance, error) {
	checkLevel(level)
	checkThresholds(thresholds)
	if err := checkProbabilities(y, p); err != nil {
		return nil, err
	}
	if len(y) == 0 {
		return nil, errEmpty
	}
	n := float64(len(y))
	out := make([]ThresholdPerformance, len(thresholds))
	for k, pt := range thresholds {
		c := confusion(y, p, pt)
		out[k] = ThresholdPerformance{
			Threshold: pt, TP: c.tp, FP: c.fp, TN: c.tn, FN: c.fn,
			Sensitivity:         wilson(c.tp, c.tp+c.fn, level),
			Specificity:         wilson(c.tn, c.tn+c.fp, level),
			PPV:                 wilson(c.tp, c.tp+c.fp, level),
			NPV:                 wilson(c.tn, c.tn+c.fn, level),
			FlaggedPer100:       100 * float64(c.tp+c.fp) / n,
			EventsFlaggedPer100: 100 * float64(c.tp) / n,
		}
	}
	return out, nil
}

type confusionCounts struct{ tp, fp, tn, fn int }

func confusion(y, p []float64, pt float64) confusionCounts {
	var c confusionCounts
	for i, v := range y {
		switch flagged := p[i] >= pt; {
		case flagged && v == 1:
			c.tp++
		case flagged:
			c.fp++
		case v == 1:
			c.fn++
		default:
			c.tn++
		}
	}
	return c
}

// wilson returns num/den with the Wilson score interval
// (x + z²/2)/(n + z²) ± z/(n + z²)·sqrt(x(n−x)/n + z²/4).
func wilson(num, den int, level float64) Proportion {
	if den == 0 {
		return Proportion{Value: math.NaN(), CI: nanPair()}
	}
	x, n := float64(num), float64(den)
	z := normalQuantile(level)
	z2 := z * z
	centre := (x + z2/2) / (n + z2)
	half := z / (n + z2) * math.Sqrt(x*(n-x)/n+z2/4)
	return Proportion{
		Value: x / n, Num: num, Den: den,
		CI: [2]float64{math.Max(0, centre-half), math.Min(1, centre+half)},
	}
}

func checkThresholds(t []float64) {
	for _, v := range t {
		if !(v >= 0 && v < 1) {
			panic(fmt.Sprintf("metrics: threshold %v is not in [0, 1)", v))
		}
	}
}
