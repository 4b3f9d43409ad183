package icd10

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// expand writes out a list in the sources' range notation ("I425–I429, I43")
// as prefixes; both ends of a range have the same letter and length.
func expand(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		from, to, isRange := strings.Cut(part, "–")
		if !isRange {
			out = append(out, part)
			continue
		}
		if from[0] != to[0] || len(from) != len(to) {
			t.Fatalf("bad range %q", part)
		}
		a, errA := strconv.Atoi(from[1:])
		b, errB := strconv.Atoi(to[1:])
		if errA != nil || errB != nil {
			t.Fatalf("bad range %q", part)
		}
		for i := a; i <= b; i++ {
			out = append(out, fmt.Sprintf("%c%0*d", from[0], len(from)-1, i))
		}
	}
	return out
}

// The rows below are DOMAIN.md 6.1 and 6.2 as they stand there (extracted
// from the file, not retyped), so a transcription error in
// CharlsonCategories or ElixhauserCategories fails here.
func TestCharlsonTableMatchesDomain(t *testing.T) {
	domain := []struct {
		key, prefixes string
		w1987, wQ2011 int
	}{
		{"ami", "I21, I22, I252", 1, 0}, // MI (ami)
		{"chf", "I099, I110, I130, I132, I255, I420, I425–I429, I43, I50, P290", 1, 2},                      // CHF (chf)
		{"pvd", "I70, I71, I731, I738, I739, I771, I790, I792, K551, K558, K559, Z958, Z959", 1, 0},         // PVD (pvd)
		{"cevd", "G45, G46, H340, I60–I69", 1, 0},                                                           // Cerebrovascular (cevd)
		{"dementia", "F00–F03, F051, G30, G311", 1, 2},                                                      // Dementia
		{"copd", "I278, I279, J40–J47, J60–J67, J684, J701, J703", 1, 1},                                    // Chronic pulmonary (copd)
		{"rheumd", "M05, M06, M315, M32, M33, M34, M351, M353, M360", 1, 1},                                 // Rheumatic (rheumd)
		{"pud", "K25–K28", 1, 0},                                                                            // Peptic ulcer (pud)
		{"mld", "B18, K700–K703, K709, K713–K715, K717, K73, K74, K760, K762–K764, K768, K769, Z944", 1, 2}, // Mild liver (mld)
		{"diab", "E100, E101, E106, E108, E109, E110, E111, E116, E118, E119, E120, E121, E126, E128, E129, E130, E131, E136, E138, E139, E140, E141, E146, E148, E149", 1, 0}, // Diabetes w/o chronic compl. (diab)
		{"diabwc", "E102–E105, E107, E112–E115, E117, E122–E125, E127, E132–E135, E137, E142–E145, E147", 2, 1},                                                                // Diabetes w/ chronic compl. (diabwc)
		{"hp", "G041, G114, G801, G802, G81, G82, G830–G834, G839", 2, 2},                                                                                                      // Hemiplegia/paraplegia (hp)
		{"rend", "I120, I131, N032–N037, N052–N057, N18, N19, N250, Z490–Z492, Z940, Z992", 2, 1},                                                                              // Renal (rend)
		{"canc", "C00–C26, C30–C34, C37–C41, C43, C45–C58, C60–C76, C81–C85, C88, C90–C97", 2, 2},                                                                              // Any malignancy incl. lymphoma/leukaemia, excl. skin (canc)
		{"msld", "I850, I859, I864, I982, K704, K711, K721, K729, K765, K766, K767", 3, 4},                                                                                     // Moderate/severe liver (msld)
		{"metacanc", "C77, C78, C79, C80", 6, 6}, // Metastatic solid tumour (metacanc)
		{"aids", "B20, B21, B22, B24", 6, 4},     // AIDS/HIV (aids)
	}
	if len(CharlsonCategories) != len(domain) {
		t.Fatalf("%d Charlson categories, want %d", len(CharlsonCategories), len(domain))
	}
	for i, want := range domain {
		got := CharlsonCategories[i]
		if got.Key != want.key {
			t.Errorf("category %d: key %q, want %q", i, got.Key, want.key)
		}
		if w := expand(t, want.prefixes); !slices.Equal(got.Prefixes, w) {
			t.Errorf("%s: prefixes\n got %v\nwant %v", want.key, got.Prefixes, w)
		}
		if got.Weight1987 != want.w1987 || got.WeightQuan2011 != want.wQ2011 {
			t.Errorf("%s: weights %d/%d, want %d/%d", want.key, got.Weight1987, got.WeightQuan2011, want.w1987, want.wQ2011)
		}
	}
}

func TestElixhauserTableMatchesDomain(t *testing.T) {
	domain := []struct {
		key, prefixes string
		vw            int
	}{
		{"chf", "I099, I110, I130, I132, I255, I420, I425–I429, I43, I50, P290", 7},              // CHF [7]
		{"carit", "I441–I443, I456, I459, I47–I49, R000, R001, R008, T821, Z450, Z950", 5},       // Cardiac arrhythmia [5]
		{"valv", "A520, I05–I08, I091, I098, I34–I39, Q230–Q233, Z952–Z954", -1},                 // Valvular [−1]
		{"pcd", "I26, I27, I280, I288, I289", 4},                                                 // Pulmonary circulation [4]
		{"pvd", "I70, I71, I731, I738, I739, I771, I790, I792, K551, K558, K559, Z958, Z959", 2}, // PVD [2]
		{"hypunc", "I10", 0},              // Hypertension uncompl. [0]
		{"hypc", "I11, I12, I13, I15", 0}, // Hypertension compl. [0]
		{"para", "G041, G114, G801, G802, G81, G82, G830–G834, G839", 7},                                            // Paralysis [7]
		{"ond", "G10–G13, G20–G22, G254, G255, G312, G318, G319, G32, G35–G37, G40, G41, G931, G934, R470, R56", 6}, // Other neurological [6]
		{"cpd", "I278, I279, J40–J47, J60–J67, J684, J701, J703", 3},                                                // Chronic pulmonary [3]
		{"diabunc", "E100, E101, E109, E110, E111, E119, E120, E121, E129, E130, E131, E139, E140, E141, E149", 0},  // Diabetes uncompl. [0]
		{"diabc", "E102–E108, E112–E118, E122–E128, E132–E138, E142–E148", 0},                                       // Diabetes compl. [0]
		{"hypothy", "E00–E03, E890", 0},                                                                              // Hypothyroidism [0]
		{"rf", "I120, I131, N18, N19, N250, Z490–Z492, Z940, Z992", 5},                                               // Renal failure [5]
		{"ld", "B18, I85, I864, I982, K70, K711, K713–K715, K717, K72–K74, K760, K762–K769, Z944", 11},               // Liver disease [11]
		{"pud", "K257, K259, K267, K269, K277, K279, K287, K289", 0},                                                 // Peptic ulcer excl. bleeding [0]
		{"aids", "B20–B22, B24", 0},                                                                                  // AIDS/HIV [0]
		{"lymph", "C81–C85, C88, C96, C900, C902", 9},                                                                // Lymphoma [9]
		{"metacanc", "C77–C80", 12},                                                                                  // Metastatic cancer [12]
		{"solidtum", "C00–C26, C30–C34, C37–C41, C43, C45–C58, C60–C76, C97", 4},                                     // Solid tumour w/o metastasis [4]
		{"rheumd", "L940, L941, L943, M05, M06, M08, M120, M123, M30, M310–M313, M32–M35, M45, M461, M468, M469", 0}, // Rheumatoid/collagen vascular [0]
		{"coag", "D65–D68, D691, D693–D696", 3},                                                                      // Coagulopathy [3]
		{"obes", "E66", -4},                 // Obesity [−4]
		{"wloss", "E40–E46, R634, R64", 6},  // Weight loss [6]
		{"fed", "E222, E86, E87", 5},        // Fluid/electrolyte [5]
		{"blane", "D500", -2},               // Blood-loss anaemia [−2]
		{"dane", "D508, D509, D51–D53", -2}, // Deficiency anaemia [−2]
		{"alcohol", "F10, E52, G621, I426, K292, K700, K703, K709, T51, Z502, Z714, Z721", 0}, // Alcohol abuse [0]
		{"drug", "F11–F16, F18, F19, Z715, Z722", -7},                                         // Drug abuse [−7]
		{"psycho", "F20, F22–F25, F28, F29, F302, F312, F315", 0},                             // Psychoses [0]
		{"depre", "F204, F313–F315, F32, F33, F341, F412, F432", -3},                          // Depression [−3]
	}
	if len(ElixhauserCategories) != 31 || len(domain) != 31 {
		t.Fatalf("%d Elixhauser groups, want 31", len(ElixhauserCategories))
	}
	for i, want := range domain {
		got := ElixhauserCategories[i]
		if got.Key != want.key {
			t.Errorf("group %d: key %q, want %q", i, got.Key, want.key)
		}
		if w := expand(t, want.prefixes); !slices.Equal(got.Prefixes, w) {
			t.Errorf("%s: prefixes\n got %v\nwant %v", want.key, got.Prefixes, w)
		}
		if got.VanWalraven != want.vw {
			t.Errorf("%s: weight %d, want %d", want.key, got.VanWalraven, want.vw)
		}
	}
}

// Every prefix of every list is a normalised WHO ICD-10 code of at least 3
// characters (so no list holds "I2" or "C7"), no list repeats a prefix, and
// keys are unique within each family (they become feature names).
func TestListsWellFormed(t *testing.T) {
	families := map[string][]Category{
		"other": OtherFlags, "cancer": CancerSiteGroups,
		"bleeding": {BleedIntracranial, BleedGI, BleedGU, BleedRespENT, BleedOther, BleedMarker, BleedMajorOther},
		"single":   {IndexVTE, PriorVTECodes, MetastaticCodes, KhoranaVeryHigh, KhoranaHigh, AcuteMI},
	}
	for _, c := range CharlsonCategories {
		families["charlson"] = append(families["charlson"], c.Category)
	}
	for _, c := range ElixhauserCategories {
		families["elixhauser"] = append(families["elixhauser"], c.Category)
	}
	for fam, cats := range families {
		keys := map[string]bool{}
		for _, c := range cats {
			if keys[c.Key] || c.Key == "" || c.Label == "" {
				t.Errorf("%s: key %q empty, unlabelled or repeated", fam, c.Key)
			}
			keys[c.Key] = true
			seen := map[string]bool{}
			for _, p := range c.Prefixes {
				if n, ok := datasets.NormalizeICD10(p); !ok || n != p {
					t.Errorf("%s/%s: prefix %q is not a normalised WHO code", fam, c.Key, p)
				}
				if seen[p] {
					t.Errorf("%s/%s: prefix %q repeated", fam, c.Key, p)
				}
				seen[p] = true
			}
		}
	}
}

// canonical must agree with datasets.NormalizeICD10 on what is already
// normalised.
func TestCanonical(t *testing.T) {
	for _, s := range []string{"C187", "C18", "D6832", "I2", "C7A", "c187", "C18.7", "C18 ", "C1877X", "G01*", "K92A", "1C18", "CC18", ""} {
		n, ok := datasets.NormalizeICD10(s)
		if want := ok && n == s; canonical(s) != want {
			t.Errorf("canonical(%q) = %v, want %v", s, canonical(s), want)
		}
	}
}
