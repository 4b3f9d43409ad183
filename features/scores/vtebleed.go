package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// VTEBleed is the VTE-BLEED score: Klok FA et al. Eur Respir J
// 2016;48:1369 (DOMAIN.md 4.1) [V]. Range 0–9; low < 2, high >= 2.
//
// Every patient with cancer-associated VTE scores at least 2 for active
// cancer and is therefore "high": in a CAT cohort the category does not
// discriminate (DOMAIN.md 4.1), only the points above 2 can.
//
// Items: active cancer (the ActiveCancer flag, defined as in DOMAIN.md 4.1);
// male with uncontrolled hypertension, SBP >= 140 mmHg (the
// UncontrolledHypertension flag when SBP is unknown); anaemia by the WHO
// cut-offs; history of bleeding (any prior major or clinically relevant
// bleeding); age >= 60 years; creatinine clearance (Cockcroft–Gault) < 60
// mL/min. eGFR is not used in place of a missing CrCl.
type VTEBleed struct{}

// VTE-BLEED points and cut-offs, DOMAIN.md 4.1 (Klok 2016) [V].
const (
	vteBleedCancer       = 2.0   // active cancer
	vteBleedMaleHTN      = 1.0   // male with uncontrolled hypertension
	vteBleedSBP          = 140.0 // mmHg, uncontrolled when >= 140
	vteBleedAnaemia      = 1.5   // Hb < 13 g/dL men, < 12 g/dL women
	vteBleedBleeding     = 1.5   // history of bleeding
	vteBleedAge          = 1.5   // age >= 60
	vteBleedAgeCut       = 60.0  // years
	vteBleedRenal        = 1.5   // CrCl < 60 mL/min
	vteBleedCrClCut      = 60.0  // mL/min, Cockcroft–Gault
	vteBleedHighCategory = 2.0   // high >= 2
)

func (VTEBleed) Name() string          { return "VTE-BLEED" }
func (VTEBleed) IsBleedingScore() bool { return true }
func (VTEBleed) Cite() string {
	return "Klok FA et al. Eur Respir J 2016;48:1369 (DOMAIN.md 4.1) [V]"
}

func (VTEBleed) Compute(p *clinical.Patient) Result {
	mustPatient(p)
	items := []Item{
		item("active cancer", vteBleedCancer, flag(p.ActiveCancer)),
		item("male with uncontrolled hypertension (SBP >= 140 mmHg)", vteBleedMaleHTN,
			allOf(not(flag(p.Female)), orElse(num(p.SBP, atLeast(vteBleedSBP)), flag(p.UncontrolledHypertension)))),
		item("anaemia (Hb < 13 g/dL men, < 12 g/dL women)", vteBleedAnaemia, anaemia(p)),
		item("history of bleeding", vteBleedBleeding, bleedingHistory(p)),
		item("age >= 60 years", vteBleedAge, num(p.Age, atLeast(vteBleedAgeCut))),
		item("CrCl < 60 mL/min", vteBleedRenal, num(p.CrCl, below(vteBleedCrClCut))),
	}
	return result(items, func(pts float64) string {
		if pts >= vteBleedHighCategory {
			return CategoryHigh
		}
		return CategoryLow
	})
}
