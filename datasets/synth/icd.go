package synth

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// nICD is the number of ICD-10 indicator columns: 488 attributes in the
// published cohort (DOMAIN.md 1.2) less the baseline and biochemistry columns.
var nICD = nPredictors - len(baselineCols) - len(labs)

// nPredictors is the number of candidate predictors of the TROLL CAT data
// set (DOMAIN.md 1.2: "488 attributes").
const nPredictors = 488

// informativeCodes are the WHO ICD-10 codes (dot-less, DOMAIN.md 6) that the
// generator sets from the patient's baseline: cancer site and metastases
// (6.3), the index VTE (6.5), prior bleeding (6.4) and the comorbidities of
// the Charlson and Elixhauser lists and of 6.6. A patient has an indicator
// for a 3-character code when he has the code or any of its subcodes, so a
// parent (C79) is set whenever a child (C793) is.
var informativeCodes = []string{
	// Cancer sites (6.3).
	"C01", "C09", "C10", "C15", "C16", "C17", "C18", "C19", "C20", "C22", "C23", "C24", "C25",
	"C32", "C34", "C43", "C45", "C49", "C50", "C53", "C54", "C56", "C61", "C62", "C64", "C67",
	"C71", "C73", "C81", "C82", "C83", "C85", "C90", "C91", "C92",
	// Metastases and unknown primary (6.3): nodes, respiratory/digestive
	// (liver C787), other sites (brain C793, bone C795).
	"C77", "C78", "C787", "C79", "C793", "C795", "C80",
	// Index VTE (6.5): PE, DVT, portal vein, other veins.
	"I26", "I80", "I81", "I82",
	// Prior bleeding (6.4).
	"K920", "K921", "K922", "K625", "R31", "R040", "R042", "I60", "I61", "I62", "D62", "D500",
	"N938", "N950", "H431",
	// Comorbidity (6.1, 6.2, 6.6).
	"I10", "I11", "I20", "I21", "I25", "I48", "I50", "I63", "I64", "I69",
	"E10", "E11", "E66", "N18", "N184", "N185", "Z992",
	"K70", "K703", "K74", "K746", "I850", "B18", "J44", "F10",
	"D65", "D68", "D69", "D693", "D696", "D70", "D630", "D649", "D509",
	"E87", "E43", "R634", "R64", "Z511", "Z510", "Z867", "Z921", "W19", "R296",
}

// noiseCodes are common WHO ICD-10 3-character codes set at random, with
// prevalences that do not depend on the outcome (DOMAIN.md 8: "many
// irrelevant ICD-10 features" to reproduce the high-dimensional, low-EPV
// setting). Only as many as needed to reach nICD are used: an evenly spaced
// selection of this list, so every chapter contributes.
// None of them is a code that the baseline flags decide (e.g. I12, J43, N19
// are left out because hypertension, COPD and renal disease set their
// codes).
var noiseCodes = []string{
	// Z: factors influencing health status.
	"Z00", "Z01", "Z03", "Z04", "Z08", "Z09", "Z11", "Z12", "Z13", "Z29", "Z40", "Z41", "Z43",
	"Z45", "Z47", "Z48", "Z50", "Z51", "Z53", "Z54", "Z59", "Z60", "Z63", "Z71", "Z72", "Z73",
	"Z74", "Z75", "Z76", "Z80", "Z82", "Z83", "Z85", "Z86", "Z87", "Z88", "Z90", "Z91", "Z92",
	"Z93", "Z94", "Z95", "Z96", "Z97", "Z98", "Z99",
	// R: symptoms and findings.
	"R00", "R01", "R02", "R05", "R06", "R07", "R09", "R10", "R11", "R12", "R13", "R14", "R15",
	"R17", "R18", "R19", "R20", "R21", "R22", "R23", "R25", "R26", "R27", "R29", "R30", "R32",
	"R33", "R34", "R35", "R39", "R40", "R41", "R42", "R44", "R45", "R47", "R50", "R51", "R52",
	"R53", "R54", "R55", "R56", "R57", "R59", "R60", "R61", "R63", "R68", "R69", "R73", "R74",
	"R76", "R77", "R79", "R80", "R82", "R84", "R87", "R90", "R91", "R93", "R94",
	// M: musculoskeletal.
	"M10", "M13", "M15", "M16", "M17", "M19", "M25", "M47", "M48", "M50", "M51", "M53", "M54",
	"M62", "M65", "M67", "M70", "M72", "M75", "M76", "M77", "M79", "M80", "M81", "M84", "M85",
	"M86", "M89",
	// H: eye and ear.
	"H00", "H01", "H02", "H04", "H10", "H11", "H16", "H18", "H25", "H26", "H33", "H34", "H35",
	"H40", "H43", "H47", "H52", "H53", "H54", "H57", "H60", "H61", "H65", "H66", "H81", "H83",
	"H90", "H91", "H92", "H93",
	// L: skin.
	"L02", "L03", "L08", "L20", "L21", "L23", "L25", "L27", "L28", "L29", "L30", "L40", "L50",
	"L53", "L57", "L60", "L71", "L72", "L82", "L84", "L89", "L90", "L97", "L98",
	// K: digestive (peptic ulcer, GORD, diverticula: DOMAIN.md 6.6).
	"K02", "K04", "K05", "K08", "K11", "K12", "K13", "K20", "K21", "K22", "K25", "K26", "K29",
	"K30", "K31", "K35", "K40", "K42", "K43", "K44", "K46", "K50", "K51", "K52", "K56", "K57",
	"K58", "K59", "K60", "K61", "K62", "K63", "K64", "K65", "K66", "K80", "K81", "K82", "K83",
	"K85", "K86", "K90", "K91",
	// J: respiratory.
	"J00", "J01", "J02", "J03", "J06", "J10", "J11", "J12", "J13", "J15", "J18", "J20", "J22",
	"J30", "J31", "J32", "J34", "J35", "J38", "J39", "J45", "J47", "J69", "J80", "J81", "J84",
	"J86", "J90", "J91", "J93", "J94", "J96", "J98",
	// N: genitourinary (N40-N51 men only, N60-N98 women only).
	"N10", "N13", "N17", "N20", "N23", "N28", "N30", "N32", "N35", "N39", "N40", "N41", "N42",
	"N43", "N45", "N48", "N60", "N61", "N63", "N64", "N70", "N76", "N80", "N81", "N83", "N84",
	"N85", "N87", "N89", "N92", "N93", "N94", "N95",
	// E: endocrine and metabolic.
	"E03", "E04", "E05", "E06", "E07", "E16", "E21", "E22", "E23", "E27", "E53", "E55", "E61",
	"E63", "E78", "E79", "E83", "E86", "E88", "E89",
	// F and G: mental and nervous system.
	"F01", "F03", "F05", "F06", "F07", "F17", "F19", "F20", "F23", "F31", "F32", "F33", "F34",
	"F40", "F41", "F43", "F45", "F51", "F60",
	"G20", "G25", "G30", "G35", "G40", "G43", "G44", "G45", "G47", "G50", "G51", "G56", "G57",
	"G58", "G61", "G62", "G63", "G81", "G82", "G91", "G93", "G95", "G96", "G97",
	// I: circulatory, other than the flags' codes.
	"I05", "I07", "I08", "I27", "I31", "I33", "I34", "I35", "I36", "I37", "I38", "I40", "I42",
	"I44", "I45", "I46", "I47", "I49", "I51", "I65", "I67", "I70", "I71", "I72", "I73", "I74",
	"I77", "I78", "I83", "I86", "I87", "I88", "I89", "I95", "I97", "I99",
	// D: benign neoplasms and blood.
	"D12", "D17", "D22", "D23", "D25", "D36", "D37", "D38", "D44", "D47", "D51", "D52", "D53",
	"D59", "D61", "D64", "D72", "D73", "D75", "D86", "D89",
	// A, B: infections. C44: non-melanoma skin cancer (not "active cancer").
	"A04", "A08", "A09", "A41", "A49", "B02", "B34", "B37", "B95", "B96", "B99", "C44",
	// S, T: injuries and complications.
	"S00", "S01", "S09", "S22", "S32", "S42", "S52", "S62", "S72", "S82", "T14", "T78",
	"T81", "T88",
}

// commonNoise holds the prevalence at age 68 of noise codes that are common
// in hospital-coded older cancer patients [U: plausible orders of magnitude,
// not from a source]: symptoms of cancer and PE, common chronic conditions,
// follow-up and history codes. BPH (N40) is among men.
var commonNoise = map[string]float64{
	"R52": 0.08, "M54": 0.07, "R06": 0.08, "R07": 0.06, "R10": 0.08, "R11": 0.06, "R50": 0.05,
	"R53": 0.06, "R60": 0.05, "R59": 0.03, "R91": 0.04, "R93": 0.03, "R00": 0.04, "R18": 0.03,
	"E78": 0.12, "E03": 0.06, "E55": 0.03, "E86": 0.04, "J18": 0.07, "J96": 0.03, "J45": 0.05,
	"N39": 0.06, "N40": 0.12, "K59": 0.05, "K21": 0.06, "K57": 0.05, "K80": 0.04, "K29": 0.03,
	"F32": 0.06, "F41": 0.04, "G47": 0.03, "G62": 0.03, "H25": 0.05, "H40": 0.03, "H90": 0.03,
	"M81": 0.04, "M17": 0.04, "M16": 0.03, "I70": 0.03, "I49": 0.03, "I95": 0.02, "A41": 0.02,
	"D64": 0.05, "L89": 0.02, "Z85": 0.10, "Z90": 0.08, "Z08": 0.06, "Z09": 0.05, "Z92": 0.05,
	"Z95": 0.04, "Z96": 0.04, "Z86": 0.04, "Z87": 0.04, "Z88": 0.04, "Z03": 0.04, "Z74": 0.03,
	"Z93": 0.02,
}

// icdCodes are the codes of the ICD-10 columns in column order:
// informativeCodes, then the chosen noise codes in alphabetical order;
// icdIndex maps a code to its position.
var (
	icdCodes []string
	icdIndex map[string]int
	// icdParent[i] is the position of code i's 3-character parent, or -1.
	icdParent []int
	// noisePrev[i][a] is noise code i's prevalence at age a (whole years,
	// 0-120); nil for informative codes.
	noisePrev [][]float64
)

func init() {
	if nICD > len(informativeCodes)+len(noiseCodes) {
		panic("synth: too few ICD-10 codes to reach 488 predictors")
	}
	need := nICD - len(informativeCodes)
	chosen := make([]string, need)
	for k := range chosen {
		chosen[k] = noiseCodes[k*len(noiseCodes)/need]
	}
	sort.Strings(chosen)
	icdCodes = append(append([]string(nil), informativeCodes...), chosen...)
	icdIndex = make(map[string]int, len(icdCodes))
	for i, c := range icdCodes {
		if _, dup := icdIndex[c]; dup {
			panic("synth: duplicate ICD-10 code " + c)
		}
		icdIndex[c] = i
	}
	icdParent = make([]int, len(icdCodes))
	for i, c := range icdCodes {
		icdParent[i] = -1
		if j, ok := icdIndex[c[:3]]; ok && len(c) > 3 {
			icdParent[i] = j
		}
	}
	noisePrev = make([][]float64, len(icdCodes))
	for i := len(informativeCodes); i < len(icdCodes); i++ {
		// Prevalence at age 68: the common codes as listed, the others
		// between 0.5% and 4%, skewed to rare (median about 0.8%); an age
		// slope in [-0.01, 0.04] log-odds per year. Both are fixed by the
		// code itself (not by the seed), so every seed samples the same
		// population [U].
		u1, u2 := codeHash(icdCodes[i])
		prev, ok := commonNoise[icdCodes[i]]
		if !ok {
			prev = math.Exp(math.Log(0.005) + u1*u1*math.Log(0.04/0.005))
		}
		slope := -0.01 + 0.05*u2
		noisePrev[i] = make([]float64, 121)
		for a := range noisePrev[i] {
			noisePrev[i][a] = ageAdjusted(prev, slope, float64(a))
		}
	}
}

// codeHash maps a code to two numbers in [0, 1).
func codeHash(code string) (float64, float64) {
	h := fnv.New64a()
	h.Write([]byte(code))
	v := h.Sum64()
	return float64(v>>40) / (1 << 24), float64((v>>16)&0xFFFFFF) / (1 << 24)
}

// noiseSex returns 'M' or 'F' for sex-specific genital codes, else 0.
func noiseSex(code string) byte {
	switch {
	case code >= "N40" && code <= "N51":
		return 'M'
	case code >= "N60" && code <= "N98", code == "D25":
		return 'F'
	}
	return 0
}

// drawICD sets the patient's ICD-10 indicators. The informative codes follow
// the baseline, with the coding completeness of each noted [U]; the
// consistency rules are exact: the site's code is always present, C77-C80
// only with metastatic disease, I26/I80/I81-I82 by the index VTE type, the
// prior-bleeding codes exactly when prior_bleeding is 1, and each flag's
// code (I10/I11, E10/E11, I50, I48, I25, I63/I64, N18, J44, K70/K74/B18)
// exactly when the flag is 1.
func drawICD(p *patient, r *rand.Rand) {
	p.icd = make([]bool, len(icdCodes))
	set := func(code string) {
		i, ok := icdIndex[code]
		if !ok {
			panic("synth: unknown ICD-10 code " + code)
		}
		p.icd[i] = true
	}
	maybe := func(q float64, code string) bool {
		if bern(r, q) {
			set(code)
			return true
		}
		return false
	}
	// Exactly one of the listed codes, by weight.
	one := func(ws ...weighted) { set(pick(r, ws)) }

	set(p.siteCode)
	if p.metastatic {
		any := false
		if p.liverMets {
			set("C787")
			any = true
		}
		if p.lungMets {
			set("C78")
			any = true
		}
		if p.boneMets {
			set("C795")
			any = true
		}
		if p.brainMet {
			set("C793")
			any = true
		}
		if p.nodeMets {
			set("C77")
			any = true
		}
		if !any {
			one(weighted{"C78", 0.6}, weighted{"C79", 0.4}) // peritoneum, pleura, other
		}
	}

	switch p.vte {
	case "pe":
		set("I26")
		maybe(0.3, "I80") // concomitant DVT
	case "dvt":
		set("I80")
	default:
		if p.site.name == "pancreas" || p.site.name == "hepatobiliary" {
			one(weighted{"I81", 0.6}, weighted{"I82", 0.4})
		} else {
			one(weighted{"I81", 0.15}, weighted{"I82", 0.85})
		}
	}

	if p.priorBleed {
		// GI bleeding dominates; sites follow the cancer [U].
		ws := []weighted{{"K922", 0.2}, {"K921", 0.1}, {"K920", 0.05}, {"K625", 0.08}, {"R31", 0.12},
			{"R040", 0.1}, {"R042", 0.07}, {"I61", 0.03}, {"I60", 0.02}, {"I62", 0.02}, {"D62", 0.08},
			{"D500", 0.05}, {"H431", 0.02}}
		if !p.male {
			ws = append(ws, weighted{"N938", 0.05}, weighted{"N950", 0.05})
		}
		if p.site.gi {
			ws = append(ws, weighted{"K922", 0.3}, weighted{"K625", 0.1})
		}
		if p.site.gu {
			ws = append(ws, weighted{"R31", 0.3})
		}
		if p.site.name == "lung" {
			ws = append(ws, weighted{"R042", 0.25})
		}
		one(ws...)
		if bern(r, 0.35) {
			one(ws...) // a second bleeding code
		}
	}

	if p.htn {
		one(weighted{"I10", 0.85}, weighted{"I11", 0.15})
	}
	if p.diabetes {
		one(weighted{"E11", 0.92}, weighted{"E10", 0.08})
	}
	if p.hf {
		set("I50")
	}
	if p.af {
		set("I48")
	}
	if p.cad {
		set("I25")
		maybe(0.3, "I20")
		maybe(0.2, "I21")
	}
	if p.stroke {
		one(weighted{"I63", 0.8}, weighted{"I64", 0.2})
		maybe(0.5, "I69")
	}
	if p.renal {
		set("N18")
		switch u := r.Float64(); {
		case u < 0.2:
			set("N184")
		case u < 0.28:
			set("N185")
			maybe(0.5, "Z992") // dialysis
		}
	}
	if p.copd {
		set("J44")
	}
	if p.liver {
		switch {
		case p.alcohol && bern(r, 0.6):
			set("K70")
			maybe(0.5, "K703") // alcoholic cirrhosis
		case bern(r, 0.25):
			set("B18")
		default:
			set("K74")
			maybe(0.4, "K746")
		}
		maybe(0.1, "I850")
	}
	if p.alcohol {
		maybe(0.7, "F10")
	}
	if p.falls {
		if !maybe(0.6, "W19") {
			set("R296")
		}
	}
	if p.chemo {
		maybe(0.8, "Z511")
	}
	if p.radio {
		maybe(0.8, "Z510")
	}
	if p.priorVTE {
		maybe(0.6, "Z867")
		maybe(0.25, "Z921")
	}
	if p.bmi() >= 30 {
		maybe(0.35, "E66")
	}
	if p.anaemic() {
		maybe(0.2, "D630")
		maybe(0.12, "D649")
		if p.lab["ferritin"] < 30 {
			maybe(0.4, "D509")
		}
	}
	if p.lab["platelets"] < 100 {
		maybe(0.35, "D696")
		maybe(0.03, "D693")
	}
	if p.lab["neutrophils"] < 1.5 {
		maybe(0.4, "D70")
	}
	if p.lab["sodium"] < 130 {
		maybe(0.5, "E87")
	}
	if p.frailty > 1.2 {
		maybe(0.25, "R634")
		maybe(0.15, "R64")
		maybe(0.1, "E43")
	}
	// Coagulopathy: DIC in metastatic disease, other defects with liver
	// disease [U] (Elixhauser coagulopathy, DOMAIN.md 6.2).
	if p.metastatic {
		maybe(0.015, "D65")
	}
	maybe(0.01+0.1*b2f(p.liver), "D68")

	for i := len(informativeCodes); i < len(icdCodes); i++ {
		u := r.Float64() // always drawn, so the stream does not depend on sex
		switch noiseSex(icdCodes[i]) {
		case 'M':
			if !p.male {
				continue
			}
		case 'F':
			if p.male {
				continue
			}
		}
		if u < noisePrev[i][int(p.age)] {
			p.icd[i] = true
		}
	}
	for i, j := range icdParent {
		if j >= 0 && p.icd[i] {
			p.icd[j] = true
		}
	}
}

// icdColumn returns the column name of a code, e.g. icd_C18.
func icdColumn(code string) string { return "icd_" + strings.ToUpper(code) }
