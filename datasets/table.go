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

// TableOptions tune ReadTable. The zero value detects everything.
type TableOptions struct {
	// File names the input in messages.
	File string
	// Delimiter is the field separator; 0 detects it from the header line
	// among ',', ';' and tab.
	Delimiter rune
}

// ReadTable reads a delimited text file: a UTF-8 byte-order mark is skipped,
// CRLF and LF line ends are both accepted, the delimiter is detected from the
// header line unless given. Ragged rows, invalid UTF-8 (e.g. a Latin-1
// export), duplicate or blank header names and malformed quoting are
// reported as Problems with their line; rows with the wrong number of fields
// are left out of Rows (and reported).
func ReadTable(r io.Reader, opt TableOptions) (*Table, Problems) {
	t := &Table{File: opt.File}
	br := bufio.NewReaderSize(r, 1<<16)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	var ps Problems
	add := func(line, col int, field, value, msg, hint string) {
		ps = append(ps, Problem{Severity: Error, File: opt.File, Line: line, Column: col, Field: field, Value: shorten(value), Msg: msg, Hint: hint})
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
		return t, ps
	}
	if err != nil {
		add(1, 0, "", "", "cannot read the header line: "+csvMessage(err), "check the export's quoting")
		return t, ps
	}
	seen := map[string]int{}
	for j, h := range header {
		h = strings.TrimSpace(h)
		header[j] = h
		switch {
		case !utf8.ValidString(h):
			add(1, j+1, "", h, "the header is not valid UTF-8 (the file is probably Latin-1 / Windows-1252)", "save the export as UTF-8 (in Excel: \"CSV UTF-8\")")
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
			if !utf8.ValidString(v) {
				add(line, j+1, header[j], strings.ToValidUTF8(v, "?"), "the value is not valid UTF-8 (the file is probably Latin-1 / Windows-1252)", "save the export as UTF-8 (in Excel: \"CSV UTF-8\")")
				bad = true
			}
		}
		if bad {
			continue
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if len(t.Rows) == 0 && !ps.HasErrors() {
		add(1, 0, "", "", "the file has a header but no data rows", "export at least one patient")
	}
	return t, ps
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
