package features

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"gonum.org/v1/gonum/mat"
)

// Encoder is the specification of the first step: cohort columns to numbers.
//
//   - numeric: the value; a value censored below a detection limit ("<L")
//     becomes L/2 and one censored above (">L") becomes L, and a column with
//     censored values in the training rows gets a 0/1 flag "<name>#censored"
//     (a common substitution rule; see the README, "Censored lab values");
//   - binary: 0/1;
//   - categorical: one 0/1 column per level seen in the training rows (sorted);
//     missing is its own level "(missing)" when it occurs in training rows; a
//     level unseen in training gives zeros in all level columns;
//   - codes: ICD-10 codes rolled up to their 3-character category, one 0/1
//     column per category present in at least MinCodeCount training patients.
//
// Missing numeric and binary values stay NaN for the imputation step.
type Encoder struct {
	// Groups are the column groups to use; nil means baseline,
	// biochemistry and icd10.
	Groups []datasets.Group
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
	}
	return string(g) + ":"
}

// encodedColumn is one cohort column's fitted encoding.
type encodedColumn struct {
	col      *datasets.Column
	base     string   // provenance name
	levels   []string // categorical levels or code categories
	censored bool     // numeric column with a censoring flag
}

// EncoderFit is a fitted Encoder.
type EncoderFit struct {
	cols  []encodedColumn
	names []string
}

// Names returns the names of the encoded columns.
func (e *EncoderFit) Names() []string { return e.names }

// Fit learns levels and code categories from the given cohort rows.
func (e Encoder) Fit(c *datasets.Cohort, rows []int) (*EncoderFit, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("features: no training rows")
	}
	groups := e.Groups
	if groups == nil {
		groups = []datasets.Group{datasets.GroupBaseline, datasets.GroupBiochemistry, datasets.GroupICD10}
	}
	use := map[datasets.Group]bool{}
	for _, g := range groups {
		use[g] = true
	}
	minCount := e.MinCodeCount
	if minCount == 0 {
		minCount = 5
	}
	fit := &EncoderFit{}
	for _, col := range c.Columns {
		spec := col.Spec
		if !use[spec.Group] {
			continue
		}
		ec := encodedColumn{col: col, base: Prefix(spec.Group) + spec.Name}
		if spec.Code != "" {
			ec.base = Prefix(spec.Group) + spec.Code
		}
		switch spec.Type {
		case datasets.Numeric:
			fit.names = append(fit.names, ec.base)
			for _, i := range rows {
				if col.Censor[i] != datasets.NotCensored {
					ec.censored = true
					break
				}
			}
			if ec.censored {
				fit.names = append(fit.names, ec.base+"#censored")
			}
		case datasets.Binary:
			fit.names = append(fit.names, ec.base)
		case datasets.Categorical:
			set := map[string]bool{}
			for _, i := range rows {
				v := col.Cat[i]
				if v == "" {
					v = "(missing)"
				}
				set[v] = true
			}
			ec.levels = sortedKeys(set)
			for _, lv := range ec.levels {
				fit.names = append(fit.names, ec.base+"="+lv)
			}
		case datasets.Codes:
			counts := map[string]int{}
			for _, i := range rows {
				for _, cat := range categories(col.Codes[i]) {
					counts[cat]++
				}
			}
			for cat, n := range counts {
				if n >= minCount {
					ec.levels = append(ec.levels, cat)
				}
			}
			sort.Strings(ec.levels)
			for _, cat := range ec.levels {
				fit.names = append(fit.names, "icd:"+cat)
			}
		}
		fit.cols = append(fit.cols, ec)
	}
	if dup := firstDuplicate(fit.names); dup != "" {
		return nil, fmt.Errorf("features: two columns encode to the same name %q; rename one in the dictionary", dup)
	}
	return fit, nil
}

// Encode returns the frame of the given cohort rows. Values never seen in
// training (levels, codes) encode as zeros.
func (e *EncoderFit) Encode(c *datasets.Cohort, rows []int) *Frame {
	f := &Frame{Names: e.names}
	if len(rows) == 0 || len(e.names) == 0 {
		return f
	}
	X := mat.NewDense(len(rows), len(e.names), nil)
	for r, i := range rows {
		row := X.RawRowView(r)
		k := 0
		for _, ec := range e.cols {
			col := ec.col
			switch col.Spec.Type {
			case datasets.Numeric:
				v := col.Num[i]
				switch col.Censor[i] {
				case datasets.Below:
					v /= 2
				}
				row[k] = v
				k++
				if ec.censored {
					if col.Censor[i] != datasets.NotCensored {
						row[k] = 1
					}
					k++
				}
			case datasets.Binary:
				row[k] = col.Num[i]
				k++
			case datasets.Categorical:
				v := col.Cat[i]
				if v == "" {
					v = "(missing)"
				}
				for _, lv := range ec.levels {
					if lv == v {
						row[k] = 1
					}
					k++
				}
			case datasets.Codes:
				codes := col.Codes[i]
				if codes == nil {
					for range ec.levels {
						row[k] = math.NaN()
						k++
					}
					continue
				}
				have := map[string]bool{}
				for _, cat := range categories(codes) {
					have[cat] = true
				}
				for _, cat := range ec.levels {
					if have[cat] {
						row[k] = 1
					}
					k++
				}
			}
		}
	}
	f.X = X
	return f
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
	var g []string
	for _, x := range e.Groups {
		g = append(g, string(x))
	}
	groups := "baseline, biochemistry, icd10"
	if len(g) > 0 {
		groups = strings.Join(g, ", ")
	}
	return fmt.Sprintf("groups %s; numeric as is (\"<L\" as L/2, \">L\" as L, with a censoring flag); categorical one-hot on training levels; code lists rolled up to 3-character ICD-10 categories kept when present in >= %d training patients", groups, min)
}
