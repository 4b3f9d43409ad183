package synth

import (
	"strconv"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// baseCol describes one baseline column: its dictionary entry, how a
// patient's true value is written, and how often it is blank.
type baseCol struct {
	spec datasets.ColumnSpec
	cell func(p *patient) string
	// miss is the probability that the registry form lacks the value [U]:
	// measurements and lifestyle items are missing now and then, the
	// registry's yes/no items are complete (blank there means "no").
	miss float64
	// dependsOn names columns this one is computed from: it is blank
	// when any of them is.
	dependsOn []string
}

func num(v float64, dec int) string { return strconv.FormatFloat(v, 'f', dec, 64) }

func bin(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func numeric(name, unit string, rng []float64, miss float64, dec int, v func(p *patient) float64) baseCol {
	return baseCol{
		spec: datasets.ColumnSpec{Name: name, Group: datasets.GroupBaseline, Type: datasets.Numeric, Concept: name, Unit: unit, Range: rng},
		cell: func(p *patient) string { return num(v(p), dec) },
		miss: miss,
	}
}

func binary(name string, v func(p *patient) bool) baseCol {
	return baseCol{
		spec: datasets.ColumnSpec{Name: name, Group: datasets.GroupBaseline, Type: datasets.Binary, Concept: name},
		cell: func(p *patient) string { return bin(v(p)) },
	}
}

func categorical(name string, levels map[string]string, miss float64, v func(p *patient) string) baseCol {
	return baseCol{
		spec: datasets.ColumnSpec{Name: name, Group: datasets.GroupBaseline, Type: datasets.Categorical, Concept: name, Levels: levels},
		cell: v,
		miss: miss,
	}
}

func identityLevels(vs ...string) map[string]string {
	m := make(map[string]string, len(vs))
	for _, v := range vs {
		m[v] = v
	}
	return m
}

func siteNames() []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = s.name
	}
	return out
}

// baselineCols are the registry's baseline columns (DOMAIN.md 1.1, 3 and
// 4: the items of the bleeding scores and the B-CAT and ACCP risk factors,
// plus the usual registry descriptors). Names equal concepts. The plausible
// ranges of age, weight, height, BMI and SBP are datasets' defaults.
var baselineCols = []baseCol{
	numeric("age", "years", nil, 0, 0, func(p *patient) float64 { return p.age }),
	// Norwegian exports code sex as K (kvinne, woman) and M (mann, man).
	categorical("sex", map[string]string{"K": "female", "M": "male"}, 0, func(p *patient) string {
		if p.male {
			return "M"
		}
		return "K"
	}),
	numeric("weight", "kg", nil, 0.08, 0, func(p *patient) float64 { return p.weight }),
	numeric("height", "cm", nil, 0.12, 0, func(p *patient) float64 { return p.height }),
	{
		spec:      datasets.ColumnSpec{Name: "bmi", Group: datasets.GroupBaseline, Type: datasets.Numeric, Concept: "bmi", Unit: "kg/m2"},
		cell:      func(p *patient) string { return num(p.bmi(), 1) },
		dependsOn: []string{"weight", "height"},
	},
	numeric("sbp", "mmHg", nil, 0.06, 0, func(p *patient) float64 { return p.sbp }),
	{
		spec:      datasets.ColumnSpec{Name: "dbp", Group: datasets.GroupBaseline, Type: datasets.Numeric, Concept: "dbp", Unit: "mmHg", Range: []float64{20, 180}},
		cell:      func(p *patient) string { return num(p.dbp, 0) },
		dependsOn: []string{"sbp"},
	},
	numeric("heart_rate", "bpm", []float64{20, 250}, 0.08, 0, func(p *patient) float64 { return p.hr }),
	numeric("index_year", "year", []float64{2005, 2021}, 0, 0, func(p *patient) float64 { return float64(p.indexYear) }),
	categorical("vte_type", identityLevels("pe", "dvt", "other"), 0, func(p *patient) string { return p.vte }),
	binary("outpatient", func(p *patient) bool { return p.outpat }),
	categorical("anticoagulant", identityLevels("doac", "lmwh", "vka"), 0, func(p *patient) string { return p.ac }),
	categorical("cancer_site", identityLevels(siteNames()...), 0, func(p *patient) string { return p.site.name }),
	binary("metastatic", func(p *patient) bool { return p.metastatic }),
	binary("active_cancer", func(p *patient) bool { return p.active }),
	numeric("cancer_months", "months", []float64{0, 600}, 0.05, 0, func(p *patient) float64 { return p.cancerMonths }),
	binary("chemotherapy", func(p *patient) bool { return p.chemo }),
	binary("radiotherapy", func(p *patient) bool { return p.radio }),
	binary("hormone_therapy", func(p *patient) bool { return p.hormone }),
	binary("immunotherapy", func(p *patient) bool { return p.immuno }),
	binary("recent_surgery", func(p *patient) bool { return p.surgery }),
	binary("resected_tumour", func(p *patient) bool { return p.resected }),
	binary("central_venous_catheter", func(p *patient) bool { return p.cvc }),
	binary("immobilisation", func(p *patient) bool { return p.immobile }),
	binary("prior_bleeding", func(p *patient) bool { return p.priorBleed }),
	binary("prior_vte", func(p *patient) bool { return p.priorVTE }),
	binary("antiplatelet", func(p *patient) bool { return p.antiplatelet }),
	binary("nsaid", func(p *patient) bool { return p.nsaid }),
	binary("ssri", func(p *patient) bool { return p.ssri }),
	binary("steroid", func(p *patient) bool { return p.steroid }),
	binary("ppi", func(p *patient) bool { return p.ppi }),
	binary("hypertension", func(p *patient) bool { return p.htn }),
	binary("diabetes", func(p *patient) bool { return p.diabetes }),
	binary("heart_failure", func(p *patient) bool { return p.hf }),
	binary("atrial_fibrillation", func(p *patient) bool { return p.af }),
	binary("coronary_disease", func(p *patient) bool { return p.cad }),
	binary("prior_stroke", func(p *patient) bool { return p.stroke }),
	binary("liver_disease", func(p *patient) bool { return p.liver }),
	binary("renal_disease", func(p *patient) bool { return p.renal }),
	binary("copd", func(p *patient) bool { return p.copd }),
	{
		spec: datasets.ColumnSpec{Name: "alcohol", Group: datasets.GroupBaseline, Type: datasets.Binary, Concept: "alcohol"},
		cell: func(p *patient) string { return bin(p.alcohol) },
		miss: 0.10,
	},
	categorical("smoking", identityLevels("never", "former", "current"), 0.12, func(p *patient) string { return p.smoking }),
	numeric("ecog", "grade", []float64{0, 4}, 0.25, 0, func(p *patient) float64 { return float64(p.ecog) }),
	binary("falls", func(p *patient) bool { return p.falls }),
}

// labCell writes a lab value with its decimals, or "<L" / ">U" at a
// detection limit (the loader keeps such a value as L or U, flagged).
func labCell(l labDef, v float64) string {
	switch {
	case l.below > 0 && v < l.below:
		return "<" + strconv.FormatFloat(l.below, 'f', -1, 64)
	case l.above > 0 && v > l.above:
		return ">" + strconv.FormatFloat(l.above, 'f', -1, 64)
	}
	return num(v, l.dec)
}

// Names of the id and outcome columns.
const (
	colID       = "patient_id"
	colBleed    = "days_to_bleed"
	colDeath    = "days_to_death"
	colFollowup = "days_followup"
)

// dictionary returns the data dictionary of the generated cohort.
func dictionary() *datasets.Dictionary {
	d := &datasets.Dictionary{
		Version: datasets.DictionaryVersion,
		ID:      colID,
		Outcome: datasets.OutcomeSpec{EventTime: colBleed, DeathTime: colDeath, FollowupTime: colFollowup},
		Windows: append([]datasets.Window(nil), datasets.DefaultWindows...),
	}
	d.Columns = append(d.Columns, datasets.ColumnSpec{Name: colID, Group: datasets.GroupID})
	for _, name := range []string{colBleed, colDeath, colFollowup} {
		d.Columns = append(d.Columns, datasets.ColumnSpec{Name: name, Group: datasets.GroupOutcome, Type: datasets.Numeric, Unit: "days"})
	}
	for _, c := range baselineCols {
		d.Columns = append(d.Columns, c.spec)
	}
	for _, l := range labs {
		d.Columns = append(d.Columns, datasets.ColumnSpec{Name: l.name, Group: datasets.GroupBiochemistry,
			Type: datasets.Numeric, Concept: l.name, Unit: l.unit, Range: l.rng})
	}
	for _, code := range icdCodes {
		d.Columns = append(d.Columns, datasets.ColumnSpec{Name: icdColumn(code), Group: datasets.GroupICD10,
			Type: datasets.Binary, Code: code})
	}
	return d
}
