package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// corpusDir is the bad-input corpus of issue 8 (see its cases.json).
const corpusDir = "../../testdata/badinput"

// corpusCase is one case of cases.json; datasets/badinput_test.go checks
// the same cases at the loader, this file through the command line.
type corpusCase struct {
	Name      string          `json:"name"`
	Why       string          `json:"why"`
	Data      string          `json:"data"`
	Dict      string          `json:"dict"`
	Config    string          `json:"config"`
	Delimiter string          `json:"delimiter"`
	Load      string          `json:"load"`
	Problems  []corpusProblem `json:"problems"`
	Some      bool            `json:"some"`
	Args      []string        `json:"args"`
	Exit      int             `json:"exit"`
	Stderr    []string        `json:"stderr"`
	Stdout    []string        `json:"stdout"`
	OutExists bool            `json:"out_exists"` // the test creates the run folder first
	Known     string          `json:"known_issue"`
}

type corpusProblem struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Field    string `json:"field"`
	Msg      string `json:"msg"`
}

// runSafely runs the command line and turns a panic into a test failure.
func runSafely(t *testing.T, args []string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("bleedrisk %s panicked: %v", strings.Join(args, " "), r)
			}
		}()
		code = run(context.Background(), args, &o, &e)
	}()
	return code, o.String(), e.String()
}

// TestBadInputCorpusCLI runs `bleedrisk train` on every case of the corpus:
// the exit status is the expected one, nothing panics, stderr names the file,
// line and column of every expected error and holds the expected fragments,
// and a failed run leaves nothing behind: no run folder, no temporary folder.
func TestBadInputCorpusCLI(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpusDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		About string       `json:"about"`
		Cases []corpusCase `json:"cases"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&corpus); err != nil {
		t.Fatalf("cases.json: %v", err)
	}
	if len(corpus.Cases) < 40 {
		t.Errorf("%d cases; issue 8 asks for at least 40", len(corpus.Cases))
	}
	for _, tc := range corpus.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			if testing.Short() && tc.Exit == 0 {
				t.Skip("trains a model")
			}
			data := filepath.Join(corpusDir, tc.Data)
			dict := filepath.Join(corpusDir, "base/dictionary.yaml")
			if tc.Dict != "" {
				dict = filepath.Join(corpusDir, tc.Dict)
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "run")
			// Small, fast settings: the corpus checks what happens to bad
			// input, not the models. Case arguments come last and win.
			args := []string{"train", "--data", data, "--dict", dict, "--out", out,
				"--repeats", "1", "--folds", "3", "--no-tuning", "--workers", "2"}
			config := ""
			if tc.Config != "" {
				// The experiment file names the data and the settings.
				config = filepath.Join(corpusDir, tc.Config)
				args = []string{"train", "--config", config, "--out", out}
			}
			args = append(args, tc.Args...)
			marker := filepath.Join(out, "earlier-run.txt")
			if tc.OutExists {
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(marker, []byte("an earlier run\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := runSafely(t, args)
			if code != tc.Exit {
				msg := fmt.Sprintf("exit %d, want %d (%s)\nstdout:\n%s\nstderr:\n%.3000s", code, tc.Exit, tc.Why, stdout, stderr)
				if tc.Known != "" {
					t.Skipf("known issue: %s; %s", tc.Known, msg)
				}
				t.Fatal(msg)
			}
			for _, frag := range tc.Stderr {
				if !strings.Contains(stderr, frag) {
					t.Errorf("stderr lacks %q:\n%.3000s", frag, stderr)
				}
			}
			for _, frag := range tc.Stdout {
				if !strings.Contains(stdout, frag) {
					t.Errorf("stdout lacks %q:\n%.3000s", frag, stdout)
				}
			}
			for _, s := range []string{stdout, stderr} {
				if strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") {
					t.Errorf("output shows a panic:\n%.3000s", s)
				}
			}
			if code == 0 {
				if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
					t.Errorf("a successful run wrote no complete run folder: %v", err)
				}
				return
			}
			// Every expected error is printed with its position.
			for _, p := range tc.Problems {
				if p.Severity != "error" {
					continue
				}
				pos := data
				switch p.File {
				case "dict":
					pos = dict
				case "config":
					pos = config
				}
				if p.Line > 0 {
					pos += fmt.Sprintf(":%d", p.Line)
					if p.Column > 0 {
						pos += fmt.Sprintf(":%d", p.Column)
					}
				}
				if !strings.Contains(stderr, pos+": error: ") || !strings.Contains(stderr, p.Msg) {
					t.Errorf("stderr lacks %q with %q:\n%.3000s", pos+": error: ", p.Msg, stderr)
				}
			}
			if len(stdout) > 0 {
				t.Errorf("a failed run printed results:\n%.2000s", stdout)
			}
			// No half-written output: nothing at all in the parent folder
			// (but the run folder the case made, untouched).
			entries, err := os.ReadDir(parent)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if tc.OutExists && e.Name() == "run" {
					continue
				}
				t.Errorf("a failed run left %s behind", e.Name())
			}
			if tc.OutExists {
				inside, _ := os.ReadDir(out)
				if b, err := os.ReadFile(marker); err != nil || string(b) != "an earlier run\n" || len(inside) != 1 {
					t.Errorf("the existing run folder was changed: %d entries, marker %q %v", len(inside), b, err)
				}
			}
		})
	}
}

// FuzzReadExperiment parses arbitrary text as an experiment file (the
// parser is pipeline.ReadExperiment; the target lives here, beside the
// corpus it takes its seeds from). It must not panic; it returns exactly
// one of an experiment and an error, the error being Problems with at
// least one error; an accepted experiment converts to a Config and writes
// out as YAML that reads back.
func FuzzReadExperiment(f *testing.F) {
	f.Add(exampleExperiment())
	seeds, _ := filepath.Glob(filepath.Join(corpusDir, "experiment", "*.yaml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("version: 1\nmodels: [ridge]\ntuning: {ridge: {lambda: [.nan, .inf]}}\n")
	f.Add("version: 1\nmodel_params: {ridge: {lambda: {a: [1, {b: c}]}}}\nmodels: [ridge]\n")
	f.Fuzz(func(t *testing.T, text string) {
		e, err := pipeline.ReadExperiment(strings.NewReader(text), "fuzz.yaml")
		if (e == nil) == (err == nil) {
			t.Fatalf("ReadExperiment returned experiment %v and error %v", e != nil, err)
		}
		if err != nil {
			var ps datasets.Problems
			if !errors.As(err, &ps) || !ps.HasErrors() {
				t.Fatalf("the error is not Problems with an error: %T %v", err, err)
			}
			return
		}
		if _, err := e.Config(); err != nil {
			return // e.g. NaN hyperparameters, which JSON cannot hold: an input error in train
		}
		var buf bytes.Buffer
		if err := pipeline.WriteExperiment(&buf, e, "fuzz"); err != nil {
			t.Fatalf("write: %v", err)
		}
		if _, err := pipeline.ReadExperiment(bytes.NewReader(buf.Bytes()), "back.yaml"); err != nil {
			t.Fatalf("an accepted experiment does not read back: %v\n%s", err, buf.String())
		}
	})
}
