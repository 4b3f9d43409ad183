package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models/registry"
)

// ExperimentVersion is the version of the experiment-file format this build
// reads and writes (README, "Experiment files"). A change that breaks old
// files bumps it.
const ExperimentVersion = 1

// DefaultSmallCell is the default small-cell threshold of the report
// options: patient counts from 1 to DefaultSmallCell-1 are not shown. It
// equals report.SmallCell.
const DefaultSmallCell = 5

// Experiment is an experiment file: one YAML document that declares a whole
// study, from the data to the report. Paths are relative to the file's
// folder. Zero fields take their defaults (Config.Resolve); ResolvedExperiment
// writes every default out.
type Experiment struct {
	// Version is the format version; this build reads ExperimentVersion.
	Version int `yaml:"version"`
	// Data is the cohort CSV; empty means the embedded synthetic cohort.
	Data string `yaml:"data"`
	// Dictionary is the data dictionary YAML of Data.
	Dictionary string `yaml:"dictionary"`
	// Delimiter (",", ";" or "tab") and Decimal ("." or ",") force how Data
	// is read; empty means detected.
	Delimiter string `yaml:"delimiter"`
	Decimal   string `yaml:"decimal"`
	// Windows replace the dictionary's outcome windows (time-to-event
	// outcomes only); empty keeps the dictionary's.
	Windows []datasets.Window `yaml:"windows"`
	// FeatureSets, Models, Folds, ... are Config's fields.
	FeatureSets []string `yaml:"feature_sets"`
	Models      []string `yaml:"models"`
	// ModelParams holds, per model, hyperparameters by name.
	ModelParams map[string]map[string]any `yaml:"model_params"`
	// Tuning holds, per model, the values to try per hyperparameter; a
	// model listed with no hyperparameters ({}) is not tuned; a model not
	// listed gets its default space (registry.DefaultGrid).
	Tuning      map[string]map[string][]any `yaml:"tuning"`
	TuneFolds   int                         `yaml:"tune_folds"`
	Folds       int                         `yaml:"folds"`
	Repeats     int                         `yaml:"repeats"`
	Bootstrap   int                         `yaml:"bootstrap"`
	TemporalCut int                         `yaml:"temporal_cut"`
	// ImportanceRepeats, Imputation, Splines, Filters and LookbackDays are
	// Config's fields of the same names.
	ImportanceRepeats int       `yaml:"importance_repeats"`
	Imputation        string    `yaml:"imputation"`
	Splines           bool      `yaml:"splines"`
	Filters           []string  `yaml:"filters"`
	LookbackDays      float64   `yaml:"lookback_days"`
	Seed              uint64    `yaml:"seed"`
	Thresholds        []float64 `yaml:"thresholds"`
	MinCodeCount      int       `yaml:"min_code_count"`
	// Report holds the report options.
	Report ReportOptions `yaml:"report"`
	// Out is the run folder to create; empty means runs/<UTC time>-<id>.
	Out string `yaml:"out"`
	// Workers is the number of parallel workers (0: all cores); it never
	// changes the results.
	Workers int `yaml:"workers"`
}

// ReportOptions are an experiment's report options.
type ReportOptions struct {
	// SmallCell: patient counts from 1 to SmallCell-1 are not shown; 0
	// means DefaultSmallCell.
	SmallCell int `yaml:"small_cell"`
}

// experimentKeys are the known keys of an experiment file and of its
// nested mappings, for the unknown-key check ("did you mean").
var experimentKeys = map[string][]string{
	"": {"version", "data", "dictionary", "delimiter", "decimal", "windows", "feature_sets", "models", "model_params",
		"tuning", "tune_folds", "folds", "repeats", "bootstrap", "temporal_cut", "importance_repeats", "imputation",
		"splines", "filters", "lookback_days", "seed", "thresholds", "min_code_count", "report", "out", "workers"},
	"report":  {"small_cell"},
	"windows": {"name", "from", "to"},
}

// ReadExperiment parses and checks an experiment file; file names it in
// messages. Every problem found (unknown keys with a suggestion, wrong
// types, unknown models, feature sets and hyperparameters, bad windows) is
// returned together as datasets.Problems with its YAML line.
func ReadExperiment(r io.Reader, file string) (*Experiment, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErrorProblems(file, err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, datasets.Problems{{Severity: datasets.Error, File: file, Msg: "the experiment file is empty",
			Hint: "run `bleedrisk init` for a commented example"}}
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, datasets.Problems{{Severity: datasets.Error, File: file, Line: top.Line, Msg: "an experiment file is a mapping of keys to values",
			Hint: "run `bleedrisk init` for a commented example"}}
	}
	ck := &experimentChecker{file: file}
	ck.keys(top, "")
	if len(ck.ps) > 0 {
		return nil, ck.ps // type errors would only repeat the unknown keys
	}
	var e Experiment
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&e); err != nil {
		return nil, yamlErrorProblems(file, err)
	}
	ck.values(top, &e)
	if len(ck.ps) > 0 {
		return nil, ck.ps
	}
	return &e, nil
}

type experimentChecker struct {
	file string
	ps   datasets.Problems
}

func (ck *experimentChecker) add(line int, msg, hint string) {
	ck.ps = append(ck.ps, datasets.Problem{Severity: datasets.Error, File: ck.file, Line: line, Msg: msg, Hint: hint})
}

// keys reports unknown keys of a mapping and of its nested known mappings.
func (ck *experimentChecker) keys(m *yaml.Node, path string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		known := experimentKeys[path]
		if !containsString(known, k.Value) {
			where := "experiment file"
			if path != "" {
				where = "`" + path + "`"
			}
			ck.add(k.Line, fmt.Sprintf("unknown key %q in the %s%s", k.Value, where, didYouMean(k.Value, known)),
				"the keys are: "+strings.Join(known, ", ")+" (see \"Experiment files\" in the README)")
			continue
		}
		switch {
		case path == "" && k.Value == "report" && v.Kind == yaml.MappingNode:
			ck.keys(v, "report")
		case path == "" && k.Value == "windows" && v.Kind == yaml.SequenceNode:
			for _, w := range v.Content {
				if w.Kind == yaml.MappingNode {
					ck.keys(w, "windows")
				}
			}
		}
	}
}

// values checks the decoded values that name things: version, models,
// feature sets, hyperparameters and windows.
func (ck *experimentChecker) values(top *yaml.Node, e *Experiment) {
	line := func(key string) int {
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == key {
				return top.Content[i].Line
			}
		}
		return 0
	}
	value := func(key string) *yaml.Node {
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == key {
				return top.Content[i+1]
			}
		}
		return nil
	}
	itemLine := func(key string, i int) int {
		if v := value(key); v != nil && v.Kind == yaml.SequenceNode && i < len(v.Content) {
			return v.Content[i].Line
		}
		return line(key)
	}
	mapKeyLine := func(n *yaml.Node, key string) int {
		if n != nil && n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key {
					return n.Content[i].Line
				}
			}
		}
		return 0
	}
	mapValue := func(n *yaml.Node, key string) *yaml.Node {
		if n != nil && n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key {
					return n.Content[i+1]
				}
			}
		}
		return nil
	}

	if e.Version != ExperimentVersion {
		ck.add(line("version"), fmt.Sprintf("experiment format version %d is not supported; this build reads version %d", e.Version, ExperimentVersion),
			fmt.Sprintf("set `version: %d` and check the format in the README", ExperimentVersion))
	}
	models := registry.Names()
	for i, m := range e.Models {
		if _, err := registry.Lookup(m); err != nil {
			ck.add(itemLine("models", i), fmt.Sprintf("unknown model %q%s", m, didYouMean(m, models)),
				"the models are: "+strings.Join(models, ", ")+" (add +platt or +isotonic to recalibrate)")
		}
	}
	sets := features.FeatureSetNames()
	for i, s := range e.FeatureSets {
		if !containsString(sets, s) {
			ck.add(itemLine("feature_sets", i), fmt.Sprintf("unknown feature set %q%s", s, didYouMean(s, sets)),
				"the feature sets are: "+strings.Join(sets, ", "))
		}
	}
	listed := e.Models
	if len(listed) == 0 {
		listed = []string{"ridge"} // Config.Resolve's default
	}
	checkModel := func(section, m string) bool {
		if !containsString(listed, m) {
			ck.add(mapKeyLine(value(section), m), fmt.Sprintf("`%s` names model %q, which is not among the models %v%s", section, m, listed, didYouMean(m, listed)),
				"add the model to `models:` or remove its entry")
			return false
		}
		return true
	}
	checkNames := func(section, m string, names []string) {
		entry, err := registry.Lookup(m)
		if err != nil {
			return // reported above
		}
		known := specFields(entry)
		for _, n := range names {
			if !containsString(known, n) {
				ck.add(mapKeyLine(mapValue(value(section), m), n), fmt.Sprintf("model %s has no hyperparameter %q%s", m, n, didYouMean(n, known)),
					fmt.Sprintf("the hyperparameters of %s are: %s", m, strings.Join(known, ", ")))
			}
		}
	}
	for _, m := range sortedMapKeys(e.ModelParams) {
		if checkModel("model_params", m) {
			checkNames("model_params", m, sortedMapKeys(e.ModelParams[m]))
		}
	}
	for _, m := range sortedMapKeys(e.Tuning) {
		if !checkModel("tuning", m) {
			continue
		}
		checkNames("tuning", m, sortedMapKeys(e.Tuning[m]))
		for _, n := range sortedMapKeys(e.Tuning[m]) {
			if len(e.Tuning[m][n]) == 0 {
				ck.add(mapKeyLine(mapValue(value("tuning"), m), n), fmt.Sprintf("the tuning space of %s.%s has no values", m, n),
					fmt.Sprintf("list the values to try, e.g. `%s: [0.1, 1, 10]`, or write `%s: {}` to turn tuning off", n, m))
			}
		}
	}
	names := map[string]bool{}
	for i, w := range e.Windows {
		l := itemLine("windows", i)
		switch {
		case w.Name == "":
			ck.add(l, "a window has no name", "give every window a `name:`")
		case names[w.Name]:
			ck.add(l, fmt.Sprintf("window %q is declared twice", w.Name), "give each window its own name")
		}
		names[w.Name] = true
		if w.From < 0 || w.To <= w.From {
			ck.add(l, fmt.Sprintf("window %q runs from day %d to day %d", w.Name, w.From, w.To), "use 0 <= from < to (days after the index VTE, both ends included)")
		}
	}
	imputations := []string{"median", "knn", "iterative"}
	if e.Imputation != "" && !containsString(imputations, e.Imputation) {
		ck.add(line("imputation"), fmt.Sprintf("imputation %q is not one of %s%s", e.Imputation, strings.Join(imputations, ", "), didYouMean(e.Imputation, imputations)),
			"leave it out for median imputation")
	}
	filters := []string{"nzv", "correlation"}
	for i, f := range e.Filters {
		if !containsString(filters, f) {
			ck.add(itemLine("filters", i), fmt.Sprintf("filter %q is not one of %s%s", f, strings.Join(filters, ", "), didYouMean(f, filters)),
				"filters are unsupervised and fitted in-fold: nzv (near-zero variance), correlation (|r| > 0.95)")
		}
	}
	switch e.Delimiter {
	case "", ",", ";", "tab":
	default:
		ck.add(line("delimiter"), fmt.Sprintf("delimiter %q is not one of , ; tab", e.Delimiter), "write `delimiter: \";\"`, or leave it out to detect it")
	}
	switch e.Decimal {
	case "", ".", ",":
	default:
		ck.add(line("decimal"), fmt.Sprintf("decimal %q is not . or ,", e.Decimal), "write `decimal: \",\"`, or leave it out to detect it")
	}
	if e.Report.SmallCell < 0 {
		ck.add(line("report"), fmt.Sprintf("small_cell %d is negative", e.Report.SmallCell), "use a patient count such as 5")
	}
	if e.Workers < 0 {
		ck.add(line("workers"), fmt.Sprintf("workers %d is negative", e.Workers), "use 0 for all cores")
	}
}

// specFields returns the hyperparameter names of a model: the JSON keys of
// its default specification.
func specFields(e registry.Entry) []string {
	b, err := json.Marshal(e.Default())
	if err != nil {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return sortedMapKeys(m)
}

// Config returns the experiment's study settings as a Config, not yet
// resolved: model_params and tuning become JSON; the data, windows, report
// and out are the caller's to apply.
func (e *Experiment) Config() (Config, error) {
	c := Config{
		Seed: e.Seed, Folds: e.Folds, Repeats: e.Repeats, Models: e.Models, FeatureSets: e.FeatureSets,
		TuneFolds: e.TuneFolds, Bootstrap: e.Bootstrap, TemporalCut: e.TemporalCut,
		ImportanceRepeats: e.ImportanceRepeats, Imputation: e.Imputation, Splines: e.Splines, Filters: e.Filters,
		LookbackDays: e.LookbackDays, Thresholds: e.Thresholds, MinCodeCount: e.MinCodeCount, Workers: e.Workers,
	}
	if len(e.ModelParams) > 0 {
		c.Params = map[string]json.RawMessage{}
		for m, ps := range e.ModelParams {
			b, err := json.Marshal(jsonable(ps))
			if err != nil {
				return c, fmt.Errorf("model_params of %s: %w", m, err)
			}
			c.Params[m] = b
		}
	}
	if e.Tuning != nil {
		c.Tuning = map[string]registry.Grid{}
		for m, g := range e.Tuning {
			grid := registry.Grid{}
			for name, vs := range g {
				for _, v := range vs {
					b, err := json.Marshal(jsonable(v))
					if err != nil {
						return c, fmt.Errorf("tuning of %s.%s: %w", m, name, err)
					}
					grid[name] = append(grid[name], b)
				}
			}
			c.Tuning[m] = grid
		}
	}
	return c, nil
}

// ResolvedExperiment returns the experiment that a resolved Config ran, with
// every default written out: each model's complete hyperparameters and its
// tuning space ({} when it was not tuned). Data, Dictionary, Delimiter,
// Decimal, Windows and Report are copied from base (the given experiment),
// with the report defaults filled in; Out is left empty.
func ResolvedExperiment(base Experiment, cfg Config) (Experiment, error) {
	e := base
	e.Version = ExperimentVersion
	e.Out = ""
	e.Seed, e.Folds, e.Repeats = cfg.Seed, cfg.Folds, cfg.Repeats
	e.Models = append([]string(nil), cfg.Models...)
	e.FeatureSets = append([]string(nil), cfg.FeatureSets...)
	e.TuneFolds, e.Bootstrap, e.TemporalCut = cfg.TuneFolds, cfg.Bootstrap, cfg.TemporalCut
	e.ImportanceRepeats, e.Imputation, e.Splines = cfg.ImportanceRepeats, cfg.Imputation, cfg.Splines
	e.Filters = append([]string{}, cfg.Filters...)
	e.LookbackDays = cfg.LookbackDays
	e.Thresholds = append([]float64{}, cfg.Thresholds...)
	e.MinCodeCount = cfg.MinCodeCount
	e.Workers = cfg.Workers
	if e.Report.SmallCell == 0 {
		e.Report.SmallCell = DefaultSmallCell
	}
	e.ModelParams = map[string]map[string]any{}
	e.Tuning = map[string]map[string][]any{}
	for _, m := range cfg.Models {
		var ps map[string]any
		if err := json.Unmarshal(cfg.Params[m], &ps); err != nil {
			return e, fmt.Errorf("model %s: %w", m, err)
		}
		if ps == nil {
			ps = map[string]any{}
		}
		e.ModelParams[m] = ps
		g := map[string][]any{}
		for name, vs := range cfg.Tuning[m] {
			for _, v := range vs {
				var x any
				if err := json.Unmarshal(v, &x); err != nil {
					return e, fmt.Errorf("tuning of %s.%s: %w", m, name, err)
				}
				g[name] = append(g[name], x)
			}
		}
		e.Tuning[m] = g
	}
	return e, nil
}

// WriteExperiment writes e as YAML, after header (comment lines without
// their "# ", may be empty).
func WriteExperiment(w io.Writer, e *Experiment, header string) error {
	var b bytes.Buffer
	for _, l := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		if header == "" {
			break
		}
		b.WriteString(strings.TrimRight("# "+l, " ") + "\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(e); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// jsonable turns the map[any]any and []any values a YAML decoder may give
// into values encoding/json accepts.
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[k] = jsonable(v)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[fmt.Sprint(k)] = jsonable(v)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = jsonable(v)
		}
		return out
	}
	return v
}

// yamlErrorProblems turns a yaml.v3 error ("yaml: line N: ...", or a
// TypeError listing several) into Problems with their lines.
func yamlErrorProblems(file string, err error) datasets.Problems {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var ps datasets.Problems
	for _, m := range msgs {
		p := datasets.Problem{Severity: datasets.Error, File: file, Msg: strings.TrimPrefix(m, "yaml: "),
			Hint: "check the value types against \"Experiment files\" in the README"}
		if i := strings.Index(m, "line "); i >= 0 {
			var line int
			if n, _ := fmt.Sscanf(m[i:], "line %d:", &line); n == 1 {
				p.Line = line
				if j := strings.Index(m[i:], ":"); j >= 0 {
					p.Msg = strings.TrimSpace(m[i+j+1:])
				}
			}
		}
		p.Msg = strings.Replace(p.Msg, "into pipeline.", "into ", 1)
		ps = append(ps, p)
	}
	return ps
}

// didYouMean returns ` (did you mean "x"?)` for the known word closest to
// word by edit distance, when it is close enough to be a likely typo, and
// "" otherwise.
func didYouMean(word string, known []string) string {
	best, bestD := "", -1
	for _, k := range known {
		d := Levenshtein(strings.ToLower(word), strings.ToLower(k))
		if bestD < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	limit := len(word) / 3
	if limit < 2 {
		limit = 2
	}
	if bestD < 0 || bestD > limit || bestD == len(word) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// Levenshtein returns the edit distance between a and b: the least number of
// single-character insertions, deletions and substitutions (on runes) that
// turn one into the other.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func containsString(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func sortedMapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
