package datasets

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Severity says whether a Problem stops a run.
type Severity int

const (
	// Warning is a problem the researcher should look at; the data still loads.
	Warning Severity = iota
	// Error is a problem that stops the data from loading.
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is one thing wrong with an input file, with its position, what was
// found, what was expected and what to do about it. Line and Column are
// 1-based; zero means the problem is not tied to a line or a column.
type Problem struct {
	Severity Severity
	File     string // file name as given by the caller; may be empty
	Line     int    // physical line in the file (header is line 1)
	Column   int    // 1-based field index in the CSV row, or column in a YAML file
	Field    string // column name in the data or key in the dictionary
	Value    string // the offending value, shortened to 60 characters
	Msg      string // what is wrong and what was expected
	Hint     string // what to do
}

// String formats the problem as "file:line:col: severity: field "value": msg (hint)".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
	} else {
		b.WriteString("<input>")
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	fmt.Fprintf(&b, ": %s: ", p.Severity)
	if p.Field != "" {
		fmt.Fprintf(&b, "column %q: ", p.Field)
	}
	if p.Value != "" {
		fmt.Fprintf(&b, "value %q: ", p.Value)
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString(" — ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// Problems is a list of problems. As an error it reports every error-severity
// problem, so a researcher can fix them all in one pass.
type Problems []Problem

// Errors returns only the error-severity problems.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns only the warning-severity problems.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Warning {
			out = append(out, p)
		}
	}
	return out
}

// HasErrors reports whether any problem is an error.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Error lists all problems, one per line, errors first.
func (ps Problems) Error() string {
	var b strings.Builder
	errs, warns := ps.Errors(), ps.Warnings()
	fmt.Fprintf(&b, "%d error(s), %d warning(s)", len(errs), len(warns))
	for _, p := range append(errs, warns...) {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// shorten makes a value fit a message: invalid UTF-8 (a Latin-1 byte, say)
// becomes "?", and a value longer than 60 bytes is cut at a rune boundary.
func shorten(s string) string {
	const max = 60
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= max {
		return s
	}
	// Cut at a rune boundary so the message stays valid UTF-8.
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
