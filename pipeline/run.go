package pipeline

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

// Metrics are the metrics computed on every fold and on every repeat's
// pooled out-of-fold predictions.
var Metrics = []metrics.Metric{metrics.AUROCMetric, metrics.AUPRCMetric, metrics.BrierMetric}

// Progress receives the number of finished and total units of work (one
// unit is one split of one window, all models). It is called from one
// goroutine at a time.
type Progress func(done, total int)

// arm is one feature set with one model: the unit a result is reported for.
type arm struct {
	set    features.FeatureSet
	model  string
	mi     int // the model's position in the config, which seeds its fits
	spec   models.Spec
	recipe features.Recipe
}

// Run runs the experiment cfg on cohort c: it derives the clinical features
// (features.Augment), then, for every window, cross-validates every feature
// set with every model, evaluates the bleeding scores on the same patients,
// and fits the final models on all labelled patients. It stops early, with
// ctx's error, when ctx is cancelled.
func Run(ctx context.Context, c *datasets.Cohort, cfg Config, progress Progress) (*Result, error) {
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	specs, err := cfg.specs()
	if err != nil {
		return nil, err
	}
	aug, info, err := features.Augment(c, features.AugmentOptions{LookbackDays: cfg.LookbackDays})
	if err != nil {
		return nil, &InputError{Err: err}
	}
	var arms []arm
	for _, name := range cfg.FeatureSets {
		set, err := features.FeatureSetByName(name)
		if err != nil {
			return nil, err
		}
		recipe := cfg.recipe(set)
		for mi, spec := range specs {
			arms = append(arms, arm{set: set, model: cfg.Models[mi], mi: mi, spec: spec, recipe: recipe})
		}
	}
	var plan Plan = RepeatedKFold{Folds: cfg.Folds, Repeats: cfg.Repeats}
	var years *datasets.Column
	if cfg.TemporalCut != 0 {
		years = c.ByConcept("index_year")
		if years == nil || years.Spec.Type != datasets.Numeric {
			return nil, fmt.Errorf("temporal validation needs a numeric column with concept index_year in the dictionary")
		}
		plan = TemporalSplit{Cut: cfg.TemporalCut}
	}
	res := &Result{
		SchemaVersion: SchemaVersion,
		Cohort:        describeCohort(c),
		Config:        cfg,
		Plan:          plan.Describe(),
		Preprocessing: arms[0].recipe.Describe()[1:],
		Derivation:    describeDerivation(info),
	}
	for _, name := range cfg.FeatureSets {
		set, _ := features.FeatureSetByName(name)
		res.FeatureSets = append(res.FeatureSets, set.Describe())
	}

	// Build every unit of work up front, so results land in fixed slots.
	type unit struct {
		w      int
		labels datasets.Labels
		split  Split
	}
	var units []unit
	windowLabels := map[int]datasets.Labels{}
	for wi, w := range c.Dict.EffectiveWindows() {
		l := c.Label(w)
		windowLabels[wi] = l
		wr := WindowResult{Window: w, Labelled: len(l.Rows), Events: l.Events, CompetingDeaths: l.CompetingDeaths, Excluded: l.Excluded}
		wr.Table1 = table1(c, l)
		wplan := plan
		if years != nil {
			wplan = TemporalSplit{Cut: cfg.TemporalCut, Years: pickF(years.Num, l.Rows)}
		}
		splits, err := wplan.Splits(l.Y, DeriveSeed(cfg.Seed, uint64(wi)))
		if err != nil {
			wr.Skipped = err.Error()
		} else {
			wr.Scores = evaluateScores(info, l)
		}
		for _, s := range splits {
			units = append(units, unit{w: wi, labels: l, split: s})
		}
		res.Windows = append(res.Windows, wr)
	}

	var all []datasets.Labels
	for wi := range res.Windows {
		all = append(all, windowLabels[wi])
	}
	res.LeakageWarnings = leakageWarnings(c, all)
	if len(units) == 0 {
		return nil, &InputError{Err: noWindowError(res.Windows)}
	}

	type outcome struct {
		folds    []FoldResult // one per arm
		preds    [][]Prediction
		explains []*foldExplanation
	}
	outs := make([]outcome, len(units))
	analysed := 0
	for _, wr := range res.Windows {
		if wr.Skipped == "" {
			analysed++
		}
	}
	total := len(units) + analysed*len(arms)*(1+cfg.Bootstrap)
	var mu sync.Mutex
	done := 0
	tick := func() {
		mu.Lock()
		done++
		if progress != nil {
			progress(done, total)
		}
		mu.Unlock()
	}
	err = parallel(ctx, len(units), cfg.Workers, func(j int) {
		u := units[j]
		folds, preds, ex := fitSplit(aug, u.labels, u.split, arms, cfg, DeriveSeed(cfg.Seed, uint64(u.w), uint64(u.split.Repeat), uint64(u.split.Fold)))
		outs[j] = outcome{folds, preds, ex}
		tick()
	})
	if err != nil {
		return nil, err
	}

	// Assemble in fixed order: window, arm, split.
	finals := map[[2]int]*SavedModel{}
	for wi := range res.Windows {
		wr := &res.Windows[wi]
		if wr.Skipped != "" {
			continue
		}
		for ai, a := range arms {
			mr := ModelResult{Model: a.model, FeatureSet: a.set.Name}
			var preds []Prediction
			var exs []*foldExplanation
			for j, u := range units {
				if u.w != wi {
					continue
				}
				mr.Folds = append(mr.Folds, outs[j].folds[ai])
				preds = append(preds, outs[j].preds[ai]...)
				exs = append(exs, outs[j].explains[ai])
			}
			mr.Explanation = aggregateExplanations(exs)
			mr.FoldSummary = summarise(mr.Folds)
			mr.Pooled = pool(preds, cfg, info)
			res.Predictions = append(res.Predictions, preds...)
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			final, err := FitFinal(aug, windowLabels[wi], a, cfg)
			tick()
			if err != nil {
				mr.FinalError = err.Error()
			} else {
				res.Final = append(res.Final, final)
				finals[[2]int{wi, ai}] = final
			}
			wr.Models = append(wr.Models, mr)
		}
	}
	if cfg.Bootstrap > 0 {
		if err := runBootstrap(ctx, aug, res, windowLabels, arms, finals, cfg, tick); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// fitSplit fits each arm's recipe (once per feature set) on the split's
// training rows, then the arm's model, and scores the held-out rows.
func fitSplit(c *datasets.Cohort, l datasets.Labels, s Split, arms []arm, cfg Config, seed uint64) ([]FoldResult, [][]Prediction, []*foldExplanation) {
	trainRows, testRows := pick(l.Rows, s.Train), pick(l.Rows, s.Test)
	yTrain, yTest := pickF(l.Y, s.Train), pickF(l.Y, s.Test)
	folds := make([]FoldResult, len(arms))
	preds := make([][]Prediction, len(arms))
	exs := make([]*foldExplanation, len(arms))
	base := FoldResult{Repeat: s.Repeat, Fold: s.Fold, Train: len(s.Train), Test: len(s.Test)}
	for _, v := range yTest {
		if v == 1 {
			base.TestEvents++
		}
	}
	type prepared struct {
		train, test *features.Frame
		err         error
	}
	cache := map[string]prepared{}
	for ai, a := range arms {
		pr, ok := cache[a.set.Name]
		if !ok {
			prep, train, err := a.recipe.FitTransform(c, trainRows)
			pr = prepared{train: train, err: err}
			if err == nil {
				pr.test, pr.err = prep.Transform(c, testRows)
			}
			cache[a.set.Name] = pr
		}
		fr := base
		if pr.err != nil {
			fr.Error = pr.err.Error()
			folds[ai] = fr
			continue
		}
		fr.Features = len(pr.train.Names)
		model, err := a.spec.Fit(pr.train.X, yTrain, models.FitOptions{Seed: DeriveSeed(seed, uint64(a.mi))})
		if err != nil {
			fr.Error = err.Error()
			folds[ai] = fr
			continue
		}
		if t, ok := model.(models.Tuned); ok {
			fr.Chosen = t.ChosenParams()
		}
		p := model.PredictProba(pr.test.X)
		fr.Metrics = score(yTest, p, &fr.Error)
		folds[ai] = fr
		exs[ai] = explainFold(model, pr.train.Names, pr.train.X, pr.test.X, yTest, s.Repeat, cfg, DeriveSeed(seed, uint64(a.mi), 1))
		for k, row := range testRows {
			preds[ai] = append(preds[ai], Prediction{Window: l.Window.Name, Model: a.model, FeatureSet: a.set.Name, Repeat: s.Repeat, Fold: s.Fold, Row: row, Y: yTest[k], P: p[k]})
		}
	}
	return folds, preds, exs
}

// score computes every metric; failures are joined into *errMsg.
func score(y, p []float64, errMsg *string) map[string]float64 {
	out := map[string]float64{}
	for _, m := range Metrics {
		v, err := m.Compute(y, p)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			err = fmt.Errorf("not finite (%v)", v)
		}
		if err != nil {
			if *errMsg != "" {
				*errMsg += "; "
			}
			*errMsg += fmt.Sprintf("%s: %v", m.Name(), err)
			continue
		}
		out[m.Name()] = v
	}
	return out
}

func summarise(folds []FoldResult) map[string]Summary {
	vals := map[string][]float64{}
	for _, f := range folds {
		for k, v := range f.Metrics {
			vals[k] = append(vals[k], v)
		}
	}
	out := map[string]Summary{}
	for k, xs := range vals {
		out[k] = summary(xs)
	}
	return out
}

func summary(xs []float64) Summary {
	s := Summary{N: len(xs), Min: math.Inf(1), Max: math.Inf(-1)}
	var sum float64
	for _, x := range xs {
		sum += x
		s.Min = math.Min(s.Min, x)
		s.Max = math.Max(s.Max, x)
	}
	s.Mean = sum / float64(len(xs))
	if len(xs) > 1 {
		var ss float64
		for _, x := range xs {
			ss += (x - s.Mean) * (x - s.Mean)
		}
		s.SD = math.Sqrt(ss / float64(len(xs)-1))
	}
	return s
}

// pool evaluates each repeat's out-of-fold predictions together.
func pool(preds []Prediction, cfg Config, info *features.Augmentation) []PooledResult {
	out := make([]PooledResult, cfg.Repeats)
	for r := range out {
		var y, p []float64
		var rows []int
		for _, pr := range preds {
			if pr.Repeat == r {
				y, p, rows = append(y, pr.Y), append(p, pr.P), append(rows, pr.Row)
			}
		}
		pr := PooledResult{Repeat: r, N: len(y)}
		for _, v := range y {
			if v == 1 {
				pr.Events++
			}
		}
		if len(y) > 0 {
			evaluate(&pr, y, p, rows, info, cfg)
		} else {
			pr.Error = "no predictions (every fold failed)"
		}
		out[r] = pr
	}
	return out
}

func describeCohort(c *datasets.Cohort) CohortInfo {
	info := CohortInfo{Source: c.Source, Patients: c.Len(), Predictors: map[string]int{}}
	for _, col := range c.Columns {
		info.Predictors[string(col.Spec.Group)]++
	}
	return info
}

func pick(xs []int, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}

func pickF(xs []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}

// InputError marks a run that failed because of its input (a unit the
// derivation does not know, no window that can be analysed), not because of
// the program: the command line reports it with exit status 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// noWindowError explains why no window could be analysed.
func noWindowError(ws []WindowResult) error {
	events := 0
	for _, w := range ws {
		events += w.Events
	}
	if events == 0 {
		return fmt.Errorf("0 events in every outcome window: no patient bleeds, so no model can be trained or evaluated; check the outcome columns (event_time holds the day of the first bleed) and the windows")
	}
	var parts []string
	for _, w := range ws {
		parts = append(parts, fmt.Sprintf("%s: %s", w.Window.Name, w.Skipped))
	}
	return fmt.Errorf("no outcome window can be analysed (%s)", strings.Join(parts, "; "))
}
