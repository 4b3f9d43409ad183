package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// explanationSection shows the optimism-corrected performance (when the
// run drew bootstrap samples) and which features each model leans on:
// permutation importance on held-out rows, mean |SHAP| for tree ensembles,
// and the selection frequency of linear models' coefficients.
type explanationSection struct{}

func (explanationSection) Title() string { return "Optimism and explanation" }

func (explanationSection) Markdown(w io.Writer, r *Run) error {
	found := false
	for _, wr := range r.Result.Windows {
		if wr.Skipped != "" {
			continue
		}
		header := false
		for _, m := range wr.Models {
			if m.Bootstrap == nil && m.Explanation == nil {
				continue
			}
			if !header {
				fmt.Fprintf(w, "### %s\n\n", windowLabel(wr.Window))
				header, found = true, true
			}
			if b := m.Bootstrap; b != nil {
				fmt.Fprintf(w, "%s (%s), bootstrap optimism correction (Harrell; %d samples, the whole pipeline refitted in each; %d failed):\n\n", m.Model, m.FeatureSet, b.B, b.Failed)
				fmt.Fprintln(w, "| Measure | Apparent | Optimism | Corrected |")
				fmt.Fprintln(w, "|---|---:|---:|---:|")
				for _, k := range []string{"auroc", "brier", "scaled_brier", "calibration_intercept", "calibration_slope", "nagelkerke_r2"} {
					if _, ok := b.Corrected[k]; ok {
						fmt.Fprintf(w, "| %s | %s | %s | %s |\n", k, f3(b.Apparent[k]), f3(b.Optimism[k]), f3(b.Corrected[k]))
					}
				}
				for why, n := range b.Reasons {
					fmt.Fprintf(w, "\n- %d samples failed: %s", n, why)
				}
				fmt.Fprintln(w)
			}
			ex := m.Explanation
			if ex == nil {
				continue
			}
			var parts []string
			if len(ex.Permutation) > 0 {
				parts = append(parts, "permutation importance (mean drop in held-out AUROC when the feature is shuffled): "+top(ex.Permutation))
			}
			if len(ex.SHAP) > 0 {
				parts = append(parts, "mean |SHAP| on held-out rows: "+top(ex.SHAP))
			}
			if len(ex.Selection) > 0 {
				var sel []string
				for i, s := range ex.Selection {
					if i == 10 {
						break
					}
					sel = append(sel, fmt.Sprintf("%s %.0f%% (mean coefficient %+.3f)", s.Feature, 100*s.Frequency, s.MeanCoef))
				}
				parts = append(parts, "selected (non-zero coefficient) across splits: "+strings.Join(sel, "; "))
			}
			fmt.Fprintf(w, "- %s (%s): %s.\n", m.Model, m.FeatureSet, strings.Join(parts, ". "))
		}
		if header {
			fmt.Fprintln(w)
		}
	}
	if !found {
		fmt.Fprintln(w, "No bootstrap samples were drawn and no explanation was computed in this run.")
		return nil
	}
	fmt.Fprintln(w, "Feature names carry their source: base: baseline data, bio: biochemistry (derived values such as bio:egfr_ckdepi2021 and bio:anaemia_who included), icd: ICD-10 derived features or 3-character categories, score: bleeding score points; #missing marks a missing-value indicator. Importances describe the model, not causes; with about 100 events they vary between splits.")
	return nil
}

// top lists the ten largest values.
func top(vs []pipeline.FeatureValue) string {
	var out []string
	for i, v := range vs {
		if i == 10 {
			break
		}
		out = append(out, fmt.Sprintf("%s %.4f", v.Feature, v.Value))
	}
	return strings.Join(out, "; ")
}
