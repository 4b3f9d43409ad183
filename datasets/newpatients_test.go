package datasets

import (
	"strings"
	"testing"
)

func TestLoadPredictors(t *testing.T) {
	dict, err := ReadDictionary(strings.NewReader(`version: 1
id: pid
outcome: {event_time: ev, death_time: death, followup_time: fu}
columns:
  - {name: ev, group: outcome}
  - {name: age, group: baseline, type: numeric, concept: age, unit: years}
  - {name: sex, group: baseline, type: categorical, levels: {K: female, M: male}}
`), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, csv string
		errs      []string // fragments of the error; none: loads
	}{
		{"outcome absent", "pid,age,sex\n1,70,K\n2,55,M\n", nil},
		{"outcome present, not read", "pid,age,sex,ev,fu\n1,70,K,oops,-3\n2,55,M,,\n", nil},
		{"predictor checks still apply", "pid,age,sex\n1,seventy,K\n1,55,X\n", []string{"d.csv:2:2", "not a number", "duplicate patient id", "not one of the declared levels"}},
		{"a predictor column missing", "pid,sex\n1,K\n", []string{`"age" named in the dictionary is not in the file`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := LoadPredictors(strings.NewReader(tc.csv), dict, Options{File: "d.csv"})
			if len(tc.errs) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if c.Len() != 2 || c.Column("age").Num[0] != 70 || c.Column("sex").Cat[1] != "male" {
					t.Errorf("cohort: %d rows, age %v, sex %v", c.Len(), c.Column("age").Num, c.Column("sex").Cat)
				}
				if c.Outcome.EventTime != nil || c.Outcome.FollowupTime != nil || c.Dict != dict {
					t.Errorf("outcome %+v, dict %p", c.Outcome, c.Dict)
				}
				for _, w := range c.Warnings {
					if strings.Contains(w.String(), "not in the dictionary") {
						t.Errorf("warning about an outcome column: %s", w)
					}
				}
				return
			}
			if err == nil {
				t.Fatal("loaded")
			}
			for _, frag := range tc.errs {
				if !strings.Contains(err.Error(), frag) {
					t.Errorf("error lacks %q:\n%v", frag, err)
				}
			}
			if strings.Contains(err.Error(), "\x00") {
				t.Errorf("the stand-in outcome leaks into a message:\n%q", err.Error())
			}
		})
	}
}
