package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// Kuijer is the Kuijer score: Kuijer PMM et al. Arch Intern Med
// 1999;159:457 [M] (DOMAIN.md 4.4). Points 1.6 × [age >= 60] + 1.3 × [female]
// + 2.2 × [malignancy] (the ActiveCancer flag).
//
// Categories as published are low 0, intermediate 1–3, high > 3. The points
// are never between 0 and 1 (the possible totals are 0, 1.3, 1.6, 2.2, 2.9,
// 3.5, 3.8 and 5.1), but the rule used is: 0 low, 0 < points <= 3
// intermediate, > 3 high. In a CAT cohort no patient is low.
type Kuijer struct{}

// Kuijer weights and cut-offs, DOMAIN.md 4.4 (Kuijer 1999) [M].
const (
	kuijerAge          = 1.6 // age >= 60
	kuijerAgeCut       = 60.0
	kuijerFemale       = 1.3
	kuijerMalignancy   = 2.2
	kuijerIntermediate = 3.0 // intermediate up to 3, high > 3
)

func (Kuijer) Name() string          { return "Kuijer" }
func (Kuijer) IsBleedingScore() bool { return true }
func (Kuijer) Cite() string {
	return "Kuijer PMM et al. Arch Intern Med 1999;159:457 (DOMAIN.md 4.4) [M]"
}

func (Kuijer) Compute(p *clinical.Patient) Result {
	mustPatient(p)
	items := []Item{
		item("age >= 60 years", kuijerAge, num(p.Age, atLeast(kuijerAgeCut))),
		item("female", kuijerFemale, flag(p.Female)),
		item("malignancy", kuijerMalignancy, flag(p.ActiveCancer)),
	}
	return result(items, func(pts float64) string {
		switch {
		case pts <= 0:
			return CategoryLow
		case pts <= kuijerIntermediate:
			return CategoryIntermediate
		}
		return CategoryHigh
	})
}
