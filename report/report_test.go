package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func sampleRun() *Run {
	res := &pipeline.Result{
		SchemaVersion: 1,
		Cohort:        pipeline.CohortInfo{Source: "cohort.csv", Patients: 100, Predictors: map[string]int{"baseline": 3, "icd10": 2}},
		Config:        pipeline.Config{Seed: 7, Folds: 2, Repeats: 1, Models: []string{"ridge"}, Params: map[string]json.RawMessage{"ridge": json.RawMessage(`{"lambda":0.1}`)}, MinCodeCount: 5},
		Plan:          "stratified 2-fold cross-validation (1 repeat)",
		Preprocessing: []string{"encoding: test", "median imputation"},
		Windows: []pipeline.WindowResult{
			{
				Window: datasets.Window{Name: "bleed_1_90", From: 1, To: 90}, Labelled: 90, Events: 9, CompetingDeaths: 4,
				Excluded: map[string]int{datasets.ExcludedCensored: 10},
				Models: []pipeline.ModelResult{{
					Model: "ridge",
					Folds: []pipeline.FoldResult{
						{Repeat: 0, Fold: 0, Metrics: map[string]float64{"auroc": 0.6, "brier": 0.09}},
						{Repeat: 0, Fold: 1, Metrics: map[string]float64{"auroc": 0.7, "brier": 0.08}},
					},
					FoldSummary: map[string]pipeline.Summary{
						"auroc": {N: 2, Mean: 0.65, SD: 0.0707107, Min: 0.6, Max: 0.7},
						"brier": {N: 2, Mean: 0.085, SD: 0.0070711, Min: 0.08, Max: 0.09},
					},
					Pooled: []pipeline.PooledResult{{Repeat: 0, N: 90, Events: 9, Metrics: map[string]float64{"auroc": 0.64, "brier": 0.085}}},
				}},
			},
			{Window: datasets.Window{Name: "bleed_90_455", From: 90, To: 455}, Labelled: 40, Events: 1,
				Excluded: map[string]int{datasets.ExcludedLandmark: 60}, Skipped: "1 events and 39 non-events cannot fill 2 stratified folds; use fewer folds"},
		},
	}
	// A pooled result with every part the report draws, and predictions
	// for the ROC and precision–recall figures.
	w0 := &res.Windows[0]
	w0.Models[0].Folds[0].Features, w0.Models[0].Folds[1].Features = 12, 11
	w0.Models[0].Pooled[0].CI = map[string]pipeline.Interval{"auroc": {0.55, 0.72}, "calibration_slope": {0.61, 1.32}}
	w0.Models[0].Pooled[0].Metrics["calibration_slope"] = 0.93
	w0.Models[0].Pooled[0].Curve = []pipeline.CurvePoint{{P: 0.04, Observed: 0.05}, {P: 0.1, Observed: 0.09}, {P: 0.2, Observed: 0.17}}
	for _, t := range []float64{0.05, 0.1, 0.2} {
		w0.Models[0].Pooled[0].NetBenefit = append(w0.Models[0].Pooled[0].NetBenefit, pipeline.NetBenefit{Threshold: pipeline.Float(t), Model: pipeline.Float(0.1 - t/3), TreatAll: pipeline.Float(0.1 - 0.9*t/(1-t))})
		w0.Models[0].Pooled[0].AtThresholds = append(w0.Models[0].Pooled[0].AtThresholds, pipeline.ThresholdResult{Threshold: pipeline.Float(t), Sensitivity: 0.5, SensitivityCI: pipeline.Interval{0.2, 0.8},
			Specificity: 0.7, SpecificityCI: pipeline.Interval{0.6, 0.8}, PPV: 0.15, PPVCI: pipeline.Interval{0.05, 0.3}, NPV: 0.93, NPVCI: pipeline.Interval{0.85, 0.97}, FlaggedPer100: 30})
	}
	w0.Models[0].Pooled[0].VersusScores = []pipeline.VersusScore{{Score: "VTE-BLEED", Diff: 0.04, CI: pipeline.Interval{-0.05, 0.13}, P: 0.38}}
	w0.Scores = []pipeline.ScoreResult{{Score: "VTE-BLEED", Comparator: true, Complete: 80, N: 90, Metrics: map[string]float64{"auroc": 0.6},
		Categories: []pipeline.CategoryCount{{Category: "low", N: 50, Events: 0}, {Category: "high", N: 40, Events: 9}}}}
	res.Config.Thresholds = []float64{0.05, 0.1, 0.2}
	res.Config.FeatureSets = []string{"all"}
	for i := 0; i < 90; i++ {
		y := 0.0
		if i%10 == 0 {
			y = 1
		}
		res.Predictions = append(res.Predictions, pipeline.Prediction{Window: "bleed_1_90", Model: "ridge", Row: i, Y: y, P: 0.02 + float64((i*37)%90)/300 + y*0.05})
	}
	m := pipeline.Manifest{Version: "test", GoVersion: "go-test", Command: []string{"bleedrisk", "train"},
		Input: pipeline.InputInfo{Source: "cohort.csv", SHA256: "aaa", DictionarySHA256: "bbb"}, ConfigSHA256: "ccc", Seed: 7,
		Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	return &Run{Result: res, Manifest: m}
}

// TestMarkdownGolden compares the Markdown report of a hand-built run with
// testdata/report.golden.md (go test ./report -update rewrites it).
func TestMarkdownGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, sampleRun(), DefaultSections()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden.md")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("report differs from %s; run go test ./report -update and review the diff", golden)
	}
	// The numbers a reader sees come from the results.
	for _, s := range []string{"0.650 ± 0.071", "0.600–0.700", "| 0.640 |", "9 events among 90 patients (10.0%)", "Not analysed"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("report lacks %q", s)
		}
	}
}

// TestHTMLGolden compares the HTML report of the hand-built run with
// testdata/report.golden.html (go test ./report -update rewrites it), and
// checks that it carries the same headings as the Markdown, in order.
func TestHTMLGolden(t *testing.T) {
	var b, md bytes.Buffer
	r := sampleRun()
	if err := HTML(&b, r, DefaultSections()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden.html")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("HTML report differs from %s; run go test ./report -update and review the diff", golden)
	}
	if err := Markdown(&md, r, DefaultSections()); err != nil {
		t.Fatal(err)
	}
	var mdHeads, htmlHeads []string
	for _, l := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(l, "## ") || strings.HasPrefix(l, "### ") {
			mdHeads = append(mdHeads, strings.TrimLeft(l, "# "))
		}
	}
	for _, m := range regexp.MustCompile(`<h[23] id="[^"]*"[^>]*>([^<]*)</h[23]>`).FindAllStringSubmatch(b.String(), -1) {
		htmlHeads = append(htmlHeads, html.UnescapeString(m[1]))
	}
	if strings.Join(mdHeads, "|") != strings.Join(htmlHeads, "|") {
		t.Errorf("headings differ:\nmd:   %q\nhtml: %q", mdHeads, htmlHeads)
	}
	if n := strings.Count(b.String(), "<svg"); n != 4 {
		t.Errorf("%d inline figures, want 4", n)
	}
}
