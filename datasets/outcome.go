package datasets

import "math"

// Reasons a patient is left out of a window's analysis.
const (
	// ExcludedCensored: alive, no event, and followed for less than the window's end.
	ExcludedCensored = "censored alive before the window ends"
	// ExcludedLandmark: the event or death happened before the window starts.
	ExcludedLandmark = "event or death before the window starts"
	// ExcludedMissing: a binary outcome value is blank.
	ExcludedMissing = "outcome missing"
)

// Labels are the binary outcome labels of one window.
type Labels struct {
	Window Window
	// Rows are the cohort rows included in the window, ascending.
	Rows []int
	// Y holds the 0/1 label of each included row (same order as Rows).
	Y []float64
	// Events is the number of included rows with Y = 1.
	Events int
	// CompetingDeaths counts included non-events who died inside the window
	// without bleeding: labelled 0, death being the competing event.
	CompetingDeaths int
	// Excluded counts excluded rows by reason (the Excluded* constants).
	Excluded map[string]int
}

// Label derives the labels of window w. For time-to-event outcomes (days
// after the index VTE; DOMAIN.md 2.5, van Geloven et al. BMJ 2022):
//   - an event on a day in [From, To] is 1;
//   - an event or death before day From excludes the patient (landmark: the
//     patient is no longer at risk when the window opens; for windows from
//     day 1 this removes only index-day events);
//   - no event in the window and death in it, or follow-up reaching To, is 0
//     (death is a competing event: the cumulative-incidence estimand);
//   - alive, no event, and follow-up ending before To is excluded (censored:
//     the label is unknown).
//
// For a binary outcome, w.Name is the outcome column and blanks are excluded.
func (c *Cohort) Label(w Window) Labels {
	l := Labels{Window: w, Excluded: map[string]int{}}
	add := func(i int, y float64) {
		l.Rows = append(l.Rows, i)
		l.Y = append(l.Y, y)
		if y == 1 {
			l.Events++
		}
	}
	if vals, ok := c.Outcome.Binary[w.Name]; ok {
		for i, v := range vals {
			if math.IsNaN(v) {
				l.Excluded[ExcludedMissing]++
				continue
			}
			add(i, v)
		}
		return l
	}
	o := c.Outcome
	from, to := float64(w.From), float64(w.To)
	for i := range c.IDs {
		ev, death, fu := o.EventTime[i], math.NaN(), o.FollowupTime[i]
		if o.DeathTime != nil {
			death = o.DeathTime[i]
		}
		hasEv, dead := !math.IsNaN(ev), !math.IsNaN(death)
		switch {
		case (hasEv && ev < from) || (dead && death < from):
			l.Excluded[ExcludedLandmark]++
		case hasEv && ev <= to:
			add(i, 1)
		case dead && death <= to:
			add(i, 0)
			l.CompetingDeaths++
		case fu >= to:
			add(i, 0)
		default:
			l.Excluded[ExcludedCensored]++
		}
	}
	return l
}
