package datasets

import (
	"io"
	"strings"
)

// LoadPredictors reads new patients described by d, for prediction with a
// saved model: every predictor column is read and checked as Load does, but
// the outcome is not read, so the outcome columns may be absent from the
// file (present ones are skipped). The cohort's Outcome is empty and its
// Dict is d.
func LoadPredictors(r io.Reader, d *Dictionary, opt Options) (*Cohort, error) {
	t, ps := ReadTable(r, TableOptions{File: opt.File, Delimiter: opt.Delimiter})
	if len(t.Header) == 0 || len(t.Rows) == 0 {
		return nil, ps
	}
	outcome := map[string]bool{}
	for _, name := range append([]string{d.Outcome.EventTime, d.Outcome.DeathTime, d.Outcome.FollowupTime}, d.Outcome.Binary...) {
		if name != "" {
			outcome[name] = true
		}
	}
	dd := *d
	dd.Windows = nil
	dd.Columns = nil
	declared := map[string]bool{}
	for _, c := range d.Columns {
		declared[c.Name] = true
		if c.Group == GroupOutcome || outcome[c.Name] {
			if t.Col(c.Name) >= 0 {
				dd.Columns = append(dd.Columns, ColumnSpec{Name: c.Name, Group: GroupExclude})
			}
			continue
		}
		dd.Columns = append(dd.Columns, c)
	}
	for name := range outcome {
		if !declared[name] && t.Col(name) >= 0 {
			dd.Columns = append(dd.Columns, ColumnSpec{Name: name, Group: GroupExclude})
		}
	}
	// A stand-in outcome under names no CSV header can have (ReadTable
	// trims and rejects blank names; these hold a NUL): no event, zero
	// days of follow-up.
	const event, followup = "\x00event", "\x00followup"
	t.Header = append(t.Header, event, followup)
	for i := range t.Rows {
		t.Rows[i] = append(t.Rows[i], "", "0")
	}
	dd.Outcome = OutcomeSpec{EventTime: event, FollowupTime: followup}

	l := &loader{t: t, d: &dd, opt: opt, ps: ps}
	if l.opt.MaxProblems == 0 {
		l.opt.MaxProblems = 500
	}
	l.missing = map[string]bool{}
	miss := DefaultMissing
	if opt.Missing != nil {
		miss = opt.Missing
	}
	for _, m := range append(append([]string(nil), miss...), d.Missing...) {
		l.missing[strings.ToLower(strings.TrimSpace(m))] = true
	}
	c := l.load()
	if l.ps.HasErrors() {
		return nil, l.ps
	}
	c.Dict = d
	c.Outcome = Outcome{}
	c.Warnings = l.ps
	return c, nil
}
