// Package calibrate recalibrates the probabilities of any model: a Spec
// wraps a base models.Spec and maps its predictions through a Platt
// (logistic) or isotonic calibration map fitted on held-out training rows.
//
// # Which rows fit the map
//
// A map fitted on the rows the base model was fitted on learns the base
// model's optimism, not its calibration. Fit therefore follows
// scikit-learn's CalibratedClassifierCV(cv=Folds, ensemble=False): the
// training rows are split into Folds stratified folds (seeded from
// FitOptions.Seed); for each fold the base model is fitted on the other
// folds and predicts the held-out one, so every training row gets one
// out-of-fold prediction from a model that never saw it. The map is fitted
// on those out-of-fold predictions and labels (with the case weights), the
// base model is refitted on all training rows, and the calibrated model is
// the map applied to that refit.
//
// Internal folds rather than a single holdout: with ~800 training rows and
// ~10% events, a 25% holdout would leave ~20 events to fit the map, too
// few for isotonic regression and noisy even for Platt's two parameters;
// out-of-fold predictions use all ~80 events. The price is Folds + 1 base
// fits. The refit on all rows is a little less optimistic than the fold
// models (it saw (Folds)/(Folds−1) times the data), which the map does not
// know about; with Folds = 5 that difference is small, and it is the
// choice scikit-learn makes. Averaging Folds (model, map) pairs instead
// (ensemble=True) would multiply the saved state and the prediction cost
// by Folds.
//
// # The maps
//
// Platt scaling fits, by unpenalised maximum likelihood, the two-parameter
// logistic regression logit P(y=1) = a + b·logit(p) of the labels on the
// logit of the base prediction p, clipped to [1e-6, 1 − 1e-6] first so
// that p of exactly 0 or 1 stays finite; b is the calibration slope of the
// base model and a its calibration intercept (Van Calster et al., J Clin
// Epidemiol 2016;74:167). This is R's glm(y ~ qlogis(p), family =
// binomial). scikit-learn's method="sigmoid" differs on purpose: it
// regresses on p itself, not logit(p), and smooths the labels towards the
// prior (Platt 1999), so its numbers do not match these.
//
// Isotonic regression fits the non-decreasing step function of p that
// minimises the weighted squared error to the labels, by pool-adjacent-
// violators with tied p pooled first, clipped to [0, 1]; between the fitted
// points it interpolates linearly and outside them it is flat, as
// scikit-learn's IsotonicRegression(out_of_bounds="clip"). It is flexible
// but needs many events and can map a range of p to exactly 0 or 1.
package calibrate
