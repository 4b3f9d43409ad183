package icd10

// CharlsonCategory is a Charlson comorbidity category with its weights in
// Charlson's original index and in Quan's 2011 update.
type CharlsonCategory struct {
	Category
	Weight1987, WeightQuan2011 int
}

// CharlsonCategories are the 17 Charlson categories in the ICD-10 coding of
// Quan H et al. Med Care 2005;43:1130-9, code lists as in the R package
// comorbidity (ellessenne/comorbidity, data-raw/make-mapping.R), transcribed
// in DOMAIN.md 6.1. Weights: Charlson ME et al. J Chronic Dis 1987;40:373
// and Quan H et al. Am J Epidemiol 2011;173:676 (AIDS/HIV 4, as published:
// comorbidity had 2 until its PR #44). The comment above each list is the
// source's range notation.
var CharlsonCategories = []CharlsonCategory{
	{
		// I21, I22, I252
		Category: Category{Key: "ami", Label: "Myocardial infarction", Prefixes: []string{
			"I21", "I22", "I252",
		}},
		Weight1987: 1, WeightQuan2011: 0,
	},
	{
		// I099, I110, I130, I132, I255, I420, I425–I429, I43, I50, P290
		Category: Category{Key: "chf", Label: "Congestive heart failure", Prefixes: []string{
			"I099", "I110", "I130", "I132", "I255", "I420", "I425", "I426", "I427", "I428",
			"I429", "I43", "I50", "P290",
		}},
		Weight1987: 1, WeightQuan2011: 2,
	},
	{
		// I70, I71, I731, I738, I739, I771, I790, I792, K551, K558, K559, Z958, Z959
		Category: Category{Key: "pvd", Label: "Peripheral vascular disease", Prefixes: []string{
			"I70", "I71", "I731", "I738", "I739", "I771", "I790", "I792", "K551", "K558", "K559",
			"Z958", "Z959",
		}},
		Weight1987: 1, WeightQuan2011: 0,
	},
	{
		// G45, G46, H340, I60–I69
		Category: Category{Key: "cevd", Label: "Cerebrovascular disease", Prefixes: []string{
			"G45", "G46", "H340", "I60", "I61", "I62", "I63", "I64", "I65", "I66", "I67", "I68",
			"I69",
		}},
		Weight1987: 1, WeightQuan2011: 0,
	},
	{
		// F00–F03, F051, G30, G311
		Category: Category{Key: "dementia", Label: "Dementia", Prefixes: []string{
			"F00", "F01", "F02", "F03", "F051", "G30", "G311",
		}},
		Weight1987: 1, WeightQuan2011: 2,
	},
	{
		// I278, I279, J40–J47, J60–J67, J684, J701, J703
		Category: Category{Key: "copd", Label: "Chronic pulmonary disease", Prefixes: []string{
			"I278", "I279", "J40", "J41", "J42", "J43", "J44", "J45", "J46", "J47", "J60", "J61",
			"J62", "J63", "J64", "J65", "J66", "J67", "J684", "J701", "J703",
		}},
		Weight1987: 1, WeightQuan2011: 1,
	},
	{
		// M05, M06, M315, M32, M33, M34, M351, M353, M360
		Category: Category{Key: "rheumd", Label: "Rheumatic disease", Prefixes: []string{
			"M05", "M06", "M315", "M32", "M33", "M34", "M351", "M353", "M360",
		}},
		Weight1987: 1, WeightQuan2011: 1,
	},
	{
		// K25–K28
		Category: Category{Key: "pud", Label: "Peptic ulcer disease", Prefixes: []string{
			"K25", "K26", "K27", "K28",
		}},
		Weight1987: 1, WeightQuan2011: 0,
	},
	{
		// B18, K700–K703, K709, K713–K715, K717, K73, K74, K760, K762–K764, K768, K769, Z944
		Category: Category{Key: "mld", Label: "Mild liver disease", Prefixes: []string{
			"B18", "K700", "K701", "K702", "K703", "K709", "K713", "K714", "K715", "K717", "K73",
			"K74", "K760", "K762", "K763", "K764", "K768", "K769", "Z944",
		}},
		Weight1987: 1, WeightQuan2011: 2,
	},
	{
		// E100, E101, E106, E108, E109, E110, E111, E116, E118, E119, E120, E121, E126, E128, E129, E130, E131, E136, E138, E139, E140, E141, E146, E148, E149
		Category: Category{Key: "diab", Label: "Diabetes without chronic complication", Prefixes: []string{
			"E100", "E101", "E106", "E108", "E109", "E110", "E111", "E116", "E118", "E119",
			"E120", "E121", "E126", "E128", "E129", "E130", "E131", "E136", "E138", "E139",
			"E140", "E141", "E146", "E148", "E149",
		}},
		Weight1987: 1, WeightQuan2011: 0,
	},
	{
		// E102–E105, E107, E112–E115, E117, E122–E125, E127, E132–E135, E137, E142–E145, E147
		Category: Category{Key: "diabwc", Label: "Diabetes with chronic complication", Prefixes: []string{
			"E102", "E103", "E104", "E105", "E107", "E112", "E113", "E114", "E115", "E117",
			"E122", "E123", "E124", "E125", "E127", "E132", "E133", "E134", "E135", "E137",
			"E142", "E143", "E144", "E145", "E147",
		}},
		Weight1987: 2, WeightQuan2011: 1,
	},
	{
		// G041, G114, G801, G802, G81, G82, G830–G834, G839
		Category: Category{Key: "hp", Label: "Hemiplegia or paraplegia", Prefixes: []string{
			"G041", "G114", "G801", "G802", "G81", "G82", "G830", "G831", "G832", "G833", "G834",
			"G839",
		}},
		Weight1987: 2, WeightQuan2011: 2,
	},
	{
		// I120, I131, N032–N037, N052–N057, N18, N19, N250, Z490–Z492, Z940, Z992
		Category: Category{Key: "rend", Label: "Renal disease", Prefixes: []string{
			"I120", "I131", "N032", "N033", "N034", "N035", "N036", "N037", "N052", "N053",
			"N054", "N055", "N056", "N057", "N18", "N19", "N250", "Z490", "Z491", "Z492", "Z940",
			"Z992",
		}},
		Weight1987: 2, WeightQuan2011: 1,
	},
	{
		// C00–C26, C30–C34, C37–C41, C43, C45–C58, C60–C76, C81–C85, C88, C90–C97
		Category: Category{Key: "canc", Label: "Any malignancy, including lymphoma and leukaemia, except malignant neoplasm of skin", Prefixes: []string{
			"C00", "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11",
			"C12", "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23",
			"C24", "C25", "C26", "C30", "C31", "C32", "C33", "C34", "C37", "C38", "C39", "C40",
			"C41", "C43", "C45", "C46", "C47", "C48", "C49", "C50", "C51", "C52", "C53", "C54",
			"C55", "C56", "C57", "C58", "C60", "C61", "C62", "C63", "C64", "C65", "C66", "C67",
			"C68", "C69", "C70", "C71", "C72", "C73", "C74", "C75", "C76", "C81", "C82", "C83",
			"C84", "C85", "C88", "C90", "C91", "C92", "C93", "C94", "C95", "C96", "C97",
		}},
		Weight1987: 2, WeightQuan2011: 2,
	},
	{
		// I850, I859, I864, I982, K704, K711, K721, K729, K765, K766, K767
		Category: Category{Key: "msld", Label: "Moderate or severe liver disease", Prefixes: []string{
			"I850", "I859", "I864", "I982", "K704", "K711", "K721", "K729", "K765", "K766",
			"K767",
		}},
		Weight1987: 3, WeightQuan2011: 4,
	},
	{
		// C77, C78, C79, C80
		Category: Category{Key: "metacanc", Label: "Metastatic solid tumour", Prefixes: []string{
			"C77", "C78", "C79", "C80",
		}},
		Weight1987: 6, WeightQuan2011: 6,
	},
	{
		// B20, B21, B22, B24
		Category: Category{Key: "aids", Label: "AIDS/HIV", Prefixes: []string{
			"B20", "B21", "B22", "B24",
		}},
		Weight1987: 6, WeightQuan2011: 4,
	},
}

// Weights selects a Charlson weighting. The zero value is Quan2011.
type Weights uint8

const (
	// Quan2011: Quan H et al. Am J Epidemiol 2011;173:676; maximum 24.
	Quan2011 Weights = iota
	// Charlson1987: Charlson ME et al. J Chronic Dis 1987;40:373; maximum 29.
	Charlson1987
)

func (w Weights) String() string {
	if w == Charlson1987 {
		return "Charlson 1987"
	}
	return "Quan 2011"
}

func (w Weights) of(c CharlsonCategory) int {
	if w == Charlson1987 {
		return c.Weight1987
	}
	return c.WeightQuan2011
}

// charlsonHierarchy maps a category to the more severe one that overrides it
// in the score (DOMAIN.md 6.1): msld > mld, diabwc > diab, metacanc > canc.
var charlsonHierarchy = map[string]string{"mld": "msld", "diab": "diabwc", "canc": "metacanc"}

// charlsonCancer are the categories a non-cancer Charlson leaves out.
var charlsonCancer = map[string]bool{"canc": true, "metacanc": true}

// CharlsonResult is a patient's Charlson comorbidity index.
type CharlsonResult struct {
	// Flags holds the keys of the categories present (true), before the
	// hierarchy: a patient with K703 and K766 has both mld and msld.
	Flags map[string]bool
	// Score is the weighted sum with the hierarchies applied (the milder
	// category of a pair adds nothing when the severe one is present).
	Score int
	// NonCancer is Score without canc and metacanc, for a cohort in which
	// every patient has cancer (DOMAIN.md 6.1).
	NonCancer int
}

// Charlson returns the Charlson index of codes (normalised; index VTE codes
// already removed, see ExcludeIndexVTE, though no Charlson list contains
// them) under weights w.
func Charlson(codes []string, w Weights) CharlsonResult {
	return charlsonScore(charlsonFlags(codes), w)
}

func charlsonFlags(codes []string) map[string]bool {
	flags := map[string]bool{}
	for _, c := range CharlsonCategories {
		if c.Matches(codes) {
			flags[c.Key] = true
		}
	}
	return flags
}

func charlsonScore(flags map[string]bool, w Weights) CharlsonResult {
	r := CharlsonResult{Flags: flags}
	for _, c := range CharlsonCategories {
		if !flags[c.Key] || flags[charlsonHierarchy[c.Key]] {
			continue
		}
		r.Score += w.of(c)
		if !charlsonCancer[c.Key] {
			r.NonCancer += w.of(c)
		}
	}
	return r
}
