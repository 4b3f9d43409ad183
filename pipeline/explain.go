package pipeline

import (
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/explain"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

// Explanation says which features a model leans on, aggregated over the
// splits of the first repeat (permutation importance, mean |SHAP|) or of
// every repeat (coefficient selection frequency). Every value is computed
// on held-out rows or from in-fold fits; features are named with their
// provenance ("bio:haemoglobin").
type Explanation struct {
	// Permutation is the mean over splits of the drop in held-out AUROC
	// when the feature is shuffled (Breiman 2001; Fisher, Rudin & Dominici
	// 2019), largest first, at most TopFeatures.
	Permutation []FeatureValue `json:"permutation_importance,omitempty"`
	// SHAP is the mean over splits of the mean |SHAP value| on held-out
	// rows (exact TreeSHAP; probability scale for rf, log-odds for gbm).
	SHAP []FeatureValue `json:"mean_abs_shap,omitempty"`
	// Selection is, for linear models, the share of the splits' fits with
	// a non-zero coefficient and the mean coefficient (standardised scale).
	Selection []FeatureSelection `json:"selection,omitempty"`
}

// FeatureValue is a feature's aggregated importance; Splits counts the
// splits in which the feature existed.
type FeatureValue struct {
	Feature string  `json:"feature"`
	Value   float64 `json:"value"`
	Splits  int     `json:"splits"`
}

// FeatureSelection is a feature's selection frequency across fits.
type FeatureSelection struct {
	Feature   string  `json:"feature"`
	Frequency float64 `json:"frequency"`
	MeanCoef  float64 `json:"mean_coef"`
}

// TopFeatures bounds the features listed per explanation.
const TopFeatures = 30

// foldExplanation is one split's raw explanation.
type foldExplanation struct {
	names       []string
	permutation []float64
	shap        []float64
	coef        []float64
}

// explainFold computes one split's explanation: permutation importance and
// SHAP only on the first repeat's splits (they cost many predictions),
// coefficients on every split.
func explainFold(m models.Model, names []string, train, test *mat.Dense, yTest []float64, repeat int, cfg Config, seed uint64) *foldExplanation {
	fe := &foldExplanation{names: names}
	if _, coef, ok := explain.Coefficients(m); ok {
		fe.coef = coef
	}
	if repeat != 0 || cfg.ImportanceRepeats < 1 {
		return fe
	}
	score := func(y, p []float64) (float64, error) { return metrics.AUROC(y, p) }
	if imp, err := explain.PermutationImportance(m, test, yTest, score, cfg.ImportanceRepeats, seed); err == nil {
		fe.permutation = make([]float64, len(imp))
		for j, v := range imp {
			fe.permutation[j] = v.Mean
		}
	}
	if e, ok, err := explain.TreeEnsemble(m, train); ok && err == nil {
		fe.shap = explain.MeanAbsSHAP(e.SHAP(test, 1))
	}
	return fe
}

// aggregateExplanations combines the splits' explanations of one arm.
func aggregateExplanations(folds []*foldExplanation) *Explanation {
	ex := &Explanation{}
	ex.Permutation = meanByName(folds, func(f *foldExplanation) []float64 { return f.permutation })
	ex.SHAP = meanByName(folds, func(f *foldExplanation) []float64 { return f.shap })
	var fits []explain.Fit
	for _, f := range folds {
		if f != nil && f.coef != nil {
			fits = append(fits, explain.Fit{Names: f.names, Coef: f.coef})
		}
	}
	if len(fits) > 0 {
		for _, s := range explain.SelectionFrequency(fits) {
			if len(ex.Selection) == TopFeatures {
				break
			}
			ex.Selection = append(ex.Selection, FeatureSelection{Feature: s.Name, Frequency: s.Frequency, MeanCoef: s.MeanCoef})
		}
	}
	if len(ex.Permutation) == 0 && len(ex.SHAP) == 0 && len(ex.Selection) == 0 {
		return nil
	}
	return ex
}

// meanByName averages a per-feature value over the splits that have it
// (features may differ between splits), largest first, ties by name.
func meanByName(folds []*foldExplanation, get func(*foldExplanation) []float64) []FeatureValue {
	sum, n := map[string]float64{}, map[string]int{}
	for _, f := range folds {
		if f == nil || get(f) == nil {
			continue
		}
		for j, v := range get(f) {
			sum[f.names[j]] += v
			n[f.names[j]]++
		}
	}
	out := make([]FeatureValue, 0, len(sum))
	for name, s := range sum {
		out = append(out, FeatureValue{Feature: name, Value: s / float64(n[name]), Splits: n[name]})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Value != out[b].Value {
			return out[a].Value > out[b].Value
		}
		return out[a].Feature < out[b].Feature
	})
	if len(out) > TopFeatures {
		out = out[:TopFeatures]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
