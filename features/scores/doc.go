// Package scores computes the published bleeding risk scores that every new
// bleedrisk model is compared against, from one patient's baseline in clinical
// concepts (package clinical). Each score reports its points, its published
// risk category and, per item, the points awarded and where the item came from.
//
// The scores, in the fixed order of All (DOMAIN.md section 4):
//
//	VTE-BLEED   Klok 2016                 DOMAIN.md 4.1  [V]
//	RIETE       Ruíz-Giménez 2008         DOMAIN.md 4.2  [M], items [V] (cliot)
//	HAS-BLED    Pisters 2010              DOMAIN.md 4.3  [M], items [V]
//	Kuijer      Kuijer 1999               DOMAIN.md 4.4  [M]
//	ACCP        Kearon (CHEST) 2016       DOMAIN.md 4.5  [M]
//	OBRI        Beyth 1998                DOMAIN.md 4.6  [M]
//	Khorana     Khorana 2008              DOMAIN.md 4.10 [V]  descriptor only
//
// Khorana predicts cancer-associated thrombosis, not bleeding. It is
// implemented as a descriptor (and optional feature) and its IsBleedingScore
// reports false, so that reports never present it as a bleeding comparator;
// Comparators returns the bleeding scores only.
//
// CAT-BLEED (de Winter 2022, DOMAIN.md 4.7) and B-CAT (Cohen 2024, DOMAIN.md
// 4.8) are left out on purpose: their coefficients and point values were not
// retrieved (DOMAIN.md tags them [U]), and a score must never be implemented
// from invented or remembered weights. Add them only from the primary
// publication or its supplement.
//
// # Item status
//
// Every item of a Result has a status:
//
//   - Available: decided from observed values (a cohort column).
//   - Derived: decided from ICD-10 codes or computed values (clinical
//     FromICD10 or FromLabs), or through a documented approximation (OBRI's
//     haematocrit from haemoglobin).
//   - Missing: could not be decided because a value it needs is unknown. The
//     item is assumed absent (0 points) and the Result's Complete is false;
//     Points is then a lower bound of the true score.
//   - AssumedAbsent: the item is by design never in registry data (labile INR
//     for patients not on a vitamin K antagonist, alcohol units per week
//     without an alcohol-abuse flag, ACCP's "comorbidity and reduced
//     functional capacity"). It scores 0 and does not make the Result
//     incomplete; Availability counts these items so a report can say so.
//
// An item is decided with three-valued logic: an item that needs several
// values is still decided when the unknown ones cannot change it. A woman
// cannot score VTE-BLEED's "male with uncontrolled hypertension" whatever her
// blood pressure; haemoglobin 11 g/dL is anaemia by the WHO cut-off for both
// sexes. A decided item takes the status of the values that decided it: the
// better of them (Available before Derived) when one present condition
// suffices, the worse of them when every condition had to be checked.
//
// Where a score has a numeric cut-off the numeric value is used first and the
// corresponding clinical flag (Anaemia, UncontrolledHypertension,
// Thrombocytopenia) only when the value is unknown. NaN values count as
// unknown. Cut-offs in mg/dL are converted exactly with 88.42 µmol/L per
// mg/dL (DOMAIN.md 5.2).
//
// Points are rounded to two decimals, so sums such as Kuijer's 1.6 + 1.3 are
// exactly 2.9. Category strings are CategoryLow, CategoryIntermediate,
// CategoryModerate (ACCP) and CategoryHigh. Only ACCP publishes a risk per
// category (Predicted); the other scores are ranks, compared with a model by
// the AUROC of their points.
//
// scores imports features/clinical and the standard library only.
package scores
