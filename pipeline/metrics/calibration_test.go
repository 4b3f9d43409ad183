package metrics

import (
	"errors"
	"math"
	"testing"
)

// The references are R 4.2.2 glm fits on y50, p50, converged tightly:
//
//	ctl <- glm.control(epsilon=1e-14, maxit=100)
//	f1 <- glm(y ~ offset(qlogis(p)), family=binomial, control=ctl)
//	f2 <- glm(y ~ qlogis(p), family=binomial, control=ctl)
//	summary(f1)$coefficients; summary(f2)$coefficients; confint.default(f1)
//
// statsmodels 0.13.5 GLM(..., family=Binomial()).fit(tol=1e-14) agrees to
// 1e-15: CITL 0.08966523960782376 (SE 0.35988398927697235); intercept
// 0.24428719436912114, slope 1.1487338041564779 (SEs 0.5780930930383094,
// 0.4352218334062576). rms 6.5.0 val.prob(p, y) prints Intercept
// 0.244286568337709981 and Slope 1.148732631727197973: lrm.fit's default
// convergence is looser, so it agrees to 1e-6 only.
func TestCalibrationR(t *testing.T) {
	citl, err := CalibrationInTheLarge(y50, p50, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	a, b, err := CalibrationSlope(y50, p50, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		// glm(y ~ offset(qlogis(p))): Estimate 0.089665239607823827,
		// Std. Error 0.359883989276972349; confint.default
		// -0.61569441798764091 0.79502489720328851.
		{"CITL", citl.Value, 0.089665239607823827},
		{"CITL SE", citl.SE, 0.359883989276972349},
		{"CITL lower", citl.CI[0], -0.61569441798764091},
		{"CITL upper", citl.CI[1], 0.79502489720328851},
		// glm(y ~ qlogis(p)): (Intercept) 0.24428719436912097 (SE
		// 0.57809309303830914), qlogis(p) 1.14873380415647786 (SE
		// 0.43522183340625770); confint.default (Intercept)
		// -0.88875444769732725 1.3773288364355691, qlogis(p)
		// 0.29571468539472157 2.0017529229182340.
		{"intercept", a.Value, 0.24428719436912097},
		{"intercept SE", a.SE, 0.57809309303830914},
		{"intercept lower", a.CI[0], -0.88875444769732725},
		{"intercept upper", a.CI[1], 1.3773288364355691},
		{"slope", b.Value, 1.14873380415647786},
		{"slope SE", b.SE, 0.43522183340625770},
		{"slope lower", b.CI[0], 0.29571468539472157},
		{"slope upper", b.CI[1], 2.0017529229182340},
	} {
		if !near(c.got, c.want, 1e-10) {
			t.Errorf("%s = %.17g, R glm %.17g", c.name, c.got, c.want)
		}
	}
	if !near(a.Value, 0.244286568337709981, 1e-5) || !near(b.Value, 1.148732631727197973, 1e-5) {
		t.Errorf("intercept, slope = %v, %v; rms val.prob 0.2442866, 1.1487326", a.Value, b.Value)
	}
	// rms 6.5.0 val.prob on y120, p120: Intercept 0.707343873677017787,
	// Slope 1.284774971986635039 (lrm.fit tolerance, so 1e-5).
	a, b, err = CalibrationSlope(y120, p120, 0.95)
	if err != nil || !near(a.Value, 0.707343873677017787, 1e-5) || !near(b.Value, 1.284774971986635039, 1e-5) {
		t.Errorf("y120 intercept, slope = %v, %v, %v; rms val.prob 0.7073439, 1.2847750", a.Value, b.Value, err)
	}
}

// TestCalibrationPerfect: predictions equal to the outcome frequencies in
// each group fit intercept 0 and slope 1 exactly. Hand: rows at p = 0.2
// (1 event in 5) and p = 0.5 (2 events in 4); the likelihood equations
// Σ(y − p) = 0 and Σ(y − p)·logit(p) = 0 hold at a = 0, b = 1 because each
// group's events equal its expected count. O/E = 3/3 = 1.
func TestCalibrationPerfect(t *testing.T) {
	y := []float64{1, 0, 0, 0, 0, 1, 1, 0, 0}
	p := []float64{0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 0.5}
	citl, err := CalibrationInTheLarge(y, p, 0.95)
	if err != nil || !near(citl.Value, 0, 1e-12) {
		t.Errorf("CITL = %+v, %v; want 0", citl, err)
	}
	a, b, err := CalibrationSlope(y, p, 0.95)
	if err != nil || !near(a.Value, 0, 1e-12) || !near(b.Value, 1, 1e-12) {
		t.Errorf("intercept, slope = %v, %v, %v; want 0, 1", a.Value, b.Value, err)
	}
	oe, err := OERatio(y, p, 0.95)
	if err != nil || !near(oe.OE, 1, 1e-15) {
		t.Errorf("O/E = %+v, %v", oe, err)
	}
	// Hand SE of CITL: 1/sqrt(Σp(1−p)) = 1/sqrt(5·0.16 + 4·0.25) = 1/sqrt(1.8).
	if !near(citl.SE, 1/math.Sqrt(1.8), 1e-12) {
		t.Errorf("CITL SE = %v, want 1/sqrt(1.8)", citl.SE)
	}
}

func TestCalibrationClipping(t *testing.T) {
	// Predictions of exactly 0 and 1 are clipped to 1e-6 and 1 − 1e-6 and
	// give the same fit as the clipped values themselves.
	y := []float64{0, 1, 0, 1, 1, 0, 0, 1}
	p := []float64{0, 1, 0.3, 0.6, 0.2, 0.7, 0.1, 0.4}
	q := []float64{1e-6, 1 - 1e-6, 0.3, 0.6, 0.2, 0.7, 0.1, 0.4}
	e1, err1 := CalibrationInTheLarge(y, p, 0.95)
	e2, err2 := CalibrationInTheLarge(y, q, 0.95)
	if err1 != nil || err2 != nil || e1 != e2 || math.IsInf(e1.Value, 0) {
		t.Errorf("CITL with 0/1: %+v %v; clipped %+v %v", e1, err1, e2, err2)
	}
	_, b1, err1 := CalibrationSlope(y, p, 0.95)
	_, b2, err2 := CalibrationSlope(y, q, 0.95)
	if err1 != nil || err2 != nil || b1 != b2 {
		t.Errorf("slope with 0/1: %+v %v; clipped %+v %v", b1, err1, b2, err2)
	}
}

func TestCalibrationErrors(t *testing.T) {
	y := []float64{0, 1, 0, 1}
	if _, err := CalibrationInTheLarge([]float64{0, 0, 0}, []float64{0.1, 0.2, 0.3}, 0.95); !errors.Is(err, ErrSingleClass) {
		t.Errorf("CITL, no events: %v", err)
	}
	if _, _, err := CalibrationSlope([]float64{1, 1}, []float64{0.1, 0.2}, 0.95); !errors.Is(err, ErrSingleClass) {
		t.Errorf("slope, no non-events: %v", err)
	}
	if _, _, err := CalibrationSlope(y, []float64{0.3, 0.3, 0.3, 0.3}, 0.95); !errors.Is(err, ErrConstantPredictions) {
		t.Errorf("slope, constant p: %v", err)
	}
	// CITL is defined for constant predictions: a = logit(φ) − logit(p).
	if e, err := CalibrationInTheLarge(y, []float64{0.2, 0.2, 0.2, 0.2}, 0.95); err != nil || !near(e.Value, math.Log(4), 1e-12) {
		t.Errorf("CITL, constant p = %+v, %v; want logit(0.5) − logit(0.2) = ln 4", e, err)
	}
	for name, p := range map[string][]float64{
		"complete":      {0.1, 0.6, 0.2, 0.7},
		"quasi (tie)":   {0.1, 0.5, 0.5, 0.7},
		"reversed":      {0.8, 0.1, 0.9, 0.2},
		"clipped equal": {0, 1, 1e-9, 1},
	} {
		if _, _, err := CalibrationSlope(y, p, 0.95); !errors.Is(err, ErrSeparation) {
			t.Errorf("slope, %s separation: %v", name, err)
		}
	}
	if _, err := CalibrationInTheLarge(y, []float64{0.1, 1.2, 0.3, 0.4}, 0.95); err == nil {
		t.Error("p > 1: no error")
	}
	if _, err := OERatio(y, []float64{0.1, -0.1, 0.3, 0.4}, 0.95); err == nil {
		t.Error("O/E, p < 0: no error")
	}
	if _, err := OERatio([]float64{0, 0}, []float64{0.1, 0.2}, 0.95); !errors.Is(err, ErrSingleClass) {
		t.Errorf("O/E, no events: %v", err)
	}
	if _, err := OERatio(y, []float64{0, 0, 0, 0}, 0.95); err == nil {
		t.Error("O/E, Σp = 0: no error")
	}
	if _, err := OERatio(nil, nil, 0.95); err == nil {
		t.Error("O/E, empty: no error")
	}
}

func TestOERatio(t *testing.T) {
	// y50: O = 12 events, E = Σp50 = 11.32; R 4.2.2: sum(y)/sum(p) =
	// 1.0600706713780919, and the interval
	// exp(log(r) + c(-1,1)*qnorm(0.975)*sqrt(1/12)) gives
	// 0.6020244077709993 1.8666183859167640.
	r, err := OERatio(y50, p50, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if r.Observed != 12 || !near(r.Expected, 11.32, 1e-12) || !near(r.OE, 1.0600706713780919, 1e-14) {
		t.Errorf("O/E = %+v", r)
	}
	h := 1.959963984540054 * math.Sqrt(1.0/12)
	if !near(r.CI[0], 1.0600706713780919*math.Exp(-h), 1e-14) || !near(r.CI[1], 1.0600706713780919*math.Exp(h), 1e-14) {
		t.Errorf("O/E CI = %v", r.CI)
	}
	if !near(r.CI[0], 0.6020244077709993, 1e-14) || !near(r.CI[1], 1.8666183859167640, 1e-14) {
		t.Errorf("O/E CI = %.17g, R 0.6020244077709993, 1.8666183859167640", r.CI)
	}
}
