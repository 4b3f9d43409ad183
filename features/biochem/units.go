package biochem

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// ErrUnknownConcept is returned (wrapped) by Canonical and Convert for a
// concept that has no unit table here (e.g. "hba1c", "tsh"): its values are
// used as they are.
var ErrUnknownConcept = errors.New("biochem: no unit table for the concept")

// unitDef is one accepted unit of an analyte: value × mul / div is the value in
// the analyte's canonical unit. Two numbers rather than one factor keep
// conversions such as g/L → g/dL (÷10) exact at cut-offs (120 g/L is exactly
// 12 g/dL, while 120 × 0.1 is not).
type unitDef struct {
	name     string   // display spelling
	spelling []string // normalised spellings (see normUnit)
	mul, div float64
}

// analyte is one concept's unit table.
type analyte struct {
	canonical string // display spelling of the canonical unit (units[0])
	units     []unitDef
	// refused maps normalised spellings that must not be guessed to the
	// reason (e.g. urea in plain mg/dL: BUN or urea?).
	refused map[string]string
	// typical is the range in which a cohort's median of the analyte lies,
	// in the canonical unit, used by CheckUnit only. These are deliberately
	// wide plausibility bounds built from the reference intervals of
	// DOMAIN.md 5.1 and the synthetic marginals there [U]; they are not
	// reference intervals.
	typical [2]float64
}

// Spellings shared by several analytes.
var (
	cellsPerL = []unitDef{
		// 10^9/L ≡ 10^3/µL (DOMAIN.md 5.2); /nL is the same (10^9/L).
		{"10^9/L", []string{"10^9/l", "10^3/ul", "10^3/mm3", "k/ul", "/nl"}, 1, 1},
		// cells per µL: 10^6/L = 10^-3 × 10^9/L (SI prefixes, exact).
		{"/µL", []string{"/ul", "cells/ul", "/mm3"}, 1, 1000},
	}
	enzyme = []unitDef{
		{"U/L", []string{"u/l"}, 1, 1},
		// µkat/L × 60 = U/L (DOMAIN.md 5.2).
		{"µkat/L", []string{"ukat/l"}, 60, 1},
	}
	mmolOnly = []unitDef{
		// Monovalent ions: 1 mEq = 1 mmol (exact).
		{"mmol/L", []string{"mmol/l", "meq/l"}, 1, 1},
	}
)

// analytes is the unit table by concept (concept names as in the dictionary
// and datasets/draft.go). Factors: DOMAIN.md 5.2 unless another source is
// given.
var analytes = map[string]*analyte{
	"haemoglobin": {canonical: "g/dL", typical: [2]float64{8, 17}, units: []unitDef{
		{"g/dL", []string{"g/dl"}, 1, 1},
		{"g/L", []string{"g/l"}, 1, 10},           // g/dL × 10 = g/L
		{"mmol/L", []string{"mmol/l"}, 1, 0.6206}, // g/dL × 0.6206 = mmol/L (monomer)
	}},
	"creatinine": {canonical: "µmol/L", typical: [2]float64{35, 450}, units: []unitDef{
		{"µmol/L", []string{"umol/l"}, 1, 1},
		{"mg/dL", []string{"mg/dl"}, 88.42, 1}, // mg/dL × 88.42 = µmol/L
	}},
	"albumin": {canonical: "g/L", typical: [2]float64{15, 55}, units: []unitDef{
		{"g/L", []string{"g/l"}, 1, 1},
		{"g/dL", []string{"g/dl"}, 10, 1}, // g/dL × 10 = g/L
	}},
	"bilirubin": {canonical: "µmol/L", typical: [2]float64{3, 150}, units: []unitDef{
		{"µmol/L", []string{"umol/l"}, 1, 1},
		{"mg/dL", []string{"mg/dl"}, 17.1, 1}, // mg/dL × 17.1 = µmol/L
	}},
	"crp": {canonical: "mg/L", typical: [2]float64{0.5, 300}, units: []unitDef{
		{"mg/L", []string{"mg/l", "ug/ml"}, 1, 1},
		{"mg/dL", []string{"mg/dl"}, 10, 1}, // mg/dL × 10 = mg/L
	}},
	"platelets":   {canonical: "10^9/L", typical: [2]float64{30, 1000}, units: cellsPerL},
	"leukocytes":  {canonical: "10^9/L", typical: [2]float64{1, 60}, units: cellsPerL},
	"neutrophils": {canonical: "10^9/L", typical: [2]float64{0.3, 50}, units: cellsPerL},
	"lymphocytes": {canonical: "10^9/L", typical: [2]float64{0.1, 30}, units: cellsPerL},
	"urea": {canonical: "mmol/L", typical: [2]float64{1.5, 50}, units: []unitDef{
		{"mmol/L", []string{"mmol/l"}, 1, 1},
		// BUN mg/dL ÷ 2.8 = urea mmol/L (DOMAIN.md 5.2: mmol/L × 2.8 = BUN mg/dL).
		{"mg/dL BUN", []string{"mg/dlbun", "mg/dl(bun)", "mg/dlasbun", "mg/dlureanitrogen"}, 1, 2.8},
		// Urea (not urea nitrogen) mg/dL × 10 ÷ 60.06 = mmol/L (molar mass of
		// urea CH4N2O 60.06 g/mol).
		{"mg/dL urea", []string{"mg/dlurea", "mg/dl(urea)"}, 10, 60.06},
	}, refused: map[string]string{
		"mg/dl": `plain "mg/dL" is ambiguous for urea: write "mg/dL BUN" for blood urea nitrogen (÷2.8, DOMAIN.md 5.2) or "mg/dL urea" for urea itself (÷6.006)`,
	}},
	"glucose": {canonical: "mmol/L", typical: [2]float64{3, 25}, units: []unitDef{
		{"mmol/L", []string{"mmol/l"}, 1, 1},
		{"mg/dL", []string{"mg/dl"}, 1, 18.016}, // mg/dL ÷ 18.016 = mmol/L
	}},
	"calcium": {canonical: "mmol/L", typical: [2]float64{1.5, 3.5}, units: []unitDef{
		{"mmol/L", []string{"mmol/l"}, 1, 1},
		{"mg/dL", []string{"mg/dl"}, 0.2495, 1}, // mg/dL × 0.2495 = mmol/L
	}},
	"d_dimer": {canonical: "mg/L FEU", typical: [2]float64{0.1, 60}, units: []unitDef{
		// Plain mg/L (µg/mL) is taken as FEU, the Norwegian reporting unit
		// (DOMAIN.md 5.1).
		{"mg/L FEU", []string{"mg/lfeu", "mg/l(feu)", "ug/mlfeu", "ug/ml(feu)", "mg/l", "ug/ml"}, 1, 1},
		// µg/L → mg/L ÷ 1000 (DOMAIN.md 5.2); ng/mL ≡ µg/L.
		{"µg/L FEU", []string{"ug/lfeu", "ug/l(feu)", "ng/mlfeu", "ng/ml(feu)", "ug/l", "ng/ml"}, 1, 1000},
	}, refused: map[string]string{
		"mg/lddu":  "D-dimer in DDU cannot be converted exactly: DDU ≈ FEU/2 depending on the assay (DOMAIN.md 5.2); convert it in the export with the assay's factor",
		"ug/lddu":  "D-dimer in DDU cannot be converted exactly: DDU ≈ FEU/2 depending on the assay (DOMAIN.md 5.2); convert it in the export with the assay's factor",
		"ng/mlddu": "D-dimer in DDU cannot be converted exactly: DDU ≈ FEU/2 depending on the assay (DOMAIN.md 5.2); convert it in the export with the assay's factor",
	}},
	"ferritin": {canonical: "µg/L", typical: [2]float64{5, 5000}, units: []unitDef{
		{"µg/L", []string{"ug/l", "ng/ml"}, 1, 1}, // ng/mL ≡ µg/L
	}},
	"alt": {canonical: "U/L", typical: [2]float64{5, 1000}, units: enzyme},
	"ast": {canonical: "U/L", typical: [2]float64{5, 1000}, units: enzyme},
	"alp": {canonical: "U/L", typical: [2]float64{20, 2500}, units: enzyme},
	"ggt": {canonical: "U/L", typical: [2]float64{5, 2500}, units: enzyme},
	"ldh": {canonical: "U/L", typical: [2]float64{50, 4000}, units: enzyme},
	"inr": {canonical: "ratio", typical: [2]float64{0.7, 6}, units: []unitDef{
		{"ratio", []string{"ratio", "", "inr"}, 1, 1},
	}},
	"aptt": {canonical: "s", typical: [2]float64{15, 150}, units: []unitDef{
		{"s", []string{"s", "sec", "sek", "seconds"}, 1, 1},
	}},
	"fibrinogen": {canonical: "g/L", typical: [2]float64{0.5, 12}, units: []unitDef{
		{"g/L", []string{"g/l"}, 1, 1},
		{"mg/dL", []string{"mg/dl"}, 1, 100}, // 1 g/L = 100 mg/dL (SI prefixes, exact)
	}},
	"egfr": {canonical: "mL/min/1.73m2", typical: [2]float64{5, 150}, units: []unitDef{
		{"mL/min/1.73m2", []string{"ml/min/1.73m2", "ml/min/1.73m^2", "ml/min/1,73m2", "ml/min/1,73m^2", "ml/min/1.73"}, 1, 1},
	}},
	"crcl": {canonical: "mL/min", typical: [2]float64{5, 250}, units: []unitDef{
		{"mL/min", []string{"ml/min"}, 1, 1},
	}},
	"sodium":    {canonical: "mmol/L", typical: [2]float64{115, 160}, units: mmolOnly},
	"potassium": {canonical: "mmol/L", typical: [2]float64{2, 8}, units: mmolOnly},
}

// normUnit normalises a unit spelling: lower case, no spaces, µ/μ/mc → u,
// "IU" → "U", × → x, ² → 2, and the many spellings of 10^9 (x10^9, 10E9,
// 10*9, ×10⁹) → 10^9.
func normUnit(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(
		"10⁹", "10^9", "10³", "10^3", "µ", "u", "μ", "u", "×", "x", "²", "2", "³", "3", "⁹", "9", " ", "", "\t", "",
		"mcg", "ug", "mcmol", "umol", "iu/", "u/", "10e", "10^", "10*", "10^", "10^+", "10^",
	).Replace(s)
	s = strings.TrimPrefix(s, "x")
	return s
}

// find returns the analyte of concept and the unit matching the spelling.
func find(concept, spelling string) (*analyte, *unitDef, error) {
	a, ok := analytes[strings.ToLower(concept)]
	if !ok {
		return nil, nil, fmt.Errorf("%w %q", ErrUnknownConcept, concept)
	}
	n := normUnit(spelling)
	for i := range a.units {
		for _, s := range a.units[i].spelling {
			if s == n {
				return a, &a.units[i], nil
			}
		}
	}
	if why, ok := a.refused[n]; ok {
		return a, nil, fmt.Errorf("biochem: %s unit %q: %s", concept, spelling, why)
	}
	return a, nil, fmt.Errorf("biochem: %s unit %q is not recognised; accepted units are %s (case-insensitive, µ may be written u)",
		concept, spelling, a.accepted())
}

// accepted lists an analyte's accepted units with their spellings.
func (a *analyte) accepted() string {
	var parts []string
	for _, u := range a.units {
		var sp []string
		for _, s := range u.spelling {
			if s != "" && s != normUnit(u.name) {
				sp = append(sp, s)
			}
		}
		p := u.name
		if len(sp) > 0 {
			p += " (also " + strings.Join(sp, ", ") + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// Canonical returns the factor that converts a value of concept in unit to
// the concept's canonical unit (value × factor), and that canonical unit's
// spelling. Unit spellings are matched case-insensitively, with µ, μ or u
// for micro and the usual spellings of 10^9/L ("x10^9/L", "10E9/L",
// "10^3/uL"). An unrecognised unit of a known analyte is an error listing the
// accepted spellings; a concept without a unit table is an error wrapping
// ErrUnknownConcept. Use Convert to convert values: it is exact at cut-offs
// where the factor is a division (g/L → g/dL).
func Canonical(concept, unit string) (factor float64, canonicalUnit string, err error) {
	a, u, err := find(concept, unit)
	if err != nil {
		if a != nil {
			return 0, a.canonical, err
		}
		return 0, "", err
	}
	return u.mul / u.div, a.canonical, nil
}

// Convert returns v, a value of concept in unit, in the canonical unit. NaN
// stays NaN. Errors are those of Canonical.
func Convert(concept, unit string, v float64) (float64, error) {
	_, u, err := find(concept, unit)
	if err != nil {
		return math.NaN(), err
	}
	return v * u.mul / u.div, nil
}

// ConvertAll converts values in place (see Convert).
func ConvertAll(concept, unit string, values []float64) error {
	_, u, err := find(concept, unit)
	if err != nil {
		return err
	}
	if u.mul == 1 && u.div == 1 {
		return nil
	}
	for i, v := range values {
		values[i] = v * u.mul / u.div
	}
	return nil
}

// Concepts returns the concepts with a unit table, sorted.
func Concepts() []string {
	out := make([]string, 0, len(analytes))
	for c := range analytes {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// UnitWarning reports a column whose values do not fit its declared unit.
type UnitWarning struct {
	Concept string
	Unit    string  // as declared
	Median  float64 // median of the non-missing values, in the declared unit
	N       int     // number of non-missing values
	// Fits is the accepted unit in which the median is typical, "" when no
	// accepted unit fits.
	Fits    string
	Message string
}

func (w *UnitWarning) Error() string { return w.Message }

// CheckUnit reports when the median of values (NaN skipped) is implausible
// for a cohort in the declared unit but typical in another accepted unit of
// the analyte (haemoglobin 125 declared g/dL is almost surely g/L), or
// implausible in every accepted unit. It returns nil when the declared unit
// fits, when the median is typical in no unit or in several including the
// declared one (ambiguous: the declared unit is trusted), for an unknown
// concept, and when there are no values. An unrecognised declared unit is
// reported with the unit that fits, if any.
func CheckUnit(concept, unit string, values []float64) *UnitWarning {
	a, ok := analytes[strings.ToLower(concept)]
	if !ok {
		return nil
	}
	buf := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) {
			buf = append(buf, v)
		}
	}
	if len(buf) == 0 {
		return nil
	}
	sort.Float64s(buf)
	med := buf[len(buf)/2]
	if len(buf)%2 == 0 {
		med = (buf[len(buf)/2-1] + buf[len(buf)/2]) / 2
	}
	lo, hi := a.typical[0], a.typical[1]
	fits := func(u *unitDef) bool {
		c := med * u.mul / u.div
		return c >= lo && c <= hi
	}
	_, declared, err := find(concept, unit)
	if declared != nil && fits(declared) {
		return nil
	}
	// The best other unit: the one whose converted median is closest, on
	// the log scale, to the centre of the typical range.
	centre := math.Sqrt(lo * hi)
	var best *unitDef
	bestD := math.Inf(1)
	for i := range a.units {
		u := &a.units[i]
		if u == declared || !fits(u) {
			continue
		}
		if d := math.Abs(math.Log(med * u.mul / u.div / centre)); d < bestD {
			best, bestD = u, d
		}
	}
	w := &UnitWarning{Concept: concept, Unit: unit, Median: med, N: len(buf)}
	typical := fmt.Sprintf("a cohort median is typically %g–%g %s", lo, hi, a.canonical)
	switch {
	case best != nil && declared == nil:
		w.Fits = best.name
		w.Message = fmt.Sprintf("%s: %v; the median %g fits %s (= %.3g %s): set `unit: %s` in the dictionary if that is what the lab reports",
			concept, err, med, best.name, med*best.mul/best.div, a.canonical, best.name)
	case best != nil:
		w.Fits = best.name
		w.Message = fmt.Sprintf("%s: the median %g is implausible in %s (%s) but fits %s (= %.3g %s); check with the lab and set `unit: %s` in the dictionary, or fix the values",
			concept, med, unit, typical, best.name, med*best.mul/best.div, a.canonical, best.name)
	case declared == nil:
		w.Message = fmt.Sprintf("%s: %v; the median %g fits none of them (%s)", concept, err, med, typical)
	default:
		w.Message = fmt.Sprintf("%s: the median %g is implausible in %s and in every other accepted unit (%s); check the column's concept, unit and values",
			concept, med, unit, typical)
	}
	return w
}
