package calibrate

import (
	"errors"
	"fmt"

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
	if err := models.CheckWeights(opt.Weights, y); err != nil {
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

	fold, err := models.StratifiedFolds(y, k, opt.Seed)
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
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
		xTrain, yTrain, wTrain := models.Rows(X, y, opt.Weights, train)
		m, err := s.Base.Fit(xTrain, yTrain, models.FitOptions{Weights: wTrain, Seed: foldSeed(opt.Seed, f)})
		if err != nil {
			return nil, fmt.Errorf("calibrate: fitting %s on internal fold %d of %d: %w", s.Base.Name(), f+1, k, err)
		}
		xHeld, _, _ := models.Rows(X, nil, nil, held)
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

// foldSeed derives the seed of the base fit on internal fold f from seed
// (SplitMix64's finaliser, so neighbouring seeds give unrelated streams).
func foldSeed(seed uint64, f int) uint64 {
	z := seed + uint64(f+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
