package explain

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/forest"
	"github.com/ostfold-vte/bleedrisk/models/gbm"
)

// Unwrapper is implemented by a model that predicts exactly as a model it
// wraps, such as a tuned model refitted with its chosen hyperparameters.
// Unwrap returns the wrapped model. A recalibrated model does not predict
// as its base model and must not implement it.
type Unwrapper interface {
	Unwrap() models.Model
}

// unwrap follows Unwrap until a model does not implement it.
func unwrap(m models.Model) models.Model {
	for {
		u, ok := m.(Unwrapper)
		if !ok {
			return m
		}
		m = u.Unwrap()
	}
}

// TreeEnsemble returns the ensemble of a tree model, after unwrapping it:
// FromForest for a random forest, FromGBM with background for a boosted
// model. ok is false for a model that is not a tree ensemble.
func TreeEnsemble(m models.Model, background *mat.Dense) (e *Ensemble, ok bool, err error) {
	switch m := unwrap(m).(type) {
	case *forest.Model:
		e, err = FromForest(m)
	case *gbm.Model:
		e, err = FromGBM(m, background)
	default:
		return nil, false, nil
	}
	return e, true, err
}

// FromForest returns the ensemble of a random forest in probability
// space: each tree's leaf values divided by the number of trees, so the
// output is the forest's PredictProba, and each node's cover its Weight
// (bootstrap count × case weight of its training rows, scikit-learn's
// weighted_n_node_samples, which shap uses). The expected value is the
// mean over the trees of the root's class-1 frequency. NaN goes right at
// every split, as in forest.Model.PredictProba.
func FromForest(m *forest.Model) (*Ensemble, error) {
	if len(m.Trees) == 0 {
		return nil, errors.New("explain: the forest has no trees")
	}
	scale := 1 / float64(len(m.Trees))
	trees := make([]Tree, len(m.Trees))
	for k, t := range m.Trees {
		v := make([]float64, len(t.Value))
		for i, x := range t.Value {
			v[i] = x * scale
		}
		trees[k] = Tree{Feature: t.Feature, Threshold: t.Threshold, Left: t.Left, Right: t.Right,
			Cover: t.Weight, Value: v}
	}
	return NewEnsemble(trees, LessEqual, 0, m.Features)
}

// FromGBM returns the ensemble of a boosted-tree model in margin
// (log-odds) space, as XGBoost's pred_contribs: the output is
// m.Margin, Base is m.BaseScore, and NaN follows each split's learned
// missing direction.
//
// A gbm.Model does not store its node covers, so they are counted on
// background, which should be the rows the model was fitted on (the
// training fold, NaN for missing): a node's cover is the number of
// background rows that reach it. The expected value is then the mean
// margin of the background rows, and an unknown feature's split is
// averaged over the children by their shares of those rows, as LightGBM's
// own TreeSHAP does with its row counts. (XGBoost weighs rows by their
// hessian p(1 − p) instead.) It returns an error if background has no
// rows or not m.NumFeatures columns.
func FromGBM(m *gbm.Model, background *mat.Dense) (*Ensemble, error) {
	n, p := background.Dims()
	if n == 0 {
		return nil, errors.New("explain: no background rows to count the covers of the boosted trees")
	}
	if p != m.NumFeatures {
		return nil, fmt.Errorf("explain: the background rows have %d columns, the model %d", p, m.NumFeatures)
	}
	trees := make([]Tree, len(m.Trees))
	for k, t := range m.Trees {
		nodes := len(t.Feature)
		if nodes == 0 || len(t.Threshold) != nodes || len(t.MissingLeft) != nodes ||
			len(t.Left) != nodes || len(t.Right) != nodes || len(t.Value) != nodes {
			return nil, fmt.Errorf("explain: boosted tree %d: node arrays are empty or differ in length", k)
		}
		cover := make([]float64, nodes)
		for i := range n {
			x := background.RawRowView(i)
			j := int32(0)
			for {
				cover[j]++
				f := t.Feature[j]
				if f < 0 {
					break
				}
				if int(f) >= p {
					return nil, fmt.Errorf("explain: boosted tree %d: node %d splits on column %d", k, j, f)
				}
				next := t.Right[j]
				if v := x[f]; v < t.Threshold[j] || (v != v && t.MissingLeft[j]) {
					next = t.Left[j]
				}
				if next <= j || int(next) >= nodes {
					return nil, fmt.Errorf("explain: boosted tree %d: node %d has a child %d", k, j, next)
				}
				j = next
			}
		}
		trees[k] = Tree{Feature: t.Feature, Threshold: t.Threshold, Left: t.Left, Right: t.Right,
			MissingLeft: t.MissingLeft, Cover: cover, Value: t.Value}
	}
	return NewEnsemble(trees, Less, m.BaseScore, m.NumFeatures)
}
