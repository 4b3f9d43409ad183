package features

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features/clinical"
	"github.com/ostfold-vte/bleedrisk/features/icd10"
	"github.com/ostfold-vte/bleedrisk/features/scores"
)

// MergedCodes is the name of the derived codes column that holds every
// patient's baseline ICD-10 codes, from all code columns of the export.
const MergedCodes = "icd:codes"

// AugmentOptions tune Augment. The zero value is the default.
type AugmentOptions struct {
	// LookbackDays limits dated codes to those on or before the index date
	// and at most this many days before it; 0 means 5 years (1826 days).
	// Undated codes are all used (the export is trusted to hold baseline
	// codes only); codes dated after the index are never used (leakage).
	LookbackDays float64
	// NoLogSkewed turns off the log-transformed copies of skewed labs.
	NoLogSkewed bool
}

// Augmentation is what Augment derived, for reports.
type Augmentation struct {
	// Patients holds each patient's baseline in clinical concepts.
	Patients []*clinical.Patient
	// Scores holds, per score name, each patient's result.
	Scores map[string][]scores.Result
	// ScoreOrder lists the scores in their fixed order.
	ScoreOrder []string
	// PostIndexCodes counts dated codes left out because they are after the
	// index; OldCodes those before the look-back window.
	PostIndexCodes, OldCodes int
	// Warnings are problems found while deriving (implausible units).
	Warnings datasets.Problems
}

// Augment returns a copy of c with derived columns appended, computed patient
// by patient (nothing is learned across patients, so computing them once for
// the whole cohort leaks nothing):
//
//   - biochemistry: eGFR by CKD-EPI 2021, Cockcroft-Gault creatinine
//     clearance, WHO anaemia, thrombocytopenia grade, leukocytosis,
//     hypoalbuminaemia, and log copies of skewed labs, from the columns
//     mapped to the concepts creatinine, age, sex, weight, haemoglobin,
//     platelets, leukocytes and albumin, converted to canonical units;
//   - icd10: the merged code list MergedCodes (all code columns and 0/1 code
//     columns, dated codes filtered to the look-back window) and every
//     feature of icd10.Derive (Charlson, Elixhauser, cancer sites, prior
//     bleeding, other flags) computed from it;
//   - score: the points of every score of scores.All.
//
// Lab columns whose unit is unknown for their concept are errors; values
// that fit another unit better than the declared one are warnings.
func Augment(c *datasets.Cohort, opt AugmentOptions) (*datasets.Cohort, *Augmentation, error) {
	if opt.LookbackDays == 0 {
		opt.LookbackDays = 1826
	}
	n := c.Len()
	aug := &Augmentation{Scores: map[string][]scores.Result{}}
	out := *c
	out.Columns = append([]*datasets.Column(nil), c.Columns...)
	taken := map[string]bool{}
	for _, col := range c.Columns {
		taken[col.Spec.Name] = true
	}
	var errs []string
	add := func(col *datasets.Column) {
		if taken[col.Spec.Name] {
			errs = append(errs, fmt.Sprintf("the export has a column %q, the name of a column bleedrisk derives; rename it (derived columns are named with a prefix such as \"bio:\", \"icd:\" or \"score:\")", col.Spec.Name))
			return
		}
		taken[col.Spec.Name] = true
		out.Columns = append(out.Columns, col)
	}

	// Clinical concepts, in canonical units.
	patients, err := clinicalPatients(c, aug)
	if err != nil {
		return nil, nil, err
	}
	aug.Patients = patients

	// ICD-10: merged codes, then derived features.
	merged := mergeCodes(c, opt.LookbackDays, aug)
	add(&datasets.Column{Spec: datasets.ColumnSpec{Name: MergedCodes, Group: datasets.GroupICD10, Type: datasets.Codes,
		Derived: "every baseline ICD-10 code of the patient, from all code columns"}, Codes: merged})
	names := icd10.FeatureNames()
	icdCols := make([]*datasets.Column, len(names))
	for k, name := range names {
		icdCols[k] = &datasets.Column{Spec: datasets.ColumnSpec{Name: name, Group: datasets.GroupICD10,
			Type: datasets.Numeric, Derived: "derived from ICD-10 codes (features/icd10)"}, Num: make([]float64, n), Censor: make([]datasets.Censor, n)}
	}
	for i := 0; i < n; i++ {
		if merged[i] == nil {
			for _, col := range icdCols {
				col.Num[i] = math.NaN()
			}
			continue
		}
		d := icd10.Derive(merged[i])
		for k, f := range d.Features() {
			icdCols[k].Num[i] = f.Value
		}
		icd10.FillPatient(patients[i], d)
		fillActiveCancer(patients[i], d)
	}
	for _, col := range icdCols {
		add(col)
	}

	// Derived labs.
	for _, col := range derivedLabs(c, patients, opt) {
		add(col)
	}

	// Scores.
	for _, s := range scores.All() {
		col := &datasets.Column{Spec: datasets.ColumnSpec{Name: scoreColumnName(s.Name()), Group: datasets.GroupScore, Type: datasets.Numeric,
			Derived: "points of the " + s.Name() + " score (" + s.Cite() + ")"}, Num: make([]float64, n), Censor: make([]datasets.Censor, n)}
		res := make([]scores.Result, n)
		for i, p := range patients {
			res[i] = s.Compute(p)
			col.Num[i] = res[i].Points
		}
		aug.Scores[s.Name()] = res
		aug.ScoreOrder = append(aug.ScoreOrder, s.Name())
		add(col)
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return &out, aug, nil
}

// scoreColumnName turns "VTE-BLEED" into "score:vte_bleed".
func scoreColumnName(name string) string {
	return "score:" + strings.ToLower(strings.NewReplacer("-", "_", " ", "_", "/", "_").Replace(name))
}

// mergeCodes collects each patient's baseline codes from every codes column
// and every 0/1 column with a `code:`. A patient with no code source at all
// (every source missing) gets nil.
func mergeCodes(c *datasets.Cohort, lookback float64, aug *Augmentation) [][]string {
	n := c.Len()
	out := make([][]string, n)
	for _, col := range c.Columns {
		if col.Spec.Group != datasets.GroupICD10 {
			continue
		}
		switch {
		case col.Spec.Type == datasets.Codes:
			for i := 0; i < n; i++ {
				if col.Codes[i] == nil {
					continue
				}
				if out[i] == nil {
					out[i] = []string{}
				}
				for k, code := range col.Codes[i] {
					if col.CodeDays != nil && col.CodeDays[i] != nil {
						day := col.CodeDays[i][k]
						switch {
						case day > 0:
							aug.PostIndexCodes++
							continue
						case day < -lookback:
							aug.OldCodes++
							continue
						}
					}
					out[i] = append(out[i], code)
				}
			}
		case col.Spec.Type == datasets.Binary && col.Spec.Code != "":
			for i := 0; i < n; i++ {
				v := col.Num[i]
				if math.IsNaN(v) {
					continue
				}
				if out[i] == nil {
					out[i] = []string{}
				}
				if v == 1 {
					out[i] = append(out[i], col.Spec.Code)
				}
			}
		}
	}
	for i := range out {
		if out[i] != nil {
			sort.Strings(out[i])
			out[i] = dedupeSorted(out[i])
		}
	}
	return out
}

func dedupeSorted(xs []string) []string {
	k := 0
	for i, x := range xs {
		if i == 0 || x != xs[k-1] {
			xs[k] = x
			k++
		}
	}
	return xs[:k]
}

// fillActiveCancer marks a patient with any malignancy code (Charlson canc
// or metacanc, DOMAIN.md 6.1) as having cancer when the export has no
// active-cancer column. A code alone cannot tell active from past cancer;
// in a CAT registry cohort every patient has active cancer by inclusion.
func fillActiveCancer(p *clinical.Patient, d icd10.Derived) {
	if p.ActiveCancer.Known() || d.Codes == 0 {
		return
	}
	p.ActiveCancer = clinical.Flag{Value: d.Charlson["canc"] || d.Charlson["metacanc"], Source: clinical.FromICD10}
}
