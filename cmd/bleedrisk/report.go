package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ostfold-vte/bleedrisk/internal/buildinfo"
	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/ostfold-vte/bleedrisk/report"
	"github.com/spf13/cobra"
)

func newReportCmd() *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "report RUN_DIR",
		Short: "Re-render a run's report (Markdown, HTML, figures) from its run folder without retraining",
		Long: `report reads a run folder's manifest.json, metrics.json and predictions.csv (optional:
without it the ROC and precision-recall figures are left out), checks that each has the
SHA-256 the manifest records, and renders report.md, report.html and figures/*.svg again.

The run folder's own files and manifest are never changed: the new report goes into a new
folder, by default RUN_DIR/report-<UTC time>, written atomically with its own manifest.json
(its input is the run's manifest.json, identified by its SHA-256).`,
		Example: `  bleedrisk report runs/20260101T120000Z-abc123
  bleedrisk report runs/first --out runs/first/report-for-review`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			started := time.Now().UTC()
			manifestJSON, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
			if err != nil {
				return inputErr(fmt.Errorf("%s is not a run folder: %w", dir, err))
			}
			r, err := report.LoadRun(os.DirFS(dir))
			if err != nil {
				if errors.Is(err, report.ErrChanged) || errors.Is(err, fs.ErrNotExist) {
					return inputErr(fmt.Errorf("run folder %s: %w", dir, err))
				}
				return fmt.Errorf("run folder %s: %w", dir, err)
			}
			r.Renderer = buildinfo.Version()
			files, err := report.Files(r)
			if err != nil {
				return err
			}
			if out == "" {
				out = filepath.Join(dir, "report-"+started.Format("20060102T150405Z"))
			}
			m := pipeline.Manifest{
				ManifestVersion: 1,
				Program:         "bleedrisk",
				Version:         buildinfo.Version(),
				GoVersion:       buildinfo.GoVersion(),
				Command:         append([]string{"bleedrisk"}, os.Args[1:]...),
				Input: pipeline.InputInfo{
					Source:           "run folder " + dir + ": manifest.json",
					SHA256:           pipeline.SHA256(manifestJSON),
					DictionarySHA256: r.Manifest.Input.DictionarySHA256,
				},
				ConfigSHA256: r.Manifest.ConfigSHA256,
				Seed:         r.Manifest.Seed,
				Started:      started,
				Finished:     time.Now().UTC(),
			}
			if err := pipeline.WriteRunDir(out, m, files); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "report folder: %s\n", out)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "folder to create for the report (default RUN_DIR/report-<UTC time>)")
	return c
}
