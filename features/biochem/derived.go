package biochem

import "math"

// creatinineMgPerDL converts creatinine from µmol/L to mg/dL (÷ 88.42,
// DOMAIN.md 5.2), the unit the CKD-EPI and Cockcroft–Gault equations use.
func creatinineMgPerDL(umol float64) float64 { return umol / 88.42 }

// Renal holds what the kidney function equations need. Creatinine is serum
// creatinine in µmol/L (the canonical unit), Age in years, Weight in kg
// (Cockcroft–Gault only). The equations are for adults.
type Renal struct {
	Creatinine float64 // µmol/L
	Age        float64 // years
	Weight     float64 // kg; used by CockcroftGault only
	Female     bool
}

func (r Renal) valid() bool {
	return r.Creatinine > 0 && !math.IsInf(r.Creatinine, 0) && !math.IsNaN(r.Age) && r.Age >= 0
}

// CKDEPI2021 returns the estimated GFR in mL/min/1.73 m² by the race-free
// CKD-EPI 2021 creatinine equation (Inker LA et al. N Engl J Med
// 2021;385:1737; DOMAIN.md 5.3):
//
//	142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [female]
//
// with Scr in mg/dL, κ = 0.7 (female) / 0.9 (male), α = −0.241 (female) /
// −0.302 (male). It returns NaN when creatinine is not positive or age is
// missing.
func (r Renal) CKDEPI2021() float64 {
	if !r.valid() {
		return math.NaN()
	}
	k, a, f := 0.9, -0.302, 1.0
	if r.Female {
		k, a, f = 0.7, -0.241, 1.012
	}
	s := creatinineMgPerDL(r.Creatinine) / k
	return 142 * math.Pow(math.Min(s, 1), a) * math.Pow(math.Max(s, 1), -1.200) * math.Pow(0.9938, r.Age) * f
}

// CKDEPI2009 returns the estimated GFR in mL/min/1.73 m² by the CKD-EPI 2009
// creatinine equation (Levey AS et al. Ann Intern Med 2009;150:604;
// DOMAIN.md 5.3), for comparison with legacy lab-reported values:
//
//	141 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.209 × 0.993^age × 1.018 [female] × 1.159 [black]
//
// with κ = 0.7 / 0.9 and α = −0.329 / −0.411 (female / male). The race
// coefficient is applied only when black is set; the 2021 equation removed
// it, and CKDEPI2021 is the one to use for features.
func (r Renal) CKDEPI2009(black bool) float64 {
	if !r.valid() {
		return math.NaN()
	}
	k, a, f := 0.9, -0.411, 1.0
	if r.Female {
		k, a, f = 0.7, -0.329, 1.018
	}
	if black {
		f *= 1.159
	}
	s := creatinineMgPerDL(r.Creatinine) / k
	return 141 * math.Pow(math.Min(s, 1), a) * math.Pow(math.Max(s, 1), -1.209) * math.Pow(0.993, r.Age) * f
}

// CockcroftGault returns the Cockcroft–Gault creatinine clearance in mL/min
// (Cockcroft DW, Gault MH. Nephron 1976;16:31; DOMAIN.md 5.3), the measure
// used by VTE-BLEED (CrCl < 60) and the DOAC labels:
//
//	(140 − age) × weight × 0.85 [female] / (72 × Scr mg/dL)
//
// with Scr = creatinine µmol/L ÷ 88.42. The µmol/L shortcut of DOMAIN.md 5.3,
// (140 − age) × weight × 1.23 (M) / 1.04 (F) / Scr µmol/L, rounds 88.42/72 =
// 1.2281 and 0.85 × 88.42/72 = 1.0439; this function does not round. Actual
// body weight is used. It returns NaN when weight is missing or not positive,
// or when CKDEPI2021 would; a clearance at age ≥ 140 is reported as 0.
func (r Renal) CockcroftGault() float64 {
	if !r.valid() || !(r.Weight > 0) || math.IsInf(r.Weight, 0) {
		return math.NaN()
	}
	f := 1.0
	if r.Female {
		f = 0.85
	}
	c := (140 - r.Age) * r.Weight * f / (72 * creatinineMgPerDL(r.Creatinine))
	return math.Max(c, 0)
}

// Cut-offs of the conventional flags, in canonical units.
const (
	// AnaemiaMale and AnaemiaFemale are the WHO haemoglobin cut-offs in g/dL
	// (anaemia below them), used by VTE-BLEED and RIETE (DOMAIN.md 4.1,
	// 4.2, 5.1; WHO 2011, non-pregnant women).
	AnaemiaMale   = 13.0
	AnaemiaFemale = 12.0
	// LeukocytosisAbove is the leukocyte count in 10^9/L above which the
	// Khorana score counts leukocytosis (> 11; Khorana AA et al. Blood
	// 2008;111:4902; DOMAIN.md 4.10). It is a score item, not a reference
	// limit (the NORIP upper limit is about 10; DOMAIN.md 5.1).
	LeukocytosisAbove = 11.0
	// HypoalbuminaemiaBelow is the conventional albumin cut-off in g/L
	// (DOMAIN.md 5.1; no CAT-specific effect size, DOMAIN.md 3).
	HypoalbuminaemiaBelow = 35.0
)

// Anaemic reports anaemia by the WHO sex-specific cut-offs: haemoglobin (g/dL)
// < 13 in men, < 12 in women. Exactly 13 (men) or 12 (women) is not anaemia.
// NaN haemoglobin gives false; check for it first.
func Anaemic(haemoglobin float64, female bool) bool {
	if female {
		return haemoglobin < AnaemiaFemale
	}
	return haemoglobin < AnaemiaMale
}

// ThrombocytopeniaGrade is the platelet count band of DOMAIN.md 5.1 used for
// anticoagulant dosing decisions (ISTH SSC guidance, Samuelson Bannow 2018,
// DOMAIN.md 3: full-dose anticoagulation generally if ≥ 50 × 10^9/L). It is not the CTCAE grading (which uses < LLN, < 75, < 50,
// < 25).
type ThrombocytopeniaGrade int

const (
	// NoThrombocytopenia: platelets ≥ 150 × 10^9/L.
	NoThrombocytopenia ThrombocytopeniaGrade = iota
	// MildThrombocytopenia: 100 ≤ platelets < 150.
	MildThrombocytopenia
	// ModerateThrombocytopenia: 50 ≤ platelets < 100.
	ModerateThrombocytopenia
	// SevereThrombocytopenia: platelets < 50.
	SevereThrombocytopenia
)

func (g ThrombocytopeniaGrade) String() string {
	switch g {
	case MildThrombocytopenia:
		return "mild (<150)"
	case ModerateThrombocytopenia:
		return "moderate (<100)"
	case SevereThrombocytopenia:
		return "severe (<50)"
	}
	return "none (>=150)"
}

// Thrombocytopenia returns the grade of a platelet count in 10^9/L
// (thresholds < 150, < 100, < 50; DOMAIN.md 5.1). NaN gives
// NoThrombocytopenia; check for it first.
func Thrombocytopenia(platelets float64) ThrombocytopeniaGrade {
	switch {
	case platelets < 50:
		return SevereThrombocytopenia
	case platelets < 100:
		return ModerateThrombocytopenia
	case platelets < 150:
		return MildThrombocytopenia
	}
	return NoThrombocytopenia
}

// Leukocytosis reports a leukocyte count (10^9/L) above 11, the Khorana
// score's threshold (see LeukocytosisAbove).
func Leukocytosis(leukocytes float64) bool { return leukocytes > LeukocytosisAbove }

// Hypoalbuminaemia reports albumin (g/L) below 35 (see HypoalbuminaemiaBelow).
func Hypoalbuminaemia(albumin float64) bool { return albumin < HypoalbuminaemiaBelow }
