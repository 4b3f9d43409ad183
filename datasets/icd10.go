package datasets

import "strings"

// NormalizeICD10 returns a WHO ICD-10 code in bleedrisk's canonical form:
// upper case, without the dot or spaces, e.g. " c18.7 " -> "C187". It reports
// false when the result does not have the WHO ICD-10 shape: a letter, two
// digits, then up to two more letters or digits (DOMAIN.md 6: store codes
// dot-less and upper-case; match by prefix). ICD-10-CM's longer codes are
// rejected. An ICD-10 dagger or asterisk suffix (e.g. "G01*") is dropped.
func NormalizeICD10(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimRight(s, "*+†")
	s = strings.NewReplacer(".", "", " ", "").Replace(s)
	if len(s) < 3 || len(s) > 5 {
		return s, false
	}
	if s[0] < 'A' || s[0] > 'Z' || !isDigit(s[1]) || !isDigit(s[2]) {
		return s, false
	}
	for i := 3; i < len(s); i++ {
		if !isDigit(s[i]) && (s[i] < 'A' || s[i] > 'Z') {
			return s, false
		}
	}
	return s, true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
