package datasets

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Options tune Load. The zero value detects the delimiter and decimal mark
// and uses DefaultMissing plus the dictionary's own missing tokens.
type Options struct {
	// File names the input in messages.
	File string
	// Delimiter is the field separator; 0 detects it.
	Delimiter rune
	// Decimal is the decimal mark, '.' or ','; 0 detects it from the numeric
	// columns (Norwegian Excel exports write "12,5" with ";" as delimiter).
	Decimal rune
	// Missing replaces DefaultMissing when non-nil.
	Missing []string
	// MaxProblems caps how many problems are collected (default
	// DefaultMaxProblems).
	MaxProblems int
	// MaxLineBytes and MaxColumns bound what is read (defaults
	// DefaultMaxLineBytes and DefaultMaxColumns); see TableOptions.
	MaxLineBytes int
	MaxColumns   int
}

// MaxAbsValue is the largest magnitude a numeric cell may have. No clinical
// measurement in any unit comes near it (platelets per litre are about
// 1e11), and larger values would overflow sums of squares in the models
// (1e155 squared is +Inf), so a larger value is an entry or export error.
const MaxAbsValue = 1e15

// Load reads a cohort export described by d. It collects every problem it
// finds (with file, line, column, value, what was expected and what to do)
// rather than stopping at the first; when any is an error, it returns a nil
// cohort and the Problems (errors and warnings) as the error. Warnings of a
// successful load are in Cohort.Warnings. Load never panics on bad input.
func Load(r io.Reader, d *Dictionary, opt Options) (*Cohort, error) {
	if opt.MaxProblems <= 0 {
		opt.MaxProblems = DefaultMaxProblems
	}
	t, ps := ReadTable(r, TableOptions{File: opt.File, Delimiter: opt.Delimiter,
		MaxLineBytes: opt.MaxLineBytes, MaxColumns: opt.MaxColumns, MaxProblems: opt.MaxProblems})
	if len(t.Header) == 0 || len(t.Rows) == 0 {
		return nil, ps
	}
	l := &loader{t: t, d: d, opt: opt, ps: ps}
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
	c.Warnings = l.ps
	return c, nil
}

type loader struct {
	t       *Table
	d       *Dictionary
	opt     Options
	ps      Problems
	missing map[string]bool
	decimal byte
	dropped int // problems not recorded beyond MaxProblems
}

func (l *loader) problem(sev Severity, row, col int, value, msg, hint string) {
	if len(l.ps) >= l.opt.MaxProblems {
		l.dropped++
		return
	}
	p := Problem{Severity: sev, File: l.t.File, Value: shorten(value), Msg: msg, Hint: hint}
	if row >= 0 {
		p.Line = l.t.Lines[row]
	} else if row == -1 {
		p.Line = 1
	}
	if col >= 0 {
		p.Column = col + 1
		p.Field = strings.ToValidUTF8(l.t.Header[col], "?")
	}
	l.ps = append(l.ps, p)
}

func (l *loader) isMissing(s string) bool { return l.missing[strings.ToLower(strings.TrimSpace(s))] }

func (l *loader) load() *Cohort {
	t, d := l.t, l.d
	c := &Cohort{Dict: d, Source: t.File, Outcome: Outcome{}}
	n := len(t.Rows)
	tableErrors := len(l.ps.Errors()) // from ReadTable: ragged rows etc.

	// Map dictionary names to header positions; report missing and unknown columns.
	known := map[string]bool{}
	need := func(name, role string) int {
		known[name] = true
		j := t.Col(name)
		if j < 0 {
			l.problem(Error, -1, -1, name, fmt.Sprintf("the %s column %q named in the dictionary is not in the file", role, name),
				"correct the name in the dictionary or add the column to the export")
		}
		return j
	}
	idCol := need(d.ID, "id")
	o := d.Outcome
	var evCol, deathCol, fuCol = -1, -1, -1
	binCols := map[string]int{}
	if o.IsTimeToEvent() {
		evCol = need(o.EventTime, "event_time")
		if o.DeathTime != "" {
			deathCol = need(o.DeathTime, "death_time")
		}
		fuCol = need(o.FollowupTime, "followup_time")
	} else {
		for _, b := range o.Binary {
			binCols[b] = need(b, "binary outcome")
		}
	}
	featCols := map[*Column]int{}
	for _, spec := range d.Columns {
		if !spec.IsFeature() {
			// The id and outcome columns were required above; report a
			// missing one once, under its role.
			if spec.Group != GroupExclude && !known[spec.Name] && t.Col(spec.Name) < 0 {
				need(spec.Name, string(spec.Group))
			}
			known[spec.Name] = true
			continue
		}
		known[spec.Name] = true
		j := need(spec.Name, string(spec.Group))
		if j < 0 {
			continue
		}
		col := &Column{Spec: spec}
		switch spec.Type {
		case Numeric:
			col.Num, col.Censor = make([]float64, n), make([]Censor, n)
		case Binary:
			col.Num = make([]float64, n)
		case Categorical:
			col.Cat = make([]string, n)
		case Codes:
			col.Codes = make([][]string, n)
		}
		c.Columns = append(c.Columns, col)
		featCols[col] = j
	}
	for j, h := range t.Header {
		if h != "" && !known[h] {
			l.problem(Warning, -1, j, "", "the column is not in the dictionary and is ignored",
				"add it to the dictionary (use `group: exclude` to ignore it on purpose)")
		}
	}
	// A column the dictionary names but the file lacks leaves nothing to read
	// it from. Errors ReadTable found (a ragged row, say) do not stop the
	// load: the remaining rows are still checked so every problem is listed.
	if len(l.ps.Errors()) > tableErrors {
		return nil
	}

	l.decimal = l.detectDecimal(c, featCols)

	// Ids.
	c.IDs = make([]string, n)
	firstLine := map[string]int{}
	for i, rec := range t.Rows {
		id := strings.TrimSpace(rec[idCol])
		c.IDs[i] = id
		if l.isMissing(id) {
			l.problem(Error, i, idCol, id, "the patient id is blank or a missing-value token", "give every row an id")
			continue
		}
		if prev, dup := firstLine[id]; dup {
			l.problem(Error, i, idCol, id, fmt.Sprintf("duplicate patient id (first on line %d)", prev),
				"each patient must appear once: remove the duplicate row or correct the id")
			continue
		}
		firstLine[id] = t.Lines[i]
	}

	// Predictors, in dictionary order.
	for _, col := range c.Columns {
		j := featCols[col]
		for i, rec := range t.Rows {
			l.cell(col, i, j, rec[j])
		}
	}

	// Outcome.
	if o.IsTimeToEvent() {
		c.Outcome.EventTime = l.days(evCol, false)
		c.Outcome.FollowupTime = l.days(fuCol, true)
		if deathCol >= 0 {
			c.Outcome.DeathTime = l.days(deathCol, false)
		}
		l.checkTimes(c, evCol, deathCol, fuCol)
	} else {
		c.Outcome.Binary = map[string][]float64{}
		for _, b := range o.Binary {
			j := binCols[b]
			vals := make([]float64, n)
			for i, rec := range t.Rows {
				v, ok := l.binary(rec[j])
				if !ok {
					l.problem(Error, i, j, rec[j], "the outcome must be 0 or 1 (blank if unknown)", "correct the value")
				}
				vals[i] = v
			}
			c.Outcome.Binary[b] = vals
		}
	}
	if !l.ps.HasErrors() {
		// Only a clean load is worth these warnings: with errors, rows are
		// missing and the column may only look constant.
		for _, col := range c.Columns {
			l.checkInformative(col, featCols[col])
		}
	}
	if l.dropped > 0 {
		l.ps = append(l.ps, Problem{Severity: Warning, File: t.File,
			Msg:  fmt.Sprintf("%d further problems were not listed", l.dropped),
			Hint: "fix the problems above and load again"})
	}
	return c
}

var (
	commaDecimal = regexp.MustCompile(`^[<>≤≥]?=?\s*[+-]?[0-9]*,[0-9]+$`)
	dotDecimal   = regexp.MustCompile(`^[<>≤≥]?=?\s*[+-]?[0-9]*\.[0-9]+$`)
)

// detectDecimal decides the decimal mark from the numeric predictor columns:
// ',' when some values use a decimal comma and none a decimal point. Mixed
// marks are an error at the first minority value.
func (l *loader) detectDecimal(c *Cohort, cols map[*Column]int) byte {
	if l.opt.Decimal != 0 {
		return byte(l.opt.Decimal)
	}
	type pos struct{ row, col int }
	var commas, dots []pos
	for _, col := range c.Columns {
		if col.Spec.Type != Numeric {
			continue
		}
		j := cols[col]
		for i, rec := range l.t.Rows {
			v := strings.TrimSpace(rec[j])
			if commaDecimal.MatchString(v) {
				commas = append(commas, pos{i, j})
			} else if dotDecimal.MatchString(v) {
				dots = append(dots, pos{i, j})
			}
		}
	}
	switch {
	case len(commas) == 0:
		return '.'
	case len(dots) == 0:
		return ','
	}
	minority, majority, mark, other := dots, commas, ".", ","
	if len(commas) < len(dots) {
		minority, majority, mark, other = commas, dots, ",", "."
	}
	p := minority[0]
	l.problem(Error, p.row, p.col, l.t.Rows[p.row][p.col],
		fmt.Sprintf("the file mixes decimal marks: %d values use %q and %d use %q", len(minority), mark, len(majority), other),
		"export with one decimal mark, or set it explicitly (--decimal)")
	return other[0]
}

// number parses a numeric cell: an optional "<", ">", "<=", ">=", "≤" or "≥"
// censoring prefix, then a finite number with the file's decimal mark.
func (l *loader) number(s string) (float64, Censor, error) {
	s = strings.TrimSpace(s)
	cens := NotCensored
	switch {
	case strings.HasPrefix(s, "<"), strings.HasPrefix(s, "≤"):
		cens = Below
	case strings.HasPrefix(s, ">"), strings.HasPrefix(s, "≥"):
		cens = Above
	}
	if cens != NotCensored {
		s = strings.TrimLeft(s, "<>≤≥=")
		s = strings.TrimSpace(s)
	}
	if l.decimal == ',' {
		if strings.Contains(s, ".") {
			return 0, cens, fmt.Errorf("a decimal point in a file that uses decimal commas")
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, cens, fmt.Errorf("a number too large or too small to represent")
	}
	if err != nil {
		return 0, cens, fmt.Errorf("not a number")
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, cens, fmt.Errorf("not a finite number")
	}
	if math.Abs(v) > MaxAbsValue {
		return 0, cens, fmt.Errorf("a number larger than %g in magnitude, which no measurement reaches", MaxAbsValue)
	}
	return v, cens, nil
}

var binaryTokens = map[string]float64{
	"0": 0, "1": 1, "0.0": 0, "1.0": 1, "0,0": 0, "1,0": 1,
	"no": 0, "yes": 1, "n": 0, "y": 1, "false": 0, "true": 1,
	"nei": 0, "ja": 1, "j": 1,
}

// binary parses a binary cell; blank or a missing token gives NaN, true.
func (l *loader) binary(s string) (float64, bool) {
	if l.isMissing(s) {
		return math.NaN(), true
	}
	v, ok := binaryTokens[strings.ToLower(strings.TrimSpace(s))]
	if !ok {
		return math.NaN(), false
	}
	return v, true
}

func (l *loader) cell(col *Column, i, j int, raw string) {
	spec := col.Spec
	switch spec.Type {
	case Numeric:
		if l.isMissing(raw) {
			col.Num[i] = math.NaN()
			return
		}
		v, cens, err := l.number(raw)
		if err != nil {
			col.Num[i] = math.NaN()
			l.problem(Error, i, j, raw, fmt.Sprintf("%s: expected a number (optionally with < or > for a value at a detection limit) or a missing-value token", err),
				"correct the value or mark it missing (blank or NA)")
			return
		}
		col.Num[i], col.Censor[i] = v, cens
		if lo, hi, ok := plausibleRange(spec); ok && (v < lo || v > hi) {
			l.problem(Warning, i, j, raw, fmt.Sprintf("outside the plausible range [%g, %g] %s", lo, hi, spec.Unit),
				"check the value and the column's unit; set `range:` in the dictionary if the range is wrong")
		}
	case Binary:
		v, ok := l.binary(raw)
		col.Num[i] = v
		if !ok {
			l.problem(Error, i, j, raw, "expected 0 or 1 (also yes/no, true/false, ja/nei) or a missing-value token", "correct the value")
		}
	case Categorical:
		if l.isMissing(raw) {
			return
		}
		v := strings.TrimSpace(raw)
		if len(spec.Levels) > 0 {
			canon, ok := lookupLevel(spec.Levels, v)
			if !ok {
				l.problem(Error, i, j, raw, fmt.Sprintf("not one of the declared levels %s", levelKeys(spec.Levels)),
					"add the value to `levels:` in the dictionary or correct it")
				return
			}
			v = canon
		}
		col.Cat[i] = v
	case Codes:
		if strings.TrimSpace(raw) != "" && l.isMissing(raw) {
			return // missing: nil
		}
		sep := spec.Separator
		if sep == "" {
			sep = "|" // the documented default; a Dictionary built in code may leave it empty
		}
		var dated []datedCode
		anyDate := false
		for _, part := range strings.Split(raw, sep) {
			if strings.TrimSpace(part) == "" {
				continue
			}
			codeText, dayText, hasDay := strings.Cut(part, "@")
			day := math.NaN()
			if hasDay {
				v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(dayText), ",", ".", 1), 64)
				if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
					l.problem(Error, i, j, part, "the day after \"@\" is not a number: a dated code is CODE@DAYS, DAYS relative to the index VTE (negative = before)",
						"correct the code's day, or drop \"@...\" for an undated code")
					continue
				}
				day, anyDate = v, true
			}
			code, ok := NormalizeICD10(codeText)
			if !ok {
				l.problem(Warning, i, j, part, "not a WHO ICD-10 code (a letter, two digits, up to two more characters); the code is left out",
					"correct the code in the export; ICD-10-CM codes longer than five characters are not WHO ICD-10")
				continue
			}
			dated = append(dated, datedCode{code, day})
		}
		sort.Slice(dated, func(a, b int) bool {
			if dated[a].code != dated[b].code {
				return dated[a].code < dated[b].code
			}
			return lessNaNFirst(dated[a].day, dated[b].day)
		})
		codes, days := []string{}, []float64{}
		for k, d := range dated {
			if k > 0 && d.code == dated[k-1].code && (d.day == dated[k-1].day || math.IsNaN(d.day) && math.IsNaN(dated[k-1].day)) {
				continue
			}
			codes, days = append(codes, d.code), append(days, d.day)
		}
		col.Codes[i] = codes
		if anyDate {
			if col.CodeDays == nil {
				col.CodeDays = make([][]float64, len(col.Codes))
			}
			col.CodeDays[i] = days
		}
	}
}

// checkInformative warns about a predictor column that cannot inform a
// model: every value missing, or one value only. Codes columns are not
// checked (a list of codes is rarely constant, and an empty list is a value),
// nor ICD-10 indicator columns that are 0 for everyone (a rare code).
func (l *loader) checkInformative(col *Column, j int) {
	n := len(l.t.Rows)
	missing, first, seen, constant := 0, "", false, true
	for i := 0; i < n; i++ {
		if col.Missing(i) {
			missing++
			continue
		}
		var v string
		switch col.Spec.Type {
		case Numeric, Binary:
			v = strconv.FormatFloat(col.Num[i], 'g', -1, 64)
			if col.Censor != nil && col.Censor[i] != NotCensored {
				v = [...]string{"", "<", ">"}[col.Censor[i]] + v
			}
		case Categorical:
			v = col.Cat[i]
		default:
			return
		}
		if !seen {
			first, seen = v, true
		} else if v != first {
			constant = false
		}
	}
	switch {
	case missing == n:
		l.problem(Warning, -1, j, "", "every value is missing: the column carries no information",
			"check the export, or declare the column `group: exclude`")
	case constant && col.Spec.Group == GroupICD10 && col.Spec.Type == Binary && first == "0":
		// A code nobody in the cohort has: usual for rare codes, and
		// harmless (standardisation turns it into a column of zeros).
	case constant:
		l.problem(Warning, -1, j, first, "every non-missing value is the same: the column carries no information",
			"check the export, or declare the column `group: exclude`")
	}
}

type datedCode struct {
	code string
	day  float64
}

func lessNaNFirst(a, b float64) bool {
	if math.IsNaN(a) {
		return !math.IsNaN(b)
	}
	return !math.IsNaN(b) && a < b
}

func lookupLevel(levels map[string]string, v string) (string, bool) {
	if c, ok := levels[v]; ok {
		return c, true
	}
	for k, c := range levels {
		if strings.EqualFold(k, v) {
			return c, true
		}
	}
	return "", false
}

func levelKeys(levels map[string]string) string {
	keys := make([]string, 0, len(levels))
	for k := range levels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "[" + strings.Join(keys, ", ") + "]"
}

// days parses a column of day counts. Blank is NaN (an error when required).
func (l *loader) days(j int, required bool) []float64 {
	out := make([]float64, len(l.t.Rows))
	for i, rec := range l.t.Rows {
		raw := rec[j]
		if l.isMissing(raw) {
			out[i] = math.NaN()
			if required {
				l.problem(Error, i, j, raw, "follow-up time is required for every patient", "give the days observed from the index VTE to death, censoring or end of study")
			}
			continue
		}
		v, cens, err := l.number(raw)
		if err == nil && cens != NotCensored {
			err = fmt.Errorf("a censored value")
		}
		if err != nil {
			out[i] = math.NaN()
			l.problem(Error, i, j, raw, fmt.Sprintf("%s: expected a number of days after the index VTE", err), "correct the value")
			continue
		}
		if v < 0 {
			out[i] = math.NaN()
			l.problem(Error, i, j, raw, "negative days: the time is before the index VTE", "times are days after the index VTE; check the date arithmetic in the export")
			continue
		}
		out[i] = v
	}
	return out
}

func (l *loader) checkTimes(c *Cohort, evCol, deathCol, fuCol int) {
	o := c.Outcome
	for i := range l.t.Rows {
		ev, fu := o.EventTime[i], o.FollowupTime[i]
		death := math.NaN()
		if o.DeathTime != nil {
			death = o.DeathTime[i]
		}
		if !math.IsNaN(ev) && !math.IsNaN(fu) && ev > fu {
			l.problem(Error, i, evCol, l.t.Rows[i][evCol], fmt.Sprintf("the event is after the end of follow-up (day %g)", fu),
				"follow-up must last at least until the event; check both columns")
		}
		if !math.IsNaN(death) && !math.IsNaN(fu) && death > fu {
			l.problem(Error, i, deathCol, l.t.Rows[i][deathCol], fmt.Sprintf("death is after the end of follow-up (day %g)", fu),
				"follow-up ends at death; check both columns")
		}
		if !math.IsNaN(ev) && !math.IsNaN(death) && ev > death {
			l.problem(Error, i, evCol, l.t.Rows[i][evCol], fmt.Sprintf("the event is after death (day %g)", death),
				"check both columns")
		}
	}
}
