package icd10

// ElixhauserCategory is an Elixhauser comorbidity group with its van Walraven
// weight.
type ElixhauserCategory struct {
	Category
	VanWalraven int
}

// ElixhauserCategories are the 31 Elixhauser groups in the ICD-10 coding of
// Quan H et al. Med Care 2005;43:1130-9, code lists as in the R package
// comorbidity (ellessenne/comorbidity, data-raw/make-mapping.R), with the
// weights of van Walraven C et al. Med Care 2009;47:626 (comorbidity,
// data-raw/make-weights.R), transcribed in DOMAIN.md 6.2. Keys are those of
// the comorbidity package. The comment above each list is the source's range
// notation.
//
// Pulmonary circulation disorders include I26: pass codes through
// ExcludeIndexVTE first (Derive does) or every PE patient has it.
var ElixhauserCategories = []ElixhauserCategory{
	{
		// I099, I110, I130, I132, I255, I420, I425–I429, I43, I50, P290
		Category: Category{Key: "chf", Label: "Congestive heart failure", Prefixes: []string{
			"I099", "I110", "I130", "I132", "I255", "I420", "I425", "I426", "I427", "I428",
			"I429", "I43", "I50", "P290",
		}},
		VanWalraven: 7,
	},
	{
		// I441–I443, I456, I459, I47–I49, R000, R001, R008, T821, Z450, Z950
		Category: Category{Key: "carit", Label: "Cardiac arrhythmias", Prefixes: []string{
			"I441", "I442", "I443", "I456", "I459", "I47", "I48", "I49", "R000", "R001", "R008",
			"T821", "Z450", "Z950",
		}},
		VanWalraven: 5,
	},
	{
		// A520, I05–I08, I091, I098, I34–I39, Q230–Q233, Z952–Z954
		Category: Category{Key: "valv", Label: "Valvular disease", Prefixes: []string{
			"A520", "I05", "I06", "I07", "I08", "I091", "I098", "I34", "I35", "I36", "I37", "I38",
			"I39", "Q230", "Q231", "Q232", "Q233", "Z952", "Z953", "Z954",
		}},
		VanWalraven: -1,
	},
	{
		// I26, I27, I280, I288, I289
		Category: Category{Key: "pcd", Label: "Pulmonary circulation disorders", Prefixes: []string{
			"I26", "I27", "I280", "I288", "I289",
		}},
		VanWalraven: 4,
	},
	{
		// I70, I71, I731, I738, I739, I771, I790, I792, K551, K558, K559, Z958, Z959
		Category: Category{Key: "pvd", Label: "Peripheral vascular disorders", Prefixes: []string{
			"I70", "I71", "I731", "I738", "I739", "I771", "I790", "I792", "K551", "K558", "K559",
			"Z958", "Z959",
		}},
		VanWalraven: 2,
	},
	{
		// I10
		Category: Category{Key: "hypunc", Label: "Hypertension, uncomplicated", Prefixes: []string{
			"I10",
		}},
		VanWalraven: 0,
	},
	{
		// I11, I12, I13, I15
		Category: Category{Key: "hypc", Label: "Hypertension, complicated", Prefixes: []string{
			"I11", "I12", "I13", "I15",
		}},
		VanWalraven: 0,
	},
	{
		// G041, G114, G801, G802, G81, G82, G830–G834, G839
		Category: Category{Key: "para", Label: "Paralysis", Prefixes: []string{
			"G041", "G114", "G801", "G802", "G81", "G82", "G830", "G831", "G832", "G833", "G834",
			"G839",
		}},
		VanWalraven: 7,
	},
	{
		// G10–G13, G20–G22, G254, G255, G312, G318, G319, G32, G35–G37, G40, G41, G931, G934, R470, R56
		Category: Category{Key: "ond", Label: "Other neurological disorders", Prefixes: []string{
			"G10", "G11", "G12", "G13", "G20", "G21", "G22", "G254", "G255", "G312", "G318",
			"G319", "G32", "G35", "G36", "G37", "G40", "G41", "G931", "G934", "R470", "R56",
		}},
		VanWalraven: 6,
	},
	{
		// I278, I279, J40–J47, J60–J67, J684, J701, J703
		Category: Category{Key: "cpd", Label: "Chronic pulmonary disease", Prefixes: []string{
			"I278", "I279", "J40", "J41", "J42", "J43", "J44", "J45", "J46", "J47", "J60", "J61",
			"J62", "J63", "J64", "J65", "J66", "J67", "J684", "J701", "J703",
		}},
		VanWalraven: 3,
	},
	{
		// E100, E101, E109, E110, E111, E119, E120, E121, E129, E130, E131, E139, E140, E141, E149
		Category: Category{Key: "diabunc", Label: "Diabetes, uncomplicated", Prefixes: []string{
			"E100", "E101", "E109", "E110", "E111", "E119", "E120", "E121", "E129", "E130",
			"E131", "E139", "E140", "E141", "E149",
		}},
		VanWalraven: 0,
	},
	{
		// E102–E108, E112–E118, E122–E128, E132–E138, E142–E148
		Category: Category{Key: "diabc", Label: "Diabetes, complicated", Prefixes: []string{
			"E102", "E103", "E104", "E105", "E106", "E107", "E108", "E112", "E113", "E114",
			"E115", "E116", "E117", "E118", "E122", "E123", "E124", "E125", "E126", "E127",
			"E128", "E132", "E133", "E134", "E135", "E136", "E137", "E138", "E142", "E143",
			"E144", "E145", "E146", "E147", "E148",
		}},
		VanWalraven: 0,
	},
	{
		// E00–E03, E890
		Category: Category{Key: "hypothy", Label: "Hypothyroidism", Prefixes: []string{
			"E00", "E01", "E02", "E03", "E890",
		}},
		VanWalraven: 0,
	},
	{
		// I120, I131, N18, N19, N250, Z490–Z492, Z940, Z992
		Category: Category{Key: "rf", Label: "Renal failure", Prefixes: []string{
			"I120", "I131", "N18", "N19", "N250", "Z490", "Z491", "Z492", "Z940", "Z992",
		}},
		VanWalraven: 5,
	},
	{
		// B18, I85, I864, I982, K70, K711, K713–K715, K717, K72–K74, K760, K762–K769, Z944
		Category: Category{Key: "ld", Label: "Liver disease", Prefixes: []string{
			"B18", "I85", "I864", "I982", "K70", "K711", "K713", "K714", "K715", "K717", "K72",
			"K73", "K74", "K760", "K762", "K763", "K764", "K765", "K766", "K767", "K768", "K769",
			"Z944",
		}},
		VanWalraven: 11,
	},
	{
		// K257, K259, K267, K269, K277, K279, K287, K289
		Category: Category{Key: "pud", Label: "Peptic ulcer disease excluding bleeding", Prefixes: []string{
			"K257", "K259", "K267", "K269", "K277", "K279", "K287", "K289",
		}},
		VanWalraven: 0,
	},
	{
		// B20–B22, B24
		Category: Category{Key: "aids", Label: "AIDS/HIV", Prefixes: []string{
			"B20", "B21", "B22", "B24",
		}},
		VanWalraven: 0,
	},
	{
		// C81–C85, C88, C96, C900, C902
		Category: Category{Key: "lymph", Label: "Lymphoma", Prefixes: []string{
			"C81", "C82", "C83", "C84", "C85", "C88", "C96", "C900", "C902",
		}},
		VanWalraven: 9,
	},
	{
		// C77–C80
		Category: Category{Key: "metacanc", Label: "Metastatic cancer", Prefixes: []string{
			"C77", "C78", "C79", "C80",
		}},
		VanWalraven: 12,
	},
	{
		// C00–C26, C30–C34, C37–C41, C43, C45–C58, C60–C76, C97
		Category: Category{Key: "solidtum", Label: "Solid tumour without metastasis", Prefixes: []string{
			"C00", "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11",
			"C12", "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23",
			"C24", "C25", "C26", "C30", "C31", "C32", "C33", "C34", "C37", "C38", "C39", "C40",
			"C41", "C43", "C45", "C46", "C47", "C48", "C49", "C50", "C51", "C52", "C53", "C54",
			"C55", "C56", "C57", "C58", "C60", "C61", "C62", "C63", "C64", "C65", "C66", "C67",
			"C68", "C69", "C70", "C71", "C72", "C73", "C74", "C75", "C76", "C97",
		}},
		VanWalraven: 4,
	},
	{
		// L940, L941, L943, M05, M06, M08, M120, M123, M30, M310–M313, M32–M35, M45, M461, M468, M469
		Category: Category{Key: "rheumd", Label: "Rheumatoid arthritis/collagen vascular diseases", Prefixes: []string{
			"L940", "L941", "L943", "M05", "M06", "M08", "M120", "M123", "M30", "M310", "M311",
			"M312", "M313", "M32", "M33", "M34", "M35", "M45", "M461", "M468", "M469",
		}},
		VanWalraven: 0,
	},
	{
		// D65–D68, D691, D693–D696
		Category: Category{Key: "coag", Label: "Coagulopathy", Prefixes: []string{
			"D65", "D66", "D67", "D68", "D691", "D693", "D694", "D695", "D696",
		}},
		VanWalraven: 3,
	},
	{
		// E66
		Category: Category{Key: "obes", Label: "Obesity", Prefixes: []string{
			"E66",
		}},
		VanWalraven: -4,
	},
	{
		// E40–E46, R634, R64
		Category: Category{Key: "wloss", Label: "Weight loss", Prefixes: []string{
			"E40", "E41", "E42", "E43", "E44", "E45", "E46", "R634", "R64",
		}},
		VanWalraven: 6,
	},
	{
		// E222, E86, E87
		Category: Category{Key: "fed", Label: "Fluid and electrolyte disorders", Prefixes: []string{
			"E222", "E86", "E87",
		}},
		VanWalraven: 5,
	},
	{
		// D500
		Category: Category{Key: "blane", Label: "Blood loss anaemia", Prefixes: []string{
			"D500",
		}},
		VanWalraven: -2,
	},
	{
		// D508, D509, D51–D53
		Category: Category{Key: "dane", Label: "Deficiency anaemia", Prefixes: []string{
			"D508", "D509", "D51", "D52", "D53",
		}},
		VanWalraven: -2,
	},
	{
		// F10, E52, G621, I426, K292, K700, K703, K709, T51, Z502, Z714, Z721
		Category: Category{Key: "alcohol", Label: "Alcohol abuse", Prefixes: []string{
			"F10", "E52", "G621", "I426", "K292", "K700", "K703", "K709", "T51", "Z502", "Z714",
			"Z721",
		}},
		VanWalraven: 0,
	},
	{
		// F11–F16, F18, F19, Z715, Z722
		Category: Category{Key: "drug", Label: "Drug abuse", Prefixes: []string{
			"F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19", "Z715", "Z722",
		}},
		VanWalraven: -7,
	},
	{
		// F20, F22–F25, F28, F29, F302, F312, F315
		Category: Category{Key: "psycho", Label: "Psychoses", Prefixes: []string{
			"F20", "F22", "F23", "F24", "F25", "F28", "F29", "F302", "F312", "F315",
		}},
		VanWalraven: 0,
	},
	{
		// F204, F313–F315, F32, F33, F341, F412, F432
		Category: Category{Key: "depre", Label: "Depression", Prefixes: []string{
			"F204", "F313", "F314", "F315", "F32", "F33", "F341", "F412", "F432",
		}},
		VanWalraven: -3,
	},
}

// elixHierarchy maps a group to the one that overrides it in the score
// (DOMAIN.md 6.2): metastatic cancer > solid tumour, complicated >
// uncomplicated diabetes, complicated > uncomplicated hypertension.
var elixHierarchy = map[string]string{"solidtum": "metacanc", "diabunc": "diabc", "hypunc": "hypc"}

// ElixhauserResult is a patient's Elixhauser comorbidity profile.
type ElixhauserResult struct {
	// Flags holds the keys of the groups present (true), before the
	// hierarchy.
	Flags map[string]bool
	// VanWalraven is the van Walraven score with the hierarchies applied;
	// with the metastatic > solid tumour hierarchy it ranges from -19 to 85.
	VanWalraven int
}

// Elixhauser returns the Elixhauser groups and van Walraven score of codes
// (normalised, index VTE codes removed: see ExcludeIndexVTE).
func Elixhauser(codes []string) ElixhauserResult {
	r := ElixhauserResult{Flags: map[string]bool{}}
	for _, c := range ElixhauserCategories {
		if c.Matches(codes) {
			r.Flags[c.Key] = true
		}
	}
	for _, c := range ElixhauserCategories {
		if r.Flags[c.Key] && !r.Flags[elixHierarchy[c.Key]] {
			r.VanWalraven += c.VanWalraven
		}
	}
	return r
}
