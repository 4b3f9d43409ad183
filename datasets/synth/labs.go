package synth

import (
	"math"
	"math/rand/v2"
)

// labDef describes one biochemistry column. Name is also the concept.
// Units are the Norwegian hospital convention of DOMAIN.md 5.1 (Hb in g/dL,
// creatinine and bilirubin in umol/L, albumin in g/L, CRP in mg/L, D-dimer
// in mg/L FEU).
type labDef struct {
	name, unit string
	dec        int // decimals written
	// lo and hi bound the true values (a few extreme draws are clipped).
	lo, hi float64
	// rng is the plausible range written to the dictionary; nil when
	// datasets/ranges.go has a default for the concept and unit.
	rng []float64
	// below and above are detection limits: true values below (above) them
	// are written as "<below" (">above"); 0 means none. DOMAIN.md 5.1
	// (CRP "<5", eGFR ">90" and assay ranges are the usual lab reporting).
	below, above float64
	// miss is the probability that the lab was not taken at baseline.
	// DOMAIN.md 5.1: the routine panel (Hb, platelets, creatinine, CRP) is
	// mostly complete; non-routine labs are missing more often, and not at
	// random (ferritin when anaemic, troponin and NT-proBNP in PE, tumour
	// markers by cancer site) [U for the rates].
	miss func(p *patient) float64
}

func flat(q float64) func(*patient) float64 { return func(*patient) float64 { return q } }

// extended raises the chance that a non-routine lab is missing for
// outpatients, who get a smaller panel [U].
func extended(q float64) func(*patient) float64 {
	return func(p *patient) float64 {
		if p.outpat {
			return math.Min(0.95, q+0.15)
		}
		return q
	}
}

var labs = []labDef{
	{name: "haemoglobin", unit: "g/dL", dec: 1, lo: 5, hi: 19.5, miss: flat(0.01)},
	{name: "platelets", unit: "10^9/L", dec: 0, lo: 5, hi: 1400, miss: flat(0.015)},
	{name: "leukocytes", unit: "10^9/L", dec: 1, lo: 0.3, hi: 150, miss: flat(0.02)},
	{name: "neutrophils", unit: "10^9/L", dec: 1, lo: 0.05, hi: 120, rng: []float64{0, 300}, miss: extended(0.2)},
	{name: "lymphocytes", unit: "10^9/L", dec: 1, lo: 0.05, hi: 120, rng: []float64{0, 300}, miss: extended(0.25)},
	{name: "mcv", unit: "fL", dec: 0, lo: 60, hi: 125, rng: []float64{50, 150}, miss: extended(0.2)},
	{name: "creatinine", unit: "umol/L", dec: 0, lo: 25, hi: 1200, miss: flat(0.02)},
	// eGFR as reported by the lab (CKD-EPI 2009, DOMAIN.md 5.3; the
	// equation the Østfold lab used is [U]), capped at ">90".
	{name: "egfr_reported", unit: "mL/min/1.73m2", dec: 0, lo: 3, hi: 150, rng: []float64{1, 200}, above: 90,
		miss: func(p *patient) float64 { return 0.06 }},
	{name: "urea", unit: "mmol/L", dec: 1, lo: 1, hi: 60, rng: []float64{0.5, 100}, miss: extended(0.3)},
	{name: "albumin", unit: "g/L", dec: 0, lo: 15, hi: 52, miss: flat(0.12)},
	{name: "crp", unit: "mg/L", dec: 0, lo: 0.5, hi: 450, below: 5, miss: flat(0.03)},
	{name: "bilirubin", unit: "umol/L", dec: 0, lo: 2, hi: 500, below: 3, miss: extended(0.25)},
	{name: "alt", unit: "U/L", dec: 0, lo: 4, hi: 1500, rng: []float64{1, 5000}, miss: extended(0.2)},
	{name: "ast", unit: "U/L", dec: 0, lo: 6, hi: 1500, rng: []float64{1, 5000}, miss: extended(0.45)},
	{name: "alp", unit: "U/L", dec: 0, lo: 20, hi: 3000, rng: []float64{5, 5000}, miss: extended(0.3)},
	{name: "ggt", unit: "U/L", dec: 0, lo: 5, hi: 3000, rng: []float64{1, 5000}, miss: extended(0.35)},
	{name: "ldh", unit: "U/L", dec: 0, lo: 80, hi: 5000, rng: []float64{30, 10000},
		miss: func(p *patient) float64 {
			if p.metastatic || p.site.haem {
				return 0.3
			}
			return 0.5
		}},
	{name: "inr", unit: "ratio", dec: 1, lo: 0.8, hi: 5, miss: extended(0.25)},
	{name: "aptt", unit: "s", dec: 0, lo: 18, hi: 120, rng: []float64{10, 200}, miss: extended(0.35)},
	{name: "fibrinogen", unit: "g/L", dec: 1, lo: 0.8, hi: 12, rng: []float64{0.3, 15}, miss: extended(0.65)},
	// D-dimer is often not taken when the clinical probability of VTE is
	// high (cancer, PE), and assays stop at 20 mg/L FEU [U].
	{name: "d_dimer", unit: "mg/L FEU", dec: 1, lo: 0.2, hi: 35, rng: []float64{0.1, 100}, below: 0.3, above: 20,
		miss: func(p *patient) float64 {
			if p.vte == "dvt" {
				return 0.4
			}
			return 0.6
		}},
	{name: "ferritin", unit: "ug/L", dec: 0, lo: 3, hi: 15000, rng: []float64{1, 100000},
		miss: func(p *patient) float64 {
			if p.anaemic() {
				return 0.4
			}
			return 0.75
		}},
	{name: "sodium", unit: "mmol/L", dec: 0, lo: 115, hi: 155, rng: []float64{100, 180}, miss: flat(0.04)},
	{name: "potassium", unit: "mmol/L", dec: 1, lo: 2.5, hi: 6.8, rng: []float64{1.5, 9}, miss: flat(0.04)},
	{name: "calcium", unit: "mmol/L", dec: 2, lo: 1.6, hi: 3.8, rng: []float64{1, 5}, miss: extended(0.35)},
	{name: "glucose", unit: "mmol/L", dec: 1, lo: 2.5, hi: 40, rng: []float64{1, 60}, miss: extended(0.3)},
	{name: "hba1c", unit: "mmol/mol", dec: 0, lo: 20, hi: 130, rng: []float64{15, 200},
		miss: func(p *patient) float64 {
			if p.diabetes {
				return 0.25
			}
			return 0.75
		}},
	{name: "tsh", unit: "mIU/L", dec: 2, lo: 0.02, hi: 80, rng: []float64{0, 200}, miss: extended(0.6)},
	// High-sensitivity troponin T and NT-proBNP are taken for risk
	// stratification of PE, rarely in DVT [U].
	{name: "troponin", unit: "ng/L", dec: 0, lo: 1, hi: 5000, rng: []float64{0, 100000}, below: 3,
		miss: func(p *patient) float64 {
			if p.vte == "pe" {
				return 0.3
			}
			return 0.8
		}},
	{name: "ntprobnp", unit: "ng/L", dec: 0, lo: 5, hi: 70000, rng: []float64{0, 100000}, below: 50, above: 35000,
		miss: func(p *patient) float64 {
			if p.vte == "pe" {
				return 0.35
			}
			return 0.85
		}},
	// Tumour markers are taken for the cancers they follow [U].
	{name: "cea", unit: "ug/L", dec: 1, lo: 0.2, hi: 20000, rng: []float64{0, 100000}, below: 0.5,
		miss: func(p *patient) float64 {
			if p.site.gi || p.site.name == "pancreas" {
				return 0.25
			}
			return 0.8
		}},
	{name: "ca125", unit: "kU/L", dec: 0, lo: 2, hi: 30000, rng: []float64{0, 100000}, below: 3,
		miss: func(p *patient) float64 {
			switch {
			case p.site.name == "ovary":
				return 0.1
			case !p.male:
				return 0.8
			}
			return 0.95
		}},
	{name: "psa", unit: "ug/L", dec: 1, lo: 0.01, hi: 10000, rng: []float64{0, 100000}, below: 0.1,
		miss: func(p *patient) float64 {
			switch {
			case !p.male:
				return 1
			case p.site.name == "prostate":
				return 0.1
			}
			return 0.75
		}},
	{name: "ca19_9", unit: "kU/L", dec: 0, lo: 1, hi: 50000, rng: []float64{0, 100000}, below: 2, above: 12000,
		miss: func(p *patient) float64 {
			if p.site.name == "pancreas" || p.site.name == "hepatobiliary" {
				return 0.3
			}
			return 0.9
		}},
	{name: "magnesium", unit: "mmol/L", dec: 2, lo: 0.3, hi: 1.6, rng: []float64{0.1, 3}, miss: extended(0.6)},
	{name: "phosphate", unit: "mmol/L", dec: 2, lo: 0.2, hi: 3.5, rng: []float64{0.1, 5}, miss: extended(0.6)},
	{name: "uric_acid", unit: "umol/L", dec: 0, lo: 60, hi: 1200, rng: []float64{10, 2000}, miss: extended(0.75)},
	{name: "total_protein", unit: "g/L", dec: 0, lo: 35, hi: 130, rng: []float64{20, 150},
		miss: func(p *patient) float64 {
			if p.site.name == "myeloma" {
				return 0.2
			}
			return 0.7
		}},
	{name: "cholesterol", unit: "mmol/L", dec: 1, lo: 1.5, hi: 12, rng: []float64{0.5, 20}, miss: extended(0.8)},
	{name: "cobalamin", unit: "pmol/L", dec: 0, lo: 40, hi: 3000, rng: []float64{10, 5000},
		miss: func(p *patient) float64 {
			if p.anaemic() {
				return 0.5
			}
			return 0.8
		}},
	{name: "folate", unit: "nmol/L", dec: 1, lo: 1.5, hi: 60, rng: []float64{0.5, 100}, above: 45,
		miss: func(p *patient) float64 {
			if p.anaemic() {
				return 0.5
			}
			return 0.8
		}},
}

// logNormal returns exp(mu + sd*z) with mu = log(median).
func logNormal(median, shift, sd, z float64) float64 {
	return math.Exp(math.Log(median) + shift + sd*z)
}

// ckdEPI2009 returns the CKD-EPI 2009 eGFR (without the race term) in
// mL/min/1.73m2 from creatinine in umol/L (DOMAIN.md 5.2, 5.3).
func ckdEPI2009(creat, age float64, male bool) float64 {
	scr := creat / 88.42
	k, a, f := 0.7, -0.329, 1.018
	if male {
		k, a, f = 0.9, -0.411, 1
	}
	return 141 * math.Pow(math.Min(scr/k, 1), a) * math.Pow(math.Max(scr/k, 1), -1.209) * math.Pow(0.993, age) * f
}

// drawLabs draws the true baseline biochemistry. The marginals follow the
// suggested synthetic marginals of DOMAIN.md 5.1 (Hb about 12 g/dL with
// 45-60% anaemic; platelets median 250 with 5-10% < 100; leukocytes median
// 8; creatinine median 75 umol/L with 20-30% eGFR < 60; albumin about 35
// g/L; CRP median 20 mg/L; D-dimer median 3 mg/L FEU; ferritin median 300;
// ALT 20, bilirubin 8, INR 1.1, APTT 30); how they depend on the cancer,
// the latent inflammation and frailty, and the comorbidities is [U].
func drawLabs(p *patient, r *rand.Rand) {
	z := r.NormFloat64
	s := p.site
	met, infl := b2f(p.metastatic), p.inflam
	L := make(map[string]float64, len(labs)+1)
	p.lab = L

	// Iron deficiency from chronic GI blood loss [U].
	ironDef := (s.gi && bern(r, 0.35)) || (p.priorBleed && bern(r, 0.25))

	hb := 12.95
	if p.male {
		hb = 13.8
	}
	hb += -0.55*met - 0.45*b2f(p.chemo) - 0.6*b2f(s.gi) - 0.5*b2f(s.haem) - 0.45*infl -
		0.7*b2f(p.renal) - 0.5*b2f(p.priorBleed) - 0.6*b2f(ironDef) + 1.25*z()
	L["haemoglobin"] = hb

	plt := logNormal(255, 0.15*infl-0.25*b2f(p.liver), 0.3, z())
	// Chemotherapy, marrow infiltration and liver disease cause
	// thrombocytopenia in a minority [U].
	pLow := 0.025 + 0.05*b2f(p.chemo) + 0.1*b2f(p.liver)
	if s.name == "leukaemia" || s.name == "myeloma" {
		pLow += 0.3
	} else if s.haem {
		pLow += 0.1
	}
	if bern(r, pLow) {
		plt *= math.Exp(math.Log(0.1) + r.Float64()*math.Log(5))
	}
	L["platelets"] = plt

	wbc := logNormal(7.6, 0.22*infl+0.25*b2f(p.steroid)-0.15*b2f(p.chemo), 0.38, z())
	if s.name == "leukaemia" {
		wbc *= math.Exp(1.2 * z())
	}
	L["leukocytes"] = wbc
	L["neutrophils"] = wbc * clamp(0.66+0.05*infl+0.07*z(), 0.2, 0.92)
	L["lymphocytes"] = wbc * clamp(0.21-0.03*infl+0.05*z(), 0.03, 0.7)
	L["mcv"] = 90 - 7*b2f(ironDef) + 3*b2f(p.alcohol) + 4.5*z()

	creat := logNormal(70, 0.17*b2f(p.male)+0.005*(p.age-68)+0.55*b2f(p.renal)+0.12*b2f(p.hf)+0.06*b2f(p.diabetes), 0.22, z())
	creat = clamp(creat, 25, 1200)
	L["creatinine"] = creat
	L["egfr_reported"] = ckdEPI2009(creat, p.age, p.male)
	L["egfr_true"] = L["egfr_reported"]
	L["urea"] = 5.6 * math.Pow(creat/72, 0.85) * math.Exp(0.1*infl+0.22*z())

	alb := 38.5 - 2.2*infl - 1.5*met - 1.0*p.frailty + 3.6*z()
	L["albumin"] = alb
	L["crp"] = logNormal(14, 1.1*infl, 1.2, z())
	hepatoPancreas := b2f(s.name == "hepatobiliary" || s.name == "pancreas")
	L["bilirubin"] = logNormal(8, 0.9*b2f(p.liverMets)*b2f(bern(r, 0.4))+0.8*hepatoPancreas*b2f(bern(r, 0.35))+0.4*b2f(p.liver), 0.4, z())
	alt := logNormal(20, 0.5*b2f(p.liverMets)+0.5*b2f(p.liver)+0.3*hepatoPancreas, 0.55, z())
	L["alt"] = alt
	L["ast"] = logNormal(23, 0.6*math.Log(alt/20)+0.3*b2f(p.liverMets)+0.3*b2f(p.alcohol), 0.3, z())
	L["alp"] = logNormal(85, 0.6*b2f(p.liverMets)+0.7*b2f(p.boneMets)+0.5*hepatoPancreas, 0.35, z())
	L["ggt"] = logNormal(35, 0.9*b2f(p.liverMets)+0.8*b2f(p.alcohol)+0.6*b2f(p.liver), 0.8, z())
	L["ldh"] = logNormal(210, 0.3*met+0.5*b2f(s.name == "lymphoma" || s.name == "leukaemia")+0.4*b2f(p.liverMets)+0.12*infl, 0.3, z())
	L["inr"] = logNormal(1.08, 0.15*b2f(p.liver)+0.05*b2f(p.liverMets)+0.02*infl, 0.07, z())
	L["aptt"] = logNormal(30, 0.08*b2f(p.liver), 0.1, z())
	L["fibrinogen"] = 4.3 + 0.9*infl + 1.1*z()
	L["d_dimer"] = logNormal(2.4, 0.3*met+0.15*b2f(p.vte == "pe")+0.15*infl, 0.9, z())
	ferr := logNormal(260, 0.45*infl+0.3*b2f(p.liverMets), 0.9, z())
	if ironDef {
		ferr *= 0.15
	}
	L["ferritin"] = ferr
	L["sodium"] = 138.5 - 0.9*infl - 1.5*b2f(s.name == "lung") + 3*z()
	L["potassium"] = 4.1 + 0.25*b2f(p.renal) + 0.0015*(creat-72) + 0.4*z()
	ca := 2.36 - 0.012*(35-alb) + 0.1*z()
	if (p.boneMets || s.name == "myeloma" || s.name == "lung") && bern(r, 0.12) {
		ca += 0.4 * math.Abs(z())
	}
	L["calcium"] = ca
	L["glucose"] = logNormal(6, 0.35*b2f(p.diabetes)+0.12*b2f(p.steroid), 0.15, z())
	a1c := 37 + 4*z()
	if p.diabetes {
		a1c += 17 + 8*z()
	}
	L["hba1c"] = a1c
	tsh := logNormal(1.6, 0, 0.55, z())
	if p.immuno && bern(r, 0.15) {
		tsh *= 5 // checkpoint-inhibitor thyroiditis [U]
	}
	L["tsh"] = tsh
	L["troponin"] = logNormal(11, 0.5*b2f(p.vte == "pe")+0.02*(p.age-68)+0.4*b2f(p.renal)+0.4*b2f(p.hf), 0.9, z())
	L["ntprobnp"] = logNormal(350, 0.6*b2f(p.vte == "pe")+0.035*(p.age-68)+1.2*b2f(p.hf)+0.5*b2f(p.renal)+0.3*b2f(p.af), 1.1, z())
	if s.gi || s.name == "pancreas" {
		L["cea"] = logNormal(5, 1.5*met, 1.4, z())
	} else {
		L["cea"] = logNormal(2.5, 0.3*b2f(p.smoking == "current"), 0.9, z())
	}
	if s.name == "ovary" {
		L["ca125"] = logNormal(250, met, 1.3, z())
	} else {
		L["ca125"] = logNormal(18, 0.6*met, 0.9, z())
	}
	switch {
	case s.name == "prostate" && p.metastatic:
		L["psa"] = logNormal(40, -2.3*b2f(p.hormone), 2, z())
	case s.name == "prostate":
		L["psa"] = logNormal(8, -2.3*b2f(p.hormone), 1.3, z())
	default:
		L["psa"] = logNormal(1.1, 0.02*(p.age-68), 0.9, z())
	}
	switch {
	case s.name == "pancreas" || s.name == "hepatobiliary":
		L["ca19_9"] = logNormal(300, 0, 2, z())
	case s.gi:
		L["ca19_9"] = logNormal(20, 0, 1.3, z())
	default:
		L["ca19_9"] = logNormal(10, 0, 0.9, z())
	}
	L["magnesium"] = 0.82 - 0.04*b2f(p.chemo) + 0.09*z()
	L["phosphate"] = 1.05 + 0.15*b2f(p.renal) + 0.18*z()
	L["uric_acid"] = logNormal(320, 0.1*b2f(p.male)+0.25*b2f(p.renal), 0.25, z())
	tp := 67 - 1.2*infl + 6*z()
	if s.name == "myeloma" && bern(r, 0.6) {
		tp += 15 + 10*math.Abs(z())
	}
	L["total_protein"] = tp
	L["cholesterol"] = 4.9 - 0.3*infl + 1.0*z()
	L["cobalamin"] = logNormal(360, 0.5*b2f(p.liverMets), 0.45, z())
	L["folate"] = logNormal(14, -0.3*b2f(p.alcohol), 0.5, z())

	for _, l := range labs {
		L[l.name] = clamp(L[l.name], l.lo, l.hi)
	}
}
