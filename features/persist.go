package features

import (
	"encoding/json"
	"fmt"
)

// savedTransform is a fitted step in a saved recipe: its kind and its
// parameters.
type savedTransform struct {
	Kind   string          `json:"kind"`
	Params json.RawMessage `json:"params"`
}

// transformKinds maps a saved kind to a constructor of the empty fitted
// step it decodes into. A new fitted step registers itself here.
var transformKinds = map[string]func() Transform{
	"median_impute": func() Transform { return &MedianFit{} },
	"standardize":   func() Transform { return &StandardizeFit{} },
}

func kindOf(t Transform) (string, error) {
	switch t.(type) {
	case *MedianFit:
		return "median_impute", nil
	case *StandardizeFit:
		return "standardize", nil
	}
	if k, ok := t.(interface{ Kind() string }); ok {
		return k.Kind(), nil
	}
	return "", fmt.Errorf("features: cannot save a fitted step of type %T", t)
}

// RegisterTransform lets a fitted step defined outside this file be saved
// and loaded: the step's type must have a Kind() string method returning
// kind, and newEmpty must return a pointer it can be decoded into.
func RegisterTransform(kind string, newEmpty func() Transform) {
	transformKinds[kind] = newEmpty
}

// MarshalJSON saves the fitted recipe: the encoder and each fitted step
// with its kind.
func (p *Fitted) MarshalJSON() ([]byte, error) {
	steps := make([]savedTransform, len(p.Transforms))
	for i, t := range p.Transforms {
		kind, err := kindOf(t)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		steps[i] = savedTransform{Kind: kind, Params: b}
	}
	return json.Marshal(struct {
		Encoder *EncoderFit      `json:"encoder"`
		Steps   []savedTransform `json:"steps"`
	}{p.Encoder, steps})
}

// UnmarshalJSON loads a fitted recipe saved by MarshalJSON.
func (p *Fitted) UnmarshalJSON(b []byte) error {
	var s struct {
		Encoder *EncoderFit      `json:"encoder"`
		Steps   []savedTransform `json:"steps"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s.Encoder == nil {
		return fmt.Errorf("features: saved preprocessing has no encoder")
	}
	p.Encoder, p.Transforms = s.Encoder, nil
	for _, st := range s.Steps {
		mk, ok := transformKinds[st.Kind]
		if !ok {
			return fmt.Errorf("features: saved preprocessing has an unknown step %q", st.Kind)
		}
		t := mk()
		if err := json.Unmarshal(st.Params, t); err != nil {
			return fmt.Errorf("features: step %q: %w", st.Kind, err)
		}
		p.Transforms = append(p.Transforms, t)
	}
	return nil
}
