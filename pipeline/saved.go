package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/registry"
)

// SavedModelVersion is the version of the saved-model file format.
const SavedModelVersion = 1

// SavedModel is a final model, fitted on every labelled patient of one
// window, with its fitted preprocessing: everything needed to predict new
// patients with bit-identical probabilities. It is derived from patient
// data (for k-nearest neighbours it holds the training rows themselves).
type SavedModel struct {
	FormatVersion int             `json:"format_version"`
	Window        datasets.Window `json:"window"`
	Model         string          `json:"model"`
	FeatureSet    string          `json:"feature_set"`
	// Tuned says the hyperparameters were chosen by inner cross-validation
	// over Tuning; Fitted is then a registry.TunedModel.
	Tuned  bool            `json:"tuned,omitempty"`
	Tuning registry.Grid   `json:"tuning,omitempty"`
	Spec   json.RawMessage `json:"spec"`
	// Patients and Events count the rows the final model was fitted on.
	Patients int `json:"patients"`
	Events   int `json:"events"`
	// Features are the design-matrix columns, in order.
	Features      []string         `json:"features"`
	Preprocessing *features.Fitted `json:"preprocessing"`
	Fitted        json.RawMessage  `json:"fitted"`
	fitted        models.Model     // decoded Fitted
}

// FitFinal fits an arm's recipe and model on every labelled row of l, as
// the model to use on new patients (tuned models are tuned on all rows).
func FitFinal(c *datasets.Cohort, l datasets.Labels, a arm, cfg Config) (*SavedModel, error) {
	name, spec, recipe := a.model, a.spec, a.recipe
	prep, train, err := recipe.FitTransform(c, l.Rows)
	if err != nil {
		return nil, err
	}
	m, err := spec.Fit(train.X, l.Y, models.FitOptions{Seed: DeriveSeed(cfg.Seed, finalModelStream)})
	if err != nil {
		return nil, err
	}
	fitted, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	_, tuned := spec.(registry.TunedSpec)
	return &SavedModel{FormatVersion: SavedModelVersion, Window: l.Window, Model: name, FeatureSet: a.set.Name, Spec: cfg.Params[name],
		Tuned: tuned, Tuning: cfg.Tuning[name],
		Patients: len(l.Rows), Events: l.Events, Features: train.Names, Preprocessing: prep, Fitted: fitted, fitted: m}, nil
}

// finalModelStream separates the final models' seeds from the splits'.
const finalModelStream = 1 << 40

// ReadSavedModel decodes a saved model file.
func ReadSavedModel(r io.Reader) (*SavedModel, error) {
	var s SavedModel
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("reading a saved model: %w", err)
	}
	if s.FormatVersion != SavedModelVersion {
		return nil, fmt.Errorf("saved model format %d is not supported by this build (it reads %d)", s.FormatVersion, SavedModelVersion)
	}
	if s.Preprocessing == nil {
		return nil, fmt.Errorf("saved model has no preprocessing")
	}
	var m models.Model
	var err error
	if s.Tuned {
		m, err = registry.DecodeTuned(s.Fitted)
	} else {
		m, err = registry.DecodeFitted(s.Model, s.Fitted)
	}
	if err != nil {
		return nil, err
	}
	s.fitted = m
	return &s, nil
}

// Predict returns the model's probabilities for the given rows of an
// augmented cohort (features.Augment).
func (s *SavedModel) Predict(c *datasets.Cohort, rows []int) ([]float64, error) {
	f, err := s.Preprocessing.Transform(c, rows)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return s.fitted.PredictProba(f.X), nil
}

// File renders the saved model as a run-folder file.
func (s *SavedModel) File() (File, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	if err := enc.Encode(s); err != nil {
		return File{}, err
	}
	return File{Name: fmt.Sprintf("models/%s__%s__%s.json", s.Window.Name, s.FeatureSet, s.Model), Data: b.Bytes(), Sensitive: true,
		Contents: "final model fitted on all labelled patients of the window, with its fitted preprocessing (derived from patient data)"}, nil
}
