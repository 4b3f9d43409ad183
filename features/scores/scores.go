package scores

import (
	"math"
	"strings"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

// Score is a published risk score computed from one patient's baseline.
type Score interface {
	// Name is the score's usual name ("VTE-BLEED").
	Name() string
	// Cite names the publication, the DOMAIN.md section and its evidence tag.
	Cite() string
	// Compute scores one patient. It panics if p is nil and does not modify p.
	Compute(p *clinical.Patient) Result
	// IsBleedingScore reports whether the score predicts bleeding. Only
	// bleeding scores may be presented as comparators (Khorana is false).
	IsBleedingScore() bool
}

// Result is one patient's score.
type Result struct {
	// Points is the sum of Items' points, rounded to two decimals. When
	// Complete is false it is a lower bound (missing items count 0).
	Points float64
	// Category is the score's published risk category for Points.
	Category string
	// Items holds every item of the score, in the score's fixed order.
	Items []Item
	// Complete is false when any item is Missing.
	Complete bool
}

// Item is one item of a score for one patient.
type Item struct {
	Name   string
	Points float64 // points awarded
	Max    float64 // points when the item is present
	Status ItemStatus
}

// ItemStatus says how an item was decided (see the package doc).
type ItemStatus uint8

const (
	// Missing: a value the item needs is unknown; scored 0 and the Result
	// is not Complete.
	Missing ItemStatus = iota
	// Available: decided from observed values.
	Available
	// Derived: decided from ICD-10 codes, computed values or a documented
	// approximation.
	Derived
	// AssumedAbsent: never in registry data by design; scored 0.
	AssumedAbsent
)

func (s ItemStatus) String() string {
	switch s {
	case Available:
		return "available"
	case Derived:
		return "derived"
	case AssumedAbsent:
		return "assumed absent"
	}
	return "missing"
}

// Risk categories, as the publications name them.
const (
	CategoryLow          = "low"
	CategoryIntermediate = "intermediate"
	CategoryModerate     = "moderate" // ACCP's middle category
	CategoryHigh         = "high"
)

// All returns every implemented score in a fixed order: VTE-BLEED, RIETE,
// HAS-BLED, Kuijer, ACCP, OBRI, then the descriptor Khorana.
func All() []Score {
	return []Score{VTEBleed{}, RIETE{}, HASBLED{}, Kuijer{}, ACCP{}, OBRI{}, Khorana{}}
}

// Comparators returns the bleeding scores of All, in the same order (All
// without Khorana).
func Comparators() []Score {
	var out []Score
	for _, s := range All() {
		if s.IsBleedingScore() {
			out = append(out, s)
		}
	}
	return out
}

// ByName returns the score of All whose Name equals name, ignoring case.
func ByName(name string) (Score, bool) {
	for _, s := range All() {
		if strings.EqualFold(s.Name(), name) {
			return s, true
		}
	}
	return nil, false
}

// Predicted returns the absolute risk the publication of s gives for r's
// category, where it gives one: only ACCP does (estimated major bleeding
// within the first 3 months of anticoagulation, DOMAIN.md 4.5). For the other
// scores ok is false and the points are a rank only. The risk is returned for
// incomplete results too; check r.Complete.
func Predicted(s Score, r Result) (risk float64, ok bool) {
	if c, isCal := s.(interface {
		predicted(Result) (float64, bool)
	}); isCal {
		return c.predicted(r)
	}
	return 0, false
}

// WHO anaemia cut-offs, g/dL (DOMAIN.md 5.1, also VTE-BLEED 4.1 and RIETE
// 4.2) [V].
const (
	anaemiaHbFemale = 12.0
	anaemiaHbMale   = 13.0
)

// creatinineUmolPerMgdl converts creatinine mg/dL to µmol/L (DOMAIN.md 5.2).
const creatinineUmolPerMgdl = 88.42

// fact is an item condition under three-valued logic: known true, known
// false, or unknown. status is how a known fact was decided.
type fact struct {
	known, value bool
	status       ItemStatus
}

var (
	unknown = fact{status: Missing}
	// absent is a condition that is never in registry data.
	absent = fact{known: true, status: AssumedAbsent}
)

func statusOf(s clinical.Source) ItemStatus {
	switch s {
	case clinical.Observed:
		return Available
	case clinical.FromICD10, clinical.FromLabs:
		return Derived
	}
	return Missing
}

// rank orders the statuses of known facts from best to worst.
func rank(s ItemStatus) int {
	switch s {
	case Available:
		return 0
	case Derived:
		return 1
	}
	return 2 // AssumedAbsent
}

func better(a, b ItemStatus) ItemStatus {
	if rank(b) < rank(a) {
		return b
	}
	return a
}

func worse(a, b ItemStatus) ItemStatus {
	if rank(b) > rank(a) {
		return b
	}
	return a
}

func flag(f clinical.Flag) fact {
	st := statusOf(f.Source)
	if st == Missing {
		return unknown
	}
	return fact{known: true, value: f.Value, status: st}
}

func num(n clinical.Num, cond func(float64) bool) fact {
	st := statusOf(n.Source)
	if st == Missing || math.IsNaN(n.Value) {
		return unknown
	}
	return fact{known: true, value: cond(n.Value), status: st}
}

func below(cut float64) func(float64) bool   { return func(v float64) bool { return v < cut } }
func above(cut float64) func(float64) bool   { return func(v float64) bool { return v > cut } }
func atLeast(cut float64) func(float64) bool { return func(v float64) bool { return v >= cut } }

func not(f fact) fact {
	f.value = !f.value
	return f
}

// anyOf is true when one operand is known true, false when all are known
// false, unknown otherwise.
func anyOf(fs ...fact) fact {
	return combine(true, fs)
}

// allOf is false when one operand is known false, true when all are known
// true, unknown otherwise.
func allOf(fs ...fact) fact {
	return combine(false, fs)
}

// combine decides anyOf (decisive = true) and allOf (decisive = false). One
// operand equal to decisive settles it, with the best status among such
// operands; otherwise every operand must be known and the worst status wins.
func combine(decisive bool, fs []fact) fact {
	settled := fact{}
	for _, f := range fs {
		if f.known && f.value == decisive {
			if !settled.known {
				settled = f
			} else {
				settled.status = better(settled.status, f.status)
			}
		}
	}
	if settled.known {
		return settled
	}
	out := fact{known: true, value: !decisive, status: Available}
	for _, f := range fs {
		if !f.known {
			return unknown
		}
		out.status = worse(out.status, f.status)
	}
	return out
}

// orElse is primary when known, else fallback.
func orElse(primary, fallback fact) fact {
	if primary.known {
		return primary
	}
	return fallback
}

// approximated marks a known fact as Derived.
func approximated(f fact) fact {
	if f.known {
		f.status = Derived
	}
	return f
}

// within decides a condition that implies each of broader: when it is unknown
// but one broader condition is known false, it is false too (no prior
// bleeding at all means no prior GI bleeding).
func within(f fact, broader ...clinical.Flag) fact {
	if f.known {
		return f
	}
	for _, b := range broader {
		if g := flag(b); g.known && !g.value {
			return g
		}
	}
	return unknown
}

// bySex decides a sex-specific condition on n. With sex unknown it is still
// decided when it holds, or fails, for both sexes.
func bySex(n clinical.Num, female clinical.Flag, ifFemale, ifMale func(float64) bool) fact {
	if sex := flag(female); sex.known {
		cond := ifMale
		if sex.value {
			cond = ifFemale
		}
		f := num(n, cond)
		if f.known {
			f.status = worse(f.status, sex.status)
		}
		return f
	}
	f, m := num(n, ifFemale), num(n, ifMale)
	if f.known && f.value == m.value {
		return f
	}
	return unknown
}

// anaemia is haemoglobin below the WHO cut-off (< 12 g/dL women, < 13 g/dL
// men; DOMAIN.md 5.1), or the Anaemia flag when haemoglobin cannot decide.
func anaemia(p *clinical.Patient) fact {
	return orElse(bySex(p.Haemoglobin, p.Female, below(anaemiaHbFemale), below(anaemiaHbMale)), flag(p.Anaemia))
}

// bleedingHistory is any prior bleeding: true when any bleeding flag is true;
// false when PriorBleeding (any major or clinically relevant bleeding) is
// false, or every bleeding flag is known false.
func bleedingHistory(p *clinical.Patient) fact {
	if f := anyOf(flag(p.PriorBleeding), flag(p.PriorMajorBleeding), flag(p.RecentMajorBleeding),
		flag(p.PriorGIBleeding), flag(p.PriorICH)); f.known {
		return f
	}
	return flag(p.PriorBleeding)
}

// labileINR is poor anticoagulant control (HAS-BLED "L", ACCP). It is a
// vitamin K antagonist measure (time in therapeutic range): the LabileINR flag
// when known; Missing for a patient on a VKA without it; otherwise assumed
// absent. A patient whose anticoagulant is unknown is treated as not on a VKA,
// as LMWH and DOACs are the CAT standard (DOMAIN.md 2.3).
func labileINR(p *clinical.Patient) fact {
	if f := flag(p.LabileINR); f.known {
		return f
	}
	if v := flag(p.VKA); v.known && v.value {
		return unknown
	}
	return absent
}

// item scores a condition worth pts points.
func item(name string, pts float64, f fact) Item {
	it := Item{Name: name, Max: pts, Status: f.status}
	if !f.known {
		it.Status = Missing
		return it
	}
	if f.value {
		it.Points = pts
	}
	return it
}

// result sums items and categorises the sum.
func result(items []Item, category func(points float64) string) Result {
	r := Result{Items: items, Complete: true}
	for _, it := range items {
		r.Points += it.Points
		if it.Status == Missing {
			r.Complete = false
		}
	}
	r.Points = math.Round(r.Points*100) / 100
	r.Category = category(r.Points)
	return r
}

func mustPatient(p *clinical.Patient) {
	if p == nil {
		panic("scores: nil patient")
	}
}
