package features

import (
	"fmt"
	"math"
	"sort"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features/biochem"
	"gonum.org/v1/gonum/mat"
)

// Encoder is the specification of the first step: cohort columns to numbers.
// It encodes the columns of its feature set:
//
//   - numeric: the value; a value censored at a detection limit follows
//     biochem.Uncensor ("<L" as L/2, ">L" as L), and a column with censored
//     values in the training rows gets a 0/1 flag "<name>#censored";
//   - binary: 0/1;
//   - categorical: one 0/1 column per level seen in the training rows (sorted);
//     missing is its own level "(missing)" when it occurs in training rows; a
//     level unseen in training gives zeros in all level columns;
//   - codes: ICD-10 codes rolled up to their 3-character category, one 0/1
//     column per category present in at least MinCodeCount training
//     patients; rarer categories are dropped.
//
// Missing numeric and binary values stay NaN for the imputation step.
type Encoder struct {
	// Set is the feature set; the zero value means DefaultFeatureSet.
	Set FeatureSet
	// MinCodeCount is the minimum number of training patients with a code
	// category for it to become a column; 0 means 5.
	MinCodeCount int
}

// Prefix returns the provenance prefix of a column group.
func Prefix(g datasets.Group) string {
	switch g {
	case datasets.GroupBaseline:
		return "base:"
	case datasets.GroupBiochemistry:
		return "bio:"
	case datasets.GroupICD10:
		return "icd:"
	case datasets.GroupScore:
		return "score:"
	}
	return string(g) + ":"
}

// EncodedColumn is one cohort column's fitted encoding. It refers to the
// cohort column by name, so a fitted encoder can be saved and applied to
// another cohort with the same columns.
type EncodedColumn struct {
	Column   string        `json:"column"`
	Type     datasets.Type `json:"type"`
	Name     string        `json:"name"`               // provenance name
	Levels   []string      `json:"levels,omitempty"`   // categorical levels or code categories
	Censored bool          `json:"censored,omitempty"` // numeric column with a censoring flag
}

// EncoderFit is a fitted Encoder.
type EncoderFit struct {
	Columns []EncodedColumn `json:"columns"`
	names   []string
}

// Names returns the names of the encoded columns.
func (e *EncoderFit) Names() []string {
	if e.names == nil {
		for _, ec := range e.Columns {
			e.names = append(e.names, ec.names()...)
		}
	}
	return e.names
}

// names returns the design-matrix columns this cohort column encodes to.
func (ec EncodedColumn) names() []string {
	switch ec.Type {
	case datasets.Numeric:
		if ec.Censored {
			return []string{ec.Name, ec.Name + "#censored"}
		}
		return []string{ec.Name}
	case datasets.Categorical:
		out := make([]string, len(ec.Levels))
		for i, lv := range ec.Levels {
			out[i] = ec.Name + "=" + lv
		}
		return out
	case datasets.Codes:
		out := make([]string, len(ec.Levels))
		for i, cat := range ec.Levels {
			out[i] = "icd:" + cat
		}
		return out
	}
	return []string{ec.Name}
}

// Fit learns levels and code categories from the given cohort rows.
func (e Encoder) Fit(c *datasets.Cohort, rows []int) (*EncoderFit, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("features: no training rows")
	}
	set := e.Set
	if set.Name == "" {
		set, _ = FeatureSetByName(DefaultFeatureSet)
	}
	augmented := c.Column(MergedCodes) != nil
	minCount := e.MinCodeCount
	if minCount == 0 {
		minCount = 5
	}
	fit := &EncoderFit{}
	for _, col := range c.Columns {
		spec := col.Spec
		if !set.includes(spec, augmented) {
			continue
		}
		ec := EncodedColumn{Column: spec.Name, Type: spec.Type, Name: Prefix(spec.Group) + spec.Name}
		switch {
		case spec.Derived != "":
			ec.Name = spec.Name // derived columns carry their provenance prefix
		case spec.Code != "":
			ec.Name = Prefix(spec.Group) + spec.Code
		}
		switch spec.Type {
		case datasets.Numeric:
			for _, i := range rows {
				if col.Censor[i] != datasets.NotCensored {
					ec.Censored = true
					break
				}
			}
		case datasets.Categorical:
			set := map[string]bool{}
			for _, i := range rows {
				v := col.Cat[i]
				if v == "" {
					v = "(missing)"
				}
				set[v] = true
			}
			ec.Levels = sortedKeys(set)
		case datasets.Codes:
			counts := map[string]int{}
			for _, i := range rows {
				for _, cat := range categories(col.Codes[i]) {
					counts[cat]++
				}
			}
			for cat, n := range counts {
				if n >= minCount {
					ec.Levels = append(ec.Levels, cat)
				}
			}
			sort.Strings(ec.Levels)
		}
		fit.Columns = append(fit.Columns, ec)
	}
	if dup := firstDuplicate(fit.Names()); dup != "" {
		return nil, fmt.Errorf("features: two columns encode to the same name %q; rename one in the dictionary", dup)
	}
	return fit, nil
}

// encodeBlock is the number of rows Encode fills column by column.
const encodeBlock = 32

// Encode returns the frame of the given cohort rows. Values never seen in
// training (levels, codes) encode as zeros. It is an error when the cohort
// lacks a column the encoder was fitted on or has it with another type.
func (e *EncoderFit) Encode(c *datasets.Cohort, rows []int) (*Frame, error) {
	names := e.Names()
	f := &Frame{Names: names}
	cols := make([]*datasets.Column, len(e.Columns))
	for k, ec := range e.Columns {
		col := c.Column(ec.Column)
		if col == nil || col.Spec.Type != ec.Type {
			return nil, fmt.Errorf("features: the cohort has no %s column %q, which the preprocessing was fitted on", ec.Type, ec.Column)
		}
		cols[k] = col
	}
	if len(rows) == 0 || len(names) == 0 {
		return f, nil
	}
	X := mat.NewDense(len(rows), len(names), nil)
	raw := X.RawMatrix()
	// Column by column within blocks of rows: each column is read in
	// order, and a block's rows (encodeBlock × the row width) stay in
	// cache while its columns are written.
	off := 0
	offsets := make([]int, len(e.Columns))
	levels := make([]map[string]int, len(e.Columns))
	for ci, ec := range e.Columns {
		offsets[ci] = off
		off += len(ec.names())
		if ec.Type == datasets.Categorical || ec.Type == datasets.Codes {
			levels[ci] = make(map[string]int, len(ec.Levels))
			for k, lv := range ec.Levels {
				levels[ci][lv] = k // levels are distinct: Fit checks the names
			}
		}
	}
	for r0 := 0; r0 < len(rows); r0 += encodeBlock {
		block := rows[r0:min(len(rows), r0+encodeBlock)]
		for ci, ec := range e.Columns {
			col, k := cols[ci], offsets[ci]
			cell := raw.Data[r0*raw.Stride+k:]
			switch ec.Type {
			case datasets.Numeric:
				for r, i := range block {
					cell[r*raw.Stride] = biochem.Uncensor(col.Num[i], col.Censor[i])
					if ec.Censored && col.Censor[i] != datasets.NotCensored {
						cell[r*raw.Stride+1] = 1
					}
				}
			case datasets.Binary:
				for r, i := range block {
					cell[r*raw.Stride] = col.Num[i]
				}
			case datasets.Categorical:
				for r, i := range block {
					v := col.Cat[i]
					if v == "" {
						v = "(missing)"
					}
					if l, ok := levels[ci][v]; ok {
						cell[r*raw.Stride+l] = 1
					}
				}
			case datasets.Codes:
				for r, i := range block {
					codes := col.Codes[i]
					if codes == nil {
						for l := range ec.Levels {
							cell[r*raw.Stride+l] = math.NaN()
						}
						continue
					}
					for _, cat := range categories(codes) {
						if l, ok := levels[ci][cat]; ok {
							cell[r*raw.Stride+l] = 1
						}
					}
				}
			}
		}
	}
	f.X = X
	return f, nil
}

// categories returns the distinct 3-character ICD-10 categories of codes.
func categories(codes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, code := range codes {
		cat := code
		if len(cat) > 3 {
			cat = cat[:3]
		}
		if !seen[cat] {
			seen[cat] = true
			out = append(out, cat)
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func firstDuplicate(names []string) string {
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return n
		}
		seen[n] = true
	}
	return ""
}

// Describe returns a one-line description of the encoding for reports.
func (e Encoder) Describe() string {
	min := e.MinCodeCount
	if min == 0 {
		min = 5
	}
	set := e.Set
	if set.Name == "" {
		set, _ = FeatureSetByName(DefaultFeatureSet)
	}
	return fmt.Sprintf("feature set %s; numeric as is (\"<L\" as L/2, \">L\" as L, with a censoring flag); categorical one-hot on training levels; ICD-10 codes rolled up to 3-character categories kept when present in >= %d training patients", set.Describe(), min)
}
