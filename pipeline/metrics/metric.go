package metrics

import "math"

// Metric is a performance measure of predictions p against 0/1 outcomes y,
// named so that runs, tuning and reports can refer to it. Compute follows
// the package conventions: a length mismatch panics, degenerate data return
// an error.
type Metric interface {
	// Name is the measure's short name, as used on the command line and in
	// reports ("auroc").
	Name() string
	// Compute returns the measure for labels y and predictions p.
	Compute(y, p []float64) (float64, error)
}

// The measures of this package as Metric values, named as in metrics.json.
// Each Compute uses the package defaults (95% level where a value depends
// on it) and returns the error of the function it wraps.
var (
	// AUROCMetric is AUROC, named "auroc". Higher is better.
	AUROCMetric Metric = aurocMetric{}
	// AUROCSEMetric is the DeLong standard error of AUROCWithCI, named
	// "auroc_se"; NaN with one event or one non-event.
	AUROCSEMetric Metric = &funcMetric{"auroc_se", func(y, p []float64) (float64, error) {
		r, err := AUROCWithCI(y, p, 0.95)
		return r.SE, err
	}}
	// AUPRCMetric is AUPRC (average precision), named "auprc". Higher is
	// better.
	AUPRCMetric Metric = &funcMetric{"auprc", AUPRC}
	// BrierMetric is Brier, named "brier", with the labels checked and an
	// error for empty input. Lower is better.
	BrierMetric Metric = brierMetric{}
	// ScaledBrierMetric is ScaledBrier, named "scaled_brier". Higher is
	// better.
	ScaledBrierMetric Metric = &funcMetric{"scaled_brier", ScaledBrier}
	// CalibrationInterceptMetric is calibration-in-the-large, the intercept
	// with the slope fixed at 1 (CalibrationInTheLarge), named
	// "calibration_intercept". Target 0. It is not the intercept of the
	// joint intercept-and-slope fit (rms::val.prob's "Intercept").
	CalibrationInterceptMetric Metric = &funcMetric{"calibration_intercept", func(y, p []float64) (float64, error) {
		e, err := CalibrationInTheLarge(y, p, 0.95)
		return e.Value, err
	}}
	// CalibrationSlopeMetric is the calibration slope of CalibrationSlope,
	// named "calibration_slope". Target 1.
	CalibrationSlopeMetric Metric = &funcMetric{"calibration_slope", func(y, p []float64) (float64, error) {
		_, b, err := CalibrationSlope(y, p, 0.95)
		return b.Value, err
	}}
	// OERatioMetric is the observed/expected ratio of OERatio, named
	// "oe_ratio". Target 1.
	OERatioMetric Metric = &funcMetric{"oe_ratio", func(y, p []float64) (float64, error) {
		r, err := OERatio(y, p, 0.95)
		return r.OE, err
	}}
	// ICIMetric, E50Metric, E90Metric and EmaxMetric are the fields of
	// IntegratedCalibration, named "ici", "e50", "e90" and "emax". Lower
	// is better.
	ICIMetric  Metric = calibrationErrorMetric("ici", func(c CalibrationErrors) float64 { return c.ICI })
	E50Metric  Metric = calibrationErrorMetric("e50", func(c CalibrationErrors) float64 { return c.E50 })
	E90Metric  Metric = calibrationErrorMetric("e90", func(c CalibrationErrors) float64 { return c.E90 })
	EmaxMetric Metric = calibrationErrorMetric("emax", func(c CalibrationErrors) float64 { return c.Emax })
	// NagelkerkeR2Metric is NagelkerkeR2, named "nagelkerke_r2". Higher is
	// better.
	NagelkerkeR2Metric Metric = &funcMetric{"nagelkerke_r2", NagelkerkeR2}
)

// registered lists the Metric values that ByName knows, in the order Names
// reports them.
var registered = []Metric{
	AUROCMetric, AUROCSEMetric, AUPRCMetric, BrierMetric, ScaledBrierMetric,
	CalibrationInterceptMetric, CalibrationSlopeMetric, OERatioMetric,
	ICIMetric, E50Metric, E90Metric, EmaxMetric, NagelkerkeR2Metric,
}

// ByName returns the registered Metric with the given name and whether
// there is one.
func ByName(name string) (Metric, bool) {
	for _, m := range registered {
		if m.Name() == name {
			return m, true
		}
	}
	return nil, false
}

// Names returns the names of the registered metrics.
func Names() []string {
	names := make([]string, len(registered))
	for i, m := range registered {
		names[i] = m.Name()
	}
	return names
}

type aurocMetric struct{}

func (aurocMetric) Name() string { return "auroc" }

func (aurocMetric) Compute(y, p []float64) (float64, error) { return AUROC(y, p) }

type brierMetric struct{}

func (brierMetric) Name() string { return "brier" }

func (brierMetric) Compute(y, p []float64) (float64, error) {
	if err := checkInputs(y, p); err != nil {
		return math.NaN(), err
	}
	if len(y) == 0 {
		return math.NaN(), errEmpty
	}
	return Brier(y, p), nil
}

// funcMetric is a Metric from a name and a function. It is used by pointer,
// so Metric values stay comparable.
type funcMetric struct {
	name string
	f    func(y, p []float64) (float64, error)
}

func (m *funcMetric) Name() string { return m.name }

func (m *funcMetric) Compute(y, p []float64) (float64, error) { return m.f(y, p) }

func calibrationErrorMetric(name string, field func(CalibrationErrors) float64) Metric {
	return &funcMetric{name, func(y, p []float64) (float64, error) {
		c, err := IntegratedCalibration(y, p)
		return field(c), err
	}}
}
