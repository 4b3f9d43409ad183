package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// norwegianExport is a small Norwegian-named export: ";" delimiter, decimal
// comma, censored values, a date, free text, dotted codes, wide ICD-10
// indicators and time-to-event outcome columns.
func norwegianExport(n int) string {
	rng := rand.New(rand.NewPCG(7, 8))
	var b strings.Builder
	b.WriteString("\ufeffpasient_id;alder;kjønn;B-Hb;S-Kreatinin;trombocytter;albumin_g_l;CRP;vekt;høyde;metastaser;behandling;" +
		"icd10_koder;C18;icd_I26_9;diag_K92;diagnose_dato;kommentar;dager_til_blødning;dager_til_død;oppfølging_dager\r\n")
	for i := 0; i < n; i++ {
		sex := []string{"K", "M"}[i%2]
		crp := fmt.Sprintf("%d", 1+rng.IntN(150))
		if i%7 == 3 {
			crp = "<5"
		}
		krea := fmt.Sprintf("%d", 50+rng.IntN(80))
		if i%11 == 5 {
			krea = "" // missing
		}
		codes := []string{"c18.7|i26.9", "C34.1", "i26.9|C78.0|k92.2", ""}[i%4]
		fu := 30 + rng.IntN(500)
		ev, death := "", ""
		if i%5 == 0 {
			ev = fmt.Sprint(1 + rng.IntN(fu))
		}
		if i%6 == 1 {
			death = fmt.Sprint(fu)
		}
		fmt.Fprintf(&b, "%d;%d;%s;%d,%d;%s;%d;%d,%d;%s;%d;%d;%s;%s;%s;%d;%d;%d;%02d.%02d.20%02d;%s;%s;%s;%d\r\n",
			1000+i, 40+rng.IntN(50), sex, 9+rng.IntN(7), rng.IntN(10), krea, 100+rng.IntN(300), 25+rng.IntN(20), rng.IntN(10), crp,
			50+rng.IntN(60), 150+rng.IntN(40), []string{"ja", "nei"}[rng.IntN(2)], []string{"DOAK", "LMWH", "VKA"}[rng.IntN(3)],
			codes, i%4/3, rng.IntN(2), rng.IntN(2), 1+rng.IntN(28), 1+rng.IntN(12), 10+rng.IntN(10),
			[]string{"", "kontroll om 3 mnd", "ring pasient"}[i%3], ev, death, fu)
	}
	return b.String()
}

func readTable(t *testing.T, s string) *Table {
	t.Helper()
	tab, ps := ReadTable(strings.NewReader(s), TableOptions{File: "export.csv"})
	if ps.HasErrors() {
		t.Fatalf("table: %v", ps)
	}
	return tab
}

// roundTrip writes the draft, reads it back and loads the source with it.
func roundTrip(t *testing.T, src string, d *Dictionary) (*Dictionary, *Cohort, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDraft(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	back, err := ReadDictionary(strings.NewReader(text), "draft.yaml")
	if err != nil {
		t.Fatalf("the draft does not read back: %v\n%s", err, text)
	}
	c, err := Load(strings.NewReader(src), back, Options{File: "export.csv"})
	if err != nil {
		t.Fatalf("the source does not load with its draft: %v\n%s", err, text)
	}
	return back, c, text
}

func TestDraftNorwegian(t *testing.T) {
	src := norwegianExport(60)
	d, err := Draft(readTable(t, src), DraftOptions{})
	if err != nil {
		t.Fatal(err)
	}
	back, c, text := roundTrip(t, src, d)
	t.Log("\n" + text)
	if back.ID != "pasient_id" {
		t.Errorf("id = %q", back.ID)
	}
	if o := back.Outcome; o.EventTime != "dager_til_blødning" || o.DeathTime != "dager_til_død" || o.FollowupTime != "oppfølging_dager" {
		t.Errorf("outcome = %+v", o)
	}
	want := map[string]ColumnSpec{
		"alder":         {Group: GroupBaseline, Type: Numeric, Concept: "age", Unit: "years"},
		"kjønn":         {Group: GroupBaseline, Type: Categorical, Concept: "sex", Levels: map[string]string{"K": "female", "M": "male"}},
		"B-Hb":          {Group: GroupBiochemistry, Type: Numeric, Concept: "haemoglobin", Unit: "g/dL"},
		"S-Kreatinin":   {Group: GroupBiochemistry, Type: Numeric, Concept: "creatinine", Unit: "umol/L"},
		"trombocytter":  {Group: GroupBiochemistry, Type: Numeric, Concept: "platelets", Unit: "10^9/L"},
		"albumin_g_l":   {Group: GroupBiochemistry, Type: Numeric, Concept: "albumin", Unit: "g/L"},
		"CRP":           {Group: GroupBiochemistry, Type: Numeric, Concept: "crp", Unit: "mg/L"},
		"vekt":          {Group: GroupBaseline, Type: Numeric, Concept: "weight", Unit: "kg"},
		"høyde":         {Group: GroupBaseline, Type: Numeric, Concept: "height", Unit: "cm"},
		"metastaser":    {Group: GroupBaseline, Type: Binary, Concept: "metastatic"},
		"behandling":    {Group: GroupBaseline, Type: Categorical, Concept: "anticoagulant", Levels: map[string]string{"DOAK": "DOAK", "LMWH": "LMWH", "VKA": "VKA"}},
		"icd10_koder":   {Group: GroupICD10, Type: Codes, Separator: "|"},
		"C18":           {Group: GroupICD10, Type: Binary, Code: "C18"},
		"icd_I26_9":     {Group: GroupICD10, Type: Binary, Code: "I269"},
		"diag_K92":      {Group: GroupICD10, Type: Binary, Code: "K92"},
		"diagnose_dato": {Group: GroupExclude},
		"kommentar":     {Group: GroupExclude},
	}
	for name, w := range want {
		got, ok := back.Column(name)
		if !ok {
			t.Errorf("column %s not declared", name)
			continue
		}
		if got.Check == "" {
			t.Errorf("column %s: the guess is not marked (no check note)", name)
		}
		got.Check, got.Name = "", ""
		if !reflect.DeepEqual(got, w) {
			t.Errorf("column %s = %+v, want %+v", name, got, w)
		}
	}
	if len(back.Columns) != 21 {
		t.Errorf("%d columns declared, want all 21", len(back.Columns))
	}
	hb, _ := back.Column("B-Hb")
	if !strings.Contains(hb.Check, "type inferred from 60 values") || !strings.Contains(hb.Check, "check unit") {
		t.Errorf("B-Hb check = %q", hb.Check)
	}
	if crp := c.Column("CRP"); crp == nil || crp.Censor[3] != Below {
		t.Errorf("CRP censoring lost")
	}
	for _, frag := range []string{"DRAFT", "REVIEW", "check:", "Check these first", `id: "pasient_id"`, "export.csv (60 rows)"} {
		if !strings.Contains(text, frag) {
			t.Errorf("draft text lacks %q", frag)
		}
	}
}

// TestDraftTypesFromAllRows: a column whose first rows are numeric and a later
// row is text is categorical; the note names the text and its line.
func TestDraftTypesFromAllRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,score,flag,grade,days_to_bleed,days_followup\n")
	for i := 0; i < 30; i++ {
		score, flag, grade := fmt.Sprint(i%5), fmt.Sprint(i%2), fmt.Sprint(1+i%3)
		if i == 25 {
			score = "hemolysert" // line 27
			flag = "2"           // not binary
			grade = "3,5"        // decimal comma: still numeric
		}
		fmt.Fprintf(&b, "%d,%s,%s,\"%s\",,%d\n", i+1, score, flag, grade, 100)
	}
	src := b.String()
	d, err := Draft(readTable(t, src), DraftOptions{})
	if err != nil {
		t.Fatal(err)
	}
	back, _, _ := roundTrip(t, src, d)
	score, _ := back.Column("score")
	if score.Type != Categorical || len(score.Levels) != 6 {
		t.Errorf("score = %+v, want categorical with 6 levels", score)
	}
	if !strings.Contains(score.Check, `"hemolysert" on line 27`) || !strings.Contains(score.Check, "29 of 30 values are numbers") {
		t.Errorf("score check = %q", score.Check)
	}
	if flag, _ := back.Column("flag"); flag.Type != Numeric {
		t.Errorf("flag = %+v, want numeric (a 2 is not binary)", flag)
	}
	if grade, _ := back.Column("grade"); grade.Type != Numeric {
		t.Errorf("grade = %+v, want numeric", grade)
	}
}

// TestDraftPlainBinaryOutcome is `bleedrisk train --data FILE --outcome
// bleed_12m --id patient_id` on an English export like the peers' demo.
func TestDraftPlainBinaryOutcome(t *testing.T) {
	src := "patient_id,age,sex,lab_hemoglobin,lab_creatinine,lab_albumin,lab_total_bilirubin,prior_bleed,icd_K92_2,icd_Z79_01,bleed_12m,bleed_90d,notes\n" +
		"P000001,68.0,F,12.5,1.1,3.6,0.8,0,1,0,1,0,\n" +
		"P000002,71.0,M,,0.9,3.9,0.5,1,0,1,0,0,seen by GP\n" +
		"P000003,55.0,M,11.9,,3.2,1.2,0,0,0,,0,\n" +
		"P000004,80.0,F,13.1,1.4,4.1,0.6,0,1,0,0,1,\n"
	d, err := Draft(readTable(t, src), DraftOptions{ID: "patient_id", Outcome: []string{"bleed_12m"}})
	if err != nil {
		t.Fatal(err)
	}
	back, c, _ := roundTrip(t, src, d)
	if !reflect.DeepEqual(back.Outcome.Binary, []string{"bleed_12m"}) || back.ID != "patient_id" {
		t.Errorf("id %q outcome %+v", back.ID, back.Outcome)
	}
	checks := map[string]ColumnSpec{
		"lab_hemoglobin":      {Group: GroupBiochemistry, Type: Numeric, Concept: "haemoglobin", Unit: "g/dL"},
		"lab_creatinine":      {Group: GroupBiochemistry, Type: Numeric, Concept: "creatinine", Unit: "mg/dL"},
		"lab_albumin":         {Group: GroupBiochemistry, Type: Numeric, Concept: "albumin", Unit: "g/dL"},
		"lab_total_bilirubin": {Group: GroupBiochemistry, Type: Numeric, Concept: "bilirubin", Unit: "mg/dL"},
		"prior_bleed":         {Group: GroupBaseline, Type: Binary, Concept: "prior_bleeding"},
		"icd_K92_2":           {Group: GroupICD10, Type: Binary, Code: "K922"},
		"icd_Z79_01":          {Group: GroupICD10, Type: Binary, Code: "Z7901"},
		"bleed_90d":           {Group: GroupExclude}, // another outcome: would leak
		"notes":               {Group: GroupExclude},
		"sex":                 {Group: GroupBaseline, Type: Categorical, Concept: "sex", Levels: map[string]string{"F": "female", "M": "male"}},
	}
	for name, w := range checks {
		got, _ := back.Column(name)
		got.Check, got.Name = "", ""
		if !reflect.DeepEqual(got, w) {
			t.Errorf("column %s = %+v, want %+v", name, got, w)
		}
	}
	if w := c.Label(Window{Name: "bleed_12m"}); w.Events != 1 || len(w.Rows) != 3 {
		t.Errorf("labels = %+v", w)
	}
}

// TestDraftUnits: units guessed from the median (DOMAIN.md 5.2: Hb 12 g/dL =
// 120 g/L = 7.45 mmol/L) or read from the name's suffix.
func TestDraftUnits(t *testing.T) {
	cases := []struct {
		name   string
		values []string
		unit   string
	}{
		{"hb", []string{"11,8", "12,4", "13"}, "g/dL"},
		{"hb", []string{"118", "124", "130"}, "g/L"},
		{"hb", []string{"7.3", "7.7", "8.1"}, "mmol/L"},
		{"hemoglobin_mmol_l", []string{"11", "12", "13"}, "mmol/L"}, // the name wins over the magnitude
		{"kreatinin", []string{"75", "90", "<40"}, "umol/L"},
		{"creatinine", []string{"0.8", "1.1", "0.9"}, "mg/dL"},
		{"krea_mg_dl", []string{"80", "90", "100"}, "mg/dL"},
		{"albumin", []string{"35", "40", "28"}, "g/L"},
		{"bilirubin", []string{"8", "12", "5"}, "umol/L"},
		{"alat", []string{"20", "35", "80"}, "U/L"},
		{"height", []string{"1.62", "1.80", "1.75"}, "m"},
		{"lpk", []string{"6.1", "11.2", "8"}, "10^9/L"},
		{"d-dimer", []string{"2.1", ">20", "0.6"}, "mg/L FEU"},
	}
	for _, tc := range cases {
		src := "pid,days_to_bleed,days_followup," + tc.name + "\n"
		for i, v := range tc.values {
			src += fmt.Sprintf("%d,,100,%q\n", i+1, v)
		}
		d, err := Draft(readTable(t, src), DraftOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		roundTrip(t, src, d)
		if c, _ := d.Column(tc.name); c.Unit != tc.unit || c.Type != Numeric {
			t.Errorf("%s %v: unit %q type %s, want %q (check %q)", tc.name, tc.values, c.Unit, c.Type, tc.unit, c.Check)
		}
	}
}

func TestDraftCodesSeparators(t *testing.T) {
	for _, sep := range []string{"|", ";", " ", ","} {
		src := "pid,days_to_bleed,days_followup,diagnoser\n" +
			fmt.Sprintf("1,,100,\"C18.7%sI26.9\"\n2,,100,C34\n3,,100,\n4,,100,\"k92.2%sD68%sXX\"\n", sep, sep, sep)
		d, err := Draft(readTable(t, src), DraftOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, c, _ := roundTrip(t, src, d)
		spec, _ := d.Column("diagnoser")
		if spec.Type != Codes || spec.Separator != sep || spec.Group != GroupICD10 {
			t.Fatalf("sep %q: %+v", sep, spec)
		}
		if got := c.Column("diagnoser").Codes[0]; !reflect.DeepEqual(got, []string{"C187", "I269"}) {
			t.Errorf("sep %q: codes %q", sep, got)
		}
		// "XX" is 1 of 6 parts: reported by the loader, noted by the draft.
		if len(c.Warnings) != 1 || !strings.Contains(spec.Check, "17% of the codes are not WHO ICD-10") {
			t.Errorf("sep %q: warnings %v, check %q", sep, c.Warnings, spec.Check)
		}
	}
}

func TestDraftSexCodedAsNumbers(t *testing.T) {
	src := "pid,days_to_bleed,days_followup,gender\n1,,100,1\n2,,100,2\n3,,100,1\n"
	d, err := Draft(readTable(t, src), DraftOptions{})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, src, d)
	g, _ := d.Column("gender")
	if g.Type != Categorical || g.Concept != "sex" || !strings.Contains(g.Check, "map each to female or male") {
		t.Errorf("gender = %+v", g)
	}
}

func TestDraftErrors(t *testing.T) {
	cases := []struct {
		name, src string
		opt       DraftOptions
		msg       string
	}{
		{"no id", "x,days_to_bleed,days_followup\n1,,10\n1,,10\n", DraftOptions{}, "cannot guess the patient id column"},
		{"no outcome", "id,x\n1,2\n2,3\n", DraftOptions{}, "cannot guess the outcome"},
		{"id not in file", "id,y\n1,0\n", DraftOptions{ID: "pid", Outcome: []string{"y"}}, `the id column "pid" is not in the file`},
		{"outcome not in file", "id,y\n1,0\n", DraftOptions{Outcome: []string{"z"}}, `the outcome column "z" is not in the file`},
		{"outcome not binary", "id,y\n1,0\n2,2\n", DraftOptions{Outcome: []string{"y"}}, "the outcome column must hold 0 or 1"},
		{"outcome is the id", "id,y\n1,0\n2,1\n", DraftOptions{ID: "y", Outcome: []string{"y"}}, "also the id column"},
	}
	for _, tc := range cases {
		_, err := Draft(readTable(t, tc.src), tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.msg)
		}
		var ps Problems
		if err != nil && !errors.As(err, &ps) {
			t.Errorf("%s: error %T is not Problems", tc.name, err)
		}
	}
	if _, err := Draft(&Table{}, DraftOptions{}); err == nil {
		t.Error("no error for a table without a header")
	}
}

// TestDraftOfTestCohort drafts the loader tests' plain export and the
// Norwegian twin: the drafts agree and load their sources without errors.
func TestDraftOfTestCohort(t *testing.T) {
	var specs [2][]ColumnSpec
	for k, src := range []string{plainCSV(), norwegianCSV()} {
		// "ukjent" is a missing token of the twin's dictionary.
		d, err := Draft(readTable(t, src), DraftOptions{Missing: []string{"ukjent"}})
		if err != nil {
			t.Fatal(err)
		}
		back, _, _ := roundTrip(t, src, d)
		specs[k] = back.Columns
	}
	for j := range specs[0] {
		a, b := specs[0][j], specs[1][j]
		a.Check, b.Check = "", ""
		if !reflect.DeepEqual(a, b) {
			t.Errorf("plain and Norwegian drafts differ: %+v vs %+v", a, b)
		}
	}
}

// TestDraftWide drafts a cohort of the published study's shape (1080 patients,
// 488 attributes, mostly 0/1 ICD-10 indicators named like the peers' demo
// cohort) and loads it back.
func TestDraftWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, nICD = 1080, 440
	header := []string{"patient_id", "age", "sex", "lab_hemoglobin", "lab_platelets", "lab_wbc", "lab_crp", "bleed_12m"}
	for k := 0; k < nICD; k++ {
		header = append(header, fmt.Sprintf("icd_%c%02d_%d", 'A'+rune(k%26), k/26, k%10))
	}
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "P%06d,%d,%s,%.1f,%d,%.1f,%d,%d", i, 30+rng.IntN(60), []string{"F", "M"}[rng.IntN(2)],
			8+8*rng.Float64(), 50+rng.IntN(400), 3+10*rng.Float64(), rng.IntN(200), rng.IntN(2))
		for k := 0; k < nICD; k++ {
			v := 0
			if rng.Float64() < 0.05 {
				v = 1
			}
			fmt.Fprintf(&b, ",%d", v)
		}
		b.WriteString("\n")
	}
	src := b.String()
	d, err := Draft(readTable(t, src), DraftOptions{Outcome: []string{"bleed_12m"}})
	if err != nil {
		t.Fatal(err)
	}
	back, c, _ := roundTrip(t, src, d)
	if back.ID != "patient_id" || len(c.Columns) != len(header)-2 {
		t.Errorf("id %q, %d predictors", back.ID, len(c.Columns))
	}
	icd := 0
	for _, col := range back.Columns {
		if col.Group == GroupICD10 && col.Type == Binary && col.Code != "" {
			icd++
		}
	}
	if icd != nICD {
		t.Errorf("%d ICD-10 indicators recognised, want %d", icd, nICD)
	}
}

// FuzzDraft: Draft never panics, and a draft it returns always reads back.
func FuzzDraft(f *testing.F) {
	f.Add(plainCSV())
	f.Add(norwegianCSV())
	f.Add("id,y,C18\n1,0,1\n2,1,0\n")
	f.Fuzz(func(t *testing.T, data string) {
		tab, _ := ReadTable(strings.NewReader(data), TableOptions{})
		d, err := Draft(tab, DraftOptions{})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteDraft(&buf, d); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadDictionary(&buf, "draft.yaml"); err != nil {
			t.Fatalf("draft does not read back: %v\n%s", err, buf.String())
		}
	})
}
