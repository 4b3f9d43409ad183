package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/datasets/synth"
	"github.com/ostfold-vte/bleedrisk/internal/buildinfo"
	"github.com/spf13/cobra"
)

func newValidateCmd() *cobra.Command {
	var df dataFlags
	c := &cobra.Command{
		Use:   "validate",
		Short: "Check a cohort against its dictionary and print a summary and every problem",
		Long: `validate loads the cohort as train would and prints a summary (rows, columns per
group, missingness, censored lab values, events and deaths per window) and every
problem found, with file, line, column and what to do. Exit status 2 when any
problem is an error.`,
		Example: "  bleedrisk validate --data cohort.csv --dict dictionary.yaml\n  bleedrisk validate   # the embedded synthetic cohort",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := df.loadLogged(logger(cmd))
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if err := datasets.Summarize(in.cohort).WriteText(out); err != nil {
				return err
			}
			if len(in.cohort.Warnings) == 0 {
				fmt.Fprintln(out, "\nno problems found")
				return nil
			}
			fmt.Fprintf(out, "\n%d warning(s), no errors:\n", len(in.cohort.Warnings))
			for _, p := range in.cohort.Warnings {
				fmt.Fprintf(out, "  %s\n", p)
			}
			return nil
		},
	}
	df.register(c, false)
	return c
}

func newDictionaryCmd() *cobra.Command {
	var (
		df  dataFlags
		out string
	)
	c := &cobra.Command{
		Use:   "dictionary",
		Short: "Draft a data dictionary from a cohort CSV for you to review",
		Long: `dictionary reads every row of a CSV export, infers each column's type, recognises
ICD-10 columns and code lists and maps common English and Norwegian lab and baseline
names to clinical concepts. Every guess carries a "check" note: review them all
before training.`,
		Example: "  bleedrisk dictionary --data cohort.csv --out draft.yaml\n  bleedrisk dictionary --data plain.csv --id patient_id --outcome bleed_12m",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if df.data == "" {
				return inputErr(fmt.Errorf("--data is required"))
			}
			b, err := os.ReadFile(df.data)
			if err != nil {
				return inputErr(err)
			}
			opt, err := df.options(df.data)
			if err != nil {
				return inputErr(err)
			}
			t, ps := datasets.ReadTable(bytes.NewReader(b), datasets.TableOptions{File: df.data, Delimiter: opt.Delimiter})
			if ps.HasErrors() {
				return inputErr(ps)
			}
			d, err := datasets.Draft(t, datasets.DraftOptions{ID: df.id, Outcome: df.outcome})
			if err != nil {
				return inputErr(err)
			}
			var buf bytes.Buffer
			if err := datasets.WriteDraft(&buf, d); err != nil {
				return err
			}
			if out == "" {
				_, err = cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if _, err := os.Stat(out); err == nil {
				return inputErr(fmt.Errorf("%s already exists; choose another --out", out))
			}
			return os.WriteFile(out, buf.Bytes(), 0o644)
		},
	}
	df.register(c, true)
	c.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	return c
}

func newSynthCmd() *cobra.Command {
	var (
		cfg synth.Config
		out string
	)
	c := &cobra.Command{
		Use:   "synth",
		Short: "Write a synthetic TROLL-like cohort with known true risks",
		Long: `synth writes cohort.csv, dictionary.yaml and truth.csv (each patient's true risk per
outcome window) for a synthetic cohort shaped like the TROLL registry's cancer-
associated thrombosis cohort. The same --n and --seed give byte-identical files; the
defaults give the embedded cohort that train uses without --data.`,
		Example: "  bleedrisk synth --out synthetic\n  bleedrisk synth --n 5000 --seed 7 --out big",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return inputErr(fmt.Errorf("--out is required"))
			}
			if cfg.N < 1 {
				return inputErr(fmt.Errorf("--n must be at least 1"))
			}
			files, err := synth.Generate(cfg)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			if err := files.WriteDir(out); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s/cohort.csv, dictionary.yaml and truth.csv (n %d, seed %d)\n", out, cfg.N, cfg.Seed)
			return nil
		},
	}
	c.Flags().IntVar(&cfg.N, "n", synth.DefaultN, "number of patients")
	c.Flags().Uint64Var(&cfg.Seed, "seed", synth.DefaultSeed, "generator seed")
	c.Flags().StringVar(&out, "out", "", "folder to write the files into")
	return c
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the program and Go versions",
		Example: "  bleedrisk version",
		Args:    cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "bleedrisk %s (%s)\n", buildinfo.Version(), buildinfo.GoVersion())
		},
	}
}
