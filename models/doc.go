// Package models holds the classifiers of bleedrisk behind one small
// contract: a Spec (hyperparameters only, serialisable, cloned freely) is fitted
// on a design matrix and 0/1 labels and returns a Model, whose only job is to
// give the probability of the positive class (a bleed) for new rows.
//
// A Spec's Fit does not keep or modify the training data, gives the same
// Model for the same inputs and seed, and returns ErrSingleClass when the
// labels hold one class only. Each model family lives in its own subpackage
// (models/logistic, ...); models imports no bleedrisk package but the
// standard library and gonum.
package models
