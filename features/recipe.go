package features

import (
	"fmt"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// Recipe is the whole preprocessing specification: an encoder, then steps
// on the encoded frame, in order.
type Recipe struct {
	Encoder Encoder
	Steps   []Step
}

// DefaultRecipe is the preprocessing of a first run: encode every predictor
// group, impute medians with missing indicators, standardise.
func DefaultRecipe() Recipe {
	return Recipe{Steps: []Step{MedianImpute{Indicators: true}, Standardize{}}}
}

// Describe lists the recipe's steps for the report.
func (r Recipe) Describe() []string {
	out := []string{"encoding: " + r.Encoder.Describe()}
	for _, s := range r.Steps {
		out = append(out, s.Name())
	}
	return out
}

// Fitted is a recipe fitted on training rows.
type Fitted struct {
	Encoder    *EncoderFit
	Transforms []Transform
}

// FitTransform fits the recipe on the given cohort rows only and returns the
// fitted recipe with the transformed training frame.
func (r Recipe) FitTransform(c *datasets.Cohort, rows []int) (*Fitted, *Frame, error) {
	enc, err := r.Encoder.Fit(c, rows)
	if err != nil {
		return nil, nil, err
	}
	fit := &Fitted{Encoder: enc}
	f, err := enc.Encode(c, rows)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range r.Steps {
		t, err := s.Fit(f)
		if err != nil {
			return nil, nil, fmt.Errorf("features: fitting %s: %w", s.Name(), err)
		}
		if f, err = applyOwned(t, f); err != nil {
			return nil, nil, err
		}
		fit.Transforms = append(fit.Transforms, t)
	}
	return fit, f, nil
}

// Transform applies the fitted recipe to any cohort rows.
func (p *Fitted) Transform(c *datasets.Cohort, rows []int) (*Frame, error) {
	f, err := p.Encoder.Encode(c, rows)
	if err != nil {
		return nil, err
	}
	for _, t := range p.Transforms {
		if f, err = applyOwned(t, f); err != nil {
			return nil, err
		}
	}
	return f, nil
}
