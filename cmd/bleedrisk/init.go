package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets/synth"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models/registry"
	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/spf13/cobra"
)

func newInitCmd() *cobra.Command {
	var (
		dir      string
		withDict bool
	)
	c := &cobra.Command{
		Use:   "init",
		Short: "Write a commented example experiment file that runs as-is",
		Long: `init writes experiment.yaml: a commented experiment file that declares a study on
the embedded synthetic cohort, with every setting and its default, so that

  bleedrisk train --config experiment.yaml

runs at once. Edit it for your study: point data and dictionary at your export.
With --dictionary it also writes dictionary.yaml, the embedded cohort's data
dictionary, as an example of the dictionary format (` + "`bleedrisk synth`" + ` writes the
matching cohort.csv). Existing files are never overwritten.`,
		Example: `  bleedrisk init
  bleedrisk init --dir study --dictionary`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			files := []struct {
				name string
				data []byte
			}{{"experiment.yaml", []byte(exampleExperiment())}}
			if withDict {
				files = append(files, struct {
					name string
					data []byte
				}{"dictionary.yaml", synth.Default().Dictionary})
			}
			for _, f := range files {
				if _, err := os.Stat(filepath.Join(dir, f.name)); err == nil {
					return inputErr(fmt.Errorf("%s already exists; init never overwrites (choose another --dir)", filepath.Join(dir, f.name)))
				} else if !errors.Is(err, fs.ErrNotExist) {
					return inputErr(err)
				}
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return inputErr(err)
			}
			out := cmd.OutOrStdout()
			for _, f := range files {
				path := filepath.Join(dir, f.name)
				if err := writeFileAtomic(path, f.data); err != nil {
					return err
				}
				fmt.Fprintf(out, "wrote %s\n", path)
			}
			fmt.Fprintf(out, "next: bleedrisk train --config %s\n", filepath.Join(dir, "experiment.yaml"))
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", ".", "folder to write into (created if needed)")
	c.Flags().BoolVar(&withDict, "dictionary", false, "also write the embedded cohort's dictionary.yaml, as an example")
	c.MarkFlagDirname("dir")
	return c
}

// exampleExperiment is the commented experiment init writes. It runs as-is
// on the embedded synthetic cohort (a test runs it).
func exampleExperiment() string {
	def, err := pipeline.Config{}.Resolve()
	if err != nil {
		panic("bleedrisk: the default configuration does not resolve: " + err.Error())
	}
	list := func(xs []string) string { return "[" + strings.Join(xs, ", ") + "]" }
	var thresholds, lambdas []string
	for _, t := range def.Thresholds {
		thresholds = append(thresholds, strconv.FormatFloat(t, 'g', -1, 64))
	}
	for _, v := range registry.DefaultGrid("ridge")["lambda"] {
		lambdas = append(lambdas, string(v))
	}
	return strings.NewReplacer(
		"{{version}}", fmt.Sprint(pipeline.ExperimentVersion),
		"{{models}}", strings.Join(modelNamesShort(), ", "),
		"{{default_models}}", list(def.Models),
		"{{sets}}", strings.Join(features.FeatureSetNames(), ", "),
		"{{default_sets}}", list(def.FeatureSets),
		"{{ridge_lambda}}", strconv.FormatFloat(registry.DefaultRidgeLambda, 'g', -1, 64),
		"{{ridge_grid}}", list(lambdas),
		"{{tune_folds}}", fmt.Sprint(def.TuneFolds),
		"{{folds}}", fmt.Sprint(def.Folds),
		"{{repeats}}", fmt.Sprint(def.Repeats),
		"{{bootstrap}}", fmt.Sprint(def.Bootstrap),
		"{{seed}}", fmt.Sprint(def.Seed),
		"{{thresholds}}", list(thresholds),
		"{{min_code_count}}", fmt.Sprint(def.MinCodeCount),
		"{{small_cell}}", fmt.Sprint(pipeline.DefaultSmallCell),
		"{{imputation}}", def.Imputation,
		"{{splines}}", fmt.Sprint(def.Splines),
		"{{lookback_days}}", strconv.FormatFloat(def.LookbackDays, 'g', -1, 64),
		"{{importance_repeats}}", fmt.Sprint(def.ImportanceRepeats),
	).Replace(exampleExperimentText)
}

func modelNamesShort() []string {
	var out []string
	for _, m := range modelNames() {
		if !strings.Contains(m, "+") {
			out = append(out, m)
		}
	}
	return out
}

const exampleExperimentText = `# A bleedrisk experiment: one file that declares a whole study.
# Format version {{version}}; every key is described under "Experiment files" in the README.
#
# Run it:        bleedrisk train --config experiment.yaml
# Vary it:       flags override the file, e.g. --models ridge,lasso --seed 7 --out runs/b
# Compare runs:  bleedrisk compare runs/a runs/b
#
# Paths are relative to this file. Unknown keys are errors (with a suggestion), so a
# typo never silently falls back to a default. Values shown are the defaults unless
# marked "example"; the run folder gets experiment.yaml with every default filled in.
version: {{version}}

# --- Data ---------------------------------------------------------------------------
# The cohort CSV and its data dictionary. Empty: the embedded synthetic cohort
# (1,080 TROLL-like patients). For your export:
#   bleedrisk dictionary --data cohort.csv --out dictionary.yaml   (then review it)
#   bleedrisk validate --data cohort.csv --dict dictionary.yaml
data: ""
dictionary: ""
delimiter: ""   # , ; or tab; empty: detected from the header line
decimal: ""     # . or , ; empty: detected from the numeric columns

# Outcome windows: MB+CRNMB between day "from" and day "to" after the index VTE (both
# included). They replace the dictionary's windows; [] keeps the dictionary's
# (default: these three, as in Grdinic et al. 2024).
windows:
  - {name: bleed_1_90, from: 1, to: 90}
  - {name: bleed_1_365, from: 1, to: 365}
  - {name: bleed_90_455, from: 90, to: 455}

# --- Features and models --------------------------------------------------------------
# Feature sets to compare ({{sets}}); every model is cross-validated on each.
feature_sets: [baseline, all]   # example; default {{default_sets}}

# Models: {{models}};
# add +platt or +isotonic to recalibrate (e.g. rf+platt).
models: [ridge]   # example, quick to run; default {{default_models}}

# Hyperparameters per model, by name; unknown names are errors. The run folder's
# experiment.yaml lists every hyperparameter of every model.
model_params:
  ridge: {lambda: {{ridge_lambda}}}   # used when ridge is not tuned

# Tuning spaces, searched by inner cross-validation inside every training split
# (nested cross-validation). A model not listed gets its default space (the run
# folder's experiment.yaml shows every model's); "MODEL: {}" turns tuning off for it.
tuning:
  ridge: {lambda: {{ridge_grid}}}
tune_folds: {{tune_folds}}

# --- Preprocessing (fitted on the training rows only, inside every split) ------------------
imputation: {{imputation}}     # median, knn or iterative; each adds missing indicators
splines: {{splines}}        # restricted cubic splines (4 knots) for age and the key labs
filters: []           # nzv (near-zero variance), correlation (|r| > 0.95); never outcome-based
lookback_days: {{lookback_days}}   # dated ICD-10 codes count at most this many days before the index VTE

# --- Resampling -------------------------------------------------------------------------
folds: {{folds}}          # stratified k-fold cross-validation
repeats: {{repeats}}        # repeats with fresh fold assignments
bootstrap: {{bootstrap}}      # bootstrap samples for optimism correction; 0: off
temporal_cut: 0   # index year: earlier patients train, later ones test; 0: off
seed: {{seed}}           # master seed; the same seed gives the same results on any --workers

# --- Evaluation and report ---------------------------------------------------------------
thresholds: {{thresholds}}   # risk thresholds for sensitivity, PPV, ... and flagged per 100
min_code_count: {{min_code_count}}              # ICD-10 categories need this many training patients
importance_repeats: {{importance_repeats}}          # shuffles per feature for permutation importance; -1: off
report:
  small_cell: {{small_cell}}   # patient counts from 1 to small_cell-1 are not shown

# --- Running ------------------------------------------------------------------------------
out: ""       # run folder (relative to this file); empty: runs/<UTC time>-<id>
workers: 0    # parallel workers; 0: all cores; never changes the results
`
