package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"

	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// Files renders the report's files for a run folder: report.md,
// report.html and one SVG per figure under figures/. None holds patient
// data.
func Files(r *Run) ([]pipeline.File, error) {
	sections := DefaultSections()
	var md, page bytes.Buffer
	if err := Markdown(&md, r, sections); err != nil {
		return nil, err
	}
	if err := HTML(&page, r, sections); err != nil {
		return nil, err
	}
	files := []pipeline.File{
		{Name: "report.md", Data: md.Bytes(), Contents: "the evaluation report (aggregates only)"},
		{Name: "report.html", Data: page.Bytes(), Contents: "the evaluation report as one self-contained HTML page (aggregates only)"},
	}
	for _, f := range Figures(r) {
		files = append(files, pipeline.File{Name: f.File, Data: f.SVG, Contents: "figure of the report (aggregates only): " + f.Alt})
	}
	return files, nil
}

// ErrChanged is returned by LoadRun when a file of the run folder no longer
// has the SHA-256 its manifest records.
var ErrChanged = errors.New("file differs from the run's manifest")

// LoadRun reads a run folder (as written by bleedrisk train) for
// re-rendering its report: manifest.json, metrics.json and, when present,
// predictions.csv (without it the ROC and precision–recall figures are
// left out). Each file read must have the SHA-256 the manifest records.
// Patient ids in predictions.csv are not kept.
func LoadRun(fsys fs.FS) (*Run, error) {
	mb, err := fs.ReadFile(fsys, "manifest.json")
	if err != nil {
		return nil, err
	}
	var m pipeline.Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	recorded := map[string]string{}
	for _, f := range m.Files {
		recorded[f.Name] = f.SHA256
	}
	read := func(name string) ([]byte, error) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		want, ok := recorded[name]
		if !ok {
			return nil, fmt.Errorf("%s: not listed in manifest.json", name)
		}
		if got := pipeline.SHA256(b); got != want {
			return nil, fmt.Errorf("%s: %w (SHA-256 %s, manifest %s)", name, ErrChanged, got, want)
		}
		return b, nil
	}
	metricsJSON, err := read("metrics.json")
	if err != nil {
		return nil, err
	}
	var res pipeline.Result
	if err := json.Unmarshal(metricsJSON, &res); err != nil {
		return nil, fmt.Errorf("metrics.json: %w", err)
	}
	if res.SchemaVersion != pipeline.SchemaVersion {
		return nil, fmt.Errorf("metrics.json: schema version %d, this program reads %d", res.SchemaVersion, pipeline.SchemaVersion)
	}
	preds, err := read("predictions.csv")
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if res.Predictions, err = ReadPredictions(bytes.NewReader(preds)); err != nil {
			return nil, fmt.Errorf("predictions.csv: %w", err)
		}
	}
	// The report rendered during the run saw no file list; neither does
	// this one, so the same program renders the same bytes.
	m.Files = nil
	return &Run{Result: &res, Manifest: m}, nil
}

// ReadPredictions reads predictions.csv (columns patient_id, outcome,
// model, feature_set, repeat, fold, y, p; repeat and fold from 1) into
// predictions with repeat and fold from 0. Patient ids are dropped (Row is
// the data line's index).
func ReadPredictions(rd io.Reader) ([]pipeline.Prediction, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = 8
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, err
	}
	want := []string{"patient_id", "outcome", "model", "feature_set", "repeat", "fold", "y", "p"}
	for i := range want {
		if head[i] != want[i] {
			return nil, fmt.Errorf("line 1: column %d is %q, want %q", i+1, head[i], want[i])
		}
	}
	var out []pipeline.Prediction
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		rep, e1 := strconv.Atoi(rec[4])
		fold, e2 := strconv.Atoi(rec[5])
		y, e3 := strconv.ParseFloat(rec[6], 64)
		p, e4 := strconv.ParseFloat(rec[7], 64)
		if err := errors.Join(e1, e2, e3, e4); err != nil || rep < 1 || fold < 1 || (y != 0 && y != 1) {
			return nil, fmt.Errorf("line %d: want repeat and fold from 1, y 0 or 1 and a number p", line)
		}
		out = append(out, pipeline.Prediction{Window: rec[1], Model: rec[2], FeatureSet: rec[3], Repeat: rep - 1, Fold: fold - 1, Row: line - 2, Y: y, P: p})
	}
}
