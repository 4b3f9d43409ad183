package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/datasets/synth"
	"github.com/ostfold-vte/bleedrisk/models/registry"
	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// realRun is a small run on the embedded synthetic cohort, written to a run
// folder as bleedrisk train writes it, shared by the tests that read a
// report as a reader would.
type realRun struct {
	dir    string // the run folder
	cohort *datasets.Cohort
	run    *Run
	files  []pipeline.File // the report's files
	err    error
}

var (
	realOnce sync.Once
	real     realRun
)

func smallRealRun(t *testing.T) *realRun {
	t.Helper()
	realOnce.Do(func() { real = buildRealRun() })
	if real.err != nil {
		t.Fatal(real.err)
	}
	return &real
}

func buildRealRun() (rr realRun) {
	f := synth.Default()
	d, err := datasets.ReadDictionary(bytes.NewReader(f.Dictionary), "dictionary.yaml")
	if err != nil {
		return realRun{err: err}
	}
	c, err := datasets.Load(bytes.NewReader(f.Cohort), d, datasets.Options{File: "cohort.csv"})
	if err != nil {
		return realRun{err: err}
	}
	cfg, err := pipeline.Config{Seed: 5, Folds: 3, Repeats: 1, Models: []string{"ridge", "knn"}, FeatureSets: []string{"baseline", "biochemistry"},
		Tuning: map[string]registry.Grid{"ridge": {}}, ImportanceRepeats: -1, Workers: 4}.Resolve()
	if err != nil {
		return realRun{err: err}
	}
	res, err := pipeline.Run(context.Background(), c, cfg, nil)
	if err != nil {
		return realRun{err: err}
	}
	started := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	m := pipeline.Manifest{ManifestVersion: 1, Program: "bleedrisk", Version: "test", GoVersion: "go-test",
		Command: []string{"bleedrisk", "train", "--seed", "5"}, Input: pipeline.InputInfo{Source: c.Source, SHA256: pipeline.SHA256(f.Cohort), DictionarySHA256: pipeline.SHA256(f.Dictionary)},
		Seed: cfg.Seed, Workers: 4, Started: started, Finished: started.Add(83 * time.Second)}
	run := &Run{Result: res, Manifest: m}
	files, err := Files(run)
	if err != nil {
		return realRun{err: err}
	}
	metrics, err := pipeline.MetricsFile(res)
	if err != nil {
		return realRun{err: err}
	}
	preds, err := pipeline.PredictionsFile(res, c.IDs)
	if err != nil {
		return realRun{err: err}
	}
	tmp, err := os.MkdirTemp("", "bleedrisk-report-test-")
	if err != nil {
		return realRun{err: err}
	}
	dir := filepath.Join(tmp, "run")
	if err := pipeline.WriteRunDir(dir, m, append([]pipeline.File{metrics, preds}, files...)); err != nil {
		return realRun{err: err}
	}
	return realRun{dir: dir, cohort: c, run: run, files: files}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if real.dir != "" {
		os.RemoveAll(filepath.Dir(real.dir))
	}
	os.Exit(code)
}
