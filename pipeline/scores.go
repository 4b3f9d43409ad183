package pipeline

import (
	"sort"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/features/scores"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

// evaluateScores scores every bleeding score's points against the window's
// labels, on all labelled patients.
func evaluateScores(info *features.Augmentation, l datasets.Labels) []ScoreResult {
	var out []ScoreResult
	for _, name := range info.ScoreOrder {
		s, _ := scores.ByName(name)
		all := info.Scores[name]
		sr := ScoreResult{Score: name, Comparator: s.IsBleedingScore(), N: len(l.Rows)}
		p := make([]float64, len(l.Rows))
		cats := map[string]*CategoryCount{}
		var order []string
		for k, row := range l.Rows {
			r := all[row]
			p[k] = r.Points
			if r.Complete {
				sr.Complete++
			}
			cc, ok := cats[r.Category]
			if !ok {
				cc = &CategoryCount{Category: r.Category}
				cats[r.Category] = cc
				order = append(order, r.Category)
			}
			cc.N++
			if l.Y[k] == 1 {
				cc.Events++
			}
		}
		for _, cat := range categoryOrder(order) {
			sr.Categories = append(sr.Categories, *cats[cat])
		}
		// Points are a ranking, not probabilities: only rank measures apply.
		if v, err := metrics.AUROC(l.Y, p); err != nil {
			sr.Error = err.Error()
		} else {
			sr.Metrics = map[string]float64{"auroc": v}
		}
		out = append(out, sr)
	}
	return out
}

// categoryOrder sorts score categories from low to high risk; unknown
// category names go last, alphabetically.
func categoryOrder(cats []string) []string {
	rank := map[string]int{scores.CategoryLow: 0, scores.CategoryIntermediate: 1, scores.CategoryModerate: 2, scores.CategoryHigh: 3}
	out := append([]string(nil), cats...)
	key := func(c string) (int, string) {
		if r, ok := rank[c]; ok {
			return r, ""
		}
		return len(rank), c
	}
	sort.SliceStable(out, func(a, b int) bool {
		ra, na := key(out[a])
		rb, nb := key(out[b])
		return ra < rb || ra == rb && na < nb
	})
	return out
}

// describeDerivation turns the augmentation's bookkeeping into aggregates.
func describeDerivation(info *features.Augmentation) Derivation {
	d := Derivation{PostIndexCodes: info.PostIndexCodes, OldCodes: info.OldCodes}
	for _, w := range info.Warnings {
		d.Warnings = append(d.Warnings, w.String())
	}
	t := scores.Availability(scores.All(), info.Patients)
	for _, sa := range t.Scores {
		si := ScoreItems{Score: sa.Name, Complete: sa.NComplete}
		for _, it := range sa.Items {
			si.Items = append(si.Items, ItemCount{Item: it.Name, Available: it.Available, Derived: it.Derived, Missing: it.Missing, AssumedAbsent: it.AssumedAbsent})
		}
		d.ScoreItems = append(d.ScoreItems, si)
	}
	return d
}
