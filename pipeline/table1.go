package pipeline

import (
	"math"
	"sort"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features/biochem"
)

// Table1Row is one line of "Table 1": a baseline or laboratory variable (or
// one level of a categorical variable) summarised over the labelled
// patients of a window, overall and by outcome.
type Table1Row struct {
	Variable string `json:"variable"`
	Group    string `json:"group"`
	// Level is the category for categorical and binary rows ("1" for a
	// binary variable), empty for numeric rows.
	Level string `json:"level,omitempty"`
	// Numeric rows carry median and quartiles (R quantile type 7);
	// count rows carry n and percent of the non-missing values.
	Overall   Table1Cell `json:"overall"`
	Events    Table1Cell `json:"events"`
	NonEvents Table1Cell `json:"non_events"`
	// Missing counts labelled patients without a value.
	Missing int `json:"missing"`
}

// Table1Cell summarises one group of patients.
type Table1Cell struct {
	N       int     `json:"n"`
	Median  float64 `json:"median,omitempty"`
	Q1      float64 `json:"q1,omitempty"`
	Q3      float64 `json:"q3,omitempty"`
	Count   int     `json:"count,omitempty"`
	Percent float64 `json:"percent,omitempty"`
}

// table1 summarises the export's baseline and biochemistry columns (not the
// ICD-10 indicators, which the report summarises through the derived
// features) over the window's labelled patients.
func table1(c *datasets.Cohort, l datasets.Labels) []Table1Row {
	var rows []Table1Row
	for _, col := range c.Columns {
		spec := col.Spec
		if spec.Derived != "" || (spec.Group != datasets.GroupBaseline && spec.Group != datasets.GroupBiochemistry) {
			continue
		}
		switch spec.Type {
		case datasets.Numeric:
			var all, ev, non []float64
			missing := 0
			for k, i := range l.Rows {
				v := col.Num[i]
				if math.IsNaN(v) {
					missing++
					continue
				}
				v = biochem.Uncensor(v, col.Censor[i])
				all = append(all, v)
				if l.Y[k] == 1 {
					ev = append(ev, v)
				} else {
					non = append(non, v)
				}
			}
			rows = append(rows, Table1Row{Variable: spec.Name, Group: string(spec.Group), Overall: quartiles(all), Events: quartiles(ev), NonEvents: quartiles(non), Missing: missing})
		case datasets.Binary, datasets.Categorical:
			level := func(i int) (string, bool) {
				if spec.Type == datasets.Binary {
					if math.IsNaN(col.Num[i]) {
						return "", false
					}
					if col.Num[i] == 1 {
						return "1", true
					}
					return "0", true
				}
				return col.Cat[i], col.Cat[i] != ""
			}
			counts := map[string][3]int{}
			var n [3]int
			missing := 0
			for k, i := range l.Rows {
				lv, ok := level(i)
				if !ok {
					missing++
					continue
				}
				g := 2
				if l.Y[k] == 1 {
					g = 1
				}
				c := counts[lv]
				c[0]++
				c[g]++
				counts[lv] = c
				n[0]++
				n[g]++
			}
			var levels []string
			for lv := range counts {
				if spec.Type == datasets.Binary && lv == "0" {
					continue
				}
				levels = append(levels, lv)
			}
			sort.Strings(levels)
			for _, lv := range levels {
				c := counts[lv]
				cell := func(g int) Table1Cell {
					out := Table1Cell{N: n[g], Count: c[g]}
					if n[g] > 0 {
						out.Percent = 100 * float64(c[g]) / float64(n[g])
					}
					return out
				}
				rows = append(rows, Table1Row{Variable: spec.Name, Group: string(spec.Group), Level: lv, Overall: cell(0), Events: cell(1), NonEvents: cell(2), Missing: missing})
			}
		}
	}
	return rows
}

// quartiles returns n, the median and the quartiles (R type 7) of xs.
func quartiles(xs []float64) Table1Cell {
	if len(xs) == 0 {
		return Table1Cell{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	q := func(p float64) float64 {
		h := p * float64(len(s)-1)
		lo := math.Floor(h)
		if int(lo)+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[int(lo)] + (h-lo)*(s[int(lo)+1]-s[int(lo)])
	}
	return Table1Cell{N: len(s), Median: q(0.5), Q1: q(0.25), Q3: q(0.75)}
}
