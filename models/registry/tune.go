package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Grid is a tuning space: for each hyperparameter name, the values to try.
// The candidates are the cartesian product, in sorted-name order.
type Grid map[string][]json.RawMessage

// Candidates returns the grid's hyperparameter sets as JSON objects, in a
// fixed order (names sorted, values in the given order, the last name
// varying fastest).
func (g Grid) Candidates() ([]json.RawMessage, error) {
	names := make([]string, 0, len(g))
	for k, vs := range g {
		if len(vs) == 0 {
			return nil, fmt.Errorf("tuning space for %q is empty", k)
		}
		names = append(names, k)
	}
	sort.Strings(names)
	sets := []map[string]json.RawMessage{{}}
	for _, name := range names {
		var next []map[string]json.RawMessage
		for _, set := range sets {
			for _, v := range g[name] {
				c := map[string]json.RawMessage{name: v}
				for k, x := range set {
					c[k] = x
				}
				next = append(next, c)
			}
		}
		sets = next
	}
	out := make([]json.RawMessage, len(sets))
	for i, s := range sets {
		b, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// TunedSpec is grid-search tuning inside the training rows: each candidate
// hyperparameter set (decoded onto the model's defaults and Base) is fitted
// on Folds-1 inner folds and scored by the mean binomial deviance of the
// held-out inner fold (a proper scoring rule, so the choice favours
// calibrated probabilities, not only ranking); the best candidate (the
// first on ties) is refitted on all rows. Cross-validated in an outer loop,
// this is nested cross-validation (Varma & Simon, BMC Bioinformatics 2006).
type TunedSpec struct {
	// Model is the registered model name.
	Model string `json:"model"`
	// Base holds hyperparameters applied before every candidate's.
	Base json.RawMessage `json:"base,omitempty"`
	// Grid is the tuning space.
	Grid Grid `json:"grid"`
	// Folds is the number of inner folds; 0 means 3.
	Folds int `json:"folds,omitempty"`
}

// Name returns the model's name.
func (s TunedSpec) Name() string { return s.Model }

// TunedModel is a tuned model: the chosen hyperparameters and the model
// refitted with them on all training rows.
type TunedModel struct {
	Model  string          `json:"model"`
	Chosen json.RawMessage `json:"chosen"`
	// Deviance is each candidate's mean inner-fold deviance, in grid order.
	Deviance []float64       `json:"deviance"`
	Fitted   json.RawMessage `json:"fitted"`
	fitted   models.Model
}

// PredictProba predicts with the refitted model.
func (m *TunedModel) PredictProba(X *mat.Dense) []float64 { return m.fitted.PredictProba(X) }

// ChosenParams returns the chosen hyperparameters as a JSON object.
func (m *TunedModel) ChosenParams() json.RawMessage { return m.Chosen }

// UnmarshalJSON decodes a saved tuned model, its inner model through the
// registry.
func (m *TunedModel) UnmarshalJSON(b []byte) error {
	type plain TunedModel
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	inner, err := DecodeFitted(p.Model, p.Fitted)
	if err != nil {
		return err
	}
	*m = TunedModel(p)
	m.fitted = inner
	return nil
}

// Fit tunes and refits; see TunedSpec.
func (s TunedSpec) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	if err := models.CheckLabels(X, y); err != nil {
		return nil, err
	}
	cands, err := s.Grid.Candidates()
	if err != nil {
		return nil, err
	}
	k := s.Folds
	if k == 0 {
		k = 3
	}
	fold, err := models.StratifiedFolds(y, k, opt.Seed)
	if err != nil {
		return nil, err
	}
	specs := make([]models.Spec, len(cands))
	for c, params := range cands {
		if specs[c], err = s.Spec(params); err != nil {
			return nil, err
		}
	}
	dev := make([]float64, len(cands))
	for f := 0; f < k; f++ {
		te, tr := models.Split(fold, f)
		Xtr, ytr, wtr := models.Rows(X, y, opt.Weights, tr)
		Xte, yte, wte := models.Rows(X, y, opt.Weights, te)
		for c, spec := range specs {
			m, err := spec.Fit(Xtr, ytr, models.FitOptions{Weights: wtr, Seed: opt.Seed ^ uint64(f+1)*0x9E3779B97F4A7C15})
			if err != nil {
				dev[c] = math.Inf(1) // a candidate that cannot be fitted is never chosen
				continue
			}
			dev[c] += models.Deviance(yte, m.PredictProba(Xte), wte) / float64(k)
		}
	}
	best := 0
	for c := range dev {
		if dev[c] < dev[best] {
			best = c
		}
	}
	if math.IsInf(dev[best], 1) {
		return nil, errors.New("tuning: no candidate could be fitted on the inner folds")
	}
	m, err := specs[best].Fit(X, y, opt)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	for c := range dev {
		if math.IsInf(dev[c], 1) {
			dev[c] = math.MaxFloat64 // JSON has no infinity
		}
	}
	return &TunedModel{Model: s.Model, Chosen: cands[best], Deviance: dev, Fitted: raw, fitted: m}, nil
}

// Spec decodes Base, then the candidate params, onto the model's defaults.
func (s TunedSpec) Spec(params json.RawMessage) (models.Spec, error) {
	spec, err := Spec(s.Model, s.Base)
	if err != nil {
		return nil, err
	}
	if err := strictDecode(params, spec); err != nil {
		return nil, fmt.Errorf("model %s: tuning space: %w", s.Model, err)
	}
	return spec, nil
}

// DescribeGrid formats a grid for reports: "lambda in [0.1, 1]".
func DescribeGrid(g Grid) string {
	names := make([]string, 0, len(g))
	for k := range g {
		names = append(names, k)
	}
	sort.Strings(names)
	var parts []string
	for _, k := range names {
		var vs []string
		for _, v := range g[k] {
			vs = append(vs, string(v))
		}
		parts = append(parts, k+" in ["+strings.Join(vs, ", ")+"]")
	}
	return strings.Join(parts, "; ")
}

// Unwrap returns the model refitted with the chosen hyperparameters, for
// explanation (coefficients, SHAP) of tuned models.
func (m *TunedModel) Unwrap() models.Model { return m.fitted }
