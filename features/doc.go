// Package features turns a cohort into a numeric design matrix, with every
// step that learns from data (category levels, code pooling, imputation
// values, scaling) fitted on training rows only and then applied unchanged to
// any other rows. This is what keeps resampling honest: inside each fold the
// recipe is fitted on that fold's training rows alone.
//
// Columns carry provenance-prefixed names ("base:", "bio:", "icd:") so that
// reports can say what a coefficient or an importance refers to.
//
// features imports datasets and gonum only.
package features
