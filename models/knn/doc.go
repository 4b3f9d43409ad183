// Package knn predicts bleeding with k-nearest neighbours: the probability
// of an event for a row is the (weighted) share of events among the K
// training rows nearest to it, a baseline a reviewer may ask for.
//
// Distance is Euclidean on the columns as given; the pipeline standardises
// the features beforehand, so every column counts on the same scale. With
// the default uniform weighting each neighbour's vote is its case weight;
// with distance weighting it is its case weight divided by its distance.
//
// Unlike every other model family, a fitted kNN model is its training data:
// Model stores a copy of the training matrix, the labels and the case
// weights. A saved kNN model therefore holds row-level patient data and must
// be stored and shared under the same rules as the cohort itself.
package knn
