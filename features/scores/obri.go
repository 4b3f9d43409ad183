package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// OBRI is the Outpatient Bleeding Risk Index: Beyth RJ et al. Am J Med
// 1998;105:91 [M] (DOMAIN.md 4.6). One point each for age >= 65, history of
// stroke, history of GI bleeding, and one or more of {recent MI, haematocrit
// < 30%, creatinine > 1.5 mg/dL, diabetes}. Low 0, intermediate 1–2, high 3–4.
//
// Haematocrit is not in the clinical baseline. Haematocrit < 30% is
// approximated as haemoglobin < 10 g/dL, by the rule of thumb
// Hct% ≈ 3 × Hb g/dL [U] (an approximation, not from DOMAIN.md). When that
// approximation decides the fourth item (or is needed to rule it out) the
// item is Derived. Creatinine > 1.5 mg/dL is > 132.6 µmol/L (× 88.42,
// DOMAIN.md 5.2), so 133 µmol/L (1.504 mg/dL) counts, although DOMAIN.md 5.1
// rounds the cut-off to "> 133".
type OBRI struct{}

// OBRI points and cut-offs, DOMAIN.md 4.6 (Beyth 1998) [M].
const (
	obriPoint        = 1.0
	obriAge          = 65.0 // age >= 65
	obriCreatMgdl    = 1.5  // creatinine > 1.5 mg/dL
	obriHbForHct30   = 10.0 // g/dL: Hct < 30% ≈ Hb < 10 g/dL [U] approximation
	obriIntermediate = 2.0  // intermediate 1–2, high 3–4
)

func (OBRI) Name() string          { return "OBRI" }
func (OBRI) IsBleedingScore() bool { return true }
func (OBRI) Cite() string {
	return "Beyth RJ et al. Am J Med 1998;105:91 (DOMAIN.md 4.6) [M]"
}

func (OBRI) Compute(p *clinical.Patient) Result {
	mustPatient(p)
	items := []Item{
		item("age >= 65 years", obriPoint, num(p.Age, atLeast(obriAge))),
		item("history of stroke", obriPoint, flag(p.PriorStroke)),
		item("history of GI bleeding", obriPoint, within(flag(p.PriorGIBleeding), p.PriorBleeding)),
		item("recent MI, Hct < 30% (Hb < 10 g/dL), creatinine > 1.5 mg/dL or diabetes", obriPoint, anyOf(
			flag(p.RecentMI),
			approximated(num(p.Haemoglobin, below(obriHbForHct30))),
			num(p.Creatinine, above(obriCreatMgdl*creatinineUmolPerMgdl)),
			flag(p.Diabetes),
		)),
	}
	return result(items, func(pts float64) string {
		switch {
		case pts <= 0:
			return CategoryLow
		case pts <= obriIntermediate:
			return CategoryIntermediate
		}
		return CategoryHigh
	})
}
