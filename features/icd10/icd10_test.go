package icd10

import (
	"maps"
	"slices"
	"testing"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

func keys(m map[string]bool) []string {
	var k []string
	for key, v := range m {
		if v {
			k = append(k, key)
		}
	}
	slices.Sort(k)
	return k
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		codes, prefixes []string
		want            bool
	}{
		{[]string{"C787"}, []string{"C77", "C78"}, true},
		{[]string{"C7"}, []string{"C77"}, false},                  // "C7" is shorter than C77
		{[]string{"I2"}, IndexVTE.Prefixes, false},                // "I2" is not a code
		{[]string{"I252"}, []string{"I255"}, false},               // old MI is not CHF
		{[]string{"C80"}, CharlsonCategories[13].Prefixes, false}, // canc stops at C76, resumes at C81
		{[]string{"K2501"}, []string{"K250"}, true},               // a national 5th character still matches
		{nil, []string{"I10"}, false},
		{[]string{"I10"}, nil, false},
	} {
		if got := Match(tc.codes, tc.prefixes); got != tc.want {
			t.Errorf("Match(%v, %v) = %v, want %v", tc.codes, tc.prefixes, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	got := Clean([]string{" c18.7 ", "C187", "I2", "C7A", "", "D68.32", "i26.9"})
	want := []string{"C187", "D6832", "I269"}
	if !slices.Equal(got, want) {
		t.Errorf("Clean = %v, want %v", got, want)
	}
}

// Charlson example patient (DOMAIN.md 6.1 weights), by hand:
//
//	I252 ami, I50 chf, E112 diabwc, E119 diab, C18 canc, C787 metacanc,
//	K703 mld, K766 msld; hierarchy drops diab, canc and mld.
//	Charlson 1987: ami 1 + chf 1 + diabwc 2 + metacanc 6 + msld 3 = 13
//	  (without the hierarchy 13 + diab 1 + canc 2 + mld 1 = 17).
//	Quan 2011:     ami 0 + chf 2 + diabwc 1 + metacanc 6 + msld 4 = 13
//	  (without the hierarchy 13 + diab 0 + canc 2 + mld 2 = 17).
//	Non-cancer (metacanc out): 1987 7, Quan 2011 7.
//
// Second patient, no hierarchy at play:
//
//	J44 copd, M05 rheumd, N185 rend, G81 hp, F03 dementia, B20 aids,
//	K254 pud, C34 canc.
//	Charlson 1987: 1 + 1 + 2 + 2 + 1 + 6 + 1 + 2 = 16; non-cancer 14.
//	Quan 2011:     1 + 1 + 1 + 2 + 2 + 4 + 0 + 2 = 13; non-cancer 11.
func TestCharlson(t *testing.T) {
	p1 := []string{"I252", "I50", "E112", "E119", "C18", "C787", "K703", "K766"}
	p2 := []string{"J44", "M05", "N185", "G81", "F03", "B20", "K254", "C34"}
	for _, tc := range []struct {
		name           string
		codes          []string
		w              Weights
		flags          []string
		score, noncanc int
	}{
		{"p1 1987", p1, Charlson1987, []string{"ami", "canc", "chf", "diab", "diabwc", "metacanc", "mld", "msld"}, 13, 7},
		{"p1 Quan 2011", p1, Quan2011, []string{"ami", "canc", "chf", "diab", "diabwc", "metacanc", "mld", "msld"}, 13, 7},
		{"p2 1987", p2, Charlson1987, []string{"aids", "canc", "copd", "dementia", "hp", "pud", "rend", "rheumd"}, 16, 14},
		{"p2 Quan 2011", p2, Quan2011, []string{"aids", "canc", "copd", "dementia", "hp", "pud", "rend", "rheumd"}, 13, 11},
		{"no codes", nil, Quan2011, nil, 0, 0},
		{"cancer only", []string{"C509"}, Quan2011, []string{"canc"}, 2, 0},
	} {
		r := Charlson(tc.codes, tc.w)
		if got := keys(r.Flags); !slices.Equal(got, tc.flags) {
			t.Errorf("%s: flags %v, want %v", tc.name, got, tc.flags)
		}
		if r.Score != tc.score || r.NonCancer != tc.noncanc {
			t.Errorf("%s: score %d non-cancer %d, want %d and %d", tc.name, r.Score, r.NonCancer, tc.score, tc.noncanc)
		}
	}
}

// One code from every category: the maxima are Quan 2011 24 (DOMAIN.md 6.1)
// and Charlson 1987 29 (8 x 1 + liver 3 + diabetes 2 + hp 2 + renal 2 +
// metastatic 6 + AIDS 6), non-cancer 18 and 23.
func TestCharlsonMaximum(t *testing.T) {
	var all []string
	for _, c := range CharlsonCategories {
		all = append(all, c.Prefixes[0])
	}
	for _, tc := range []struct {
		w              Weights
		score, noncanc int
	}{{Quan2011, 24, 18}, {Charlson1987, 29, 23}} {
		r := Charlson(all, tc.w)
		if len(r.Flags) != 17 || r.Score != tc.score || r.NonCancer != tc.noncanc {
			t.Errorf("%v: %d flags, score %d, non-cancer %d; want 17, %d, %d", tc.w, len(r.Flags), r.Score, r.NonCancer, tc.score, tc.noncanc)
		}
	}
}

// van Walraven scores by hand (DOMAIN.md 6.2 weights).
func TestElixhauser(t *testing.T) {
	for _, tc := range []struct {
		name  string
		codes []string
		flags []string
		vw    int
	}{
		// chf 7 + diabc 0 (diabunc dropped) + metacanc 12 (solidtum 4
		// dropped) + ld 11 + alcohol 0 = 30; I252 is in no group.
		{"patient 1", []string{"I252", "I50", "E112", "E119", "C18", "C787", "K703", "K766"},
			[]string{"alcohol", "chf", "diabc", "diabunc", "ld", "metacanc", "solidtum"}, 30},
		// carit 5 + obes -4 + depre -3 + blane -2 + coag 3 + hypc 0
		// (hypunc dropped) + chf 7 (I110: hypertensive heart disease with
		// heart failure) + solidtum 4 + wloss 6 = 16.
		{"patient 2", []string{"I48", "E669", "F329", "D500", "D693", "I10", "I110", "C61", "E43"},
			[]string{"blane", "carit", "chf", "coag", "depre", "hypc", "hypunc", "obes", "solidtum", "wloss"}, 16},
		// The index PE, passed without ExcludeIndexVTE: pcd 4.
		{"raw PE", []string{"I269"}, []string{"pcd"}, 4},
		// Bleeding ulcer is not Elixhauser pud; an ulcer without bleeding is.
		{"bleeding ulcer", []string{"K254"}, nil, 0},
		{"ulcer", []string{"K257"}, []string{"pud"}, 0},
		// Lymphoma 9; myeloma C900 is lymph; plasma cell leukaemia C901 is
		// in no group (solid tumour stops at C76).
		{"myeloma", []string{"C900"}, []string{"lymph"}, 9},
		{"plasma cell leukaemia", []string{"C901"}, nil, 0},
	} {
		r := Elixhauser(tc.codes)
		if got := keys(r.Flags); !slices.Equal(got, tc.flags) {
			t.Errorf("%s: flags %v, want %v", tc.name, got, tc.flags)
		}
		if r.VanWalraven != tc.vw {
			t.Errorf("%s: van Walraven %d, want %d", tc.name, r.VanWalraven, tc.vw)
		}
	}
}

// The van Walraven range with the hierarchy: positive weights sum to 89,
// less solid tumour 4 under metastatic cancer = 85; negative weights sum to
// -19; all 31 groups give 85 - 19 = 66.
func TestElixhauserRange(t *testing.T) {
	var all, positive, negative []string
	for _, c := range ElixhauserCategories {
		all = append(all, c.Prefixes[0])
		if c.VanWalraven > 0 {
			positive = append(positive, c.Prefixes[0])
		}
		if c.VanWalraven < 0 {
			negative = append(negative, c.Prefixes[0])
		}
	}
	if r := Elixhauser(all); len(r.Flags) != 31 || r.VanWalraven != 66 {
		t.Errorf("all groups: %d flags, score %d; want 31, 66", len(r.Flags), r.VanWalraven)
	}
	if r := Elixhauser(positive); r.VanWalraven != 85 {
		t.Errorf("positive groups: score %d, want 85", r.VanWalraven)
	}
	if r := Elixhauser(negative); r.VanWalraven != -19 {
		t.Errorf("negative groups: score %d, want -19", r.VanWalraven)
	}
}

func TestIndexVTE(t *testing.T) {
	in := []string{"I269", "I260", "I802", "I800", "I829", "I81", "C349"}
	got := ExcludeIndexVTE(in)
	if want := []string{"I81", "C349"}; !slices.Equal(got, want) {
		t.Errorf("ExcludeIndexVTE = %v, want %v", got, want)
	}
	if in[0] != "I269" || len(in) != 7 {
		t.Error("ExcludeIndexVTE modified its input")
	}

	// A PE-only patient has no pulmonary circulation disorder.
	d := Derive([]string{"I26.9"})
	if d.Elixhauser.Flags["pcd"] || d.Elixhauser.VanWalraven != 0 || d.PriorVTE || d.Codes != 1 {
		t.Errorf("PE only: pcd %v vW %d prior VTE %v codes %d; want false 0 false 1",
			d.Elixhauser.Flags["pcd"], d.Elixhauser.VanWalraven, d.PriorVTE, d.Codes)
	}

	for _, tc := range []struct {
		name              string
		baseline, earlier []string
		priorVTE, pcd     bool
	}{
		{"old PE", []string{"I269", "C349"}, []string{"I260"}, true, true},
		{"old DVT", []string{"I269"}, []string{"I802", "K760"}, true, false},
		{"old superficial", []string{"I269"}, []string{"I800"}, false, false},
		{"old other VTE", []string{"I801"}, []string{"I829"}, true, false},
		{"nothing earlier", []string{"I269"}, nil, false, false},
	} {
		d := DeriveDated(tc.baseline, tc.earlier)
		if d.PriorVTE != tc.priorVTE || d.Elixhauser.Flags["pcd"] != tc.pcd {
			t.Errorf("%s: prior VTE %v pcd %v, want %v %v", tc.name, d.PriorVTE, d.Elixhauser.Flags["pcd"], tc.priorVTE, tc.pcd)
		}
	}
	// Only earlier's VTE codes are used: K760 above is not a comorbidity.
	if d := DeriveDated([]string{"I269"}, []string{"I802", "K760"}); d.Charlson["mld"] {
		t.Error("DeriveDated used a non-VTE code of earlier")
	}
	if !PriorVTE([]string{"I803"}) || PriorVTE([]string{"I800"}) || PriorVTE([]string{"I81"}) {
		t.Error("PriorVTE: I80.3 is DVT, I80.0 superficial and I81 portal vein thrombosis are not prior VTE")
	}
}

func TestCancerSites(t *testing.T) {
	for _, tc := range []struct {
		codes   []string
		sites   []string
		khorana int
	}{
		{[]string{"C187"}, []string{"colorectal", "gi_luminal"}, 0},
		{[]string{"C160"}, []string{"gi_luminal", "stomach", "upper_gi"}, 2},
		{[]string{"C155"}, []string{"gi_luminal", "oesophagus", "upper_gi"}, 0},
		{[]string{"C170"}, []string{"gi_luminal", "small_intestine"}, 0}, // C17 is not upper GI
		{[]string{"C259"}, []string{"pancreas"}, 2},
		{[]string{"C349"}, []string{"lung"}, 1},
		{[]string{"C450"}, []string{"lung"}, 0}, // mesothelioma: lung/thoracic, not Khorana lung
		{[]string{"C509"}, []string{"breast"}, 0},
		{[]string{"C61"}, []string{"bcat_gu", "gu", "male_genital", "prostate"}, 0},
		{[]string{"C629"}, []string{"male_genital", "testis"}, 1},
		{[]string{"C64"}, []string{"bcat_gu", "gu", "kidney", "kidney_urinary"}, 0},
		{[]string{"C679"}, []string{"bcat_gu", "bladder", "gu"}, 1},
		{[]string{"C539"}, []string{"bcat_gu", "cervix", "gynaecological"}, 1},
		{[]string{"C56"}, []string{"gynaecological"}, 1},
		{[]string{"C719"}, []string{"cns", "cns_eye"}, 0},
		{[]string{"C793"}, []string{"ill_defined_secondary"}, 0}, // brain metastases are not cns
		{[]string{"C439"}, []string{"melanoma"}, 0},
		{[]string{"C019"}, []string{"head_neck"}, 0},
		{[]string{"C833"}, []string{"haematological", "lymphoma"}, 1},
		{[]string{"C862"}, []string{"haematological", "lymphoma"}, 0}, // C86 is lymphoma but not Khorana's
		{[]string{"C900"}, []string{"haematological", "myeloma"}, 0},
		{[]string{"C920"}, []string{"haematological", "leukaemia"}, 0},
		{[]string{"D45"}, []string{"other_haematological"}, 0},
		{[]string{"C220"}, []string{"liver_biliary"}, 0},
		{[]string{"C73"}, []string{"thyroid_endocrine"}, 0},
		{[]string{"C97"}, []string{"multiple_primaries"}, 0},
		{[]string{"C412"}, []string{"bone_soft_tissue"}, 0},
		{[]string{"C449"}, nil, 0}, // non-melanoma skin: no group
		{[]string{"C349", "C259"}, []string{"lung", "pancreas"}, 2},
		{nil, nil, 0},
	} {
		s := CancerSites(tc.codes)
		if s == nil {
			t.Errorf("CancerSites(%v) = nil, want a map", tc.codes)
		}
		if got := keys(s); !slices.Equal(got, tc.sites) {
			t.Errorf("CancerSites(%v) = %v, want %v", tc.codes, got, tc.sites)
		}
		if got := KhoranaSite(tc.codes); got != tc.khorana {
			t.Errorf("KhoranaSite(%v) = %d, want %d", tc.codes, got, tc.khorana)
		}
	}
	for code, want := range map[string]bool{"C77": true, "C787": true, "C793": true, "C80": true, "C76": false, "C7": false, "C81": false} {
		if got := MetastaticCodes.Matches([]string{code}); got != want {
			t.Errorf("metastatic(%s) = %v, want %v", code, got, want)
		}
	}
}

func TestPriorBleeding(t *testing.T) {
	gi := Bleeding{Any: true, MajorSite: true, GI: true}
	for _, tc := range []struct {
		code string
		want Bleeding
	}{
		{"K250", gi}, {"K252", gi}, {"K254", gi}, {"K256", gi},
		{"K260", gi}, {"K274", gi}, {"K286", gi},
		{"K251", Bleeding{}}, {"K253", Bleeding{}}, {"K255", Bleeding{}}, {"K257", Bleeding{}}, {"K259", Bleeding{}},
		{"K920", gi}, {"K921", gi}, {"K922", gi}, {"K290", gi}, {"K226", gi}, {"I850", gi}, {"K625", gi}, {"K661", gi},
		{"K9281", Bleeding{}}, // ICD-10-CM K92.81: its WHO prefix K92 is not a bleed
		{"K929", Bleeding{}},
		{"I859", Bleeding{}}, // varices without bleeding
		{"I619", Bleeding{Any: true, MajorSite: true, ICH: true}},
		{"S065", Bleeding{Any: true, MajorSite: true, ICH: true}},
		{"I691", Bleeding{Any: true, MajorSite: true, ICH: true}},
		{"I693", Bleeding{}}, // sequela of infarction
		{"R31", Bleeding{Any: true, GU: true}},
		{"N02", Bleeding{Any: true, GU: true}},
		{"N950", Bleeding{Any: true, GU: true}},
		{"R040", Bleeding{Any: true, RespENT: true}},
		{"R042", Bleeding{Any: true, RespENT: true}},
		{"J942", Bleeding{Any: true, MajorSite: true, Other: true}},
		{"I312", Bleeding{Any: true, MajorSite: true, Other: true}},
		{"R58", Bleeding{Any: true, Other: true}},
		{"D62", Bleeding{Any: true, Marker: true}},
		{"D6832", Bleeding{Any: true, Marker: true}}, // ICD-10-CM D68.32 by its WHO prefix D68.3
		{"D689", Bleeding{}},
	} {
		if got := PriorBleeding([]string{tc.code}); got != tc.want {
			t.Errorf("PriorBleeding(%s) = %+v, want %+v", tc.code, got, tc.want)
		}
	}
}

func TestOtherFlags(t *testing.T) {
	for _, tc := range []struct {
		code  string
		flags []string
	}{
		{"I10", []string{"hypertension"}},
		{"I14", nil}, // not a WHO code
		{"I480", []string{"atrial_fibrillation"}},
		{"I252", []string{"coronary_disease"}},
		{"I639", []string{"stroke"}},
		{"I509", []string{"heart_failure"}},
		{"N183", []string{"ckd"}},
		{"N185", []string{"ckd", "ckd_severe", "renal_failure"}},
		{"Z992", []string{"dialysis", "renal_failure"}},
		{"Z940", []string{"renal_failure"}},
		{"K703", []string{"cirrhosis", "liver_disease"}},
		{"K746", []string{"cirrhosis", "liver_disease"}},
		{"K766", []string{"liver_disease"}},
		{"K760", nil}, // fatty liver: Charlson mild liver disease only
		{"I850", []string{"liver_disease", "varices"}},
		{"F102", []string{"alcohol"}},
		{"D696", []string{"thrombocytopenia"}},
		{"D691", nil}, // qualitative platelet defects are not thrombocytopenia
		{"D70", []string{"neutropenia"}},
		{"D611", []string{"aplastic_anaemia"}},
		{"D630", []string{"anaemia_neoplastic"}},
		{"D6832", []string{"coagulation_defect"}},
		{"K259", []string{"peptic_ulcer"}},
		{"K210", []string{"oesophagitis_gord"}},
		{"K552", []string{"angiodysplasia"}},
		{"K573", []string{"diverticular"}},
		{"W19", []string{"falls"}},
		{"R296", []string{"falls"}},
		{"W20", nil},
		{"C793", []string{"brain_mets"}},
		{"Z511", []string{"chemotherapy"}},
		{"Z510", []string{"radiotherapy"}},
		{"E119", []string{"diabetes"}},
	} {
		got := keys(Derive([]string{tc.code}).Flags)
		if !slices.Equal(got, tc.flags) {
			t.Errorf("flags of %s = %v, want %v", tc.code, got, tc.flags)
		}
	}
}

// ICD-10-CM-only codes do not crash: those with the WHO shape match by their
// WHO prefix only; the others are dropped.
func TestICD10CMCodes(t *testing.T) {
	d := Derive([]string{"D68.32", "K92.81", "C7A.1", "C7B00"})
	if d.Codes != 2 { // D6832, K9281
		t.Errorf("codes %d, want 2", d.Codes)
	}
	if !d.Elixhauser.Flags["coag"] || !d.Bleeding.Marker || d.Bleeding.GI || d.Metastatic || len(d.CancerSites) != 0 {
		t.Errorf("derived %+v", d)
	}
}

func TestFeatures(t *testing.T) {
	names := FeatureNames()
	if want := 6 + 17 + 31 + len(CancerSiteGroups) + 1 + 8 + 1 + len(OtherFlags); len(names) != want {
		t.Fatalf("%d features, want %d", len(names), want)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("feature %q repeated", n)
		}
		seen[n] = true
	}
	for _, n := range []string{"icd:charlson_quan2011", "icd:charlson_1987", "icd:charlson_noncancer_quan2011",
		"icd:elix_vanwalraven", "icd:elix_chf", "icd:cancer_gi_luminal", "icd:metastatic", "icd:prior_gi_bleed",
		"icd:khorana_site", "icd:prior_vte", "icd:hypertension"} {
		if !seen[n] {
			t.Errorf("no feature %q", n)
		}
	}

	d := Derive([]string{"I252", "I50", "E112", "E119", "C18", "C787", "K703", "K766", "K922", "I269"})
	f := d.Features()
	got := map[string]float64{}
	for i, x := range f {
		if x.Name != names[i] {
			t.Fatalf("feature %d is %q, FeatureNames says %q", i, x.Name, names[i])
		}
		got[x.Name] = x.Value
	}
	for name, want := range map[string]float64{
		"icd:charlson_1987": 13, "icd:charlson_quan2011": 13,
		"icd:charlson_noncancer_1987": 7, "icd:charlson_noncancer_quan2011": 7,
		"icd:elix_vanwalraven": 30, "icd:khorana_site": 0,
		"icd:charlson_mld": 1, "icd:charlson_msld": 1, "icd:charlson_dementia": 0,
		"icd:elix_chf": 1, "icd:elix_pcd": 0, "icd:cancer_gi_luminal": 1, "icd:cancer_colorectal": 1,
		"icd:cancer_lung": 0, "icd:metastatic": 1, "icd:prior_gi_bleed": 1, "icd:prior_major_site": 1,
		"icd:prior_any_bleed": 1, "icd:prior_ich": 0, "icd:prior_vte": 0, "icd:cirrhosis": 1,
		"icd:liver_disease": 1, "icd:heart_failure": 1,
	} {
		if got[name] != want {
			t.Errorf("%s = %v, want %v", name, got[name], want)
		}
	}
}

func TestFillPatient(t *testing.T) {
	d := Derive([]string{"C349", "C793", "I10", "K922", "W010", "I269"})

	var p clinical.Patient
	p.Hypertension = clinical.Flag{Value: false, Source: clinical.Observed}
	p.Diabetes = clinical.Flag{Value: true, Source: clinical.Observed}
	p.Thrombocytopenia = clinical.Flag{Value: true, Source: clinical.FromLabs}
	FillPatient(&p, d)

	for _, tc := range []struct {
		name string
		got  clinical.Flag
		want clinical.Flag
	}{
		{"Hypertension (observed)", p.Hypertension, clinical.Flag{Value: false, Source: clinical.Observed}},
		{"Diabetes (observed)", p.Diabetes, clinical.Flag{Value: true, Source: clinical.Observed}},
		{"Thrombocytopenia (labs)", p.Thrombocytopenia, clinical.Flag{Value: true, Source: clinical.FromLabs}},
		{"Metastatic", p.Metastatic, clinical.Flag{Value: true, Source: clinical.FromICD10}},
		{"PriorBleeding", p.PriorBleeding, clinical.Flag{Value: true, Source: clinical.FromICD10}},
		{"PriorMajorBleeding", p.PriorMajorBleeding, clinical.Flag{Value: true, Source: clinical.FromICD10}},
		{"PriorGIBleeding", p.PriorGIBleeding, clinical.Flag{Value: true, Source: clinical.FromICD10}},
		{"PriorICH", p.PriorICH, clinical.Flag{Value: false, Source: clinical.FromICD10}},
		{"Falls", p.Falls, clinical.Flag{Value: true, Source: clinical.FromICD10}},
		{"PriorStroke", p.PriorStroke, clinical.Flag{Value: false, Source: clinical.FromICD10}},
		{"HeartFailure", p.HeartFailure, clinical.Flag{Value: false, Source: clinical.FromICD10}},
		{"LiverDisease", p.LiverDisease, clinical.Flag{Value: false, Source: clinical.FromICD10}},
		{"RenalFailure", p.RenalFailure, clinical.Flag{Value: false, Source: clinical.FromICD10}},
		{"Alcohol", p.Alcohol, clinical.Flag{Value: false, Source: clinical.FromICD10}},
		{"RecentMI (not derived)", p.RecentMI, clinical.Flag{}},
		{"RecentMajorBleeding (not derived)", p.RecentMajorBleeding, clinical.Flag{}},
		{"ActiveCancer (not derived)", p.ActiveCancer, clinical.Flag{}},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
	if p.CancerSiteSource != clinical.FromICD10 || !maps.Equal(p.CancerSites, map[string]bool{"lung": true, "ill_defined_secondary": true}) {
		t.Errorf("cancer sites %v (%v)", p.CancerSites, p.CancerSiteSource)
	}
	p.CancerSites["lung"] = false
	if !d.CancerSites["lung"] {
		t.Error("FillPatient shares its cancer site map with Derived")
	}

	// Observed cancer sites are kept.
	q := clinical.Patient{CancerSites: map[string]bool{"breast": true}, CancerSiteSource: clinical.Observed}
	FillPatient(&q, d)
	if !maps.Equal(q.CancerSites, map[string]bool{"breast": true}) || q.CancerSiteSource != clinical.Observed {
		t.Errorf("observed cancer sites overridden: %v", q.CancerSites)
	}

	// No codes at all: nothing is known.
	var e clinical.Patient
	FillPatient(&e, Derive(nil))
	if e.Metastatic.Known() || e.Hypertension.Known() || e.CancerSites != nil {
		t.Errorf("a patient without codes got flags: %+v", e)
	}

	// Codes without a cancer code: flags are known, cancer sites stay unknown.
	var n clinical.Patient
	FillPatient(&n, Derive([]string{"I269", "I10"}))
	if n.Hypertension != (clinical.Flag{Value: true, Source: clinical.FromICD10}) || n.CancerSiteSource != clinical.Missing || n.CancerSites != nil {
		t.Errorf("no cancer code: hypertension %+v, sites %v (%v)", n.Hypertension, n.CancerSites, n.CancerSiteSource)
	}
}

func BenchmarkDerive(b *testing.B) {
	codes := []string{"I269", "C187", "C787", "I509", "E112", "K703", "K766", "K922", "I10", "N185",
		"Z511", "D630", "J449", "F329", "E669", "I48", "W010", "R31", "D696", "K573"}
	for b.Loop() {
		_ = Derive(codes).Features()
	}
}
