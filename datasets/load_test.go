package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// testDictYAML describes the small cohort of plainCSV and norwegianCSV. The
// `missing:` token "ukjent" (Norwegian for unknown) is on top of DefaultMissing.
const testDictYAML = `version: 1
id: patient_id
outcome:
  event_time: days_to_bleed
  death_time: days_to_death
  followup_time: days_followup
missing: [ukjent]
columns:
  - {name: patient_id, group: id}
  - {name: alder, group: baseline, type: numeric, concept: age, unit: years}
  - {name: kjonn, group: baseline, type: categorical, concept: sex, levels: {K: female, M: male}}
  - {name: hb, group: biochemistry, type: numeric, concept: haemoglobin, unit: g/dL}
  - {name: krea, group: biochemistry, type: numeric, concept: creatinine, unit: umol/L}
  - {name: crp, group: biochemistry, type: numeric, concept: crp, unit: mg/L}
  - {name: metastatic, group: baseline, type: binary, concept: metastatic}
  - {name: icd10_koder, group: icd10, type: codes, separator: "|"}
  - {name: icd_C18, group: icd10, type: binary, code: C18}
  - {name: site, group: exclude}
  - {name: days_to_bleed, group: outcome}
  - {name: days_to_death, group: outcome}
  - {name: days_followup, group: outcome}
`

// Column positions (1-based) of the test header, for expected problems.
const (
	colID = iota + 1
	colAlder
	colKjonn
	colHb
	colKrea
	colCrp
	colMeta
	colCodes
	colC18
	colSite
	colBleed
	colDeath
	colFollowup
)

var testHeader = []string{"patient_id", "alder", "kjonn", "hb", "krea", "crp", "metastatic", "icd10_koder", "icd_C18", "site",
	"days_to_bleed", "days_to_death", "days_followup"}

// testRows are the plain export's rows (lines 2-5). P1 bled on day 30; P2
// died on day 200; P3 was followed alive to day 455; P4 bled on day 100 and
// died on day 150.
func testRows() [][]string {
	return [][]string{
		{"P1", "67", "K", "11.5", "<40", ">90", "1", "C18.7|I26.9", "1", "Tromsø", "30", "", "400"},
		{"P2", "71.5", "M", "13.25", "88", "4.5", "0", "I26.9", "0", "Sarpsborg", "", "200", "200"},
		{"P3", "55", "K", "NA", "102", "<5", "yes", "", "0", "Fredrikstad", "", "", "455"},
		{"P4", "80", "M", "9.8", "", "12", "0", "NA", "1", "Moss", "100", "150", "150"},
	}
}

// csvText joins a header and rows with delim and "\n"; fields containing the
// delimiter or a quote are quoted.
func csvText(delim string, header []string, rows [][]string) string {
	var b strings.Builder
	line := func(fields []string) {
		for j, f := range fields {
			if j > 0 {
				b.WriteString(delim)
			}
			if strings.Contains(f, delim) || strings.Contains(f, `"`) {
				f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
			b.WriteString(f)
		}
		b.WriteString("\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

func plainCSV() string { return csvText(",", testHeader, testRows()) }

// norwegianCSV is the Norwegian Excel twin of plainCSV: UTF-8 BOM, ";"
// delimiter, decimal comma, CRLF line ends, lower-case dotted codes, ja/nei,
// and other missing-value tokens ("-" and "ukjent" for NA, "N/A" for the
// codes' NA). It must load to exactly the same values.
func norwegianCSV() string {
	rows := [][]string{
		{"P1", "67", "K", "11,5", "<40", ">90", "ja", "c18.7|i26.9", "1", "Tromsø", "30", "", "400"},
		{"P2", "71,5", "M", "13,25", "88", "4,5", "nei", "i26.9", "0", "Sarpsborg", "", "200", "200"},
		{"P3", "55", "K", "-", "102", "<5", "ja", "", "0", "Fredrikstad", "", "", "455"},
		{"P4", "80", "M", "9,8", "ukjent", "12", "nei", "N/A", "1", "Moss", "100", "150", "150"},
	}
	return "\ufeff" + strings.ReplaceAll(csvText(";", testHeader, rows), "\n", "\r\n")
}

func mustDict(t testing.TB, y string) *Dictionary {
	t.Helper()
	d, err := ReadDictionary(strings.NewReader(y), "dict.yaml")
	if err != nil {
		t.Fatalf("dictionary: %v", err)
	}
	return d
}

// loadNoPanic runs Load and turns a panic into a test failure.
func loadNoPanic(t testing.TB, data string, d *Dictionary, opt Options) (c *Cohort, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Load panicked: %v\ninput: %q", r, data)
		}
	}()
	return Load(strings.NewReader(data), d, opt)
}

// equalCohorts compares every column's values, censor flags and codes, the
// ids and the outcome; NaN equals NaN.
func equalCohorts(t *testing.T, a, b *Cohort) {
	t.Helper()
	if !reflect.DeepEqual(a.IDs, b.IDs) {
		t.Errorf("ids differ: %v vs %v", a.IDs, b.IDs)
	}
	if len(a.Columns) != len(b.Columns) {
		t.Fatalf("%d vs %d columns", len(a.Columns), len(b.Columns))
	}
	for k, ca := range a.Columns {
		cb := b.Columns[k]
		name := ca.Spec.Name
		if !floatsEqual(ca.Num, cb.Num) {
			t.Errorf("column %s: values %v vs %v", name, ca.Num, cb.Num)
		}
		if !reflect.DeepEqual(ca.Censor, cb.Censor) {
			t.Errorf("column %s: censor flags %v vs %v", name, ca.Censor, cb.Censor)
		}
		if !reflect.DeepEqual(ca.Cat, cb.Cat) {
			t.Errorf("column %s: categories %q vs %q", name, ca.Cat, cb.Cat)
		}
		if !reflect.DeepEqual(ca.Codes, cb.Codes) {
			t.Errorf("column %s: codes %q vs %q", name, ca.Codes, cb.Codes)
		}
	}
	for name, pair := range map[string][2][]float64{
		"event":    {a.Outcome.EventTime, b.Outcome.EventTime},
		"death":    {a.Outcome.DeathTime, b.Outcome.DeathTime},
		"followup": {a.Outcome.FollowupTime, b.Outcome.FollowupTime},
	} {
		if !floatsEqual(pair[0], pair[1]) {
			t.Errorf("%s times %v vs %v", name, pair[0], pair[1])
		}
	}
}

func floatsEqual(a, b []float64) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestLoadPlainValues pins the values of the plain export, worked out from
// testRows by hand.
func TestLoadPlainValues(t *testing.T) {
	d := mustDict(t, testDictYAML)
	c, err := loadNoPanic(t, plainCSV(), d, Options{File: "plain.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("unexpected warnings: %v", c.Warnings)
	}
	nan := math.NaN()
	want := map[string][]float64{
		"alder":      {67, 71.5, 55, 80},
		"hb":         {11.5, 13.25, nan, 9.8},
		"krea":       {40, 88, 102, nan},
		"crp":        {90, 4.5, 5, 12},
		"metastatic": {1, 0, 1, 0},
		"icd_C18":    {1, 0, 0, 1},
	}
	for name, w := range want {
		if got := c.Column(name).Num; !floatsEqual(got, w) {
			t.Errorf("%s = %v, want %v", name, got, w)
		}
	}
	if got, w := c.Column("krea").Censor, []Censor{Below, NotCensored, NotCensored, NotCensored}; !reflect.DeepEqual(got, w) {
		t.Errorf("krea censor = %v, want %v", got, w)
	}
	if got, w := c.Column("crp").Censor, []Censor{Above, NotCensored, Below, NotCensored}; !reflect.DeepEqual(got, w) {
		t.Errorf("crp censor = %v, want %v", got, w)
	}
	if got, w := c.Column("kjonn").Cat, []string{"female", "male", "female", "male"}; !reflect.DeepEqual(got, w) {
		t.Errorf("kjonn = %q, want %q", got, w)
	}
	// Blank = no codes (empty list); NA = missing (nil).
	if got, w := c.Column("icd10_koder").Codes, [][]string{{"C187", "I269"}, {"I269"}, {}, nil}; !reflect.DeepEqual(got, w) {
		t.Errorf("codes = %q, want %q", got, w)
	}
	if !floatsEqual(c.Outcome.EventTime, []float64{30, nan, nan, 100}) ||
		!floatsEqual(c.Outcome.DeathTime, []float64{nan, 200, nan, 150}) ||
		!floatsEqual(c.Outcome.FollowupTime, []float64{400, 200, 455, 150}) {
		t.Errorf("outcome = %+v", c.Outcome)
	}
	if c.Column("site") != nil {
		t.Error("an excluded column was loaded as a predictor")
	}
}

// TestLoadNorwegianTwin: the Norwegian export (BOM, ";", decimal comma, CRLF,
// censored values, dotted lower-case codes) and the tab-delimited export load
// to exactly the plain export's values.
func TestLoadNorwegianTwin(t *testing.T) {
	d := mustDict(t, testDictYAML)
	plain, err := loadNoPanic(t, plainCSV(), d, Options{File: "plain.csv"})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"norwegian": norwegianCSV(),
		"tab":       csvText("\t", testHeader, testRows()),
		"crlf+bom":  "\ufeff" + strings.ReplaceAll(plainCSV(), "\n", "\r\n"),
	} {
		t.Run(name, func(t *testing.T) {
			c, err := loadNoPanic(t, data, d, Options{File: name + ".csv"})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Warnings) != 0 {
				t.Errorf("unexpected warnings: %v", c.Warnings)
			}
			equalCohorts(t, plain, c)
		})
	}
}

// TestLoadMissingTokens: every default token and the dictionary's own
// "ukjent" read as missing, in numeric, binary and categorical columns.
func TestLoadMissingTokens(t *testing.T) {
	tokens := []string{"", "NA", "N/A", ".", "-", "NaN", "missing", "na", " NA ", "MISSING", "ukjent", "Ukjent"}
	var rows [][]string
	for i, tok := range tokens {
		r := testRows()[2] // P3: no event, no death
		r[colID-1] = fmt.Sprintf("Q%d", i)
		r[colHb-1], r[colKrea-1], r[colMeta-1], r[colKjonn-1], r[colC18-1] = tok, tok, tok, tok, tok
		rows = append(rows, r)
	}
	c, err := loadNoPanic(t, csvText(",", testHeader, rows), mustDict(t, testDictYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hb", "krea", "metastatic", "kjonn", "icd_C18"} {
		col := c.Column(name)
		for i := range tokens {
			if !col.Missing(i) {
				t.Errorf("%s: token %q not read as missing", name, tokens[i])
			}
		}
	}
	// Options.Missing replaces the defaults: "NA" is then an error in a numeric column.
	_, err = loadNoPanic(t, csvText(",", testHeader, rows[1:2]), mustDict(t, testDictYAML), Options{Missing: []string{""}})
	if err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("with Missing replaced, NA should not be missing; got %v", err)
	}
}

// wantProblem is one expected problem. Line and Col are asserted exactly
// (0 = not tied to a line or column); Msg is a fragment of the message.
type wantProblem struct {
	Sev       Severity
	Line, Col int
	Msg       string
	Field     string // if set, the problem's column name
}

// edit returns the test rows with cell (row, col) set; col is 1-based.
func edit(edits ...any) [][]string {
	rows := testRows()
	for k := 0; k+2 < len(edits); k += 3 {
		rows[edits[k].(int)][edits[k+1].(int)-1] = edits[k+2].(string)
	}
	return rows
}

func plainWith(edits ...any) string { return csvText(",", testHeader, edit(edits...)) }

func TestLoadAdversarial(t *testing.T) {
	withHeader := func(j int, name string) []string {
		h := append([]string(nil), testHeader...)
		h[j-1] = name
		return h
	}
	dropCol := func(j int) string {
		h := append(append([]string(nil), testHeader[:j-1]...), testHeader[j:]...)
		var rows [][]string
		for _, r := range testRows() {
			rows = append(rows, append(append([]string(nil), r[:j-1]...), r[j:]...))
		}
		return csvText(",", h, rows)
	}
	binaryDict := `version: 1
id: patient_id
outcome: {binary: [bleed_12m]}
columns:
  - {name: patient_id, group: id}
  - {name: hb, group: biochemistry, type: numeric, concept: haemoglobin, unit: g/dL}
  - {name: bleed_12m, group: outcome}
`
	cases := []struct {
		name string
		data string
		dict string // testDictYAML when empty
		ok   bool   // Load succeeds (only warnings)
		want []wantProblem
	}{
		{name: "ragged row, extra field", data: strings.Replace(plainCSV(), "P2,71.5", "P2,extra,71.5", 1),
			want: []wantProblem{{Error, 3, 14, "the row has 14 fields but the header has 13", ""}}},
		{name: "ragged row, short", data: strings.Replace(plainCSV(), ",200,200\n", ",200\n", 1),
			want: []wantProblem{{Error, 3, 12, "the row has 12 fields but the header has 13", ""}}},
		{name: "unbalanced quote", data: strings.Replace(plainCSV(), "P2,71.5", `P2,"71.5`, 1),
			want: []wantProblem{{Error, 3, 2, `extraneous or missing " in quoted-field`, "alder"}}},
		{name: "bare quote in the first field", data: strings.Replace(plainCSV(), "P2,", `P"2,`, 1),
			want: []wantProblem{{Error, 3, 1, `bare "`, "patient_id"}}},
		{name: "Latin-1 byte", data: strings.Replace(plainCSV(), "Tromsø", "Troms\xf8", 1),
			want: []wantProblem{{Error, 2, colSite, "not valid UTF-8", "site"}}},
		{name: "Latin-1 header", data: strings.Replace(plainCSV(), "site", "sted_\xf8", 1),
			want: []wantProblem{
				{Error, 1, colSite, "header is not valid UTF-8", ""},
				{Warning, 1, colSite, "not in the dictionary", ""},
			}},
		{name: "duplicate ids", data: plainWith(2, colID, "P1"),
			want: []wantProblem{{Error, 4, colID, "duplicate patient id (first on line 2)", "patient_id"}}},
		{name: "blank id", data: plainWith(1, colID, ""),
			want: []wantProblem{{Error, 3, colID, "patient id is blank", "patient_id"}}},
		{name: "duplicate header names", data: csvText(",", withHeader(colCrp, "hb"), testRows()),
			want: []wantProblem{
				{Error, 1, colCrp, "appears twice (also column 4)", "hb"},
				{Error, 1, 0, `column "crp" named in the dictionary is not in the file`, ""},
			}},
		{name: "blank header name", data: csvText(",", withHeader(colSite, ""), testRows()),
			want: []wantProblem{{Error, 1, colSite, "a column has no name", ""}}},
		{name: "empty file", data: "",
			want: []wantProblem{{Error, 0, 0, "the file is empty", ""}}},
		{name: "BOM only", data: "\ufeff",
			want: []wantProblem{{Error, 0, 0, "the file is empty", ""}}},
		{name: "header only", data: strings.Join(testHeader, ",") + "\r\n",
			want: []wantProblem{{Error, 1, 0, "header but no data rows", ""}}},
		{name: "dictionary column missing from the data", data: dropCol(colCrp),
			want: []wantProblem{{Error, 1, 0, `the biochemistry column "crp" named in the dictionary is not in the file`, ""}}},
		{name: "outcome column missing from the data", data: dropCol(colFollowup),
			want: []wantProblem{{Error, 1, 0, `the followup_time column "days_followup"`, ""}}},
		{name: "data column unknown to the dictionary", ok: true,
			data: csvText(",", append(append([]string(nil), testHeader...), "extra"), func() [][]string {
				rows := testRows()
				for i := range rows {
					rows[i] = append(rows[i], "x")
				}
				return rows
			}()),
			want: []wantProblem{{Warning, 1, 14, "not in the dictionary and is ignored", "extra"}}},
		{name: "value outside the plausible range", ok: true, data: plainWith(0, colHb, "115"),
			want: []wantProblem{{Warning, 2, colHb, "outside the plausible range [2, 25] g/dL", "hb"}}},
		{name: "not a number", data: plainWith(1, colHb, "13.2 g/dL"),
			want: []wantProblem{{Error, 3, colHb, "not a number", "hb"}}},
		{name: "Inf", data: plainWith(1, colKrea, "Inf"),
			want: []wantProblem{{Error, 3, colKrea, "not a finite number", "krea"}}},
		{name: "mixed decimal marks", data: plainWith(1, colHb, "13,25"),
			want: []wantProblem{
				{Error, 3, colHb, `mixes decimal marks: 1 values use ","`, "hb"},
				{Error, 3, colHb, "not a number", "hb"},
			}},
		{name: "decimal point in a decimal-comma file", data: strings.Replace(norwegianCSV(), "11,5", "11.5", 1),
			want: []wantProblem{
				{Error, 2, colHb, `mixes decimal marks: 1 values use "."`, "hb"},
				{Error, 2, colHb, "a decimal point in a file that uses decimal commas", "hb"},
			}},
		{name: "categorical value outside the levels", data: plainWith(0, colKjonn, "X"),
			want: []wantProblem{{Error, 2, colKjonn, "not one of the declared levels [K, M]", "kjonn"}}},
		{name: "invalid binary value", data: plainWith(2, colMeta, "maybe"),
			want: []wantProblem{{Error, 4, colMeta, "expected 0 or 1", "metastatic"}}},
		{name: "binary 2", data: plainWith(3, colC18, "2"),
			want: []wantProblem{{Error, 5, colC18, "expected 0 or 1", "icd_C18"}}},
		{name: "invalid ICD-10 code", ok: true, data: plainWith(1, colCodes, "I26.9|XYZ|C18.71234"),
			want: []wantProblem{
				{Warning, 3, colCodes, "not a WHO ICD-10 code", "icd10_koder"},
				{Warning, 3, colCodes, "not a WHO ICD-10 code", "icd10_koder"},
			}},
		{name: "negative days", data: plainWith(2, colFollowup, "-5"),
			want: []wantProblem{{Error, 4, colFollowup, "negative days", "days_followup"}}},
		{name: "censored days", data: plainWith(2, colFollowup, ">455"),
			want: []wantProblem{{Error, 4, colFollowup, "a censored value", "days_followup"}}},
		{name: "event after the end of follow-up", data: plainWith(0, colBleed, "401"),
			want: []wantProblem{{Error, 2, colBleed, "the event is after the end of follow-up (day 400)", "days_to_bleed"}}},
		{name: "death after follow-up", data: plainWith(1, colDeath, "300"),
			want: []wantProblem{{Error, 3, colDeath, "death is after the end of follow-up (day 200)", "days_to_death"}}},
		{name: "event after death", data: plainWith(3, colBleed, "120", 3, colDeath, "110"),
			want: []wantProblem{{Error, 5, colBleed, "the event is after death (day 110)", "days_to_bleed"}}},
		{name: "blank follow-up", data: plainWith(2, colFollowup, ""),
			want: []wantProblem{{Error, 4, colFollowup, "follow-up time is required", "days_followup"}}},
		{name: "binary outcome with a 2", dict: binaryDict,
			data: "patient_id,hb,bleed_12m\nA,12,0\nB,11,1\nC,10,2\nD,13,\n",
			want: []wantProblem{{Error, 4, 3, "the outcome must be 0 or 1", "bleed_12m"}}},
		{name: "every problem is reported, not only the first",
			data: strings.Replace(plainWith(0, colHb, "abc", 3, colKjonn, "Q"), "P2,71.5", "P2,x,71.5", 1),
			want: []wantProblem{
				{Error, 3, 14, "fields but the header has", ""},
				{Error, 2, colHb, "not a number", "hb"},
				{Error, 5, colKjonn, "not one of the declared levels", "kjonn"},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dy := tc.dict
			if dy == "" {
				dy = testDictYAML
			}
			c, err := loadNoPanic(t, tc.data, mustDict(t, dy), Options{File: "cohort.csv"})
			var got Problems
			if tc.ok {
				if err != nil {
					t.Fatalf("want a successful load, got %v", err)
				}
				got = c.Warnings
			} else {
				if err == nil {
					t.Fatalf("want errors, got a cohort with warnings %v", c.Warnings)
				}
				if c != nil {
					t.Error("a cohort was returned with errors")
				}
				if !errors.As(err, &got) {
					t.Fatalf("error is %T, not Problems", err)
				}
			}
			matchProblems(t, got, tc.want)
		})
	}
}

// matchProblems checks that got holds exactly the wanted problems (in any
// order) and that every error's text names its line and column.
func matchProblems(t *testing.T, got Problems, want []wantProblem) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for k, p := range got {
			if used[k] || p.Severity != w.Sev || p.Line != w.Line || p.Column != w.Col || !strings.Contains(p.Msg, w.Msg) {
				continue
			}
			if w.Field != "" && p.Field != w.Field {
				continue
			}
			used[k], found = true, true
			// The text a researcher reads names file, line and column.
			s := p.String()
			pos := "cohort.csv"
			if w.Line > 0 {
				pos += fmt.Sprintf(":%d", w.Line)
				if w.Col > 0 {
					pos += fmt.Sprintf(":%d", w.Col)
				}
			}
			if !strings.HasPrefix(s, pos+": "+w.Sev.String()) {
				t.Errorf("message %q does not start with %q", s, pos+": "+w.Sev.String())
			}
			if p.Hint == "" {
				t.Errorf("problem %q has no hint", s)
			}
			break
		}
		if !found {
			t.Errorf("missing %s at line %d column %d containing %q", w.Sev, w.Line, w.Col, w.Msg)
		}
	}
	for k, p := range got {
		if !used[k] {
			t.Errorf("unexpected problem: %s", p)
		}
	}
}

func TestLoadInvalidCodeLeftOut(t *testing.T) {
	c, err := loadNoPanic(t, plainWith(1, colCodes, "I26.9|XYZ"), mustDict(t, testDictYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Column("icd10_koder").Codes[1]; !reflect.DeepEqual(got, []string{"I269"}) {
		t.Errorf("codes = %q, want [I269]", got)
	}
}

// TestLoadDatedCodes: "CODE@DAYS" carries the day relative to the index VTE.
// Codes are sorted, undated before dated, and an identical (code, day) pair
// is kept once; the same code on two days is kept twice.
func TestLoadDatedCodes(t *testing.T) {
	c, err := loadNoPanic(t, plainWith(1, colCodes, "i26.9@0|C18.7@-400|C18.7@-30|C18.7@-400|K92.2"), mustDict(t, testDictYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	col := c.Column("icd10_koder")
	if got := col.Codes[1]; !reflect.DeepEqual(got, []string{"C187", "C187", "I269", "K922"}) {
		t.Errorf("codes = %q", got)
	}
	days := col.CodeDays[1]
	want := []float64{-400, -30, 0, math.NaN()}
	for k := range want {
		if !(days[k] == want[k] || math.IsNaN(days[k]) && math.IsNaN(want[k])) {
			t.Errorf("days = %v, want %v", days, want)
			break
		}
	}
	if col.CodeDays[0] != nil {
		t.Errorf("row without dated codes has days %v", col.CodeDays[0])
	}
	_, err = loadNoPanic(t, plainWith(1, colCodes, "C18@soon"), mustDict(t, testDictYAML), Options{})
	var ps Problems
	if !errors.As(err, &ps) || len(ps.Errors()) != 1 || ps.Errors()[0].Column != colCodes {
		t.Errorf("a bad day: got %v, want one error in the codes column", err)
	}
}

func TestLoadMaxProblems(t *testing.T) {
	var rows [][]string
	for i := 0; i < 50; i++ {
		r := testRows()[2]
		r[colID-1] = fmt.Sprint("Q", i)
		r[colHb-1], r[colKrea-1] = "x", "y"
		rows = append(rows, r)
	}
	_, err := loadNoPanic(t, csvText(",", testHeader, rows), mustDict(t, testDictYAML), Options{MaxProblems: 10})
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v", err)
	}
	if len(ps) != 11 || !strings.Contains(ps[10].Msg, "90 further problems were not listed") {
		t.Errorf("got %d problems, last %v", len(ps), ps[len(ps)-1])
	}
}

// TestLoadNeverPanics feeds Load truncations and random byte edits of every
// export above, and some hostile inputs; Load must return, never panic.
func TestLoadNeverPanics(t *testing.T) {
	d := mustDict(t, testDictYAML)
	seeds := []string{plainCSV(), norwegianCSV(), "\"", "\n\n\n", ",,,\n,,,", "patient_id\nP1\n",
		strings.Repeat("\"a,", 100), "\xff\xfe" + plainCSV(), "a;b\tc,d\n1;2\t3,4\n"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(",;\t\"\r\n<>.-0123456789NAaP|\xf8")
	for _, s := range seeds {
		for cut := 0; cut <= len(s); cut++ {
			loadNoPanic(t, s[:cut], d, Options{})
		}
		for k := 0; k < 300; k++ {
			b := []byte(s)
			for e := 0; e < 1+rng.IntN(4); e++ {
				if len(b) == 0 {
					break
				}
				b[rng.IntN(len(b))] = alphabet[rng.IntN(len(alphabet))]
			}
			loadNoPanic(t, string(b), d, Options{})
		}
	}
}

// TestLoadDictionaryIDOnly: a dictionary with no predictor columns loads the
// id and a binary outcome.
func TestLoadDictionaryIDOnly(t *testing.T) {
	d := mustDict(t, "version: 1\nid: pid\noutcome: {binary: [y]}\ncolumns: []\n")
	c, err := Load(bytes.NewReader([]byte("pid,y\n1,0\n2,1\n")), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 2 || len(c.Columns) != 0 || !floatsEqual(c.Outcome.Binary["y"], []float64{0, 1}) {
		t.Errorf("cohort = %+v", c)
	}
}
