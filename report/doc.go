// Package report renders a run's results for a reader: the evaluation report
// a methodological reviewer reads. A report is a list of Sections, each
// rendering itself from the run's aggregate results; later sections (HTML,
// figures, TRIPOD+AI checklist) are added as new Sections, not rewrites.
//
// Reports hold aggregates only: no patient identifiers, dates or row-level
// values.
package report
