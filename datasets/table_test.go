package datasets

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadTable(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		opt    TableOptions
		delim  rune
		header []string
		rows   [][]string
		lines  []int
	}{
		{name: "comma", in: "a,b\n1,2\n3,4\n", delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"3", "4"}}, lines: []int{2, 3}},
		{name: "semicolon with decimal commas", in: "a;b\n1,5;2\n", delim: ';',
			header: []string{"a", "b"}, rows: [][]string{{"1,5", "2"}}, lines: []int{2}},
		{name: "tab", in: "a\tb\tc\n1\t2\t3\n", delim: '\t',
			header: []string{"a", "b", "c"}, rows: [][]string{{"1", "2", "3"}}, lines: []int{2}},
		{name: "BOM and CRLF", in: "\ufeffa;b\r\n1;2\r\n", delim: ';',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{2}},
		{name: "header names trimmed", in: " a , b \n1,2\n", delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{2}},
		// The quoted header name holds two semicolons, but ',' is the delimiter.
		{name: "delimiter inside quotes ignored", in: "\"x;y;z\",b\n1,2\n", delim: ',',
			header: []string{"x;y;z", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{2}},
		// A quoted value spanning two lines: the next row starts on line 4.
		{name: "multi-line field keeps line numbers", in: "a,b\n\"x\ny\",1\nz,2\n", delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"x\ny", "1"}, {"z", "2"}}, lines: []int{2, 4}},
		{name: "blank lines skipped", in: "a,b\n\n1,2\n\n3,4\n", delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"3", "4"}}, lines: []int{3, 5}},
		{name: "delimiter given", in: "a;b,c\n1;2,3\n", opt: TableOptions{Delimiter: ','}, delim: ',',
			header: []string{"a;b", "c"}, rows: [][]string{{"1;2", "3"}}, lines: []int{2}},
		{name: "no final newline", in: "a,b\n1,2", delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tab, ps := ReadTable(strings.NewReader(tc.in), tc.opt)
			if len(ps) != 0 {
				t.Fatalf("problems: %v", ps)
			}
			if tab.Delimiter != tc.delim || !reflect.DeepEqual(tab.Header, tc.header) ||
				!reflect.DeepEqual(tab.Rows, tc.rows) || !reflect.DeepEqual(tab.Lines, tc.lines) {
				t.Errorf("got delim %q header %q rows %q lines %v", tab.Delimiter, tab.Header, tab.Rows, tab.Lines)
			}
		})
	}
}

// TestReadTableProblems: bad rows are reported with their line and field and
// left out of Rows; the good rows around them are kept.
func TestReadTableProblems(t *testing.T) {
	in := "id,x,y\n1,a,b\n2,a\n3,a,b,c\n4,\"a,b\n"
	tab, ps := ReadTable(strings.NewReader(in), TableOptions{File: "t.csv"})
	if !reflect.DeepEqual(tab.Rows, [][]string{{"1", "a", "b"}}) {
		t.Errorf("rows = %q", tab.Rows)
	}
	want := []string{
		"t.csv:3:2: error: the row has 2 fields but the header has 3",
		"t.csv:4:4: error: the row has 4 fields but the header has 3",
		`t.csv:5:2: error: column "x": extraneous or missing " in quoted-field`,
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems: %v", len(ps), ps)
	}
	for k, w := range want {
		if !strings.HasPrefix(ps[k].String(), w) {
			t.Errorf("problem %d = %q, want prefix %q", k, ps[k], w)
		}
	}
	if c := tab.Col("y"); c != 2 {
		t.Errorf("Col(y) = %d", c)
	}
	if c := tab.Col("nope"); c != -1 {
		t.Errorf("Col(nope) = %d", c)
	}
}

func TestShortenKeepsUTF8(t *testing.T) {
	s := strings.Repeat("ø", 40) // 80 bytes
	got := shorten(s)
	if !strings.HasSuffix(got, "…") || strings.ContainsRune(got, '\uFFFD') || len(got) > 63 {
		t.Errorf("shorten = %q", got)
	}
	for _, r := range got {
		if r == '\uFFFD' {
			t.Fatal("invalid UTF-8")
		}
	}
}
