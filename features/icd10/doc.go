// Package icd10 derives comorbidity scores and bleeding-relevant flags from a
// patient's WHO ICD-10 diagnosis codes (DOMAIN.md 6): the Charlson index
// (Quan 2005 coding; Charlson 1987 and Quan 2011 weights), the 31 Elixhauser
// groups with the van Walraven score, cancer site groups, metastatic disease,
// the Khorana site class, prior bleeding tiers, prior VTE and the other flags
// of DOMAIN.md 6.6.
//
// Codes are WHO ICD-10 (Norway), not ICD-10-CM, in the canonical form of
// datasets.NormalizeICD10: upper case, without the dot ("C187", "I269").
// Every list is a set of prefixes and a code belongs to a category when it
// starts with one of them (Quan's "x" = any further characters). Ranges such
// as I425–I429 are written out in full, so each list can be checked against
// its source by eye. ICD-10-CM-only codes (D68.32, K92.81) are not an error:
// they match through their WHO prefix (D683, K92) and nothing else.
//
// The index VTE must not count as a comorbidity: Derive removes the index
// event codes (I26, I80, I82; ExcludeIndexVTE) before anything is derived.
// Only codes dated on or before the index date (within a look-back window)
// may be passed in: post-index codes are leakage (DOMAIN.md 6, general rules).
//
// The entry point for the feature builder is Derive, whose result lists its
// features under fixed provenance names ("icd:charlson_quan2011", ...; see
// FeatureNames) and fills a clinical.Patient's missing flags (FillPatient).
//
// icd10 imports datasets and features/clinical only.
package icd10
