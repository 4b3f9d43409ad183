package datasets

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// Summary describes a loaded cohort: its size, its predictor columns by
// group, missingness, censored laboratory values and the outcome per window.
// Every count can be recomputed from the cohort file and the dictionary.
type Summary struct {
	Source string
	Rows   int
	// Groups has one entry per predictor group present, in the order
	// baseline, biochemistry, icd10.
	Groups []GroupSummary
	// Columns has one entry per predictor column, in the cohort's order.
	Columns []ColumnSummary
	// Windows has one entry per effective window (Dictionary.EffectiveWindows).
	Windows []WindowSummary
	// Deaths is the number of patients with a death time; HasDeaths is false
	// when the outcome has no death column (binary outcomes, or no
	// death_time), and Deaths is then 0.
	Deaths    int
	HasDeaths bool
	// Warnings is the number of warnings the load produced.
	Warnings int
}

// GroupSummary counts the predictor columns of one group and their missing
// cells.
type GroupSummary struct {
	Group   Group
	Columns int
	Cells   int // Columns × Rows
	Missing int // missing cells
}

// MissingFraction returns Missing / Cells, or 0 for no cells.
func (g GroupSummary) MissingFraction() float64 { return fraction(g.Missing, g.Cells) }

// ColumnSummary counts one predictor column's missing and censored values.
type ColumnSummary struct {
	Name    string
	Group   Group
	Type    Type
	Missing int
	// Below and Above count censored values ("<L" and ">L"); numeric columns only.
	Below, Above int
}

// WindowSummary is the outcome of one window, as labelled by Cohort.Label.
type WindowSummary struct {
	Window Window
	// Labelled is the number of patients with a label (0 or 1).
	Labelled int
	// Events is the number labelled 1.
	Events int
	// CompetingDeaths is the number labelled 0 because they died in the window
	// without bleeding.
	CompetingDeaths int
	// Excluded counts the patients left out, by reason (the Excluded* constants).
	Excluded map[string]int
}

// EventRate returns Events / Labelled, or NaN when nobody is labelled.
func (w WindowSummary) EventRate() float64 {
	if w.Labelled == 0 {
		return math.NaN()
	}
	return float64(w.Events) / float64(w.Labelled)
}

func fraction(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Summarize counts what a researcher checks before training: see Summary.
func Summarize(c *Cohort) Summary {
	s := Summary{Source: c.Source, Rows: c.Len(), Warnings: len(c.Warnings)}
	groups := map[Group]*GroupSummary{}
	for _, col := range c.Columns {
		cs := ColumnSummary{Name: col.Spec.Name, Group: col.Spec.Group, Type: col.Spec.Type}
		for i := 0; i < s.Rows; i++ {
			if col.Missing(i) {
				cs.Missing++
			}
		}
		for _, cn := range col.Censor {
			switch cn {
			case Below:
				cs.Below++
			case Above:
				cs.Above++
			}
		}
		s.Columns = append(s.Columns, cs)
		g := groups[cs.Group]
		if g == nil {
			g = &GroupSummary{Group: cs.Group}
			groups[cs.Group] = g
		}
		g.Columns++
		g.Cells += s.Rows
		g.Missing += cs.Missing
	}
	for _, g := range []Group{GroupBaseline, GroupBiochemistry, GroupICD10} {
		if gs := groups[g]; gs != nil {
			s.Groups = append(s.Groups, *gs)
		}
	}
	if c.Dict != nil {
		for _, w := range c.Dict.EffectiveWindows() {
			l := c.Label(w)
			ws := WindowSummary{Window: w, Labelled: len(l.Rows), Events: l.Events,
				CompetingDeaths: l.CompetingDeaths, Excluded: map[string]int{}}
			for k, v := range l.Excluded {
				ws.Excluded[k] = v
			}
			s.Windows = append(s.Windows, ws)
		}
	}
	if c.Outcome.DeathTime != nil {
		s.HasDeaths = true
		for _, d := range c.Outcome.DeathTime {
			if !math.IsNaN(d) {
				s.Deaths++
			}
		}
	}
	return s
}

// WriteText writes the summary as plain text for `bleedrisk validate`:
// totals, then groups, windows, and the columns with missing or censored
// values.
func (s Summary) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	src := s.Source
	if src == "" {
		src = "cohort"
	}
	ew.printf("%s: %d patients, %d predictor columns\n", src, s.Rows, len(s.Columns))
	if s.HasDeaths {
		ew.printf("deaths during follow-up: %d (%s)\n", s.Deaths, percent(s.Deaths, s.Rows))
	}
	if s.Warnings > 0 {
		ew.printf("warnings while loading: %d\n", s.Warnings)
	}

	ew.printf("\nPredictor columns by group\n")
	tw := tabwriter.NewWriter(ew, 2, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "group\tcolumns\tmissing cells\tmissing\n")
	for _, g := range s.Groups {
		fmt.Fprintf(tw, "%s\t%d\t%d / %d\t%s\n", g.Group, g.Columns, g.Missing, g.Cells, percent(g.Missing, g.Cells))
	}
	tw.Flush()

	if len(s.Windows) > 0 {
		ew.printf("\nOutcome per window (days after the index VTE, both ends included)\n")
		tw = tabwriter.NewWriter(ew, 2, 8, 2, ' ', 0)
		fmt.Fprintf(tw, "window\tdays\tlabelled\tevents\tevent rate\tcompeting deaths\texcluded\n")
		for _, win := range s.Windows {
			days := "-"
			if win.Window.To > 0 {
				days = fmt.Sprintf("%d-%d", win.Window.From, win.Window.To)
			}
			rate := "-"
			if win.Labelled > 0 {
				rate = percent(win.Events, win.Labelled)
			}
			total := 0
			for _, n := range win.Excluded {
				total += n
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%d\t%d\n", win.Window.Name, days, win.Labelled, win.Events, rate, win.CompetingDeaths, total)
		}
		tw.Flush()
		for _, win := range s.Windows {
			reasons := make([]string, 0, len(win.Excluded))
			for r := range win.Excluded {
				reasons = append(reasons, r)
			}
			sort.Strings(reasons)
			for _, r := range reasons {
				if win.Excluded[r] > 0 {
					ew.printf("  %s: %d excluded: %s\n", win.Window.Name, win.Excluded[r], r)
				}
			}
		}
	}

	var missing, censored []ColumnSummary
	for _, c := range s.Columns {
		if c.Missing > 0 {
			missing = append(missing, c)
		}
		if c.Below+c.Above > 0 {
			censored = append(censored, c)
		}
	}
	if len(censored) > 0 {
		ew.printf("\nCensored values (at a detection limit, kept as the limit)\n")
		tw = tabwriter.NewWriter(ew, 2, 8, 2, ' ', 0)
		fmt.Fprintf(tw, "column\tbelow (<)\tabove (>)\n")
		for _, c := range censored {
			fmt.Fprintf(tw, "%s\t%d\t%d\n", c.Name, c.Below, c.Above)
		}
		tw.Flush()
	}
	if len(missing) > 0 {
		// Most missing first, so the columns to look at lead.
		sort.SliceStable(missing, func(i, j int) bool { return missing[i].Missing > missing[j].Missing })
		ew.printf("\nMissing values per column (%d of %d columns have any)\n", len(missing), len(s.Columns))
		tw = tabwriter.NewWriter(ew, 2, 8, 2, ' ', 0)
		fmt.Fprintf(tw, "column\tgroup\tmissing\tshare\n")
		for _, c := range missing {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", c.Name, c.Group, c.Missing, percent(c.Missing, s.Rows))
		}
		tw.Flush()
	} else {
		ew.printf("\nNo missing values.\n")
	}
	return ew.err
}

func percent(a, b int) string {
	if b == 0 {
		return "-"
	}
	return strings.TrimSpace(fmt.Sprintf("%5.1f%%", 100*float64(a)/float64(b)))
}

// errWriter keeps the first write error so WriteText can check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
