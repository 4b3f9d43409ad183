// Package metrics computes performance measures of predicted probabilities
// against 0/1 outcomes: discrimination (AUROC), overall accuracy (Brier
// score), and, as bleedrisk grows, calibration and clinical utility. Every
// formula cites its source (DOMAIN.md 7.5) and is tested against values from
// a published example, a hand computation or a reference implementation.
//
// Inputs are plain slices: y holds 0/1 labels, p the predicted probabilities,
// both of the same length. Length mismatches are caller bugs and panic;
// degenerate data (no events) return an error.
package metrics
