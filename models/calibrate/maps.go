package calibrate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
)

// ClipP is how close to 0 and 1 Platt scaling lets a probability come
// before taking its logit.
const ClipP = 1e-6

// PlattMap is a fitted Platt map p ↦ σ(Intercept + Slope·logit(p)), with p
// clipped to [ClipP, 1 − ClipP] and σ(z) = 1/(1+e⁻ᶻ).
type PlattMap struct {
	Intercept float64 `json:"intercept"`
	Slope     float64 `json:"slope"`
}

// Apply returns the recalibrated probability of p; NaN for NaN.
func (m PlattMap) Apply(p float64) float64 {
	return sigmoid(m.Intercept + m.Slope*clippedLogit(p))
}

// FitPlatt fits a Platt map by unpenalised weighted maximum likelihood to
// predictions p and 0/1 labels y with case weights w (nil: all 1). All
// three have one entry per row. If the clipped logits of p are equal on all
// rows of positive weight, the map is the constant logit of the weighted
// event share (Slope 0). It returns models.ErrSingleClass when the rows of
// positive weight hold one class only, an error wrapping
// logistic.ErrSeparation when logit(p) separates the classes, and an error
// for no rows, NaN or ±Inf in p, or invalid labels or weights.
func FitPlatt(p, y, w []float64) (PlattMap, error) {
	if err := checkRows(p, y, w); err != nil {
		return PlattMap{}, err
	}
	lp := make([]float64, len(p))
	for i, v := range p {
		lp[i] = clippedLogit(v)
	}
	x := mat.NewDense(len(lp), 1, lp)
	// A constant predictor has no slope to estimate.
	constant := true
	first := math.NaN()
	var sw, swy float64
	for i, v := range lp {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			continue
		}
		if math.IsNaN(first) {
			first = v
		} else if v != first {
			constant = false
		}
		sw += wi
		swy += wi * y[i]
	}
	if constant && sw > 0 && swy > 0 && swy < sw {
		share := swy / sw
		return PlattMap{Intercept: math.Log(share / (1 - share))}, nil
	}
	m, err := logistic.Spec{Tol: 1e-12}.Fit(x, y, models.FitOptions{Weights: w})
	if err != nil {
		if errors.Is(err, logistic.ErrSeparation) {
			return PlattMap{}, fmt.Errorf("calibrate: Platt scaling: the base model's predictions separate events from non-events, so the calibration slope is infinite; use isotonic: %w", err)
		}
		return PlattMap{}, fmt.Errorf("calibrate: Platt scaling: %w", err)
	}
	a, b := m.(models.Linear).Coefficients()
	return PlattMap{Intercept: a, Slope: b[0]}, nil
}

// IsotonicMap is a fitted isotonic map: X holds increasing predictions and Y
// the non-decreasing calibrated probability at each. Between two points
// the map is linear; below X[0] it is Y[0] and above X[len(X)−1] it is
// Y[len(Y)−1]. Interior points on a flat stretch are dropped, as
// scikit-learn does, which changes no value of the map.
type IsotonicMap struct {
	X []float64 `json:"x"`
	Y []float64 `json:"y"`
}

// Apply returns the recalibrated probability of p; NaN for NaN.
func (m IsotonicMap) Apply(p float64) float64 {
	n := len(m.X)
	switch {
	case math.IsNaN(p):
		return math.NaN()
	case p <= m.X[0]:
		return m.Y[0]
	case p >= m.X[n-1]:
		return m.Y[n-1]
	}
	// The first point at or above p, as scipy's interp1d finds it.
	hi := sort.SearchFloat64s(m.X, p)
	lo := hi - 1
	slope := (m.Y[hi] - m.Y[lo]) / (m.X[hi] - m.X[lo])
	return slope*(p-m.X[lo]) + m.Y[lo]
}

// FitIsotonic fits an isotonic map to predictions p and 0/1 labels y with
// case weights w (nil: all 1), each with one entry per row: rows of weight
// 0 are dropped, rows with equal p are pooled into their weighted mean
// label, and pool-adjacent-violators merges neighbouring blocks until the
// block means are non-decreasing in p. It returns models.ErrSingleClass
// when the rows of positive weight hold one class only, and an error for
// no rows, NaN or ±Inf in p, or invalid labels or weights.
func FitIsotonic(p, y, w []float64) (IsotonicMap, error) {
	if err := checkRows(p, y, w); err != nil {
		return IsotonicMap{}, err
	}
	type point struct{ x, y, w float64 }
	pts := make([]point, 0, len(p))
	var pos, neg float64
	for i, v := range p {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			continue
		}
		if y[i] == 1 {
			pos += wi
		} else {
			neg += wi
		}
		pts = append(pts, point{v, wi * y[i], wi}) // y holds w·y for now
	}
	if pos == 0 || neg == 0 {
		return IsotonicMap{}, models.ErrSingleClass
	}
	slices.SortStableFunc(pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })

	// Pool ties in p: one point per distinct p with Σw·y and Σw.
	uniq := pts[:1]
	for _, q := range pts[1:] {
		if last := &uniq[len(uniq)-1]; q.x == last.x {
			last.y += q.y
			last.w += q.w
		} else {
			uniq = append(uniq, q)
		}
	}

	// Pool adjacent violators: a stack of blocks of consecutive distinct
	// p, each with Σw·y, Σw and its first index into uniq.
	type block struct {
		swy, sw float64
		start   int
	}
	mean := func(b block) float64 { return b.swy / b.sw }
	blocks := make([]block, 0, len(uniq))
	for i, q := range uniq {
		blocks = append(blocks, block{q.y, q.w, i})
		for len(blocks) > 1 && mean(blocks[len(blocks)-2]) >= mean(blocks[len(blocks)-1]) {
			top := blocks[len(blocks)-1]
			blocks = blocks[:len(blocks)-1]
			blocks[len(blocks)-1].swy += top.swy
			blocks[len(blocks)-1].sw += top.sw
		}
	}
	fitted := make([]float64, len(uniq))
	for b, blk := range blocks {
		end := len(uniq)
		if b+1 < len(blocks) {
			end = blocks[b+1].start
		}
		v := min(max(mean(blk), 0), 1)
		for i := blk.start; i < end; i++ {
			fitted[i] = v
		}
	}

	// Keep the first and last point of every flat stretch.
	var m IsotonicMap
	for i, q := range uniq {
		if i > 0 && i < len(uniq)-1 && fitted[i-1] == fitted[i] && fitted[i] == fitted[i+1] {
			continue
		}
		m.X = append(m.X, q.x)
		m.Y = append(m.Y, fitted[i])
	}
	return m, nil
}

// checkRows checks the inputs of FitPlatt and FitIsotonic: equal lengths,
// at least one row, finite predictions, 0/1 labels, finite non-negative
// weights.
func checkRows(p, y, w []float64) error {
	if len(p) != len(y) || (w != nil && len(w) != len(y)) {
		return fmt.Errorf("calibrate: %d predictions, %d labels and %d weights", len(p), len(y), len(w))
	}
	if len(p) == 0 {
		return errors.New("calibrate: no rows to fit a calibration map on")
	}
	for i, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("calibrate: prediction %d is %v", i, v)
		}
		if y[i] != 0 && y[i] != 1 {
			return errors.New("calibrate: labels must be 0 or 1")
		}
		if w != nil && (!(w[i] >= 0) || math.IsInf(w[i], 1)) {
			return fmt.Errorf("calibrate: weight %d is %v; weights must be finite and ≥ 0", i, w[i])
		}
	}
	return nil
}

func clippedLogit(p float64) float64 {
	p = min(max(p, ClipP), 1-ClipP)
	return math.Log(p / (1 - p))
}

// sigmoid returns 1/(1+e⁻ᶻ) without overflow for any z.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
