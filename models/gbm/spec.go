package gbm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Defaults used when the Spec fields are zero (or nil).
const (
	DefaultTrees              = 300
	DefaultLearningRate       = 0.05
	DefaultMaxDepth           = 4
	DefaultMinChildWeight     = 1.0
	DefaultLambda             = 1.0
	DefaultMaxBins            = 256
	DefaultValidationFraction = 0.1
)

// Spec specifies gradient-boosted trees. Its zero value gives the defaults
// (XGBoost's, but for 300 trees and a learning rate of 0.05). Lambda and
// MinChildWeight are pointers because zero is a meaningful setting for
// them: nil means the default, new(0.0) means zero.
type Spec struct {
	// Trees is the number of boosting rounds; 0 means DefaultTrees.
	Trees int `json:"trees,omitempty"`
	// LearningRate η > 0 scales every tree; 0 means DefaultLearningRate.
	LearningRate float64 `json:"learning_rate,omitempty"`
	// MaxDepth limits the depth of a tree (a stump has depth 1); 0 means
	// DefaultMaxDepth and −1 means no limit, allowed only with MaxLeaves.
	MaxDepth int `json:"max_depth,omitempty"`
	// MaxLeaves > 0 grows each tree best-first to at most this many
	// leaves (and MaxDepth); 0 grows level by level to MaxDepth.
	MaxLeaves int `json:"max_leaves,omitempty"`
	// MinChildWeight is the smallest hessian sum of a child node; nil
	// means DefaultMinChildWeight.
	MinChildWeight *float64 `json:"min_child_weight,omitempty"`
	// Lambda is the L2 penalty λ on leaf values; nil means DefaultLambda.
	Lambda *float64 `json:"lambda,omitempty"`
	// Gamma is the smallest gain of a split (XGBoost's min_split_loss).
	Gamma float64 `json:"gamma,omitempty"`
	// Subsample in (0, 1] is the probability that a row is used for a tree
	// (drawn anew for each tree); 0 means 1.
	Subsample float64 `json:"subsample,omitempty"`
	// ColSample in (0, 1] is the fraction of features drawn for each tree
	// (at least one); 0 means 1.
	ColSample float64 `json:"colsample,omitempty"`
	// MaxBins in [2, 256] bounds the histogram bins of a feature, counting
	// one for missing values if it has any; 0 means DefaultMaxBins.
	MaxBins int `json:"max_bins,omitempty"`
	// EarlyStoppingRounds > 0 holds out a stratified ValidationFraction of
	// the training rows, drawn with the fit's seed, fits on the others and
	// stops when the weighted validation log-loss has not improved for this
	// many rounds; the model keeps the trees up to the best round. The
	// held-out rows are used for nothing else (not for the bins either).
	EarlyStoppingRounds int `json:"early_stopping_rounds,omitempty"`
	// ValidationFraction in (0, 1) is the held-out share for early
	// stopping; 0 means DefaultValidationFraction.
	ValidationFraction float64 `json:"validation_fraction,omitempty"`
	// Workers is the number of goroutines of a fit; 0 means
	// runtime.NumCPU(). The fitted model does not depend on it. Between
	// the parallel steps of a fit (a few hundred microseconds apart) its
	// helpers poll for up to 200 µs before blocking, so when fits run
	// concurrently (folds in parallel), give each Workers: 1.
	Workers int `json:"-"`
}

var _ models.Spec = Spec{}

// Name returns "gbm".
func (s Spec) Name() string { return "gbm" }

// params are the settings of a fit with the defaults filled in.
type params struct {
	trees          int
	eta            float64
	maxDepth       int // 0: no limit
	maxLeaves      int // 0: level-wise
	minChildWeight float64
	lambda         float64
	gamma          float64
	subsample      float64
	colsample      float64
	maxBins        int
	earlyStopping  int
	validFraction  float64
	workers        int
}

func (s Spec) params() (params, error) {
	p := params{
		trees: s.Trees, eta: s.LearningRate, maxDepth: s.MaxDepth, maxLeaves: s.MaxLeaves,
		minChildWeight: DefaultMinChildWeight, lambda: DefaultLambda, gamma: s.Gamma,
		subsample: s.Subsample, colsample: s.ColSample, maxBins: s.MaxBins,
		earlyStopping: s.EarlyStoppingRounds, validFraction: s.ValidationFraction, workers: s.Workers,
	}
	if s.MinChildWeight != nil {
		p.minChildWeight = *s.MinChildWeight
	}
	if s.Lambda != nil {
		p.lambda = *s.Lambda
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case s.Trees < 0:
		return p, fmt.Errorf("gbm: Trees is %d; it must be ≥ 0", s.Trees)
	case !finite(s.LearningRate) || s.LearningRate < 0:
		return p, fmt.Errorf("gbm: LearningRate is %v; it must be finite and > 0 (0 for the default)", s.LearningRate)
	case s.MaxDepth < -1:
		return p, fmt.Errorf("gbm: MaxDepth is %d; it must be ≥ 1, 0 for the default or −1 for no limit", s.MaxDepth)
	case s.MaxDepth == -1 && s.MaxLeaves == 0:
		return p, errors.New("gbm: MaxDepth −1 (no limit) needs MaxLeaves > 0")
	case s.MaxLeaves < 0 || s.MaxLeaves == 1:
		return p, fmt.Errorf("gbm: MaxLeaves is %d; it must be ≥ 2, or 0 for level-wise growth", s.MaxLeaves)
	case !finite(p.minChildWeight) || p.minChildWeight < 0:
		return p, fmt.Errorf("gbm: MinChildWeight is %v; it must be finite and ≥ 0", p.minChildWeight)
	case !finite(p.lambda) || p.lambda < 0:
		return p, fmt.Errorf("gbm: Lambda is %v; it must be finite and ≥ 0", p.lambda)
	case !finite(s.Gamma) || s.Gamma < 0:
		return p, fmt.Errorf("gbm: Gamma is %v; it must be finite and ≥ 0", s.Gamma)
	case !(s.Subsample >= 0 && s.Subsample <= 1):
		return p, fmt.Errorf("gbm: Subsample is %v; it must be in (0, 1] (0 for 1)", s.Subsample)
	case !(s.ColSample >= 0 && s.ColSample <= 1):
		return p, fmt.Errorf("gbm: ColSample is %v; it must be in (0, 1] (0 for 1)", s.ColSample)
	case s.MaxBins != 0 && (s.MaxBins < 2 || s.MaxBins > 256):
		return p, fmt.Errorf("gbm: MaxBins is %d; it must be in [2, 256] (0 for the default)", s.MaxBins)
	case s.EarlyStoppingRounds < 0:
		return p, fmt.Errorf("gbm: EarlyStoppingRounds is %d; it must be ≥ 0", s.EarlyStoppingRounds)
	case !(s.ValidationFraction >= 0 && s.ValidationFraction < 1):
		return p, fmt.Errorf("gbm: ValidationFraction is %v; it must be in (0, 1) (0 for the default)", s.ValidationFraction)
	case s.Workers < 0:
		return p, fmt.Errorf("gbm: Workers is %d; it must be ≥ 0", s.Workers)
	}
	if p.trees == 0 {
		p.trees = DefaultTrees
	}
	if p.eta == 0 {
		p.eta = DefaultLearningRate
	}
	switch p.maxDepth {
	case 0:
		p.maxDepth = DefaultMaxDepth
	case -1:
		p.maxDepth = 0
	}
	if p.subsample == 0 {
		p.subsample = 1
	}
	if p.colsample == 0 {
		p.colsample = 1
	}
	if p.maxBins == 0 {
		p.maxBins = DefaultMaxBins
	}
	if p.validFraction == 0 {
		p.validFraction = DefaultValidationFraction
	}
	if p.workers == 0 {
		p.workers = runtime.NumCPU()
	}
	return p, nil
}

// Seed-stream constants: the fit draws its validation split and its
// per-tree samples from separate PCG streams of FitOptions.Seed.
const (
	streamValidation = 0x67626d2d76616c // "gbm-val"
	streamTrees      = 0x67626d2d747265 // "gbm-tre"
)

// Fit fits the model on the rows of X (NaN means missing; ±Inf and
// ±math.MaxFloat64 are errors) with 0/1 labels y and the case weights of opt (nil: all 1;
// finite and ≥ 0). It returns models.ErrSingleClass when the rows of
// positive weight (of the fitting part, with early stopping) hold one class
// only, and an error for invalid settings or data. X, y and the weights are
// neither modified nor kept.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	p, err := s.params()
	if err != nil {
		return nil, err
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, nf := X.Dims()
	if opt.Weights != nil {
		if len(opt.Weights) != n {
			return nil, fmt.Errorf("gbm: %d weights for %d rows", len(opt.Weights), n)
		}
		for i, v := range opt.Weights {
			if !(v >= 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("gbm: weight %d is %v; weights must be finite and ≥ 0", i, v)
			}
		}
	}
	raw := X.RawMatrix()
	for i := 0; i < n; i++ {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+nf] {
			if math.Abs(v) >= math.MaxFloat64 {
				// ±MaxFloat64 are reserved as thresholds (see Tree).
				return nil, fmt.Errorf("gbm: X[%d, %d] is %v; values must be NaN (missing) or finite with |x| < math.MaxFloat64", i, j, v)
			}
		}
	}

	// The rows that trees are fitted on, and the held-out rows of early
	// stopping.
	train := make([]int, n)
	for i := range train {
		train[i] = i
	}
	var valid []int
	if p.earlyStopping > 0 {
		rng := rand.New(rand.NewPCG(opt.Seed, streamValidation))
		train, valid = stratifiedSplit(y, p.validFraction, rng)
		if len(valid) == 0 {
			return nil, fmt.Errorf("gbm: %d rows are too few to hold out a validation fraction of %v for early stopping", n, p.validFraction)
		}
	}
	yt := make([]float64, len(train))
	var wt []float64
	if opt.Weights != nil {
		wt = make([]float64, len(train))
	}
	var pos, neg float64
	for k, i := range train {
		yt[k] = y[i]
		w := 1.0
		if wt != nil {
			w = opt.Weights[i]
			wt[k] = w
		}
		if y[i] == 1 {
			pos += w
		} else {
			neg += w
		}
	}
	if pos == 0 || neg == 0 {
		return nil, models.ErrSingleClass
	}

	b := binFeatures(X, train, wt, p.maxBins, p.workers)
	f := newFitter(p, b, yt, wt, math.Log(pos/neg), opt.Seed)
	defer f.pool.Close()
	if valid != nil {
		f.setValidation(X, y, opt.Weights, valid)
	}
	m := f.boost()
	m.Spec = s
	return m, nil
}

// stratifiedSplit returns the training and validation rows (each in
// increasing order), with round(fraction·count) rows of each class drawn
// for validation, but always at least one row of each class left for
// training.
func stratifiedSplit(y []float64, fraction float64, rng *rand.Rand) (train, valid []int) {
	var byClass [2][]int
	for i, v := range y {
		byClass[int(v)] = append(byClass[int(v)], i)
	}
	isValid := make([]bool, len(y))
	for _, rows := range byClass {
		k := int(math.Round(fraction * float64(len(rows))))
		k = min(k, len(rows)-1)
		rng.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
		for _, i := range rows[:max(k, 0)] {
			isValid[i] = true
		}
	}
	for i, v := range isValid {
		if v {
			valid = append(valid, i)
		} else {
			train = append(train, i)
		}
	}
	return train, valid
}
