package features

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Frame is a design matrix with a name per column. Missing values are NaN
// until an imputation step fills them.
type Frame struct {
	Names []string
	X     *mat.Dense // len(rows) x len(Names); nil when there are no rows or no columns
}

// Dims returns the number of rows and columns.
func (f *Frame) Dims() (r, c int) {
	if f.X == nil {
		return 0, len(f.Names)
	}
	return f.X.Dims()
}

// Step is the specification of a preprocessing step on a Frame: it holds
// settings only and learns nothing until Fit.
type Step interface {
	// Name describes the step for the report ("median imputation + missing indicators").
	Name() string
	// Fit learns the step's parameters from the training frame (not modified).
	Fit(train *Frame) (Transform, error)
}

// Transform is a fitted step. Apply returns a new frame; the input is not
// modified. Apply accepts any rows with the columns seen in Fit.
type Transform interface {
	Apply(f *Frame) (*Frame, error)
}

func checkNames(f *Frame, names []string) error {
	if len(f.Names) != len(names) {
		return fmt.Errorf("features: frame has %d columns, the step was fitted on %d", len(f.Names), len(names))
	}
	for i := range names {
		if f.Names[i] != names[i] {
			return fmt.Errorf("features: column %d is %q, the step was fitted on %q", i, f.Names[i], names[i])
		}
	}
	return nil
}
