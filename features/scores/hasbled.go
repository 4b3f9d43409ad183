package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// HASBLED is the HAS-BLED score: Pisters R et al. Chest 2010;138:1093 [M],
// items [V] (DOMAIN.md 4.3). One point per item, 0–9; high >= 3. DOMAIN.md
// gives only the high cut-off, so the other category is CategoryLow (< 3).
//
// Items and how they are read from registry data:
//   - H: uncontrolled hypertension, SBP > 160 mmHg. SBP only: a
//     hypertension diagnosis does not say the pressure is uncontrolled.
//   - A renal: dialysis, transplant or severe CKD (the RenalFailure flag) or
//     creatinine >= 200 µmol/L.
//   - A liver: cirrhosis / chronic liver disease (the LiverDisease flag), or
//     bilirubin > 2 × ULN with ALT > 3 × ULN. ULNs from DOMAIN.md 5.1 [M]:
//     bilirubin 25 µmol/L, ALT 45 U/L women, 70 U/L men. AST and ALP are not
//     used, as DOMAIN.md gives no ULN for them.
//   - S: prior stroke.
//   - B: bleeding history or predisposition: any prior bleeding, or anaemia
//     by the WHO cut-offs.
//   - L: labile INR (TTR < 60%): assumed absent unless the patient is on a
//     vitamin K antagonist (see labileINR); Missing on a VKA without it.
//   - E: elderly, age > 65 years.
//   - D drugs: antiplatelet or NSAID use.
//   - D alcohol: >= 8 units/week is never in registry data; the Alcohol
//     (alcohol abuse) flag stands in for it when known, else the item is
//     assumed absent.
type HASBLED struct{}

// HAS-BLED cut-offs, DOMAIN.md 4.3 (Pisters 2010 [M]; items [V]).
const (
	hasBledPoint      = 1.0   // every item
	hasBledSBP        = 160.0 // mmHg, uncontrolled when > 160
	hasBledCreatinine = 200.0 // µmol/L, abnormal renal function when >= 200
	hasBledBiliULNs   = 2.0   // bilirubin > 2 × ULN
	hasBledEnzymeULNs = 3.0   // ALT > 3 × ULN
	hasBledAge        = 65.0  // elderly when > 65
	hasBledHighCutoff = 3.0   // high >= 3
	bilirubinULN      = 25.0  // µmol/L, DOMAIN.md 5.1 (NORIP) [M]
	altULNFemale      = 45.0  // U/L, DOMAIN.md 5.1 [M]
	altULNMale        = 70.0  // U/L, DOMAIN.md 5.1 [M]
)

func (HASBLED) Name() string          { return "HAS-BLED" }
func (HASBLED) IsBleedingScore() bool { return true }
func (HASBLED) Cite() string {
	return "Pisters R et al. Chest 2010;138:1093 (DOMAIN.md 4.3) [M]; items [V]"
}

func (HASBLED) Compute(p *clinical.Patient) Result {
	mustPatient(p)
	liverLabs := allOf(
		num(p.Bilirubin, above(hasBledBiliULNs*bilirubinULN)),
		bySex(p.ALT, p.Female, above(hasBledEnzymeULNs*altULNFemale), above(hasBledEnzymeULNs*altULNMale)),
	)
	alcohol := flag(p.Alcohol)
	if !alcohol.known {
		alcohol = absent
	}
	items := []Item{
		item("H: uncontrolled hypertension (SBP > 160 mmHg)", hasBledPoint, num(p.SBP, above(hasBledSBP))),
		item("A: abnormal renal function", hasBledPoint,
			anyOf(flag(p.RenalFailure), num(p.Creatinine, atLeast(hasBledCreatinine)))),
		item("A: abnormal liver function", hasBledPoint, anyOf(flag(p.LiverDisease), liverLabs)),
		item("S: stroke", hasBledPoint, flag(p.PriorStroke)),
		item("B: bleeding history or predisposition (anaemia)", hasBledPoint, anyOf(bleedingHistory(p), anaemia(p))),
		item("L: labile INR", hasBledPoint, labileINR(p)),
		item("E: elderly (age > 65 years)", hasBledPoint, num(p.Age, above(hasBledAge))),
		item("D: antiplatelet or NSAID", hasBledPoint, anyOf(flag(p.Antiplatelet), flag(p.NSAID))),
		item("D: alcohol >= 8 units/week", hasBledPoint, alcohol),
	}
	return result(items, func(pts float64) string {
		if pts >= hasBledHighCutoff {
			return CategoryHigh
		}
		return CategoryLow
	})
}
