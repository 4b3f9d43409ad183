// Command bleedrisk develops and evaluates bleeding risk models for patients
// with cancer-associated venous thrombosis: load and validate a cohort,
// engineer features, train classifiers inside honest resampling, and write
// an evaluation report.
//
// Exit status: 0 success, 1 the run failed, 2 a usage or input error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK    = 0
	exitRun   = 1
	exitInput = 2
)

// inputError marks errors caused by the user's input or command line.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func inputErr(err error) error {
	if err == nil {
		return nil
	}
	return inputError{err}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetContext(ctx)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "bleedrisk: %v\n", err)
	var ie inputError
	switch {
	case errors.As(err, &ie):
		return exitInput
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "bleedrisk: interrupted; no run folder was written")
		return exitRun
	case isUsage(err):
		return exitInput
	}
	return exitRun
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "bleedrisk",
		Short: "Bleeding risk models for cancer-associated venous thrombosis",
		Long: `bleedrisk develops and evaluates models that predict major or clinically relevant
non-major bleeding in patients with cancer-associated venous thrombosis on
anticoagulation: load and validate a cohort, engineer features, train classifiers
inside honest resampling, and write an evaluation report.

With no data it runs on an embedded synthetic cohort shaped like the TROLL registry's
CAT cohort (1,080 patients, 488 attributes).`,
		Example:       "  bleedrisk train\n  bleedrisk validate --data cohort.csv --dict dictionary.yaml",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see `%s --help`)", err, c.CommandPath())}
	})
	root.AddCommand(newTrainCmd(), newValidateCmd(), newDictionaryCmd(), newSynthCmd(), newFeaturesCmd(), newVersionCmd())
	return root
}

type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func isUsage(err error) bool {
	var ue usageError
	if errors.As(err, &ue) {
		return true
	}
	// cobra's own argument errors ("unknown command", "accepts N arg(s)").
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "accepts", "requires", "invalid argument"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
