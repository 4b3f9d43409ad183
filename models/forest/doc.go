// Package forest fits random forests of classification trees (Breiman
// 2001) that give probabilities: scikit-learn's RandomForestClassifier
// with the Gini criterion, in pure Go.
//
// Each tree is a CART tree grown on a bootstrap sample of the rows, with a
// fresh random subset of MaxFeatures columns searched at every split, to
// pure leaves by default. The probability of a row is the mean over the
// trees of the weighted class-1 frequency of the leaf it falls in
// (scikit-learn's predict_proba). Splits are exact: each column is coded
// once per fit by the rank of its value among the column's distinct
// values, and a node finds the best threshold of a column from a histogram
// over those codes, or by sorting its rows' codes when the column has many
// distinct values relative to the node's rows. Every threshold is the
// midpoint of two neighbouring training values, as in scikit-learn.
//
// Missing values: Fit returns an error for NaN or ±Inf in X, so missing
// values must be imputed first (the pipeline does, on the training rows).
// PredictProba does not fail on NaN: at a split on its column a NaN goes
// to the right child, as if it were larger than every training value.
//
// The fit is deterministic under FitOptions.Seed and does not depend on
// Spec.Workers: each tree has its own generator, seeded from the seed and
// the tree's index, and every sum over trees is taken in tree order. The
// fitted Model keeps the out-of-bag prediction of every training row
// (OOBProba) and the Gini importance of every column.
package forest
