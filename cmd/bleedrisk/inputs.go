package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/datasets/synth"
	"github.com/ostfold-vte/bleedrisk/models/registry"
	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/spf13/cobra"
)

// dataFlags are the flags that choose a cohort.
type dataFlags struct {
	data, dict string
	id         string
	outcome    []string
	delimiter  string
	decimal    string
}

func (f *dataFlags) register(c *cobra.Command, withDraft bool) {
	c.Flags().StringVar(&f.data, "data", "", "cohort CSV file (default: the embedded synthetic cohort)")
	c.Flags().StringVar(&f.dict, "dict", "", "data dictionary YAML describing the cohort's columns")
	if withDraft {
		c.Flags().StringVar(&f.id, "id", "", "patient id column of a plain CSV without a dictionary")
		c.Flags().StringSliceVar(&f.outcome, "outcome", nil, "ready binary (0/1) outcome column(s) of a plain CSV without a dictionary")
	}
	c.Flags().StringVar(&f.delimiter, "delimiter", "", "field delimiter: , ; or tab (default: detected)")
	c.Flags().StringVar(&f.decimal, "decimal", "", "decimal mark: . or , (default: detected)")
	c.MarkFlagFilename("data", "csv", "tsv", "txt")
	c.MarkFlagFilename("dict", "yaml", "yml")
	c.RegisterFlagCompletionFunc("delimiter", completeList([]string{",", ";", "tab"}))
	c.RegisterFlagCompletionFunc("decimal", completeList([]string{".", ","}))
}

// input is a loaded cohort with what identifies it.
type input struct {
	cohort    *datasets.Cohort
	dict      *datasets.Dictionary
	dataBytes []byte
	dictBytes []byte
	drafted   bool // the dictionary was drafted from the data, not given
	// extraFiles are further run-folder files (experiment.yaml).
	extraFiles []pipeline.File
}

func (f *dataFlags) options(file string) (datasets.Options, error) {
	opt := datasets.Options{File: file}
	switch f.delimiter {
	case "":
	case ",", ";":
		opt.Delimiter = rune(f.delimiter[0])
	case "tab", "\\t", "\t":
		opt.Delimiter = '\t'
	default:
		return opt, fmt.Errorf("--delimiter must be , ; or tab, not %q", f.delimiter)
	}
	switch f.decimal {
	case "":
	case ".", ",":
		opt.Decimal = rune(f.decimal[0])
	default:
		return opt, fmt.Errorf("--decimal must be . or , not %q", f.decimal)
	}
	return opt, nil
}

// loadLogged reads the cohort the flags name, logging to log. Problems in
// the input come back as input errors listing every problem.
func (f *dataFlags) loadLogged(log *slog.Logger) (*input, error) {
	in := &input{}
	source := "embedded synthetic cohort"
	if f.data == "" {
		if f.dict != "" || len(f.outcome) > 0 || f.id != "" {
			return nil, inputErr(fmt.Errorf("--dict, --id and --outcome need --data"))
		}
		def := synth.Default()
		in.dataBytes, in.dictBytes = def.Cohort, def.Dictionary
		source = fmt.Sprintf("embedded synthetic cohort (n %d, seed %d)", synth.DefaultN, synth.DefaultSeed)
	} else {
		b, err := readBounded(f.data, maxInputBytes)
		if err != nil {
			return nil, inputErr(err)
		}
		in.dataBytes, source = b, f.data
	}
	opt, err := f.options(source)
	if err != nil {
		return nil, inputErr(err)
	}
	switch {
	case f.data == "":
	case f.dict != "":
		b, err := readBounded(f.dict, datasets.MaxDictionaryBytes)
		if err != nil {
			return nil, inputErr(err)
		}
		in.dictBytes = b
	case len(f.outcome) > 0:
		if f.id == "" {
			return nil, inputErr(fmt.Errorf("--outcome needs --id (the patient id column)"))
		}
		t, ps := datasets.ReadTable(bytes.NewReader(in.dataBytes), datasets.TableOptions{File: source, Delimiter: opt.Delimiter})
		if ps.HasErrors() {
			return nil, inputErr(ps)
		}
		d, err := datasets.Draft(t, datasets.DraftOptions{ID: f.id, Outcome: f.outcome})
		if err != nil {
			return nil, inputErr(err)
		}
		var buf bytes.Buffer
		if err := datasets.WriteDraft(&buf, d); err != nil {
			return nil, err
		}
		in.dictBytes, in.drafted = buf.Bytes(), true
		log.Warn("no --dict given: drafted a dictionary from the data (written into the run folder as dictionary.yaml; review it)", "source", source)
	default:
		return nil, inputErr(fmt.Errorf("--data needs --dict (a data dictionary; draft one with `bleedrisk dictionary --data %s`), or --id and --outcome for a plain CSV with a ready binary outcome", f.data))
	}
	dictName := f.dict
	if dictName == "" {
		dictName = "dictionary.yaml"
	}
	d, err := datasets.ReadDictionary(bytes.NewReader(in.dictBytes), dictName)
	if err != nil {
		return nil, inputErr(err)
	}
	in.dict = d
	c, err := datasets.Load(bytes.NewReader(in.dataBytes), d, opt)
	if err != nil {
		return nil, inputErr(err)
	}
	in.cohort = c
	log.Info("loaded cohort", "source", c.Source, "patients", c.Len(), "warnings", len(c.Warnings))
	return in, nil
}

// logWarnings logs the warnings of a load as counts per column and message,
// never with the offending values or line numbers: logs may leave the
// research server, and a cell value is row-level patient data. The full
// list, with positions, is what `bleedrisk validate` prints on screen.
func logWarnings(log *slog.Logger, ps datasets.Problems, max int) {
	type key struct{ field, msg string }
	counts := map[key]int{}
	var order []key
	for _, p := range ps {
		k := key{p.Field, p.Msg}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	for i, k := range order {
		if i == max {
			log.Warn(fmt.Sprintf("... and %d more kinds of warning (run `bleedrisk validate` to see all, with positions)", len(order)-max))
			break
		}
		log.Warn("data warning", "column", k.field, "problem", k.msg, "rows", counts[k])
	}
}

// completeList completes a flag from a fixed list of values.
func completeList(values []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// modelNames lists the model names with their recalibrated variants.
func modelNames() []string {
	var out []string
	for _, m := range registry.Names() {
		out = append(out, m, m+"+platt", m+"+isotonic")
	}
	return out
}

// maxInputBytes bounds the cohort file train reads into memory (it is hashed
// for the manifest and then parsed): 1 GiB is far beyond a registry export
// (the 1,080 x 488 cohort is under 2 MB) and keeps memory bounded on a
// hostile or mistaken file.
const maxInputBytes = 1 << 30

// readBounded reads a file, refusing one larger than max bytes before
// reading it.
func readBounded(path string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes; bleedrisk reads files up to %d bytes: check that this is the cohort export", path, st.Size(), max)
	}
	return os.ReadFile(path)
}
