package datasets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// DefaultMissing are the tokens read as missing, compared case-insensitively
// after trimming spaces.
var DefaultMissing = []string{"", "NA", "N/A", ".", "-", "NaN", "missing"}

// Table is a CSV file read into memory as text, before any typing: the
// header, the rows and the physical line each row starts on.
type Table struct {
	File      string
	Header    []string
	Rows      [][]string
	Lines     []int // Lines[i] is the line row i starts on (header is line 1)
	Delimiter rune
}

// Default size limits of ReadTable and Load. A registry export has a few
// hundred columns and lines of a few kilobytes; the limits are far above
// that and only stop hostile or broken files (a missing line end, a binary
// file, an unterminated quote) before they exhaust memory.
const (
	// DefaultMaxLineBytes is the default longest line, or quoted field
	// spanning lines, in bytes (16 MiB).
	DefaultMaxLineBytes = 16 << 20
	// DefaultMaxColumns is the default largest number of header columns.
	DefaultMaxColumns = 20000
	// DefaultMaxProblems is the default number of problems listed before
	// the rest are only counted.
	DefaultMaxProblems = 500
)

// TableOptions tune ReadTable. The zero value detects everything and uses
// the default limits.
type TableOptions struct {
	// File names the input in messages.
	File string
	// Delimiter is the field separator; 0 detects it from the header line
	// among ',', ';' and tab.
	Delimiter rune
	// MaxLineBytes caps the length of a line, or of a record whose quoted
	// field spans lines, in bytes; 0 means DefaultMaxLineBytes. Reading
	// stops at the first longer line, so memory stays bounded whatever the
	// input.
	MaxLineBytes int
	// MaxColumns caps the number of header columns; 0 means
	// DefaultMaxColumns. A longer header stops the read.
	MaxColumns int
	// MaxProblems caps how many problems are listed; further ones are
	// counted in a final warning. 0 means DefaultMaxProblems.
	MaxProblems int
}

func (o *TableOptions) defaults() {
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultMaxColumns
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = DefaultMaxProblems
	}
}

// ReadTable reads a delimited text file: a UTF-8 byte-order mark is skipped,
// CRLF and LF line ends are both accepted, the delimiter is detected from the
// header line unless given. Ragged rows, invalid UTF-8 (e.g. a Latin-1
// export), NUL bytes, a byte-order mark or the header repeated inside the
// file, duplicate or blank header names and malformed quoting are reported
// as Problems with their line; rows with such problems are left out of Rows
// (and reported). A UTF-16 file, an Excel workbook, lone carriage-return
// line ends, a line longer than opt.MaxLineBytes or a header wider than
// opt.MaxColumns stops the read with one problem, so memory stays bounded
// whatever the input.
func ReadTable(r io.Reader, opt TableOptions) (*Table, Problems) {
	opt.defaults()
	t := &Table{File: opt.File}
	guard := &lineGuard{r: r, max: opt.MaxLineBytes, line: 1, recLine: 1}
	br := bufio.NewReaderSize(guard, 1<<16)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	var ps Problems
	dropped := 0
	add := func(line, col int, field, value, msg, hint string) {
		if len(ps) >= opt.MaxProblems {
			dropped++
			return
		}
		ps = append(ps, Problem{Severity: Error, File: opt.File, Line: line, Column: col, Field: strings.ToValidUTF8(field, "?"), Value: shorten(value), Msg: msg, Hint: hint})
	}
	finish := func() Problems {
		if dropped > 0 {
			ps = append(ps, Problem{Severity: Warning, File: opt.File,
				Msg:  fmt.Sprintf("%d further problems were not listed", dropped),
				Hint: "fix the problems above and read the file again"})
		}
		return ps
	}
	limitProblem := func() {
		add(guard.recLine, 0, "", "", fmt.Sprintf("the line (or a quoted field starting on it) is longer than %d bytes; reading stopped", opt.MaxLineBytes),
			"check the export's line ends and quoting: an unbalanced quote or a missing line end makes one huge line; a cohort export has lines of a few kilobytes")
	}
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		add(1, 0, "", "", "the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8",
			"save the export as UTF-8 (in Excel: \"CSV UTF-8\"; in R: write.csv(..., fileEncoding = \"UTF-8\"))")
		return t, finish()
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		add(1, 0, "", "", "the file is an Excel workbook (or another ZIP or OLE file), not a CSV text file",
			"open it in Excel and save it as \"CSV UTF-8 (comma delimited)\"")
		return t, finish()
	}
	t.Delimiter = opt.Delimiter
	if t.Delimiter == 0 {
		head, _ := br.Peek(br.Size())
		t.Delimiter = detectDelimiter(head)
	}
	cr := csv.NewReader(br)
	cr.Comma = t.Delimiter
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		add(0, 0, "", "", "the file is empty", "export the cohort with a header line and one row per patient")
		return t, finish()
	}
	if err != nil && guard.err != nil {
		limitProblem()
		return t, finish()
	}
	if err != nil {
		add(1, 0, "", "", "cannot read the header line: "+csvMessage(err), "check the export's quoting")
		return t, finish()
	}
	if len(header) > 1 && strings.ContainsRune(strings.Join(header, ""), '\r') {
		add(1, 0, "", "", "the line ends are lone carriage returns (classic Mac OS), so the whole file reads as one line",
			"save the export with Windows (CRLF) or Unix (LF) line ends")
		return t, finish()
	}
	if len(header) > opt.MaxColumns {
		add(1, 0, "", "", fmt.Sprintf("the header has %d columns, more than the %d bleedrisk reads; reading stopped", len(header), opt.MaxColumns),
			fmt.Sprintf("check the delimiter (detected %q; set it with --delimiter) and that the file is a cohort export with one column per variable", string(t.Delimiter)))
		return t, finish()
	}
	seen := map[string]int{}
	for j, h := range header {
		h = strings.TrimSpace(h)
		header[j] = h
		switch {
		case !utf8.ValidString(h):
			add(1, j+1, "", h, "the header is not valid UTF-8 (the file is probably Latin-1 / Windows-1252)", "save the export as UTF-8 (in Excel: \"CSV UTF-8\")")
		case strings.ContainsRune(h, '\uFEFF'):
			add(1, j+1, "", strings.ReplaceAll(h, "\uFEFF", "<BOM>"), "the column name contains a byte-order mark (the header was pasted together from files saved with one)", "delete the invisible character, or export the header again")
		case strings.ContainsRune(h, 0):
			add(1, j+1, "", strings.ReplaceAll(h, "\x00", "\\0"), "the header contains NUL bytes (the file is probably UTF-16 or not a text file)", "save the export as UTF-8 CSV")
		case h == "":
			add(1, j+1, "", "", "a column has no name", "give every column a header name")
		case seen[h] > 0:
			add(1, j+1, h, "", fmt.Sprintf("the column name appears twice (also column %d)", seen[h]), "rename one of the columns")
		default:
			seen[h] = j + 1
		}
	}
	t.Header = header
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && guard.err != nil {
			// The guard stopped the input inside this record; the records
			// before it were complete and are kept.
			limitProblem()
			break
		}
		if err != nil {
			// FieldPos must not be called here: after a parse error in the
			// first field the record has no positions and FieldPos panics.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				// pe.Column is a character position; Problem.Column is a field
				// index: the field being read when the parse failed.
				col := len(rec) + 1
				name := ""
				if col <= len(header) {
					name = header[col-1]
				}
				add(pe.StartLine, col, name, "", fmt.Sprintf("%s (reading stopped at line %d, character %d)", csvMessage(err), pe.Line, pe.Column), "check the quoting on this line: a field that contains the delimiter, a quote or a line break must be quoted, and quotes inside it doubled")
				if errors.Is(pe.Err, csv.ErrQuote) {
					// An unterminated quote swallows the rest of the file: stop here.
					break
				}
				continue
			}
			add(0, 0, "", "", err.Error(), "")
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			continue // blank line
		}
		if len(rec) != len(header) {
			// Point at the first surplus field, or at the last field of a short row.
			col := len(header) + 1
			if len(rec) < len(header) {
				col = len(rec)
			}
			add(line, col, "", "", fmt.Sprintf("the row has %d fields but the header has %d", len(rec), len(header)),
				fmt.Sprintf("check for a missing or extra %q on this line, or a value containing it that should be quoted", string(t.Delimiter)))
			continue
		}
		bad := false
		for j, v := range rec {
			switch {
			case !utf8.ValidString(v):
				add(line, j+1, header[j], strings.ToValidUTF8(v, "?"), "the value is not valid UTF-8 (the file is probably Latin-1 / Windows-1252)", "save the export as UTF-8 (in Excel: \"CSV UTF-8\")")
				bad = true
			case strings.ContainsRune(v, 0):
				add(line, j+1, header[j], strings.ReplaceAll(v, "\x00", "\\0"), "the value contains NUL bytes (the file is probably UTF-16, or binary data was pasted into it)", "save the export as UTF-8 CSV and check this line")
				bad = true
			case strings.ContainsRune(v, '\uFEFF'):
				add(line, j+1, header[j], strings.ReplaceAll(v, "\uFEFF", "<BOM>"), "the value contains a byte-order mark: two exports were probably joined into one file", "remove the second export's header line and byte-order mark, or export again as one file")
				bad = true
			}
			if bad {
				break
			}
		}
		if bad {
			continue
		}
		if sameRecord(rec, header) {
			add(line, 0, "", "", "the header line appears again: two exports were probably joined into one file", "remove the repeated header line")
			continue
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if len(t.Rows) == 0 && !ps.HasErrors() {
		add(1, 0, "", "", "the file has a header but no data rows", "export at least one patient")
	}
	return t, finish()
}

// sameRecord reports whether a data row repeats the (trimmed) header.
func sameRecord(rec, header []string) bool {
	if len(rec) != len(header) || len(rec) < 2 {
		return false
	}
	for j := range rec {
		if strings.TrimSpace(rec[j]) != header[j] {
			return false
		}
	}
	return true
}

// lineGuard passes its reader through until a line, or a record whose
// quoted field spans lines, exceeds max bytes; it then fails, so that
// encoding/csv (which buffers a whole record) never holds more than max
// bytes of one record. It follows quotes by parity, which matches CSV
// quoting for well-formed input (a doubled quote inside a quoted field
// toggles twice); after a stray quote it may treat the rest of the file as
// one record and stop at the stray quote's line, which is broken anyway.
type lineGuard struct {
	r       io.Reader
	max     int
	line    int  // physical line of the next byte, 1-based
	recLine int  // line the current record started on
	n       int  // bytes of the current record so far
	inQuote bool // inside a quoted field
	err     error
}

// errLineTooLong is returned once a record exceeds the limit.
var errLineTooLong = errors.New("datasets: line too long")

func (g *lineGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	for i := 0; i < n; i++ {
		g.n++
		switch p[i] {
		case '"':
			g.inQuote = !g.inQuote
		case '\n':
			g.line++
			if !g.inQuote {
				g.n = 0
				g.recLine = g.line
			}
		}
		if g.n > g.max {
			g.err = errLineTooLong
			return i, g.err
		}
	}
	return n, err
}

// Col returns the index of the named header column, or -1.
func (t *Table) Col(name string) int {
	for j, h := range t.Header {
		if h == name {
			return j
		}
	}
	return -1
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// detectDelimiter picks the most frequent of ',', ';' and tab outside quotes
// on the first line; ',' when none occurs.
func detectDelimiter(head []byte) rune {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	counts := map[byte]int{}
	inQuote := false
	for _, b := range head {
		switch {
		case b == '"':
			inQuote = !inQuote
		case !inQuote && (b == ',' || b == ';' || b == '\t'):
			counts[b]++
		}
	}
	best, n := byte(','), 0
	for _, d := range []byte{',', ';', '\t'} {
		if counts[d] > n {
			best, n = d, counts[d]
		}
	}
	return rune(best)
}
