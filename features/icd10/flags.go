package icd10

// OtherFlags are the bleeding-relevant flags of DOMAIN.md 6.6, followed by
// the composite definitions FillPatient uses (diabetes, liver_disease,
// renal_failure), in the order of their features.
var OtherFlags = []Category{
	{Key: "hypertension", Label: "Hypertensive diseases", Prefixes: []string{ // I10–I15 (no I14 in WHO ICD-10)
		"I10", "I11", "I12", "I13", "I15",
	}},
	{Key: "atrial_fibrillation", Label: "Atrial fibrillation and flutter", Prefixes: []string{"I48"}},
	{Key: "coronary_disease", Label: "Ischaemic heart disease", Prefixes: []string{ // I20–I25
		"I20", "I21", "I22", "I23", "I24", "I25",
	}},
	{Key: "stroke", Label: "Cerebral infarction or stroke not specified", Prefixes: []string{"I63", "I64"}},
	{Key: "heart_failure", Label: "Heart failure", Prefixes: []string{"I50"}},
	{Key: "ckd", Label: "Chronic kidney disease", Prefixes: []string{"N18"}},
	// N18.4–N18.5 are CKD stages 4 and 5; N18.0 is end-stage renal disease
	// in the WHO ICD-10 editions before the 2010 update that introduced the
	// stages (not in DOMAIN.md; kept for older registry records).
	{Key: "ckd_severe", Label: "Severe chronic kidney disease (stage 4-5)", Prefixes: []string{
		"N184", "N185", "N180",
	}},
	{Key: "dialysis", Label: "Dependence on renal dialysis", Prefixes: []string{"Z992"}},
	{Key: "cirrhosis", Label: "Cirrhosis", Prefixes: []string{ // K70.3, K74.3–K74.6
		"K703", "K743", "K744", "K745", "K746",
	}},
	{Key: "varices", Label: "Oesophageal varices", Prefixes: []string{"I85"}},
	{Key: "alcohol", Label: "Mental and behavioural disorders due to alcohol", Prefixes: []string{"F10"}},
	{Key: "thrombocytopenia", Label: "Thrombocytopenia", Prefixes: []string{ // D69.3–D69.6
		"D693", "D694", "D695", "D696",
	}},
	{Key: "neutropenia", Label: "Agranulocytosis and neutropenia", Prefixes: []string{"D70"}},
	{Key: "aplastic_anaemia", Label: "Drug-induced or other aplastic anaemia", Prefixes: []string{ // D61.1, D61.8–D61.9
		"D611", "D618", "D619",
	}},
	{Key: "anaemia_neoplastic", Label: "Anaemia in neoplastic disease", Prefixes: []string{"D630"}},
	{Key: "coagulation_defect", Label: "Coagulation defects", Prefixes: []string{ // D65–D68
		"D65", "D66", "D67", "D68",
	}},
	{Key: "peptic_ulcer", Label: "Peptic ulcer", Prefixes: []string{"K25", "K26", "K27", "K28"}},
	{Key: "oesophagitis_gord", Label: "Oesophagitis or gastro-oesophageal reflux", Prefixes: []string{"K20", "K21"}},
	{Key: "angiodysplasia", Label: "Angiodysplasia of colon", Prefixes: []string{"K552"}},
	{Key: "diverticular", Label: "Diverticular disease of intestine", Prefixes: []string{"K57"}},
	{Key: "falls", Label: "Falls or tendency to fall", Prefixes: []string{ // W00–W19, R29.6
		"W00", "W01", "W02", "W03", "W04", "W05", "W06", "W07", "W08", "W09", "W10", "W11",
		"W12", "W13", "W14", "W15", "W16", "W17", "W18", "W19", "R296",
	}},
	{Key: "brain_mets", Label: "Secondary neoplasm of brain and meninges", Prefixes: []string{"C793"}},
	{Key: "chemotherapy", Label: "Chemotherapy session for neoplasm", Prefixes: []string{"Z511"}},
	{Key: "radiotherapy", Label: "Radiotherapy session", Prefixes: []string{"Z510"}},

	// Composite definitions for clinical.Patient (FillPatient).
	{Key: "diabetes", Label: "Diabetes mellitus", Prefixes: []string{ // E10–E14
		"E10", "E11", "E12", "E13", "E14",
	}},
	// liver_disease: cirrhosis (DOMAIN.md 6.6) or Charlson moderate/severe
	// liver disease (6.1: varices, portal hypertension, hepatic failure,
	// hepatorenal syndrome), the "chronic liver disease / cirrhosis" of
	// HAS-BLED and ACCP. Charlson mild liver disease (chronic hepatitis, fatty
	// liver) is left out.
	{Key: "liver_disease", Label: "Cirrhosis or moderate/severe liver disease", Prefixes: []string{
		"K703", "K743", "K744", "K745", "K746",
		"I850", "I859", "I864", "I982", "K704", "K711", "K721", "K729", "K765", "K766", "K767",
	}},
	// renal_failure: severe CKD (N18.4, N18.5, N18.0), dialysis (Z99.2,
	// Z49.0–Z49.2) or kidney transplant (Z94.0): HAS-BLED's "dialysis,
	// transplant or creatinine >= 200" as far as codes can tell.
	{Key: "renal_failure", Label: "Severe CKD, dialysis or kidney transplant", Prefixes: []string{
		"N184", "N185", "N180", "Z992", "Z490", "Z491", "Z492", "Z940",
	}},
}

// AcuteMI is myocardial infarction coded as acute: I21 (within 4 weeks of
// onset) and I22 (subsequent MI within 4 weeks). It is not a feature and does
// not set clinical.Patient.RecentMI, because without code dates an acute MI
// coded years before the index is not recent; a caller with dates may match
// it on the codes of the weeks before the index (OBRI's recent MI).
var AcuteMI = Category{Key: "acute_mi", Label: "Acute myocardial infarction", Prefixes: []string{"I21", "I22"}}
