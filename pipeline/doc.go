// Package pipeline runs an experiment: for every outcome window it labels the
// cohort, splits the labelled patients by a seeded resampling plan, and inside
// every split fits the preprocessing recipe and each model on the training
// rows only, predicts the held-out rows and scores them. It then writes the
// run folder atomically.
//
// Every source of randomness is derived from the experiment's master seed and
// the split's position, never from the order in which workers finish, so a
// run gives byte-identical results whatever the number of workers.
package pipeline
