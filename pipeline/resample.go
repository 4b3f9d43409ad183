package pipeline

import (
	"fmt"
	"math"
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

// TemporalSplit trains on patients indexed before Cut and tests on the
// others (internal-external validation over time; Steyerberg & Harrell, J
// Clin Epidemiol 2016;69:245): treatment moved from VKA to LMWH to DOAC over
// the registry's years, so this shows how a model carries over to a later
// era. Years holds the index year of each labelled patient (same order as
// the labels); a patient without a year is left out of both sets.
type TemporalSplit struct {
	Years []float64
	Cut   int
}

// Describe says what the plan does.
func (p TemporalSplit) Describe() string {
	return fmt.Sprintf("temporal validation: trained on patients indexed before %d, tested on those indexed in %d or later", p.Cut, p.Cut)
}

// Splits returns the one temporal split. It is an error when either side
// has no events or no non-events.
func (p TemporalSplit) Splits(y []float64, seed uint64) ([]Split, error) {
	if len(p.Years) != len(y) {
		return nil, fmt.Errorf("pipeline: %d index years for %d patients", len(p.Years), len(y))
	}
	s := Split{}
	var ev [2][2]int // [train/test][class]
	for i, yr := range p.Years {
		if math.IsNaN(yr) {
			continue
		}
		side := 0
		if yr >= float64(p.Cut) {
			side = 1
			s.Test = append(s.Test, i)
		} else {
			s.Train = append(s.Train, i)
		}
		ev[side][int(y[i])]++
	}
	if ev[0][0] == 0 || ev[0][1] == 0 || ev[1][0] == 0 || ev[1][1] == 0 {
		return nil, fmt.Errorf("pipeline: the temporal cut %d leaves %d events and %d non-events before it and %d and %d after it; both sides need both",
			p.Cut, ev[0][1], ev[0][0], ev[1][1], ev[1][0])
	}
	return []Split{s}, nil
}
