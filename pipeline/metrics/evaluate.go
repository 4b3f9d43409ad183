package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
)

// EvalOptions configures Evaluate. The zero value gives 95% intervals, the
// default decision-curve grid, a 100-point calibration curve, no declared
// thresholds and no bootstrap.
type EvalOptions struct {
	// Level is the coverage of every interval; 0 means 0.95.
	Level float64
	// Thresholds is the decision-curve grid; nil means DefaultThresholds.
	Thresholds []float64
	// Declared are the thresholds at which AtThresholds reports
	// sensitivity, specificity, PPV, NPV and the number flagged; nil means
	// none.
	Declared []float64
	// CurvePoints is the number of calibration-curve points; 0 means 100.
	CurvePoints int
	// Source drives the bootstrap (calibration band and percentile
	// intervals of the measures without an analytic interval); nil means
	// no bootstrap.
	Source rand.Source
	// Bootstrap is the number of replicates; 0 means 200.
	Bootstrap int
}

// Evaluation is every performance measure of one set of predictions, for
// the report and metrics.json. Intervals have coverage Level.
type Evaluation struct {
	// N is the number of rows and Events the number with y = 1.
	N, Events int
	Level     float64

	// Discrimination.
	AUROC AUROCResult
	AUPRC float64

	// Overall.
	Brier, ScaledBrier, NagelkerkeR2 float64

	// Calibration. CalibrationInTheLarge has the slope fixed at 1;
	// CalibrationIntercept and CalibrationSlope are the joint fit.
	CalibrationInTheLarge                  Estimate
	CalibrationIntercept, CalibrationSlope Estimate
	OE                                     OEResult
	CalibrationErrors                      CalibrationErrors
	Curve                                  []CurvePoint

	// Clinical utility.
	NetBenefit   []NetBenefitPoint
	AtThresholds []ThresholdPerformance

	// BootstrapCI holds percentile bootstrap intervals (R quantile type 7)
	// of "auprc", "brier", "scaled_brier", "nagelkerke_r2", "ici", "e50",
	// "e90" and "emax", which have no analytic interval; nil without
	// bootstrap. A replicate in which a measure is undefined (one outcome
	// class) is left out of that measure's interval.
	BootstrapCI map[string][2]float64
	// Bootstrap is the number of replicates drawn and BootstrapSkipped
	// the number left out because they held one outcome class.
	Bootstrap, BootstrapSkipped int

	// Undefined names, by metric name, the measures that these data do not
	// define, with the reason; such measures are NaN. Examples:
	// "calibration_slope" under separation, "auroc_se" with one event.
	Undefined map[string]string
}

// Evaluate computes every measure of the package for predictions p of
// outcomes y at once: AUROC with its DeLong SE and logit-scale CI, AUPRC,
// Brier, scaled Brier, Nagelkerke R², calibration-in-the-large, the
// calibration intercept and slope with Wald CIs, O/E with its CI, ICI, E50,
// E90, Emax, the smoothed calibration curve, the decision curve and the
// performance at the declared thresholds; with opt.Source, also the
// curve's bootstrap band and bootstrap CIs (see EvalOptions). The bootstrap
// draws rows as CalibrationCurve does and uses the same replicates for
// the band and the intervals, so a given source state gives the same
// Evaluation.
//
// It panics if the lengths differ or the options are invalid (level or a
// threshold out of range). It returns an error, and no Evaluation, for
// empty input, one outcome class, or invalid labels or predictions.
// Measures that only these data leave undefined are NaN and listed in
// Undefined; the rest are still computed.
func Evaluate(y, p []float64, opt EvalOptions) (Evaluation, error) {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	checkLevel(opt.Level)
	if opt.Thresholds == nil {
		opt.Thresholds = DefaultThresholds()
	}
	checkThresholds(opt.Thresholds)
	checkThresholds(opt.Declared)
	if err := checkProbabilities(y, p); err != nil {
		return Evaluation{}, err
	}
	if len(y) == 0 {
		return Evaluation{}, errEmpty
	}
	if err := checkBothClasses(y); err != nil {
		return Evaluation{}, err
	}
	e := Evaluation{N: len(y), Level: opt.Level, Undefined: map[string]string{}}
	for _, v := range y {
		if v == 1 {
			e.Events++
		}
	}
	undefined := func(name string, err error) {
		if err != nil {
			e.Undefined[name] = err.Error()
		}
	}
	// With both classes present and valid inputs, the errors below can only
	// be the data-dependent ones each function documents.
	e.AUROC, _ = AUROCWithCI(y, p, opt.Level)
	if math.IsNaN(e.AUROC.SE) {
		e.Undefined["auroc_se"] = "the DeLong variance needs at least two events and two non-events"
	}
	e.AUPRC, _ = AUPRC(y, p)
	e.Brier = Brier(y, p)
	e.ScaledBrier, _ = ScaledBrier(y, p)
	e.NagelkerkeR2, _ = NagelkerkeR2(y, p)
	var err error
	e.CalibrationInTheLarge, err = CalibrationInTheLarge(y, p, opt.Level)
	undefined("calibration_intercept", err)
	e.CalibrationIntercept, e.CalibrationSlope, err = CalibrationSlope(y, p, opt.Level)
	undefined("calibration_slope", err)
	e.OE, _ = OERatio(y, p, opt.Level)
	pc := lowessRows(p, y)
	e.CalibrationErrors = calibrationErrors(p, pc)
	e.NetBenefit, _ = NetBenefit(y, p, opt.Thresholds...)
	if len(opt.Declared) > 0 {
		e.AtThresholds, _ = AtThresholds(y, p, opt.Level, opt.Declared...)
	}

	points := opt.CurvePoints
	if points <= 0 {
		points = 100
	}
	grid := curveGrid(p, points)
	full := interpolator(p, pc)
	e.Curve = make([]CurvePoint, len(grid))
	for k, g := range grid {
		e.Curve[k] = CurvePoint{P: g, Observed: full(g), Lower: math.NaN(), Upper: math.NaN()}
	}
	if len(e.Undefined) == 0 {
		e.Undefined = nil
	}
	if opt.Source == nil {
		return e, nil
	}

	b := opt.Bootstrap
	if b <= 0 {
		b = 200
	}
	e.Bootstrap = b
	names := []string{"auprc", "brier", "scaled_brier", "nagelkerke_r2", "ici", "e50", "e90", "emax"}
	draws := make(map[string][]float64, len(names))
	curveDraws := make([][]float64, len(grid))
	bootstrapSorted(y, p, b, opt.Source, func(yb, pb []float64) {
		pcb := lowessSorted(pb, yb, LowessSpan, lowessDelta(pb))
		f := sortedInterpolator(pb, pcb)
		for k, g := range grid {
			curveDraws[k] = append(curveDraws[k], f(g))
		}
		if checkBothClasses(yb) != nil {
			e.BootstrapSkipped++
			return
		}
		ce := calibrationErrors(pb, pcb)
		ap, _ := AUPRC(yb, pb)
		sb, _ := ScaledBrier(yb, pb)
		r2, _ := NagelkerkeR2(yb, pb)
		for name, v := range map[string]float64{
			"auprc": ap, "brier": Brier(yb, pb), "scaled_brier": sb, "nagelkerke_r2": r2,
			"ici": ce.ICI, "e50": ce.E50, "e90": ce.E90, "emax": ce.Emax,
		} {
			draws[name] = append(draws[name], v)
		}
	})
	setBand(e.Curve, curveDraws, opt.Level)
	e.BootstrapCI = make(map[string][2]float64, len(names))
	for _, name := range names {
		d := draws[name]
		slices.Sort(d)
		e.BootstrapCI[name] = [2]float64{quantile7(d, (1-opt.Level)/2), quantile7(d, (1+opt.Level)/2)}
	}
	return e, nil
}

// Values returns the scalar measures under their registered names (see
// Names), as metrics.json records them; undefined measures are NaN.
func (e Evaluation) Values() map[string]float64 {
	return map[string]float64{
		"auroc":                 e.AUROC.AUC,
		"auroc_se":              e.AUROC.SE,
		"auprc":                 e.AUPRC,
		"brier":                 e.Brier,
		"scaled_brier":          e.ScaledBrier,
		"calibration_intercept": e.CalibrationInTheLarge.Value,
		"calibration_slope":     e.CalibrationSlope.Value,
		"oe_ratio":              e.OE.OE,
		"ici":                   e.CalibrationErrors.ICI,
		"e50":                   e.CalibrationErrors.E50,
		"e90":                   e.CalibrationErrors.E90,
		"emax":                  e.CalibrationErrors.Emax,
		"nagelkerke_r2":         e.NagelkerkeR2,
	}
}
