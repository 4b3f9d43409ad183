package pipeline

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models"
)

// withLeak returns a copy of c with a baseline column "leak" that is the
// 1-365 day outcome plus Gaussian noise (SD 0.3), in the given group.
func withLeak(t *testing.T, c *datasets.Cohort, group datasets.Group) *datasets.Cohort {
	t.Helper()
	l := c.Label(datasets.DefaultWindows[1])
	rng := rand.New(rand.NewPCG(1, 2))
	leak := &datasets.Column{Spec: datasets.ColumnSpec{Name: "leak", Group: group, Type: datasets.Numeric},
		Num: make([]float64, c.Len()), Censor: make([]datasets.Censor, c.Len())}
	for i := range leak.Num {
		leak.Num[i] = rng.NormFloat64() * 0.3
	}
	for k, row := range l.Rows {
		leak.Num[row] += l.Y[k]
	}
	out := *c
	out.Columns = append(append([]*datasets.Column(nil), c.Columns...), leak)
	return &out
}

// TestPlantedLeakage: a noisy copy of the outcome reaches near-perfect
// AUROC when it is a predictor, and has no effect when it is excluded.
func TestPlantedLeakage(t *testing.T) {
	c := loadDefault(t)
	cfg := Config{Seed: 2, Folds: 3, Repeats: 1, Workers: 2, FeatureSets: []string{"baseline"}, Models: []string{"ridge"}}
	auc := func(group datasets.Group) float64 {
		res, err := Run(context.Background(), withLeak(t, c, group), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.Windows[1].Models[0].FoldSummary["auroc"].Mean
	}
	// With noise SD 0.3 the leak alone separates the classes with AUROC
	// Phi(1/(0.3*sqrt 2)) = Phi(2.357) = 0.991.
	res, err := Run(context.Background(), withLeak(t, c, datasets.GroupBaseline), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range res.LeakageWarnings {
		found = found || strings.Contains(w, `"leak"`) && strings.Contains(w, "bleed_1_365")
	}
	if !found {
		t.Errorf("the planted leak is not in the leakage warnings: %v", res.LeakageWarnings)
	}
	for _, w := range res.LeakageWarnings {
		if !strings.Contains(w, `"leak"`) {
			t.Errorf("a column of the synthetic cohort is flagged: %s", w)
		}
	}
	if a := auc(datasets.GroupBaseline); a < 0.95 {
		t.Errorf("with the leak as a predictor: AUROC %.3f, want > 0.95", a)
	}
	if a := auc(datasets.GroupExclude); a > 0.75 {
		t.Errorf("with the leak excluded: AUROC %.3f, want the cohort's ordinary ~0.6", a)
	}
}

// spyStep records the number of rows it is fitted on.
type spyStep struct{ fitted *int }

func (s spyStep) Name() string { return "spy" }
func (s spyStep) Fit(train *features.Frame) (features.Transform, error) {
	r, _ := train.Dims()
	*s.fitted = r
	return identity{}, nil
}

type identity struct{}

func (identity) Apply(f *features.Frame) (*features.Frame, error) { return f, nil }

// spyModel records the number of rows it is fitted on.
type spyModel struct{ fitted *int }

func (s spyModel) Name() string { return "spy" }
func (s spyModel) Fit(X *mat.Dense, y []float64, opt models.FitOptions) (models.Model, error) {
	*s.fitted, _ = X.Dims()
	return constant{}, nil
}

type constant struct{}

func (constant) PredictProba(X *mat.Dense) []float64 {
	r, _ := X.Dims()
	return make([]float64, r)
}

// TestStepsSeeTrainingRowsOnly guards the seam where leakage would enter:
// inside a split, every preprocessing step and the model are fitted on
// exactly the split's training rows, never on all rows.
func TestStepsSeeTrainingRowsOnly(t *testing.T) {
	c := loadDefault(t)
	l := c.Label(datasets.DefaultWindows[0])
	splits, err := RepeatedKFold{Folds: 4, Repeats: 1}.Splits(l.Y, 3)
	if err != nil {
		t.Fatal(err)
	}
	var stepRows, modelRows int
	recipe := features.DefaultRecipe()
	recipe.Steps = append(recipe.Steps, spyStep{&stepRows})
	set, _ := features.FeatureSetByName("baseline")
	recipe.Encoder.Set = set
	a := arm{set: set, model: "spy", spec: spyModel{&modelRows}, recipe: recipe}
	for _, s := range splits {
		folds, _, _ := fitSplit(c, l, s, []arm{a}, Config{ImportanceRepeats: -1}, 1)
		if folds[0].Error != "" { // a constant prediction has a defined AUROC (0.5)
			t.Fatalf("split failed: %s", folds[0].Error)
		}
		if stepRows != len(s.Train) || modelRows != len(s.Train) {
			t.Fatalf("fold %d: step fitted on %d rows, model on %d; the split has %d training rows of %d",
				s.Fold, stepRows, modelRows, len(s.Train), len(l.Rows))
		}
	}
}
