package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// TestHelperProcess is not a test: TestKilledRunLeavesNothingComplete runs
// the test binary again with BLEEDRISK_HELPER_ARGS to get a bleedrisk
// process it can kill.
func TestHelperProcess(t *testing.T) {
	args := os.Getenv("BLEEDRISK_HELPER_ARGS")
	if args == "" {
		return
	}
	var o, e bytes.Buffer
	os.Exit(run(context.Background(), strings.Split(args, "\x1f"), &o, &e))
}

// TestKilledRunLeavesNothingComplete kills `train` with SIGKILL at random
// moments; a run folder, if one exists afterwards, must verify as intact
// (the folder is written into a hidden temporary folder and renamed only
// when complete).
func TestKilledRunLeavesNothingComplete(t *testing.T) {
	if testing.Short() {
		t.Skip("runs train several times")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for k := 0; k < 4; k++ {
		out := filepath.Join(t.TempDir(), "run")
		args := append(append([]string{}, quickTrain...), "--out", out)
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), "BLEEDRISK_HELPER_ARGS="+strings.Join(args, "\x1f"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.IntN(4000)) * time.Millisecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
		}
		if _, err := os.Stat(out); err == nil {
			if problems := pipeline.VerifyRunDir(out); len(problems) > 0 {
				t.Fatalf("killed after %v: the run folder exists but is not intact: %v", delay, problems)
			}
		}
	}
}

// TestVerify: an intact run folder verifies; a changed, a missing and an
// extra file are each reported, with exit status 2. The input file is not
// modified by train.
func TestVerify(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "cohort.csv")
	dict := filepath.Join(dir, "dictionary.yaml")
	fx := fixture(t)
	copyFile(t, filepath.Join(fx, "cohort.csv"), data)
	copyFile(t, filepath.Join(fx, "dictionary.yaml"), dict)
	before := fileHash(t, data)
	out := filepath.Join(dir, "run")
	args := append(append([]string{}, quickTrain...), "--data", data, "--dict", dict, "--out", out)
	if code, _, errs := runCLI(t, args...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, errs)
	}
	if fileHash(t, data) != before {
		t.Error("train modified its input file")
	}
	if code, stdout, errs := runCLI(t, "verify", out); code != 0 || !strings.Contains(stdout, "matches") {
		t.Fatalf("intact folder: exit %d: %s %s", code, stdout, errs)
	}
	os.WriteFile(filepath.Join(out, "report.md"), []byte("tampered"), 0o644)
	os.Remove(filepath.Join(out, "config.json"))
	os.WriteFile(filepath.Join(out, "extra.txt"), []byte("x"), 0o644)
	code, _, errs := runCLI(t, "verify", out)
	if code != 2 {
		t.Errorf("tampered folder: exit %d, want 2", code)
	}
	for _, want := range []string{"report.md: changed", "config.json: listed in the manifest but missing", "extra.txt: not listed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("verify output lacks %q:\n%s", want, errs)
		}
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
