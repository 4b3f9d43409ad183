package icd10

// CancerSiteGroups are the cancer site groups of DOMAIN.md 6.3 (WHO ICD-10
// chapter II block structure), in the order of their features: first one
// group per row of the table, then the derived groups used by bleeding
// models. A patient may be in several groups (primary and secondary sites,
// multiple primaries, a derived group and its rows).
//
// Choices where DOMAIN.md leaves an option (±):
//   - upper_gi is C15–C16 (oesophagus and stomach); small intestine C17 is
//     left out (it is its own group, and in gi_luminal).
//   - gu is urinary tract C64–C68 plus prostate C61; gynaecological cancers
//     C51–C58 are their own group, testis C62 too.
//   - cns is primary CNS cancer C70–C72; brain metastases C79.3 are the
//     separate flag brain_mets (and count as metastatic).
//   - lung is the whole lung/thoracic row (C33–C34, C37–C39, C45), not
//     only C34 as in the Khorana site class.
//   - haematological is C81–C96 (DOMAIN.md 6.3 haem_malig); the uncertain
//     behaviour neoplasms D45–D47 are only in other_haematological.
var CancerSiteGroups = []Category{
	// Rows of the DOMAIN.md 6.3 table.
	{Key: "head_neck", Label: "Head and neck", Prefixes: []string{ // C00–C14, C30–C32
		"C00", "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11",
		"C12", "C13", "C14", "C30", "C31", "C32",
	}},
	{Key: "oesophagus", Label: "Oesophagus", Prefixes: []string{"C15"}},
	{Key: "stomach", Label: "Stomach", Prefixes: []string{"C16"}},
	{Key: "small_intestine", Label: "Small intestine", Prefixes: []string{"C17"}},
	{Key: "colorectal", Label: "Colorectal and anal", Prefixes: []string{"C18", "C19", "C20", "C21"}},
	{Key: "liver_biliary", Label: "Liver and biliary tract", Prefixes: []string{"C22", "C23", "C24"}},
	{Key: "pancreas", Label: "Pancreas", Prefixes: []string{"C25"}},
	{Key: "other_digestive", Label: "Other digestive organs", Prefixes: []string{"C26"}},
	{Key: "lung", Label: "Lung and thoracic (incl. mesothelioma)", Prefixes: []string{ // C33–C34, C37–C39, C45
		"C33", "C34", "C37", "C38", "C39", "C45",
	}},
	{Key: "bone_soft_tissue", Label: "Bone and soft tissue", Prefixes: []string{ // C40–C41, C46–C49
		"C40", "C41", "C46", "C47", "C48", "C49",
	}},
	{Key: "melanoma", Label: "Melanoma of skin", Prefixes: []string{"C43"}},
	{Key: "breast", Label: "Breast", Prefixes: []string{"C50"}},
	{Key: "gynaecological", Label: "Gynaecological", Prefixes: []string{ // C51–C58
		"C51", "C52", "C53", "C54", "C55", "C56", "C57", "C58",
	}},
	{Key: "prostate", Label: "Prostate", Prefixes: []string{"C61"}},
	{Key: "male_genital", Label: "Male genital organs", Prefixes: []string{"C60", "C61", "C62", "C63"}},
	{Key: "testis", Label: "Testis", Prefixes: []string{"C62"}},
	{Key: "kidney_urinary", Label: "Kidney and urinary tract except bladder", Prefixes: []string{ // C64–C66, C68
		"C64", "C65", "C66", "C68",
	}},
	{Key: "bladder", Label: "Bladder", Prefixes: []string{"C67"}},
	{Key: "cns_eye", Label: "CNS and eye", Prefixes: []string{"C69", "C70", "C71", "C72"}},
	{Key: "thyroid_endocrine", Label: "Thyroid and other endocrine", Prefixes: []string{"C73", "C74", "C75"}},
	{Key: "ill_defined_secondary", Label: "Ill-defined, secondary or unknown primary", Prefixes: []string{ // C76–C80
		"C76", "C77", "C78", "C79", "C80",
	}},
	{Key: "lymphoma", Label: "Lymphoma", Prefixes: []string{ // C81–C86, C88
		"C81", "C82", "C83", "C84", "C85", "C86", "C88",
	}},
	{Key: "myeloma", Label: "Multiple myeloma and plasma cell neoplasms", Prefixes: []string{"C90"}},
	{Key: "leukaemia", Label: "Leukaemia", Prefixes: []string{"C91", "C92", "C93", "C94", "C95"}},
	{Key: "other_haematological", Label: "Other haematological (incl. PV, MDS, MPN)", Prefixes: []string{ // C96, D45–D47
		"C96", "D45", "D46", "D47",
	}},
	{Key: "multiple_primaries", Label: "Multiple independent primaries", Prefixes: []string{"C97"}},

	// Derived groups (DOMAIN.md 6.3, "Derived flags for bleeding models").
	{Key: "gi_luminal", Label: "Luminal gastrointestinal", Prefixes: []string{ // C15–C21
		"C15", "C16", "C17", "C18", "C19", "C20", "C21",
	}},
	{Key: "upper_gi", Label: "Upper gastrointestinal (oesophagus, stomach)", Prefixes: []string{"C15", "C16"}},
	{Key: "gu", Label: "Genitourinary (urinary tract and prostate)", Prefixes: []string{ // C61, C64–C68
		"C61", "C64", "C65", "C66", "C67", "C68",
	}},
	// B-CAT's genitourinary sites (Cohen AT et al. Thromb Haemost 2024;124:324).
	{Key: "bcat_gu", Label: "B-CAT genitourinary (bladder, kidney, prostate, cervix)", Prefixes: []string{
		"C67", "C64", "C61", "C53",
	}},
	{Key: "kidney", Label: "Kidney except renal pelvis", Prefixes: []string{"C64"}},
	{Key: "cervix", Label: "Cervix uteri", Prefixes: []string{"C53"}},
	{Key: "cns", Label: "Central nervous system (primary)", Prefixes: []string{"C70", "C71", "C72"}},
	{Key: "haematological", Label: "Haematological malignancy", Prefixes: []string{ // C81–C96
		"C81", "C82", "C83", "C84", "C85", "C86", "C87", "C88", "C89", "C90", "C91", "C92",
		"C93", "C94", "C95", "C96",
	}},
}

// MetastaticCodes is metastatic disease, any of C77–C80 (DOMAIN.md 6.3):
// secondary neoplasms of lymph nodes (C77), respiratory and digestive organs
// (C78) and other sites (C79), and malignant neoplasm without specification
// of site (C80, unknown primary), as in Charlson/Elixhauser metacanc.
var MetastaticCodes = Category{Key: "metastatic", Label: "Metastatic disease", Prefixes: []string{
	"C77", "C78", "C79", "C80",
}}

// Khorana site classes (Khorana AA et al. Blood 2008;111:4902; ICD-10 codes
// of DOMAIN.md 6.3): very high risk stomach and pancreas; high risk lung,
// lymphoma, gynaecological, bladder and testis.
var (
	KhoranaVeryHigh = Category{Key: "khorana_very_high", Label: "Khorana very high risk site", Prefixes: []string{
		"C16", "C25",
	}}
	KhoranaHigh = Category{Key: "khorana_high", Label: "Khorana high risk site", Prefixes: []string{
		"C34",
		"C81", "C82", "C83", "C84", "C85", "C88", // lymphoma
		"C51", "C52", "C53", "C54", "C55", "C56", "C57", "C58", // gynaecological
		"C67", "C62",
	}}
)

// KhoranaSite returns the Khorana score's cancer-site points for codes: 2 for
// a very high risk site, 1 for a high risk site, else 0. A patient with sites
// in both classes gets 2. Khorana predicts VTE, not bleeding (DOMAIN.md
// 4.10): a descriptor or a feature, not a bleeding comparator.
func KhoranaSite(codes []string) int {
	switch {
	case KhoranaVeryHigh.Matches(codes):
		return 2
	case KhoranaHigh.Matches(codes):
		return 1
	}
	return 0
}

// CancerSites returns the keys of the CancerSiteGroups that codes fall in
// (true); it is empty, not nil, when there is none.
func CancerSites(codes []string) map[string]bool {
	sites := map[string]bool{}
	for _, g := range CancerSiteGroups {
		if g.Matches(codes) {
			sites[g.Key] = true
		}
	}
	return sites
}
