package datasets

import "math"

// Censor marks a lab value reported at a detection limit.
type Censor int8

const (
	// NotCensored is an ordinary value.
	NotCensored Censor = iota
	// Below marks "<L": the true value is below L; the stored value is L.
	Below
	// Above marks ">L": the true value is above L; the stored value is L.
	Above
)

// Cohort is a loaded, typed cohort: one row per patient. Its columns follow
// the dictionary's order of predictor columns (groups baseline,
// biochemistry and icd10).
type Cohort struct {
	Dict *Dictionary
	// Source names the input (file name or "embedded synthetic cohort").
	Source string
	// IDs holds the patient ids, unique.
	IDs []string
	// Columns are the predictor columns.
	Columns []*Column
	// Outcome holds the raw outcome values.
	Outcome Outcome
	// Warnings are the non-fatal problems found while loading.
	Warnings Problems
}

// Len returns the number of patients.
func (c *Cohort) Len() int { return len(c.IDs) }

// Column returns the named predictor column, or nil.
func (c *Cohort) Column(name string) *Column {
	for _, col := range c.Columns {
		if col.Spec.Name == name {
			return col
		}
	}
	return nil
}

// ByConcept returns the first predictor column mapped to the concept, or nil.
func (c *Cohort) ByConcept(concept string) *Column {
	for _, col := range c.Columns {
		if col.Spec.Concept == concept {
			return col
		}
	}
	return nil
}

// Column holds one predictor column's values. Exactly one of Num, Cat or
// Codes is used, by Spec.Type: Num for numeric and binary (NaN = missing),
// Cat for categorical (canonical level; "" = missing), Codes for codes
// (normalised ICD-10 codes; nil = missing, empty non-nil = no codes).
type Column struct {
	Spec   ColumnSpec
	Num    []float64
	Censor []Censor // same length as Num for numeric columns; NotCensored unless "<" or ">"
	Cat    []string
	Codes  [][]string
	// CodeDays, for a codes column with dated codes ("C187@-400": day -400
	// relative to the index VTE), holds the day of each code in Codes (same
	// shape; NaN for an undated code). It is nil when no code in the column
	// is dated, and CodeDays[i] is nil for a row without dated codes. The
	// same code may appear more than once in a row with different days.
	CodeDays [][]float64
}

// Missing reports whether row i is missing.
func (c *Column) Missing(i int) bool {
	switch c.Spec.Type {
	case Numeric, Binary:
		return math.IsNaN(c.Num[i])
	case Categorical:
		return c.Cat[i] == ""
	case Codes:
		return c.Codes[i] == nil
	}
	return true
}

// Outcome holds the raw outcome columns. For time-to-event outcomes the three
// slices have one entry per patient, NaN where blank. For binary outcomes
// Binary maps each column to its 0/1 values, NaN where blank.
type Outcome struct {
	EventTime    []float64
	DeathTime    []float64
	FollowupTime []float64
	Binary       map[string][]float64
}
