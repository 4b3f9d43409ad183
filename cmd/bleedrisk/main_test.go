package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// TestTrainDefaultWritesRunFolder runs `bleedrisk train` on the embedded
// cohort (as the README's first command does) and checks the run folder.
func TestTrainDefaultWritesRunFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, out, errs := runCLI(t, "train", "--quiet", "--repeats", "1", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	for _, f := range []string{"metrics.json", "predictions.csv", "report.md", "manifest.json", "config.json", "dictionary.yaml"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("run folder lacks %s", f)
		}
	}
	if !strings.Contains(out, "bleed_1_365") || !strings.Contains(out, "run folder:") {
		t.Errorf("stdout lacks the study table:\n%s", out)
	}
	var m struct {
		Files []struct {
			Name      string `json:"name"`
			Sensitive bool   `json:"sensitive"`
		} `json:"files"`
		Input struct{ SHA256 string } `json:"input"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Input.SHA256) != 64 {
		t.Errorf("manifest input hash %q", m.Input.SHA256)
	}
	for _, f := range m.Files {
		rowLevel := f.Name == "predictions.csv" || strings.HasPrefix(f.Name, "models/")
		if rowLevel != f.Sensitive {
			t.Errorf("%s sensitive=%v", f.Name, f.Sensitive)
		}
	}
	// The report holds no patient id.
	rep, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if strings.Contains(string(rep), "SYN0") {
		t.Error("report.md contains a patient id")
	}
}

func TestInputErrorsExitTwoAndWriteNothing(t *testing.T) {
	tmp := t.TempDir()
	data := filepath.Join(tmp, "c.csv")
	dict := filepath.Join(tmp, "d.yaml")
	os.WriteFile(data, []byte("pid,age,fu,ev\n1,70,100,\n1,71,abc,\n"), 0o644)
	os.WriteFile(dict, []byte("version: 1\nid: pid\noutcome: {event_time: ev, followup_time: fu}\ncolumns:\n  - {name: age, group: baseline, type: numeric, concept: age, unit: years}\n"), 0o644)
	out := filepath.Join(tmp, "run")
	code, _, errs := runCLI(t, "train", "--data", data, "--dict", dict, "--out", out)
	if code != 2 {
		t.Errorf("exit %d, want 2; stderr: %s", code, errs)
	}
	for _, want := range []string{"c.csv:3:1", "duplicate patient id", "c.csv:3:3"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a run folder was written for bad input")
	}
	if code, _, _ := runCLI(t, "train", "--no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "train", "--models", "nonsense", "--out", out); code != 2 {
		t.Errorf("unknown model: exit %d, want 2", code)
	}
}

func TestValidateEmbedded(t *testing.T) {
	code, out, errs := runCLI(t, "validate")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "no problems found") {
		t.Errorf("validate on the embedded cohort:\n%s", out)
	}
}

func TestSynthMatchesEmbedded(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runCLI(t, "synth", "--out", dir); code != 0 {
		t.Fatalf("synth: %s", errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "cohort.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 100000 {
		t.Errorf("cohort.csv is %d bytes", len(b))
	}
}

func TestFeaturesExport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "f.csv")
	code, stdout, errs := runCLI(t, "features", "--feature-set", "icd10", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "fitted on all rows") {
		t.Errorf("the command must say its steps were fitted on all rows: %s", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 1081 {
		t.Errorf("%d lines, want a header and 1080 patients", len(lines))
	}
	for _, col := range []string{"patient_id,", "bio:egfr_ckdepi2021", "icd:charlson_quan2011", "score:VTE-BLEED#category"} {
		if !strings.Contains(lines[0], col) {
			t.Errorf("header lacks %s", col)
		}
	}
}
