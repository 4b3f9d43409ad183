package datasets

import (
	"math"
	"reflect"
	"testing"
)

// labelCohort is a hand-built cohort with one patient per rule of Label. Days
// are after the index VTE; NaN = blank.
//
//	     event  death  follow-up
//	A      30     -      400    bleeds early
//	B     200     -      500    bleeds after day 90
//	C       -    60       60    dies early without bleeding
//	D       -     -       50    censored alive on day 50
//	E       -   300      300    dies on day 300 without bleeding
//	F     400     -      455    bleeds after day 365
//	G       0     -      100    bleeds on the index day
//	H      90     -      455    bleeds on day 90 (both window ends count)
//	I       -     -      455    followed alive to day 455
//	J     460     -      500    bleeds after day 455
//	K       -    90       90    dies on day 90 without bleeding
func labelCohort() *Cohort {
	n := math.NaN()
	return &Cohort{
		IDs: []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"},
		Outcome: Outcome{
			EventTime:    []float64{30, 200, n, n, n, 400, 0, 90, n, 460, n},
			DeathTime:    []float64{n, n, 60, n, 300, n, n, n, n, n, 90},
			FollowupTime: []float64{400, 500, 60, 50, 300, 455, 100, 455, 455, 500, 90},
		},
	}
}

func TestLabelTimeToEvent(t *testing.T) {
	const (
		A = iota
		B
		C
		D
		E
		F
		G
		H
		I
		J
		K
	)
	cases := []struct {
		w         Window
		rows      []int
		y         []float64
		events    int
		competing int
		excluded  map[string]int
	}{
		// 1-90: A and H bleed in the window (H on day 90: To is included);
		// C and K die in it (0, competing); B, E, F, I, J are followed past
		// day 90 without an event in it (0); D is censored on day 50; G bled
		// on day 0, before the window opens (landmark).
		{w: Window{"w1_90", 1, 90},
			rows: []int{A, B, C, E, F, H, I, J, K}, y: []float64{1, 0, 0, 0, 0, 1, 0, 0, 0},
			events: 2, competing: 2,
			excluded: map[string]int{ExcludedCensored: 1, ExcludedLandmark: 1}},
		// 1-365: A, B, H bleed; C, E, K die without bleeding (competing); F
		// bleeds on day 400 and J on day 460, both followed past 365 (0); I
		// 0; D censored; G landmark.
		{w: Window{"w1_365", 1, 365},
			rows: []int{A, B, C, E, F, H, I, J, K}, y: []float64{1, 1, 0, 0, 0, 1, 0, 0, 0},
			events: 3, competing: 3,
			excluded: map[string]int{ExcludedCensored: 1, ExcludedLandmark: 1}},
		// 90-455 (landmark at day 90): A (bled day 30), C (died day 60) and G
		// (bled day 0) are no longer at risk: excluded. B, F, H bleed in the
		// window (H on day 90: From is included); E dies on day 300 and K on
		// day 90 (competing, 0); I followed to 455 and J bleeds after 455 (0);
		// D, alive and censored on day 50, is censored (not a landmark case).
		{w: Window{"w90_455", 90, 455},
			rows: []int{B, E, F, H, I, J, K}, y: []float64{1, 0, 1, 1, 0, 0, 0},
			events: 3, competing: 2,
			excluded: map[string]int{ExcludedCensored: 1, ExcludedLandmark: 3}},
	}
	c := labelCohort()
	for _, tc := range cases {
		t.Run(tc.w.Name, func(t *testing.T) {
			l := c.Label(tc.w)
			if !reflect.DeepEqual(l.Rows, tc.rows) || !reflect.DeepEqual(l.Y, tc.y) {
				t.Errorf("rows %v y %v, want rows %v y %v", l.Rows, l.Y, tc.rows, tc.y)
			}
			if l.Events != tc.events || l.CompetingDeaths != tc.competing {
				t.Errorf("events %d competing %d, want %d %d", l.Events, l.CompetingDeaths, tc.events, tc.competing)
			}
			if !reflect.DeepEqual(l.Excluded, tc.excluded) {
				t.Errorf("excluded %v, want %v", l.Excluded, tc.excluded)
			}
			if l.Window != tc.w {
				t.Errorf("window %v", l.Window)
			}
			if got := len(l.Rows) + l.Excluded[ExcludedCensored] + l.Excluded[ExcludedLandmark]; got != c.Len() {
				t.Errorf("labelled + excluded = %d, want every patient (%d)", got, c.Len())
			}
		})
	}
}

// TestLabelNoDeathColumn: without a death column nobody is a competing death.
func TestLabelNoDeathColumn(t *testing.T) {
	c := labelCohort()
	c.Outcome.DeathTime = nil
	l := c.Label(Window{"w", 1, 365})
	if l.CompetingDeaths != 0 {
		t.Errorf("competing deaths %d without a death column", l.CompetingDeaths)
	}
	// C (follow-up 60), D (50), E (300), K (90) are now censored alive.
	if l.Excluded[ExcludedCensored] != 4 {
		t.Errorf("censored %d, want 4", l.Excluded[ExcludedCensored])
	}
}

func TestLabelBinary(t *testing.T) {
	n := math.NaN()
	c := &Cohort{IDs: []string{"a", "b", "c", "d", "e"},
		Outcome: Outcome{Binary: map[string][]float64{"bleed_12m": {1, 0, n, 1, n}}}}
	// Rows a, b, d are labelled 1, 0, 1; c and e are blank and excluded.
	l := c.Label(Window{Name: "bleed_12m"})
	if !reflect.DeepEqual(l.Rows, []int{0, 1, 3}) || !reflect.DeepEqual(l.Y, []float64{1, 0, 1}) {
		t.Errorf("rows %v y %v", l.Rows, l.Y)
	}
	if l.Events != 2 || l.CompetingDeaths != 0 || !reflect.DeepEqual(l.Excluded, map[string]int{ExcludedMissing: 2}) {
		t.Errorf("events %d competing %d excluded %v", l.Events, l.CompetingDeaths, l.Excluded)
	}
}
