package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/datasets/synth"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/features/clinical"
	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/spf13/cobra"
)

func newPredictCmd() *cobra.Command {
	var (
		df    dataFlags
		model string
		out   string
	)
	c := &cobra.Command{
		Use:   "predict",
		Short: "Predict new patients' bleeding risk with a run's saved final models",
		Long: `predict applies the final models of a run (fitted on all labelled patients, with
their fitted preprocessing) to new patients and writes one row per patient:
patient_id, one column per model named WINDOW__SET__MODEL with the predicted risk
(a probability), and outside_training_range naming the key variables (age,
haemoglobin, platelets, creatinine) outside the range seen in training.

--model is a run folder (every model in its models/ folder) or one model file
(RUN_DIR/models/NAME.json). The new data are read with the run's dictionary
(RUN_DIR/dictionary.yaml) unless --dict is given, with the same checks as train;
the outcome columns may be absent. Values the models never saw in training
(categorical levels, ICD-10 categories without a feature) are counted and logged;
they add nothing to the risk. Training ranges come from the training data, which
must still be where the run's manifest says (or be the embedded cohort); otherwise
the range check is skipped with a warning.

The output holds patient ids: treat it as patient data. It is written atomically and
never overwrites a file.`,
		Example: `  bleedrisk predict --model runs/first --data new.csv --out risks.csv
  bleedrisk predict --model runs/first/models/bleed_1_365__all__ridge.json --data new.csv --out risk_1y.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			log := logger(cmd)
			switch {
			case model == "":
				return inputErr(fmt.Errorf("--model is required: a run folder or RUN_DIR/models/NAME.json"))
			case df.data == "":
				return inputErr(fmt.Errorf("--data is required: the new patients' CSV"))
			case out == "":
				return inputErr(fmt.Errorf("--out is required: the CSV file to write"))
			}
			if _, err := os.Stat(out); err == nil {
				return inputErr(fmt.Errorf("%s already exists; choose another --out", out))
			}
			runDir, files, err := modelFiles(model)
			if err != nil {
				return inputErr(err)
			}
			saved := make([]*pipeline.SavedModel, len(files))
			for i, f := range files {
				if saved[i], err = readSavedModel(f); err != nil {
					return inputErr(err)
				}
			}
			dictPath := df.dict
			if dictPath == "" {
				dictPath = filepath.Join(runDir, "dictionary.yaml")
			}
			newPatients, err := loadNewPatients(&df, dictPath)
			if err != nil {
				return err
			}
			logWarnings(log, newPatients.Warnings, 10)
			aug, info, err := features.Augment(newPatients, features.AugmentOptions{})
			if err != nil {
				return inputErr(err)
			}
			rows := make([]int, aug.Len())
			for i := range rows {
				rows[i] = i
			}
			header := []string{"patient_id"}
			risks := make([][]float64, len(saved))
			for k, s := range saved {
				header = append(header, savedName(s))
				if risks[k], err = s.Predict(aug, rows); err != nil {
					return inputErr(fmt.Errorf("%s: %w", files[k], err))
				}
			}
			header = append(header, "outside_training_range")
			reportUnseen(log, aug, saved)
			outside := checkTrainingRanges(log, runDir, info.Patients)

			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Write(header)
			rec := make([]string, len(header))
			for i, id := range aug.IDs {
				rec[0] = id
				for k := range saved {
					rec[1+k] = strconv.FormatFloat(risks[k][i], 'g', -1, 64)
				}
				rec[len(rec)-1] = strings.Join(outside[i], ";")
				w.Write(rec)
			}
			w.Flush()
			if err := w.Error(); err != nil {
				return err
			}
			if err := writeFileAtomic(out, b.Bytes()); err != nil {
				return err
			}
			log.Info("wrote predictions", "file", out, "patients", aug.Len(), "models", len(saved))
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %d patients x %d model(s) from %s (holds patient ids)\n", out, aug.Len(), len(saved), runDir)
			return nil
		},
	}
	df.register(c, false)
	c.Flags().StringVar(&model, "model", "", "a run folder, or one saved model RUN_DIR/models/NAME.json")
	c.Flags().StringVar(&out, "out", "", "CSV file to write (must not exist)")
	c.MarkFlagDirname("model")
	c.MarkFlagFilename("out", "csv")
	return c
}

// modelFiles returns the run folder and the model files --model names.
func modelFiles(model string) (runDir string, files []string, err error) {
	st, err := os.Stat(model)
	if err != nil {
		return "", nil, err
	}
	if !st.IsDir() {
		dir := filepath.Dir(model)
		if filepath.Base(dir) != "models" {
			return "", nil, fmt.Errorf("%s is not in a run folder's models/ folder; give the run folder or RUN_DIR/models/NAME.json", model)
		}
		return filepath.Dir(dir), []string{model}, nil
	}
	files, err = filepath.Glob(filepath.Join(model, "models", "*.json"))
	if err != nil {
		return "", nil, err
	}
	if len(files) == 0 {
		return "", nil, fmt.Errorf("%s has no saved models (models/*.json); is it a run folder written by `bleedrisk train`?", model)
	}
	sort.Strings(files)
	return model, files, nil
}

func readSavedModel(path string) (*pipeline.SavedModel, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := pipeline.ReadSavedModel(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// savedName is a saved model's column name, as its file name.
func savedName(s *pipeline.SavedModel) string {
	return s.Window.Name + "__" + s.FeatureSet + "__" + s.Model
}

// loadNewPatients reads the new patients' CSV with the run's dictionary;
// the outcome columns may be absent.
func loadNewPatients(df *dataFlags, dictPath string) (*datasets.Cohort, error) {
	db, err := os.ReadFile(dictPath)
	if err != nil {
		return nil, inputErr(fmt.Errorf("reading the dictionary: %w (give one with --dict)", err))
	}
	d, err := datasets.ReadDictionary(bytes.NewReader(db), dictPath)
	if err != nil {
		return nil, inputErr(err)
	}
	b, err := os.ReadFile(df.data)
	if err != nil {
		return nil, inputErr(err)
	}
	opt, err := df.options(df.data)
	if err != nil {
		return nil, inputErr(err)
	}
	c, err := datasets.LoadPredictors(bytes.NewReader(b), d, opt)
	if err != nil {
		return nil, inputErr(err)
	}
	return c, nil
}

// reportUnseen logs, per column, the values of the new patients that the
// models' preprocessing has no feature for: categorical levels not seen in
// training and ICD-10 categories kept by no model (unseen or too rare in
// training). Such values encode as zeros: they add nothing to the risk.
func reportUnseen(log *slog.Logger, c *datasets.Cohort, saved []*pipeline.SavedModel) {
	known := map[string]map[string]bool{} // column -> levels any model encodes
	types := map[string]datasets.Type{}
	for _, s := range saved {
		for _, ec := range s.Preprocessing.Encoder.Columns {
			if ec.Type != datasets.Categorical && ec.Type != datasets.Codes {
				continue
			}
			if known[ec.Column] == nil {
				known[ec.Column] = map[string]bool{}
			}
			types[ec.Column] = ec.Type
			for _, lv := range ec.Levels {
				known[ec.Column][lv] = true
			}
		}
	}
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		col := c.Column(name)
		if col == nil {
			continue
		}
		patients := 0
		unseen := map[string]int{}
		for i := 0; i < c.Len(); i++ {
			var vals []string
			switch types[name] {
			case datasets.Categorical:
				if v := col.Cat[i]; v != "" {
					vals = []string{v}
				}
			case datasets.Codes:
				seen := map[string]bool{}
				for _, code := range col.Codes[i] {
					cat := code
					if len(cat) > 3 {
						cat = cat[:3]
					}
					if !seen[cat] {
						seen[cat] = true
						vals = append(vals, cat)
					}
				}
			}
			any := false
			for _, v := range vals {
				if !known[name][v] {
					unseen[v]++
					any = true
				}
			}
			if any {
				patients++
			}
		}
		if patients == 0 {
			continue
		}
		what := "categorical values not seen in training"
		if types[name] == datasets.Codes {
			what = "ICD-10 categories with no model feature (unseen or rarer than min_code_count in training)"
		}
		log.Warn(what+"; they add nothing to the risk", "column", name, "patients", patients, "values", len(unseen), "examples", topCounts(unseen, 8))
	}
}

// topCounts lists the most frequent keys as "KEY (N)", at most max.
func topCounts(m map[string]int, max int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if m[keys[a]] != m[keys[b]] {
			return m[keys[a]] > m[keys[b]]
		}
		return keys[a] < keys[b]
	})
	var parts []string
	for i, k := range keys {
		if i == max {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// keyVariable is a clinical concept whose training range new patients are
// checked against, in canonical units.
type keyVariable struct {
	name, unit string
	get        func(*clinical.Patient) clinical.Num
}

var keyVariables = []keyVariable{
	{"age", "years", func(p *clinical.Patient) clinical.Num { return p.Age }},
	{"haemoglobin", "g/dL", func(p *clinical.Patient) clinical.Num { return p.Haemoglobin }},
	{"platelets", "10^9/L", func(p *clinical.Patient) clinical.Num { return p.Platelets }},
	{"creatinine", "umol/L", func(p *clinical.Patient) clinical.Num { return p.Creatinine }},
}

// checkTrainingRanges returns, per new patient, the key variables outside
// the range of the training cohort, and logs how many patients are outside
// each. The training cohort is the run's input (manifest.json): the
// embedded cohort, or the file at its recorded path when its SHA-256 still
// matches. When it cannot be had, nothing is checked and a warning says so.
func checkTrainingRanges(log *slog.Logger, runDir string, patients []*clinical.Patient) [][]string {
	outside := make([][]string, len(patients))
	train, why := trainingPatients(runDir)
	if train == nil {
		log.Warn("training ranges not checked: "+why, "run", runDir)
		return outside
	}
	for _, kv := range keyVariables {
		lo, hi, n := 0.0, 0.0, 0
		for _, p := range train {
			v := kv.get(p)
			if !v.Known() {
				continue
			}
			if n == 0 || v.Value < lo {
				lo = v.Value
			}
			if n == 0 || v.Value > hi {
				hi = v.Value
			}
			n++
		}
		if n == 0 {
			continue
		}
		count := 0
		for i, p := range patients {
			v := kv.get(p)
			if v.Known() && (v.Value < lo || v.Value > hi) {
				outside[i] = append(outside[i], kv.name)
				count++
			}
		}
		if count > 0 {
			log.Warn("patients outside the training range: their risks are extrapolated", "variable", kv.name,
				"patients", count, "training_range", fmt.Sprintf("[%g, %g] %s", lo, hi, kv.unit))
		}
	}
	return outside
}

// trainingPatients reloads the run's training cohort in clinical concepts,
// or returns nil and why not.
func trainingPatients(runDir string) ([]*clinical.Patient, string) {
	mb, err := os.ReadFile(filepath.Join(runDir, "manifest.json"))
	if err != nil {
		return nil, "the run folder has no manifest.json"
	}
	var m pipeline.Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, "manifest.json cannot be read: " + err.Error()
	}
	// The run's experiment.yaml records the data's absolute path; the
	// manifest the path as given.
	exp, _ := readExperimentFile(filepath.Join(runDir, "experiment.yaml"))
	var data []byte
	source := m.Input.Source
	switch {
	case strings.HasPrefix(source, "embedded synthetic cohort"):
		data = synth.Default().Cohort
	default:
		if exp != nil && exp.Data != "" {
			if b, err := os.ReadFile(exp.Data); err == nil {
				data, source = b, exp.Data
			}
		}
		if data == nil {
			if data, err = os.ReadFile(source); err != nil {
				return nil, fmt.Sprintf("the training data %s cannot be read here (%v)", source, errors.Unwrap(err))
			}
		}
	}
	if pipeline.SHA256(data) != m.Input.SHA256 {
		return nil, fmt.Sprintf("the training data %s has changed since the run (SHA-256 differs)", source)
	}
	db, err := os.ReadFile(filepath.Join(runDir, "dictionary.yaml"))
	if err != nil {
		return nil, "the run folder has no dictionary.yaml"
	}
	d, err := datasets.ReadDictionary(bytes.NewReader(db), "dictionary.yaml")
	if err != nil {
		return nil, "the run's dictionary.yaml cannot be read"
	}
	opt := datasets.Options{File: source}
	if exp != nil {
		df := dataFlags{delimiter: exp.Delimiter, decimal: exp.Decimal}
		if o, err := df.options(source); err == nil {
			opt = o
		}
	}
	c, err := datasets.LoadPredictors(bytes.NewReader(data), d, opt)
	if err != nil {
		return nil, "the training data no longer load: " + firstLine(err.Error())
	}
	_, info, err := features.Augment(c, features.AugmentOptions{})
	if err != nil {
		return nil, "the training data cannot be augmented: " + err.Error()
	}
	return info.Patients, ""
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, linked into place only when complete; it never replaces an
// existing file.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".partial-")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name)
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return err
	}
	if err := os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return inputErr(fmt.Errorf("%s already exists; choose another --out", path))
		}
		return err
	}
	return nil
}
