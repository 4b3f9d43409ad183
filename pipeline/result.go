package pipeline

import (
	"encoding/json"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// SchemaVersion is the version of metrics.json's layout (documented in
// docs/metrics-schema.md). A change that renames or removes a field bumps it.
const SchemaVersion = 1

// Result is everything a run measured, as written to metrics.json.
type Result struct {
	SchemaVersion int        `json:"schema_version"`
	Cohort        CohortInfo `json:"cohort"`
	Config        Config     `json:"config"`
	Plan          string     `json:"resampling"`
	Preprocessing []string   `json:"preprocessing"`
	// FeatureSets describes each feature set of the run.
	FeatureSets []string `json:"feature_sets"`
	// LeakageWarnings lists predictor columns that look like the outcome or
	// a post-index measurement.
	LeakageWarnings []string `json:"leakage_warnings,omitempty"`
	// Derivation summarises the derived clinical features.
	Derivation Derivation     `json:"derivation"`
	Windows    []WindowResult `json:"windows"`
	// Predictions are every out-of-fold prediction; written to
	// predictions.csv, not to metrics.json.
	Predictions []Prediction `json:"-"`
	// Final are the final models, one per analysed window and model that
	// could be fitted on all labelled patients; saved under models/.
	Final []*SavedModel `json:"-"`
}

// CohortInfo describes the analysed cohort in aggregate.
type CohortInfo struct {
	Source     string         `json:"source"`
	Patients   int            `json:"patients"`
	Predictors map[string]int `json:"predictor_columns_by_group"`
}

// WindowResult holds one outcome window's labels and model results.
type WindowResult struct {
	Window          datasets.Window `json:"window"`
	Labelled        int             `json:"labelled"`
	Events          int             `json:"events"`
	CompetingDeaths int             `json:"competing_deaths"`
	Excluded        map[string]int  `json:"excluded"`
	// Skipped says why the window was not analysed, if it was not.
	Skipped string        `json:"skipped,omitempty"`
	Models  []ModelResult `json:"models,omitempty"`
	// Table1 summarises the baseline and laboratory variables over the
	// labelled patients, overall and by outcome.
	Table1 []Table1Row `json:"table1,omitempty"`
	// Scores holds the published bleeding scores evaluated on the same
	// labelled patients (their points used as the risk ranking).
	Scores []ScoreResult `json:"scores,omitempty"`
}

// ModelResult holds one model's results in one window.
type ModelResult struct {
	Model      string `json:"model"`
	FeatureSet string `json:"feature_set"`
	// Folds has one entry per split, repeat-major.
	Folds []FoldResult `json:"folds"`
	// FoldSummary summarises each metric over the folds that succeeded.
	FoldSummary map[string]Summary `json:"fold_summary"`
	// Pooled holds, per repeat, the metrics of that repeat's out-of-fold
	// predictions pooled over its folds (every labelled patient once).
	Pooled []PooledResult `json:"pooled"`
	// Explanation says which features the model leans on.
	Explanation *Explanation `json:"explanation,omitempty"`
	// Bootstrap holds the optimism-corrected estimates when the run drew
	// bootstrap samples.
	Bootstrap *BootstrapResult `json:"bootstrap,omitempty"`
	// FinalError says why the final model (fitted on all labelled patients)
	// could not be fitted, if it could not.
	FinalError string `json:"final_model_error,omitempty"`
}

// FoldResult is one split's held-out performance.
type FoldResult struct {
	Repeat     int `json:"repeat"`
	Fold       int `json:"fold"`
	Train      int `json:"n_train"`
	Test       int `json:"n_test"`
	TestEvents int `json:"events_test"`
	Features   int `json:"features"`
	// Chosen holds the hyperparameters chosen inside this split's training
	// rows, for tuned models.
	Chosen  json.RawMessage    `json:"chosen,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"`
	Error   string             `json:"error,omitempty"`
}

// PooledResult is the performance of one repeat's pooled out-of-fold predictions.
type PooledResult struct {
	Repeat  int                `json:"repeat"`
	N       int                `json:"n"`
	Events  int                `json:"events"`
	Metrics map[string]float64 `json:"metrics,omitempty"`
	// CI holds 95% intervals: auroc (DeLong, logit scale),
	// calibration_intercept and calibration_slope (Wald), oe_ratio.
	CI map[string]Interval `json:"ci,omitempty"`
	// Undefined names measures these predictions leave undefined, with
	// the reason (e.g. the calibration slope under separation).
	Undefined    map[string]string `json:"undefined,omitempty"`
	NetBenefit   []NetBenefit      `json:"net_benefit,omitempty"`
	AtThresholds []ThresholdResult `json:"at_thresholds,omitempty"`
	Curve        []CurvePoint      `json:"calibration_curve,omitempty"`
	VersusScores []VersusScore     `json:"versus_scores,omitempty"`
	Error        string            `json:"error,omitempty"`
}

// Summary is the mean, sample standard deviation (n-1), minimum and maximum
// of a metric over folds.
type Summary struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// Prediction is one out-of-fold prediction.
type Prediction struct {
	Window       string
	Model        string
	FeatureSet   string
	Repeat, Fold int
	Row          int // cohort row
	Y, P         float64
}

// ScoreResult is a bleeding score's discrimination in one window. Scores
// are not fitted, so they are evaluated once on all labelled patients.
type ScoreResult struct {
	Score string `json:"score"`
	// Comparator is false for Khorana, which predicts VTE, not bleeding.
	Comparator bool `json:"comparator"`
	// Complete counts labelled patients with every item known.
	Complete int                `json:"complete"`
	N        int                `json:"n"`
	Metrics  map[string]float64 `json:"metrics,omitempty"`
	Error    string             `json:"error,omitempty"`
	// Categories counts labelled patients and events per risk category.
	Categories []CategoryCount `json:"categories"`
}

// CategoryCount is the number of patients and events in a score category.
type CategoryCount struct {
	Category string `json:"category"`
	N        int    `json:"n"`
	Events   int    `json:"events"`
}

// Derivation summarises the derived clinical features of the cohort.
type Derivation struct {
	// PostIndexCodes counts dated ICD-10 codes left out for being after the
	// index VTE; OldCodes those before the look-back window.
	PostIndexCodes int `json:"post_index_codes"`
	OldCodes       int `json:"old_codes"`
	// Warnings are problems found while deriving (e.g. a lab unit that
	// does not fit its values), as text.
	Warnings []string `json:"warnings,omitempty"`
	// ScoreItems says, per score, how many patients had each item
	// available, derived, missing or assumed absent.
	ScoreItems []ScoreItems `json:"score_items"`
}

// ScoreItems is the availability of one score's items.
type ScoreItems struct {
	Score    string      `json:"score"`
	Complete int         `json:"complete"`
	Items    []ItemCount `json:"items"`
}

// ItemCount counts patients by an item's status.
type ItemCount struct {
	Item          string `json:"item"`
	Available     int    `json:"available"`
	Derived       int    `json:"derived"`
	Missing       int    `json:"missing"`
	AssumedAbsent int    `json:"assumed_absent"`
}
