package datasets

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// issueExample is the dictionary example of the design issue (issue 2).
const issueExample = `version: 1
id: patient_id
outcome:                       # event times in days from the index VTE
  event_time: days_to_bleed    # first MB/CRNMB; blank = no event observed
  death_time: days_to_death    # blank = alive at end of follow-up
  followup_time: days_followup # days observed (to death, censoring or end of study)
windows:                       # default: 1-90, 1-365 and 90-455 days, as in the published study
  - {name: bleed_1_365, from: 1, to: 365}
columns:
  - {name: alder, group: baseline, type: numeric, concept: age, unit: years}
  - {name: kjonn, group: baseline, type: categorical, concept: sex, levels: {K: female, M: male}}
  - {name: hb_g_dl, group: biochemistry, type: numeric, concept: haemoglobin, unit: g/dL}
  - {name: icd10_koder, group: icd10, type: codes, separator: "|"}
  - {name: icd_C18, group: icd10, type: binary, code: C18}
  - {name: study_site, group: exclude}
`

func TestReadDictionaryExample(t *testing.T) {
	d, err := ReadDictionary(strings.NewReader(issueExample), "dict.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "patient_id" || d.Outcome.EventTime != "days_to_bleed" || d.Outcome.DeathTime != "days_to_death" ||
		d.Outcome.FollowupTime != "days_followup" || !d.Outcome.IsTimeToEvent() {
		t.Errorf("id/outcome = %q %+v", d.ID, d.Outcome)
	}
	if !reflect.DeepEqual(d.EffectiveWindows(), []Window{{"bleed_1_365", 1, 365}}) {
		t.Errorf("windows = %v", d.EffectiveWindows())
	}
	if len(d.Columns) != 6 {
		t.Fatalf("%d columns", len(d.Columns))
	}
	sex, _ := d.Column("kjonn")
	if !reflect.DeepEqual(sex.Levels, map[string]string{"K": "female", "M": "male"}) || sex.Concept != "sex" {
		t.Errorf("kjonn = %+v", sex)
	}
	c18, _ := d.Column("icd_C18")
	if c18.Code != "C18" || c18.Type != Binary || c18.Group != GroupICD10 {
		t.Errorf("icd_C18 = %+v", c18)
	}
	if codes, _ := d.Column("icd10_koder"); codes.Separator != "|" {
		t.Errorf("separator = %q", codes.Separator)
	}
	if site, _ := d.Column("study_site"); site.IsFeature() {
		t.Error("an excluded column is a feature")
	}
}

func TestDictionaryDefaults(t *testing.T) {
	d, err := ReadDictionary(strings.NewReader(`version: 1
id: pid
outcome: {event_time: ev, followup_time: fu}
columns:
  - {name: codes, group: icd10, type: codes}
  - {name: c, group: icd10, type: binary, code: " c18.7 "}
`), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.EffectiveWindows(), DefaultWindows) {
		t.Errorf("windows = %v, want the defaults", d.EffectiveWindows())
	}
	if d.Columns[0].Separator != "|" || d.Columns[1].Code != "C187" {
		t.Errorf("separator %q code %q", d.Columns[0].Separator, d.Columns[1].Code)
	}
	b, err := ReadDictionary(strings.NewReader("version: 1\nid: pid\noutcome: {binary: [y1, y2]}\ncolumns: []\n"), "b.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b.EffectiveWindows(), []Window{{Name: "y1"}, {Name: "y2"}}) {
		t.Errorf("binary windows = %v", b.EffectiveWindows())
	}
}

func TestReadDictionaryErrors(t *testing.T) {
	const head = "version: 1\nid: pid\noutcome: {event_time: ev, followup_time: fu}\n"
	cases := []struct {
		name string
		yaml string
		line int    // expected line of the problem
		msg  string // fragment of its message
	}{
		{"empty", "", 0, "the dictionary is empty"},
		{"unknown key", head + "columns:\n  - {name: hb, group: biochemistry, type: numeric}\n  - {name: x, group: baseline, type: numeric, colour: red}\n",
			6, "field colour is not a key of ColumnSpec"},
		{"unknown top-level key", head + "colums: []\n", 4, "field colums is not a key of Dictionary"},
		{"wrong type", head + "windows:\n  - {name: w, from: one, to: 90}\n", 5, "cannot unmarshal !!str `one` into int"},
		{"wrong type of range", head + "columns:\n  - {name: x, group: baseline, type: numeric, range: 5}\n", 5, "cannot unmarshal"},
		{"version 2", strings.Replace(head, "version: 1", "version: 2", 1), 1, "dictionary version 2 is not supported; this build reads version 1"},
		{"no version", strings.Replace(head, "version: 1\n", "", 1), 0, "dictionary version 0 is not supported"},
		{"no id", strings.Replace(head, "id: pid\n", "", 1), 0, "no patient id column"},
		{"duplicate column", head + "columns:\n  - {name: x, group: baseline, type: numeric}\n  - {name: y, group: baseline, type: numeric}\n  - {name: x, group: baseline, type: binary}\n",
			7, "column is declared twice"},
		{"codes outside icd10", head + "columns:\n  - {name: x, group: baseline, type: codes}\n", 5, "a codes column must be in group icd10"},
		{"invalid code", head + "columns:\n  - {name: x, group: icd10, type: binary, code: 18C}\n", 5, `code "18C" is not a WHO ICD-10 code`},
		{"ICD-10-CM length", head + "columns:\n  - {name: x, group: icd10, type: binary, code: S72.001A}\n", 5, `code "S72.001A" is not a WHO ICD-10 code`},
		{"window to = from", head + "windows:\n  - {name: a, from: 1, to: 90}\n  - {name: w, from: 90, to: 90}\n", 6, `window "w" runs from day 90 to day 90`},
		{"window to < from", head + "windows:\n  - {name: w, from: 90, to: 1}\n", 5, `window "w" runs from day 90 to day 1`},
		{"negative window", head + "windows:\n  - {name: w, from: -1, to: 1}\n", 5, "runs from day -1"},
		{"window twice", head + "windows:\n  - {name: w, from: 1, to: 2}\n  - {name: w, from: 1, to: 3}\n", 6, `window "w" is declared twice`},
		{"binary and times", "version: 1\nid: pid\noutcome:\n  event_time: ev\n  followup_time: fu\n  binary: [y]\n", 3, "both event times and binary outcome columns are given"},
		{"no outcome", "version: 1\nid: pid\n", 0, "no outcome"},
		{"windows with a binary outcome", "version: 1\nid: pid\noutcome: {binary: [y]}\nwindows: [{name: w, from: 1, to: 9}]\n", 4, "windows apply to event times only"},
		{"bad group", head + "columns:\n  - {name: x, group: labs, type: numeric}\n", 5, `group "labs" is not one of`},
		{"bad type", head + "columns:\n  - {name: x, group: baseline, type: number}\n", 5, `type "number" is not one of`},
		{"levels on a numeric column", head + "columns:\n  - {name: x, group: baseline, type: numeric, levels: {a: b}}\n", 5, "levels are given but the column is not categorical"},
		{"bad range", head + "columns:\n  - {name: x, group: baseline, type: numeric, range: [9, 1]}\n", 5, "range [9 1] is not [min, max]"},
		{"range on a binary column", head + "columns:\n  - {name: x, group: baseline, type: binary, range: [0, 1]}\n", 5, "range is given but the column is not numeric"},
		{"outcome declared as predictor", head + "columns:\n  - {name: ev, group: baseline, type: numeric}\n", 5, "also declared as a predictor"},
		{"column without name", head + "columns:\n  - {group: baseline, type: numeric}\n", 5, "column 1 has no name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadDictionary(strings.NewReader(tc.yaml), "dict.yaml")
			if err == nil {
				t.Fatalf("no error; dictionary %+v", d)
			}
			if d != nil {
				t.Error("a dictionary was returned with an error")
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			for _, p := range ps {
				if p.Line == tc.line && strings.Contains(p.Msg, tc.msg) && p.Severity == Error {
					if p.Hint == "" {
						t.Errorf("no hint: %s", p)
					}
					return
				}
			}
			t.Errorf("no error at line %d containing %q; got:\n%v", tc.line, tc.msg, err)
		})
	}
}

func TestWriteDictionaryRoundTrip(t *testing.T) {
	d := mustDict(t, issueExample)
	var buf bytes.Buffer
	if err := WriteDictionary(&buf, d); err != nil {
		t.Fatal(err)
	}
	back, err := ReadDictionary(&buf, "written.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(back.Columns, d.Columns) || back.ID != d.ID || back.Outcome.EventTime != d.Outcome.EventTime ||
		!reflect.DeepEqual(back.Windows, d.Windows) {
		t.Errorf("round trip changed the dictionary:\n%+v\n%+v", d, back)
	}
}
