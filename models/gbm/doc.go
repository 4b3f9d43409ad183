// Package gbm fits gradient-boosted decision trees for a binary outcome,
// histogram-based like XGBoost's tree_method "hist" and LightGBM, and gives
// probabilities of the positive class.
//
// # Objective
//
// Boosting minimises the weighted log-loss Σᵢ wᵢ [log(1 + e^Fᵢ) − yᵢ Fᵢ] of
// the margin Fᵢ = F₀ + η Σₜ fₜ(xᵢ), where F₀ is the weighted log-odds of the
// training prevalence, η the learning rate and fₜ the t-th tree. Each tree is
// fitted to the second-order expansion of the loss at the current margins,
// with gradients gᵢ = wᵢ(pᵢ − yᵢ) and hessians hᵢ = wᵢ·max(pᵢ(1 − pᵢ), 10⁻¹⁶),
// pᵢ = σ(Fᵢ) (the floor is XGBoost's). For a node whose rows have gradient
// sum G and hessian sum H, the leaf value and the gain of a split into L and
// R are (Chen & Guestrin, "XGBoost: A Scalable Tree Boosting System", KDD
// 2016, eq. 5 and 7):
//
//	w = −G / (H + λ)
//	Gain = G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ)
//
// Gain is twice the bracket of eq. 7 without γ, the quantity XGBoost computes
// and compares with its min_split_loss; likewise here a split is made only
// when Gain > 10⁻⁶ and Gain ≥ Gamma, and each child's hessian sum is at least
// MinChildWeight. A leaf stores η·w. Case weights multiply the gradients and
// hessians, so a row of weight k counts as k copies of the row.
//
// # Histograms
//
// Before boosting, each feature's values on the training rows are cut into
// at most MaxBins bins: every distinct value gets its own bin when there are
// few enough of them (a 0/1 feature gets two), otherwise the cuts are
// weighted quantiles. Splits are searched over bin boundaries only, from
// per-node histograms of gradient and hessian sums. Of two sibling nodes only
// the one with fewer rows is histogrammed; the other's histogram is the
// parent's minus it. Features that are mostly one value (the many sparse 0/1
// indicators of a cohort) are stored as the list of rows that differ from it,
// and the histogram cell of the common value is the node total minus the
// others. Trees grow level by level to MaxDepth or, when MaxLeaves > 0,
// best-first (largest gain first, as XGBoost's "lossguide") to MaxLeaves.
//
// A fitted split stores the raw threshold (the lower edge of the first bin
// on the right), so prediction needs no bins: a value x goes left when
// x < threshold.
//
// # Missing values
//
// NaN in X means missing, at fit and at prediction. At fit, missing values
// form their own histogram cell and every split learns a default direction
// for them, trying both sides (XGBoost's sparsity-aware split finding, Chen
// & Guestrin 2016, Algorithm 3); a missing value at prediction follows that
// direction. A split may also separate the missing rows from all others.
// When a node had no missing value of a feature, splits on it send missing
// values right, as XGBoost's do. ±Inf in X is an error at fit, as is
// ±math.MaxFloat64, which thresholds reserve for "all values"; at
// prediction every non-NaN value is compared with the thresholds as is.
//
// # Determinism
//
// Histograms are built in parallel over features, each feature's sums by
// one goroutine in row order, and the best split is the one of largest gain
// (lowest feature index on ties), so a fit is bit-identical for any number
// of Workers. Row and column subsampling and the validation split draw from
// math/rand/v2 PCG streams seeded with FitOptions.Seed.
package gbm
