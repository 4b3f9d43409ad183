package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/models/registry"
	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// Run is what a report is rendered from: the results and the run's record.
// Files are not needed (the report is one of them), except that the ROC and
// precision–recall figures need Result.Predictions (in memory after a run,
// or read back from predictions.csv by LoadRun); without them those
// figures are left out.
type Run struct {
	Result   *pipeline.Result
	Manifest pipeline.Manifest
	// Renderer is the version of the program rendering the report when it
	// is not the one that made the run (bleedrisk report); empty means the
	// same.
	Renderer string

	figs []Figure       // cached by Figures
	toc  map[string]int // section title → number, set while rendering
}

// Section is one part of a report.
type Section interface {
	Title() string
	// Markdown writes the section's body (without its title) as Markdown.
	Markdown(w io.Writer, r *Run) error
}

// DefaultSections are the sections of the report, in order.
func DefaultSections() []Section {
	return []Section{summarySection{}, cohortSection{}, sampleSizeSection{}, methodsSection{}, resultsSection{}, explanationSection{}, scoresSection{},
		tripodSection{}, reproSection{}}
}

// Title is the report's title.
const Title = "Bleeding risk in cancer-associated venous thrombosis: model development and internal validation report"

// Markdown writes the whole report as Markdown: the title, a lead
// paragraph, the contents and the numbered sections.
func Markdown(w io.Writer, r *Run, sections []Section) error {
	r.toc = map[string]int{}
	for i, s := range sections {
		r.toc[s.Title()] = i + 1
	}
	fmt.Fprintf(w, "# %s\n\n", Title)
	fmt.Fprintf(w, "Models predicting major or clinically relevant non-major bleeding (MB+CRNMB) after a cancer-associated venous thromboembolism (VTE) on anticoagulation, "+
		"developed and internally validated with bleedrisk %s%s. This report holds aggregate results only: no patient identifiers, patient dates or row-level values.\n\n",
		r.Manifest.Version, startedOn(r.Manifest))
	if r.Renderer != "" && r.Renderer != r.Manifest.Version {
		fmt.Fprintf(w, "Re-rendered from the run folder by bleedrisk %s; the results are those of the run.\n\n", r.Renderer)
	}
	fmt.Fprintln(w, "Contents:")
	fmt.Fprintln(w)
	for i, s := range sections {
		fmt.Fprintf(w, "- %s\n", sectionLink(i+1, s.Title()))
	}
	fmt.Fprintln(w)
	for i, s := range sections {
		fmt.Fprintf(w, "## %d. %s\n\n", i+1, s.Title())
		if err := s.Markdown(w, r); err != nil {
			return fmt.Errorf("report: section %q: %w", s.Title(), err)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func startedOn(m pipeline.Manifest) string {
	if m.Started.IsZero() {
		return ""
	}
	return " (run started " + m.Started.UTC().Format("2006-01-02 15:04 UTC") + ")"
}

// sectionLink is an in-page link to a numbered section; its anchor is the
// one GitHub and the HTML report give the heading.
func sectionLink(n int, title string) string {
	h := fmt.Sprintf("%d. %s", n, title)
	return fmt.Sprintf("[%s](#%s)", h, slug(h, map[string]int{}))
}

// ref links to the section with this title, or says it is not in the report.
func ref(r *Run, title string) string {
	if n, ok := r.toc[title]; ok {
		return sectionLink(n, title)
	}
	return "(not in this report)"
}

func f3(v float64) string { return fmt.Sprintf("%.3f", v) }

// SmallCell is the smallest patient count a report shows; counts from 1 to
// SmallCell-1 are printed as "<5" so that no table cell points at a handful
// of identifiable patients (a common disclosure-control rule for registry
// data).
const SmallCell = 5

// cell formats a patient count with small-cell suppression.
func cell(n int) string {
	if n > 0 && n < SmallCell {
		return fmt.Sprintf("<%d", SmallCell)
	}
	return fmt.Sprint(n)
}

// pct formats a/b as a percentage; it is suppressed with the count when a
// is a small cell.
func pct(a, b int) string {
	if b == 0 || a > 0 && a < SmallCell {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

// windowLabel names a window in words.
func windowLabel(w datasets.Window) string {
	if w.To == 0 {
		return fmt.Sprintf("%s (binary outcome column)", w.Name)
	}
	return fmt.Sprintf("%s (days %d–%d)", w.Name, w.From, w.To)
}

type summarySection struct{}

func (summarySection) Title() string { return "Summary" }

// bestModel returns the model with the highest mean AUROC over folds (the
// published study's criterion).
func bestModel(wr pipeline.WindowResult) *pipeline.ModelResult {
	var best *pipeline.ModelResult
	for i, m := range wr.Models {
		if s, ok := m.FoldSummary["auroc"]; ok && (best == nil || s.Mean > best.FoldSummary["auroc"].Mean) {
			best = &wr.Models[i]
		}
	}
	return best
}

// ciText formats a 95% interval.
func ciText(ci pipeline.Interval) string {
	return fmt.Sprintf("95%% CI %s to %s", f3(ci[0]), f3(ci[1]))
}

func (summarySection) Markdown(w io.Writer, r *Run) error {
	res := r.Result
	fmt.Fprintf(w, "Cohort: %d patients from %s, %d candidate predictor columns. Validation: %s (seed %d).\n\n",
		res.Cohort.Patients, res.Cohort.Source, totalPredictors(res.Cohort), res.Plan, res.Config.Seed)
	for _, wr := range res.Windows {
		if wr.Skipped != "" {
			fmt.Fprintf(w, "- **%s**: not analysed: %s.\n", windowLabel(wr.Window), wr.Skipped)
			continue
		}
		best := bestModel(wr)
		if best == nil {
			fmt.Fprintf(w, "- **%s**: %s events among %s patients (%s); no model could be evaluated.\n",
				windowLabel(wr.Window), cell(wr.Events), cell(wr.Labelled), pct(wr.Events, wr.Labelled))
			continue
		}
		s := best.FoldSummary["auroc"]
		fmt.Fprintf(w, "- **%s**: %s events among %s patients (%s).\n", windowLabel(wr.Window), cell(wr.Events), cell(wr.Labelled), pct(wr.Events, wr.Labelled))
		fmt.Fprintf(w, "  - Best model by mean AUROC over folds: %s on feature set %s, %s ± %s (SD over %d folds).\n", best.Model, best.FeatureSet, f3(s.Mean), f3(s.SD), s.N)
		if len(best.Pooled) > 0 {
			summaryPooled(w, best.Pooled[0])
		}
		if sc := bestScore(wr); sc != nil {
			fmt.Fprintf(w, "  - Best published bleeding score: %s, AUROC %s.", sc.Score, f3(sc.Metrics["auroc"]))
			if len(best.Pooled) > 0 {
				for _, v := range best.Pooled[0].VersusScores {
					if v.Score != sc.Score || v.Error != "" || math.IsNaN(float64(v.Diff)) {
						continue
					}
					verdict := "no clear difference in discrimination"
					switch {
					case v.CI[0] > 0:
						verdict = "the model discriminates better"
					case v.CI[1] < 0:
						verdict = "the score discriminates better"
					}
					fmt.Fprintf(w, " Model minus %s, on the same patients: %+.3f (%s; %s, paired DeLong test): %s.", sc.Score, float64(v.Diff), ciText(v.CI), pValue(float64(v.P)), verdict)
				}
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w)
	if short := belowMinimum(res); len(short) > 0 {
		fmt.Fprintf(w, "**Warning:** the cohort is smaller than the minimum sample size of Riley et al. for the number of candidate parameters in %s (see %s): expect overfitted, unstable models.\n\n",
			strings.Join(short, "; "), ref(r, sampleSizeSection{}.Title()))
	}
	fmt.Fprintln(w, "An AUROC of 0.5 is chance; published models for bleeding in cancer-associated thrombosis reach 0.6–0.7. "+
		"A calibration slope below 1 means predictions too extreme (overfitting), above 1 too moderate. "+
		"Net benefit counts true positives minus false positives weighted by the threshold odds, per patient (Vickers & Elkin 2006). "+
		"All estimates are internal (cross-validated on this cohort, not externally or temporally validated); intervals are 95%.")
	return nil
}

// summaryPooled writes the pooled estimates of a model in plain sentences.
func summaryPooled(w io.Writer, p pipeline.PooledResult) {
	if v, ok := p.Metrics["auroc"]; ok {
		fmt.Fprintf(w, "  - Pooled out-of-fold predictions of repeat 1: AUROC %s", f3(v))
		if ci, ok := p.CI["auroc"]; ok {
			fmt.Fprintf(w, " (%s)", ciText(ci))
		}
		if v, ok := p.Metrics["calibration_slope"]; ok {
			fmt.Fprintf(w, ", calibration slope %s", f3(v))
			if ci, ok := p.CI["calibration_slope"]; ok {
				fmt.Fprintf(w, " (%s)", ciText(ci))
				switch {
				case ci[1] < 1:
					fmt.Fprint(w, ", predictions too extreme")
				case ci[0] > 1:
					fmt.Fprint(w, ", predictions too moderate")
				}
			}
		}
		fmt.Fprintln(w, ".")
	}
	if len(p.NetBenefit) == 0 || len(p.AtThresholds) == 0 {
		return
	}
	var parts, better []string
	for _, t := range p.AtThresholds {
		for _, x := range p.NetBenefit {
			if math.Abs(float64(x.Threshold)-float64(t.Threshold)) > 1e-9 || math.IsNaN(float64(x.Model)) {
				continue
			}
			th := fmt.Sprintf("%.0f%%", 100*float64(t.Threshold))
			parts = append(parts, fmt.Sprintf("%s %.4f (treat all %.4f)", th, float64(x.Model), float64(x.TreatAll)))
			if float64(x.Model) > math.Max(float64(x.TreatAll), 0) {
				better = append(better, th)
			}
		}
	}
	if len(parts) == 0 {
		return
	}
	fmt.Fprintf(w, "  - Net benefit at the declared thresholds: %s", strings.Join(parts, ", "))
	if len(better) == 0 {
		fmt.Fprintln(w, "; at none of them is it above both treating everyone and treating no one.")
	} else {
		fmt.Fprintf(w, "; above both treating everyone and treating no one at %s.\n", strings.Join(better, " and "))
	}
}

func totalPredictors(c pipeline.CohortInfo) int {
	n := 0
	for _, v := range c.Predictors {
		n += v
	}
	return n
}

type cohortSection struct{}

func (cohortSection) Title() string { return "Cohort and outcome" }

func (cohortSection) Markdown(w io.Writer, r *Run) error {
	res := r.Result
	fmt.Fprintf(w, "%d patients. Candidate predictor columns by data source:\n\n", res.Cohort.Patients)
	fmt.Fprintln(w, "| Source | Columns |")
	fmt.Fprintln(w, "|---|---:|")
	for _, g := range sortedKeys(res.Cohort.Predictors) {
		fmt.Fprintf(w, "| %s | %d |\n", g, res.Cohort.Predictors[g])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Participant flow per outcome window:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Window | Labelled | Events (%) | Competing deaths (label 0) | Excluded: censored | Excluded: event or death before window | Excluded: outcome missing |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, wr := range res.Windows {
		fmt.Fprintf(w, "| %s | %s | %s (%s) | %s | %s | %s | %s |\n", windowLabel(wr.Window), cell(wr.Labelled), cell(wr.Events), pct(wr.Events, wr.Labelled),
			cell(wr.CompetingDeaths), cell(wr.Excluded[datasets.ExcludedCensored]), cell(wr.Excluded[datasets.ExcludedLandmark]), cell(wr.Excluded[datasets.ExcludedMissing]))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Counts from 1 to %d are shown as \"<%d\".\n\n", SmallCell-1, SmallCell)
	fmt.Fprintln(w, "Outcome labels (time-to-event outcomes, days after the index VTE): an event inside the window is 1; "+
		"no event in the window and death inside it (death competes with bleeding), or follow-up reaching the window's end, is 0; "+
		"alive without an event and followed for less than the window's end is excluded (censored, label unknown); "+
		"an event or death before the window starts excludes the patient (landmark).")
	table1(w, r.Result)
	return nil
}

// table1 writes "Table 1" for one window: the 1-365 day window when there
// is one, else the first analysed window. Numeric variables are shown as
// median [IQR], categorical ones as n (%); a group of fewer than SmallCell
// patients is suppressed, since its median would be a patient's value.
func table1(w io.Writer, res *pipeline.Result) {
	var wr *pipeline.WindowResult
	for i := range res.Windows {
		if len(res.Windows[i].Table1) == 0 {
			continue
		}
		if wr == nil || (res.Windows[i].Window.From <= 1 && res.Windows[i].Window.To == 365) {
			wr = &res.Windows[i]
		}
	}
	if wr == nil {
		return
	}
	fmt.Fprintf(w, "\nBaseline characteristics of the %s patients labelled for %s, overall and by outcome (Table 1). Numeric: median [interquartile range]; categorical: n (%% of those with a value); lab values at a detection limit as in the analysis (\"<L\" as L/2).\n\n", cell(wr.Labelled), windowLabel(wr.Window))
	fmt.Fprintf(w, "| Variable | Overall (n = %s) | Bleeding (n = %s) | No bleeding (n = %s) | Missing |\n", cell(wr.Labelled), cell(wr.Events), cell(wr.Labelled-wr.Events))
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, row := range wr.Table1 {
		name := row.Variable
		if row.Level != "" && row.Level != "1" {
			name += ": " + row.Level
		}
		f := func(c pipeline.Table1Cell) string {
			if row.Level == "" {
				if c.N < SmallCell {
					return "–"
				}
				return fmt.Sprintf("%.3g [%.3g–%.3g]", c.Median, c.Q1, c.Q3)
			}
			if c.Count > 0 && c.Count < SmallCell {
				return cell(c.Count)
			}
			return fmt.Sprintf("%d (%.1f%%)", c.Count, c.Percent)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", name, f(row.Overall), f(row.Events), f(row.NonEvents), cell(row.Missing))
	}
}

type methodsSection struct{}

func (methodsSection) Title() string { return "Methods as run" }

func (methodsSection) Markdown(w io.Writer, r *Run) error {
	res := r.Result
	cfg := res.Config
	fmt.Fprintf(w, "- Resampling: %s; every repeat is seeded from the master seed %d.\n", res.Plan, cfg.Seed)
	fmt.Fprintln(w, "- Feature sets compared (each cross-validated with every model):")
	for _, fs := range res.FeatureSets {
		fmt.Fprintf(w, "  - %s\n", fs)
	}
	fmt.Fprintln(w, "- Derived features, computed per patient from that patient's own baseline (nothing learned across patients): eGFR (CKD-EPI 2021), Cockcroft-Gault creatinine clearance, WHO anaemia, thrombocytopenia grade, leukocytosis, hypoalbuminaemia, log of skewed labs; from ICD-10 codes (index VTE codes excluded from comorbidity): Charlson (1987 and Quan 2011 weights, also without cancer), Elixhauser (van Walraven), cancer site groups, metastatic disease, prior bleeding by site, other bleeding-relevant flags; the points of the bleeding scores.")
	if d := res.Derivation; d.PostIndexCodes > 0 || d.OldCodes > 0 {
		fmt.Fprintf(w, "- Dated ICD-10 codes left out: %d after the index VTE (never used: leakage), %d before the look-back window.\n", d.PostIndexCodes, d.OldCodes)
	}
	for _, warn := range res.LeakageWarnings {
		fmt.Fprintf(w, "- **Possible leakage:** %s.\n", warn)
	}
	for _, warn := range res.Derivation.Warnings {
		fmt.Fprintf(w, "- Warning while deriving features: %s\n", warn)
	}
	fmt.Fprintf(w, "- Preprocessing, fitted on the training rows of each split only:\n")
	for _, p := range res.Preprocessing {
		fmt.Fprintf(w, "  - %s\n", p)
	}
	fmt.Fprintln(w, "- Models (hyperparameters as run):")
	for _, m := range cfg.Models {
		desc := ""
		if e, err := registry.Lookup(m); err == nil {
			desc = e.Describe + "; "
		}
		fmt.Fprintf(w, "  - %s: %s`%s`\n", m, desc, compactJSON(cfg.Params[m]))
	}
	tuned := 0
	for _, g := range cfg.Tuning {
		if len(g) > 0 {
			tuned++
		}
	}
	if tuned > 0 {
		fmt.Fprintf(w, "- Tuning (nested cross-validation): inside the training rows of every split, each candidate is fitted on %d inner folds and scored by the mean binomial deviance of the held-out inner fold; the best is refitted on the split's training rows. Spaces:\n", cfg.TuneFolds)
		for _, m := range cfg.Models {
			if g := cfg.Tuning[m]; len(g) > 0 {
				fmt.Fprintf(w, "  - %s: %s\n", m, registry.DescribeGrid(g))
			} else {
				fmt.Fprintf(w, "  - %s: not tuned (fixed hyperparameters above)\n", m)
			}
		}
	}
	fmt.Fprintln(w, "- Class imbalance: none applied (no resampling or weighting), so predicted probabilities keep their meaning.")
	fmt.Fprintln(w, "- Performance on held-out rows only: per fold AUROC (ties count one half), AUPRC and Brier score (summarised as mean ± SD over folds); "+
		"on each repeat's pooled out-of-fold predictions AUROC with DeLong 95% CI (logit scale), AUPRC (average precision), Brier and scaled Brier scores, Nagelkerke R², "+
		"calibration-in-the-large, calibration slope and O/E with 95% CIs, ICI/E50/E90/Emax of a lowess calibration curve, net benefit over 1–30% thresholds, "+
		"and sensitivity, specificity, PPV and NPV (Wilson 95% CIs) at the declared thresholds; paired DeLong tests against each bleeding score on the same patients.")
	fmt.Fprintf(w, "- Declared risk thresholds: %s.\n", thresholdList(cfg.Thresholds))
	return nil
}

type resultsSection struct{}

func (resultsSection) Title() string { return "Results" }

func (resultsSection) Markdown(w io.Writer, r *Run) error {
	for _, wr := range r.Result.Windows {
		fmt.Fprintf(w, "### %s\n\n", windowLabel(wr.Window))
		if wr.Skipped != "" {
			fmt.Fprintf(w, "Not analysed: %s.\n\n", wr.Skipped)
			continue
		}
		fmt.Fprintln(w, "| Feature set | Model | AUROC mean ± SD over folds | AUROC range | Pooled AUROC per repeat | Brier mean ± SD | Failed folds |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|")
		for _, m := range wr.Models {
			a, b := m.FoldSummary["auroc"], m.FoldSummary["brier"]
			var pooled []string
			for _, p := range m.Pooled {
				if v, ok := p.Metrics["auroc"]; ok {
					pooled = append(pooled, f3(v))
				} else {
					pooled = append(pooled, "–")
				}
			}
			failed := 0
			for _, f := range m.Folds {
				if f.Error != "" {
					failed++
				}
			}
			if a.N == 0 {
				fmt.Fprintf(w, "| %s | %s | – | – | %s | – | %d of %d |\n", m.FeatureSet, m.Model, strings.Join(pooled, ", "), failed, len(m.Folds))
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s ± %s | %s–%s | %s | %s ± %s | %d of %d |\n", m.FeatureSet, m.Model, f3(a.Mean), f3(a.SD), f3(a.Min), f3(a.Max),
				strings.Join(pooled, ", "), f3(b.Mean), f3(b.SD), failed, len(m.Folds))
		}
		fmt.Fprintln(w)
		pooledTables(w, wr)
		figureBlock(w, r, wr)
		for _, m := range wr.Models {
			for _, f := range m.Folds {
				if f.Error != "" {
					fmt.Fprintf(w, "- %s (%s), repeat %d fold %d failed: %s\n", m.Model, m.FeatureSet, f.Repeat+1, f.Fold+1, f.Error)
				}
			}
			if chosen := chosenSummary(m.Folds); chosen != "" {
				fmt.Fprintf(w, "- %s (%s) hyperparameters chosen inside the training rows, over the %d splits: %s\n", m.Model, m.FeatureSet, len(m.Folds), chosen)
			}
			if m.FinalError != "" {
				fmt.Fprintf(w, "- %s (%s): the final model on all patients could not be fitted: %s\n", m.Model, m.FeatureSet, m.FinalError)
			}
		}
		if len(wr.Scores) > 0 {
			fmt.Fprintln(w, "\nPublished bleeding scores on the same labelled patients (points as the risk ranking; scores are not fitted, so no cross-validation is needed):")
			fmt.Fprintln(w)
			fmt.Fprintln(w, "| Score | AUROC | Patients with every item known | Events / patients per category |")
			fmt.Fprintln(w, "|---|---:|---:|---|")
			for _, sc := range wr.Scores {
				name := sc.Score
				if !sc.Comparator {
					name += " (predicts VTE, not bleeding: descriptor only)"
				}
				auc := "–"
				if v, ok := sc.Metrics["auroc"]; ok {
					auc = f3(v)
				}
				var cats []string
				for _, c := range sc.Categories {
					cats = append(cats, fmt.Sprintf("%s %s/%s", c.Category, cell(c.Events), cell(c.N)))
				}
				fmt.Fprintf(w, "| %s | %s | %d of %d | %s |\n", name, auc, sc.Complete, sc.N, strings.Join(cats, "; "))
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Every number in this section is in metrics.json; the pooled values can be recomputed from predictions.csv.")
	return nil
}

type scoresSection struct{}

func (scoresSection) Title() string { return "Bleeding scores: items available in this cohort" }

func (scoresSection) Markdown(w io.Writer, r *Run) error {
	d := r.Result.Derivation
	if len(d.ScoreItems) == 0 {
		fmt.Fprintln(w, "No scores were computed.")
		return nil
	}
	fmt.Fprintln(w, "Each score item is counted per patient as available (from a column of the export), derived (from ICD-10 codes or computed from labs), missing (unknown: counted as 0 points, the patient's score is then a lower bound) or assumed absent (an item registry data never hold, e.g. labile INR for patients not on a vitamin K antagonist).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "CAT-BLEED (de Winter et al., Thromb Haemost 2022) and B-CAT (Cohen et al., Thromb Haemost 2024) are not computed: their published coefficients and points were not available to implement them from the primary source, and bleedrisk never invents a coefficient.")
	for _, s := range d.ScoreItems {
		fmt.Fprintf(w, "\n**%s** — every item known for %d patients.\n\n", s.Score, s.Complete)
		fmt.Fprintln(w, "| Item | Available | Derived | Missing | Assumed absent |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
		for _, it := range s.Items {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", it.Item, cell(it.Available), cell(it.Derived), cell(it.Missing), cell(it.AssumedAbsent))
		}
	}
	return nil
}

type reproSection struct{}

func (reproSection) Title() string { return "Reproducibility" }

func (reproSection) Markdown(w io.Writer, r *Run) error {
	m := r.Manifest
	fmt.Fprintf(w, "- Program: bleedrisk %s, built with %s.\n", m.Version, m.GoVersion)
	if r.Renderer != "" && r.Renderer != m.Version {
		fmt.Fprintf(w, "- This report was re-rendered from the run folder by bleedrisk %s (`bleedrisk report`); the numbers are those of the run.\n", r.Renderer)
	}
	fmt.Fprintf(w, "- Command: `%s`\n", strings.Join(m.Command, " "))
	fmt.Fprintf(w, "- Input: %s, SHA-256 `%s`; dictionary SHA-256 `%s`.\n", m.Input.Source, m.Input.SHA256, m.Input.DictionarySHA256)
	fmt.Fprintf(w, "- Resolved configuration (config.json) SHA-256 `%s`; master seed %d.\n", m.ConfigSHA256, m.Seed)
	if !m.Started.IsZero() && !m.Finished.IsZero() {
		fmt.Fprintf(w, "- Run: started %s, finished %s (%s), %d worker(s).\n", m.Started.UTC().Format(time.RFC3339), m.Finished.UTC().Format(time.RFC3339),
			m.Finished.Sub(m.Started).Round(time.Second), m.Workers)
	}
	fmt.Fprintln(w, "- The same input, configuration and seed give byte-identical metrics.json and predictions.csv, whatever the number of workers.")
	fmt.Fprintln(w, "- To re-run: the same command with the same input and dictionary (check their SHA-256 above) and a new `--out` folder (a run folder is never overwritten); compare the new metrics.json's SHA-256 with this run's manifest.json.")
	fmt.Fprintln(w, "- To re-render this report without retraining: `bleedrisk report RUN_DIR` (reads metrics.json, manifest.json and predictions.csv; writes a new report folder inside the run folder).")
	fmt.Fprintln(w, "- Files: report.md and report.html (this report, the same content), figures/*.svg (the figures as standalone SVG, the same as inline in report.html), metrics.json (every number of this report; schema in docs/metrics-schema.md), models/ (the final models).")
	fmt.Fprintln(w, "- manifest.json lists the SHA-256 of every file in this run folder. predictions.csv and models/ hold row-level or patient-derived data with patient ids: keep them where the cohort is kept.")
	return nil
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// chosenSummary summarises the hyperparameters chosen across splits. A
// value that takes few distinct values is counted ("lambda 3 in 6, 10 in
// 4"); one that varies continuously (lasso's λ) is given as its median and
// range.
func chosenSummary(folds []pipeline.FoldResult) string {
	vals := map[string][]float64{}
	texts := map[string][]string{}
	for _, f := range folds {
		if len(f.Chosen) == 0 {
			continue
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(f.Chosen, &m) != nil {
			continue
		}
		for k, v := range m {
			texts[k] = append(texts[k], string(v))
			var x float64
			if json.Unmarshal(v, &x) == nil {
				vals[k] = append(vals[k], x)
			}
		}
	}
	names := make([]string, 0, len(texts))
	for k := range texts {
		names = append(names, k)
	}
	sort.Strings(names)
	var parts []string
	for _, k := range names {
		counts := map[string]int{}
		var order []string
		for _, t := range texts[k] {
			if counts[t] == 0 {
				order = append(order, t)
			}
			counts[t]++
		}
		if xs := vals[k]; len(order) > 4 && len(xs) == len(texts[k]) {
			sort.Float64s(xs)
			parts = append(parts, fmt.Sprintf("%s median %.4g (range %.4g–%.4g)", k, xs[len(xs)/2], xs[0], xs[len(xs)-1]))
			continue
		}
		sort.SliceStable(order, func(a, b int) bool { return counts[order[a]] > counts[order[b]] })
		var c []string
		for _, t := range order {
			c = append(c, fmt.Sprintf("%s in %d", t, counts[t]))
		}
		parts = append(parts, k+" "+strings.Join(c, ", "))
	}
	return strings.Join(parts, "; ")
}

// est formats a pooled measure with its interval when there is one.
func est(p pipeline.PooledResult, name string) string {
	v, ok := p.Metrics[name]
	if !ok {
		return "–"
	}
	if ci, ok := p.CI[name]; ok {
		return fmt.Sprintf("%s (%s–%s)", f3(v), f3(ci[0]), f3(ci[1]))
	}
	return f3(v)
}

// pooledTables writes the first repeat's pooled out-of-fold performance:
// discrimination and calibration with 95% intervals, the classification at
// the declared thresholds, and the DeLong tests against the scores.
func pooledTables(w io.Writer, wr pipeline.WindowResult) {
	fmt.Fprintln(w, "Pooled out-of-fold predictions of the first repeat (every labelled patient predicted once, by a model that did not see them), with 95% intervals: AUROC by DeLong on the logit scale; calibration-in-the-large (slope fixed at 1, target 0), calibration slope (target 1; below 1 means predictions too extreme) and O/E by Wald; ICI is the mean absolute distance of the lowess calibration curve from the diagonal (Austin & Steyerberg 2019).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Feature set | Model | AUROC | AUPRC | Calibration-in-the-large | Calibration slope | O/E | ICI | Brier | Scaled Brier | Nagelkerke R² |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, m := range wr.Models {
		if len(m.Pooled) == 0 {
			continue
		}
		p := m.Pooled[0]
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", m.FeatureSet, m.Model, est(p, "auroc"), est(p, "auprc"),
			est(p, "calibration_intercept"), est(p, "calibration_slope"), est(p, "oe_ratio"), est(p, "ici"), est(p, "brier"), est(p, "scaled_brier"), est(p, "nagelkerke_r2"))
	}
	fmt.Fprintln(w)
	for _, m := range wr.Models {
		if len(m.Pooled) == 0 || len(m.Pooled[0].AtThresholds) == 0 {
			continue
		}
		p := m.Pooled[0]
		fmt.Fprintf(w, "%s (%s) at the declared risk thresholds (flagged means predicted risk >= threshold; Wilson 95%% intervals):\n\n", m.Model, m.FeatureSet)
		fmt.Fprintln(w, "| Threshold | Flagged per 100 | Sensitivity | Specificity | PPV | NPV | Net benefit | Net benefit, treat all |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
		for _, t := range p.AtThresholds {
			nb, all := "–", "–"
			for _, x := range p.NetBenefit {
				if math.Abs(float64(x.Threshold)-float64(t.Threshold)) < 1e-9 {
					nb, all = fmt.Sprintf("%.4f", float64(x.Model)), fmt.Sprintf("%.4f", float64(x.TreatAll))
				}
			}
			fmt.Fprintf(w, "| %.0f%% | %.1f | %s | %s | %s | %s | %s | %s |\n", 100*float64(t.Threshold), float64(t.FlaggedPer100),
				prop(t.Sensitivity, t.SensitivityCI), prop(t.Specificity, t.SpecificityCI), prop(t.PPV, t.PPVCI), prop(t.NPV, t.NPVCI), nb, all)
		}
		fmt.Fprintln(w)
	}
	comparator := map[string]bool{}
	for _, sc := range wr.Scores {
		comparator[sc.Score] = sc.Comparator
	}
	for _, m := range wr.Models {
		if len(m.Pooled) == 0 || len(m.Pooled[0].VersusScores) == 0 {
			continue
		}
		var parts []string
		for _, v := range m.Pooled[0].VersusScores {
			if v.Error != "" || math.IsNaN(float64(v.Diff)) || !comparator[v.Score] {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %+.3f (%s to %s, %s)", v.Score, float64(v.Diff), f3(v.CI[0]), f3(v.CI[1]), pValue(float64(v.P))))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "- %s (%s), AUROC minus each score's, paired DeLong test on the same patients: %s.\n", m.Model, m.FeatureSet, strings.Join(parts, "; "))
		}
	}
	fmt.Fprintln(w)
}

// pValue formats a p-value; below 0.001 as "p < 0.001".
func pValue(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return fmt.Sprintf("p = %.3f", p)
}

func prop(v pipeline.Float, ci pipeline.Interval) string {
	if math.IsNaN(float64(v)) {
		return "–"
	}
	return fmt.Sprintf("%s (%s–%s)", f3(float64(v)), f3(ci[0]), f3(ci[1]))
}

// thresholdList formats risk thresholds as percentages.
func thresholdList(ts []float64) string {
	var parts []string
	for _, t := range ts {
		parts = append(parts, fmt.Sprintf("%g%%", 100*t))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// figureBlock links a window's figures (the HTML inlines them) and says
// how to read them.
func figureBlock(w io.Writer, r *Run, wr pipeline.WindowResult) {
	var lines []string
	for _, kind := range []string{"roc", "pr", "calibration", "decision"} {
		if f, ok := figureFor(r, wr.Window.Name, kind); ok {
			lines = append(lines, fmt.Sprintf("![%s](%s)", f.Alt, f.File))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "Figures, from the pooled out-of-fold predictions of repeat 1 (the same predictions as the table above):")
	fmt.Fprintln(w)
	for _, l := range lines {
		fmt.Fprintln(w, l)
		fmt.Fprintln(w)
	}
	var missing []string
	if _, ok := figureFor(r, wr.Window.Name, "roc"); !ok {
		missing = append(missing, "The ROC and precision–recall figures need predictions.csv, which was not available.")
	}
	fmt.Fprintln(w, "ROC and precision–recall curves are computed from predictions.csv; the calibration curves (lowess, without a confidence band) and the decision curves are drawn from metrics.json. "+
		"The bleeding scores are not probabilities, so they appear as markers at the cut-points between their risk categories (a category and every higher one called positive; "+
		"cut-points that would reveal a count from 1 to 4 are left out), and the best score by AUROC as the rule \"treat its highest category\" on the decision curve. "+
		strings.TrimSpace("The scores' AUROC in the ROC legend is that of their points. "+strings.Join(missing, " ")))
	fmt.Fprintln(w)
}

// compactJSON writes raw JSON on one line (metrics.json is indented, so
// parameters read back from it carry line breaks).
func compactJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}
