package scores

import "github.com/ostfold-vte/bleedrisk/features/clinical"

// Table summarises how the items of each score were filled in a cohort, for
// the report.
type Table struct {
	Patients int
	Scores   []ScoreAvailability // in the order of the scores given
}

// ScoreAvailability is one score's part of a Table.
type ScoreAvailability struct {
	Name string
	// Items counts patients per item status, in the score's item order.
	Items []ItemCount
	// Complete[i] is patient i's Result.Complete; NComplete counts the
	// true ones.
	Complete  []bool
	NComplete int
}

// ItemCount counts the patients whose item had each status. The four counts
// add up to the number of patients.
type ItemCount struct {
	Name                                       string
	Available, Derived, Missing, AssumedAbsent int
}

// Availability computes every score for every patient and counts, per score
// and item, how many patients had the item available, derived, missing or
// assumed absent, and which patients had a complete score. It panics if a
// patient is nil.
func Availability(scores []Score, patients []*clinical.Patient) Table {
	t := Table{Patients: len(patients), Scores: make([]ScoreAvailability, len(scores))}
	for k, s := range scores {
		sa := ScoreAvailability{Name: s.Name(), Complete: make([]bool, len(patients))}
		for i, p := range patients {
			r := s.Compute(p)
			if sa.Items == nil {
				sa.Items = make([]ItemCount, len(r.Items))
				for j, it := range r.Items {
					sa.Items[j].Name = it.Name
				}
			}
			if len(r.Items) != len(sa.Items) {
				panic("scores: " + s.Name() + " returned a varying number of items")
			}
			for j, it := range r.Items {
				c := &sa.Items[j]
				switch it.Status {
				case Available:
					c.Available++
				case Derived:
					c.Derived++
				case AssumedAbsent:
					c.AssumedAbsent++
				default:
					c.Missing++
				}
			}
			sa.Complete[i] = r.Complete
			if r.Complete {
				sa.NComplete++
			}
		}
		t.Scores[k] = sa
	}
	return t
}
