package datasets

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestSummarize counts the plain test export (testRows) by hand:
//   - groups: baseline alder, kjonn, metastatic (3 columns, 12 cells, none
//     missing); biochemistry hb, krea, crp (12 cells; hb of P3 "NA" and krea
//     of P4 blank: 2 missing); icd10 icd10_koder, icd_C18 (8 cells; the codes
//     of P4 "NA": 1 missing; P3's blank codes mean "no codes", not missing).
//   - censored: krea "<40" (P1) below; crp ">90" (P1) above, "<5" (P3) below.
//   - windows (P1 bleeds day 30, fu 400; P2 dies day 200; P3 alive to 455;
//     P4 bleeds day 100, dies 150):
//     1-90: P1 1, P2 0, P3 0, P4 0 (bleeds after day 90): 4 labelled, 1 event;
//     1-365: P1 1, P2 0 competing, P3 0, P4 1: 4 labelled, 2 events, 1 death;
//     90-455: P1 excluded (bled before day 90), P2 0 competing, P3 0, P4 1:
//     3 labelled, 1 event, 1 death, 1 landmark exclusion.
//   - deaths: P2 and P4.
func TestSummarize(t *testing.T) {
	c, err := Load(strings.NewReader(plainCSV()), mustDict(t, testDictYAML), Options{File: "plain.csv"})
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(c)
	if s.Rows != 4 || s.Deaths != 2 || !s.HasDeaths || s.Source != "plain.csv" || s.Warnings != 0 {
		t.Errorf("rows %d deaths %d/%v source %q warnings %d", s.Rows, s.Deaths, s.HasDeaths, s.Source, s.Warnings)
	}
	wantGroups := []GroupSummary{
		{Group: GroupBaseline, Columns: 3, Cells: 12, Missing: 0},
		{Group: GroupBiochemistry, Columns: 3, Cells: 12, Missing: 2},
		{Group: GroupICD10, Columns: 2, Cells: 8, Missing: 1},
	}
	if !reflect.DeepEqual(s.Groups, wantGroups) {
		t.Errorf("groups = %+v, want %+v", s.Groups, wantGroups)
	}
	if f := s.Groups[1].MissingFraction(); f != 2.0/12 {
		t.Errorf("biochemistry missing fraction %v", f)
	}
	wantCols := []ColumnSummary{
		{Name: "alder", Group: GroupBaseline, Type: Numeric},
		{Name: "kjonn", Group: GroupBaseline, Type: Categorical},
		{Name: "hb", Group: GroupBiochemistry, Type: Numeric, Missing: 1},
		{Name: "krea", Group: GroupBiochemistry, Type: Numeric, Missing: 1, Below: 1},
		{Name: "crp", Group: GroupBiochemistry, Type: Numeric, Below: 1, Above: 1},
		{Name: "metastatic", Group: GroupBaseline, Type: Binary},
		{Name: "icd10_koder", Group: GroupICD10, Type: Codes, Missing: 1},
		{Name: "icd_C18", Group: GroupICD10, Type: Binary},
	}
	if !reflect.DeepEqual(s.Columns, wantCols) {
		t.Errorf("columns = %+v\nwant %+v", s.Columns, wantCols)
	}
	wantWin := []WindowSummary{
		{Window: DefaultWindows[0], Labelled: 4, Events: 1, Excluded: map[string]int{}},
		{Window: DefaultWindows[1], Labelled: 4, Events: 2, CompetingDeaths: 1, Excluded: map[string]int{}},
		{Window: DefaultWindows[2], Labelled: 3, Events: 1, CompetingDeaths: 1, Excluded: map[string]int{ExcludedLandmark: 1}},
	}
	if !reflect.DeepEqual(s.Windows, wantWin) {
		t.Errorf("windows = %+v\nwant %+v", s.Windows, wantWin)
	}
	if r := s.Windows[1].EventRate(); r != 0.5 {
		t.Errorf("event rate 1-365 = %v, want 2/4", r)
	}
	if r := (WindowSummary{}).EventRate(); !math.IsNaN(r) {
		t.Errorf("event rate of nobody = %v, want NaN", r)
	}

	var buf bytes.Buffer
	if err := s.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	t.Log("\n" + text)
	flat := strings.Join(strings.Fields(text), " ") // columns aligned with spaces
	for _, frag := range []string{
		"plain.csv: 4 patients, 8 predictor columns",
		"deaths during follow-up: 2 (50.0%)",
		"biochemistry 3 2 / 12 16.7%",
		"bleed_1_90 1-90 4 1 25.0% 0 0",
		"bleed_90_455 90-455 3 1 33.3% 1 1",
		"bleed_90_455: 1 excluded: event or death before the window starts",
		"krea 1 0 crp 1 1",
		"Missing values per column (3 of 8 columns have any)",
		"hb biochemistry 1 25.0%",
	} {
		if !strings.Contains(flat, frag) {
			t.Errorf("summary text lacks %q", frag)
		}
	}
}

func TestSummarizeBinaryOutcome(t *testing.T) {
	d := mustDict(t, "version: 1\nid: pid\noutcome: {binary: [y]}\ncolumns:\n  - {name: x, group: baseline, type: numeric}\n")
	c, err := Load(strings.NewReader("pid,x,y\n1,2,1\n2,,0\n3,4,\n"), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(c)
	// y: rows 1 and 2 labelled (one event), row 3 blank.
	want := []WindowSummary{{Window: Window{Name: "y"}, Labelled: 2, Events: 1, Excluded: map[string]int{ExcludedMissing: 1}}}
	if !reflect.DeepEqual(s.Windows, want) || s.HasDeaths || s.Deaths != 0 {
		t.Errorf("windows %+v deaths %d/%v", s.Windows, s.Deaths, s.HasDeaths)
	}
	var buf bytes.Buffer
	if err := s.WriteText(&buf); err != nil || strings.Contains(buf.String(), "deaths during") {
		t.Errorf("err %v text:\n%s", err, buf.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestSummaryWriteTextError(t *testing.T) {
	c, err := Load(strings.NewReader(plainCSV()), mustDict(t, testDictYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Summarize(c).WriteText(failWriter{}); err == nil || err.Error() != "disk full" {
		t.Errorf("err = %v", err)
	}
}
