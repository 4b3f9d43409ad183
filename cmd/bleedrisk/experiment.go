package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/models/registry"
	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/spf13/cobra"
)

// trainFlags are train's flags that override an experiment file's values.
type trainFlags struct {
	config      string
	out         string
	seed        uint64
	folds       int
	repeats     int
	models      []string
	featureSets []string
	params      []string
	tune        []string
	noTune      bool
	workers     int
}

// study is an experiment resolved from a file and the command line: what
// train runs.
type study struct {
	exp     pipeline.Experiment // as given, flags applied, paths relative to the working folder
	cfg     pipeline.Config     // resolved
	out     string              // run folder, "" for the default
	windows []datasets.Window   // replace the dictionary's windows when set
}

// readExperimentFile reads an experiment file; its paths become relative
// to the working folder.
func readExperimentFile(path string) (*pipeline.Experiment, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, inputErr(err)
	}
	e, err := pipeline.ReadExperiment(bytes.NewReader(b), path)
	if err != nil {
		return nil, inputErr(err)
	}
	base := filepath.Dir(path)
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(base, p)
	}
	e.Data, e.Dictionary, e.Out = rel(e.Data), rel(e.Dictionary), rel(e.Out)
	return e, nil
}

// resolveStudy merges the experiment file (if any) with the flags: a flag
// given on the command line wins over the file, the file over the defaults.
// df is updated with the file's data settings unless flags set them.
func resolveStudy(cmd *cobra.Command, tf *trainFlags, df *dataFlags) (*study, error) {
	e := &pipeline.Experiment{Version: pipeline.ExperimentVersion}
	if tf.config != "" {
		var err error
		if e, err = readExperimentFile(tf.config); err != nil {
			return nil, err
		}
	}
	changed := cmd.Flags().Changed
	if !changed("data") {
		df.data = e.Data
	}
	if !changed("dict") {
		df.dict = e.Dictionary
	}
	if !changed("delimiter") {
		df.delimiter = e.Delimiter
	}
	if !changed("decimal") {
		df.decimal = e.Decimal
	}
	if changed("seed") {
		e.Seed = tf.seed
	}
	if changed("folds") {
		e.Folds = tf.folds
	}
	if changed("repeats") {
		e.Repeats = tf.repeats
	}
	if changed("models") {
		e.Models = tf.models
	}
	if changed("feature-sets") {
		e.FeatureSets = tf.featureSets
	}
	switch {
	case changed("workers"):
		e.Workers = tf.workers
	case e.Workers == 0:
		e.Workers = runtime.NumCPU()
	}
	if e.Workers < 1 {
		return nil, inputErr(fmt.Errorf("--workers must be at least 1"))
	}
	out := e.Out
	if changed("out") {
		out = tf.out
	}
	cfg, err := e.Config()
	if err != nil {
		return nil, inputErr(err)
	}
	if cfg.Params, err = mergeParams(cfg.Params, tf.params); err != nil {
		return nil, inputErr(err)
	}
	// Resolve once for the model list, then apply the tuning flags to it.
	first, err := cfg.Resolve()
	if err != nil {
		return nil, inputErr(err)
	}
	if cfg.Tuning, err = mergeTuning(cfg.Tuning, tf.tune, tf.noTune, first.Models); err != nil {
		return nil, inputErr(err)
	}
	if cfg, err = cfg.Resolve(); err != nil {
		return nil, inputErr(err)
	}
	return &study{exp: *e, cfg: cfg, out: out, windows: e.Windows}, nil
}

// applyWindows replaces the dictionary's outcome windows by the study's.
func (s *study) applyWindows(d *datasets.Dictionary, source string) error {
	if len(s.windows) == 0 {
		return nil
	}
	if !d.Outcome.IsTimeToEvent() {
		return inputErr(fmt.Errorf("the experiment sets windows, but the dictionary of %s has a ready binary outcome (windows apply to event times only); remove `windows:`", source))
	}
	d.Windows = append([]datasets.Window(nil), s.windows...)
	return nil
}

// experimentFile renders the resolved experiment for the run folder: paths
// point at the data and at the run folder's own dictionary.yaml, so the
// folder's experiment.yaml re-runs the study.
func (s *study) experimentFile(in *input, df *dataFlags) (pipeline.File, error) {
	base := s.exp
	base.Data, base.Dictionary = "", ""
	if df.data != "" {
		abs, err := filepath.Abs(df.data)
		if err != nil {
			abs = df.data
		}
		base.Data, base.Dictionary = abs, "dictionary.yaml"
	}
	base.Delimiter, base.Decimal = df.delimiter, df.decimal
	base.Windows = nil
	if in.dict.Outcome.IsTimeToEvent() {
		base.Windows = in.dict.EffectiveWindows()
	}
	e, err := pipeline.ResolvedExperiment(base, s.cfg)
	if err != nil {
		return pipeline.File{}, err
	}
	var b bytes.Buffer
	header := `The experiment this run resolved to (format: "Experiment files" in the README),
with every default written out. Paths are relative to this file: dictionary is the
run folder's own copy; data "" is the embedded synthetic cohort. Re-run the study with
  bleedrisk train --config experiment.yaml --out NEW_FOLDER
workers never changes the results.`
	if err := pipeline.WriteExperiment(&b, &e, header); err != nil {
		return pipeline.File{}, err
	}
	return pipeline.File{Name: "experiment.yaml", Data: b.Bytes(), Contents: "the resolved experiment: every setting of the run, re-runnable with `bleedrisk train --config`"}, nil
}

// mergeParams applies MODEL.NAME=VALUE flags onto per-model JSON objects.
// VALUE is read as JSON when it parses as JSON (numbers, true, false) and as
// a string otherwise.
func mergeParams(base map[string]json.RawMessage, flags []string) (map[string]json.RawMessage, error) {
	objs := map[string]map[string]json.RawMessage{}
	for m, raw := range base {
		o := map[string]json.RawMessage{}
		if len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, fmt.Errorf("hyperparameters of %s: %w", m, err)
			}
		}
		objs[m] = o
	}
	for _, f := range flags {
		key, val, ok := strings.Cut(f, "=")
		model, name, ok2 := strings.Cut(key, ".")
		if !ok || !ok2 || model == "" || name == "" {
			return nil, fmt.Errorf("--param %q: want MODEL.NAME=VALUE, e.g. ridge.lambda=0.5", f)
		}
		raw := json.RawMessage(val)
		if !json.Valid(raw) {
			raw, _ = json.Marshal(val)
		}
		if objs[model] == nil {
			objs[model] = map[string]json.RawMessage{}
		}
		objs[model][name] = raw
	}
	if len(objs) == 0 {
		return nil, nil
	}
	out := map[string]json.RawMessage{}
	for m, o := range objs {
		b, err := json.Marshal(o)
		if err != nil {
			return nil, err
		}
		out[m] = b
	}
	return out, nil
}

// mergeTuning applies MODEL.NAME=V1,V2 flags onto the tuning spaces: a
// model given on the command line gets the flags' space in place of the
// file's. With noTune, every model without a space from the flags gets an
// empty one (no tuning).
func mergeTuning(base map[string]registry.Grid, flags []string, noTune bool, models []string) (map[string]registry.Grid, error) {
	fromFlags := map[string]registry.Grid{}
	for _, f := range flags {
		key, vals, ok := strings.Cut(f, "=")
		model, name, ok2 := strings.Cut(key, ".")
		if !ok || !ok2 || model == "" || name == "" || vals == "" {
			return nil, fmt.Errorf("--tune %q: want MODEL.NAME=V1,V2,..., e.g. ridge.lambda=0.1,1,10", f)
		}
		if fromFlags[model] == nil {
			fromFlags[model] = registry.Grid{}
		}
		for _, v := range strings.Split(vals, ",") {
			raw := json.RawMessage(v)
			if !json.Valid(raw) {
				raw, _ = json.Marshal(v)
			}
			fromFlags[model][name] = append(fromFlags[model][name], raw)
		}
	}
	out := map[string]registry.Grid{}
	for m, g := range base {
		out[m] = g
	}
	for m, g := range fromFlags {
		out[m] = g
	}
	if noTune {
		for _, m := range models {
			if _, ok := fromFlags[m]; !ok {
				out[m] = registry.Grid{}
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
