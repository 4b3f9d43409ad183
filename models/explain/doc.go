// Package explain says which features a fitted model relies on: permutation
// importance for any model, exact TreeSHAP values for tree ensembles, and
// the coefficients of linear models with their selection frequency across
// resamples.
//
// # Permutation importance
//
// PermutationImportance is scikit-learn's permutation_importance (Breiman
// 2001; Fisher, Rudin & Dominici 2019): the drop in a score when one column
// of X is shuffled, averaged over repeats. It must be computed on held-out
// rows (the test fold of the resample the model was fitted in): on the
// training rows it measures what the model memorised, and a deep forest
// then credits pure noise.
//
// # TreeSHAP
//
// Ensemble.SHAP computes exact SHAP values of tree ensembles as defined by
// Lundberg, Erion & Lee, "Consistent individualized feature attribution
// for tree ensembles" (arXiv:1802.03888, 2018): the values their
// Algorithm 2 gives, as do XGBoost's pred_contribs and the shap package's
// TreeExplainer with feature_perturbation="tree_path_dependent". The value
// of a set S of known features is the tree's expected output when the
// features in S follow x and the others are averaged out along the tree's
// own splits, each child weighted by its share of its parent's cover (the
// training weight that reached it). The SHAP values of a row then sum with
// the expected value to the model's output for the row (local accuracy), a
// feature the trees never split on gets exactly 0, and a feature's value
// is its Shapley value in that game.
//
// The values are computed in O(L·D) per tree and row (L leaves, depth D)
// as in Linear TreeShap (Yu, Peng, Zhang & Jiang, NeurIPS 2022), rather
// than Algorithm 2's O(L·D²): each leaf's Shapley values are integrals of
// polynomials, summed up the tree and integrated exactly by Gauss–Legendre
// quadrature (see shap.go). The tests check the values against Algorithm
// 2, against Shapley values by subset enumeration, and against XGBoost.
//
// FromForest explains a random forest in probability space; FromGBM a
// boosted-tree model in margin (log-odds) space, as XGBoost does. Models
// of other tree libraries can be explained by building the generic Tree
// directly (see the XGBoost test).
//
// # Linear models
//
// Coefficients returns a linear model's intercept and coefficients, and
// SelectionFrequency summarises the coefficient vectors of many resample
// fits by feature name: how often each feature was selected (non-zero
// coefficient) and its mean coefficient, a measure of the stability of
// the lasso's selection (Meinshausen & Bühlmann 2010).
package explain
