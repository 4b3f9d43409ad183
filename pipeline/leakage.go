package pipeline

import (
	"fmt"
	"math"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

// outcomeWords are name fragments of columns that may hold the outcome or
// something measured after the index VTE (PROBAST 2.3 and 3.3).
var outcomeWords = []string{"bleed", "blød", "blod", "haemorrh", "hemorrh", "death", "died", "døde", "dod_", "days_to", "dager_til",
	"followup", "follow_up", "oppfølging", "oppfolging", "post_index", "after_index", "outcome", "event"}

// historyWords mark a column about the time before the index, which may
// name bleeding legitimately (prior bleeding is a predictor).
var historyWords = []string{"prior", "previous", "history", "hist_", "tidligere", "recent", "before"}

// leakageWarnings lists predictor columns that look like the outcome or a
// post-index measurement: a name with outcome vocabulary (and no history
// word), or, per window, a univariable AUROC of at least 0.9 (or at most
// 0.1) on the labelled patients. They are warnings for the researcher and
// the report, not an automatic exclusion, and never a feature selection.
func leakageWarnings(c *datasets.Cohort, labels []datasets.Labels) []string {
	var out []string
	for _, col := range c.Columns {
		spec := col.Spec
		if spec.Derived != "" || !spec.IsFeature() {
			continue
		}
		name := strings.ToLower(spec.Name)
		if hasAny(name, outcomeWords) && !hasAny(name, historyWords) {
			out = append(out, fmt.Sprintf("column %q: the name suggests the outcome or a time after the index VTE; check that it is known at the index", spec.Name))
		}
		if spec.Type != datasets.Numeric && spec.Type != datasets.Binary {
			continue
		}
		for _, l := range labels {
			var y, x []float64
			for k, row := range l.Rows {
				if v := col.Num[row]; !math.IsNaN(v) {
					y, x = append(y, l.Y[k]), append(x, v)
				}
			}
			auc, err := metrics.AUROC(y, x)
			if err != nil || (auc < 0.9 && auc > 0.1) {
				continue
			}
			out = append(out, fmt.Sprintf("column %q: on its own it separates the %s outcome almost perfectly (AUROC %.3f); a predictor that strong is usually measured after the index or derived from the outcome", spec.Name, l.Window.Name, auc))
		}
	}
	return out
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
