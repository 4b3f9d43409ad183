// Package clinical holds one patient's baseline described in clinical
// concepts, in canonical units, each value carrying where it came from. It is
// the common input of the bleeding scores and of the derived features: the
// features package fills it from a cohort (whatever the export calls its
// columns, through the dictionary's concepts), and package scores reads it.
//
// Canonical units (DOMAIN.md 5.1): haemoglobin g/dL, platelets and
// leukocytes 10^9/L, creatinine µmol/L, creatinine clearance mL/min, eGFR
// mL/min/1.73 m², albumin g/L, bilirubin µmol/L, ALT/AST/ALP U/L, CRP mg/L,
// age years, weight kg, height cm, systolic blood pressure mmHg.
package clinical

// Source says where a value came from.
type Source uint8

const (
	// Missing: the value is not known for this patient (or the cohort has no
	// column for it).
	Missing Source = iota
	// Observed: read from a cohort column mapped to the concept.
	Observed
	// FromICD10: derived from the patient's ICD-10 codes.
	FromICD10
	// FromLabs: computed from other values (e.g. creatinine clearance from
	// creatinine, age, sex and weight).
	FromLabs
)

func (s Source) String() string {
	switch s {
	case Observed:
		return "observed"
	case FromICD10:
		return "derived from ICD-10 codes"
	case FromLabs:
		return "computed"
	}
	return "missing"
}

// Num is a numeric value with its source. Value is meaningful only when
// Source is not Missing.
type Num struct {
	Value  float64
	Source Source
}

// Known reports whether the value is known.
func (n Num) Known() bool { return n.Source != Missing }

// Flag is a yes/no value with its source.
type Flag struct {
	Value  bool
	Source Source
}

// Known reports whether the flag is known.
func (f Flag) Known() bool { return f.Source != Missing }

// Patient is one patient's baseline in clinical concepts. Zero values are
// Missing.
type Patient struct {
	// Demographics and measurements.
	Age, Weight, Height, BMI, SBP Num
	Female                        Flag

	// Laboratory values, canonical units (see the package doc).
	Haemoglobin, Platelets, Leukocytes Num
	Creatinine, CrCl, EGFR             Num
	Albumin, Bilirubin, ALT, AST, ALP  Num
	CRP, INR                           Num

	// Cancer.
	ActiveCancer Flag
	Metastatic   Flag
	// CancerSites holds the cancer site groups of DOMAIN.md 6.3 that apply
	// ("gi_luminal", "upper_gi", "colorectal", "pancreas", "lung",
	// "breast", "prostate", "gu", "bladder", "kidney", "gynaecological",
	// "cervix", "cns", "haematological", "lymphoma", "melanoma", "stomach",
	// "testis", ...). A nil map means unknown; an empty map, no cancer site.
	CancerSites map[string]bool
	// CancerSiteSource says where CancerSites came from.
	CancerSiteSource Source
	// ESA: erythropoiesis-stimulating agent use (Khorana).
	ESA Flag

	// Index VTE.
	PE Flag // the index event is (clinically overt) pulmonary embolism

	// Bleeding history.
	PriorBleeding       Flag // any prior major or clinically relevant bleeding
	PriorMajorBleeding  Flag
	RecentMajorBleeding Flag // within about a month before the index VTE (RIETE)
	PriorGIBleeding     Flag
	PriorICH            Flag

	// Comorbidity.
	Hypertension             Flag
	UncontrolledHypertension Flag // SBP >= 140 mmHg at baseline (VTE-BLEED) when SBP is known
	Diabetes                 Flag
	PriorStroke              Flag
	RecentMI                 Flag
	HeartFailure             Flag
	LiverDisease             Flag // chronic liver disease / cirrhosis
	RenalFailure             Flag // dialysis, transplant or severe CKD
	Alcohol                  Flag // alcohol abuse
	Falls                    Flag // frequent falls
	RecentSurgery            Flag
	Thrombocytopenia         Flag
	Anaemia                  Flag // by WHO cut-offs when Hb is known

	// Medication.
	Antiplatelet Flag
	NSAID        Flag
	VKA          Flag // the anticoagulant is a vitamin K antagonist
	LabileINR    Flag
}
