package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportRerendersRunFolder trains a small run, re-renders its report
// with `bleedrisk report`, and checks the new folder: the same report
// bytes, every figure, its own manifest, and the run folder untouched.
func TestReportRerendersRunFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, out, errs := runCLI(t, "train", "--quiet", "--repeats", "1", "--folds", "3", "--models", "ridge", "--no-tuning", "--feature-sets", "baseline", "--out", dir); code != 0 {
		t.Fatalf("train: exit %d\n%s\n%s", code, out, errs)
	}
	for _, f := range []string{"report.md", "report.html", "figures/bleed_1_90-roc.svg", "figures/bleed_1_365-decision.svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("run folder lacks %s", f)
		}
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if !bytes.Contains(manifest, []byte(`"figures/bleed_1_90-roc.svg"`)) || !bytes.Contains(manifest, []byte(`"report.html"`)) {
		t.Error("the manifest does not list report.html and the figures")
	}
	out := filepath.Join(dir, "report-again")
	code, stdout, stderr := runCLI(t, "report", dir, "--out", out)
	if code != 0 {
		t.Fatalf("report: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"report.md", "report.html", "figures/bleed_1_90-roc.svg"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("re-rendered %s differs from the run's (%v)", f, err)
		}
	}
	if m, err := os.ReadFile(filepath.Join(out, "manifest.json")); err != nil || !bytes.Contains(m, []byte(`"report.html"`)) {
		t.Errorf("the report folder's manifest: %v", err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "manifest.json")); !bytes.Equal(after, manifest) {
		t.Error("bleedrisk report changed the run's manifest")
	}
	// A second report into the same folder is refused.
	if code, _, errs := runCLI(t, "report", dir, "--out", out); code == 0 || !strings.Contains(errs, "exists") {
		t.Errorf("report into an existing folder: exit %d, %s", code, errs)
	}
	// An edited metrics.json is an input error.
	mj := filepath.Join(dir, "metrics.json")
	b, _ := os.ReadFile(mj)
	os.WriteFile(mj, append(b, ' '), 0o644)
	if code, _, errs := runCLI(t, "report", dir); code != exitInput || !strings.Contains(errs, "differs from the run's manifest") {
		t.Errorf("report of an edited run: exit %d, %s", code, errs)
	}
	if code, _, _ := runCLI(t, "report", filepath.Join(dir, "nope")); code != exitInput {
		t.Errorf("report of a missing folder: exit %d", code)
	}
}
