package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DictionaryVersion is the version of the data-dictionary format this build
// reads and writes. The format is documented in the README ("The data
// dictionary"); a change that breaks old dictionaries bumps this number.
const DictionaryVersion = 1

// Group says which data source a column belongs to.
type Group string

// The column groups of a dictionary.
const (
	GroupID           Group = "id"
	GroupBaseline     Group = "baseline"
	GroupBiochemistry Group = "biochemistry"
	GroupICD10        Group = "icd10"
	GroupOutcome      Group = "outcome"
	GroupExclude      Group = "exclude"
	// GroupScore holds the bleeding scores bleedrisk computes; it is never
	// declared in a dictionary.
	GroupScore Group = "score"
)

// Type says how a column's values are read.
type Type string

// The column types of a dictionary.
const (
	// Numeric values are numbers, with "." or "," as decimal mark; "<5" and
	// ">90" are kept as censored values.
	Numeric Type = "numeric"
	// Categorical values are labels, mapped through Levels when given.
	Categorical Type = "categorical"
	// Binary values are 0/1 (also yes/no, true/false, ja/nei, y/n, j/n).
	Binary Type = "binary"
	// Codes values are lists of ICD-10 codes split by Separator.
	Codes Type = "codes"
)

// Dictionary describes a cohort export: which column is the patient id, which
// columns hold the outcome, and what every other column means. See the README
// for the documented YAML format.
type Dictionary struct {
	Version int         `yaml:"version"`
	ID      string      `yaml:"id"`
	Outcome OutcomeSpec `yaml:"outcome"`
	// Windows are the outcome windows for time-to-event outcomes. If empty,
	// DefaultWindows are used.
	Windows []Window `yaml:"windows,omitempty"`
	// Missing lists extra tokens read as missing, on top of DefaultMissing.
	Missing []string     `yaml:"missing,omitempty"`
	Columns []ColumnSpec `yaml:"columns"`

	lines map[string]int // column name -> line of its first declaration, for messages
	pos   yamlLines      // lines of top-level keys, windows and columns, for messages

	drafted *draftNote // set by Draft; WriteDraft explains it in a header comment
}

// yamlLines records where things are declared in a dictionary's YAML text.
type yamlLines struct {
	keys    map[string]int // top-level key -> line
	windows []int          // line of each window, by index
	columns []int          // line of each column, by index
}

func (y yamlLines) column(i int) int {
	if i < len(y.columns) {
		return y.columns[i]
	}
	return 0
}

func (y yamlLines) window(i int) int {
	if i < len(y.windows) {
		return y.windows[i]
	}
	return y.keys["windows"]
}

// OutcomeSpec names the outcome columns. Either the three time columns (days
// from the index VTE) or Binary (ready 0/1 outcome columns) are set, not both.
type OutcomeSpec struct {
	// EventTime is the day of the first MB/CRNMB; blank means no event observed.
	EventTime string `yaml:"event_time,omitempty"`
	// DeathTime is the day of death; blank means alive at end of follow-up.
	DeathTime string `yaml:"death_time,omitempty"`
	// FollowupTime is the number of days observed (to death, censoring or end of study).
	FollowupTime string `yaml:"followup_time,omitempty"`
	// Binary lists ready binary outcome columns; each becomes its own window.
	Binary []string `yaml:"binary,omitempty"`
}

// IsTimeToEvent reports whether the outcome is given as event times.
func (o OutcomeSpec) IsTimeToEvent() bool { return len(o.Binary) == 0 }

// Window is an outcome window in days after the index VTE, both ends
// included: an event on day From or day To counts.
type Window struct {
	Name string `yaml:"name" json:"name"`
	From int    `yaml:"from" json:"from"`
	To   int    `yaml:"to" json:"to"`
}

// DefaultWindows are the three windows of the published study on the TROLL
// CAT cohort (Grdinic et al., J Thromb Haemost 2024;22:1094; DOMAIN.md 1.2).
var DefaultWindows = []Window{
	{Name: "bleed_1_90", From: 1, To: 90},
	{Name: "bleed_1_365", From: 1, To: 365},
	{Name: "bleed_90_455", From: 90, To: 455},
}

// ColumnSpec describes one column of the export.
type ColumnSpec struct {
	Name  string `yaml:"name"`
	Group Group  `yaml:"group"`
	Type  Type   `yaml:"type,omitempty"`
	// Concept maps the column to a clinical concept (age, sex, haemoglobin, ...)
	// so that derived features and scores find it whatever its name.
	Concept string `yaml:"concept,omitempty"`
	// Unit of a numeric column, e.g. "g/dL", "umol/L", "years".
	Unit string `yaml:"unit,omitempty"`
	// Levels maps raw categorical values to canonical ones. When set, any other
	// value is an error.
	Levels map[string]string `yaml:"levels,omitempty"`
	// Separator splits a codes column; default "|".
	Separator string `yaml:"separator,omitempty"`
	// Code is the ICD-10 code a binary icd10 column indicates.
	Code string `yaml:"code,omitempty"`
	// Range is the plausible [min, max] of a numeric column; values outside it
	// are reported as warnings.
	Range []float64 `yaml:"range,omitempty"`
	// Check is a note for the researcher (written by `bleedrisk dictionary`
	// next to every guess); the loader ignores it.
	Check string `yaml:"check,omitempty"`
	// Derived, set by bleedrisk on columns it computes (never read from a
	// dictionary), says how the column was derived.
	Derived string `yaml:"-" json:"-"`
}

// IsFeature reports whether the column is a candidate predictor.
func (c ColumnSpec) IsFeature() bool {
	switch c.Group {
	case GroupBaseline, GroupBiochemistry, GroupICD10, GroupScore:
		return true
	}
	return false
}

// EffectiveWindows returns the windows a run labels: the dictionary's own,
// DefaultWindows for a time-to-event outcome without windows, or one window
// per binary outcome column.
func (d *Dictionary) EffectiveWindows() []Window {
	if !d.Outcome.IsTimeToEvent() {
		ws := make([]Window, len(d.Outcome.Binary))
		for i, b := range d.Outcome.Binary {
			ws[i] = Window{Name: b}
		}
		return ws
	}
	if len(d.Windows) == 0 {
		return append([]Window(nil), DefaultWindows...)
	}
	return d.Windows
}

// Column returns the spec of the named column, or false.
func (d *Dictionary) Column(name string) (ColumnSpec, bool) {
	for _, c := range d.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return ColumnSpec{}, false
}

// line returns the YAML line where the named column is declared, or 0.
func (d *Dictionary) line(name string) int { return d.lines[name] }

// MaxDictionaryBytes is the largest dictionary ReadDictionary reads (8 MiB).
// A dictionary of 500 columns with a note on each is about 200 KiB.
const MaxDictionaryBytes = 8 << 20

// ReadDictionary parses and validates a YAML dictionary. file names the input
// in messages. Unknown keys, wrong types and inconsistent declarations are
// all reported together as Problems with their YAML line. A dictionary
// larger than MaxDictionaryBytes, or one whose YAML aliases expand
// excessively (a "billion laughs" document), is refused with one problem.
func ReadDictionary(r io.Reader, file string) (*Dictionary, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDictionaryBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading dictionary: %w", file, err)
	}
	if len(data) > MaxDictionaryBytes {
		return nil, Problems{{Severity: Error, File: file, Msg: fmt.Sprintf("the dictionary is larger than %d bytes", MaxDictionaryBytes),
			Hint: "check that --dict names the YAML data dictionary, not the cohort or another file"}}
	}
	var d Dictionary
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Problems{{Severity: Error, File: file, Msg: "the dictionary is empty", Hint: "run `bleedrisk dictionary --data FILE` to draft one"}}
		}
		return nil, yamlProblems(file, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err == nil {
		d.lines, d.pos = columnLines(&root)
	}
	if ps := d.validate(file); ps.HasErrors() {
		return nil, ps
	}
	return &d, nil
}

// yamlProblems turns a yaml.v3 error (which may list several "line N: ..."
// messages) into Problems.
func yamlProblems(file string, err error) Problems {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var ps Problems
	for _, m := range msgs {
		p := Problem{Severity: Error, File: file, Msg: m,
			Hint: "check the key names and value types against the dictionary format in the README"}
		var line int
		rest := m
		if i := strings.Index(m, "line "); i >= 0 {
			if n, _ := fmt.Sscanf(m[i:], "line %d:", &line); n == 1 {
				p.Line = line
				if j := strings.Index(m[i:], ":"); j >= 0 {
					rest = strings.TrimSpace(m[i+j+1:])
				}
			}
		}
		p.Msg = strings.TrimPrefix(rest, "yaml: ")
		switch {
		case strings.Contains(p.Msg, "not found in type"):
			p.Msg = strings.Replace(p.Msg, "not found in type datasets.", "is not a key of ", 1)
			p.Hint = "remove the key or correct its spelling; see the dictionary format in the README"
		case strings.Contains(p.Msg, "already defined"):
			p.Hint = "a key may appear once in a mapping; under `levels:` list each raw value once"
		case strings.Contains(p.Msg, "excessive aliasing"):
			p.Hint = "a dictionary needs no YAML anchors or aliases (& and *): write each declaration out"
		}
		ps = append(ps, p)
	}
	return ps
}

// columnLines returns the line of each column name's first declaration and
// the lines of the top-level keys, windows and columns.
func columnLines(root *yaml.Node) (map[string]int, yamlLines) {
	lines := map[string]int{}
	pos := yamlLines{keys: map[string]int{}}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return lines, pos
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, val := top.Content[i], top.Content[i+1]
		pos.keys[key.Value] = key.Line
		if val.Kind != yaml.SequenceNode {
			continue
		}
		switch key.Value {
		case "windows":
			for _, item := range val.Content {
				pos.windows = append(pos.windows, item.Line)
			}
		case "columns":
			for _, item := range val.Content {
				pos.columns = append(pos.columns, item.Line)
				for j := 0; j+1 < len(item.Content); j += 2 {
					if item.Content[j].Value == "name" {
						if _, dup := lines[item.Content[j+1].Value]; !dup {
							lines[item.Content[j+1].Value] = item.Line
						}
					}
				}
			}
		}
	}
	return lines, pos
}

var validTypes = map[Type]bool{Numeric: true, Categorical: true, Binary: true, Codes: true}
var validGroups = map[Group]bool{GroupID: true, GroupBaseline: true, GroupBiochemistry: true,
	GroupICD10: true, GroupOutcome: true, GroupExclude: true}

func (d *Dictionary) validate(file string) Problems {
	var ps Problems
	add := func(line int, field, msg, hint string) {
		ps = append(ps, Problem{Severity: Error, File: file, Line: line, Field: field, Msg: msg, Hint: hint})
	}
	if d.Version != DictionaryVersion {
		add(d.pos.keys["version"], "version", fmt.Sprintf("dictionary version %d is not supported; this build reads version %d", d.Version, DictionaryVersion),
			fmt.Sprintf("set `version: %d` and check the format in the README", DictionaryVersion))
	}
	if d.ID == "" {
		add(d.pos.keys["id"], "id", "no patient id column", "set `id:` to the name of the column that identifies patients")
	}
	o := d.Outcome
	oline := d.pos.keys["outcome"]
	switch {
	case len(o.Binary) > 0 && (o.EventTime != "" || o.DeathTime != "" || o.FollowupTime != ""):
		add(oline, "outcome", "both event times and binary outcome columns are given", "use either event_time/death_time/followup_time or binary, not both")
	case len(o.Binary) == 0 && (o.EventTime == "" || o.FollowupTime == ""):
		add(oline, "outcome", "no outcome: event_time and followup_time (or binary) are required", "name the outcome columns under `outcome:`")
	case len(o.Binary) > 0 && len(d.Windows) > 0:
		add(d.pos.keys["windows"], "windows", "windows apply to event times only, but the outcome is binary", "remove `windows:` or give event times")
	}
	wnames := map[string]bool{}
	for i, w := range d.Windows {
		wline := d.pos.window(i)
		if w.Name == "" {
			add(wline, "windows", "a window has no name", "give every window a `name:`")
		}
		if wnames[w.Name] {
			add(wline, "windows", fmt.Sprintf("window %q is declared twice", w.Name), "give each window its own name")
		}
		wnames[w.Name] = true
		if w.From < 0 || w.To <= w.From {
			add(wline, "windows", fmt.Sprintf("window %q runs from day %d to day %d", w.Name, w.From, w.To), "use 0 <= from < to (days after the index VTE, both ends included)")
		}
	}
	seen := map[string]bool{}
	for i := range d.Columns {
		c := &d.Columns[i]
		line := d.pos.column(i)
		if line == 0 {
			line = d.line(c.Name)
		}
		if c.Name == "" {
			add(line, "columns", fmt.Sprintf("column %d has no name", i+1), "give every column a `name:` matching the export's header")
			continue
		}
		if seen[c.Name] {
			add(line, c.Name, "column is declared twice", "keep one declaration per column")
		}
		seen[c.Name] = true
		if !validGroups[c.Group] {
			add(line, c.Name, fmt.Sprintf("group %q is not one of id, baseline, biochemistry, icd10, outcome, exclude", c.Group), "set a valid `group:`")
			continue
		}
		if !c.IsFeature() {
			continue
		}
		if !validTypes[c.Type] {
			add(line, c.Name, fmt.Sprintf("type %q is not one of numeric, categorical, binary, codes", c.Type), "set a valid `type:`")
			continue
		}
		if c.Type == Codes && c.Separator == "" {
			c.Separator = "|"
		}
		if c.Type == Codes && c.Group != GroupICD10 {
			add(line, c.Name, "a codes column must be in group icd10", "set `group: icd10`")
		}
		if c.Code != "" {
			code, ok := NormalizeICD10(c.Code)
			if !ok {
				add(line, c.Name, fmt.Sprintf("code %q is not a WHO ICD-10 code (a letter, two digits, up to two more characters)", c.Code), "correct `code:`")
			}
			c.Code = code
		}
		if len(c.Levels) > 0 && c.Type != Categorical {
			add(line, c.Name, "levels are given but the column is not categorical", "set `type: categorical` or remove `levels:`")
		}
		if a, b, ok := caseConflict(c.Levels); ok {
			add(line, c.Name, fmt.Sprintf("levels %q and %q differ only in case but map to %q and %q; values are matched case-insensitively", a, b, c.Levels[a], c.Levels[b]),
				"map both spellings to the same value, or keep one of them")
		}
		if c.Range != nil && (len(c.Range) != 2 || c.Range[0] > c.Range[1]) {
			add(line, c.Name, fmt.Sprintf("range %v is not [min, max]", c.Range), "write `range: [min, max]`")
		}
		if c.Range != nil && c.Type != Numeric {
			add(line, c.Name, "range is given but the column is not numeric", "remove `range:`")
		}
	}
	for _, name := range append([]string{d.ID, o.EventTime, o.DeathTime, o.FollowupTime}, o.Binary...) {
		if name == "" {
			continue
		}
		if c, ok := d.Column(name); ok && c.IsFeature() {
			add(d.line(name), name, "the id or an outcome column is also declared as a predictor", "set its group to id or outcome")
		}
	}
	return ps
}

// caseConflict finds two raw levels that differ only in case and map to
// different values (the loader matches values case-insensitively, so the
// result would depend on map order). It returns the first such pair in
// sorted order.
func caseConflict(levels map[string]string) (a, b string, ok bool) {
	keys := make([]string, 0, len(levels))
	for k := range levels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	first := map[string]string{}
	for _, k := range keys {
		fold := strings.ToLower(k)
		if prev, seen := first[fold]; seen && levels[prev] != levels[k] {
			return prev, k, true
		}
		if _, seen := first[fold]; !seen {
			first[fold] = k
		}
	}
	return "", "", false
}

// WriteDictionary writes d as YAML in the documented format.
func WriteDictionary(w io.Writer, d *Dictionary) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(d); err != nil {
		return err
	}
	return enc.Close()
}
