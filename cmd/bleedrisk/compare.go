package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"text/tabwriter"

	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/spf13/cobra"
)

func newCompareCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "compare RUN_A RUN_B",
		Short: "Show two runs' metrics side by side, with the differences",
		Long: `compare reads metrics.json of two run folders and prints, per window, feature set
and model: the mean AUROC over folds, the pooled out-of-fold AUROC, the calibration
slope and the Brier score of each run, and the difference B - A. Pooled measures are
averaged over the repeats. Rows present in one run only show "-" for the other.

It also says whether the runs used the same input data (SHA-256 from manifest.json)
and which settings differ. The differences are descriptive, not tests: for a paired
test on the same patients, compare the models within one run (metrics.json holds
DeLong tests against the bleeding scores).`,
		Example: `  bleedrisk compare runs/first runs/lasso
  bleedrisk compare runs/first runs/lasso --format csv > comparison.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError{fmt.Errorf("compare needs two run folders, RUN_A and RUN_B (got %d arguments)", len(args))}
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "csv" {
				return usageError{fmt.Errorf("--format must be text or csv, not %q", format)}
			}
			a, err := readRunMetrics(args[0])
			if err != nil {
				return inputErr(err)
			}
			b, err := readRunMetrics(args[1])
			if err != nil {
				return inputErr(err)
			}
			rows := compareRuns(a, b)
			if format == "csv" {
				return writeComparisonCSV(cmd.OutOrStdout(), rows)
			}
			writeComparison(cmd.OutOrStdout(), a, b, rows)
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text (a table) or csv")
	c.RegisterFlagCompletionFunc("format", completeList([]string{"text", "csv"}))
	return c
}

// runMetrics is what compare reads from a run folder.
type runMetrics struct {
	dir      string
	inputSHA string
	config   map[string]json.RawMessage
	result   struct {
		SchemaVersion int `json:"schema_version"`
		Cohort        struct {
			Source   string `json:"source"`
			Patients int    `json:"patients"`
		} `json:"cohort"`
		Config  map[string]json.RawMessage `json:"config"`
		Windows []struct {
			Window struct {
				Name string `json:"name"`
			} `json:"window"`
			Labelled int    `json:"labelled"`
			Events   int    `json:"events"`
			Skipped  string `json:"skipped"`
			Models   []struct {
				Model       string `json:"model"`
				FeatureSet  string `json:"feature_set"`
				FoldSummary map[string]struct {
					Mean float64 `json:"mean"`
				} `json:"fold_summary"`
				Pooled []struct {
					Metrics map[string]float64 `json:"metrics"`
				} `json:"pooled"`
			} `json:"models"`
		} `json:"windows"`
	}
}

func readRunMetrics(dir string) (*runMetrics, error) {
	r := &runMetrics{dir: dir}
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		return nil, fmt.Errorf("%s is not a run folder: %w", dir, err)
	}
	if err := json.Unmarshal(b, &r.result); err != nil {
		return nil, fmt.Errorf("%s/metrics.json: %w", dir, err)
	}
	if r.result.SchemaVersion != pipeline.SchemaVersion {
		return nil, fmt.Errorf("%s/metrics.json has schema version %d; this build reads %d", dir, r.result.SchemaVersion, pipeline.SchemaVersion)
	}
	r.config = r.result.Config
	if mb, err := os.ReadFile(filepath.Join(dir, "manifest.json")); err == nil {
		var m pipeline.Manifest
		if json.Unmarshal(mb, &m) == nil {
			r.inputSHA = m.Input.SHA256
		}
	}
	return r, nil
}

// comparedMetrics are the measures compare shows, in order: name, header.
var comparedMetrics = [][2]string{
	{"auroc_mean", "AUROC mean"},
	{"auroc", "pooled AUROC"},
	{"calibration_slope", "calibration slope"},
	{"brier", "Brier"},
}

// comparison is one window, feature set and model in two runs; NaN where a
// run lacks it.
type comparison struct {
	window, set, model string
	a, b               []float64 // by comparedMetrics
}

// measures returns a run's compared measures per "window|set|model", and
// the keys in the run's order.
func (r *runMetrics) measures() (map[string]comparison, []string) {
	out := map[string]comparison{}
	var order []string
	for _, w := range r.result.Windows {
		for _, m := range w.Models {
			vals := make([]float64, len(comparedMetrics))
			for i, cm := range comparedMetrics {
				vals[i] = math.NaN()
				if cm[0] == "auroc_mean" {
					if s, ok := m.FoldSummary["auroc"]; ok {
						vals[i] = s.Mean
					}
					continue
				}
				sum, n := 0.0, 0
				for _, p := range m.Pooled {
					if v, ok := p.Metrics[cm[0]]; ok {
						sum += v
						n++
					}
				}
				if n > 0 {
					vals[i] = sum / float64(n)
				}
			}
			key := w.Window.Name + "|" + m.FeatureSet + "|" + m.Model
			out[key] = comparison{window: w.Window.Name, set: m.FeatureSet, model: m.Model, a: vals}
			order = append(order, key)
		}
	}
	return out, order
}

// compareRuns pairs the rows of two runs: A's order, then rows only B has.
func compareRuns(a, b *runMetrics) []comparison {
	ma, orderA := a.measures()
	mb, orderB := b.measures()
	nan := func() []float64 {
		v := make([]float64, len(comparedMetrics))
		for i := range v {
			v[i] = math.NaN()
		}
		return v
	}
	var rows []comparison
	for _, k := range orderA {
		c := ma[k]
		c.b = nan()
		if x, ok := mb[k]; ok {
			c.b = x.a
		}
		rows = append(rows, c)
	}
	for _, k := range orderB {
		if _, ok := ma[k]; ok {
			continue
		}
		c := mb[k]
		c.a, c.b = nan(), c.a
		rows = append(rows, c)
	}
	return rows
}

func fmtMetric(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}

func fmtDiff(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) {
		return "-"
	}
	d := b - a
	if math.Abs(d) < 0.0005 {
		return "0.000" // not "-0.000"
	}
	return fmt.Sprintf("%+.3f", d)
}

func writeComparison(w io.Writer, a, b *runMetrics, rows []comparison) {
	fmt.Fprintf(w, "A: %s (%s, %d patients)\n", a.dir, a.result.Cohort.Source, a.result.Cohort.Patients)
	fmt.Fprintf(w, "B: %s (%s, %d patients)\n", b.dir, b.result.Cohort.Source, b.result.Cohort.Patients)
	switch {
	case a.inputSHA == "" || b.inputSHA == "":
		fmt.Fprintln(w, "input data: unknown (a manifest.json is missing)")
	case a.inputSHA == b.inputSHA:
		fmt.Fprintln(w, "input data: the same (SHA-256 matches)")
	default:
		fmt.Fprintln(w, "input data: DIFFERENT (SHA-256 differs): the runs are not on the same patients")
	}
	keys := map[string]bool{}
	for k := range a.config {
		keys[k] = true
	}
	for k := range b.config {
		keys[k] = true
	}
	var diffs []string
	for _, k := range sortedKeys(keys) {
		if compactJSON(a.config[k]) != compactJSON(b.config[k]) {
			diffs = append(diffs, fmt.Sprintf("  %s: A %s, B %s", k, orDash(compactJSON(a.config[k])), orDash(compactJSON(b.config[k]))))
		}
	}
	if len(diffs) == 0 {
		fmt.Fprintln(w, "settings: the same")
	} else {
		fmt.Fprintln(w, "settings that differ:")
		for _, d := range diffs {
			fmt.Fprintln(w, d)
		}
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "window\tfeatures\tmodel\t")
	for _, cm := range comparedMetrics {
		fmt.Fprintf(tw, "%s A\tB\tB-A\t", cm[1])
	}
	fmt.Fprintln(tw)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t", r.window, r.set, r.model)
		for i := range comparedMetrics {
			fmt.Fprintf(tw, "%s\t%s\t%s\t", fmtMetric(r.a[i]), fmtMetric(r.b[i]), fmtDiff(r.a[i], r.b[i]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w, "(AUROC mean: over folds; pooled measures: each repeat's out-of-fold predictions, averaged over repeats; B-A is descriptive, not a test)")
}

func writeComparisonCSV(w io.Writer, rows []comparison) error {
	cw := csv.NewWriter(w)
	header := []string{"window", "feature_set", "model"}
	for _, cm := range comparedMetrics {
		header = append(header, cm[0]+"_a", cm[0]+"_b", cm[0]+"_diff")
	}
	cw.Write(header)
	num := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, r := range rows {
		rec := []string{r.window, r.set, r.model}
		for i := range comparedMetrics {
			d := math.NaN()
			if !math.IsNaN(r.a[i]) && !math.IsNaN(r.b[i]) {
				d = r.b[i] - r.a[i]
			}
			rec = append(rec, num(r.a[i]), num(r.b[i]), num(d))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

func compactJSON(b json.RawMessage) string {
	if len(b) == 0 {
		return ""
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
