package pipeline

import (
	"encoding/json"
	"fmt"

	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/registry"
)

// Config is a resolved experiment configuration: every default filled in,
// so that writing it out records exactly what ran. Workers is left out of
// the record on purpose: it never changes the results.
type Config struct {
	// Seed is the master seed every random choice derives from.
	Seed uint64 `json:"seed"`
	// Folds and Repeats define repeated stratified k-fold cross-validation.
	Folds   int `json:"folds"`
	Repeats int `json:"repeats"`
	// Models are model names (see registry.Names).
	Models []string `json:"models"`
	// Params holds each model's hyperparameters as a JSON object decoded onto
	// its defaults; Resolve fills in the complete specification of every
	// model, so the record shows every hyperparameter.
	Params map[string]json.RawMessage `json:"model_params,omitempty"`
	// FeatureSets are the feature sets to compare (features.FeatureSets);
	// every model is cross-validated on each.
	FeatureSets []string `json:"feature_sets"`
	// Tuning holds, per model, the tuning space searched inside the training
	// rows of every split (nested cross-validation). Resolve fills each
	// model's default space (registry.DefaultGrid); an empty space turns
	// tuning off for that model.
	Tuning map[string]registry.Grid `json:"tuning"`
	// TuneFolds is the number of inner folds of the tuning.
	TuneFolds int `json:"tune_folds"`
	// Bootstrap is the number of bootstrap samples of the optimism
	// correction; 0 turns it off.
	Bootstrap int `json:"bootstrap"`
	// TemporalCut, when set, replaces cross-validation by one temporal
	// split: patients whose index year (the column with concept
	// index_year) is before TemporalCut train, the others test.
	TemporalCut int `json:"temporal_cut,omitempty"`
	// ImportanceRepeats is the number of shuffles per feature of the
	// permutation importance on the first repeat's held-out rows; 0 means
	// 1, and -1 turns permutation importance and SHAP off.
	ImportanceRepeats int `json:"importance_repeats"`
	// Thresholds are the risk thresholds at which sensitivity, specificity,
	// PPV, NPV and the number flagged are reported.
	Thresholds []float64 `json:"thresholds"`
	// Imputation is "median" (the default), "knn" or "iterative"; each adds
	// missing indicators and is fitted on training rows only.
	Imputation string `json:"imputation"`
	// Splines, when true, adds restricted cubic splines (4 knots) for age
	// and the key labs (haemoglobin, platelets, creatinine, eGFR) instead
	// of assuming them linear (PROBAST 4.2).
	Splines bool `json:"splines"`
	// Filters lists in-fold unsupervised filters: "nzv" (near-zero
	// variance) and "correlation" (|r| > 0.95). Never outcome-based.
	Filters []string `json:"filters,omitempty"`
	// LookbackDays limits dated ICD-10 codes to this many days before the
	// index (codes after it are never used).
	LookbackDays float64 `json:"lookback_days"`
	// MinCodeCount is the minimum number of training patients for an ICD-10
	// category from a code-list column to become a feature.
	MinCodeCount int `json:"min_code_count"`
	// Workers is the number of parallel workers; 0 means 1.
	Workers int `json:"-"`
}

// DefaultSeed is the master seed when none is given.
const DefaultSeed = 1

// Resolve fills every zero field with its default and checks the values.
func (c Config) Resolve() (Config, error) {
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.Folds == 0 {
		c.Folds = 5
	}
	if c.Repeats == 0 {
		c.Repeats = 2
	}
	if len(c.Models) == 0 {
		c.Models = []string{"ridge", "lasso", "rf", "gbm"}
	}
	if len(c.FeatureSets) == 0 {
		c.FeatureSets = []string{features.DefaultFeatureSet}
	}
	for i, fs := range c.FeatureSets {
		if _, err := features.FeatureSetByName(fs); err != nil {
			return c, err
		}
		for _, prev := range c.FeatureSets[:i] {
			if prev == fs {
				return c, fmt.Errorf("feature set %q is listed twice", fs)
			}
		}
	}
	if c.TemporalCut != 0 {
		c.Repeats = 1 // one split; pooled results are the test era's
	}
	switch {
	case c.ImportanceRepeats == 0:
		c.ImportanceRepeats = 1
	case c.ImportanceRepeats < -1:
		return c, fmt.Errorf("importance_repeats must be -1 (off) or positive, got %d", c.ImportanceRepeats)
	}
	if c.Bootstrap < 0 {
		return c, fmt.Errorf("bootstrap must be >= 0, got %d", c.Bootstrap)
	}
	if c.Thresholds == nil {
		// Illustrative thresholds inside the 1-30% range of the decision
		// curve (DOMAIN.md 7.5); a study should declare its own, justified
		// clinically (TRIPOD+AI item 15).
		c.Thresholds = []float64{0.05, 0.10, 0.20}
	}
	for _, t := range c.Thresholds {
		if !(t > 0 && t < 1) {
			return c, fmt.Errorf("threshold %g is not a probability strictly between 0 and 1", t)
		}
	}
	switch c.Imputation {
	case "":
		c.Imputation = "median"
	case "median", "knn", "iterative":
	default:
		return c, fmt.Errorf("imputation %q is not median, knn or iterative", c.Imputation)
	}
	for _, f := range c.Filters {
		if f != "nzv" && f != "correlation" {
			return c, fmt.Errorf("filter %q is not nzv or correlation", f)
		}
	}
	if c.LookbackDays == 0 {
		c.LookbackDays = 1826 // 5 years: the upper end of DOMAIN.md 6's 1-5 year look-back
	}
	if c.MinCodeCount == 0 {
		c.MinCodeCount = 5 // the same bound as the report's small-cell rule (report.SmallCell)
	}
	if c.Workers <= 0 {
		c.Workers = 1
	}
	if c.Folds < 2 {
		return c, fmt.Errorf("folds must be at least 2, got %d", c.Folds)
	}
	if c.Repeats < 1 {
		return c, fmt.Errorf("repeats must be at least 1, got %d", c.Repeats)
	}
	for name := range c.Params {
		if !contains(c.Models, name) {
			return c, fmt.Errorf("hyperparameters are given for model %q, which is not among the models %v", name, c.Models)
		}
	}
	params := map[string]json.RawMessage{}
	seen := map[string]bool{}
	for _, m := range c.Models {
		if seen[m] {
			return c, fmt.Errorf("model %q is listed twice", m)
		}
		seen[m] = true
		spec, err := registry.Spec(m, c.Params[m])
		if err != nil {
			return c, err
		}
		b, err := json.Marshal(spec)
		if err != nil {
			return c, err
		}
		params[m] = b
	}
	c.Params = params
	if c.TuneFolds == 0 {
		c.TuneFolds = 3
	}
	if c.TuneFolds < 2 {
		return c, fmt.Errorf("tune_folds must be at least 2, got %d", c.TuneFolds)
	}
	tuning := map[string]registry.Grid{}
	for name := range c.Tuning {
		if !contains(c.Models, name) {
			return c, fmt.Errorf("a tuning space is given for model %q, which is not among the models %v", name, c.Models)
		}
	}
	for _, m := range c.Models {
		g, given := c.Tuning[m]
		if !given {
			g = registry.DefaultGrid(m)
		}
		if len(g) == 0 {
			tuning[m] = registry.Grid{} // off, and kept off when resolved again (Run resolves)
			continue
		}
		cands, err := g.Candidates()
		if err != nil {
			return c, fmt.Errorf("model %s: %w", m, err)
		}
		for _, cand := range cands {
			if _, err := (registry.TunedSpec{Model: m, Base: c.Params[m], Grid: g}).Spec(cand); err != nil {
				return c, err
			}
		}
		tuning[m] = g
	}
	c.Tuning = tuning
	return c, nil
}

// specs returns the model specifications of a resolved config.
func (c Config) specs() ([]models.Spec, error) {
	out := make([]models.Spec, len(c.Models))
	for i, m := range c.Models {
		if g := c.Tuning[m]; len(g) > 0 {
			out[i] = registry.TunedSpec{Model: m, Base: c.Params[m], Grid: g, Folds: c.TuneFolds}
			continue
		}
		s, err := registry.Spec(m, c.Params[m])
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// splineColumns are the continuous predictors given restricted cubic
// splines when Config.Splines is set, by design-matrix name.
var splineColumns = []string{"base:age", "bio:haemoglobin", "bio:platelets", "bio:creatinine", "bio:egfr_ckdepi2021"}

// recipe builds the preprocessing of a feature set from the config.
func (c Config) recipe(set features.FeatureSet) features.Recipe {
	r := features.Recipe{Encoder: features.Encoder{Set: set, MinCodeCount: c.MinCodeCount}}
	switch c.Imputation {
	case "knn":
		r.Steps = append(r.Steps, features.KNNImpute{Indicators: true})
	case "iterative":
		r.Steps = append(r.Steps, features.IterativeImpute{Indicators: true})
	default:
		r.Steps = append(r.Steps, features.MedianImpute{Indicators: true})
	}
	for _, f := range c.Filters {
		switch f {
		case "nzv":
			r.Steps = append(r.Steps, features.NearZeroVariance{})
		case "correlation":
			r.Steps = append(r.Steps, features.CorrelationFilter{})
		}
	}
	if c.Splines {
		r.Steps = append(r.Steps, features.RestrictedCubicSpline{Columns: splineColumns, Knots: 4})
	}
	r.Steps = append(r.Steps, features.Standardize{})
	return r
}
