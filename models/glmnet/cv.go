package glmnet

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// CVSpec chooses λ by K-fold cross-validation inside the training rows it
// is given, as R's cv.glmnet does (Friedman, Hastie & Tibshirani 2010,
// section 2.6): the default λ sequence is computed on all rows, every
// inner fold fits the whole path on the same sequence, the binomial
// deviance of the held-out rows is averaged over folds, and the model is
// refitted on all rows at the chosen λ. Because the choice uses only the
// rows passed to Fit, a CVSpec cross-validated in an outer loop is nested
// cross-validation.
type CVSpec struct {
	Spec
	// Folds is the number of inner folds; 0 means 5.
	Folds int `json:"folds,omitempty"`
	// Rule picks λ: "min" (the default) is the λ of least mean deviance,
	// "1se" the largest λ whose mean deviance is within one standard error
	// of the least (cv.glmnet's lambda.1se).
	Rule string `json:"rule,omitempty"`
}

var _ models.Spec = CVSpec{}

// Fit chooses λ by inner cross-validation (folds stratified on y and
// shuffled with opt.Seed) and returns the *Model fitted on all rows at it;
// Model.Lambda records the choice.
func (s CVSpec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	k := s.Folds
	if k == 0 {
		k = 5
	}
	if s.Rule != "" && s.Rule != "min" && s.Rule != "1se" {
		return nil, fmt.Errorf("glmnet: rule %q is not min or 1se", s.Rule)
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	lambdas, err := s.Spec.Lambdas(X, y, opt)
	if err != nil {
		return nil, err
	}
	fold, err := models.StratifiedFolds(y, k, opt.Seed)
	if err != nil {
		return nil, err
	}
	w := opt.Weights
	dev := make([][]float64, k) // dev[f][l]: weighted mean deviance of fold f at λ l
	for f := 0; f < k; f++ {
		te, tr := models.Split(fold, f)
		Xtr, ytr, wtr := models.Rows(X, y, w, tr)
		Xte, yte, wte := models.Rows(X, y, w, te)
		path, err := s.Spec.PathAt(Xtr, ytr, lambdas, models.FitOptions{Weights: wtr})
		if err != nil {
			return nil, fmt.Errorf("glmnet: inner fold %d: %w", f+1, err)
		}
		preds := path.PredictProba(Xte)
		dev[f] = make([]float64, len(lambdas))
		for l := range lambdas {
			dev[f][l] = models.Deviance(yte, preds[l], wte)
		}
	}
	best := chooseLambda(dev, s.Rule == "1se")
	path, err := s.Spec.PathAt(X, y, lambdas[:best+1], opt)
	if err != nil {
		return nil, err
	}
	return path.Model(best), nil
}

// chooseLambda returns the index of the λ of least mean deviance over folds,
// or with oneSE the smallest index (largest λ) whose mean is within one
// standard error (SD over folds / sqrt(K)) of that least mean.
func chooseLambda(dev [][]float64, oneSE bool) (best int) {
	k, L := len(dev), len(dev[0])
	mean, se := make([]float64, L), make([]float64, L)
	for l := 0; l < L; l++ {
		for f := 0; f < k; f++ {
			mean[l] += dev[f][l] / float64(k)
		}
		var ss float64
		for f := 0; f < k; f++ {
			ss += (dev[f][l] - mean[l]) * (dev[f][l] - mean[l])
		}
		if k > 1 {
			se[l] = math.Sqrt(ss/float64(k-1)) / math.Sqrt(float64(k))
		}
	}
	for l := 1; l < L; l++ {
		if mean[l] < mean[best] {
			best = l
		}
	}
	if oneSE {
		limit := mean[best] + se[best]
		for l := 0; l < best; l++ {
			if mean[l] <= limit {
				return l
			}
		}
	}
	return best
}
