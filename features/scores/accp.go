package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// ACCP is the count of the 18 bleeding risk factors of the ACCP/CHEST 2016
// guideline: Kearon C et al. Chest 2016;149:315, table carried over from the
// 2012 guideline [M] (DOMAIN.md 4.5). Categories: low 0, moderate 1, high >= 2
// factors. Age > 65 and age > 75 both count, so a patient of 80 has two
// factors from age alone.
//
// The guideline estimates major bleeding on anticoagulation per category:
// 1.6%, 3.2% and 12.8% in the first 3 months (0.8%, 1.6% and >= 6.5% per year
// after 3 months). Predicted returns the 3-month figure.
//
// Factors without a definition in the guideline are read as follows (a
// reviewer should know these): renal failure is the RenalFailure flag
// (dialysis, transplant or severe CKD); liver failure is the LiverDisease
// flag (chronic liver disease / cirrhosis); thrombocytopenia is platelets
// < 150 × 10^9/L (DOMAIN.md 5.1 "low" [U] for this use), else the
// Thrombocytopenia flag; anaemia uses the WHO cut-offs; poor anticoagulant
// control is read as HAS-BLED's labile INR; "comorbidity and reduced
// functional capacity" is never in registry data and is assumed absent.
type ACCP struct{}

// ACCP/CHEST 2016 cut-offs and risks, DOMAIN.md 4.5 (Kearon 2016) [M].
const (
	accpFactor        = 1.0   // one per factor
	accpAge1          = 65.0  // age > 65
	accpAge2          = 75.0  // age > 75, counts in addition
	accpPlatelets     = 150.0 // 10^9/L, thrombocytopenia when < 150 (DOMAIN.md 5.1) [U]
	accpRiskLow       = 0.016 // 0–3 months, 0 factors
	accpRiskModerate  = 0.032 // 0–3 months, 1 factor
	accpRiskHigh      = 0.128 // 0–3 months, >= 2 factors
	accpModerateCount = 1.0
)

func (ACCP) Name() string          { return "ACCP" }
func (ACCP) IsBleedingScore() bool { return true }
func (ACCP) Cite() string {
	return "Kearon C et al. Chest 2016;149:315 (ACCP/CHEST 2016, table from 2012) (DOMAIN.md 4.5) [M]"
}

func (ACCP) Compute(p *clinical.Patient) Result {
	mustPatient(p)
	items := []Item{
		item("age > 65 years", accpFactor, num(p.Age, above(accpAge1))),
		item("age > 75 years", accpFactor, num(p.Age, above(accpAge2))),
		item("previous bleeding", accpFactor, bleedingHistory(p)),
		item("cancer", accpFactor, flag(p.ActiveCancer)),
		item("metastatic cancer", accpFactor, within(flag(p.Metastatic), p.ActiveCancer)),
		item("renal failure", accpFactor, flag(p.RenalFailure)),
		item("liver failure", accpFactor, flag(p.LiverDisease)),
		item("thrombocytopenia", accpFactor, orElse(num(p.Platelets, below(accpPlatelets)), flag(p.Thrombocytopenia))),
		item("previous stroke", accpFactor, flag(p.PriorStroke)),
		item("diabetes", accpFactor, flag(p.Diabetes)),
		item("anaemia", accpFactor, anaemia(p)),
		item("antiplatelet therapy", accpFactor, flag(p.Antiplatelet)),
		item("poor anticoagulant control", accpFactor, labileINR(p)),
		item("comorbidity and reduced functional capacity", accpFactor, absent),
		item("recent surgery", accpFactor, flag(p.RecentSurgery)),
		item("frequent falls", accpFactor, flag(p.Falls)),
		item("alcohol abuse", accpFactor, flag(p.Alcohol)),
		item("NSAID use", accpFactor, flag(p.NSAID)),
	}
	return result(items, func(pts float64) string {
		switch {
		case pts <= 0:
			return CategoryLow
		case pts <= accpModerateCount:
			return CategoryModerate
		}
		return CategoryHigh
	})
}

func (ACCP) predicted(r Result) (float64, bool) {
	switch r.Category {
	case CategoryLow:
		return accpRiskLow, true
	case CategoryModerate:
		return accpRiskModerate, true
	case CategoryHigh:
		return accpRiskHigh, true
	}
	return 0, false
}
