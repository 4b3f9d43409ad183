package datasets

import "strings"

// plausible holds default plausible ranges by concept and unit, used when a
// numeric column has no `range:` of its own. They are wide on purpose: a value
// outside them is almost surely an entry or unit error, not a sick patient.
// Reference intervals are in DOMAIN.md 5.1; the bounds here are far outside
// them (several times the reference limits, or physiological limits).
var plausible = map[string]map[string][2]float64{
	"age":         {"years": {18, 110}, "": {0, 120}},
	"weight":      {"kg": {25, 300}},
	"height":      {"cm": {120, 230}},
	"bmi":         {"kg/m2": {10, 80}},
	"sbp":         {"mmhg": {50, 280}},
	"haemoglobin": {"g/dl": {2, 25}, "g/l": {20, 250}, "mmol/l": {1.2, 15.5}},
	"platelets":   {"10^9/l": {1, 2500}},
	"leukocytes":  {"10^9/l": {0.01, 500}},
	"creatinine":  {"umol/l": {10, 3000}, "µmol/l": {10, 3000}, "mg/dl": {0.1, 34}},
	"albumin":     {"g/l": {5, 70}, "g/dl": {0.5, 7}},
	"crp":         {"mg/l": {0, 1000}, "mg/dl": {0, 100}},
	"bilirubin":   {"umol/l": {0, 1000}, "µmol/l": {0, 1000}, "mg/dl": {0, 60}},
	"inr":         {"": {0.5, 15}, "ratio": {0.5, 15}},
}

// plausibleRange returns the range a numeric column's values are checked
// against: its own `range:`, else the default for its concept and unit.
func plausibleRange(c ColumnSpec) (lo, hi float64, ok bool) {
	if len(c.Range) == 2 {
		return c.Range[0], c.Range[1], true
	}
	byUnit, ok := plausible[c.Concept]
	if !ok {
		return 0, 0, false
	}
	r, ok := byUnit[strings.ToLower(c.Unit)]
	return r[0], r[1], ok
}
