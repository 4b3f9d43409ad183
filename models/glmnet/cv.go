package glmnet

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

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
	fold, err := stratifiedFolds(y, k, opt.Seed)
	if err != nil {
		return nil, err
	}
	n, p := X.Dims()
	w := opt.Weights
	dev := make([][]float64, k) // dev[f][l]: weighted mean deviance of fold f at λ l
	for f := 0; f < k; f++ {
		var tr, te []int
		for i := 0; i < n; i++ {
			if fold[i] == f {
				te = append(te, i)
			} else {
				tr = append(tr, i)
			}
		}
		Xtr, ytr, wtr := rows(X, y, w, tr, p)
		Xte, yte, wte := rows(X, y, w, te, p)
		path, err := s.Spec.PathAt(Xtr, ytr, lambdas, models.FitOptions{Weights: wtr})
		if err != nil {
			return nil, fmt.Errorf("glmnet: inner fold %d: %w", f+1, err)
		}
		preds := path.PredictProba(Xte)
		dev[f] = make([]float64, len(lambdas))
		for l := range lambdas {
			dev[f][l] = deviance(yte, preds[l], wte)
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

// deviance is the weighted mean binomial deviance -2·loglik/W, with p
// clipped to [1e-15, 1-1e-15] so a certain wrong prediction is finite.
func deviance(y, p, w []float64) float64 {
	var sum, wsum float64
	for i := range y {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		pi := math.Min(math.Max(p[i], 1e-15), 1-1e-15)
		if y[i] == 1 {
			sum -= 2 * wi * math.Log(pi)
		} else {
			sum -= 2 * wi * math.Log(1-pi)
		}
		wsum += wi
	}
	return sum / wsum
}

// stratifiedFolds deals the shuffled events and non-events round-robin
// into k folds.
func stratifiedFolds(y []float64, k int, seed uint64) ([]int, error) {
	var pos, neg []int
	for i, v := range y {
		if v == 1 {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	if len(pos) < k || len(neg) < k {
		return nil, errors.New("glmnet: fewer events or non-events than inner folds; use fewer folds")
	}
	rng := rand.New(rand.NewPCG(seed, 0x676c6d6e6574))
	fold := make([]int, len(y))
	c := 0
	for _, class := range [][]int{pos, neg} {
		rng.Shuffle(len(class), func(a, b int) { class[a], class[b] = class[b], class[a] })
		for _, i := range class {
			fold[i] = c % k
			c++
		}
	}
	return fold, nil
}

func rows(X *mat.Dense, y, w []float64, idx []int, p int) (*mat.Dense, []float64, []float64) {
	Xs := mat.NewDense(len(idx), p, nil)
	ys := make([]float64, len(idx))
	var ws []float64
	if w != nil {
		ws = make([]float64, len(idx))
	}
	for r, i := range idx {
		copy(Xs.RawRowView(r), X.RawRowView(i))
		ys[r] = y[i]
		if w != nil {
			ws[r] = w[i]
		}
	}
	return Xs, ys, ws
}
