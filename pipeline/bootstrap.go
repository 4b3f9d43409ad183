package pipeline

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

// BootstrapResult is Harrell's bootstrap optimism correction (Harrell, Lee &
// Mark, Stat Med 1996;15:361; Efron & Gong; DOMAIN.md 7.4): in each of B
// bootstrap samples the whole pipeline (encoding, imputation, scaling,
// tuning, fitting) is refitted; its performance on the bootstrap sample
// minus its performance on the original patients is that sample's
// optimism; the corrected estimate is the apparent performance (the final
// model on the patients it was fitted on) minus the mean optimism.
type BootstrapResult struct {
	B int `json:"b"`
	// Failed counts samples whose fit failed, by reason; they are left out.
	Failed    int                `json:"failed"`
	Reasons   map[string]int     `json:"failure_reasons,omitempty"`
	Apparent  map[string]float64 `json:"apparent"`
	Optimism  map[string]float64 `json:"optimism"`
	Corrected map[string]float64 `json:"corrected"`
}

// bootstrapMetrics are the measures corrected for optimism.
var bootstrapMetrics = []string{"auroc", "brier", "scaled_brier", "calibration_intercept", "calibration_slope", "nagelkerke_r2"}

// quickMetrics computes the bootstrap measures; undefined ones are absent.
func quickMetrics(y, p []float64) map[string]float64 {
	out := map[string]float64{}
	if v, err := metrics.AUROC(y, p); err == nil {
		out["auroc"] = v
	}
	out["brier"] = metrics.Brier(y, p)
	if v, err := metrics.ScaledBrier(y, p); err == nil && !math.IsNaN(v) {
		out["scaled_brier"] = v
	}
	if e, err := metrics.CalibrationInTheLarge(y, p, 0.95); err == nil {
		out["calibration_intercept"] = e.Value
	}
	if _, slope, err := metrics.CalibrationSlope(y, p, 0.95); err == nil {
		out["calibration_slope"] = slope.Value
	}
	if v, err := metrics.NagelkerkeR2(y, p); err == nil && !math.IsNaN(v) {
		out["nagelkerke_r2"] = v
	}
	for k, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			delete(out, k) // JSON has no NaN or infinity; absent means undefined
		}
	}
	return out
}

// bootstrapStream separates bootstrap seeds from the splits'.
const bootstrapStream = 1 << 41

// runBootstrap adds the optimism-corrected estimates of every arm of every
// analysed window to res. The same B samples are used for every arm of a
// window, so arms are compared on equal footing.
func runBootstrap(ctx context.Context, c *datasets.Cohort, res *Result, labels map[int]datasets.Labels, arms []arm, finals map[[2]int]*SavedModel, cfg Config, tick func()) error {
	type unit struct{ w, b int }
	var units []unit
	for wi, wr := range res.Windows {
		if wr.Skipped == "" {
			for b := 0; b < cfg.Bootstrap; b++ {
				units = append(units, unit{wi, b})
			}
		}
	}
	// out[j][ai] is the optimism of arm ai in unit j, or nil on failure.
	out := make([][]map[string]float64, len(units))
	fails := make([][]string, len(units))
	err := parallel(ctx, len(units), cfg.Workers, func(j int) {
		u := units[j]
		l := labels[u.w]
		out[j], fails[j] = bootstrapOnce(c, l, arms, DeriveSeed(cfg.Seed, bootstrapStream, uint64(u.w), uint64(u.b)))
		tick()
	})
	if err != nil {
		return err
	}
	for wi := range res.Windows {
		wr := &res.Windows[wi]
		if wr.Skipped != "" {
			continue
		}
		l := labels[wi]
		for ai := range arms {
			br := &BootstrapResult{B: cfg.Bootstrap, Reasons: map[string]int{}, Optimism: map[string]float64{}, Corrected: map[string]float64{}}
			final := finals[[2]int{wi, ai}]
			if final == nil {
				br.Failed = cfg.Bootstrap
				br.Reasons["the final model could not be fitted"] = cfg.Bootstrap
				wr.Models[ai].Bootstrap = br
				continue
			}
			p, err := final.Predict(c, l.Rows)
			if err != nil {
				return err
			}
			br.Apparent = quickMetrics(l.Y, p)
			sums, counts := map[string]float64{}, map[string]int{}
			for j, u := range units {
				if u.w != wi {
					continue
				}
				opt := out[j][ai]
				if opt == nil {
					br.Failed++
					br.Reasons[fails[j][ai]]++
					continue
				}
				for k, v := range opt {
					sums[k] += v
					counts[k]++
				}
			}
			for _, k := range bootstrapMetrics {
				a, ok := br.Apparent[k]
				if !ok || counts[k] == 0 {
					continue
				}
				br.Optimism[k] = sums[k] / float64(counts[k])
				br.Corrected[k] = a - br.Optimism[k]
			}
			if len(br.Reasons) == 0 {
				br.Reasons = nil
			}
			wr.Models[ai].Bootstrap = br
		}
	}
	return nil
}

// bootstrapOnce draws one bootstrap sample of the window's labelled rows
// (with replacement, same size), refits every arm on it and returns each
// arm's optimism (performance on the sample minus on the original rows), or
// nil with a reason when the arm could not be fitted.
func bootstrapOnce(c *datasets.Cohort, l datasets.Labels, arms []arm, seed uint64) ([]map[string]float64, []string) {
	n := len(l.Rows)
	rng := rand.New(rand.NewPCG(seed, 0xb0075))
	pos := make([]int, n)
	for i := range pos {
		pos[i] = rng.IntN(n)
	}
	sort.Ints(pos)
	bootRows, bootY := pick(l.Rows, pos), pickF(l.Y, pos)
	out := make([]map[string]float64, len(arms))
	why := make([]string, len(arms))
	type prepared struct {
		prep  *features.Fitted
		train *features.Frame
		orig  *features.Frame
		err   error
	}
	cache := map[string]prepared{}
	for ai, a := range arms {
		pr, ok := cache[a.set.Name]
		if !ok {
			pr.prep, pr.train, pr.err = a.recipe.FitTransform(c, bootRows)
			if pr.err == nil {
				pr.orig, pr.err = pr.prep.Transform(c, l.Rows)
			}
			cache[a.set.Name] = pr
		}
		if pr.err != nil {
			why[ai] = pr.err.Error()
			continue
		}
		m, err := a.spec.Fit(pr.train.X, bootY, models.FitOptions{Seed: DeriveSeed(seed, uint64(a.mi))})
		if err != nil {
			why[ai] = reason(err)
			continue
		}
		app := quickMetrics(bootY, m.PredictProba(pr.train.X))
		test := quickMetrics(l.Y, m.PredictProba(pr.orig.X))
		opt := map[string]float64{}
		for k, v := range app {
			if t, ok := test[k]; ok {
				opt[k] = v - t
			}
		}
		out[ai] = opt
	}
	return out, why
}

// reason shortens an error to its first line for counting.
func reason(err error) string {
	s := err.Error()
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
