package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
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
