package explain

import (
	"cmp"
	"math"
	"slices"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Coefficients returns the intercept and a copy of the coefficients of a
// linear model (models.Linear: logistic, ridge, lasso, elastic net), after
// unwrapping it, on the scale of the design matrix it was fitted on. ok is
// false for other models, a recalibrated linear model among them.
func Coefficients(m models.Model) (intercept float64, coef []float64, ok bool) {
	lin, ok := unwrap(m).(models.Linear)
	if !ok {
		return 0, nil, false
	}
	intercept, coef = lin.Coefficients()
	return intercept, slices.Clone(coef), true
}

// Fit is the coefficient vector of one resample's fit with the names of
// its design matrix's columns. The columns may differ between resamples: a
// level or indicator absent from a training fold is not in its design.
type Fit struct {
	Names []string  // one per column
	Coef  []float64 // one per column
}

// Selection is how often a feature was selected across resample fits.
type Selection struct {
	Name string
	// Fits is the number of fits whose design had the feature.
	Fits int
	// Selected is the number of fits in which its coefficient was not 0.
	Selected int
	// Frequency is Selected over the number of all fits, those without
	// the feature counting as not selecting it.
	Frequency float64
	// MeanCoef is the mean coefficient over all fits, 0 where the feature
	// was absent or not selected (the bagged coefficient).
	MeanCoef float64
	// MeanSelected is the mean coefficient over the fits that selected
	// it; 0 if none did.
	MeanSelected float64
}

// SelectionFrequency returns, for every name in any of fits, its selection
// across the fits, sorted by decreasing Frequency, then decreasing
// |MeanCoef|, then name. It panics if a fit has different numbers of names
// and coefficients or a name twice. The coefficients are compared on the
// scale they were fitted on, so their means are comparable only if every
// fit saw the features on the same scale (standardised, or the raw units).
func SelectionFrequency(fits []Fit) []Selection {
	idx := map[string]int{}
	var out []Selection
	sums := []float64{}
	for _, f := range fits {
		if len(f.Names) != len(f.Coef) {
			panic("explain: a fit has different numbers of names and coefficients")
		}
		seen := make(map[string]bool, len(f.Names))
		for j, name := range f.Names {
			if seen[name] {
				panic("explain: a fit has the column name " + name + " twice")
			}
			seen[name] = true
			k, ok := idx[name]
			if !ok {
				k = len(out)
				idx[name] = k
				out = append(out, Selection{Name: name})
				sums = append(sums, 0)
			}
			out[k].Fits++
			if b := f.Coef[j]; b != 0 {
				out[k].Selected++
				sums[k] += b
			}
		}
	}
	for k := range out {
		s := &out[k]
		s.Frequency = float64(s.Selected) / float64(len(fits))
		s.MeanCoef = sums[k] / float64(len(fits))
		if s.Selected > 0 {
			s.MeanSelected = sums[k] / float64(s.Selected)
		}
	}
	slices.SortFunc(out, func(a, b Selection) int {
		if c := cmp.Compare(b.Frequency, a.Frequency); c != 0 {
			return c
		}
		if c := cmp.Compare(math.Abs(b.MeanCoef), math.Abs(a.MeanCoef)); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}
