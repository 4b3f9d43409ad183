package scores

import (
	"testing"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

// Expected points are worked by hand from DOMAIN.md section 4; each case's
// comment shows the sum. healthy() is a 50-year-old man without cancer, SBP
// 120, Hb 14.5, CrCl 110, creatinine 80 µmol/L, everything else known
// absent.

func TestVTEBleed(t *testing.T) {
	runCases(t, VTEBleed{}, []scoreCase{
		{name: "healthy: 0", points: 0, category: CategoryLow, complete: true},
		{
			// cancer 2 + male SBP exactly 140 → 1 + age exactly 60 → 1.5;
			// Hb exactly 13 (man) is not < 13; CrCl exactly 60 is not < 60.
			// 2 + 1 + 1.5 = 4.5, high.
			name: "boundaries age 60 SBP 140 Hb 13 CrCl 60",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.Age, p.SBP, p.Haemoglobin, p.CrCl = obs(60), obs(140), obs(13), labs(60)
			},
			points: 4.5, category: CategoryHigh, complete: true,
			status: map[int]ItemStatus{5: Derived},
		},
		{
			// Woman: SBP 170 scores nothing; Hb 11.9 < 12 → 1.5; prior
			// bleeding from ICD-10 → 1.5; age 59 → 0; CrCl 59.9 → 1.5.
			// 2 + 1.5 + 1.5 + 1.5 = 6.5, high.
			name: "woman Hb 11.9 bleeding CrCl 59.9",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.Female, p.SBP, p.Haemoglobin, p.Age, p.CrCl = yes, obs(170), obs(11.9), obs(59), labs(59.9)
				p.PriorBleeding, p.PriorGIBleeding = icdYes, icdYes
			},
			points: 6.5, category: CategoryHigh, complete: true,
			status: map[int]ItemStatus{1: Available, 3: Derived},
		},
		{
			// Woman Hb exactly 12 is not anaemic: cancer 2 only.
			name:    "woman Hb exactly 12",
			patient: func(p *clinical.Patient) { withCancer(p); p.Female, p.Haemoglobin = yes, obs(12) },
			points:  2, category: CategoryHigh, complete: true,
		},
		{
			// No cancer, age exactly 60: 1.5 < 2, low.
			name:    "no cancer age 60",
			patient: func(p *clinical.Patient) { p.Age = obs(60) },
			points:  1.5, category: CategoryLow, complete: true,
		},
		{
			// No cancer, age 60 → 1.5 + man Hb 12.5 → 1.5 = 3, high.
			name:    "no cancer age 60 man Hb 12.5",
			patient: func(p *clinical.Patient) { p.Age, p.Haemoglobin = obs(60), obs(12.5) },
			points:  3, category: CategoryHigh, complete: true,
		},
		{
			// SBP unknown: the UncontrolledHypertension flag decides (1).
			// Age and CrCl unknown: Missing, 0 points. 2 + 1 = 3.
			name: "missing age and CrCl, flag for SBP",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.SBP, p.UncontrolledHypertension = clinical.Num{}, yes
				p.Age, p.CrCl = clinical.Num{}, clinical.Num{}
			},
			points: 3, category: CategoryHigh, complete: false,
			status: map[int]ItemStatus{1: Available, 4: Missing, 5: Missing},
		},
		{
			// Sex unknown: "male with ..." cannot be decided with SBP 150;
			// Hb 11 is anaemia for both sexes (1.5). 2 + 1.5 = 3.5.
			name: "sex unknown",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.Female, p.SBP, p.Haemoglobin = unk, obs(150), obs(11)
			},
			points: 3.5, category: CategoryHigh, complete: false,
			status: map[int]ItemStatus{1: Missing, 2: Available},
		},
		{
			// Sex unknown, Hb 12.5: anaemic if male, not if female → Missing,
			// unless the Anaemia flag is known. Here it is not: 2.
			name: "sex unknown Hb 12.5",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.Female, p.Haemoglobin, p.Anaemia = unk, obs(12.5), unk
			},
			points: 2, category: CategoryHigh, complete: false,
			status: map[int]ItemStatus{1: Available, 2: Missing},
		},
	})
}

func TestRIETE(t *testing.T) {
	runCases(t, RIETE{}, []scoreCase{
		{name: "healthy: 0", points: 0, category: CategoryLow, complete: true},
		{
			// Recent MB 2 + creatinine 107 > 106.1 → 1.5 + man Hb 12.9 → 1.5
			// + cancer 1 + PE 1 + age 76 → 1 = 8, high.
			name: "all items",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.RecentMajorBleeding, p.Creatinine, p.Haemoglobin = yes, obs(107), obs(12.9)
				p.PE, p.Age = yes, obs(76)
			},
			points: 8, category: CategoryHigh, complete: true,
		},
		{
			// Age exactly 75 (not > 75), creatinine exactly 106 (1.199 mg/dL,
			// not > 1.2), woman Hb exactly 12 (not < 12); cancer 1 + PE 1 = 2,
			// intermediate.
			name: "boundaries age 75 creatinine 106 Hb 12",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.Age, p.Creatinine, p.Female, p.Haemoglobin, p.PE = obs(75), obs(106), yes, obs(12), yes
			},
			points: 2, category: CategoryIntermediate, complete: true,
		},
		{
			// Recent MB 2 + cancer 1 + age 80 → 1 = 4: the top of intermediate.
			name: "4 is intermediate",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.RecentMajorBleeding, p.Age = yes, obs(80)
			},
			points: 4, category: CategoryIntermediate, complete: true,
		},
		{
			// Recent MB 2 + cancer 1 + PE 1 + creatinine 107 → 1.5 = 5.5, high.
			name: "5.5 is high",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.RecentMajorBleeding, p.PE, p.Creatinine = yes, yes, obs(107)
			},
			points: 5.5, category: CategoryHigh, complete: true,
		},
		{
			// Recent MB unknown but no prior bleeding at all → decided 0.
			name:    "recent MB ruled out by no prior bleeding",
			patient: func(p *clinical.Patient) { p.RecentMajorBleeding, p.PriorMajorBleeding = unk, unk },
			points:  0, category: CategoryLow, complete: true,
			status: map[int]ItemStatus{0: Available},
		},
		{
			// Recent MB and every prior-bleeding flag unknown → Missing, 0;
			// cancer 1.
			name: "recent MB missing",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.RecentMajorBleeding, p.PriorMajorBleeding, p.PriorBleeding = unk, unk, unk
			},
			points: 1, category: CategoryIntermediate, complete: false,
			status: map[int]ItemStatus{0: Missing},
		},
	})
}

func TestHASBLED(t *testing.T) {
	runCases(t, HASBLED{}, []scoreCase{
		{name: "healthy: 0", points: 0, category: CategoryLow, complete: true},
		{
			// Age exactly 65 (not > 65), SBP exactly 160 (not > 160): 0.
			// Creatinine exactly 200 → A renal 1; man Hb 12 → B 1; aspirin →
			// D 1. L and alcohol unknown on a DOAC → assumed absent.
			// 1 + 1 + 1 = 3, high; complete (assumed absent is not missing).
			name: "boundaries age 65 SBP 160 creatinine 200",
			patient: func(p *clinical.Patient) {
				p.Age, p.SBP, p.Creatinine, p.Haemoglobin = obs(65), obs(160), obs(200), obs(12)
				p.Antiplatelet, p.LabileINR, p.Alcohol = yes, unk, unk
			},
			points: 3, category: CategoryHigh, complete: true,
			status: map[int]ItemStatus{5: AssumedAbsent, 8: AssumedAbsent, 6: Available},
		},
		{
			// Age 66 → E 1; SBP 161 → H 1; woman with bilirubin 51 > 2×25 and
			// ALT 136 > 3×45 → A liver 1; stroke → S 1. 4, high.
			name: "liver by labs",
			patient: func(p *clinical.Patient) {
				p.Age, p.SBP, p.Female, p.Haemoglobin = obs(66), obs(161), yes, obs(13)
				p.Bilirubin, p.ALT, p.PriorStroke = obs(51), obs(136), yes
			},
			points: 4, category: CategoryHigh, complete: true,
		},
		{
			// The same labs in a man: ALT 136 is not > 3×70: liver 0. Age 70
			// → 1 + stroke 1 = 2, low.
			name: "liver labs below male ULN",
			patient: func(p *clinical.Patient) {
				p.Age, p.Bilirubin, p.ALT, p.PriorStroke = obs(70), obs(51), obs(136), yes
			},
			points: 2, category: CategoryLow, complete: true,
		},
		{
			// Bilirubin 30 ≤ 50 rules out the lab criterion whatever ALT is.
			name:    "liver ruled out with ALT unknown",
			patient: func(p *clinical.Patient) { p.Bilirubin, p.ALT = obs(30), clinical.Num{} },
			points:  0, category: CategoryLow, complete: true,
			status: map[int]ItemStatus{2: Available},
		},
		{
			// On a VKA with no INR-control data: L is Missing. Alcohol abuse
			// flag → 1; NSAID from ICD-10 → D drugs 1 (Derived). 2, low.
			name: "VKA without TTR",
			patient: func(p *clinical.Patient) {
				p.VKA, p.LabileINR, p.Alcohol, p.NSAID = yes, unk, yes, icdYes
			},
			points: 2, category: CategoryLow, complete: false,
			status: map[int]ItemStatus{5: Missing, 7: Derived, 8: Available},
		},
		{
			// On a VKA with labile INR → L 1; dialysis → A renal 1; prior GI
			// bleeding → B 1. 3, high.
			name: "VKA labile INR",
			patient: func(p *clinical.Patient) {
				p.VKA, p.LabileINR, p.RenalFailure, p.PriorGIBleeding = yes, yes, yes, yes
			},
			points: 3, category: CategoryHigh, complete: true,
		},
	})
}

func TestKuijer(t *testing.T) {
	runCases(t, Kuijer{}, []scoreCase{
		// Man 50 without cancer: 0, low.
		{name: "healthy: 0", points: 0, category: CategoryLow, complete: true},
		{
			// Woman, age exactly 60, cancer: 1.6 + 1.3 + 2.2 = 5.1, high.
			name:    "woman 60 cancer",
			patient: func(p *clinical.Patient) { withCancer(p); p.Female, p.Age = yes, obs(60) },
			points:  5.1, category: CategoryHigh, complete: true,
		},
		{
			// Man 59 with cancer: 2.2, intermediate.
			name:    "man 59 cancer",
			patient: func(p *clinical.Patient) { withCancer(p); p.Age = obs(59) },
			points:  2.2, category: CategoryIntermediate, complete: true,
		},
		{
			// Woman 70 without cancer: 1.6 + 1.3 = 2.9 ≤ 3, intermediate.
			name:    "woman 70 no cancer",
			patient: func(p *clinical.Patient) { p.Female, p.Age = yes, obs(70) },
			points:  2.9, category: CategoryIntermediate, complete: true,
		},
		{
			// Woman 59 with cancer: 1.3 + 2.2 = 3.5 > 3, high.
			name:    "woman 59 cancer",
			patient: func(p *clinical.Patient) { withCancer(p); p.Female, p.Age = yes, obs(59) },
			points:  3.5, category: CategoryHigh, complete: true,
		},
		{
			// Woman 59 without cancer: 1.3, intermediate (0 < points ≤ 3).
			name:    "woman 59",
			patient: func(p *clinical.Patient) { p.Female, p.Age = yes, obs(59) },
			points:  1.3, category: CategoryIntermediate, complete: true,
		},
		{
			// Sex unknown, man 65 with cancer: 1.6 + 2.2 = 3.8, Missing sex.
			name:    "sex unknown",
			patient: func(p *clinical.Patient) { withCancer(p); p.Female, p.Age = unk, obs(65) },
			points:  3.8, category: CategoryHigh, complete: false,
			status: map[int]ItemStatus{1: Missing},
		},
	})
}

func TestACCP(t *testing.T) {
	runCases(t, ACCP{}, []scoreCase{
		{
			// 0 factors, low. "Comorbidity and reduced functional capacity"
			// is assumed absent and does not make the count incomplete.
			name: "healthy: 0", points: 0, category: CategoryLow, complete: true,
			status: map[int]ItemStatus{12: Available, 13: AssumedAbsent},
		},
		{
			// Age exactly 65 is not > 65; cancer 1: moderate.
			name:    "age 65 cancer",
			patient: func(p *clinical.Patient) { withCancer(p); p.Age = obs(65) },
			points:  1, category: CategoryModerate, complete: true,
		},
		{
			// Age exactly 75: > 65 yes, > 75 no; + cancer = 2, high.
			name:    "age 75 cancer",
			patient: func(p *clinical.Patient) { withCancer(p); p.Age = obs(75) },
			points:  2, category: CategoryHigh, complete: true,
		},
		{
			// Age 76 counts twice (> 65, > 75) + cancer + metastatic = 4.
			name: "age 76 metastatic",
			patient: func(p *clinical.Patient) {
				withCancer(p)
				p.Age, p.Metastatic = obs(76), yes
			},
			points: 4, category: CategoryHigh, complete: true,
		},
		{
			// Platelets exactly 150 are not < 150: 0. Metastatic unknown is
			// ruled out by no active cancer.
			name:    "platelets 150",
			patient: func(p *clinical.Patient) { p.Platelets, p.Metastatic = obs(150), unk },
			points:  0, category: CategoryLow, complete: true,
			status: map[int]ItemStatus{4: Available},
		},
		{
			// Platelets 149 → 1; man Hb 12.9 → anaemia 1; diabetes (ICD-10)
			// 1; NSAID unknown → Missing. 3, high, incomplete.
			name: "platelets 149 anaemia diabetes",
			patient: func(p *clinical.Patient) {
				p.Platelets, p.Haemoglobin, p.Diabetes, p.NSAID = obs(149), obs(12.9), icdYes, unk
			},
			points: 3, category: CategoryHigh, complete: false,
			status: map[int]ItemStatus{9: Derived, 17: Missing},
		},
	})
}

func TestOBRI(t *testing.T) {
	runCases(t, OBRI{}, []scoreCase{
		{
			// 0, low. The fourth item is ruled out with the Hb approximation
			// (Hb 14.5 ≥ 10), so it is Derived.
			name: "healthy: 0", points: 0, category: CategoryLow, complete: true,
			status: map[int]ItemStatus{3: Derived},
		},
		{
			// Age exactly 65 → 1; diabetes (observed) → 1. 2, intermediate.
			// The fourth item is decided by diabetes: Available.
			name:    "age 65 diabetes",
			patient: func(p *clinical.Patient) { p.Age, p.Diabetes = obs(65), yes },
			points:  2, category: CategoryIntermediate, complete: true,
			status: map[int]ItemStatus{3: Available},
		},
		{
			// Age 64 → 0; stroke 1; GI bleeding 1; Hb 9.9 (Hct ≈ 29.7%) → 1,
			// Derived. 3, high.
			name: "Hb 9.9 stroke GI bleeding",
			patient: func(p *clinical.Patient) {
				p.Age, p.PriorStroke, p.PriorGIBleeding, p.Haemoglobin = obs(64), yes, yes, obs(9.9)
			},
			points: 3, category: CategoryHigh, complete: true,
			status: map[int]ItemStatus{3: Derived},
		},
		{
			// Hb exactly 10 (Hct ≈ 30%, not < 30) and creatinine 132 µmol/L
			// (1.493 mg/dL, not > 1.5): 0.
			name:    "Hb 10 creatinine 132",
			patient: func(p *clinical.Patient) { p.Haemoglobin, p.Creatinine = obs(10), obs(132) },
			points:  0, category: CategoryLow, complete: true,
		},
		{
			// Diabetes (observed) and Hb 9 (approximated) both qualify: one
			// observed condition suffices, so the item is Available. 1.
			name:    "diabetes and Hb 9",
			patient: func(p *clinical.Patient) { p.Diabetes, p.Haemoglobin = yes, obs(9) },
			points:  1, category: CategoryIntermediate, complete: true,
			status: map[int]ItemStatus{3: Available},
		},
		{
			// Creatinine 133 µmol/L = 1.504 mg/dL > 1.5 → 1, intermediate.
			name:    "creatinine 133",
			patient: func(p *clinical.Patient) { p.Creatinine = obs(133) },
			points:  1, category: CategoryIntermediate, complete: true,
			status: map[int]ItemStatus{3: Available},
		},
		{
			// Age 80, stroke, GI bleeding, recent MI: 4, high.
			name: "all four",
			patient: func(p *clinical.Patient) {
				p.Age, p.PriorStroke, p.PriorGIBleeding, p.RecentMI = obs(80), yes, yes, yes
			},
			points: 4, category: CategoryHigh, complete: true,
		},
		{
			// GI bleeding unknown but no prior bleeding at all → 0; diabetes
			// unknown with the others negative → the fourth item Missing.
			name:    "GI ruled out, fourth missing",
			patient: func(p *clinical.Patient) { p.PriorGIBleeding, p.Diabetes = unk, unk },
			points:  0, category: CategoryLow, complete: false,
			status: map[int]ItemStatus{2: Available, 3: Missing},
		},
	})
}

func TestKhorana(t *testing.T) {
	runCases(t, Khorana{}, []scoreCase{
		{name: "healthy: 0", points: 0, category: CategoryLow, complete: true},
		{
			// Pancreas 2 + platelets exactly 350 → 1 + BMI exactly 35 → 1;
			// Hb exactly 10 (not < 10), WBC exactly 11 (not > 11): 4, high.
			name: "pancreas boundaries",
			patient: func(p *clinical.Patient) {
				withCancer(p, "pancreas")
				p.Platelets, p.BMI, p.Haemoglobin, p.Leukocytes = obs(350), obs(35), obs(10), obs(11)
			},
			points: 4, category: CategoryHigh, complete: true,
			status: map[int]ItemStatus{0: Derived},
		},
		{
			// Breast cancer: 0, low.
			name:    "breast",
			patient: func(p *clinical.Patient) { withCancer(p, "breast") },
			points:  0, category: CategoryLow, complete: true,
		},
		{
			// Lung and stomach: the highest site, 2; WBC 12 → 1. 3, high.
			name: "lung and stomach",
			patient: func(p *clinical.Patient) {
				withCancer(p, "lung", "stomach")
				p.Leukocytes = obs(12)
			},
			points: 3, category: CategoryHigh, complete: true,
		},
		{
			// Lymphoma 1 + ESA → 1 (Hb 11): 2, intermediate.
			name:    "lymphoma ESA",
			patient: func(p *clinical.Patient) { withCancer(p, "lymphoma"); p.Haemoglobin, p.ESA = obs(11), yes },
			points:  2, category: CategoryIntermediate, complete: true,
		},
		{
			// Sites unknown: Missing. Hb 9 → 1.
			name: "sites unknown",
			patient: func(p *clinical.Patient) {
				p.CancerSites, p.CancerSiteSource = nil, clinical.Missing
				p.Haemoglobin = obs(9)
			},
			points: 1, category: CategoryIntermediate, complete: false,
			status: map[int]ItemStatus{0: Missing, 2: Available},
		},
	})
}
