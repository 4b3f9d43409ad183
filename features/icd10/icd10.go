package icd10

import (
	"slices"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// Category is a named list of ICD-10 prefixes. Key is the short name used in
// feature names and result maps ("chf"); Label is the clinical name. Every
// prefix is a normalised WHO ICD-10 code of 3 to 5 characters; ranges are
// written out in full.
type Category struct {
	Key, Label string
	Prefixes   []string
}

// Matches reports whether any of codes falls in c.
func (c Category) Matches(codes []string) bool { return Match(codes, c.Prefixes) }

// Match reports whether any of codes starts with any of prefixes. Codes must
// be normalised (datasets.NormalizeICD10); a code shorter than a prefix never
// matches it, so "C7" does not match C77 and "I2" matches nothing.
func Match(codes []string, prefixes []string) bool {
	for _, c := range codes {
		for _, p := range prefixes {
			if strings.HasPrefix(c, p) {
				return true
			}
		}
	}
	return false
}

// Clean returns the distinct codes of raw in canonical form
// (datasets.NormalizeICD10), sorted, dropping those that do not have the WHO
// ICD-10 shape (e.g. "I2", "C7A"). raw is not modified.
func Clean(raw []string) []string {
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		if canonical(r) {
			out = append(out, r)
		} else if c, ok := datasets.NormalizeICD10(r); ok {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// canonical reports whether s is already in datasets.NormalizeICD10's form
// (a letter, two digits, up to two more upper-case letters or digits), so
// that the common case costs no allocation.
func canonical(s string) bool {
	if len(s) < 3 || len(s) > 5 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		digit := s[i] >= '0' && s[i] <= '9'
		if !digit && (i < 3 || s[i] < 'A' || s[i] > 'Z') {
			return false
		}
	}
	return true
}

// IndexVTE holds the index-event codes (DOMAIN.md 6, general rules, and 6.5):
// pulmonary embolism I26, phlebitis and thrombophlebitis I80 (all of it,
// superficial I80.0 included) and other venous embolism and thrombosis I82.
var IndexVTE = Category{Key: "index_vte", Label: "Index venous thromboembolism", Prefixes: []string{
	"I26", "I80", "I82",
}}

// ExcludeIndexVTE returns codes without the index VTE codes (IndexVTE), so
// that the index event does not count as a comorbidity: without it every PE
// patient would have Elixhauser pulmonary circulation disorders (I26). codes
// is not modified.
//
// Without code dates the index episode cannot be told from a genuine prior
// VTE coded the same way, and both are removed. With dated codes the caller
// passes only codes on or before the index date (within the look-back) and
// may keep VTE codes dated well before the index as prior VTE: see
// DeriveDated and PriorVTE.
func ExcludeIndexVTE(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if !Match([]string{c}, IndexVTE.Prefixes) {
			out = append(out, c)
		}
	}
	return out
}

// PriorVTECodes is the prior-VTE definition of DOMAIN.md 6.5: pulmonary
// embolism I26, deep vein thrombosis I80.1–I80.9 (I80.0 is superficial
// thrombophlebitis and is not DVT) and other venous thrombosis I82.
var PriorVTECodes = Category{Key: "prior_vte", Label: "Prior venous thromboembolism", Prefixes: []string{
	"I26",
	// I80.1–I80.9 (I80.4–I80.7 are not used by WHO; listed for the range).
	"I801", "I802", "I803", "I804", "I805", "I806", "I807", "I808", "I809",
	"I82",
}}

// PriorVTE reports whether codes contain a VTE code (PriorVTECodes). The
// caller passes codes dated before the index minus about 30 days so that the
// index episode is not counted (DOMAIN.md 6.5).
func PriorVTE(codes []string) bool { return PriorVTECodes.Matches(codes) }
