package icd10

import (
	"maps"
	"slices"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

// Derived is everything derived from one patient's codes.
type Derived struct {
	// Codes is the number of distinct valid codes passed in, the index VTE
	// included. Zero means the patient has no codes, and nothing derived
	// can be told from a true absence (FillPatient then does nothing).
	Codes int

	// Charlson holds the Charlson categories present, before the hierarchy;
	// the scores apply it. The non-cancer scores leave out canc and
	// metacanc.
	Charlson                                         map[string]bool
	Charlson1987, CharlsonQuan2011                   int
	CharlsonNonCancer1987, CharlsonNonCancerQuan2011 int

	// Elixhauser holds the Elixhauser groups present and the van Walraven
	// score.
	Elixhauser ElixhauserResult

	// CancerSites holds the CancerSiteGroups present; Metastatic is any of
	// C77–C80; KhoranaSite is 0, 1 or 2.
	CancerSites map[string]bool
	Metastatic  bool
	KhoranaSite int

	// Bleeding is prior bleeding by tier (DOMAIN.md 6.4).
	Bleeding Bleeding

	// PriorVTE is a VTE before the index episode; only DeriveDated can tell.
	PriorVTE bool

	// Flags holds the OtherFlags present.
	Flags map[string]bool
}

// Derive derives scores and flags from one patient's codes: those of the
// look-back window up to and including the index date, or all codes when the
// export has no dates (never post-index codes: leakage). Codes may be raw;
// they are cleaned (Clean) first. The index VTE codes are removed
// (ExcludeIndexVTE) before anything is derived, so PriorVTE is false: use
// DeriveDated when codes carry dates.
func Derive(codes []string) Derived { return DeriveDated(codes, nil) }

// DeriveDated is Derive for an export with code dates. baseline are the codes
// dated in the look-back window up to and including the index date; earlier
// are the codes dated before the index minus about 30 days (DOMAIN.md 6.5;
// it may overlap baseline). Only earlier's VTE codes (PriorVTECodes) are
// used: they set PriorVTE and are kept for the comorbidity scores, so an old
// PE counts as Elixhauser pulmonary circulation disorder while the index PE
// does not.
func DeriveDated(baseline, earlier []string) Derived {
	base, old := Clean(baseline), Clean(earlier)
	codes := ExcludeIndexVTE(base)
	var priorVTE bool
	for _, c := range old {
		if PriorVTECodes.Matches([]string{c}) {
			codes = append(codes, c)
			priorVTE = true
		}
	}

	d := Derived{
		Codes:       len(Clean(slices.Concat(base, old))),
		Charlson:    charlsonFlags(codes),
		Elixhauser:  Elixhauser(codes),
		CancerSites: CancerSites(codes),
		Metastatic:  MetastaticCodes.Matches(codes),
		KhoranaSite: KhoranaSite(codes),
		Bleeding:    PriorBleeding(codes),
		PriorVTE:    priorVTE,
		Flags:       map[string]bool{},
	}
	q, c := charlsonScore(d.Charlson, Quan2011), charlsonScore(d.Charlson, Charlson1987)
	d.CharlsonQuan2011, d.CharlsonNonCancerQuan2011 = q.Score, q.NonCancer
	d.Charlson1987, d.CharlsonNonCancer1987 = c.Score, c.NonCancer
	for _, f := range OtherFlags {
		if f.Matches(codes) {
			d.Flags[f.Key] = true
		}
	}
	return d
}

// Feature is one named numeric feature.
type Feature struct {
	Name  string
	Value float64
}

// Features lists d's scores and flags (flags as 0 or 1) under provenance
// names, in the fixed order of FeatureNames, the same for every patient:
//
//  1. scores: icd:charlson_1987, icd:charlson_quan2011,
//     icd:charlson_noncancer_1987, icd:charlson_noncancer_quan2011,
//     icd:elix_vanwalraven, icd:khorana_site;
//  2. icd:charlson_<key> for each of CharlsonCategories (before hierarchy);
//  3. icd:elix_<key> for each of ElixhauserCategories (before hierarchy);
//  4. icd:cancer_<key> for each of CancerSiteGroups, then icd:metastatic;
//  5. prior bleeding: icd:prior_any_bleed, icd:prior_major_site,
//     icd:prior_ich, icd:prior_gi_bleed, icd:prior_gu_bleed,
//     icd:prior_resp_ent_bleed, icd:prior_other_bleed,
//     icd:prior_bleed_marker; then icd:prior_vte;
//  6. icd:<key> for each of OtherFlags.
func (d Derived) Features() []Feature {
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	f := []Feature{
		{"icd:charlson_1987", float64(d.Charlson1987)},
		{"icd:charlson_quan2011", float64(d.CharlsonQuan2011)},
		{"icd:charlson_noncancer_1987", float64(d.CharlsonNonCancer1987)},
		{"icd:charlson_noncancer_quan2011", float64(d.CharlsonNonCancerQuan2011)},
		{"icd:elix_vanwalraven", float64(d.Elixhauser.VanWalraven)},
		{"icd:khorana_site", float64(d.KhoranaSite)},
	}
	for _, c := range CharlsonCategories {
		f = append(f, Feature{"icd:charlson_" + c.Key, b(d.Charlson[c.Key])})
	}
	for _, c := range ElixhauserCategories {
		f = append(f, Feature{"icd:elix_" + c.Key, b(d.Elixhauser.Flags[c.Key])})
	}
	for _, c := range CancerSiteGroups {
		f = append(f, Feature{"icd:cancer_" + c.Key, b(d.CancerSites[c.Key])})
	}
	f = append(f,
		Feature{"icd:metastatic", b(d.Metastatic)},
		Feature{"icd:prior_any_bleed", b(d.Bleeding.Any)},
		Feature{"icd:prior_major_site", b(d.Bleeding.MajorSite)},
		Feature{"icd:prior_ich", b(d.Bleeding.ICH)},
		Feature{"icd:prior_gi_bleed", b(d.Bleeding.GI)},
		Feature{"icd:prior_gu_bleed", b(d.Bleeding.GU)},
		Feature{"icd:prior_resp_ent_bleed", b(d.Bleeding.RespENT)},
		Feature{"icd:prior_other_bleed", b(d.Bleeding.Other)},
		Feature{"icd:prior_bleed_marker", b(d.Bleeding.Marker)},
		Feature{"icd:prior_vte", b(d.PriorVTE)},
	)
	for _, c := range OtherFlags {
		f = append(f, Feature{"icd:" + c.Key, b(d.Flags[c.Key])})
	}
	return f
}

// FeatureNames returns the names of Derived.Features, in order.
func FeatureNames() []string {
	f := Derived{}.Features()
	names := make([]string, len(f))
	for i, x := range f {
		names[i] = x.Name
	}
	return names
}

// FillPatient sets the flags of p that codes can tell, with Source
// clinical.FromICD10, where they are still clinical.Missing; a known value
// (observed, computed or already derived) is never overridden. It does
// nothing when the patient has no codes (d.Codes == 0): an empty code list is
// unknown, not healthy. Otherwise the absence of a code means the condition
// is absent, as in every code-based comorbidity index.
//
// Set: CancerSites (only when some site group is present: in a cancer cohort
// no cancer code means the site is unknown), Metastatic, PriorBleeding (any
// tier), PriorMajorBleeding (a major site: a proxy), PriorGIBleeding,
// PriorICH, Hypertension, Diabetes, PriorStroke (I63–I64), HeartFailure
// (I50), LiverDisease (liver_disease), RenalFailure (renal_failure), Alcohol
// (Elixhauser alcohol abuse: F10 and alcohol-specific diagnoses such as
// alcoholic liver disease), Falls (any fall code, a proxy for frequent falls)
// and Thrombocytopenia (D69.3–D69.6).
//
// Not set: RecentMI (without dates an I21/I22 code is a prior MI, not a
// recent one; see AcuteMI), RecentMajorBleeding (needs dates), ActiveCancer
// (codes do not tell active from past cancer) and Anaemia (Hb cut-offs).
func FillPatient(p *clinical.Patient, d Derived) {
	if d.Codes == 0 {
		return
	}
	set := func(f *clinical.Flag, v bool) {
		if f.Source == clinical.Missing {
			*f = clinical.Flag{Value: v, Source: clinical.FromICD10}
		}
	}
	if p.CancerSiteSource == clinical.Missing && len(d.CancerSites) > 0 {
		p.CancerSites = maps.Clone(d.CancerSites)
		p.CancerSiteSource = clinical.FromICD10
	}
	set(&p.Metastatic, d.Metastatic)
	set(&p.PriorBleeding, d.Bleeding.Any)
	set(&p.PriorMajorBleeding, d.Bleeding.MajorSite)
	set(&p.PriorGIBleeding, d.Bleeding.GI)
	set(&p.PriorICH, d.Bleeding.ICH)
	set(&p.Hypertension, d.Flags["hypertension"])
	set(&p.Diabetes, d.Flags["diabetes"])
	set(&p.PriorStroke, d.Flags["stroke"])
	set(&p.HeartFailure, d.Flags["heart_failure"])
	set(&p.LiverDisease, d.Flags["liver_disease"])
	set(&p.RenalFailure, d.Flags["renal_failure"])
	set(&p.Alcohol, d.Elixhauser.Flags["alcohol"])
	set(&p.Falls, d.Flags["falls"])
	set(&p.Thrombocytopenia, d.Flags["thrombocytopenia"])
}
