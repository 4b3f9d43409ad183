package synth

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

var update = flag.Bool("update", false, "rewrite the embedded default cohort in embedded/")

// defaultFiles generates the default cohort once per test binary.
var defaultFiles = sync.OnceValues(func() (Files, error) {
	return Generate(Config{N: DefaultN, Seed: DefaultSeed})
})

func mustDefault(t *testing.T) Files {
	t.Helper()
	f, err := defaultFiles()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// loadDefault reads the default dictionary and cohort with the datasets
// loader, as bleedrisk does.
func loadDefault(t *testing.T) *datasets.Cohort {
	t.Helper()
	f := mustDefault(t)
	d, err := datasets.ReadDictionary(bytes.NewReader(f.Dictionary), "dictionary.yaml")
	if err != nil {
		t.Fatalf("ReadDictionary: %v", err)
	}
	c, err := datasets.Load(bytes.NewReader(f.Cohort), d, datasets.Options{File: "cohort.csv"})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// truthOf parses truth.csv into id -> risks per window.
func truthOf(t *testing.T, data []byte) (header []string, ids []string, risks [][]float64) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("truth.csv: %v", err)
	}
	header = recs[0]
	for _, rec := range recs[1:] {
		ids = append(ids, rec[0])
		var rs []float64
		for _, s := range rec[1:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("truth.csv: %v", err)
			}
			rs = append(rs, v)
		}
		risks = append(risks, rs)
	}
	return header, ids, risks
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	// A zero gzip.Header: no name and no modification time, so the bytes
	// depend on the data only.
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEmbeddedMatchesGenerator(t *testing.T) {
	want := mustDefault(t)
	if *update {
		for name, data := range map[string][]byte{
			cohortFile: want.Cohort, dictionaryFile: want.Dictionary, truthFile: want.Truth,
		} {
			path := filepath.Join("embedded", name+".gz")
			if err := os.WriteFile(path, gzipBytes(t, data), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", path)
		}
		return
	}
	got := Default()
	for _, x := range []struct {
		name      string
		got, want []byte
	}{{cohortFile, got.Cohort, want.Cohort}, {dictionaryFile, got.Dictionary, want.Dictionary}, {truthFile, got.Truth, want.Truth}} {
		if !bytes.Equal(x.got, x.want) {
			t.Errorf("embedded %s differs from Generate(default config); run `go test ./datasets/synth -update`", x.name)
		}
	}
}

func TestDeterminism(t *testing.T) {
	a, err := Generate(Config{N: 150, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(Config{N: 150, Seed: 7})
	if !bytes.Equal(a.Cohort, b.Cohort) || !bytes.Equal(a.Dictionary, b.Dictionary) || !bytes.Equal(a.Truth, b.Truth) {
		t.Error("the same seed gave different files")
	}
	c, _ := Generate(Config{N: 150, Seed: 8})
	if bytes.Equal(a.Cohort, c.Cohort) || bytes.Equal(a.Truth, c.Truth) {
		t.Error("different seeds gave the same cohort")
	}
	// Seed 0 is a seed like any other.
	z, _ := Generate(Config{N: 150})
	if bytes.Equal(a.Cohort, z.Cohort) {
		t.Error("seed 0 gave the cohort of seed 7")
	}
	if _, err := Generate(Config{N: -1}); err == nil {
		t.Error("N = -1: no error")
	}
}

func TestWriteDir(t *testing.T) {
	f, err := Generate(Config{N: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := f.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{"cohort.csv": f.Cohort, "dictionary.yaml": f.Dictionary, "truth.csv": f.Truth} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: not written as generated (err %v)", name, err)
		}
	}
	if err := f.WriteDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("WriteDir into a missing directory: no error")
	}
}

func TestLoads(t *testing.T) {
	c := loadDefault(t)
	if len(c.Warnings) != 0 {
		t.Errorf("%d warnings, want 0: %v", len(c.Warnings), c.Warnings)
	}
	if c.Len() != DefaultN {
		t.Errorf("%d patients, want %d", c.Len(), DefaultN)
	}
	// DOMAIN.md 1.2: 488 attributes (clinical data, biochemistry, ICD-10).
	if len(c.Columns) != 488 {
		t.Errorf("%d predictor columns, want 488", len(c.Columns))
	}
	groups := map[datasets.Group]int{}
	for _, col := range c.Columns {
		groups[col.Spec.Group]++
		if col.Spec.Group == datasets.GroupICD10 {
			if code, ok := datasets.NormalizeICD10(col.Spec.Code); !ok || code != col.Spec.Code || col.Spec.Type != datasets.Binary {
				t.Errorf("%s: code %q is not a canonical WHO ICD-10 code of a binary column", col.Spec.Name, col.Spec.Code)
			}
		}
	}
	t.Logf("columns per group: %v", groups)
	// The brief: about 40-45 baseline, about 40 biochemistry, about 400 ICD-10.
	if n := groups[datasets.GroupBaseline]; n < 40 || n > 45 {
		t.Errorf("%d baseline columns, want 40-45", n)
	}
	if n := groups[datasets.GroupBiochemistry]; n < 38 || n > 42 {
		t.Errorf("%d biochemistry columns, want about 40", n)
	}
	if n := groups[datasets.GroupICD10]; n < 395 || n > 410 {
		t.Errorf("%d ICD-10 columns, want about 400", n)
	}
	// Detection limits are kept as censored values.
	for _, name := range []string{"crp", "troponin", "d_dimer", "egfr_reported"} {
		col := c.Column(name)
		n := 0
		for _, cs := range col.Censor {
			if cs != datasets.NotCensored {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: no value at a detection limit", name)
		}
	}
	// Every id of the cohort has its truth, in the same order, in [0, 1].
	header, ids, risks := truthOf(t, mustDefault(t).Truth)
	if len(header) != 1+len(datasets.DefaultWindows) {
		t.Fatalf("truth.csv header %v", header)
	}
	for i, w := range datasets.DefaultWindows {
		if header[i+1] != "risk_"+w.Name {
			t.Errorf("truth.csv column %d is %q, want %q", i+1, header[i+1], "risk_"+w.Name)
		}
	}
	if len(ids) != c.Len() {
		t.Fatalf("truth.csv has %d rows, want %d", len(ids), c.Len())
	}
	for i := range ids {
		if ids[i] != c.IDs[i] {
			t.Fatalf("truth.csv row %d is %s, cohort row is %s", i, ids[i], c.IDs[i])
		}
		for _, r := range risks[i] {
			if r < 0 || r > 1 {
				t.Fatalf("truth.csv row %d: risk %g", i, r)
			}
		}
	}
}

// TestEventRates checks the outcome against the targets of DOMAIN.md 8:
// MB+CRNMB about 7-10% by day 90 and 12-18% by day 365; death 20-25% by 6
// months and 35-40% by 12 months. Bleeding rates are events / labelled
// patients of datasets' labelling rule (cohort.Label); death rates are the
// crude share dead by day D among patients who died by D or were followed
// at least D days.
func TestEventRates(t *testing.T) {
	c := loadDefault(t)
	bounds := map[string][2]float64{"bleed_1_90": {0.07, 0.10}, "bleed_1_365": {0.12, 0.18}}
	for _, w := range datasets.DefaultWindows {
		l := c.Label(w)
		rate := float64(l.Events) / float64(len(l.Y))
		t.Logf("%s: %d events / %d labelled = %.3f; competing deaths %d; excluded %v", w.Name, l.Events, len(l.Y), rate, l.CompetingDeaths, l.Excluded)
		if b, ok := bounds[w.Name]; ok && (rate < b[0] || rate > b[1]) {
			t.Errorf("%s: event rate %.3f outside [%.2f, %.2f]", w.Name, rate, b[0], b[1])
		}
	}
	for _, x := range []struct {
		day    float64
		lo, hi float64
	}{{182, 0.20, 0.25}, {365, 0.35, 0.40}} {
		var dead, at float64
		for i := range c.IDs {
			switch d := c.Outcome.DeathTime[i]; {
			case !math.IsNaN(d) && d <= x.day:
				dead++
				at++
			case c.Outcome.FollowupTime[i] >= x.day:
				at++
			}
		}
		rate := dead / at
		t.Logf("dead by day %g: %.0f / %.0f = %.3f", x.day, dead, at, rate)
		if rate < x.lo || rate > x.hi {
			t.Errorf("death by day %g: %.3f outside [%.2f, %.2f]", x.day, rate, x.lo, x.hi)
		}
	}
	// Bleeding is front-loaded (DOMAIN.md 2.4): most first-year bleeds
	// fall in the first 90 days; index-day events are rare.
	var by90, by365, day0 int
	for i := range c.IDs {
		ev := c.Outcome.EventTime[i]
		switch {
		case math.IsNaN(ev):
		case ev == 0:
			day0++
		case ev <= 90:
			by90++
			by365++
		case ev <= 365:
			by365++
		}
	}
	t.Logf("bleeds on day 0: %d; days 1-90: %d; days 1-365: %d", day0, by90, by365)
	if float64(by90) < 0.45*float64(by365) || day0 > 5 {
		t.Errorf("bleeding is not front-loaded: %d of %d first-year bleeds by day 90, %d on day 0", by90, by365, day0)
	}
}

// auroc is the Mann-Whitney AUROC by brute force: the share of (event,
// non-event) pairs where the event has the higher score, ties counting 0.5
// (DOMAIN.md 7.5).
func auroc(score, y []float64) float64 {
	var num, pairs float64
	for i := range y {
		if y[i] != 1 {
			continue
		}
		for j := range y {
			if y[j] != 0 {
				continue
			}
			pairs++
			switch {
			case score[i] > score[j]:
				num++
			case score[i] == score[j]:
				num += 0.5
			}
		}
	}
	return num / pairs
}

// expectedAUROC is the AUROC expected when outcomes are drawn from the
// risks themselves: sum over i != j of r_i (1 - r_j) [r_i > r_j] (ties 0.5)
// over sum over i != j of r_i (1 - r_j).
func expectedAUROC(r []float64) float64 {
	var num, den float64
	for i := range r {
		for j := range r {
			if i == j {
				continue
			}
			w := r[i] * (1 - r[j])
			den += w
			switch {
			case r[i] > r[j]:
				num += w
			case r[i] == r[j]:
				num += 0.5 * w
			}
		}
	}
	return num / den
}

func TestAUROCHelpers(t *testing.T) {
	// Hand computation: events {0.8, 0.4}, non-events {0.4, 0.1}: pairs
	// (0.8,0.4)=1 (0.8,0.1)=1 (0.4,0.4)=0.5 (0.4,0.1)=1 -> 3.5/4.
	if got := auroc([]float64{0.8, 0.4, 0.4, 0.1}, []float64{1, 1, 0, 0}); got != 0.875 {
		t.Errorf("auroc = %g, want 0.875", got)
	}
	// Equal risks: no discrimination expected.
	if got := expectedAUROC([]float64{0.2, 0.2, 0.2}); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("expectedAUROC of equal risks = %g, want 0.5", got)
	}
	// Risks 0 and 1: the outcome is certain and perfectly ranked.
	if got := expectedAUROC([]float64{0, 1}); got != 1 {
		t.Errorf("expectedAUROC({0, 1}) = %g, want 1", got)
	}
}

// TestTruthDiscrimination checks that the true risk discriminates like a
// published CAT bleeding model, not better (DOMAIN.md 8: achievable C about
// 0.65-0.72; published models 0.61-0.70, DOMAIN.md 1.2-1.3, 4.7-4.8), and
// that the truth is calibrated: observed events / sum of true risks among
// labelled patients within 0.8-1.25.
func TestTruthDiscrimination(t *testing.T) {
	c := loadDefault(t)
	_, _, risks := truthOf(t, mustDefault(t).Truth)
	for wi, w := range datasets.DefaultWindows {
		l := c.Label(w)
		score := make([]float64, len(l.Rows))
		var expected float64
		for k, i := range l.Rows {
			score[k] = risks[i][wi]
			expected += score[k]
		}
		all := make([]float64, len(risks))
		for i := range risks {
			all[i] = risks[i][wi]
		}
		a, e := auroc(score, l.Y), expectedAUROC(all)
		oe := float64(l.Events) / expected
		t.Logf("%s: truth AUROC %.3f, expected AUROC %.3f, O/E %.2f", w.Name, a, e, oe)
		if w.From == 1 {
			if a < 0.65 || a > 0.72 {
				t.Errorf("%s: truth AUROC %.3f outside [0.65, 0.72]", w.Name, a)
			}
			if e < 0.65 || e > 0.72 {
				t.Errorf("%s: expected AUROC %.3f outside [0.65, 0.72]", w.Name, e)
			}
		}
		if oe < 0.8 || oe > 1.25 {
			t.Errorf("%s: observed/expected events %.2f outside [0.8, 1.25]", w.Name, oe)
		}
	}
}

// TestClinicalStructure checks the case mix against DOMAIN.md: anaemia by
// WHO cut-offs 45-60% (5.1), metastatic 50-65% (8), about half men and a
// median age of 67-70 (1.1, 8), the anticoagulant drift (1.1, 8), and that
// the ICD-10 columns agree with the baseline (6.3-6.6).
func TestClinicalStructure(t *testing.T) {
	c := loadDefault(t)
	sex, hb := c.ByConcept("sex"), c.ByConcept("haemoglobin")
	var anaemic, withHb float64
	var male float64
	for i := range c.IDs {
		if sex.Cat[i] == "male" {
			male++
		}
		if math.IsNaN(hb.Num[i]) {
			continue
		}
		withHb++
		cut := 12.0
		if sex.Cat[i] == "male" {
			cut = 13
		}
		if hb.Num[i] < cut {
			anaemic++
		}
	}
	n := float64(c.Len())
	met := mean(c.ByConcept("metastatic").Num)
	ages := append([]float64(nil), c.ByConcept("age").Num...)
	sort.Float64s(ages)
	median := ages[len(ages)/2]
	t.Logf("anaemic %.3f, metastatic %.3f, male %.3f, median age %g", anaemic/withHb, met, male/n, median)
	check := func(name string, v, lo, hi float64) {
		if v < lo || v > hi {
			t.Errorf("%s %.3f outside [%g, %g]", name, v, lo, hi)
		}
	}
	check("anaemia (WHO)", anaemic/withHb, 0.45, 0.60)
	check("metastatic", met, 0.50, 0.65)
	check("male", male/n, 0.45, 0.55)
	check("median age", median, 67, 70)

	// DOACs: none before 2012, the majority from 2018 (DOMAIN.md 8).
	year, ac := c.ByConcept("index_year"), c.ByConcept("anticoagulant")
	var early, earlyDOAC, late, lateDOAC float64
	for i := range c.IDs {
		switch {
		case year.Num[i] < 2012:
			early++
			earlyDOAC += b2f(ac.Cat[i] == "doac")
		case year.Num[i] >= 2018:
			late++
			lateDOAC += b2f(ac.Cat[i] == "doac")
		}
	}
	t.Logf("DOAC share: %.3f before 2012, %.3f from 2018", earlyDOAC/early, lateDOAC/late)
	if earlyDOAC > 0 || lateDOAC/late < 0.5 {
		t.Errorf("DOAC share %.3f before 2012 and %.3f from 2018; want 0 and > 0.5", earlyDOAC/early, lateDOAC/late)
	}

	has := func(i int, codes ...string) bool {
		for _, code := range codes {
			if c.Column("icd_" + code).Num[i] == 1 {
				return true
			}
		}
		return false
	}
	siteCodes := map[string][]string{}
	for _, s := range sites {
		for _, w := range s.codes {
			siteCodes[s.name] = append(siteCodes[s.name], w.v)
		}
	}
	if got := siteCodes["colorectal"]; len(got) != 3 || got[0] != "C18" || got[1] != "C19" || got[2] != "C20" {
		t.Errorf("colorectal codes %v, want C18, C19, C20", got)
	}
	bleedCodes := []string{"K920", "K921", "K922", "K625", "R31", "R040", "R042", "I60", "I61", "I62", "D62", "D500", "N938", "N950", "H431"}
	flag := func(concept string, i int) bool { return c.ByConcept(concept).Num[i] == 1 }
	site, vte := c.ByConcept("cancer_site"), c.ByConcept("vte_type")
	for i, id := range c.IDs {
		if !has(i, siteCodes[site.Cat[i]]...) {
			t.Errorf("%s: cancer_site %s without any of %v", id, site.Cat[i], siteCodes[site.Cat[i]])
		}
		if m := has(i, "C77", "C78", "C79", "C80"); m != flag("metastatic", i) {
			t.Errorf("%s: metastatic %v but C77-C80 %v", id, flag("metastatic", i), m)
		}
		want := map[string][]string{"pe": {"I26"}, "dvt": {"I80"}, "other": {"I81", "I82"}}[vte.Cat[i]]
		if !has(i, want...) {
			t.Errorf("%s: vte_type %s without %v", id, vte.Cat[i], want)
		}
		for concept, codes := range map[string][]string{
			"prior_bleeding": bleedCodes, "hypertension": {"I10", "I11"}, "diabetes": {"E10", "E11"},
			"heart_failure": {"I50"}, "atrial_fibrillation": {"I48"}, "coronary_disease": {"I25"},
			"prior_stroke": {"I63", "I64"}, "renal_disease": {"N18"}, "copd": {"J44"},
			"liver_disease": {"K70", "K74", "B18"},
		} {
			if has(i, codes...) != flag(concept, i) {
				t.Errorf("%s: %s %v but %v %v", id, concept, flag(concept, i), codes, has(i, codes...))
			}
		}
		// A subcode implies its 3-character parent.
		if has(i, "C793", "C795") && !has(i, "C79") {
			t.Errorf("%s: C793/C795 without C79", id)
		}
	}
}

func mean(xs []float64) float64 {
	var s, n float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	return s / n
}

func BenchmarkGenerateDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(Config{N: DefaultN, Seed: DefaultSeed}); err != nil {
			b.Fatal(err)
		}
	}
}
