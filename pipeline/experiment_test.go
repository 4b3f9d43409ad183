package pipeline

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/models/registry"
)

func TestLevenshtein(t *testing.T) {
	// Hand-computed; "kitten"/"sitting" is the textbook example (3).
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"fold", "folds", 1},
		{"kitten", "sitting", 3}, {"modles", "models", 2}, {"høyde", "hoyde", 1},
	} {
		if got := Levenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	known := experimentKeys[""]
	for word, want := range map[string]string{
		"fold": "folds", "modles": "models", "feature_set": "feature_sets", "treshold": "thresholds", "Seed": "seed",
		"xyz": "", "thresholds_x": "thresholds", "colour": "",
	} {
		got := didYouMean(word, known)
		if want == "" {
			if got != "" {
				t.Errorf("didYouMean(%q) = %q, want none", word, got)
			}
			continue
		}
		if !strings.Contains(got, `"`+want+`"`) {
			t.Errorf("didYouMean(%q) = %q, want %q", word, got, want)
		}
	}
}

func readExp(t *testing.T, text string) (*Experiment, datasets.Problems) {
	t.Helper()
	e, err := ReadExperiment(strings.NewReader(text), "exp.yaml")
	if err == nil {
		return e, nil
	}
	ps, ok := err.(datasets.Problems)
	if !ok {
		t.Fatalf("error %v is not Problems", err)
	}
	return nil, ps
}

func TestReadExperimentProblems(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"unknown key", "version: 1\nmodels: [ridge]\nfold: 3\n", 3, []string{`unknown key "fold"`, `did you mean "folds"?`}},
		{"unknown nested key", "version: 1\nreport:\n  smallcell: 3\n", 3, []string{`unknown key "smallcell" in the ` + "`report`", `did you mean "small_cell"?`}},
		{"unknown window key", "version: 1\nwindows:\n  - {name: a, from: 1, too: 3}\n", 3, []string{`unknown key "too"`, `"to"`}},
		{"wrong type", "version: 1\nfolds: three\n", 2, []string{"cannot unmarshal"}},
		{"version", "version: 2\n", 1, []string{"experiment format version 2 is not supported"}},
		{"no version", "folds: 3\n", 0, []string{"experiment format version 0 is not supported"}},
		{"unknown model", "version: 1\nmodels:\n  - ridge\n  - rdige\n", 4, []string{`unknown model "rdige"`, `did you mean "ridge"?`}},
		{"unknown feature set", "version: 1\nfeature_sets: [al]\n", 2, []string{`unknown feature set "al"`, `"all"`}},
		{"params of an unlisted model", "version: 1\nmodels: [ridge]\nmodel_params:\n  rf: {trees: 10}\n", 4, []string{`names model "rf", which is not among the models`}},
		{"unknown hyperparameter", "version: 1\nmodels: [ridge]\nmodel_params:\n  ridge:\n    lamda: 1\n", 5, []string{`model ridge has no hyperparameter "lamda"`, `did you mean "lambda"?`}},
		{"empty tuning space", "version: 1\ntuning:\n  ridge: {lambda: []}\n", 3, []string{"the tuning space of ridge.lambda has no values"}},
		{"bad window", "version: 1\nwindows:\n  - {name: w, from: 10, to: 5}\n", 3, []string{`window "w" runs from day 10 to day 5`}},
		{"bad delimiter", "version: 1\ndelimiter: '|'\n", 2, []string{`delimiter "|"`}},
		{"bad imputation", "version: 1\nimputation: knnn\n", 2, []string{`imputation "knnn"`, `did you mean "knn"?`}},
		{"bad filter", "version: 1\nfilters:\n  - nzv\n  - corelation\n", 4, []string{`filter "corelation"`, `did you mean "correlation"?`}},
		{"empty", "", 0, []string{"empty"}},
		{"not a mapping", "- a\n- b\n", 1, []string{"mapping"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := readExp(t, tc.text)
			if len(ps) == 0 {
				t.Fatal("no problem reported")
			}
			p := ps[0]
			if p.Line != tc.line || p.File != "exp.yaml" {
				t.Errorf("problem at %s:%d, want exp.yaml:%d: %s", p.File, p.Line, tc.line, p)
			}
			for _, w := range tc.want {
				if !strings.Contains(p.String(), w) {
					t.Errorf("%q lacks %q", p, w)
				}
			}
		})
	}
}

// TestExperimentRoundTrip checks that the resolved experiment of every model
// reads back to the same resolved configuration: the run folder's
// experiment.yaml re-runs the study.
func TestExperimentRoundTrip(t *testing.T) {
	for _, m := range registry.Names() {
		for _, name := range []string{m, m + "+platt"} {
			t.Run(name, func(t *testing.T) {
				cfg, err := Config{Models: []string{name}, Thresholds: []float64{0.1}, Seed: 1 << 60}.Resolve()
				if err != nil {
					t.Fatal(err)
				}
				base := Experiment{Windows: []datasets.Window{{Name: "w", From: 1, To: 30}}}
				e, err := ResolvedExperiment(base, cfg)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := WriteExperiment(&b, &e, "a header\nof two lines"); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(b.String(), "# a header\n# of two lines\nversion: 1\n") {
					t.Errorf("file starts %.80q", b.String())
				}
				back, err := ReadExperiment(&b, "resolved.yaml")
				if err != nil {
					t.Fatalf("%v\n%s", err, b.String())
				}
				c2, err := back.Config()
				if err != nil {
					t.Fatal(err)
				}
				c2, err = c2.Resolve()
				if err != nil {
					t.Fatal(err)
				}
				c2.Workers, cfg.Workers = 0, 0
				j1, _ := json.Marshal(cfg)
				j2, _ := json.Marshal(c2)
				if !bytes.Equal(j1, j2) {
					t.Errorf("round trip changed the configuration:\n%s\n%s", j1, j2)
				}
				if back.Report.SmallCell != DefaultSmallCell || len(back.Windows) != 1 {
					t.Errorf("report %+v windows %+v", back.Report, back.Windows)
				}
			})
		}
	}
}

// TestUntunedStaysUntuned: a model whose tuning is turned off is written
// with an empty space, so re-reading does not fall back to its default.
func TestUntunedStaysUntuned(t *testing.T) {
	cfg, err := Config{Models: []string{"ridge"}, Tuning: map[string]registry.Grid{"ridge": {}}}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	e, err := ResolvedExperiment(Experiment{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	WriteExperiment(&b, &e, "")
	if !strings.Contains(b.String(), "ridge: {}") {
		t.Errorf("ridge's empty tuning space is not written:\n%s", b.String())
	}
	back, err := ReadExperiment(&b, "x")
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := back.Config()
	c2, _ = c2.Resolve()
	if len(c2.Tuning["ridge"]) != 0 {
		t.Errorf("ridge is tuned after the round trip: %v", c2.Tuning)
	}
}

// TestExperimentCoversConfig fails when Config gains a recorded field that
// an experiment file cannot set: add the key to Experiment, experimentKeys,
// Config(), ResolvedExperiment and the README.
func TestExperimentCoversConfig(t *testing.T) {
	keys := map[string]bool{}
	for _, k := range experimentKeys[""] {
		keys[k] = true
	}
	ct := reflect.TypeOf(Config{})
	for i := 0; i < ct.NumField(); i++ {
		tag, _, _ := strings.Cut(ct.Field(i).Tag.Get("json"), ",")
		if tag == "-" || tag == "" {
			continue
		}
		if !keys[tag] {
			t.Errorf("Config field %s (%q) has no experiment-file key", ct.Field(i).Name, tag)
		}
	}
	et := reflect.TypeOf(Experiment{})
	for i := 0; i < et.NumField(); i++ {
		tag := et.Field(i).Tag.Get("yaml")
		if !keys[tag] {
			t.Errorf("Experiment field %s (%q) is missing from experimentKeys", et.Field(i).Name, tag)
		}
	}
}
