package datasets

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of issue 8. Their seed corpora are in testdata/fuzz;
// run one for minutes with, e.g.,
//
//	go test -run='^$' -fuzz=FuzzLoad -fuzztime=3m ./datasets
//
// and commit any crasher testdata/fuzz writes: it becomes a regression case.

// FuzzLoad loads arbitrary bytes with a fixed dictionary. Load must not
// panic, must return exactly one of a cohort and an error, and a cohort it
// returns must be consistent: one id per row, every column as long as the
// cohort, numbers finite (or NaN for missing) and within MaxAbsValue, codes
// in canonical form, and no error among its warnings.
func FuzzLoad(f *testing.F) {
	d := mustDict(f, testDictYAML)
	f.Add(plainCSV())
	f.Add(norwegianCSV())
	f.Add("")
	f.Add(`P"1,2`)
	f.Fuzz(func(t *testing.T, data string) {
		c, err := Load(strings.NewReader(data), d, Options{File: "fuzz.csv"})
		if (c == nil) == (err == nil) {
			t.Fatalf("Load returned cohort %v and error %v", c != nil, err)
		}
		if err != nil {
			ps, ok := err.(Problems)
			if !ok || !ps.HasErrors() {
				t.Fatalf("the error is not Problems with an error: %T %v", err, err)
			}
			for _, p := range ps {
				if p.Line < 0 || p.Column < 0 || p.Msg == "" {
					t.Fatalf("malformed problem %+v", p)
				}
				if !utf8.ValidString(p.Value) || !utf8.ValidString(p.Field) {
					// Both are shown to people; invalid bytes must be replaced.
					t.Fatalf("problem value or field is not UTF-8: %+v", p)
				}
			}
			return
		}
		if c.Warnings.HasErrors() {
			t.Fatalf("a loaded cohort has errors among its warnings: %v", c.Warnings)
		}
		n := c.Len()
		if n == 0 {
			t.Fatal("a cohort without patients")
		}
		seen := map[string]bool{}
		for _, id := range c.IDs {
			if id == "" || seen[id] {
				t.Fatalf("id %q blank or repeated", id)
			}
			seen[id] = true
		}
		for _, col := range c.Columns {
			switch col.Spec.Type {
			case Numeric, Binary:
				if len(col.Num) != n {
					t.Fatalf("column %s has %d values for %d patients", col.Spec.Name, len(col.Num), n)
				}
				for _, v := range col.Num {
					if math.IsInf(v, 0) || math.Abs(v) > MaxAbsValue {
						t.Fatalf("column %s holds %v", col.Spec.Name, v)
					}
					if col.Spec.Type == Binary && !math.IsNaN(v) && v != 0 && v != 1 {
						t.Fatalf("binary column %s holds %v", col.Spec.Name, v)
					}
				}
			case Categorical:
				if len(col.Cat) != n {
					t.Fatalf("column %s has %d values for %d patients", col.Spec.Name, len(col.Cat), n)
				}
			case Codes:
				if len(col.Codes) != n {
					t.Fatalf("column %s has %d values for %d patients", col.Spec.Name, len(col.Codes), n)
				}
				for _, codes := range col.Codes {
					for _, code := range codes {
						if norm, ok := NormalizeICD10(code); !ok || norm != code {
							t.Fatalf("code %q is not canonical", code)
						}
					}
				}
			}
		}
		o := c.Outcome
		for _, ts := range [][]float64{o.EventTime, o.DeathTime, o.FollowupTime} {
			if len(ts) != n {
				t.Fatalf("outcome has %d values for %d patients", len(ts), n)
			}
			for _, v := range ts {
				if v < 0 || math.IsInf(v, 0) {
					t.Fatalf("time %v", v)
				}
			}
		}
		for i := 0; i < n; i++ {
			if math.IsNaN(o.FollowupTime[i]) {
				t.Fatalf("row %d has no follow-up", i)
			}
			if o.EventTime[i] > o.FollowupTime[i] || o.DeathTime[i] > o.FollowupTime[i] || o.EventTime[i] > o.DeathTime[i] {
				t.Fatalf("row %d: event %v death %v follow-up %v", i, o.EventTime[i], o.DeathTime[i], o.FollowupTime[i])
			}
		}
		// Labelling never panics and accounts for every patient.
		for _, w := range d.EffectiveWindows() {
			l := c.Label(w)
			total := len(l.Rows)
			for _, k := range l.Excluded {
				total += k
			}
			if total != n {
				t.Fatalf("window %s: %d labelled or excluded of %d", w.Name, total, n)
			}
		}
	})
}

// FuzzReadTable reads arbitrary bytes as a table: no panic; every row has
// the header's width and a line after the previous row's.
func FuzzReadTable(f *testing.F) {
	f.Add("a,b\n1,2\n")
	f.Add("\ufeffa;b\r\n1,5;2\r\n")
	f.Add("a,b\n\"x\ny\",1\n")
	f.Fuzz(func(t *testing.T, data string) {
		tab, ps := ReadTable(strings.NewReader(data), TableOptions{File: "fuzz.csv", MaxLineBytes: 1 << 12, MaxColumns: 64})
		if len(tab.Rows) != len(tab.Lines) {
			t.Fatalf("%d rows, %d lines", len(tab.Rows), len(tab.Lines))
		}
		if len(tab.Header) > 64 {
			t.Fatalf("header of %d columns passed a limit of 64", len(tab.Header))
		}
		prev := 1
		for i, r := range tab.Rows {
			if len(r) != len(tab.Header) {
				t.Fatalf("row %d has %d fields, header %d", i, len(r), len(tab.Header))
			}
			if tab.Lines[i] <= prev {
				t.Fatalf("row %d on line %d after line %d", i, tab.Lines[i], prev)
			}
			prev = tab.Lines[i]
			for _, v := range r {
				if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
					t.Fatalf("row %d kept a value that is not clean UTF-8: %q", i, v)
				}
			}
		}
		if len(tab.Rows) == 0 && !ps.HasErrors() {
			t.Fatal("no rows and no error")
		}
	})
}

// FuzzNormalizeICD10: the canonical form has the WHO ICD-10 shape (a
// capital letter, two digits, up to two capitals or digits) and is a fixed
// point (normalising it again gives it back, still valid).
func FuzzNormalizeICD10(f *testing.F) {
	for _, s := range []string{"c18.7", " C18.7 ", "I26.9", "G01*", "S72.001A", "K92.2†", "18C", "", "ſ18", "C 1 8 . 7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := NormalizeICD10(s)
		if !ok {
			return
		}
		if len(code) < 3 || len(code) > 5 || code[0] < 'A' || code[0] > 'Z' || !isDigit(code[1]) || !isDigit(code[2]) {
			t.Fatalf("%q -> %q is not a WHO ICD-10 shape", s, code)
		}
		for i := 3; i < len(code); i++ {
			if !isDigit(code[i]) && (code[i] < 'A' || code[i] > 'Z') {
				t.Fatalf("%q -> %q has %q at %d", s, code, code[i], i)
			}
		}
		again, ok2 := NormalizeICD10(code)
		if !ok2 || again != code {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", s, code, again, ok2)
		}
	})
}

// FuzzReadDictionary parses arbitrary bytes as a dictionary: no panic; an
// error is Problems with at least one error; a dictionary it accepts writes
// out and reads back to the same declarations.
func FuzzReadDictionary(f *testing.F) {
	f.Add(testDictYAML)
	f.Add(issueExample)
	f.Add("version: 1\nid: pid\noutcome: {binary: [y]}\ncolumns: []\n")
	f.Add("a: &a [*a]")
	f.Fuzz(func(t *testing.T, y string) {
		d, err := ReadDictionary(strings.NewReader(y), "fuzz.yaml")
		if (d == nil) == (err == nil) {
			t.Fatalf("ReadDictionary returned dictionary %v and error %v", d != nil, err)
		}
		if err != nil {
			ps, ok := err.(Problems)
			if !ok || !ps.HasErrors() {
				t.Fatalf("the error is not Problems with an error: %T %v", err, err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteDictionary(&buf, d); err != nil {
			t.Fatalf("write: %v", err)
		}
		back, err := ReadDictionary(bytes.NewReader(buf.Bytes()), "back.yaml")
		if err != nil {
			t.Fatalf("an accepted dictionary does not read back: %v\n%s", err, buf.String())
		}
		if back.ID != d.ID || !reflect.DeepEqual(back.Outcome, d.Outcome) || !reflect.DeepEqual(back.EffectiveWindows(), d.EffectiveWindows()) ||
			len(back.Columns) != len(d.Columns) {
			t.Fatalf("round trip changed the dictionary:\n%+v\n%+v", d, back)
		}
		for i := range d.Columns {
			a, b := d.Columns[i], back.Columns[i]
			if len(a.Levels) == 0 && len(b.Levels) == 0 {
				a.Levels, b.Levels = nil, nil
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("column %d changed: %+v -> %+v", i, a, b)
			}
		}
	})
}
