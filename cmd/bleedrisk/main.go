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
	go func() {
		// After the first Ctrl-C the run winds down cleanly; a second one
		// gets Go's default behaviour and ends the program at once.
		<-ctx.Done()
		stop()
	}()
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
	code := exitCode(err)
	if errors.Is(err, context.Canceled) {
		err = fmt.Errorf("interrupted: nothing was kept (no run folder or output file was written; finished work is discarded, temporary files removed)")
	}
	if f := root.PersistentFlags().Lookup("log-format"); f != nil && f.Value.String() == "json" {
		logError(stderr, err, code)
	} else {
		fmt.Fprintf(stderr, "bleedrisk: %v\n", err)
	}
	return code
}

// exitCode maps a command's error to the documented exit status.
func exitCode(err error) int {
	var ie inputError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ie):
		return exitInput
	case errors.Is(err, context.Canceled):
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
		Example: `  bleedrisk init --dir study && bleedrisk train --config study/experiment.yaml --out study/run1
  bleedrisk train
  bleedrisk validate --data cohort.csv --dict dictionary.yaml`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			_, err := logSettingsOf(cmd)
			return err
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see `%s --help`)", err, c.CommandPath())}
	})
	registerLogFlags(root)
	root.AddCommand(newInitCmd(), newTrainCmd(), newPredictCmd(), newCompareCmd(), newValidateCmd(), newDictionaryCmd(), newSynthCmd(), newFeaturesCmd(), newVersionCmd(), newReportCmd(), newVerifyCmd())
	addCompletionCmd(root)
	root.SetHelpTemplate(root.HelpTemplate() + exitStatusHelp)
	return root
}

// exitStatusHelp ends every command's help.
const exitStatusHelp = `
Exit status: 0 success, 1 the run failed (or was interrupted), 2 a usage or input error.
`

// addCompletionCmd adds cobra's shell completion command with an example
// (cobra adds it only on first Execute otherwise, without one).
func addCompletionCmd(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = `  bleedrisk completion bash > bleedrisk.bash   # then: source bleedrisk.bash (or copy it to /etc/bash_completion.d/)
  bleedrisk completion zsh > _bleedrisk        # then: copy _bleedrisk into a folder on $fpath`
			for _, sub := range c.Commands() {
				sub.Example = fmt.Sprintf("  bleedrisk completion %s > bleedrisk.%s", sub.Name(), sub.Name())
				// cobra's own RunE writes to the standard output it saw when
				// the command was made; write to the command's instead.
				sub.RunE = completionScript
			}
		}
	}
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

// completionScript writes the completion script of the shell the command is
// named after to the command's standard output.
func completionScript(cmd *cobra.Command, args []string) error {
	out, root := cmd.OutOrStdout(), cmd.Root()
	desc := true
	if f := cmd.Flags().Lookup("no-descriptions"); f != nil && f.Value.String() == "true" {
		desc = false
	}
	switch cmd.Name() {
	case "bash":
		return root.GenBashCompletionV2(out, desc)
	case "zsh":
		if !desc {
			return root.GenZshCompletionNoDesc(out)
		}
		return root.GenZshCompletion(out)
	case "fish":
		return root.GenFishCompletion(out, desc)
	case "powershell":
		if !desc {
			return root.GenPowerShellCompletion(out)
		}
		return root.GenPowerShellCompletionWithDesc(out)
	}
	return fmt.Errorf("no completion for shell %q", cmd.Name())
}
