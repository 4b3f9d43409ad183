package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/spf13/cobra"
)

func newFeaturesCmd() *cobra.Command {
	var (
		df     dataFlags
		out    string
		set    string
		impute bool
		minN   int
	)
	c := &cobra.Command{
		Use:   "features",
		Short: "Write the engineered feature matrix as CSV, for inspection or for R and Python",
		Long: `features derives the clinical features (derived labs, ICD-10 comorbidity and
bleeding flags, bleeding scores) and writes one row per patient with provenance-named
columns ("base:", "bio:", "icd:", "score:"), plus each score's risk category.

Steps that learn from data (category levels, ICD-10 categories kept by --min-code-count,
and imputation with --impute) are fitted on ALL rows here, which is right for
inspection but not for model evaluation: train fits them inside every resample.
Missing values are written as empty cells unless --impute is given. The file holds
row-level patient data.`,
		Example: "  bleedrisk features --out features.csv\n  bleedrisk features --data cohort.csv --dict dictionary.yaml --feature-set icd10 --out features.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return inputErr(fmt.Errorf("--out is required"))
			}
			if _, err := os.Stat(out); err == nil {
				return inputErr(fmt.Errorf("%s already exists; choose another --out", out))
			}
			fs, err := features.FeatureSetByName(set)
			if err != nil {
				return inputErr(err)
			}
			in, err := df.loadLogged(logger(cmd))
			if err != nil {
				return err
			}
			aug, info, err := features.Augment(in.cohort, features.AugmentOptions{})
			if err != nil {
				return inputErr(err)
			}
			rows := make([]int, aug.Len())
			for i := range rows {
				rows[i] = i
			}
			recipe := features.Recipe{Encoder: features.Encoder{Set: fs, MinCodeCount: minN}}
			if impute {
				recipe.Steps = []features.Step{features.MedianImpute{Indicators: true}}
			}
			_, frame, err := recipe.FitTransform(aug, rows)
			if err != nil {
				return err
			}
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			header := append([]string{"patient_id"}, frame.Names...)
			for _, name := range info.ScoreOrder {
				header = append(header, "score:"+name+"#category")
			}
			w.Write(header)
			_, ncol := frame.Dims()
			rec := make([]string, len(header))
			for i, id := range aug.IDs {
				rec[0] = id
				for j := 0; j < ncol; j++ {
					v := frame.X.At(i, j)
					if math.IsNaN(v) {
						rec[1+j] = ""
					} else {
						rec[1+j] = strconv.FormatFloat(v, 'g', -1, 64)
					}
				}
				for k, name := range info.ScoreOrder {
					rec[1+ncol+k] = info.Scores[name][i].Category
				}
				w.Write(rec)
			}
			w.Flush()
			if err := w.Error(); err != nil {
				return err
			}
			if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %d patients x %d features (%s); level, code and imputation steps were fitted on all rows\n",
				out, aug.Len(), ncol, fs.Name)
			return nil
		},
	}
	df.register(c, false)
	c.Flags().StringVar(&out, "out", "", "CSV file to write")
	c.Flags().StringVar(&set, "feature-set", features.DefaultFeatureSet, "feature set")
	c.Flags().BoolVar(&impute, "impute", false, "impute missing values with medians (fitted on all rows) and add missing indicators")
	c.Flags().IntVar(&minN, "min-code-count", 5, "keep an ICD-10 category when at least this many patients have it")
	return c
}
