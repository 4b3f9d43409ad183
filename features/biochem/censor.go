package biochem

import (
	"math"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// Uncensor returns the value used for modelling of a lab value v reported at
// a detection limit (datasets stores "<L" and ">L" as L with a Censor mark):
//
//   - "<L" (datasets.Below) becomes L/2, half the detection limit, the usual
//     single substitution for values below a limit of detection (Hornung RW,
//     Reed LD, Appl Occup Environ Hyg 1990;5:46, compare L/2 and L/√2);
//   - ">L" (datasets.Above) stays L: an upper reporting limit (eGFR ">90",
//     D-dimer ">20") is a ceiling the assay or lab does not resolve beyond,
//     and any guess above it would be invented;
//   - an ordinary value is returned unchanged.
//
// The rule is blunt on purpose; the encoder adds a 0/1 "#censored" flag per
// column with censored training values, so a model can still tell a
// substituted value from a measured one. This is the single place the rule
// lives.
func Uncensor(v float64, c datasets.Censor) float64 {
	if c == datasets.Below {
		return v / 2
	}
	return v
}

// logFloor holds the skewed labs that may be log-transformed, with the floor
// (canonical unit) applied before the logarithm. Their distributions are
// strongly right-skewed (log-normal marginals in DOMAIN.md 5.1). Each floor
// is below any assay's detection limit, so it only guards against zeros and
// entry errors; a value censored at a limit has already become L/2
// (Uncensor).
var logFloor = map[string]float64{
	"crp":        0.1,  // mg/L; detection limits are about 0.3–5 mg/L
	"d_dimer":    0.01, // mg/L FEU; limits about 0.1–0.3
	"ferritin":   1,    // µg/L
	"creatinine": 1,    // µmol/L; physiological values are > 20
}

// LogTransform reports whether the concept is one of the skewed labs that may
// be log-transformed (CRP, D-dimer, ferritin, creatinine).
func LogTransform(concept string) bool {
	_, ok := logFloor[concept]
	return ok
}

// Log returns the natural logarithm of v (canonical unit) floored at the
// concept's floor: log(max(v, floor)). NaN stays NaN. For a concept that
// LogTransform does not list it returns v unchanged. The natural log of a
// floored value is preferred to log1p because log1p is not scale-free: it
// compresses D-dimer in mg/L (values around 1) but hardly CRP (around 20).
func Log(concept string, v float64) float64 {
	floor, ok := logFloor[concept]
	if !ok || math.IsNaN(v) {
		return v
	}
	return math.Log(math.Max(v, floor))
}
