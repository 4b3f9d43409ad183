package main

import (
	"fmt"
	"strings"

	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/spf13/cobra"
)

func newVerifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "verify RUN_DIR",
		Short: "Check that a run folder is complete and unchanged against its manifest",
		Long: `verify reads RUN_DIR/manifest.json and checks that every file it lists exists with the
recorded size and SHA-256, and that no unlisted file is present. A run folder is only
ever created complete (written into a hidden temporary folder and renamed at the end),
so a folder without a valid manifest is not a finished run.

Exit status: 0 intact, 2 missing, changed or extra files.`,
		Example: "  bleedrisk verify runs/first",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if problems := pipeline.VerifyRunDir(args[0]); len(problems) > 0 {
				return inputErr(fmt.Errorf("%s is not intact:\n  %s", args[0], strings.Join(problems, "\n  ")))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: every file matches manifest.json\n", args[0])
			return nil
		},
	}
}
