package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets/synth"
)

// The privacy tests of issue 8: reports and logs hold aggregates only, the
// manifest marks the files that hold patient data, and the program cannot
// reach the network.

// fnr returns a Norwegian national identity number (fødselsnummer) for a
// birth date and an individual number: DDMMYY, three digits, and the two
// mod-11 check digits (Skatteetaten's algorithm). ok is false when a check
// digit would be 10 (no such number is issued).
func fnr(day, month, year, individual int) (id string, ok bool) {
	s := fmt.Sprintf("%02d%02d%02d%03d", day, month, year%100, individual)
	d := make([]int, 0, 11)
	for _, c := range s {
		d = append(d, int(c-'0'))
	}
	check := func(w []int) (int, bool) {
		sum := 0
		for i, x := range w {
			sum += x * d[i]
		}
		k := 11 - sum%11
		switch k {
		case 11:
			return 0, true
		case 10:
			return 0, false
		}
		return k, true
	}
	k1, ok1 := check([]int{3, 7, 6, 1, 8, 9, 4, 5, 2})
	if !ok1 {
		return "", false
	}
	d = append(d, k1)
	k2, ok2 := check([]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	if !ok2 {
		return "", false
	}
	return fmt.Sprintf("%s%d%d", s, k1, k2), true
}

func TestFnrCheckDigits(t *testing.T) {
	// Worked by hand for 010107 501: k1 = 11 - (3·0+7·1+6·0+1·1+8·0+9·7+4·5+
	// 5·0+2·1) mod 11 = 11 - 93 mod 11 = 6; k2 = 11 - (5·0+4·1+3·0+2·1+7·0+
	// 6·7+5·5+4·0+3·1+2·6) mod 11 = 11 - 88 mod 11 = 11, written 0.
	if id, ok := fnr(1, 1, 1907, 501); !ok || id != "01010750160" {
		t.Errorf("fnr = %q %v, want 01010750160", id, ok)
	}
}

// fnrCohort returns the synthetic cohort of n patients with patient_id
// rewritten to distinct national-identity-like numbers, the ids, and their
// birth parts (DDMMYY). Birth years are 1930-1999 (individual numbers
// 000-499, as for people born 1900-1999), so no birth part can be today's
// date in a timestamp.
func fnrCohort(t *testing.T, n int) (cohort, dict []byte, ids, births []string) {
	t.Helper()
	files, err := synth.Generate(synth.Config{N: n, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(files.Cohort)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][0] != "patient_id" {
		t.Fatalf("the synthetic cohort's first column is %q", recs[0][0])
	}
	rng := rand.New(rand.NewPCG(47, 11))
	seen := map[string]bool{}
	for i := 1; i < len(recs); i++ {
		for {
			id, ok := fnr(1+rng.IntN(28), 1+rng.IntN(12), 1930+rng.IntN(70), rng.IntN(500))
			if ok && !seen[id] {
				seen[id] = true
				recs[i][0] = id
				ids = append(ids, id)
				births = append(births, id[:6])
				break
			}
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), files.Dictionary, ids, births
}

// digitRuns matches maximal runs of digits.
var digitRuns = regexp.MustCompile(`[0-9]+`)

// dottedDates matches dates written as DD.MM.YY, DD.MM.YYYY or YYYY-MM-DD.
var dottedDates = regexp.MustCompile(`\b([0-9]{2})[./]([0-9]{2})[./]([0-9]{2}|19[0-9]{2})\b|\b19([0-9]{2})-([0-9]{2})-([0-9]{2})\b`)

// leaks returns what of ids and birth parts text shows: an id anywhere in a
// run of digits; a birth part as a six-digit number of its own (not the
// fraction or whole part of a decimal number, whose digits are arbitrary)
// or as a written date.
func leaks(text string, ids, births map[string]bool) []string {
	var out []string
	for _, m := range digitRuns.FindAllStringIndex(text, -1) {
		run := text[m[0]:m[1]]
		if len(run) >= 11 {
			for k := 0; k+11 <= len(run); k++ {
				if ids[run[k:k+11]] {
					out = append(out, "id "+run[k:k+11])
				}
			}
		}
		before, after := byte(' '), byte(' ')
		if m[0] > 0 {
			before = text[m[0]-1]
		}
		if m[1] < len(text) {
			after = text[m[1]]
		}
		if len(run) == 6 && births[run] && before != '.' && before != ',' && after != '.' && after != ',' {
			out = append(out, "birth part "+run)
		}
	}
	for _, m := range dottedDates.FindAllStringSubmatch(text, -1) {
		var ddmmyy string
		if m[1] != "" {
			ddmmyy = m[1] + m[2] + m[3][len(m[3])-2:]
		} else {
			ddmmyy = m[6] + m[5] + m[4]
		}
		if births[ddmmyy] {
			out = append(out, "birth date "+m[0])
		}
	}
	return out
}

// manifestFiles reads a run folder's manifest: file name -> sensitive.
func manifestFiles(t *testing.T, dir string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files []struct {
			Name      string `json:"name"`
			Sensitive bool   `json:"sensitive"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range m.Files {
		out[filepath.ToSlash(f.Name)] = f.Sensitive
	}
	return out
}

// scanRun checks every file of a run folder the manifest does not mark
// sensitive, and the captured logs, with scan. It returns the sensitive
// files' names. Row-level files must be marked sensitive.
func scanRun(t *testing.T, dir string, logs map[string]string, scan func(name, text string)) (sensitive []string) {
	t.Helper()
	marked := manifestFiles(t, dir)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if rel == "predictions.csv" || strings.HasPrefix(rel, "models/") {
			if !marked[rel] {
				t.Errorf("%s holds row-level or derived patient data but the manifest does not mark it sensitive", rel)
			}
		}
		if marked[rel] {
			sensitive = append(sensitive, rel)
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scan(rel, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range logs {
		scan(name, text)
	}
	return sensitive
}

// trainCapture runs `bleedrisk train` with args and returns its logs.
func trainCapture(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	if code := run(context.Background(), append([]string{"train"}, args...), &o, &e); code != 0 {
		t.Fatalf("train exit %d\nstdout:\n%s\nstderr:\n%.5000s", code, o.String(), e.String())
	}
	return o.String(), e.String()
}

// TestPrivacyNationalIDs trains on a cohort whose ids look like Norwegian
// national identity numbers and checks that no id, and no birth part of
// one, is in any report, figure, metrics, configuration, dictionary or
// manifest file of the run folder, nor in the logs (text and JSON, at
// debug level); only the files the manifest marks sensitive
// (predictions.csv, models/) may hold them, and predictions.csv does (a
// positive control: the scan finds what is there).
func TestPrivacyNationalIDs(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the default models")
	}
	n := 400
	cohort, dict, ids, births := fnrCohort(t, n)
	idSet, birthSet := map[string]bool{}, map[string]bool{}
	for i := range ids {
		idSet[ids[i]], birthSet[births[i]] = true, true
	}
	tmp := t.TempDir()
	data, dictPath := filepath.Join(tmp, "cohort.csv"), filepath.Join(tmp, "dictionary.yaml")
	if err := os.WriteFile(data, cohort, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dictPath, dict, 0o644); err != nil {
		t.Fatal(err)
	}
	logs := map[string]string{}
	for _, format := range []string{"text", "json"} {
		out := filepath.Join(tmp, "run-"+format)
		args := []string{"--data", data, "--dict", dictPath, "--out", out,
			"--repeats", "1", "--folds", "3", "--no-tuning", "--workers", "2", "--verbose", "--log-format", format}
		if format == "json" {
			args = append(args, "--models", "ridge") // the logs' format is what differs: one fast model
		}
		stdout, stderr := trainCapture(t, args...)
		logs["stdout ("+format+")"], logs["stderr ("+format+")"] = stdout, stderr
		if format == "json" {
			continue // the run folder is the same; the logs are what differ
		}
		var scanned []string
		sensitive := scanRun(t, out, logs, func(name, text string) {
			scanned = append(scanned, name)
			if found := leaks(text, idSet, birthSet); len(found) > 0 {
				t.Errorf("%s shows %d patient identifiers, e.g. %v", name, len(found), found[:min(5, len(found))])
			}
		})
		t.Logf("scanned %d files and logs: %v; sensitive, not scanned: %d files", len(scanned), scanned, len(sensitive))
		preds, err := os.ReadFile(filepath.Join(out, "predictions.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if found := leaks(string(preds), idSet, birthSet); len(found) < n/2 {
			t.Errorf("positive control: the scan finds only %d ids in predictions.csv", len(found))
		}
	}
	for name, text := range logs {
		if strings.HasPrefix(name, "stderr (json") {
			if found := leaks(text, idSet, birthSet); len(found) > 0 {
				t.Errorf("%s shows patient identifiers: %v", name, found[:min(5, len(found))])
			}
		}
	}
}

// TestPrivacyEmbeddedDefault runs the scan on the embedded synthetic cohort,
// whose ids are SYN0001 to SYN1080.
func TestPrivacyEmbeddedDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	out := filepath.Join(t.TempDir(), "run")
	stdout, stderr := trainCapture(t, "--out", out, "--models", "ridge", "--repeats", "1", "--folds", "3", "--no-tuning", "--workers", "2", "--verbose")
	synID := regexp.MustCompile(`SYN[0-9]{4}`)
	scanRun(t, out, map[string]string{"stdout": stdout, "stderr": stderr}, func(name, text string) {
		if m := synID.FindAllString(text, 5); len(m) > 0 {
			t.Errorf("%s shows patient ids: %v", name, m)
		}
	})
}

// TestNoURLsInReportsOrLogs: no file of a run folder (sensitive or not) and
// no log refers to a URL (XML namespace names aside): a report opened
// offline loads nothing, and a reader is never sent anywhere with study
// data.
func TestNoURLsInReportsOrLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	out := filepath.Join(t.TempDir(), "run")
	stdout, stderr := trainCapture(t, "--out", out, "--models", "ridge", "--repeats", "1", "--folds", "3", "--no-tuning", "--workers", "2")
	url := regexp.MustCompile(`(?i)\b(https?|ftp)://[^\s"'<>)]*`)
	// An XML namespace (xmlns="http://www.w3.org/2000/svg" in an SVG figure)
	// is a name, never fetched: it is not a reference.
	xmlns := regexp.MustCompile(`xmlns(:[A-Za-z]+)?="[^"]*"`)
	check := func(name, text string) {
		text = xmlns.ReplaceAllString(text, "")
		if m := url.FindAllString(text, 5); len(m) > 0 {
			t.Errorf("%s refers to URLs: %v", name, m)
		}
	}
	check("stdout", stdout)
	check("stderr", stderr)
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil {
			check(strings.TrimPrefix(path, out+string(filepath.Separator)), string(b))
		}
		return err
	})
}

// TestNoNetworkClient: the program's import graph holds no network client
// (net/http and its subpackages, TLS, SMTP, RPC): bleedrisk runs on offline
// research servers and must have no way to send data anywhere. The package
// net itself is imported by github.com/spf13/pflag (for IP-address flags)
// and is allowed: it opens nothing unless called, and no code of
// bleedrisk's calls it (checked below for bleedrisk's own packages).
func TestNoNetworkClient(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not available")
	}
	cmd := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", ".")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := regexp.MustCompile(`^(net/http|net/http/.*|crypto/tls|net/smtp|net/rpc|net/rpc/.*|net/mail|golang\.org/x/net/.*)$`)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		pkg := fields[0]
		if forbidden.MatchString(pkg) {
			t.Errorf("the binary imports %s", pkg)
		}
		if strings.HasPrefix(pkg, "github.com/ostfold-vte/bleedrisk") {
			for _, imp := range fields[1:] {
				if imp == "net" || strings.HasPrefix(imp, "net/") && imp != "net/url" {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
		}
	}
}

// TestLeaksDetector: the scan finds an id, its birth part as a number of
// its own and as a written date, and not the same digits inside a decimal.
func TestLeaksDetector(t *testing.T) {
	ids, births := map[string]bool{"12039512345": true}, map[string]bool{"120395": true}
	text := "patient 12039512345; code 120395 on 12.03.95 and 12.03.1995, 1995-03-12; p = 0.120395 or 120395.5 or 3,120395"
	got := leaks(text, ids, births)
	want := []string{"id 12039512345", "birth part 120395", "birth date 12.03.95", "birth date 12.03.1995", "birth date 1995-03-12"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("leaks = %q, want %q", got, want)
	}
}
