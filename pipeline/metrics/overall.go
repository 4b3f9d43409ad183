package metrics

import "math"

// ScaledBrier returns the scaled Brier score 1 − Brier/(φ(1−φ)), φ the
// observed prevalence: the Brier score relative to that of a constant
// prediction of φ (DOMAIN.md 7.5; Steyerberg EW et al. Epidemiology
// 2010;21:128). 1 is perfect, 0 is no better than the prevalence, and it is
// negative for a model worse than that.
//
// It panics if the lengths differ. It returns ErrSingleClass when y holds
// one class (φ(1−φ) = 0), errEmpty for no rows, and an error for invalid
// labels or predictions (NaN or outside [0, 1]).
func ScaledBrier(y, p []float64) (float64, error) {
	if err := checkProbabilities(y, p); err != nil {
		return math.NaN(), err
	}
	if len(y) == 0 {
		return math.NaN(), errEmpty
	}
	if err := checkBothClasses(y); err != nil {
		return math.NaN(), err
	}
	phi := prevalence(y)
	return 1 - Brier(y, p)/(phi*(1-phi)), nil
}

// NagelkerkeR2 returns Nagelkerke's R² of the predictions p as they are
// (Nagelkerke NJD. Biometrika 1991;78:691; DOMAIN.md 7.3):
//
//	R² = (1 − exp(−(2/n)(ℓ_model − ℓ_null))) / (1 − exp((2/n)·ℓ_null)),
//
// with ℓ_model = Σ y·ln p + (1−y)·ln(1−p), p clipped to [ClipLow,
// ClipHigh], and ℓ_null the same at the prevalence φ. The numerator is the
// Cox–Snell R², the denominator its maximum. The predictions are not
// refitted, so R² is negative when p fits worse than φ. rms::val.prob's
// R2 is the same quantity at the model's own predictions (its "fixed"
// fit with intercept 0 and slope 1).
//
// It panics if the lengths differ and returns ErrSingleClass when y holds
// one class, errEmpty for no rows, and an error for invalid labels or
// predictions.
func NagelkerkeR2(y, p []float64) (float64, error) {
	if err := checkProbabilities(y, p); err != nil {
		return math.NaN(), err
	}
	if len(y) == 0 {
		return math.NaN(), errEmpty
	}
	if err := checkBothClasses(y); err != nil {
		return math.NaN(), err
	}
	n := float64(len(y))
	phi := prevalence(y)
	var llModel, llNull float64
	for i, v := range y {
		q := clip(p[i])
		if v == 1 {
			llModel += math.Log(q)
			llNull += math.Log(phi)
		} else {
			llModel += math.Log1p(-q)
			llNull += math.Log1p(-phi)
		}
	}
	coxSnell := -math.Expm1(-(2 / n) * (llModel - llNull))
	maxCoxSnell := -math.Expm1((2 / n) * llNull)
	return coxSnell / maxCoxSnell, nil
}

func prevalence(y []float64) float64 {
	var s float64
	for _, v := range y {
		s += v
	}
	return s / float64(len(y))
}
