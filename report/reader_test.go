package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestReportFilesHoldNoPatientData checks every report file (Markdown, HTML,
// figures) of a real run for patient identifiers, dates other than the
// run's own, and row-level predicted risks.
func TestReportFilesHoldNoPatientData(t *testing.T) {
	rr := smallRealRun(t)
	runDates := map[string]bool{rr.run.Manifest.Started.Format("2006-01-02"): true, rr.run.Manifest.Finished.Format("2006-01-02"): true}
	date := regexp.MustCompile(`\b(19|20)\d\d-[01]\d-[0-3]\d\b`)
	word := regexp.MustCompile(`[A-Za-z0-9_]+`)
	decimal := regexp.MustCompile(`\d+\.\d+`)
	preds := map[string]bool{}
	for _, p := range rr.run.Result.Predictions {
		preds[strconv.FormatFloat(p.P, 'g', -1, 64)] = true
		preds[strconv.FormatFloat(p.P, 'f', 6, 64)] = true
	}
	if len(rr.files) < 3 || len(preds) == 0 || len(rr.cohort.IDs) == 0 {
		t.Fatalf("%d report files, %d predictions", len(rr.files), len(preds))
	}
	for _, f := range rr.files {
		text := string(f.Data)
		words := map[string]bool{}
		for _, w := range word.FindAllString(text, -1) {
			words[w] = true
		}
		for _, id := range rr.cohort.IDs {
			if words[id] || strings.Contains(id, " ") && strings.Contains(text, id) {
				t.Fatalf("%s contains patient id %s", f.Name, id)
			}
		}
		for _, d := range date.FindAllString(text, -1) {
			if !runDates[d] {
				t.Errorf("%s contains the date %s, which is not the run's", f.Name, d)
			}
		}
		// The report prints at most 4 decimals; a longer number could be a
		// patient's predicted risk.
		for _, n := range decimal.FindAllString(text, -1) {
			if preds[n] && len(n) >= 8 || len(n)-strings.Index(n, ".")-1 > 4 {
				t.Fatalf("%s contains %s, a row-level value or a number more precise than the report prints", f.Name, n)
			}
		}
		if f.Sensitive {
			t.Errorf("%s is marked sensitive", f.Name)
		}
	}
}

// numberRE matches the numbers a reader sees: 1054, 0.587, -0.063, 9.0%.
var numberRE = regexp.MustCompile(`-?\d+(?:,\d{3})*(?:\.\d+)?%?`)

// allowedNumbers collects every number under v (numbers, and numbers inside
// strings) in the formats the report prints them.
func allowedNumbers(v any, into map[string]bool) {
	add := func(x float64) {
		for d := 0; d <= 4; d++ {
			into[strconv.FormatFloat(x, 'f', d, 64)] = true
		}
		if x > 0 && x < 1 {
			into[strconv.FormatFloat(100*x, 'f', 0, 64)+"%"] = true
			into[strconv.FormatFloat(100*x, 'f', 1, 64)+"%"] = true
		}
		if x == math.Trunc(x) {
			into[strconv.FormatFloat(x, 'f', 0, 64)] = true
		}
	}
	switch x := v.(type) {
	case float64:
		add(x)
	case string:
		for _, s := range numberRE.FindAllString(x, -1) {
			into[s] = true
		}
	case []any:
		for _, e := range x {
			allowedNumbers(e, into)
		}
	case map[string]any:
		for _, e := range x {
			allowedNumbers(e, into)
		}
	}
}

// summaryMismatches returns the numbers of the Summary section that are not
// in metrics.json (each window's lines checked against that window's part).
func summaryMismatches(md string, metricsJSON []byte) ([]string, error) {
	var doc map[string]any
	if err := json.Unmarshal(metricsJSON, &doc); err != nil {
		return nil, err
	}
	global := map[string]bool{
		"95%": true, "0.5": true, "0.6": true, "0.7": true, "1": true, "2006": true, // wording: CI level, chance, literature, slope target, citation
	}
	allowedNumbers(doc["cohort"], global)
	allowedNumbers(doc["config"], global)
	allowedNumbers(doc["resampling"], global)
	total := 0.0
	for _, v := range doc["cohort"].(map[string]any)["predictor_columns_by_group"].(map[string]any) {
		total += v.(float64)
	}
	allowedNumbers(total, global)
	perWindow := map[string]map[string]bool{}
	for _, w := range doc["windows"].([]any) {
		wm := w.(map[string]any)
		set := map[string]bool{}
		allowedNumbers(wm, set)
		if l, e := wm["labelled"].(float64), wm["events"].(float64); l > 0 {
			set[strconv.FormatFloat(100*e/l, 'f', 1, 64)+"%"] = true
		}
		win := wm["window"].(map[string]any)
		name, _ := win["name"].(string)
		if name == "" { // datasets.Window has no JSON tags (yet): {"Name": ...}
			name, _ = win["Name"].(string)
		}
		perWindow[name] = set
	}
	start := strings.Index(md, "## 1. Summary")
	end := strings.Index(md, "## 2. ")
	if start < 0 || end < start {
		return nil, errors.New("no Summary section")
	}
	var bad []string
	current := map[string]bool{}
	for _, line := range strings.Split(md[start+len("## 1. Summary"):end], "\n") {
		if strings.HasPrefix(line, "- **") {
			name := strings.Fields(strings.TrimPrefix(line, "- **"))[0]
			current = perWindow[name]
			line = strings.TrimPrefix(line, "- **"+name)
		} else if !strings.HasPrefix(line, "  - ") {
			current = map[string]bool{}
		}
		line = regexp.MustCompile(`\(#[^)]*\)`).ReplaceAllString(line, "")       // anchors
		line = regexp.MustCompile(`\w*[A-Za-z_]\w*`).ReplaceAllString(line, " ") // names such as bleed_1_90
		for _, n := range numberRE.FindAllString(line, -1) {
			if !global[n] && !current[n] && !global[strings.TrimPrefix(n, "-")] {
				bad = append(bad, n)
			}
		}
	}
	return bad, nil
}

// TestSummaryNumbersAreInMetrics checks that every number in the Summary
// equals one in metrics.json, as printed.
func TestSummaryNumbersAreInMetrics(t *testing.T) {
	rr := smallRealRun(t)
	metricsJSON, err := os.ReadFile(filepath.Join(rr.dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(rr.files[0].Data)
	bad, err := summaryMismatches(md, metricsJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("numbers in the Summary not found in metrics.json: %v", bad)
	}
	if !strings.Contains(md, "95% CI") || !strings.Contains(md, "Net benefit at the declared thresholds") {
		t.Error("the Summary lacks the pooled AUROC interval or the net benefit")
	}
	// The check bites: a number that is not in metrics.json is caught.
	tampered := strings.Replace(md, "AUROC ", "AUROC 0.9876 ", 1)
	if bad, _ := summaryMismatches(tampered, metricsJSON); len(bad) != 1 || bad[0] != "0.9876" {
		t.Errorf("tampered summary: mismatches %v, want [0.9876]", bad)
	}
}

// TestRerenderFromRunFolder reads the run folder back (LoadRun) and renders
// byte-identical report files: everything the report shows is in
// metrics.json, manifest.json and predictions.csv.
func TestRerenderFromRunFolder(t *testing.T) {
	rr := smallRealRun(t)
	r, err := LoadRun(os.DirFS(rr.dir))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(rr.files) {
		t.Fatalf("%d files re-rendered, %d written by the run", len(files), len(rr.files))
	}
	for i, f := range files {
		if f.Name != rr.files[i].Name || !bytes.Equal(f.Data, rr.files[i].Data) {
			t.Errorf("re-rendered %s differs from the run's %s", f.Name, rr.files[i].Name)
		}
	}
}

// TestLoadRunRefusesChangedFile: a metrics.json edited after the run is an
// error, not a silently different report.
func TestLoadRunRefusesChangedFile(t *testing.T) {
	rr := smallRealRun(t)
	dir := t.TempDir()
	for _, name := range []string{"manifest.json", "metrics.json"} {
		b, err := os.ReadFile(filepath.Join(rr.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "metrics.json" {
			b = bytes.Replace(b, []byte(`"auroc": 0.`), []byte(`"auroc": 0.9`), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadRun(os.DirFS(dir)); !errors.Is(err, ErrChanged) {
		t.Errorf("LoadRun of an edited metrics.json: %v, want ErrChanged", err)
	}
}

// TestHTMLSelfContained checks the HTML and SVG files for anything that
// could reach outside the file: URLs, scripts, external style sheets,
// fonts, images.
func TestHTMLSelfContained(t *testing.T) {
	rr := smallRealRun(t)
	forbidden := []string{"http:", "https:", "//", "<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "@font-face", "src=", "href=\"/", "xlink:href", "data:"}
	urlRef := regexp.MustCompile(`url\((?:[^#)]|$)`)
	href := regexp.MustCompile(`href="([^"]*)"`)
	for _, f := range rr.files {
		text := string(f.Data)
		if f.Name == "report.md" {
			continue
		}
		if strings.HasSuffix(f.Name, ".svg") {
			// A standalone SVG needs its namespace; it is a name, never fetched.
			text = strings.Replace(text, `xmlns="http://www.w3.org/2000/svg"`, "", 1)
		}
		for _, s := range forbidden {
			if strings.Contains(text, s) {
				t.Errorf("%s contains %q", f.Name, s)
			}
		}
		if urlRef.MatchString(text) {
			t.Errorf("%s has a url() that is not an in-page reference", f.Name)
		}
		for _, m := range href.FindAllStringSubmatch(text, -1) {
			if !strings.HasPrefix(m[1], "#") {
				t.Errorf("%s links to %q", f.Name, m[1])
			}
		}
	}
	page := string(rr.files[1].Data)
	if got, want := strings.Count(page, "<svg"), len(Figures(rr.run)); got != want || want < 4 {
		t.Errorf("report.html inlines %d SVG figures, the run has %d", got, want)
	}
	// Every in-page link has its target.
	for _, m := range href.FindAllStringSubmatch(page, -1) {
		if !strings.Contains(page, `id="`+strings.TrimPrefix(m[1], "#")+`"`) {
			t.Errorf("link %s has no target", m[1])
		}
	}
}

// browserBackground are the hosts Debian's Chromium contacts by itself
// (component updater, sign-in, network time) even with background
// networking disabled; any other request comes from the page.
var browserBackground = map[string]bool{"update.googleapis.com": true, "accounts.google.com": true, "clients2.google.com": true}

// TestReportInChromium opens report.html in headless Chromium with every
// request routed to a local recording proxy, and requires that the page
// renders (its DOM holds the title and every figure), requests nothing,
// and logs no console message. On failure a screenshot is kept.
func TestReportInChromium(t *testing.T) {
	chromium := "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if chromium, err = exec.LookPath("chromium"); err != nil {
			t.Skip("chromium is not installed (apt-get install -y chromium); skipping the browser test")
		}
	}
	rr := smallRealRun(t)
	page := filepath.Join(rr.dir, "report.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var mu sync.Mutex
	var requests []string
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			buf := make([]byte, 512)
			n, _ := c.Read(buf)
			c.Close()
			mu.Lock()
			requests = append(requests, strings.SplitN(string(buf[:n]), "\r\n", 2)[0])
			mu.Unlock()
		}
	}()
	args := func(extra ...string) []string {
		return append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir(), "--proxy-server=http://" + ln.Addr().String(),
			"--proxy-bypass-list=<-loopback>", "--enable-logging=stderr", "--v=0", "--hide-scrollbars"}, extra...)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(chromium, args("--dump-dom", "file://"+page)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		err = errors.New("chromium timed out")
	}
	var problems []string
	if err != nil {
		problems = append(problems, fmt.Sprintf("chromium: %v", err))
	}
	dom := stdout.String()
	if !strings.Contains(dom, "<h1") || !strings.Contains(dom, Title) {
		problems = append(problems, "the rendered DOM lacks the report's title")
	}
	if got, want := strings.Count(dom, "<svg"), len(Figures(rr.run)); got != want {
		problems = append(problems, fmt.Sprintf("the rendered DOM has %d SVG figures, want %d", got, want))
	}
	for _, l := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(l, ":CONSOLE") {
			problems = append(problems, "console: "+l)
		}
	}
	mu.Lock()
	for _, r := range requests {
		host := ""
		if f := strings.Fields(r); len(f) >= 2 {
			host = f[1]
			if i := strings.Index(host, "://"); i >= 0 {
				host = host[i+3:]
			}
			host = strings.SplitN(strings.SplitN(host, "/", 2)[0], ":", 2)[0]
		}
		if !browserBackground[host] {
			problems = append(problems, "network request: "+r)
		}
	}
	mu.Unlock()
	if len(problems) == 0 {
		return
	}
	keep, err := os.MkdirTemp("", "bleedrisk-report-chromium-")
	if err == nil {
		shot := filepath.Join(keep, "report.png")
		c := exec.Command(chromium, args("--window-size=1280,1600", "--screenshot="+shot, "file://"+page)...)
		c.Run()
		os.WriteFile(filepath.Join(keep, "chromium-stderr.txt"), stderr.Bytes(), 0o644)
		t.Logf("screenshot and browser log kept in %s", keep)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
