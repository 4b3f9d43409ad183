package synth

import (
	"math"
	"math/rand/v2"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// The hazards are piecewise constant in time since the index VTE, on these
// pieces (days; the last one is open). The index day itself (day 0) has a
// third of the day-1 hazard [U]: its follow-up is short, and a bleed on the
// index day is usually part of the presentation, not an outcome.
var pieceStart = []int{0, 1, 31, 91, 183, 366}

// Tuning. The scales below were fitted on 6 x 40,000 generated patients
// (seeds 0-5), not on the default seed, so that the large-sample cohort
// shows (labelled-patient rates as datasets.Label computes them):
// MB+CRNMB 8.7% in days 1-90 and 15.2% in days 1-365 (DOMAIN.md 8: 7-10%
// and 12-18%); crude death 22.3% by day 182 and 36.5% by day 365
// (DOMAIN.md 2.5 and 8: 20-25% and 35-40%); 4.9% dead by day 30. The
// AUROC of the true risk against the labels is 0.677 (1-90), 0.673
// (1-365) and 0.661 (90-455). On the default cohort of 1080 patients these
// figures move by sampling error (AUROC SE about 0.02 with 100-150 events).
var (
	// bleedRel is the shape of the baseline bleeding hazard: days 1-30
	// highest, then falling to 15% of it after a year (DOMAIN.md 2.4:
	// bleeding clusters in the first month, Prandoni 2002; hazards are
	// non-proportional, high early). The ratios are [U].
	bleedRel = []float64{0.3, 1, 0.55, 0.3, 0.2, 0.15}
	// deathRel is the shape of the baseline death hazard: highest in the
	// first month, then flat to a year and lower after [U]. The cohort's
	// death hazard is more front-loaded than this baseline because the
	// frail (metastatic, high ECOG, leukocytosis) die first (DOMAIN.md 2.5:
	// CAT mortality is front-loaded; RIETE 30-day mortality 13% in an
	// unselected registry). A more front-loaded baseline cannot give both
	// 22% by 6 months and 37% by 12 months (DOMAIN.md 2.3: Hokusai 12-month
	// mortality 37-40%).
	deathRel = []float64{0.3, 1.3, 1.2, 1.2, 1.2, 0.75}
	// bleedBase and deathBase are the baseline hazards per day on each
	// piece for a patient whose linear predictor is zero.
	bleedBase = scaled(bleedScale, bleedRel...)
	deathBase = scaled(deathScale, deathRel...)
)

const (
	bleedScale = 0.000403
	deathScale = 0.000250
)

func scaled(s float64, rel ...float64) []float64 {
	out := make([]float64, len(rel))
	for i, r := range rel {
		out[i] = s * r
	}
	return out
}

// Bleeding hazard ratios (MB+CRNMB), DOMAIN.md 8 ("use log-HRs near those
// in section 3") with the section-3 source of each.
const (
	hrAnaemia      = 2.0  // 8: anaemia ~log 2 (3: OR 4.8 Bosch 2021, 7.78 Patell 2017)
	hrGILuminal    = 2.0  // 8: GI luminal ~log 2-3 (3: OR 2.96 Patell 2017)
	hrUpperGI      = 1.3  // 3: upper GI an independent B-CAT predictor, on top of GI luminal
	hrGIWithDOAC   = 1.5  // 8: "stronger with DOAC" (3: Hokusai excess confined to GI cancer, Kraaijpoel 2018)
	hrGU           = 1.7  // 8: GU ~log 1.5-2 (3: bladder, kidney, prostate, cervix in B-CAT)
	hrCNS          = 1.9  // 8: CNS ~log 1.5-2 (3: CRB HR 1.97, CATCH)
	hrMelanoma     = 1.3  // 3: melanoma in B-CAT; effect size [U]
	hrAgeOver75    = 1.8  // 8 (3: CRB HR 1.83, CATCH)
	hrPriorBleed   = 2.0  // 8 (3: RIETE's strongest item; B-CAT)
	hrMetastatic   = 1.6  // 8: ~log 1.5-2
	hrCrClBelow60  = 1.5  // 8 (3: VTE-BLEED item)
	hrPlateletsLow = 1.7  // 8: platelets < 100 (3: OR 1.7 Patell 2017)
	hrNSAID        = 2.4  // 8 (3: MB HR 2.37, Davidson 2014)
	hrAntiplatelet = 1.5  // 8 (3: MB HR 1.50, Davidson 2014)
	hrDOAC         = 1.5  // 8: DOAC vs LMWH ~1.3 (MB) / 1.65 (CRNMB); MB is ~40% of CRB
	hrVKA          = 1.56 // 2.3: CATCH CRB HR 0.64 for tinzaparin vs warfarin, inverted
	hrChemo        = 1.2  // 3: OR 1.3 (0.5-3.5), Bosch 2021
	hrSurgery      = 1.4  // 3: minor surgery in B-CAT; effect size [U]
	hrLiver        = 1.4  // 3: liver disease is a score item; effect size [U]
)

// bleedShrink multiplies every bleeding log-hazard ratio above, so the
// effective hazard ratio of a factor is HR^0.67 (anaemia 1.59, NSAID 1.80).
// With the full DOMAIN.md 8 effects the true risk would discriminate better
// (AUROC about 0.75 in large samples) than any published CAT model; the
// shrinkage brings the achievable AUROC to about 0.675 (DOMAIN.md 8:
// "achievable C about 0.65-0.72", published models 0.61-0.70).
const bleedShrink = 0.67

// Death hazard ratios [U except where noted]: death is driven by metastatic
// disease, performance status, leukocytosis (DOMAIN.md 2.5: WBC in the top
// quartile OR 7.8 for early death, RIETE CAT), hypoalbuminaemia and the
// cancer site (siteDef.deathHR).
const (
	hrDeathMetastatic = 2.0
	hrDeathECOG       = 1.3 // per ECOG point
	hrDeathWBCOver11  = 1.7
	hrDeathAlbumin    = 1.04 // per g/L below 35 (and its inverse above)
	hrDeathAge10      = 1.25 // per 10 years
	hrDeathAnaemia    = 1.3
	hrDeathHF         = 1.3
	// hrDeathAfterBleed raises the death hazard after a bleed [U]; a
	// bleed is fatal with probability pFatalBleed (DOMAIN.md 2.1: fatal
	// bleeding is major; a few percent of CRB events [U]).
	hrDeathAfterBleed = 1.5
	pFatalBleed       = 0.03
	// ltfuPerYear is the rate of loss to follow-up (emigration, transfer
	// out of the hospital's area) [U]: small in a Norwegian registry.
	ltfuPerYear = 0.015
)

// bleedLP returns the bleeding linear predictor (log relative hazard).
func bleedLP(p *patient) float64 {
	x := 0.0
	add := func(b bool, hr float64) {
		if b {
			x += math.Log(hr)
		}
	}
	add(p.anaemic(), hrAnaemia)
	add(p.giLuminal(), hrGILuminal)
	add(p.upperGI(), hrUpperGI)
	add(p.giLuminal() && p.ac == "doac", hrGIWithDOAC)
	add(p.gu(), hrGU)
	add(p.cns(), hrCNS)
	add(p.site.name == "melanoma", hrMelanoma)
	add(p.age > 75, hrAgeOver75)
	add(p.priorBleed, hrPriorBleed)
	add(p.metastatic, hrMetastatic)
	add(p.crcl() < 60, hrCrClBelow60)
	add(p.lab["platelets"] < 100, hrPlateletsLow)
	add(p.nsaid, hrNSAID)
	add(p.antiplatelet, hrAntiplatelet)
	add(p.ac == "doac", hrDOAC)
	add(p.ac == "vka", hrVKA)
	add(p.chemo, hrChemo)
	add(p.surgery, hrSurgery)
	add(p.liver, hrLiver)
	return bleedShrink * x
}

// deathLP returns the death linear predictor (log relative hazard).
func deathLP(p *patient) float64 {
	x := math.Log(p.site.deathHR)
	x += b2f(p.metastatic) * math.Log(hrDeathMetastatic)
	x += float64(p.ecog) * math.Log(hrDeathECOG)
	x += b2f(p.lab["leukocytes"] > 11) * math.Log(hrDeathWBCOver11)
	x += (35 - p.lab["albumin"]) * math.Log(hrDeathAlbumin)
	x += (p.age - 68) / 10 * math.Log(hrDeathAge10)
	x += b2f(p.anaemic()) * math.Log(hrDeathAnaemia)
	x += b2f(p.hf) * math.Log(hrDeathHF)
	return x
}

// piece returns the piece that day d (or time t in [d, d+1)) falls in.
func piece(d int) int {
	k := 0
	for k+1 < len(pieceStart) && d >= pieceStart[k+1] {
		k++
	}
	return k
}

// solve returns the time t >= t0 at which the integral of the piecewise
// constant hazard rates (per piece) from t0 reaches e, or +Inf.
func solve(rates []float64, t0, e float64) float64 {
	k := piece(int(t0))
	t := t0
	for ; k < len(rates); k++ {
		end := math.Inf(1)
		if k+1 < len(pieceStart) {
			end = float64(pieceStart[k+1])
		}
		if rates[k] > 0 && (end-t)*rates[k] >= e {
			return t + e/rates[k]
		}
		if math.IsInf(end, 1) {
			return math.Inf(1)
		}
		e -= (end - t) * rates[k]
		t = end
	}
	return math.Inf(1)
}

// drawOutcome draws the bleed and death times and the censoring of one
// patient from its hazards: the first event of the competing bleed and
// death hazards; after a bleed, death with a raised hazard. Times are
// continuous; the export gives whole days (the day the event falls on).
// Censoring is administrative (the registry end, 2021-06-30) or loss to
// follow-up, whichever comes first.
func drawOutcome(p *patient, r *rand.Rand) {
	hb, hd := p.rates()
	tot := make([]float64, len(hb))
	for k := range hb {
		tot[k] = hb[k] + hd[k]
	}
	t := solve(tot, 0, r.ExpFloat64())
	u := r.Float64()
	bleedT, deathT := math.Inf(1), math.Inf(1)
	if !math.IsInf(t, 1) {
		if k := piece(int(t)); u < hb[k]/tot[k] {
			bleedT = t
		} else {
			deathT = t
		}
	}
	e2, u2 := r.ExpFloat64(), r.Float64()
	if !math.IsInf(bleedT, 1) {
		if u2 < pFatalBleed {
			deathT = bleedT
		} else {
			after := make([]float64, len(hd))
			for k := range hd {
				after[k] = hd[k] * hrDeathAfterBleed
			}
			deathT = solve(after, bleedT, e2)
		}
	}
	ltfu := r.ExpFloat64() / (ltfuPerYear / 365.25)
	censor := p.adminDays
	if ltfu < float64(censor) {
		censor = int(ltfu)
	}
	p.bleedDay, p.deathDay = -1, -1
	p.followup = censor
	if deathT < float64(censor+1) {
		p.deathDay = int(deathT)
		p.followup = p.deathDay
	}
	if bleedT < float64(p.followup+1) {
		p.bleedDay = int(bleedT)
	}
}

// rates returns the patient's bleeding and death hazards per day on each
// piece.
func (p *patient) rates() (hb, hd []float64) {
	eb, ed := math.Exp(p.lpBleed), math.Exp(p.lpDeath)
	hb = make([]float64, len(bleedBase))
	hd = make([]float64, len(deathBase))
	for k := range hb {
		hb[k] = bleedBase[k] * eb
		hd[k] = deathBase[k] * ed
	}
	return hb, hd
}

// truthRisks returns, for each window, the patient's true probability of
// label 1 under datasets' labelling rule without censoring (outcome.go in
// package datasets; DOMAIN.md 2.5): the probability that the first event is
// a bleed on a day in [From, To], given no bleed and no death before day
// From (the rule excludes such patients; for From = 1 this conditions on
// surviving day 0 event-free, which changes the risk by far less than 1e-6
// relative). Death competes: it ends the risk of a first bleed. It is
// computed exactly from the piecewise-constant hazards on a daily grid: on
// day d with hazards hb, hd, the first event falls in the day with
// probability 1 - exp(-(hb+hd)), and it is a bleed with probability
// hb/(hb+hd).
func truthRisks(p *patient, ws []datasets.Window) []float64 {
	hb, hd := p.rates()
	maxTo := 0
	for _, w := range ws {
		maxTo = max(maxTo, w.To)
	}
	// surv[d] = P(no event before day d); bleed[d] = P(first event is a
	// bleed on day d).
	// On piece k a day without an event has probability stay[k], and a
	// day's first event is a bleed with probability bleedDay[k].
	stay := make([]float64, len(hb))
	bleedDay := make([]float64, len(hb))
	for k := range hb {
		h := hb[k] + hd[k]
		q := -math.Expm1(-h)
		stay[k], bleedDay[k] = 1-q, q*hb[k]/h
	}
	surv := make([]float64, maxTo+2)
	bleed := make([]float64, maxTo+1)
	surv[0] = 1
	for d := 0; d <= maxTo; d++ {
		k := piece(d)
		bleed[d] = surv[d] * bleedDay[k]
		surv[d+1] = surv[d] * stay[k]
	}
	out := make([]float64, len(ws))
	for i, w := range ws {
		var s float64
		for d := w.From; d <= w.To; d++ {
			s += bleed[d]
		}
		out[i] = s / surv[w.From]
	}
	return out
}
