// Package metrics computes performance measures of predicted probabilities
// against 0/1 outcomes, each citing its source (DOMAIN.md 7.5) and tested
// against a published example, a hand computation or a reference
// implementation (R's pROC, stats::glm, stats::lowess and rms::val.prob,
// scikit-learn), quoted in the tests:
//
//   - discrimination: AUROC, AUROCWithCI (DeLong standard error, logit and
//     plain intervals), DeLongTest (two correlated AUROCs), AUPRC;
//   - overall: Brier, ScaledBrier, NagelkerkeR2;
//   - calibration: CalibrationInTheLarge, CalibrationSlope, OERatio,
//     SmoothedObserved, IntegratedCalibration (ICI, E50, E90, Emax) and
//     CalibrationCurve with a bootstrap band;
//   - clinical utility: NetBenefit (decision curves) and AtThresholds
//     (sensitivity, specificity, PPV, NPV, number flagged);
//   - Evaluate, all of them at once for a report, and the Metric registry
//     (ByName, Names) of the scalar measures under their metrics.json names.
//
// Inputs are plain slices: y holds 0/1 labels, p the predicted probabilities,
// both of the same length. Length mismatches and invalid settings (a
// confidence level outside (0, 1), a threshold outside [0, 1)) are caller
// bugs and panic; degenerate data (no events) return an error. Measures
// that are defined but have no uncertainty estimate on the data at hand (a
// DeLong SE with one event) are NaN. Randomness (the bootstrap) comes only
// from a rand.Source the caller passes.
package metrics
