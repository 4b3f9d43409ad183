package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// Khorana is the Khorana score: Khorana AA et al. Blood 2008;111:4902 [V via
// cliot docs] (DOMAIN.md 4.10). It predicts cancer-associated thrombosis, NOT
// bleeding: it is a descriptor (or a feature) only, IsBleedingScore is false
// and reports must not present it as a bleeding comparator.
//
// Items: cancer site, 2 for stomach or pancreas, 1 for lung, lymphoma,
// gynaecological (or cervix), bladder or testis (the highest applies when
// there are several sites; CancerSites nil is Missing); platelets >= 350 ×
// 10^9/L; haemoglobin < 10 g/dL or ESA use; leukocytes > 11 × 10^9/L; BMI
// >= 35 kg/m². Low 0, intermediate 1–2, high >= 3.
type Khorana struct{}

// Khorana points and cut-offs, DOMAIN.md 4.10 (Khorana 2008) [V].
const (
	khoranaVeryHighSite = 2.0   // stomach, pancreas
	khoranaHighSite     = 1.0   // lung, lymphoma, gynaecologic, bladder, testicular
	khoranaPoint        = 1.0   // each other item
	khoranaPlatelets    = 350.0 // 10^9/L, >= 350
	khoranaHb           = 10.0  // g/dL, < 10
	khoranaWBC          = 11.0  // 10^9/L, > 11
	khoranaBMI          = 35.0  // kg/m², >= 35
	khoranaIntermediate = 2.0   // intermediate 1–2, high >= 3
)

// khoranaSites maps the cancer site groups of package clinical (DOMAIN.md
// 6.3, "Khorana site class") to site points.
var khoranaSites = map[string]float64{
	"stomach":        khoranaVeryHighSite,
	"pancreas":       khoranaVeryHighSite,
	"lung":           khoranaHighSite,
	"lymphoma":       khoranaHighSite,
	"gynaecological": khoranaHighSite,
	"cervix":         khoranaHighSite,
	"bladder":        khoranaHighSite,
	"testis":         khoranaHighSite,
}

func (Khorana) Name() string          { return "Khorana" }
func (Khorana) IsBleedingScore() bool { return false }
func (Khorana) Cite() string {
	return "Khorana AA et al. Blood 2008;111:4902 (DOMAIN.md 4.10) [V]; predicts VTE, not bleeding: descriptor only"
}

func (Khorana) Compute(p *clinical.Patient) Result {
	mustPatient(p)
	site := Item{Name: "cancer site (stomach, pancreas 2; lung, lymphoma, gynaecological, bladder, testis 1)",
		Max: khoranaVeryHighSite, Status: statusOf(p.CancerSiteSource)}
	if p.CancerSites == nil {
		site.Status = Missing
	}
	if site.Status != Missing {
		for s, ok := range p.CancerSites {
			if ok && khoranaSites[s] > site.Points {
				site.Points = khoranaSites[s]
			}
		}
	}
	items := []Item{
		site,
		item("platelets >= 350 x 10^9/L", khoranaPoint, num(p.Platelets, atLeast(khoranaPlatelets))),
		item("Hb < 10 g/dL or ESA use", khoranaPoint, anyOf(num(p.Haemoglobin, below(khoranaHb)), flag(p.ESA))),
		item("leukocytes > 11 x 10^9/L", khoranaPoint, num(p.Leukocytes, above(khoranaWBC))),
		item("BMI >= 35 kg/m2", khoranaPoint, num(p.BMI, atLeast(khoranaBMI))),
	}
	return result(items, func(pts float64) string {
		switch {
		case pts <= 0:
			return CategoryLow
		case pts <= khoranaIntermediate:
			return CategoryIntermediate
		}
		return CategoryHigh
	})
}
