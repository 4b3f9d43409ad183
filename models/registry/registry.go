// Package registry names every model family of bleedrisk: the names used on
// the command line and in experiment files, their default specifications,
// how to apply user-given hyperparameters, and how to decode a saved fitted
// model. It is the one place that imports all model packages.
package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/calibrate"
	"github.com/ostfold-vte/bleedrisk/models/forest"
	"github.com/ostfold-vte/bleedrisk/models/gbm"
	"github.com/ostfold-vte/bleedrisk/models/glmnet"
	"github.com/ostfold-vte/bleedrisk/models/knn"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
	"github.com/ostfold-vte/bleedrisk/models/naivebayes"
	"github.com/ostfold-vte/bleedrisk/models/svm"
)

// Entry describes one model name.
type Entry struct {
	Name string
	// Describe says in one sentence what the model is, for reports.
	Describe string
	// Default returns the default specification (a pointer to a Spec
	// struct, so JSON hyperparameters can be decoded onto it).
	Default func() models.Spec
	// NewFitted returns an empty fitted model of this family to decode a
	// saved model into.
	NewFitted func() models.Model
}

var entries = map[string]Entry{}

// DefaultRidgeLambda is the fixed L2 penalty of the ridge model when it is
// not tuned. With ~500 standardised candidate features and ~100 events a
// weak penalty overfits: on the embedded synthetic cohort (5 folds x 2
// repeats, seed 1) the calibration slope of the pooled out-of-fold
// predictions (statsmodels GLM of y on logit p) was 0.24 and 0.33 at lambda
// 0.1 for the 1-90 and 1-365 day windows, 0.76 and 0.87 at 0.5, 0.98 and 1.09
// at 0.7, and 1.32 and 1.42 at 1 (mean AUROC 0.568/0.600 at 0.1, 0.592/0.612
// at 0.7). 0.7 is the value closest to a slope of 1. It was chosen on
// synthetic data, never on a user's cohort.
const DefaultRidgeLambda = 0.7

// register adds an entry; called from init functions in this package.
func register(e Entry) {
	if _, dup := entries[e.Name]; dup {
		panic("registry: model " + e.Name + " registered twice")
	}
	entries[e.Name] = e
}

func init() {
	register(Entry{Name: "logistic", Describe: "unpenalised logistic regression (maximum likelihood by Newton-Raphson)",
		Default:   func() models.Spec { return &logistic.Spec{} },
		NewFitted: func() models.Model { return &logistic.Model{} }})
	register(Entry{Name: "ridge", Describe: "L2-penalised (ridge) logistic regression on standardised features, intercept unpenalised",
		Default:   func() models.Spec { return &logistic.Spec{Lambda: DefaultRidgeLambda} },
		NewFitted: func() models.Model { return &logistic.Model{} }})
	register(Entry{Name: "lasso", Describe: "L1-penalised (lasso) logistic regression by coordinate descent over a 100-λ path from λmax to 0.01·λmax (glmnet), λ chosen by 5-fold cross-validation of the deviance inside the training rows",
		Default:   func() models.Spec { return &glmnet.CVSpec{Spec: glmnet.Spec{Alpha: 1, LambdaMinRatio: 0.01}} },
		NewFitted: func() models.Model { return &glmnet.Model{} }})
	register(Entry{Name: "elasticnet", Describe: "elastic-net logistic regression (alpha 0.5) by coordinate descent (glmnet), λ chosen by 5-fold cross-validation of the deviance inside the training rows",
		Default:   func() models.Spec { return &glmnet.CVSpec{Spec: glmnet.Spec{Alpha: 0.5, LambdaMinRatio: 0.01}} },
		NewFitted: func() models.Model { return &glmnet.Model{} }})
	register(Entry{Name: "rf", Describe: "random forest of CART trees (Gini), bootstrap rows, a fresh random subset of sqrt(p) features at every split, probability = mean leaf event share",
		Default:   func() models.Spec { return &forest.Spec{} },
		NewFitted: func() models.Model { return &forest.Model{} }})
	register(Entry{Name: "gbm", Describe: "histogram gradient-boosted trees (log-loss, XGBoost-style second-order splits), learned direction for missing values, early stopping on a stratified 10% validation split of the training rows",
		Default:   func() models.Spec { return &gbm.Spec{EarlyStoppingRounds: 30} },
		NewFitted: func() models.Model { return &gbm.Model{} }})
	register(Entry{Name: "knn", Describe: "k-nearest neighbours (Euclidean on standardised features), probability = share of events among the k nearest training patients",
		Default:   func() models.Spec { return &knn.Spec{} },
		NewFitted: func() models.Model { return &knn.Model{} }})
	register(Entry{Name: "nb", Describe: "Gaussian naive Bayes",
		Default:   func() models.Spec { return &naivebayes.Spec{} },
		NewFitted: func() models.Model { return &naivebayes.Model{} }})
	register(Entry{Name: "svm", Describe: "linear support vector machine (hinge loss, L2) with Platt scaling on internal out-of-fold decision values",
		Default:   func() models.Spec { return &svm.Spec{} },
		NewFitted: func() models.Model { return &svm.Model{} }})
}

// Recalibration suffixes: "ridge+platt" is ridge recalibrated by Platt
// scaling, "rf+isotonic" a random forest recalibrated by isotonic
// regression, the calibration map fitted on internal out-of-fold
// predictions of the training rows only (package calibrate).
var suffixes = map[string]calibrate.Method{"+platt": calibrate.Platt, "+isotonic": calibrate.Isotonic}

// wrapped returns the entry of a recalibrated model name such as "rf+platt".
func wrapped(name string) (Entry, bool) {
	for suf, method := range suffixes {
		baseName, ok := strings.CutSuffix(name, suf)
		if !ok {
			continue
		}
		base, ok := entries[baseName]
		if !ok {
			return Entry{}, false
		}
		return Entry{
			Name:     name,
			Describe: base.Describe + fmt.Sprintf(", recalibrated by %s on internal out-of-fold predictions of the training rows", method),
			Default: func() models.Spec {
				return &calibrate.Spec{Base: base.Default(), Method: method}
			},
			NewFitted: func() models.Model {
				return &calibrate.Model{Spec: calibrate.Spec{Base: base.Default()}, Base: base.NewFitted()}
			},
		}, true
	}
	return Entry{}, false
}

// Names returns the registered model names, sorted.
func Names() []string {
	out := make([]string, 0, len(entries))
	for n := range entries {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the entry of a model name.
func Lookup(name string) (Entry, error) {
	if e, ok := entries[name]; ok {
		return e, nil
	}
	if e, ok := wrapped(name); ok {
		return e, nil
	}
	return Entry{}, fmt.Errorf("unknown model %q; available: %s (add +platt or +isotonic to recalibrate)", name, strings.Join(Names(), ", "))
}

// Spec returns the specification of a model name with the JSON object
// params (may be nil) decoded onto its defaults. Unknown hyperparameter
// names are errors.
func Spec(name string, params json.RawMessage) (models.Spec, error) {
	e, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	s := e.Default()
	if err := strictDecode(params, s); err != nil {
		return nil, fmt.Errorf("model %s: hyperparameters: %w", name, err)
	}
	return s, nil
}

// strictDecode decodes a JSON object onto v, rejecting unknown names; nil or
// null leaves v as it is.
func strictDecode(params json.RawMessage, v any) error {
	if len(params) == 0 || string(params) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// DecodeFitted decodes a saved fitted model of the named family.
func DecodeFitted(name string, data json.RawMessage) (models.Model, error) {
	e, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	m := e.NewFitted()
	if err := strictDecode(data, m); err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	return m, nil
}

// DecodeTuned decodes a saved tuned model (TunedModel) of the named family.
func DecodeTuned(data json.RawMessage) (models.Model, error) {
	var m TunedModel
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// DefaultGrid returns the tuning space a model is tuned over by default,
// or nil for models that are not tuned by default. Ridge's λ spans the
// range where, on standardised features with ~500 columns and ~100 events,
// the calibration slope moves from well below to above 1 (see
// DefaultRidgeLambda). lasso and elasticnet choose λ on their own path.
func DefaultGrid(name string) Grid {
	switch name {
	case "ridge":
		return Grid{"lambda": raw("0.03", "0.1", "0.3", "1", "3", "10")}
	}
	return nil
}

func raw(vs ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(vs))
	for i, v := range vs {
		out[i] = json.RawMessage(v)
	}
	return out
}
