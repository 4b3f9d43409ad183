package calibrate

import (
	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// Model is a recalibrated model: the base model fitted on all training
// rows and the calibration map, exactly one of Platt and Isotonic. Its
// exported fields are its whole state, so it can be saved with
// encoding/json. Base and Spec.Base are interfaces, so to load a saved
// model set them first to pointers to zero values of the base family's
// types, which encoding/json then fills:
//
//	m := calibrate.Model{
//		Spec: calibrate.Spec{Base: &logistic.Spec{}},
//		Base: &logistic.Model{},
//	}
//	err := json.Unmarshal(data, &m)
type Model struct {
	// Base is the base model fitted on all training rows.
	Base models.Model `json:"base"`
	// Platt is the Platt map, or nil.
	Platt *PlattMap `json:"platt,omitempty"`
	// Isotonic is the isotonic map, or nil.
	Isotonic *IsotonicMap `json:"isotonic,omitempty"`
	// Spec is the specification the model was fitted with.
	Spec Spec `json:"spec"`
}

var _ models.Model = (*Model)(nil)

// PredictProba returns the base model's predictions for the rows of X,
// each mapped through the calibration map. A NaN from the base model stays
// NaN; otherwise NaN handling is the base model's.
func (m *Model) PredictProba(X *mat.Dense) []float64 {
	p := m.Base.PredictProba(X)
	for i, v := range p {
		if m.Platt != nil {
			p[i] = m.Platt.Apply(v)
		} else {
			p[i] = m.Isotonic.Apply(v)
		}
	}
	return p
}
