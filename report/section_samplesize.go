package report

import (
	"fmt"
	"io"

	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// AnticipatedC is the C-statistic of the sensitivity calculation of the
// sample-size section: the upper end of what published bleeding models in
// cancer-associated thrombosis reach (0.6–0.7).
const AnticipatedC = 0.70

type sampleSizeSection struct{}

func (sampleSizeSection) Title() string { return "Sample size" }

// candidateParameters returns, per feature set of a window, the number of
// candidate parameters: the most design-matrix columns any split fitted
// (dummies, missing indicators and spline terms each count; the number can
// differ between splits because levels and code categories are learned on
// the training rows). Feature sets appear in the window's model order.
func candidateParameters(wr pipeline.WindowResult) (sets []string, p map[string]int) {
	p = map[string]int{}
	for _, m := range wr.Models {
		if _, ok := p[m.FeatureSet]; !ok {
			sets = append(sets, m.FeatureSet)
			p[m.FeatureSet] = 0
		}
		for _, f := range m.Folds {
			p[m.FeatureSet] = max(p[m.FeatureSet], f.Features)
		}
	}
	return sets, p
}

// belowMinimum names the window and feature set pairs whose labelled
// patients fall below Riley's minimum (conservative default R²cs).
func belowMinimum(res *pipeline.Result) []string {
	var out []string
	for _, wr := range res.Windows {
		if wr.Skipped != "" || wr.Labelled == 0 {
			continue
		}
		sets, p := candidateParameters(wr)
		var short []string
		for _, fs := range sets {
			ss, err := MinimumSampleSize(p[fs], float64(wr.Events)/float64(wr.Labelled), SampleSizeOptions{})
			if err == nil && wr.Labelled < ss.N {
				short = append(short, fs)
			}
		}
		if len(short) > 0 {
			out = append(out, fmt.Sprintf("%s (%s)", wr.Window.Name, joinAnd(short)))
		}
	}
	return out
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (sampleSizeSection) Markdown(w io.Writer, r *Run) error {
	fmt.Fprintln(w, "Minimum sample size for developing a prediction model with a binary outcome (Riley RD et al., Stat Med 2019;38:1276; BMJ 2020;368:m441), "+
		"for p candidate parameters and the outcome proportion φ observed in each window:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "- (i) expected shrinkage at least 0.9: n ≥ p / [(S − 1)·ln(1 − R²cs/S)], S = 0.9;")
	fmt.Fprintln(w, "- (ii) optimism in Nagelkerke R² at most 0.05: n ≥ p / [(S_VH − 1)·ln(1 − R²cs/S_VH)], S_VH = R²cs / (R²cs + 0.05·max R²cs), max R²cs = 1 − exp(2·[φ ln φ + (1 − φ) ln(1 − φ)]);")
	fmt.Fprintln(w, "- (iii) overall risk within ±0.05: n ≥ (1.96/0.05)²·φ(1 − φ);")
	fmt.Fprintln(w, "- minimum N = max(i, ii, iii), with N·φ events and N·φ/p events per candidate parameter (EPP).")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "The anticipated Cox–Snell R² (R²cs) is the conservative default of Riley et al. when no previous model fixes it, a Nagelkerke R² of %.2f (R²cs = %.2f·max R²cs); "+
		"a second row uses an anticipated C-statistic of %.2f (the upper end of published bleeding models in cancer-associated thrombosis), converted to R²cs under the binormal model of pmsampsize's cstatistic option (Riley et al., Stat Med 2022). "+
		"p is the number of design-matrix columns the feature set gave (the most over the cross-validation splits; dummies and missing-value indicators count). "+
		"The criteria are meant to be applied before a study; here they show whether this cohort is large enough for the number of parameters the models were offered. "+
		"Penalisation (ridge, lasso) does not remove the need: penalties tuned on a small cohort are themselves unstable (Riley et al., J Clin Epidemiol 2021;132:88).\n\n",
		NagelkerkeDefault, NagelkerkeDefault, AnticipatedC)
	var warnings []string
	for _, wr := range r.Result.Windows {
		if wr.Skipped != "" || wr.Labelled == 0 || wr.Events == 0 {
			continue
		}
		sets, p := candidateParameters(wr)
		if len(sets) == 0 {
			continue
		}
		phi := float64(wr.Events) / float64(wr.Labelled)
		fmt.Fprintf(w, "### Sample size: %s\n\n", windowLabel(wr.Window))
		fmt.Fprintf(w, "%d labelled patients, %s events (φ = %.3f).\n\n", wr.Labelled, cell(wr.Events), phi)
		fmt.Fprintln(w, "| Feature set | Candidate parameters p | EPP in this cohort | R²cs basis | R²cs | (i) shrinkage | (ii) optimism | (iii) overall risk | Minimum N | Minimum events | Largest p for (i) with this cohort | Cohort meets minimum |")
		fmt.Fprintln(w, "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
		for _, fs := range sets {
			for _, opt := range []SampleSizeOptions{{}, {CStatistic: AnticipatedC}} {
				ss, err := MinimumSampleSize(p[fs], phi, opt)
				if err != nil {
					fmt.Fprintf(w, "| %s | %d | – | – | – | – | – | – | – | – | – | %v |\n", fs, p[fs], err)
					continue
				}
				meets := "yes"
				if wr.Labelled < ss.N {
					meets = fmt.Sprintf("**no** (%s short)", thousands(ss.N-wr.Labelled))
				}
				fmt.Fprintf(w, "| %s | %d | %.2f | %s | %.3f | %s | %s | %s | %s | %s | %d | %s |\n", fs, p[fs], float64(wr.Events)/float64(p[fs]),
					ss.Basis, ss.CoxSnell, thousands(ss.Criteria[0]), thousands(ss.Criteria[1]), thousands(ss.Criteria[2]), thousands(ss.N),
					thousands(int(ss.Events+0.999999)), max(0, MaxParameters(wr.Labelled, ss.CoxSnell, SampleSizeOptions{})), meets)
				if opt.CStatistic == 0 && wr.Labelled < ss.N {
					warnings = append(warnings, fmt.Sprintf("%s, feature set %s: %d labelled patients and %s events for %d candidate parameters (%.2f events per parameter), "+
						"against a minimum of %s patients and %s events.", wr.Window.Name, fs, wr.Labelled, cell(wr.Events), p[fs], float64(wr.Events)/float64(p[fs]),
						thousands(ss.N), thousands(int(ss.Events+0.999999))))
				}
			}
		}
		fmt.Fprintln(w)
	}
	if len(warnings) == 0 {
		fmt.Fprintln(w, "The cohort meets the minimum sample size for every window and feature set under the conservative default.")
		return nil
	}
	fmt.Fprintln(w, "**Warning: the cohort is below the minimum sample size.** Models offered this many candidate parameters are expected to be overfitted: "+
		"their cross-validated performance is uncertain, their calibration on new patients is likely worse than here, and which predictors they select is unstable. "+
		"Prefer fewer candidate parameters (a pre-specified clinical feature set or an existing score), or a larger cohort.")
	fmt.Fprintln(w)
	for _, s := range warnings {
		fmt.Fprintf(w, "- %s\n", s)
	}
	return nil
}
