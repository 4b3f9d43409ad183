// Package svm fits a linear support vector machine with probabilities from
// Platt scaling, a baseline a reviewer may ask for.
//
// The SVM minimises the hinge-loss primal of LIBLINEAR and scikit-learn's
// LinearSVC(loss="hinge"):
//
//	½‖w‖² + C Σᵢ wᵢ max(0, 1 − ỹᵢ(wᵀxᵢ + b)),  ỹᵢ = 2yᵢ − 1,
//
// with case weights wᵢ, where the intercept b is treated as the weight of
// an extra column of ones and so is penalised too (LIBLINEAR's bias term
// with intercept_scaling 1). The solver is dual coordinate descent (Hsieh,
// Chang, Lin, Keerthi and Sundararajan, "A dual coordinate descent method
// for large-scale linear SVM", ICML 2008, Algorithm 1 with the L1 loss),
// visiting the rows in an order shuffled every epoch from FitOptions.Seed
// and stopping when the spread of the projected gradient is at most Tol,
// LIBLINEAR's criterion.
//
// An SVM's decision value f = wᵀx + b is not a probability. Fit therefore
// calibrates it with package calibrate: out-of-fold decision values of
// Folds internal folds are mapped by P(y=1) = σ(a + c·f) fitted by maximum
// likelihood (Platt 1999, without his label smoothing), and the SVM is
// refitted on all training rows. Because the map goes through
// calibrate.PlattMap, which clips probabilities to [1e-6, 1 − 1e-6],
// decision values beyond about ±13.8 are clipped; with the hinge loss's
// scale they rarely come near.
package svm
