package pipeline

import (
	"fmt"
	"math/rand/v2"
)

// Split is one train/test partition of the labelled patients. Train and Test
// hold positions in the window's label vector (not cohort rows), ascending.
type Split struct {
	Repeat, Fold int
	Train, Test  []int
}

// Plan is a resampling design.
type Plan interface {
	// Describe says what the plan does, for the report.
	Describe() string
	// Splits partitions the positions 0..len(y)-1 given 0/1 labels y.
	Splits(y []float64, seed uint64) ([]Split, error)
}

// RepeatedKFold is repeated stratified k-fold cross-validation: in each
// repeat the events and the non-events are shuffled separately and dealt
// round-robin into Folds folds, so every fold has (within one) the same
// number of events.
type RepeatedKFold struct {
	Folds, Repeats int
}

// Describe says what the plan does.
func (p RepeatedKFold) Describe() string {
	if p.Repeats == 1 {
		return fmt.Sprintf("stratified %d-fold cross-validation (1 repeat)", p.Folds)
	}
	return fmt.Sprintf("stratified %d-fold cross-validation repeated %d times", p.Folds, p.Repeats)
}

// Splits returns Repeats x Folds splits, repeat-major. It is an error when
// there are fewer events or non-events than folds.
func (p RepeatedKFold) Splits(y []float64, seed uint64) ([]Split, error) {
	if p.Folds < 2 || p.Repeats < 1 {
		return nil, fmt.Errorf("pipeline: need at least 2 folds and 1 repeat, got %d folds and %d repeats", p.Folds, p.Repeats)
	}
	var pos, neg []int
	for i, v := range y {
		if v == 1 {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	if len(pos) < p.Folds || len(neg) < p.Folds {
		return nil, fmt.Errorf("pipeline: %d events and %d non-events cannot fill %d stratified folds; use fewer folds", len(pos), len(neg), p.Folds)
	}
	var out []Split
	for r := 0; r < p.Repeats; r++ {
		rng := rand.New(rand.NewPCG(DeriveSeed(seed, uint64(r)), 0x5eed))
		fold := make([]int, len(y))
		k := 0
		for _, class := range [][]int{pos, neg} {
			idx := append([]int(nil), class...)
			rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
			for _, i := range idx {
				fold[i] = k % p.Folds
				k++
			}
		}
		for f := 0; f < p.Folds; f++ {
			s := Split{Repeat: r, Fold: f}
			for i := range y {
				if fold[i] == f {
					s.Test = append(s.Test, i)
				} else {
					s.Train = append(s.Train, i)
				}
			}
			out = append(out, s)
		}
	}
	return out, nil
}
