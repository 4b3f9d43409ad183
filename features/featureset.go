package features

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// FeatureSet says which data sources become model features, so a researcher
// can show what each source adds.
type FeatureSet struct {
	Name string `json:"name"`
	// Baseline: the export's baseline columns.
	Baseline bool `json:"baseline"`
	// Biochemistry: the export's lab columns and the derived lab values
	// (eGFR, creatinine clearance, anaemia, ..., log copies).
	Biochemistry bool `json:"biochemistry"`
	// ICD10Derived: comorbidity scores and flags, cancer sites and prior
	// bleeding derived from the codes.
	ICD10Derived bool `json:"icd10_derived"`
	// RawCodes: one 0/1 feature per 3-character ICD-10 category present in
	// at least MinCodeCount training patients.
	RawCodes bool `json:"raw_codes"`
	// Scores: the points of the bleeding scores (and Khorana).
	Scores bool `json:"scores"`
}

// FeatureSets are the named feature sets, from the smallest to the largest,
// and "scores" (the published scores' points only).
var FeatureSets = []FeatureSet{
	{Name: "baseline", Baseline: true},
	{Name: "biochemistry", Baseline: true, Biochemistry: true},
	{Name: "icd10", Baseline: true, Biochemistry: true, ICD10Derived: true},
	{Name: "all", Baseline: true, Biochemistry: true, ICD10Derived: true, RawCodes: true},
	{Name: "scores", Scores: true},
}

// DefaultFeatureSet is the feature set used when none is named.
const DefaultFeatureSet = "all"

// FeatureSetByName returns a named feature set.
func FeatureSetByName(name string) (FeatureSet, error) {
	for _, s := range FeatureSets {
		if s.Name == name {
			return s, nil
		}
	}
	var names []string
	for _, s := range FeatureSets {
		names = append(names, s.Name)
	}
	return FeatureSet{}, fmt.Errorf("unknown feature set %q; available: %s", name, strings.Join(names, ", "))
}

// Describe says in words what the set holds.
func (s FeatureSet) Describe() string {
	var parts []string
	if s.Baseline {
		parts = append(parts, "baseline data")
	}
	if s.Biochemistry {
		parts = append(parts, "biochemistry with derived lab values")
	}
	if s.ICD10Derived {
		parts = append(parts, "ICD-10 derived comorbidity, cancer-site and bleeding features")
	}
	if s.RawCodes {
		parts = append(parts, "raw ICD-10 categories")
	}
	if s.Scores {
		parts = append(parts, "bleeding score points")
	}
	return s.Name + ": " + strings.Join(parts, ", ")
}

// includes reports whether a cohort column is a feature of the set. In an
// augmented cohort (one with the MergedCodes column) the export's own code
// columns are read only through MergedCodes.
//
// A column with the concept index_year is never a feature: calendar time
// stands in for the era's treatment mix and would not transport to new
// patients; it is kept for temporal validation.
func (s FeatureSet) includes(spec datasets.ColumnSpec, augmented bool) bool {
	if spec.Concept == "index_year" {
		return false
	}
	derived := spec.Derived != ""
	switch spec.Group {
	case datasets.GroupBaseline:
		return s.Baseline
	case datasets.GroupBiochemistry:
		return s.Biochemistry
	case datasets.GroupScore:
		return s.Scores
	case datasets.GroupICD10:
		switch {
		case spec.Name == MergedCodes && derived:
			return s.RawCodes
		case derived:
			return s.ICD10Derived
		case augmented:
			return false // read through MergedCodes
		default:
			return s.RawCodes // a cohort that was not augmented: its own code columns
		}
	}
	return false
}

// FeatureSetNames lists the names of FeatureSets, sorted.
func FeatureSetNames() []string {
	var out []string
	for _, s := range FeatureSets {
		out = append(out, s.Name)
	}
	sort.Strings(out)
	return out
}
