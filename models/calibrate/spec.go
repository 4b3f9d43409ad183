package calibrate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Method names a calibration map.
type Method string

const (
	// Platt is logistic recalibration on the logit of the prediction (the
	// zero value, "", means Platt).
	Platt Method = "platt"
	// Isotonic is isotonic regression on the prediction.
	Isotonic Method = "isotonic"
)

// DefaultFolds is the number of internal folds when Spec.Folds is 0, as in
// scikit-learn's CalibratedClassifierCV.
const DefaultFolds = 5

// Spec specifies a recalibrated model: Base fitted on all training rows,
// its predictions mapped by a calibration map fitted on out-of-fold
// predictions (see the package documentation). Base must be set; the zero
// values of the other fields mean Platt scaling with DefaultFolds folds.
type Spec struct {
	// Base is the model to recalibrate.
	Base models.Spec `json:"base"`
	// Method is Platt or Isotonic; "" means Platt, the safer choice with
	// few events.
	Method Method `json:"method,omitempty"`
	// Folds is the number of internal folds, ≥ 2; 0 means DefaultFolds.
	// Each class needs at least Folds training rows.
	Folds int `json:"folds,omitempty"`
}

var _ models.Spec = Spec{}

// Name returns the base model's name followed by "+platt" or "+isotonic"
// ("ridge+isotonic"). It panics if Base is nil.
func (s Spec) Name() string {
	if s.Base == nil {
		panic("calibrate: Spec.Base is nil")
	}
	return s.Base.Name() + "+" + string(s.method())
}

func (s Spec) method() Method {
	if s.Method == "" {
		return Platt
	}
	return s.Method
}

func (s Spec) folds() int {
	if s.Folds == 0 {
		return DefaultFolds
	}
	return s.Folds
}

func (s Spec) check() error {
	if s.Base == nil {
		return errors.New("calibrate: Spec.Base is nil; set the model to recalibrate")
	}
	switch s.Method {
	case "", Platt, Isotonic:
	default:
		return fmt.Errorf("calibrate: Method is %q; it must be %q or %q", s.Method, Platt, Isotonic)
	}
	if s.Folds < 0 || s.Folds == 1 {
		return fmt.Errorf("calibrate: Folds is %d; it must be ≥ 2 (0 means %d)", s.Folds, DefaultFolds)
	}
	return nil
}

// Fit splits the rows of X into Folds folds, stratified by y and shuffled
// with opt.Seed; fits Base on all folds but one and predicts the one left
// out, for each fold; fits the calibration map on these out-of-fold
// predictions with y and opt.Weights; and fits Base on all rows with opt.
// The fold fits get the weights of their rows and seeds derived from
// opt.Seed and the fold number. X is passed to Base as it is, so NaN in X
// is handled as Base handles it.
//
// Fit returns models.ErrSingleClass when the labels, or the rows of
// positive weight, hold one class only; an error for invalid settings,
// labels or weights, or when a class has fewer than Folds rows; and the
// error of a Base fit, naming the fold, or of the map fit.
func (s Spec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if err := checkWeights(opt.Weights, y); err != nil {
		return nil, err
	}
	k := s.folds()
	var events int
	for _, v := range y {
		events += int(v)
	}
	if c := min(events, n-events); c < k {
		return nil, fmt.Errorf("calibrate: a class has %d training rows, fewer than the %d internal folds", c, k)
	}

	fold := stratifiedFolds(y, k, opt.Seed)
	oof := make([]float64, n)
	for f := range k {
		var train, held []int
		for i, g := range fold {
			if g == f {
				held = append(held, i)
			} else {
				train = append(train, i)
			}
		}
		xTrain, yTrain, wTrain := rows(X, y, opt.Weights, train)
		m, err := s.Base.Fit(xTrain, yTrain, models.FitOptions{Weights: wTrain, Seed: foldSeed(opt.Seed, f)})
		if err != nil {
			return nil, fmt.Errorf("calibrate: fitting %s on internal fold %d of %d: %w", s.Base.Name(), f+1, k, err)
		}
		xHeld, _, _ := rows(X, nil, nil, held)
		for j, p := range m.PredictProba(xHeld) {
			oof[held[j]] = p
		}
	}

	out := &Model{Spec: s}
	switch s.method() {
	case Platt:
		mp, err := FitPlatt(oof, y, opt.Weights)
		if err != nil {
			return nil, err
		}
		out.Platt = &mp
	case Isotonic:
		mp, err := FitIsotonic(oof, y, opt.Weights)
		if err != nil {
			return nil, err
		}
		out.Isotonic = &mp
	}

	base, err := s.Base.Fit(X, y, opt)
	if err != nil {
		return nil, fmt.Errorf("calibrate: fitting %s on all training rows: %w", s.Base.Name(), err)
	}
	out.Base = base
	return out, nil
}

// checkWeights returns an error for weights of the wrong length or not
// finite and ≥ 0, and models.ErrSingleClass when the rows of positive
// weight hold one class only; nil weights are all 1.
func checkWeights(w, y []float64) error {
	if w == nil {
		return nil
	}
	if len(w) != len(y) {
		return fmt.Errorf("calibrate: %d weights for %d rows", len(w), len(y))
	}
	var pos, neg float64
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 1) {
			return fmt.Errorf("calibrate: weight %d is %v; weights must be finite and ≥ 0", i, v)
		}
		if y[i] == 1 {
			pos += v
		} else {
			neg += v
		}
	}
	if pos == 0 || neg == 0 {
		return models.ErrSingleClass
	}
	return nil
}

// stratifiedFolds assigns each row a fold in 0..k−1: the rows of each
// class are shuffled with a generator seeded by seed and dealt to the
// folds in turn, the deal continuing from non-events to events, so every
// fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of class c.
func stratifiedFolds(y []float64, k int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 0x63616c6962726174)) // "calibrat"
	fold := make([]int, len(y))
	next := 0
	for _, label := range []float64{0, 1} {
		var idx []int
		for i, v := range y {
			if v == label {
				idx = append(idx, i)
			}
		}
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for _, i := range idx {
			fold[i] = next
			next = (next + 1) % k
		}
	}
	return fold
}

// foldSeed derives the seed of the base fit on internal fold f from seed
// (SplitMix64's finaliser, so neighbouring seeds give unrelated streams).
func foldSeed(seed uint64, f int) uint64 {
	z := seed + uint64(f+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// rows returns the rows idx of X, y and w (y and w may be nil) as copies.
func rows(X *mat.Dense, y, w []float64, idx []int) (*mat.Dense, []float64, []float64) {
	_, p := X.Dims()
	x := mat.NewDense(len(idx), p, nil)
	var ys, ws []float64
	for r, i := range idx {
		copy(x.RawRowView(r), X.RawRowView(i))
		if y != nil {
			ys = append(ys, y[i])
		}
		if w != nil {
			ws = append(ws, w[i])
		}
	}
	return x, ys, ws
}
