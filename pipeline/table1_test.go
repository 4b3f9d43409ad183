package pipeline

import (
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// TestTable1 checks the summaries by hand: ages 50, 60, 70, 80 (events: 70,
// 80): overall median 65, quartiles (R type 7) 57.5 and 72.5; events median
// 75. NSAID 1, 0, 1, missing: 2 of 3 (66.7%), events 1 of 1.
func TestTable1(t *testing.T) {
	nan := math.NaN()
	c := &datasets.Cohort{IDs: []string{"a", "b", "c", "d"}, Columns: []*datasets.Column{
		{Spec: datasets.ColumnSpec{Name: "age", Group: datasets.GroupBaseline, Type: datasets.Numeric},
			Num: []float64{50, 60, 70, 80}, Censor: make([]datasets.Censor, 4)},
		{Spec: datasets.ColumnSpec{Name: "nsaid", Group: datasets.GroupBaseline, Type: datasets.Binary},
			Num: []float64{1, 0, 1, nan}},
	}}
	l := datasets.Labels{Rows: []int{0, 1, 2, 3}, Y: []float64{0, 0, 1, 1}}
	rows := table1(c, l)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2: %+v", len(rows), rows)
	}
	age := rows[0]
	if age.Overall.Median != 65 || age.Overall.Q1 != 57.5 || age.Overall.Q3 != 72.5 || age.Events.Median != 75 || age.NonEvents.Median != 55 {
		t.Errorf("age: %+v", age)
	}
	ns := rows[1]
	if ns.Level != "1" || ns.Overall.Count != 2 || ns.Overall.N != 3 || math.Abs(ns.Overall.Percent-200.0/3) > 1e-12 || ns.Events.Count != 1 || ns.Events.N != 1 || ns.Missing != 1 {
		t.Errorf("nsaid: %+v", ns)
	}
}
