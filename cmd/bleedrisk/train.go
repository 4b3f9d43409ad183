package main

import (
	"bytes"
	"encoding/json"
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
		df     dataFlags
		cfg    pipeline.Config
		out    string
		quiet  bool
		params []string
		tune   []string
		noTune bool
	)
	c := &cobra.Command{
		Use:   "train",
		Short: "Train and evaluate models with repeated cross-validation and write a run folder",
		Long: `train labels the cohort for every outcome window, fits the preprocessing and each
model inside every cross-validation split on the training rows only, scores the
held-out rows, and writes a run folder with metrics.json, predictions.csv,
config.json, dictionary.yaml, report.md and manifest.json.

With no --data it trains on the embedded synthetic cohort.`,
		Example: `  bleedrisk train
  bleedrisk train --data cohort.csv --dict dictionary.yaml --seed 7 --out runs/first
  bleedrisk train --data plain.csv --id patient_id --outcome bleed_12m`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			stderr := cmd.ErrOrStderr()
			started := time.Now().UTC()
			in, err := df.load(stderr)
			if err != nil {
				return err
			}
			if !quiet {
				printWarnings(stderr, in.cohort.Warnings, 10)
			}
			if cfg.Params, err = parseParams(params); err != nil {
				return inputErr(err)
			}
			if cfg.Tuning, err = parseTuning(tune, noTune, cfg.Models); err != nil {
				return inputErr(err)
			}
			cfg, err := cfg.Resolve()
			if err != nil {
				return inputErr(err)
			}
			var progress pipeline.Progress
			if !quiet {
				progress = progressPrinter(stderr, started)
				fmt.Fprintf(stderr, "training %s on %d patients (%s), %d worker(s)\n",
					strings.Join(cfg.Models, ", "), in.cohort.Len(), in.cohort.Source, cfg.Workers)
			}
			res, err := pipeline.Run(cmd.Context(), in.cohort, cfg, progress)
			if err != nil {
				return err
			}
			dir := out
			if dir == "" {
				dir = defaultRunDir(started, in.dataBytes)
			}
			if err := writeRun(dir, cmd, in, res, started); err != nil {
				return err
			}
			printStudyTable(cmd.OutOrStdout(), res)
			fmt.Fprintf(cmd.OutOrStdout(), "\nrun folder: %s\n", dir)
			return nil
		},
	}
	df.register(c, true)
	c.Flags().StringVar(&out, "out", "", "run folder to create (default runs/<UTC time>-<id>)")
	c.Flags().Uint64Var(&cfg.Seed, "seed", pipeline.DefaultSeed, "master seed; every random choice derives from it")
	c.Flags().IntVar(&cfg.Folds, "folds", 5, "cross-validation folds")
	c.Flags().IntVar(&cfg.Repeats, "repeats", 2, "cross-validation repeats")
	c.Flags().StringSliceVar(&cfg.Models, "models", []string{"ridge"}, "models to train: "+strings.Join(registry.Names(), ", "))
	c.Flags().StringSliceVar(&cfg.FeatureSets, "feature-sets", []string{features.DefaultFeatureSet}, "feature sets to compare: "+strings.Join(features.FeatureSetNames(), ", "))
	c.Flags().StringArrayVar(&tune, "tune", nil, "a tuning space as MODEL.NAME=V1,V2,... searched by inner cross-validation, e.g. ridge.lambda=0.1,1,10 (repeatable; replaces the model's default space)")
	c.Flags().BoolVar(&noTune, "no-tuning", false, "turn off every model's default tuning (fixed hyperparameters)")
	c.Flags().StringArrayVar(&params, "param", nil, "a model hyperparameter as MODEL.NAME=VALUE, e.g. ridge.lambda=0.5 (repeatable)")
	c.Flags().IntVar(&cfg.Workers, "workers", runtime.NumCPU(), "parallel workers (results do not depend on it)")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only the results")
	return c
}

func defaultRunDir(started time.Time, data []byte) string {
	id := pipeline.SHA256([]byte(fmt.Sprintf("%s|%d|%d", pipeline.SHA256(data), started.UnixNano(), os.Getpid())))[:6]
	return filepath.Join("runs", started.Format("20060102T150405Z")+"-"+id)
}

func progressPrinter(w io.Writer, started time.Time) pipeline.Progress {
	last := time.Time{}
	return func(done, total int) {
		now := time.Now()
		if done != total && now.Sub(last) < time.Second {
			return
		}
		last = now
		elapsed := now.Sub(started).Round(100 * time.Millisecond)
		eta := ""
		if done > 0 && done < total {
			rem := time.Duration(float64(now.Sub(started)) * float64(total-done) / float64(done)).Round(time.Second)
			eta = fmt.Sprintf(", about %s left", rem)
		}
		fmt.Fprintf(w, "  splits %d/%d done (%s elapsed%s)\n", done, total, elapsed, eta)
	}
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
	var rep bytes.Buffer
	if err := report.Markdown(&rep, &report.Run{Result: res, Manifest: m}, report.DefaultSections()); err != nil {
		return err
	}
	files := []pipeline.File{
		metrics,
		preds,
		{Name: "config.json", Data: cfgJSON, Contents: "the resolved experiment configuration"},
		{Name: "dictionary.yaml", Data: in.dictBytes, Contents: dictContents},
		{Name: "report.md", Data: rep.Bytes(), Contents: "the evaluation report (aggregates only)"},
	}
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

// parseParams turns MODEL.NAME=VALUE flags into per-model JSON objects.
// VALUE is read as JSON when it parses as JSON (numbers, true, false) and as
// a string otherwise.
func parseParams(flags []string) (map[string]json.RawMessage, error) {
	objs := map[string]map[string]json.RawMessage{}
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

// parseTuning turns MODEL.NAME=V1,V2 flags into tuning spaces. With noTune,
// every model not given a space gets an empty one (no tuning).
func parseTuning(flags []string, noTune bool, models []string) (map[string]registry.Grid, error) {
	out := map[string]registry.Grid{}
	for _, f := range flags {
		key, vals, ok := strings.Cut(f, "=")
		model, name, ok2 := strings.Cut(key, ".")
		if !ok || !ok2 || model == "" || name == "" || vals == "" {
			return nil, fmt.Errorf("--tune %q: want MODEL.NAME=V1,V2,..., e.g. ridge.lambda=0.1,1,10", f)
		}
		if out[model] == nil {
			out[model] = registry.Grid{}
		}
		for _, v := range strings.Split(vals, ",") {
			raw := json.RawMessage(v)
			if !json.Valid(raw) {
				raw, _ = json.Marshal(v)
			}
			out[model][name] = append(out[model][name], raw)
		}
	}
	if noTune {
		for _, m := range models {
			if _, ok := out[m]; !ok {
				out[m] = registry.Grid{}
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
