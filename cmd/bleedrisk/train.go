package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/internal/buildinfo"
	"github.com/ostfold-vte/bleedrisk/models/registry"
	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/ostfold-vte/bleedrisk/report"
	"github.com/spf13/cobra"
)

func newTrainCmd() *cobra.Command {
	var (
		df dataFlags
		tf trainFlags
	)
	c := &cobra.Command{
		Use:   "train",
		Short: "Train and evaluate models with repeated cross-validation and write a run folder",
		Long: `train labels the cohort for every outcome window, fits the preprocessing and each
model inside every cross-validation split on the training rows only, scores the
held-out rows, and writes a run folder with metrics.json, predictions.csv,
config.json, experiment.yaml, dictionary.yaml, report.md, models/ and manifest.json.

--config reads an experiment file (start from ` + "`bleedrisk init`" + `; format in the README,
"Experiment files"). Flags given on the command line override the file's values.
With no --data (and no data in the experiment) it trains on the embedded synthetic
cohort.

Progress goes to standard error: a live bar on a terminal, a log record every 10
seconds otherwise (every fit with --verbose). The results table goes to standard
output. Ctrl-C stops cleanly and writes nothing: the run folder is created only
when complete.`,
		Example: `  bleedrisk train
  bleedrisk init && bleedrisk train --config experiment.yaml --out runs/first
  bleedrisk train --config experiment.yaml --models ridge,lasso --seed 7 --out runs/lasso
  bleedrisk train --data cohort.csv --dict dictionary.yaml --repeats 1 --out runs/real
  bleedrisk train --data plain.csv --id patient_id --outcome bleed_12m --log-format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			log := logger(cmd)
			started := time.Now().UTC()
			st, err := resolveStudy(cmd, &tf, &df)
			if err != nil {
				return err
			}
			if tf.config != "" {
				log.Info("experiment", "file", tf.config)
			}
			// A run folder that exists now would only fail at the end.
			if st.out != "" {
				if _, err := os.Stat(st.out); err == nil {
					return inputErr(fmt.Errorf("run folder %s already exists; choose another --out", st.out))
				}
			}
			in, err := df.loadLogged(log)
			if err != nil {
				return err
			}
			if err := st.applyWindows(in.dict, in.cohort.Source); err != nil {
				return err
			}
			logWarnings(log, in.cohort.Warnings, 10)
			exp, err := st.experimentFile(in, &df)
			if err != nil {
				return err
			}
			in.extraFiles = append(in.extraFiles, exp)
			cfg := st.cfg
			var windows []string
			for _, w := range in.dict.EffectiveWindows() {
				windows = append(windows, w.Name)
			}
			log.Info("training", "patients", in.cohort.Len(), "source", in.cohort.Source,
				"windows", strings.Join(windows, ","), "feature_sets", strings.Join(cfg.FeatureSets, ","),
				"models", strings.Join(cfg.Models, ","), "folds", cfg.Folds, "repeats", cfg.Repeats,
				"seed", cfg.Seed, "workers", cfg.Workers)
			if b, err := json.Marshal(cfg); err == nil {
				log.Debug("resolved configuration", "config", string(b))
			}
			p := newProgress(cmd, "fitting", "fits")
			res, err := pipeline.Run(cmd.Context(), in.cohort, cfg, p.Update)
			p.Done()
			var ie *pipeline.InputError
			if errors.As(err, &ie) {
				return inputErr(err)
			}
			if err != nil {
				return err
			}
			dir := st.out
			if dir == "" {
				dir = defaultRunDir(started, in.dataBytes)
			}
			log.Info("writing run folder", "dir", dir)
			if err := writeRun(dir, cmd, in, res, started); err != nil {
				return err
			}
			printStudyTable(cmd.OutOrStdout(), res)
			fmt.Fprintf(cmd.OutOrStdout(), "\nrun folder: %s\n", dir)
			log.Info("done", "dir", dir, "elapsed", time.Since(started).Round(100*time.Millisecond).String())
			return nil
		},
	}
	df.register(c, true)
	def, _ := pipeline.Config{}.Resolve() // the defaults, shown in --help
	f := c.Flags()
	f.StringVar(&tf.config, "config", "", "experiment file (YAML) declaring the study; flags override its values")
	f.StringVar(&tf.out, "out", "", "run folder to create (default runs/<UTC time>-<id>)")
	f.Uint64Var(&tf.seed, "seed", def.Seed, "master seed; every random choice derives from it")
	f.IntVar(&tf.folds, "folds", def.Folds, "cross-validation folds")
	f.IntVar(&tf.repeats, "repeats", def.Repeats, "cross-validation repeats")
	f.StringSliceVar(&tf.models, "models", def.Models, "models to train: "+strings.Join(registry.Names(), ", ")+" (add +platt or +isotonic to recalibrate)")
	f.StringSliceVar(&tf.featureSets, "feature-sets", def.FeatureSets, "feature sets to compare: "+strings.Join(features.FeatureSetNames(), ", "))
	f.StringArrayVar(&tf.tune, "tune", nil, "a tuning space as MODEL.NAME=V1,V2,... searched by inner cross-validation, e.g. ridge.lambda=0.1,1,10 (repeatable; replaces the model's space)")
	f.BoolVar(&tf.noTune, "no-tuning", false, "turn off every model's tuning (fixed hyperparameters), except spaces given with --tune")
	f.StringArrayVar(&tf.params, "param", nil, "a model hyperparameter as MODEL.NAME=VALUE, e.g. ridge.lambda=0.5 (repeatable)")
	f.IntVar(&tf.workers, "workers", runtime.NumCPU(), "parallel workers (results do not depend on it)")
	c.RegisterFlagCompletionFunc("models", completeList(modelNames()))
	c.RegisterFlagCompletionFunc("feature-sets", completeList(features.FeatureSetNames()))
	c.MarkFlagFilename("config", "yaml", "yml")
	return c
}

func defaultRunDir(started time.Time, data []byte) string {
	id := pipeline.SHA256([]byte(fmt.Sprintf("%s|%d|%d", pipeline.SHA256(data), started.UnixNano(), os.Getpid())))[:6]
	return filepath.Join("runs", started.Format("20060102T150405Z")+"-"+id)
}

// writeRun assembles the run folder's files and writes them atomically.
func writeRun(dir string, cmd *cobra.Command, in *input, res *pipeline.Result, started time.Time) error {
	metrics, err := pipeline.MetricsFile(res)
	if err != nil {
		return err
	}
	preds, err := pipeline.PredictionsFile(res, in.cohort.IDs)
	if err != nil {
		return err
	}
	cfgJSON, err := json.MarshalIndent(res.Config, "", "  ")
	if err != nil {
		return err
	}
	cfgJSON = append(cfgJSON, '\n')
	dictContents := "the data dictionary used"
	if in.drafted {
		dictContents = "the data dictionary drafted from the data for this run (review it)"
	}
	m := pipeline.Manifest{
		ManifestVersion: 1,
		Program:         "bleedrisk",
		Version:         buildinfo.Version(),
		GoVersion:       buildinfo.GoVersion(),
		Command:         append([]string{"bleedrisk"}, os.Args[1:]...),
		Input: pipeline.InputInfo{
			Source:           in.cohort.Source,
			SHA256:           pipeline.SHA256(in.dataBytes),
			DictionarySHA256: pipeline.SHA256(in.dictBytes),
		},
		ConfigSHA256: pipeline.SHA256(cfgJSON),
		Seed:         res.Config.Seed,
		Workers:      res.Config.Workers,
		Started:      started,
		Finished:     time.Now().UTC(),
	}
	reports, err := report.Files(&report.Run{Result: res, Manifest: m})
	if err != nil {
		return err
	}
	files := []pipeline.File{
		metrics,
		preds,
		{Name: "config.json", Data: cfgJSON, Contents: "the resolved experiment configuration"},
		{Name: "dictionary.yaml", Data: in.dictBytes, Contents: dictContents},
	}
	files = append(files, reports...)
	files = append(files, in.extraFiles...)
	for _, fm := range res.Final {
		f, err := fm.File()
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	return pipeline.WriteRunDir(dir, m, files)
}

// printStudyTable prints the published study's table: mean ± SD AUROC over
// folds per window, feature set and model, next to the pooled out-of-fold
// AUROC of the first repeat with its 95% DeLong interval and the calibration
// slope; then the bleeding scores' AUROC on the same patients.
func printStudyTable(w io.Writer, res *pipeline.Result) {
	fmt.Fprintf(w, "%-13s %-12s %-11s %8s  %-14s  %-22s  %s\n", "window", "features", "model", "events", "AUROC mean±SD", "pooled AUROC (95% CI)", "calibration slope")
	for _, wr := range res.Windows {
		events := fmt.Sprintf("%d/%d", wr.Events, wr.Labelled)
		if wr.Skipped != "" {
			fmt.Fprintf(w, "%-13s %-12s %-11s %8s  skipped: %s\n", wr.Window.Name, "", "", events, wr.Skipped)
			continue
		}
		for _, m := range wr.Models {
			auc, pooled, slope := "failed", "–", "–"
			if s, ok := m.FoldSummary["auroc"]; ok {
				auc = fmt.Sprintf("%.3f ± %.3f", s.Mean, s.SD)
			}
			if len(m.Pooled) > 0 {
				p := m.Pooled[0]
				if v, ok := p.Metrics["auroc"]; ok {
					pooled = fmt.Sprintf("%.3f", v)
					if ci, ok := p.CI["auroc"]; ok {
						pooled += fmt.Sprintf(" (%.3f-%.3f)", ci[0], ci[1])
					}
				}
				if v, ok := p.Metrics["calibration_slope"]; ok {
					slope = fmt.Sprintf("%.2f", v)
				}
			}
			fmt.Fprintf(w, "%-13s %-12s %-11s %8s  %-14s  %-22s  %s\n", wr.Window.Name, m.FeatureSet, m.Model, events, auc, pooled, slope)
		}
		for _, sc := range wr.Scores {
			if !sc.Comparator {
				continue
			}
			auc := "–"
			if v, ok := sc.Metrics["auroc"]; ok {
				auc = fmt.Sprintf("%.3f", v)
			}
			fmt.Fprintf(w, "%-13s %-12s %-11s %8s  %-14s  %s\n", wr.Window.Name, "score", sc.Score, events, "", auc)
		}
	}
	fmt.Fprintln(w, "(pooled: first repeat's out-of-fold predictions; scores: points on all labelled patients)")
}
