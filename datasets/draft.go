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

	"go.yaml.in/yaml/v3"
)

// DraftOptions tune Draft. The zero value guesses the id and the outcome.
type DraftOptions struct {
	// ID names the patient id column; empty guesses it from the names and
	// values (unique, non-blank values; a name such as id, pid, lnr,
	// patient_id or pasient_id).
	ID string
	// Outcome names ready binary outcome columns (0/1, blank if unknown).
	// Empty guesses time-to-event columns (event, death and follow-up days)
	// from their names.
	Outcome []string
	// Missing lists extra missing-value tokens, on top of DefaultMissing; they
	// are written to the draft's `missing:`.
	Missing []string
}

// draftNote remembers where a drafted dictionary came from, for WriteDraft.
type draftNote struct {
	file    string
	rows    int
	guesses []string // the id and outcome guesses, for the header comment
}

// Draft drafts a data dictionary from a table for a researcher to review.
// Every column of the table gets a declaration, in header order. Types are
// inferred from all rows, never the first alone: numeric if every non-missing
// value is a number (either decimal mark) or a censored value such as "<5";
// binary if the values are only 0/1, yes/no, ja/nei or true/false; codes if
// they are lists of ICD-10 codes; categorical otherwise, with the observed
// levels. ICD-10 indicator columns (icd_C18, C18, icd10_C187, diag_I26) become
// binary icd10 columns with `code:`; common baseline and laboratory names in
// English and Norwegian are mapped to concepts and units; dates and free text
// are excluded. Every guess carries a ColumnSpec.Check note saying what to
// verify.
//
// Draft returns an error when no id or no outcome can be found (name them in
// opt) or when a column named in opt is not in the table. Blank and duplicate
// header names are skipped: ReadTable reports them.
func Draft(t *Table, opt DraftOptions) (*Dictionary, error) {
	if t == nil || len(t.Header) == 0 {
		return nil, errors.New("datasets: cannot draft a dictionary: the table has no header")
	}
	missing := map[string]bool{}
	for _, m := range append(append([]string(nil), DefaultMissing...), opt.Missing...) {
		missing[strings.ToLower(strings.TrimSpace(m))] = true
	}
	// Profile every named column once, over all rows.
	var profs []*colProfile
	byName := map[string]*colProfile{}
	for j, h := range t.Header {
		if h == "" || byName[h] != nil {
			continue
		}
		p := profile(t, j, missing)
		profs = append(profs, p)
		byName[h] = p
	}
	d := &Dictionary{Version: DictionaryVersion, Missing: opt.Missing,
		drafted: &draftNote{file: t.File, rows: len(t.Rows)}}
	fail := func(field, msg, hint string) error {
		return Problems{{Severity: Error, File: t.File, Line: 1, Field: field, Msg: msg, Hint: hint}}
	}
	role := map[string]Group{} // id and outcome columns
	note := map[string]string{}

	// The id.
	if opt.ID != "" {
		if byName[opt.ID] == nil {
			return nil, fail(opt.ID, fmt.Sprintf("the id column %q is not in the file", opt.ID), "name a column of the header with --id")
		}
		d.ID = opt.ID
	} else {
		p, why := guessID(profs)
		if p == nil {
			return nil, fail("", "cannot guess the patient id column: no column has a unique, non-blank value on every row",
				"name the id column with --id (or `id:` in the dictionary)")
		}
		d.ID = p.name
		note[p.name] = why
		d.drafted.guesses = append(d.drafted.guesses, fmt.Sprintf("id: %q (%s)", p.name, why))
	}
	role[d.ID] = GroupID

	// The outcome.
	if len(opt.Outcome) > 0 {
		for _, name := range opt.Outcome {
			p := byName[name]
			if p == nil {
				return nil, fail(name, fmt.Sprintf("the outcome column %q is not in the file", name), "name a column of the header with --outcome")
			}
			if name == d.ID {
				return nil, fail(name, "the outcome column is also the id column", "name different columns with --id and --outcome")
			}
			if !p.isBinary() {
				return nil, Problems{{Severity: Error, File: t.File, Line: p.firstNonBinaryLine, Column: p.index + 1, Field: name,
					Value: shorten(p.firstNonBinary), Msg: "the outcome column must hold 0 or 1 (blank if unknown)",
					Hint: "correct the value or choose another --outcome column"}}
			}
			d.Outcome.Binary = append(d.Outcome.Binary, name)
			role[name] = GroupOutcome
			note[name] = fmt.Sprintf("binary outcome, as given; %d events in %d non-blank values", p.ones, p.nonMissing)
		}
	} else {
		ev, death, fu := guessTimes(profs, d.ID)
		if ev != nil && fu != nil {
			d.Outcome.EventTime, d.Outcome.FollowupTime = ev.name, fu.name
			role[ev.name], role[fu.name] = GroupOutcome, GroupOutcome
			note[ev.name] = fmt.Sprintf("event time (days to first bleeding) guessed from the name %q — check", ev.name)
			note[fu.name] = fmt.Sprintf("follow-up time (days observed) guessed from the name %q — check", fu.name)
			d.drafted.guesses = append(d.drafted.guesses,
				fmt.Sprintf("outcome.event_time: %q", ev.name), fmt.Sprintf("outcome.followup_time: %q", fu.name))
			if death != nil {
				d.Outcome.DeathTime = death.name
				role[death.name] = GroupOutcome
				note[death.name] = fmt.Sprintf("death time (days to death) guessed from the name %q — check", death.name)
				d.drafted.guesses = append(d.drafted.guesses, fmt.Sprintf("outcome.death_time: %q", death.name))
			} else {
				d.drafted.guesses = append(d.drafted.guesses, "outcome.death_time: none found — without it deaths cannot count as competing events")
			}
		} else {
			for _, p := range profs {
				if p.name != d.ID && p.isBinary() && looksLikeBinaryOutcome(p.tokens) {
					d.Outcome.Binary = append(d.Outcome.Binary, p.name)
					role[p.name] = GroupOutcome
					note[p.name] = fmt.Sprintf("binary outcome guessed from the name %q — check", p.name)
					d.drafted.guesses = append(d.drafted.guesses, fmt.Sprintf("outcome.binary: %q", p.name))
				}
			}
		}
		if d.Outcome.IsTimeToEvent() && d.Outcome.EventTime == "" {
			return nil, fail("", "cannot guess the outcome: no columns named like days to bleeding and days of follow-up, and no binary bleeding column",
				"name a ready binary outcome with --outcome, or write `outcome:` in the dictionary by hand")
		}
	}

	for _, p := range profs {
		if g, ok := role[p.name]; ok {
			d.Columns = append(d.Columns, ColumnSpec{Name: p.name, Group: g, Check: note[p.name]})
			continue
		}
		d.Columns = append(d.Columns, draftColumn(p))
	}
	if ps := d.validate(t.File); ps.HasErrors() {
		return nil, ps
	}
	return d, nil
}

// WriteDraft writes a drafted dictionary as YAML, one column per line, after a
// header comment saying the file is a draft to review and listing the
// guesses to check first.
func WriteDraft(w io.Writer, d *Dictionary) error {
	var b strings.Builder
	b.WriteString("# bleedrisk data dictionary — DRAFT: REVIEW EVERY LINE BEFORE USE.\n")
	if n := d.drafted; n != nil {
		src := n.file
		if src == "" {
			src = "the input"
		}
		fmt.Fprintf(&b, "# Drafted by `bleedrisk dictionary` from %s (%d rows).\n", src, n.rows)
	}
	b.WriteString("# Types, groups, concepts, units and codes were GUESSED from the column names\n")
	b.WriteString("# and values. Each guess carries a `check:` note saying what to verify; correct\n")
	b.WriteString("# the declaration, then delete the note (the loader ignores it). Units matter:\n")
	b.WriteString("# scores and plausible ranges use them. Columns in group exclude are not used.\n")
	fmt.Fprintf(&b, "# Format (version %d): see \"The data dictionary\" in the README.\n", DictionaryVersion)
	if d.drafted != nil && len(d.drafted.guesses) > 0 {
		b.WriteString("# Check these first:\n")
		for _, g := range d.drafted.guesses {
			b.WriteString("#   - " + g + "\n")
		}
	}
	if d.Outcome.IsTimeToEvent() && len(d.Windows) == 0 {
		b.WriteString("# No `windows:` given: the default windows 1-90, 1-365 and 90-455 days are used.\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	var node yaml.Node
	if err := node.Encode(d); err != nil {
		return err
	}
	// One line per column, as in the README's example.
	if node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == "columns" {
				for _, item := range node.Content[i+1].Content {
					item.Style = yaml.FlowStyle
				}
			}
		}
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return err
	}
	return enc.Close()
}

// colProfile is what Draft learns about one column from all its values.
type colProfile struct {
	name   string
	index  int      // 0-based position in the header
	norm   string   // normalised name: lower case, æøå folded, "_" between words
	tokens []string // norm split into words and letter/digit runs
	n      int      // rows

	nonMissing int
	distinct   map[string]int // trimmed value -> count
	numbers    []float64      // parsed values when every value is numeric
	numeric    bool           // every non-missing value is a number or censored number
	commas     int            // numbers written with a decimal comma
	dots       int            // numbers written with a decimal point
	censored   int
	numOK      int  // values that parse as numbers (the column may still hold text)
	binary     bool // every non-missing value is a binary token
	ones       int
	dates      int // values that look like dates
	longText   int // values longer than 40 characters with spaces

	firstNonBinary     string
	firstNonBinaryLine int
	firstText          string // first value that is not a number, for the note
	firstTextLine      int
	unique             bool // non-missing on every row and no value repeats
}

func (p *colProfile) isBinary() bool { return p.binary && p.nonMissing > 0 }

var draftBinary = map[string]float64{"0": 0, "1": 1, "yes": 1, "no": 0, "ja": 1, "nei": 0, "true": 1, "false": 0}

var dateValue = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2}([ T].*)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}( .*)?|\d{8})$`)

func profile(t *Table, j int, missing map[string]bool) *colProfile {
	p := &colProfile{name: t.Header[j], index: j, n: len(t.Rows), distinct: map[string]int{}, numeric: true, binary: true}
	p.norm = normName(p.name)
	p.tokens = nameTokens(p.norm)
	for i, rec := range t.Rows {
		raw := strings.TrimSpace(rec[j])
		if missing[strings.ToLower(raw)] {
			continue
		}
		p.nonMissing++
		p.distinct[raw]++
		line := 0
		if i < len(t.Lines) {
			line = t.Lines[i]
		}
		if v, ok := draftBinary[strings.ToLower(raw)]; ok {
			if v == 1 {
				p.ones++
			}
		} else if p.binary {
			p.binary = false
			p.firstNonBinary, p.firstNonBinaryLine = raw, line
		}
		if dateValue.MatchString(raw) && !strings.Contains(raw, ",") {
			p.dates++
		}
		if len(raw) > 40 && strings.Contains(raw, " ") {
			p.longText++
		}
		v, cens, mark, ok := draftNumber(raw)
		if !ok {
			if p.numeric {
				p.numeric = false
				p.numbers = nil
				p.firstText, p.firstTextLine = raw, line
			}
			continue
		}
		p.numOK++
		if p.numeric {
			p.numbers = append(p.numbers, v)
			if cens {
				p.censored++
			}
			switch mark {
			case ',':
				p.commas++
			case '.':
				p.dots++
			}
		}
	}
	p.unique = p.nonMissing == p.n && len(p.distinct) == p.n && p.n > 0
	if p.nonMissing == 0 {
		p.numeric, p.binary = false, false
	}
	return p
}

// draftNumber parses what the loader accepts as a numeric value with either
// decimal mark: an optional censoring prefix, then a finite number.
func draftNumber(s string) (v float64, censored bool, mark byte, ok bool) {
	if strings.HasPrefix(s, "<") || strings.HasPrefix(s, ">") || strings.HasPrefix(s, "≤") || strings.HasPrefix(s, "≥") {
		censored = true
		s = strings.TrimSpace(strings.TrimLeft(s, "<>≤≥="))
	}
	hasComma, hasDot := strings.Contains(s, ","), strings.Contains(s, ".")
	switch {
	case hasComma && hasDot:
		return 0, false, 0, false
	case hasComma:
		if strings.Count(s, ",") > 1 {
			return 0, false, 0, false
		}
		mark, s = ',', strings.Replace(s, ",", ".", 1)
	case hasDot:
		mark = '.'
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false, 0, false
	}
	return v, censored, mark, true
}

// normName folds a column name for matching: lower case, æ ø å folded to
// ae o a, and every run of other characters replaced by one "_".
func normName(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "ö", "o", "ä", "a", "é", "e", "µ", "u", "μ", "u").Replace(s)
	var b strings.Builder
	under := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// nameTokens splits a normalised name into words and letter/digit runs:
// "hb_gdl" -> [hb gdl], "bleed12m" -> [bleed 12 m].
func nameTokens(norm string) []string {
	var out []string
	for _, w := range strings.Split(norm, "_") {
		start := 0
		for i := 1; i <= len(w); i++ {
			if i == len(w) || isDigit(w[i]) != isDigit(w[i-1]) {
				if i > start {
					out = append(out, w[start:i])
				}
				start = i
			}
		}
	}
	return out
}

func hasToken(tokens []string, set ...string) bool {
	for _, t := range tokens {
		for _, s := range set {
			if t == s {
				return true
			}
		}
	}
	return false
}

var idNames = []string{"id", "pid", "lnr", "patient_id", "pasient_id", "patientid", "pasientid", "pat_id", "pas_id",
	"lopenr", "lopenummer", "lopenummer_id", "subject_id", "study_id", "studie_id", "record_id", "person_id", "patient", "pasient"}

// guessID picks the id column: a unique, never-blank column with an id-like
// name; failing that, the first unique column whose name contains an id word.
func guessID(profs []*colProfile) (*colProfile, string) {
	for _, want := range idNames {
		for _, p := range profs {
			if p.norm == want && p.unique {
				return p, fmt.Sprintf("id guessed from the name %q and %d unique, non-blank values — check", p.name, p.nonMissing)
			}
		}
	}
	for _, p := range profs {
		if p.unique && hasToken(p.tokens, "id", "pid", "lnr", "nr", "lopenr", "pasient", "patient") {
			return p, fmt.Sprintf("id guessed from the name %q and %d unique, non-blank values — check", p.name, p.nonMissing)
		}
	}
	return nil, ""
}

var (
	timeWords     = []string{"day", "days", "dag", "dager", "d", "time", "tid", "t", "tte", "dogn"}
	eventWords    = []string{"bleed", "bleeding", "blodning", "blodninger", "blod", "event", "hendelse", "mb", "crb", "crnmb"}
	deathWords    = []string{"death", "dead", "died", "dod", "dodsfall", "mors", "doed"}
	followWords   = []string{"followup", "fu", "oppfolging", "oppfolgning", "oppf", "observed", "observert", "obs", "censor", "sensur"}
	priorWords    = []string{"prior", "previous", "history", "hist", "tidligere", "tidl", "anamnese", "baseline", "pre"}
	outcomeTokens = []string{"outcome", "utfall", "endpoint", "endepunkt"}
)

func hasFollow(tokens []string) bool {
	if hasToken(tokens, followWords...) {
		return true
	}
	for i := 0; i+1 < len(tokens); i++ {
		if tokens[i] == "follow" && tokens[i+1] == "up" {
			return true
		}
	}
	return false
}

// guessTimes finds time-to-event outcome columns by name among the numeric
// columns: days to bleeding, days to death and days of follow-up.
func guessTimes(profs []*colProfile, id string) (ev, death, fu *colProfile) {
	for _, p := range profs {
		// An all-blank event or death column is possible (no events yet);
		// follow-up must have values.
		if p.name == id || !(p.numeric || p.nonMissing == 0) || hasToken(p.tokens, priorWords...) {
			continue
		}
		tk := p.tokens
		timed := hasToken(tk, timeWords...)
		switch {
		case fu == nil && p.nonMissing > 0 && hasFollow(tk):
			fu = p
		case death == nil && timed && hasToken(tk, deathWords...):
			death = p
		case ev == nil && timed && hasToken(tk, eventWords...):
			ev = p
		}
	}
	return ev, death, fu
}

// looksLikeBinaryOutcome is true for names such as bleed_12m, blodning_90d,
// outcome or event, and false for baseline history such as prior_bleed.
func looksLikeBinaryOutcome(tokens []string) bool {
	if len(tokens) == 0 || hasToken(tokens, priorWords...) {
		return false
	}
	switch tokens[0] {
	case "bleed", "bleeding", "blodning", "mb", "crb", "crnmb", "outcome", "utfall", "event", "endpoint":
		return true
	}
	return false
}

// looksLikeOutcome is true for names of post-index information (event or
// death times, follow-up, outcomes) that must never be a predictor.
func looksLikeOutcome(tokens []string) bool {
	if hasToken(tokens, priorWords...) {
		return false
	}
	if hasFollow(tokens) || hasToken(tokens, outcomeTokens...) {
		return true
	}
	if hasToken(tokens, deathWords...) {
		return true
	}
	if hasToken(tokens, timeWords...) && hasToken(tokens, eventWords...) {
		return true
	}
	return looksLikeBinaryOutcome(tokens)
}

var (
	dateWords = []string{"dato", "date", "datum", "dt", "tidspunkt", "timestamp", "datetime", "dob", "fodselsdato", "dodsdato"}
	textWords = []string{"kommentar", "kommentarer", "comment", "comments", "notat", "note", "notes", "fritekst", "text", "tekst",
		"beskrivelse", "description", "merknad", "merknader", "remark", "remarks", "free"}
	codesWords = []string{"icd", "icd10", "diag", "diagnose", "diagnoser", "diagnosis", "diagnoses", "dx", "kode", "koder", "code", "codes"}
)

// icdIndicator matches ICD-10 indicator names: icd_C18, C18, icd10_C187,
// diag_I26, icd_K92_2, I26.9.
var icdIndicator = regexp.MustCompile(`^(?i:(?:icd_?10|icd|diag|dx|diagnose|kode|code)[_\-. ]?)?([A-Za-z][0-9]{2})(?:[_.\-]?([0-9A-Za-z]{1,2}))?$`)

// concept is a clinical concept with the names it goes by and how its unit
// is guessed.
type concept struct {
	name    string
	group   Group
	aliases []string // token sequences joined by "_", matched at the start of the name
	unit    func(median float64) string
	cat     bool // categorical concept (sex)
}

func fixed(u string) func(float64) string { return func(float64) string { return u } }

// concepts maps common baseline and laboratory names (English and Norwegian)
// to concepts. Unit guesses from magnitudes follow DOMAIN.md 5.1 and 5.2: Hb
// about 12 g/dL = 120 g/L = 7.5 mmol/L; creatinine about 75 umol/L = 0.85
// mg/dL; albumin about 35 g/L = 3.5 g/dL; bilirubin about 8 umol/L = 0.5 mg/dL.
var concepts = []concept{
	{name: "age", group: GroupBaseline, aliases: []string{"alder", "age", "age_years", "alder_ar"}, unit: fixed("years")},
	{name: "sex", group: GroupBaseline, aliases: []string{"kjonn", "kjoenn", "sex", "gender", "kjonn_kode"}, cat: true},
	{name: "weight", group: GroupBaseline, aliases: []string{"vekt", "weight", "body_weight", "kroppsvekt"}, unit: func(m float64) string {
		if m > 0 && m < 20 {
			return "" // not kg; leave for the researcher
		}
		return "kg"
	}},
	{name: "height", group: GroupBaseline, aliases: []string{"hoyde", "hoeyde", "height", "lengde"}, unit: func(m float64) string {
		if m > 0 && m < 3 {
			return "m"
		}
		return "cm"
	}},
	{name: "bmi", group: GroupBaseline, aliases: []string{"bmi", "kmi"}, unit: fixed("kg/m2")},
	{name: "sbp", group: GroupBaseline, aliases: []string{"sbp", "blodtrykk", "blodtrykk_sys", "bt_sys", "systolisk", "systolic", "systolic_bp", "sys_bt", "sys_bp", "systolisk_blodtrykk"}, unit: fixed("mmHg")},
	{name: "dbp", group: GroupBaseline, aliases: []string{"dbp", "diastolisk", "diastolic", "bt_dia", "diastolic_bp", "blodtrykk_dia", "blodtrykk_diastolisk", "diastolisk_blodtrykk"}, unit: fixed("mmHg")},
	{name: "anticoagulant", group: GroupBaseline, aliases: []string{"anticoagulant", "antikoagulasjon", "antikoagulant", "ak", "ak_type", "behandling", "treatment"}},
	{name: "metastatic", group: GroupBaseline, aliases: []string{"metastatic", "metastases", "metastasis", "metastaser", "metastase", "mets", "spredning"}},
	{name: "prior_bleeding", group: GroupBaseline, aliases: []string{"prior_bleed", "prior_bleeding", "previous_bleed", "previous_bleeding", "bleeding_history", "tidligere_blodning", "tidl_blodning"}},
	{name: "cancer_site", group: GroupBaseline, aliases: []string{"cancer_site", "cancer_type", "krefttype", "kreft_type", "kreftform", "tumor_site", "tumour_site"}},
	{name: "haemoglobin", group: GroupBiochemistry, aliases: []string{"hb", "hemoglobin", "haemoglobin", "hgb", "hemoglobin_hb"}, unit: func(m float64) string {
		switch {
		case m >= 30:
			return "g/L"
		case m > 0 && m < 9.5:
			return "mmol/L"
		}
		return "g/dL"
	}},
	{name: "platelets", group: GroupBiochemistry, aliases: []string{"trombocytter", "trombocytt", "tromb", "trc", "platelets", "platelet", "plt", "plate"}, unit: fixed("10^9/L")},
	{name: "leukocytes", group: GroupBiochemistry, aliases: []string{"leukocytter", "leukocytt", "leuk", "lpk", "wbc", "leukocytes", "leucocytes", "white_cells"}, unit: fixed("10^9/L")},
	{name: "creatinine", group: GroupBiochemistry, aliases: []string{"kreatinin", "creatinine", "krea", "kreat", "creat", "crea"}, unit: func(m float64) string {
		if m > 0 && m < 20 {
			return "mg/dL"
		}
		return "umol/L"
	}},
	{name: "egfr", group: GroupBiochemistry, aliases: []string{"egfr", "gfr"}, unit: fixed("mL/min/1.73m2")},
	{name: "albumin", group: GroupBiochemistry, aliases: []string{"albumin", "alb"}, unit: func(m float64) string {
		if m > 0 && m < 10 {
			return "g/dL"
		}
		return "g/L"
	}},
	{name: "crp", group: GroupBiochemistry, aliases: []string{"crp"}, unit: fixed("mg/L")},
	{name: "bilirubin", group: GroupBiochemistry, aliases: []string{"bilirubin", "bili", "total_bilirubin", "bilirubin_total", "tbil"}, unit: func(m float64) string {
		if m > 0 && m < 3 {
			return "mg/dL"
		}
		return "umol/L"
	}},
	{name: "alt", group: GroupBiochemistry, aliases: []string{"alat", "alt", "alanine_aminotransferase"}, unit: enzymeUnit},
	{name: "ast", group: GroupBiochemistry, aliases: []string{"asat", "ast", "aspartate_aminotransferase"}, unit: enzymeUnit},
	{name: "alp", group: GroupBiochemistry, aliases: []string{"alp", "alk_phos", "alkalisk_fosfatase", "alkp"}, unit: enzymeUnit},
	{name: "ggt", group: GroupBiochemistry, aliases: []string{"ggt", "gamma_gt"}, unit: enzymeUnit},
	{name: "ldh", group: GroupBiochemistry, aliases: []string{"ld", "ldh"}, unit: enzymeUnit},
	{name: "inr", group: GroupBiochemistry, aliases: []string{"inr", "pt_inr"}, unit: fixed("ratio")},
	{name: "aptt", group: GroupBiochemistry, aliases: []string{"aptt", "apt", "ptt"}, unit: fixed("s")},
	{name: "d_dimer", group: GroupBiochemistry, aliases: []string{"d_dimer", "ddimer", "dimer"}, unit: func(m float64) string {
		if m > 50 {
			return "ug/L FEU"
		}
		return "mg/L FEU"
	}},
	{name: "ferritin", group: GroupBiochemistry, aliases: []string{"ferritin"}, unit: fixed("ug/L")},
	{name: "fibrinogen", group: GroupBiochemistry, aliases: []string{"fibrinogen"}, unit: func(m float64) string {
		if m > 20 {
			return "mg/dL"
		}
		return "g/L"
	}},
	{name: "urea", group: GroupBiochemistry, aliases: []string{"urea", "karbamid", "bun"}, unit: func(m float64) string { return "" }},
	{name: "glucose", group: GroupBiochemistry, aliases: []string{"glukose", "glucose"}, unit: func(m float64) string {
		if m > 30 {
			return "mg/dL"
		}
		return "mmol/L"
	}},
	{name: "hba1c", group: GroupBiochemistry, aliases: []string{"hba1c"}},
	{name: "sodium", group: GroupBiochemistry, aliases: []string{"natrium", "sodium"}, unit: fixed("mmol/L")},
	{name: "potassium", group: GroupBiochemistry, aliases: []string{"kalium", "potassium"}, unit: fixed("mmol/L")},
}

func enzymeUnit(m float64) string {
	if m > 0 && m < 5 {
		return "ukat/L"
	}
	return "U/L"
}

// specimenPrefixes are Norwegian laboratory prefixes (B-Hb, S-Kreatinin,
// P-Albumin, fS-Ferritin) and generic ones (lab_hb) skipped before matching.
var specimenPrefixes = map[string]bool{"b": true, "s": true, "p": true, "fs": true, "ps": true, "sb": true, "lab": true}

// unitSuffixes are unit spellings found at the end of column names, squashed
// (no separators).
var unitSuffixes = map[string]string{
	"gdl": "g/dL", "gl": "g/L", "mmoll": "mmol/L", "umoll": "umol/L", "mikromoll": "umol/L", "mgdl": "mg/dL",
	"mgl": "mg/L", "ul": "U/L", "iul": "U/L", "ukatl": "ukat/L", "kg": "kg", "cm": "cm", "ar": "years", "aar": "years",
	"years": "years", "yrs": "years", "year": "years", "mmhg": "mmHg", "109l": "10^9/L", "10e9l": "10^9/L", "x109l": "10^9/L",
	"s": "s", "sek": "s", "sec": "s", "ugl": "ug/L", "ngml": "ug/L", "kgm2": "kg/m2", "mlmin": "mL/min", "mlmin173m2": "mL/min/1.73m2",
}

// matchConcept finds the concept of a column from its name tokens (the
// longest alias matching the start of the name, after an optional specimen
// prefix such as "S-" or "lab_"), and a unit written at the end of the name.
func matchConcept(tokens []string) (*concept, string) {
	try := func(tk []string) (*concept, int) {
		var best *concept
		bestLen := 0
		for ci := range concepts {
			c := &concepts[ci]
			for _, a := range c.aliases {
				at := strings.Split(a, "_")
				if len(at) <= bestLen || len(at) > len(tk) {
					continue
				}
				match := true
				for k := range at {
					if tk[k] != at[k] {
						match = false
						break
					}
				}
				if match {
					best, bestLen = c, len(at)
				}
			}
		}
		return best, bestLen
	}
	c, n := try(tokens)
	if c == nil && len(tokens) > 1 && specimenPrefixes[tokens[0]] {
		tokens = tokens[1:]
		c, n = try(tokens)
	}
	if c == nil {
		return nil, ""
	}
	rest := tokens[n:]
	for k := range rest {
		if u, ok := unitSuffixes[strings.Join(rest[k:], "")]; ok {
			return c, u
		}
	}
	return c, ""
}

// draftColumn declares one non-id, non-outcome column.
func draftColumn(p *colProfile) ColumnSpec {
	spec := ColumnSpec{Name: p.name}
	var notes []string
	exclude := func(why string) ColumnSpec {
		spec.Group = GroupExclude
		spec.Check = why + " — excluded; check"
		return spec
	}
	switch {
	case p.nonMissing == 0:
		return exclude(fmt.Sprintf("all %d values are missing", p.n))
	case looksLikeOutcome(p.tokens):
		return exclude(fmt.Sprintf("the name %q looks like an outcome or follow-up column (post-index information would leak into the predictors)", p.name))
	case hasToken(p.tokens, dateWords...) || strings.HasSuffix(p.norm, "dato") || strings.HasPrefix(p.norm, "dato"):
		return exclude(fmt.Sprintf("the name %q looks like a date", p.name))
	case p.dates > 0 && p.dates*10 >= p.nonMissing*9:
		return exclude(fmt.Sprintf("%d of %d values look like dates", p.dates, p.nonMissing))
	case hasToken(p.tokens, textWords...):
		return exclude(fmt.Sprintf("the name %q looks like free text", p.name))
	case !p.numeric && !p.binary && p.longText*2 >= p.nonMissing:
		return exclude(fmt.Sprintf("%d of %d values are long text", p.longText, p.nonMissing))
	}
	typeNote := fmt.Sprintf("type inferred from %d values", p.nonMissing)

	// Wide-form ICD-10 indicator: the code is in the name, the values are 0/1.
	if m := icdIndicator.FindStringSubmatch(p.name); m != nil {
		if code, ok := NormalizeICD10(m[1] + m[2]); ok {
			if p.isBinary() {
				spec.Group, spec.Type, spec.Code = GroupICD10, Binary, code
				spec.Check = fmt.Sprintf("%s; ICD-10 code %s read from the name %q — check the code", typeNote, code, p.name)
				return spec
			}
			notes = append(notes, fmt.Sprintf("the name looks like ICD-10 code %s but the values are not 0/1", code))
		}
	}

	// Long-form ICD-10 code lists.
	if !p.numeric && !p.binary {
		if sep, frac, ok := codeLists(p); ok {
			spec.Group, spec.Type, spec.Separator = GroupICD10, Codes, sep
			spec.Check = fmt.Sprintf("%s; ICD-10 code lists separated by %q", typeNote, sep)
			if frac < 1 {
				spec.Check += fmt.Sprintf("; %.0f%% of the codes are not WHO ICD-10 and will be left out with a warning", 100*(1-frac))
			}
			spec.Check += " — check the separator and whether the codes are dated before the index VTE"
			return spec
		}
	}

	c, unitFromName := matchConcept(p.tokens)
	spec.Group = GroupBaseline
	switch {
	case p.binary:
		spec.Type = Binary
		notes = append([]string{typeNote + fmt.Sprintf(" (0/1; %d of them 1)", p.ones)}, notes...)
	case p.numeric:
		spec.Type = Numeric
		n := typeNote
		if p.censored > 0 {
			n += fmt.Sprintf(", %d of them censored (<, >)", p.censored)
		}
		notes = append([]string{n}, notes...)
	default:
		spec.Type = Categorical
		n := typeNote
		if p.numOK > 0 && p.firstText != "" {
			n += fmt.Sprintf("; %d of %d values are numbers, but not %q on line %d: if that is an entry error, correct it and declare the column numeric",
				p.numOK, p.nonMissing, shorten(p.firstText), p.firstTextLine)
		}
		if len(p.distinct) > 50 || (len(p.distinct) > 20 && len(p.distinct)*2 > p.nonMissing) {
			return exclude(fmt.Sprintf("%s; %d distinct values are too many for a categorical column (free text or an identifier?)", n, len(p.distinct)))
		}
		spec.Levels = map[string]string{}
		for v := range p.distinct {
			spec.Levels[v] = v
		}
		notes = append([]string{n + fmt.Sprintf("; %d levels listed", len(spec.Levels))}, notes...)
	}
	if c != nil {
		spec.Concept, spec.Group = c.name, c.group
		cn := fmt.Sprintf("concept %s guessed from the name %q", c.name, p.name)
		switch {
		case c.cat:
			cn += sexLevels(&spec, p)
		case spec.Type == Binary:
			cn += " — check what 1 means"
		case spec.Type != Numeric:
			cn += " — check the levels"
		case unitFromName != "":
			spec.Unit = unitFromName
			cn += fmt.Sprintf("; unit %s read from the name — check", unitFromName)
		case c.unit != nil:
			med := median(p.numbers)
			spec.Unit = c.unit(med)
			if spec.Unit == "" {
				cn += fmt.Sprintf("; unit unknown (median %.3g) — set `unit:`", med)
			} else {
				cn += fmt.Sprintf("; unit %s guessed from the median %.3g — check unit", spec.Unit, med)
			}
		default:
			cn += " — check"
		}
		notes = append(notes, cn)
	} else {
		notes = append(notes, "no concept recognised; group baseline guessed — check the group (biochemistry?) and set `concept:` if it is a known one")
	}
	spec.Check = strings.Join(notes, "; ")
	return spec
}

// sexLevels maps the levels of a sex column to female/male when the codes are
// unambiguous (K/M, F/M, kvinne/mann, female/male), and says what to check.
func sexLevels(spec *ColumnSpec, p *colProfile) string {
	canon := map[string]string{"k": "female", "kvinne": "female", "kv": "female", "f": "female", "female": "female", "w": "female",
		"woman": "female", "kvinner": "female", "m": "male", "mann": "male", "male": "male", "man": "male", "menn": "male"}
	if spec.Type != Categorical {
		// 0/1 or 1/2 codes: which is female cannot be guessed.
		spec.Type = Categorical
		spec.Levels = map[string]string{}
		for v := range p.distinct {
			spec.Levels[v] = v
		}
		return " — the codes are numbers: map each to female or male under `levels:`"
	}
	mapped := map[string]string{}
	for v := range spec.Levels {
		c, ok := canon[strings.ToLower(v)]
		if !ok {
			return " — map the levels to female and male"
		}
		mapped[v] = c
	}
	// F with K would be ambiguous (F = female in English, but K/M is Norwegian).
	spec.Levels = mapped
	return " — levels mapped to female/male; check"
}

// codeLists reports whether a column's values are lists of ICD-10 codes, the
// separator, and the fraction of parts that are valid codes (at least 80%:
// the loader warns about the others and leaves them out).
func codeLists(p *colProfile) (sep string, frac float64, ok bool) {
	counts := map[string]int{}
	for v, n := range p.distinct {
		for _, s := range []string{"|", ";", ",", "+", " "} {
			if strings.Contains(v, s) {
				counts[s] += n
			}
		}
	}
	sep = "|"
	best := 0
	for _, s := range []string{"|", ";", ",", "+", " "} {
		if counts[s] > best {
			sep, best = s, counts[s]
		}
	}
	var parts, valid int
	for v, n := range p.distinct {
		for _, part := range strings.Split(v, sep) {
			if strings.TrimSpace(part) == "" {
				continue
			}
			parts += n
			if _, good := NormalizeICD10(part); good {
				valid += n
			}
		}
	}
	if parts == 0 {
		return "", 0, false
	}
	frac = float64(valid) / float64(parts)
	return sep, frac, frac >= 0.8
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
