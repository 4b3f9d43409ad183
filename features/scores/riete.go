package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// RIETE is the RIETE bleeding score: Ruíz-Giménez N et al. Thromb Haemost
// 2008;100:26–31 [M], items as in R cliot::riete_hemorrhage_risk [V]
// (DOMAIN.md 4.2). Range 0–8; low 0, intermediate 1–4, high > 4; horizon
// 3-month major bleeding.
//
// Items: recent major bleeding (the RecentMajorBleeding flag; its window,
// 15 days in the original [M] or 30 in cliot, is set where the flag is
// filled); creatinine > 1.2 mg/dL (> 106.1 µmol/L, so 106 µmol/L does not
// count and 107 does); anaemia by the WHO cut-offs; cancer (the ActiveCancer
// flag); clinically overt PE (the PE flag); age > 75 years.
type RIETE struct{}

// RIETE points and cut-offs, DOMAIN.md 4.2 (Ruíz-Giménez 2008 [M]; items [V]).
const (
	rieteRecentMB     = 2.0 // recent major bleeding
	rieteCreatinine   = 1.5 // creatinine > 1.2 mg/dL
	rieteCreatMgdl    = 1.2 // mg/dL
	rieteAnaemia      = 1.5 // Hb < 13 g/dL men, < 12 g/dL women
	rieteCancer       = 1.0
	rietePE           = 1.0 // clinically overt PE
	rieteAge          = 1.0 // age > 75
	rieteAgeCut       = 75.0
	rieteIntermediate = 4.0 // intermediate 1–4, high > 4
)

func (RIETE) Name() string          { return "RIETE" }
func (RIETE) IsBleedingScore() bool { return true }
func (RIETE) Cite() string {
	return "Ruíz-Giménez N et al. Thromb Haemost 2008;100:26-31 (DOMAIN.md 4.2) [M]; items [V] (cliot)"
}

func (RIETE) Compute(p *clinical.Patient) Result {
	mustPatient(p)
	items := []Item{
		item("recent major bleeding", rieteRecentMB,
			within(flag(p.RecentMajorBleeding), p.PriorMajorBleeding, p.PriorBleeding)),
		item("creatinine > 1.2 mg/dL (> 106 µmol/L)", rieteCreatinine,
			num(p.Creatinine, above(rieteCreatMgdl*creatinineUmolPerMgdl))),
		item("anaemia (Hb < 13 g/dL men, < 12 g/dL women)", rieteAnaemia, anaemia(p)),
		item("cancer", rieteCancer, flag(p.ActiveCancer)),
		item("clinically overt PE", rietePE, flag(p.PE)),
		item("age > 75 years", rieteAge, num(p.Age, above(rieteAgeCut))),
	}
	// The smallest non-zero total is 1, so 0 < points < 1 cannot occur.
	return result(items, func(pts float64) string {
		switch {
		case pts <= 0:
			return CategoryLow
		case pts <= rieteIntermediate:
			return CategoryIntermediate
		}
		return CategoryHigh
	})
}
