// Package biochem turns baseline biochemistry into the values a clinician
// recognises: every analyte in one canonical unit, the derived kidney
// function (eGFR by CKD-EPI 2021, Cockcroft–Gault creatinine clearance), the
// conventional flags (anaemia, thrombocytopenia, leukocytosis,
// hypoalbuminaemia), the single rule for values censored at a detection
// limit, and which skewed labs may be log-transformed.
//
// Canonical units follow package clinical (DOMAIN.md 5.1): haemoglobin g/dL,
// platelets and leukocytes 10^9/L, creatinine µmol/L, albumin g/L, bilirubin
// µmol/L, CRP mg/L, D-dimer mg/L FEU, ferritin µg/L, enzymes U/L, urea,
// glucose and calcium mmol/L. Conversion factors are those of DOMAIN.md 5.2
// and equations those of DOMAIN.md 5.3; each constant cites its source next
// to it.
//
// biochem imports datasets and features/clinical only (and never package
// features), so the feature encoder can call it.
package biochem
