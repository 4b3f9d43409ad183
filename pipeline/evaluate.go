package pipeline

import (
	"encoding/json"
	"math"

	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

// Interval is a lower and upper confidence limit; an undefined limit is
// written as null in JSON.
type Interval [2]float64

// MarshalJSON writes NaN or infinite limits as null.
func (iv Interval) MarshalJSON() ([]byte, error) {
	return []byte("[" + string(must(Float(iv[0]).MarshalJSON())) + "," + string(must(Float(iv[1]).MarshalJSON())) + "]"), nil
}

// Float is a number that is written as null in JSON when it is NaN or
// infinite (an undefined measure, e.g. the PPV when nobody is flagged).
type Float float64

// MarshalJSON writes the shortest exact decimal, or null.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads a number or null (as NaN).
func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Float(v)
	return nil
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// NetBenefit is one point of a decision curve (Vickers & Elkin 2006): the
// model's net benefit at a threshold probability, and that of treating
// everyone (treating no one is 0).
type NetBenefit struct {
	Threshold Float `json:"threshold"`
	Model     Float `json:"model"`
	TreatAll  Float `json:"treat_all"`
}

// ThresholdResult is the classification at a declared threshold (positive
// means p >= threshold), with Wilson 95% intervals.
type ThresholdResult struct {
	Threshold     Float    `json:"threshold"`
	Sensitivity   Float    `json:"sensitivity"`
	SensitivityCI Interval `json:"sensitivity_ci"`
	Specificity   Float    `json:"specificity"`
	SpecificityCI Interval `json:"specificity_ci"`
	PPV           Float    `json:"ppv"`
	PPVCI         Interval `json:"ppv_ci"`
	NPV           Float    `json:"npv"`
	NPVCI         Interval `json:"npv_ci"`
	FlaggedPer100 Float    `json:"flagged_per_100"`
}

// CurvePoint is a point of the smoothed calibration curve: the lowess
// estimate of the observed risk at a predicted risk.
type CurvePoint struct {
	P        Float `json:"p"`
	Observed Float `json:"observed"`
}

// VersusScore is the paired DeLong test of the model's AUROC against a
// bleeding score's on the same patients (difference model minus score).
type VersusScore struct {
	Score string   `json:"score"`
	Diff  Float    `json:"auroc_difference"`
	CI    Interval `json:"ci"`
	P     Float    `json:"p_value"`
	Error string   `json:"error,omitempty"`
}

// evaluate fills a pooled result with every measure of metrics.Evaluate, and
// the DeLong tests against each bleeding score's points on the same rows.
// Measures these data leave undefined are left out of Metrics and named in
// Undefined with the reason (JSON has no NaN).
func evaluate(pr *PooledResult, y, p []float64, rows []int, info *features.Augmentation, cfg Config) {
	ev, err := metrics.Evaluate(y, p, metrics.EvalOptions{Declared: cfg.Thresholds, CurvePoints: 20})
	if err != nil {
		pr.Error = err.Error()
		return
	}
	pr.Metrics = map[string]float64{}
	for k, v := range ev.Values() {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if pr.Undefined == nil {
				pr.Undefined = map[string]string{}
			}
			if _, known := ev.Undefined[k]; !known && !math.IsNaN(v) {
				pr.Undefined[k] = "not finite for these predictions"
			}
			continue
		}
		pr.Metrics[k] = v
	}
	for k, why := range ev.Undefined {
		if pr.Undefined == nil {
			pr.Undefined = map[string]string{}
		}
		pr.Undefined[k] = why
	}
	if len(pr.Undefined) == 0 {
		pr.Undefined = nil
	}
	pr.CI = map[string]Interval{}
	addCI := func(name string, ci [2]float64) {
		if !math.IsNaN(ci[0]) && !math.IsNaN(ci[1]) && !math.IsInf(ci[0], 0) && !math.IsInf(ci[1], 0) {
			pr.CI[name] = ci
		}
	}
	addCI("auroc", ev.AUROC.CI)
	addCI("calibration_intercept", ev.CalibrationInTheLarge.CI)
	addCI("calibration_slope", ev.CalibrationSlope.CI)
	addCI("oe_ratio", ev.OE.CI)
	for k, ci := range ev.BootstrapCI {
		addCI(k, ci)
	}
	for _, nb := range ev.NetBenefit {
		pr.NetBenefit = append(pr.NetBenefit, NetBenefit{Threshold: Float(nb.Threshold), Model: Float(nb.Model), TreatAll: Float(nb.TreatAll)})
	}
	for _, t := range ev.AtThresholds {
		pr.AtThresholds = append(pr.AtThresholds, ThresholdResult{Threshold: Float(t.Threshold),
			Sensitivity: Float(t.Sensitivity.Value), SensitivityCI: t.Sensitivity.CI, Specificity: Float(t.Specificity.Value), SpecificityCI: t.Specificity.CI,
			PPV: Float(t.PPV.Value), PPVCI: t.PPV.CI, NPV: Float(t.NPV.Value), NPVCI: t.NPV.CI, FlaggedPer100: Float(t.FlaggedPer100)})
	}
	for _, c := range ev.Curve {
		pr.Curve = append(pr.Curve, CurvePoint{P: Float(c.P), Observed: Float(c.Observed)})
	}
	for _, name := range info.ScoreOrder {
		s := info.Scores[name]
		points := make([]float64, len(rows))
		for k, row := range rows {
			points[k] = s[row].Points
		}
		vs := VersusScore{Score: name}
		t, err := metrics.DeLongTest(y, p, points)
		if err != nil {
			vs.Error = err.Error()
		} else {
			vs.Diff, vs.CI, vs.P = Float(t.Diff), t.CI, Float(t.P)
		}
		pr.VersusScores = append(pr.VersusScores, vs)
	}
}
