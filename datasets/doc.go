// Package datasets reads and describes a cohort: the data dictionary that says
// what each column of a registry export means, the loader that turns an export
// into a typed Cohort while collecting every problem with its position, the
// outcome labels per time window, and the summary a researcher reads before
// training.
//
// datasets is the lowest layer of bleedrisk: it imports no other bleedrisk
// package.
package datasets
