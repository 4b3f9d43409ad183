package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/datasets/synth"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models/registry"
)

// smallTrees keeps the tree ensembles of the tests small.
var smallTrees = map[string]json.RawMessage{"rf": json.RawMessage(`{"trees": 40}`), "gbm": json.RawMessage(`{"trees": 40}`)}

func loadDefault(t testing.TB) *datasets.Cohort {
	t.Helper()
	f := synth.Default()
	d, err := datasets.ReadDictionary(bytes.NewReader(f.Dictionary), "dictionary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := datasets.Load(bytes.NewReader(f.Cohort), d, datasets.Options{File: "cohort.csv"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRunIsIdenticalWhateverTheWorkers runs the default experiment with 1
// 2 and 8 workers (the forest and boosting also parallelise inside a fit)
// and requires byte-identical metrics.json and predictions.csv.
func TestRunIsIdenticalWhateverTheWorkers(t *testing.T) {
	c := loadDefault(t)
	cfg := Config{Seed: 11, Folds: 3, Repeats: 1, Models: []string{"ridge", "rf", "gbm"}, Params: smallTrees}
	workers := []int{1, 2, 8}
	if testing.Short() {
		// The race detector's pass (.ci/run): fewer features and trees, the
		// same concurrent paths.
		cfg.FeatureSets = []string{"baseline"}
		cfg.Params = map[string]json.RawMessage{"rf": json.RawMessage(`{"trees": 8}`), "gbm": json.RawMessage(`{"trees": 8}`)}
		workers = []int{1, 8}
	}
	var outs [][2][]byte
	for _, w := range workers {
		cfg.Workers = w
		res, err := Run(context.Background(), c, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := MetricsFile(res)
		if err != nil {
			t.Fatal(err)
		}
		p, err := PredictionsFile(res, c.IDs)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, [2][]byte{m.Data, p.Data})
	}
	for k := 1; k < len(outs); k++ {
		if !bytes.Equal(outs[0][0], outs[k][0]) {
			t.Errorf("metrics.json differs between 1 worker and run %d", k+1)
		}
		if !bytes.Equal(outs[0][1], outs[k][1]) {
			t.Errorf("predictions.csv differs between 1 worker and run %d", k+1)
		}
	}
}

// TestRunResultsAreConsistent checks the bookkeeping of a run: every
// labelled patient is predicted once per repeat, pooled counts match the
// labels, and the ridge model beats chance on the synthetic cohort, whose
// true risks give an AUROC of about 0.65-0.72 (see datasets/synth).
func TestRunResultsAreConsistent(t *testing.T) {
	c := loadDefault(t)
	res, err := Run(context.Background(), c, Config{Seed: 3, Folds: 5, Repeats: 2, Workers: 2, Models: []string{"ridge"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Windows) != 3 {
		t.Fatalf("%d windows, want 3", len(res.Windows))
	}
	for _, wr := range res.Windows {
		if wr.Skipped != "" {
			t.Fatalf("window %s skipped: %s", wr.Window.Name, wr.Skipped)
		}
		m := wr.Models[0]
		if len(m.Folds) != 10 {
			t.Errorf("%s: %d folds, want 10", wr.Window.Name, len(m.Folds))
		}
		for _, p := range m.Pooled {
			if p.N != wr.Labelled || p.Events != wr.Events {
				t.Errorf("%s repeat %d: pooled n=%d events=%d, labels n=%d events=%d", wr.Window.Name, p.Repeat, p.N, p.Events, wr.Labelled, wr.Events)
			}
		}
		s := m.FoldSummary["auroc"]
		if s.N != 10 {
			t.Errorf("%s: %d folds scored, want 10", wr.Window.Name, s.N)
		}
		if wr.Window.To <= 365 && s.Mean < 0.55 {
			t.Errorf("%s: mean AUROC %.3f, want > 0.55 on a cohort with real signal", wr.Window.Name, s.Mean)
		}
	}
}

func TestRunCancelled(t *testing.T) {
	c := loadDefault(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, c, Config{Workers: 2}, nil); err == nil {
		t.Error("cancelled run returned no error")
	}
}

// TestFinalModelsRoundTrip saves each final model, reads it back and
// requires bit-identical probabilities on every patient.
func TestFinalModelsRoundTrip(t *testing.T) {
	c := loadDefault(t)
	res, err := Run(context.Background(), c, Config{Seed: 5, Folds: 3, Repeats: 1, Workers: 2,
		Models: []string{"ridge", "lasso", "rf", "gbm"}, Params: smallTrees}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Final) != 12 {
		t.Fatalf("%d final models, want one per window and model", len(res.Final))
	}
	aug, _, err := features.Augment(c, features.AugmentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c = aug
	rows := make([]int, c.Len())
	for i := range rows {
		rows[i] = i
	}
	for _, fm := range res.Final {
		f, err := fm.File()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ReadSavedModel(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		p1, err := fm.Predict(c, rows)
		if err != nil {
			t.Fatal(err)
		}
		p2, err := back.Predict(c, rows)
		if err != nil {
			t.Fatal(err)
		}
		for i := range p1 {
			if math.Float64bits(p1[i]) != math.Float64bits(p2[i]) {
				t.Fatalf("%s: patient %d: %v before saving, %v after", f.Name, i, p1[i], p2[i])
			}
		}
		if fm.Patients != res.Windows[0].Labelled && fm.Window.Name == res.Windows[0].Window.Name {
			t.Errorf("final model fitted on %d patients, window has %d labelled", fm.Patients, res.Windows[0].Labelled)
		}
	}
}

// TestRunEveryFeatureSet cross-validates ridge on every named feature set.
func TestRunEveryFeatureSet(t *testing.T) {
	c := loadDefault(t)
	var sets []string
	for _, s := range features.FeatureSets {
		sets = append(sets, s.Name)
	}
	res, err := Run(context.Background(), c, Config{Seed: 9, Folds: 3, Repeats: 1, Workers: 2, FeatureSets: sets, Models: []string{"ridge"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, wr := range res.Windows {
		if len(wr.Models) != len(sets) {
			t.Fatalf("%s: %d results, want one per feature set", wr.Window.Name, len(wr.Models))
		}
		for _, m := range wr.Models {
			if m.FoldSummary["auroc"].N != 3 {
				t.Errorf("%s %s: %d folds scored, want 3", wr.Window.Name, m.FeatureSet, m.FoldSummary["auroc"].N)
			}
		}
		if len(wr.Scores) != 7 {
			t.Errorf("%s: %d scores evaluated, want 7", wr.Window.Name, len(wr.Scores))
		}
	}
}

// TestBootstrapOptimism runs a small bootstrap and checks Harrell's
// bookkeeping: corrected = apparent - optimism for every measure, and the
// AUROC optimism of a 500-feature model on ~100 events is positive (the
// apparent AUROC of a model on its own training patients is optimistic).
func TestBootstrapOptimism(t *testing.T) {
	c := loadDefault(t)
	res, err := Run(context.Background(), c, Config{Seed: 4, Folds: 3, Repeats: 1, Workers: 2, Bootstrap: 8, Models: []string{"ridge"},
		Tuning: map[string]registry.Grid{"ridge": {}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, wr := range res.Windows {
		b := wr.Models[0].Bootstrap
		if b == nil || b.B != 8 || b.Failed != 0 {
			t.Fatalf("%s: bootstrap %+v", wr.Window.Name, b)
		}
		for k, opt := range b.Optimism {
			if d := b.Apparent[k] - opt - b.Corrected[k]; math.Abs(d) > 1e-12 {
				t.Errorf("%s %s: apparent %v - optimism %v != corrected %v", wr.Window.Name, k, b.Apparent[k], opt, b.Corrected[k])
			}
		}
		if b.Optimism["auroc"] <= 0 {
			t.Errorf("%s: AUROC optimism %v, want > 0", wr.Window.Name, b.Optimism["auroc"])
		}
	}
}

// TestTemporalValidation trains on patients indexed before 2015 and tests on
// the rest: every test row is indexed in 2015 or later.
func TestTemporalValidation(t *testing.T) {
	c := loadDefault(t)
	res, err := Run(context.Background(), c, Config{Seed: 4, TemporalCut: 2015, Workers: 2, Models: []string{"ridge"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	years := c.ByConcept("index_year")
	for _, wr := range res.Windows {
		if wr.Skipped != "" {
			t.Fatalf("%s skipped: %s", wr.Window.Name, wr.Skipped)
		}
		m := wr.Models[0]
		if len(m.Folds) != 1 || len(m.Pooled) != 1 {
			t.Fatalf("%s: %d folds, %d pooled; want one temporal split", wr.Window.Name, len(m.Folds), len(m.Pooled))
		}
		if m.Pooled[0].N != m.Folds[0].Test {
			t.Errorf("pooled n %d, test rows %d", m.Pooled[0].N, m.Folds[0].Test)
		}
	}
	for _, p := range res.Predictions {
		if years.Num[p.Row] < 2015 {
			t.Fatalf("patient indexed in %v predicted in the test era", years.Num[p.Row])
		}
	}
}
