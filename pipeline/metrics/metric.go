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

// The measures of this package as Metric values.
var (
	// AUROCMetric is AUROC, named "auroc". Higher is better.
	AUROCMetric Metric = aurocMetric{}
	// BrierMetric is Brier, named "brier", with the labels checked and an
	// error for empty input. Lower is better.
	BrierMetric Metric = brierMetric{}
)

// registered lists the Metric values that ByName knows, in the order Names
// reports them.
var registered = []Metric{AUROCMetric, BrierMetric}

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
