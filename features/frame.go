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

// inPlace is a Transform that can also overwrite a frame its caller owns,
// when the result has the frame's shape: applyInPlace reports whether it
// did (false leaves f unchanged).
type inPlace interface {
	applyInPlace(f *Frame) bool
}

// applyOwned applies t to f, a frame no one else holds (the recipe's
// own intermediate): in place when t can, saving a copy of the matrix.
func applyOwned(t Transform, f *Frame) (*Frame, error) {
	if ip, ok := t.(inPlace); ok && f.X != nil && ip.applyInPlace(f) {
		return f, nil
	}
	return t.Apply(f)
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
