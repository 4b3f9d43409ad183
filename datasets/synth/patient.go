package synth

import (
	"math"
	"math/rand/v2"
	"time"
)

// PCG stream constants: one random stream per generation stage, so that a
// change in how one stage draws leaves the draws of the others unchanged.
const (
	streamBaseline uint64 = 0x62617365 // "base"
	streamLabs     uint64 = 0x6c616273 // "labs"
	streamICD      uint64 = 0x69636431 // "icd1"
	streamMissing  uint64 = 0x6d697373 // "miss"
	streamOutcome  uint64 = 0x6f757463 // "outc"
)

func newRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// patient holds one synthetic patient's true values: what the generating
// model knows. The export (cohort.csv) shows them with rounding, detection
// limits and missing values; the hazards and truth.csv use them as they are.
type patient struct {
	id string

	// Index VTE and registry dates (DOMAIN.md 1.1: TROLL, Jan 2005 - Jun 2021).
	indexYear int
	adminDays int // days from the index VTE to the registry end, 2021-06-30
	vte       string
	ac        string // anticoagulant: doac, lmwh, vka
	outpat    bool

	// Demography and examination.
	age            float64 // whole years
	male           bool
	weight, height float64
	sbp, dbp, hr   float64
	smoking        string
	ecog           int

	// Cancer.
	site                                    *siteDef
	siteCode                                string // the primary site's ICD-10 code
	metastatic, active                      bool
	liverMets, lungMets, boneMets, brainMet bool
	nodeMets                                bool
	cancerMonths                            float64
	chemo, radio, hormone, immuno           bool
	surgery, cvc, immobile, resected        bool

	// History, comorbidity and co-medication.
	priorBleed, priorVTE               bool
	antiplatelet, nsaid, ssri, steroid bool
	ppi                                bool
	htn, diabetes, hf, af, cad, stroke bool
	liver, renal, copd, alcohol, falls bool
	frailty, inflam                    float64 // latent, standard-normal-ish
	lab                                map[string]float64
	icd                                []bool // by position in icdCodes
	lpBleed, lpDeath                   float64
	bleedDay, deathDay, followup       int       // -1: no bleed / alive at end of follow-up
	truth                              []float64 // one per datasets.DefaultWindows window
}

func (p *patient) bmi() float64 { return p.weight / (p.height / 100 * p.height / 100) }

// anaemic applies the WHO cut-offs used by VTE-BLEED and RIETE: Hb < 13 g/dL
// in men, < 12 g/dL in women (DOMAIN.md 4.1, 5.1).
func (p *patient) anaemic() bool {
	if p.male {
		return p.lab["haemoglobin"] < 13
	}
	return p.lab["haemoglobin"] < 12
}

// crcl is the Cockcroft-Gault creatinine clearance in mL/min from creatinine
// in umol/L (DOMAIN.md 5.3).
func (p *patient) crcl() float64 {
	k := 1.04
	if p.male {
		k = 1.23
	}
	return (140 - p.age) * p.weight * k / p.lab["creatinine"]
}

// giLuminal, upperGI, gu and cns are the site groups of DOMAIN.md 6.3 that
// carry bleeding risk (DOMAIN.md 3).
func (p *patient) giLuminal() bool { return p.site.gi }
func (p *patient) upperGI() bool   { return p.site.upperGI }
func (p *patient) gu() bool        { return p.site.gu }
func (p *patient) cns() bool       { return p.site.name == "brain" || p.brainMet }

// siteDef describes a cancer site of the cohort.
type siteDef struct {
	name string
	// share of CAT patients with this site [U]: common CAT case mix (lung,
	// colorectal, breast, prostate, pancreas, upper GI, gynaecological,
	// haematological; DOMAIN.md 8), roughly as in the CAT trials' cohorts.
	share float64
	pMale float64 // share of men with this site [U]
	// ageShift moves the mean age at CAT [U].
	ageShift float64
	// pMet is the share with metastatic disease (DOMAIN.md 8: 50-65% overall).
	pMet  float64
	codes []weighted // ICD-10 codes of the site (DOMAIN.md 6.3)
	// Bleeding site groups (DOMAIN.md 3 and 6.3).
	gi, upperGI, gu, haem bool
	// deathHR is the site's hazard ratio for death [U] (pancreas and lung are
	// the poor-prognosis sites named in the brief; breast, prostate, uterus
	// and lymphoma do better).
	deathHR float64
	// frail shifts latent frailty (ECOG) and inflammation [U].
	frail float64
}

type weighted struct {
	v string
	w float64
}

func pick(r *rand.Rand, ws []weighted) string {
	w := make([]float64, len(ws))
	for i := range ws {
		w[i] = ws[i].w
	}
	return ws[pickIndex(r, w)].v
}

// pickIndex draws an index with probability proportional to its weight.
func pickIndex(r *rand.Rand, w []float64) int {
	var tot float64
	for _, x := range w {
		tot += x
	}
	u := r.Float64() * tot
	for i, x := range w {
		u -= x
		if u < 0 {
			return i
		}
	}
	return len(w) - 1
}

var sites = []*siteDef{
	{name: "lung", share: 0.155, pMale: 0.52, pMet: 0.70, codes: []weighted{{"C34", 1}}, deathHR: 1.6, frail: 0.3},
	{name: "colorectal", share: 0.14, pMale: 0.55, ageShift: 1, pMet: 0.58, codes: []weighted{{"C18", 0.68}, {"C19", 0.07}, {"C20", 0.25}}, gi: true, deathHR: 1.0},
	{name: "breast", share: 0.10, pMale: 0.01, ageShift: -6, pMet: 0.55, codes: []weighted{{"C50", 1}}, deathHR: 0.6, frail: -0.2},
	{name: "prostate", share: 0.09, pMale: 1, ageShift: 5, pMet: 0.55, codes: []weighted{{"C61", 1}}, gu: true, deathHR: 0.6},
	{name: "pancreas", share: 0.08, pMale: 0.50, pMet: 0.78, codes: []weighted{{"C25", 1}}, deathHR: 2.0, frail: 0.4},
	{name: "stomach", share: 0.035, pMale: 0.62, ageShift: 1, pMet: 0.65, codes: []weighted{{"C16", 1}}, gi: true, upperGI: true, deathHR: 1.5, frail: 0.2},
	{name: "oesophagus", share: 0.025, pMale: 0.72, pMet: 0.60, codes: []weighted{{"C15", 1}}, gi: true, upperGI: true, deathHR: 1.5, frail: 0.2},
	{name: "ovary", share: 0.04, pMale: 0, ageShift: -2, pMet: 0.70, codes: []weighted{{"C56", 1}}, deathHR: 1.0},
	{name: "uterus", share: 0.03, pMale: 0, ageShift: -1, pMet: 0.40, codes: []weighted{{"C54", 1}}, deathHR: 0.6},
	{name: "cervix", share: 0.015, pMale: 0, ageShift: -18, pMet: 0.45, codes: []weighted{{"C53", 1}}, gu: true, deathHR: 0.9},
	{name: "bladder", share: 0.03, pMale: 0.75, ageShift: 5, pMet: 0.50, codes: []weighted{{"C67", 1}}, gu: true, deathHR: 1.1},
	{name: "kidney", share: 0.03, pMale: 0.65, ageShift: -1, pMet: 0.55, codes: []weighted{{"C64", 1}}, gu: true, deathHR: 1.0},
	{name: "brain", share: 0.02, pMale: 0.58, ageShift: -10, pMet: 0, codes: []weighted{{"C71", 1}}, deathHR: 1.5, frail: 0.5},
	{name: "melanoma", share: 0.02, pMale: 0.52, ageShift: -3, pMet: 0.75, codes: []weighted{{"C43", 1}}, deathHR: 1.0},
	{name: "lymphoma", share: 0.05, pMale: 0.56, ageShift: -3, codes: []weighted{{"C81", 0.12}, {"C82", 0.15}, {"C83", 0.48}, {"C85", 0.25}}, haem: true, deathHR: 0.8},
	{name: "myeloma", share: 0.02, pMale: 0.58, ageShift: 2, codes: []weighted{{"C90", 1}}, haem: true, deathHR: 0.9},
	{name: "leukaemia", share: 0.015, pMale: 0.58, codes: []weighted{{"C91", 0.5}, {"C92", 0.5}}, haem: true, deathHR: 1.2},
	{name: "hepatobiliary", share: 0.025, pMale: 0.55, pMet: 0.60, codes: []weighted{{"C22", 0.5}, {"C23", 0.2}, {"C24", 0.3}}, deathHR: 1.8, frail: 0.3},
	{name: "head_neck", share: 0.02, pMale: 0.68, ageShift: -3, pMet: 0.35, codes: []weighted{{"C01", 0.2}, {"C09", 0.2}, {"C10", 0.2}, {"C32", 0.4}}, deathHR: 1.0},
	{name: "unknown_primary", share: 0.03, pMale: 0.52, ageShift: 2, pMet: 1, codes: []weighted{{"C80", 1}}, deathHR: 2.0, frail: 0.4},
	{name: "other", share: 0.03, pMale: 0.55, ageShift: -2, pMet: 0.50, codes: []weighted{{"C17", 0.15}, {"C45", 0.2}, {"C49", 0.25}, {"C62", 0.1}, {"C73", 0.3}}, deathHR: 1.0},
}

func pickSite(r *rand.Rand) *siteDef {
	w := make([]float64, len(sites))
	for i, s := range sites {
		w[i] = s.share
	}
	return sites[pickIndex(r, w)]
}

func bern(r *rand.Rand, p float64) bool { return r.Float64() < p }

func expit(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// ageAdjusted returns a prevalence base at age 68 that rises (or falls) by the
// log-odds slope per year of age: comorbidities accumulate with age [U].
func ageAdjusted(base, slope, age float64) float64 {
	return expit(logit(base) + slope*(age-68))
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

var (
	// DOMAIN.md 1.1: TROLL enrols from January 2005; the follow-up analysed
	// by Jørgensen et al. ends in June 2021, which we take as the
	// administrative censoring date.
	registryStart = time.Date(2005, time.January, 1, 0, 0, 0, 0, time.UTC)
	registryEnd   = time.Date(2021, time.June, 30, 0, 0, 0, 0, time.UTC)
)

// drawIndexDate draws the index VTE date. The yearly intake grows by 4% of
// the 2005 level per year [U] (registry recruitment and cancer survival both
// increase); 2021 contributes its first half only.
func drawIndexDate(r *rand.Rand) time.Time {
	var ws []float64
	for y := 2005; y <= 2021; y++ {
		w := 1 + 0.04*float64(y-2005)
		if y == 2021 {
			w /= 2
		}
		ws = append(ws, w)
	}
	start := time.Date(2005+pickIndex(r, ws), time.January, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	if end.After(registryEnd) {
		end = registryEnd.AddDate(0, 0, 1)
	}
	span := int(end.Sub(start).Hours() / 24)
	return start.AddDate(0, 0, r.IntN(span))
}

// drawBaseline draws the registry's baseline data of one patient, except the
// anticoagulant (drawBaseline runs before the labs, drawTreatment after).
func drawBaseline(p *patient, r *rand.Rand) {
	d := drawIndexDate(r)
	p.indexYear = d.Year()
	p.adminDays = int(registryEnd.Sub(d).Hours() / 24)
	year := float64(p.indexYear)

	p.site = pickSite(r)
	s := p.site
	p.siteCode = pick(r, s.codes)
	p.male = bern(r, s.pMale)
	// DOMAIN.md 1.1 and 8: median age at CAT about 67-70; SD 11 [U].
	p.age = math.Round(clamp(68.5+s.ageShift+11*r.NormFloat64(), 20, 98))

	p.metastatic = bern(r, s.pMet)
	if p.metastatic {
		// Sites of metastasis [U], by primary; they drive the ICD-10 codes
		// C77-C79 (DOMAIN.md 6.3) and the labs (liver and bone).
		pl, pb, pbr := 0.25, 0.15, 0.03
		switch s.name {
		case "colorectal", "stomach", "pancreas":
			pl = 0.55
		case "oesophagus", "hepatobiliary":
			pl = 0.4
		case "prostate":
			pb = 0.8
		case "breast":
			pl, pb, pbr = 0.3, 0.6, 0.10
		case "lung":
			pb, pbr = 0.35, 0.22
		case "kidney":
			pb, pbr = 0.35, 0.08
		case "melanoma":
			pbr = 0.30
		}
		p.liverMets = bern(r, pl)
		p.boneMets = bern(r, pb)
		p.brainMet = bern(r, pbr)
		p.lungMets = s.name != "lung" && bern(r, 0.25)
		p.nodeMets = bern(r, 0.4)
	}
	// Months since the cancer diagnosis: many CATs occur at or soon after
	// the diagnosis [U]; log-normal, median 4 months.
	p.cancerMonths = math.Round(clamp(math.Exp(math.Log(4)+1.4*r.NormFloat64()), 0, 300))
	// Active cancer (DOMAIN.md 4.1): diagnosed within 6 months, metastatic
	// (progressive) or on treatment; otherwise half are still active [U].
	switch {
	case s.haem:
		p.chemo = bern(r, 0.6)
	case p.metastatic:
		p.chemo = bern(r, 0.55)
	default:
		p.chemo = bern(r, 0.40)
	}
	if p.age > 80 && p.chemo {
		p.chemo = bern(r, 0.6)
	}
	p.active = p.cancerMonths <= 6 || p.metastatic || p.chemo || bern(r, 0.5)

	// Latent frailty (drives ECOG, weight loss, albumin and death) and
	// inflammation (drives CRP, leukocytes, platelets, ferritin, Hb) [U].
	met := 0.0
	if p.metastatic {
		met = 1
	}
	p.frailty = 0.03*(p.age-68) + 0.7*met + s.frail + r.NormFloat64()
	p.inflam = 0.5*met + 0.6*s.frail + 0.3*p.frailty + 0.85*r.NormFloat64()
	// ECOG 0-4 by thresholds on frailty [U]: about 25/35/22/13/5%.
	switch f := p.frailty; {
	case f < -0.35:
		p.ecog = 0
	case f < 0.65:
		p.ecog = 1
	case f < 1.45:
		p.ecog = 2
	case f < 2.3:
		p.ecog = 3
	default:
		p.ecog = 4
	}

	// Anthropometry [U]: Norwegian adults, lighter with metastatic disease.
	if p.male {
		p.weight = 82 + 14*r.NormFloat64()
		p.height = 178 + 7*r.NormFloat64()
	} else {
		p.weight = 69 + 13*r.NormFloat64()
		p.height = 165 + 6.5*r.NormFloat64()
	}
	p.weight = math.Round(clamp(p.weight-4*met-2*p.frailty, 38, 170))
	p.height = math.Round(clamp(p.height-0.08*(p.age-68), 145, 205))

	// Comorbidities, rising with age [U]; prevalences at age 68 chosen for
	// a CAT cohort of that age. They feed the ICD-10 codes (DOMAIN.md 6.1,
	// 6.2, 6.6) and some feed the hazards.
	p.htn = bern(r, ageAdjusted(0.38, 0.03, p.age))
	p.diabetes = bern(r, ageAdjusted(0.13, 0.015, p.age))
	p.hf = bern(r, ageAdjusted(0.045, 0.06, p.age))
	p.af = bern(r, ageAdjusted(0.07, 0.06, p.age))
	p.cad = bern(r, ageAdjusted(0.09, 0.04, p.age))
	p.stroke = bern(r, ageAdjusted(0.045, 0.05, p.age))
	p.renal = bern(r, ageAdjusted(0.06, 0.05, p.age))
	pCOPD := 0.07
	if s.name == "lung" || s.name == "head_neck" {
		pCOPD = 0.3
	}
	p.copd = bern(r, ageAdjusted(pCOPD, 0.03, p.age))
	pAlc := 0.02
	if p.male {
		pAlc = 0.06
	}
	p.alcohol = bern(r, pAlc)
	pLiver := 0.02
	switch {
	case s.name == "hepatobiliary":
		pLiver = 0.2
	case p.alcohol:
		pLiver = 0.3
	}
	p.liver = bern(r, pLiver)
	p.falls = bern(r, ageAdjusted(0.04, 0.06, p.age))
	// Smoking: tobacco-related sites have more current and former smokers [U].
	pCur, pFormer := 0.15, 0.35
	switch s.name {
	case "lung", "bladder", "head_neck", "oesophagus", "pancreas":
		pCur, pFormer = 0.35, 0.50
	}
	switch u := r.Float64(); {
	case u < pCur:
		p.smoking = "current"
	case u < pCur+pFormer:
		p.smoking = "former"
	default:
		p.smoking = "never"
	}
	// Prior bleeding (MB or CRNMB, any time before the index VTE) [U]:
	// more common with GI and bladder cancers, and with age.
	pPB := 0.06
	if s.gi || s.name == "bladder" {
		pPB = 0.11
	}
	p.priorBleed = bern(r, ageAdjusted(pPB, 0.02, p.age))
	p.priorVTE = bern(r, 0.12)
	// Co-medication [U]: antiplatelets follow cardiovascular disease;
	// steroids follow brain tumours, haematological cancers and metastases.
	pAP := 0.05
	if p.cad {
		pAP += 0.55
	}
	if p.stroke {
		pAP += 0.35
	}
	p.antiplatelet = bern(r, math.Min(pAP, 0.8))
	p.nsaid = bern(r, 0.04)
	p.ssri = bern(r, 0.08)
	pSt := 0.07
	switch {
	case s.name == "brain" || p.brainMet:
		pSt = 0.6
	case s.name == "myeloma" || s.name == "lymphoma":
		pSt = 0.35
	case p.metastatic:
		pSt = 0.15
	}
	p.steroid = bern(r, pSt)
	pPPI := 0.22
	if p.steroid || p.antiplatelet {
		pPPI += 0.2
	}
	p.ppi = bern(r, pPPI)

	// Cancer treatment within the last months [U].
	pRad := 0.08
	switch s.name {
	case "brain", "head_neck", "cervix":
		pRad = 0.45
	case "lung", "breast", "prostate", "oesophagus":
		pRad = 0.16
	}
	if p.brainMet || p.boneMets {
		pRad += 0.15
	}
	p.radio = bern(r, pRad)
	switch s.name {
	case "breast":
		p.hormone = bern(r, 0.5)
	case "prostate":
		p.hormone = bern(r, 0.7)
	case "uterus":
		p.hormone = bern(r, 0.1)
	}
	// Immune checkpoint inhibitors enter routine use after about 2015 [U].
	pImm := 0.0
	if year >= 2016 {
		switch s.name {
		case "melanoma":
			pImm = 0.5
		case "lung", "kidney":
			pImm = 0.25
		case "bladder":
			pImm = 0.15
		default:
			pImm = 0.02
		}
	} else if year >= 2012 && s.name == "melanoma" {
		pImm = 0.1
	}
	p.immuno = bern(r, pImm)
	pSurg := 0.15
	switch s.name {
	case "colorectal", "ovary", "uterus", "brain", "stomach", "kidney", "bladder":
		pSurg = 0.28
	}
	if p.metastatic {
		pSurg *= 0.6
	}
	p.surgery = bern(r, pSurg)
	// Resected primary tumour (DOMAIN.md 3: OR 0.4, NS, Bosch 2021; not in
	// the hazard) [U for the shares].
	switch {
	case s.haem || s.name == "unknown_primary":
	case p.metastatic:
		p.resected = bern(r, 0.15)
	default:
		p.resected = bern(r, 0.45)
	}
	pCVC := 0.03
	switch {
	case s.haem:
		pCVC = 0.35
	case p.chemo:
		pCVC = 0.18
	}
	p.cvc = bern(r, pCVC)
	p.immobile = bern(r, expit(-2.2+0.6*p.frailty))

	// Index VTE type (DOMAIN.md 1.1: PE 54%, DVT 40%, other 5% in TROLL);
	// catheter-related upper-limb and splanchnic thromboses make "other"
	// commoner with a central line and in pancreatic and liver cancer [U].
	pOther := 0.05
	if p.cvc {
		pOther += 0.2
	}
	if s.name == "pancreas" || s.name == "hepatobiliary" {
		pOther += 0.15
	}
	switch u := r.Float64(); {
	case u < pOther:
		p.vte = "other"
	case u < pOther+(1-pOther)*0.57:
		p.vte = "pe"
	default:
		p.vte = "dvt"
	}
	// Outpatient treatment (DOMAIN.md 1.1: outpatient PE treatment rose from
	// 4% in 2005 to 23% in 2019); most DVT is treated as outpatients [U].
	var pOut float64
	switch p.vte {
	case "pe":
		pOut = 0.04 + 0.0135*(year-2005)
	case "dvt":
		pOut = 0.65
	default:
		pOut = 0.3
	}
	if p.ecog >= 3 {
		pOut /= 3
	}
	p.outpat = bern(r, pOut)

	// Blood pressure and heart rate at the index VTE [U]; PE raises the
	// heart rate.
	p.sbp = math.Round(clamp(132+0.3*(p.age-68)+8*b2f(p.htn)+17*r.NormFloat64(), 75, 230))
	p.dbp = math.Round(clamp(0.45*p.sbp+18+8*r.NormFloat64(), 40, 130))
	p.hr = math.Round(clamp(84+10*b2f(p.vte == "pe")+4*p.inflam+14*r.NormFloat64(), 40, 170))
}

// drawTreatment chooses the anticoagulant after the labs are known.
// DOMAIN.md 1.1 and 8: VKA and LMWH early, DOACs rising after about 2013
// (TROLL overall: DOAC 39%, LMWH 30%, VKA 30%). For CAT, LMWH was the
// guideline choice from CLOT (2003) until the DOAC trials (DOMAIN.md 2.3),
// so VKA is less used than in TROLL overall [U]. After Hokusai VTE Cancer and
// SELECT-D (2018) DOACs are avoided in luminal GI cancer, and DOACs are
// avoided with eGFR < 30 or platelets < 50 [U] (DOMAIN.md 5.1 notes).
func drawTreatment(p *patient, r *rand.Rand) {
	year := float64(p.indexYear)
	var pDOAC float64
	switch {
	case year < 2012:
	case year < 2013:
		pDOAC = 0.03
	default:
		pDOAC = 0.8 / (1 + math.Exp(-(year-2016)/1.3))
	}
	odds := pDOAC / (1 - pDOAC)
	if p.giLuminal() && year >= 2018 {
		odds *= 0.5
	}
	if p.lab["egfr_true"] < 30 || p.lab["platelets"] < 50 {
		odds *= 0.15
	}
	pDOAC = odds / (1 + odds)
	vkaShare := math.Max(0.08, 0.40-0.05*math.Max(0, year-2012))
	if p.metastatic {
		vkaShare *= 0.7
	}
	switch u := r.Float64(); {
	case u < pDOAC:
		p.ac = "doac"
	case u < pDOAC+(1-pDOAC)*vkaShare:
		p.ac = "vka"
	default:
		p.ac = "lmwh"
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
