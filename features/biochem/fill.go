package biochem

import (
	"math"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

// EGFREquation selects the equation FillPatient uses for eGFR.
type EGFREquation int

const (
	// CKDEPI2021 is the race-free CKD-EPI 2021 equation (the default).
	CKDEPI2021 EGFREquation = iota
	// CKDEPI2009 is the CKD-EPI 2009 equation without the race term, for
	// comparison with legacy lab-reported eGFR.
	CKDEPI2009
)

// FillOptions tunes FillPatient; the zero value is the default.
type FillOptions struct {
	// EGFR is the eGFR equation; the zero value is CKD-EPI 2021.
	EGFR EGFREquation
	// ThrombocytopeniaBelow is the platelet count (10^9/L) below which the
	// Thrombocytopenia flag is set; 0 means 150, the lower reference limit
	// (DOMAIN.md 5.1). Scores that name thrombocytopenia without a
	// threshold (ACCP/CHEST 2016, DOMAIN.md 4.5) read this flag.
	ThrombocytopeniaBelow float64
	// ReplaceICD10 lets a value computed from labs replace a flag derived
	// from ICD-10 codes (e.g. anaemia from D50–D64): the lab value is the
	// score's definition. Observed values are never replaced.
	ReplaceICD10 bool
}

// FillPatient computes, from p's known values, the derived values that p
// does not already have, marking them clinical.FromLabs:
//
//   - CrCl: Cockcroft–Gault from creatinine, age, weight and sex;
//   - EGFR: CKD-EPI 2021 (or 2009, see FillOptions) from creatinine, age
//     and sex;
//   - Anaemia: WHO cut-offs from haemoglobin and sex;
//   - Thrombocytopenia: platelets below the cut-off.
//
// A value is filled only when it is Missing (or derived from ICD-10 codes and
// opt.ReplaceICD10 is set): observed values are never overridden. Inputs must
// be in canonical units (Convert). It returns the number of values filled.
func FillPatient(p *clinical.Patient, opt FillOptions) int {
	n := 0
	free := func(s clinical.Source) bool {
		return s == clinical.Missing || (opt.ReplaceICD10 && s == clinical.FromICD10)
	}
	known := func(v clinical.Num) bool { return v.Known() && !math.IsNaN(v.Value) }
	if known(p.Creatinine) && known(p.Age) && p.Female.Known() {
		r := Renal{Creatinine: p.Creatinine.Value, Age: p.Age.Value, Female: p.Female.Value}
		if free(p.EGFR.Source) {
			v := r.CKDEPI2021()
			if opt.EGFR == CKDEPI2009 {
				v = r.CKDEPI2009(false)
			}
			if !math.IsNaN(v) {
				p.EGFR, n = clinical.Num{Value: v, Source: clinical.FromLabs}, n+1
			}
		}
		if free(p.CrCl.Source) && known(p.Weight) {
			r.Weight = p.Weight.Value
			if v := r.CockcroftGault(); !math.IsNaN(v) {
				p.CrCl, n = clinical.Num{Value: v, Source: clinical.FromLabs}, n+1
			}
		}
	}
	if free(p.Anaemia.Source) && known(p.Haemoglobin) && p.Female.Known() {
		p.Anaemia, n = clinical.Flag{Value: Anaemic(p.Haemoglobin.Value, p.Female.Value), Source: clinical.FromLabs}, n+1
	}
	if free(p.Thrombocytopenia.Source) && known(p.Platelets) {
		cut := opt.ThrombocytopeniaBelow
		if cut == 0 {
			cut = 150
		}
		p.Thrombocytopenia, n = clinical.Flag{Value: p.Platelets.Value < cut, Source: clinical.FromLabs}, n+1
	}
	return n
}
