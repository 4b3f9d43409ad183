package synth

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ostfold-vte/bleedrisk/datasets"
)

// DefaultN is the cohort size of the published TROLL CAT data set
// (DOMAIN.md 1.2: 1080 unique CAT patients).
const DefaultN = 1080

// DefaultSeed is the seed of the embedded default cohort.
const DefaultSeed uint64 = 20240401

// Config sets the size and seed of a generated cohort. The zero value
// generates DefaultN patients with seed 0.
type Config struct {
	// N is the number of patients; 0 means DefaultN.
	N int
	// Seed seeds every random stream; any value, 0 included, is used as given.
	Seed uint64
}

// Files are the contents of the three generated files.
type Files struct {
	// Cohort is cohort.csv: one row per patient, comma-delimited, "." as
	// decimal mark, UTF-8, LF line ends; the id, the three outcome columns
	// (days after the index VTE; blank when no bleed or no death was
	// observed) and the 488 predictors.
	Cohort []byte
	// Dictionary is dictionary.yaml, the data dictionary of Cohort in the
	// format of datasets.ReadDictionary.
	Dictionary []byte
	// Truth is truth.csv: patient_id and, per window of
	// datasets.DefaultWindows, the column risk_<window name> holding the
	// patient's true probability of label 1 in that window (6 decimals).
	Truth []byte
}

// File names written by WriteDir and embedded (gzipped) in the package.
const (
	cohortFile     = "cohort.csv"
	dictionaryFile = "dictionary.yaml"
	truthFile      = "truth.csv"
)

// Generate builds a synthetic cohort. The same Config always gives the same
// bytes. It returns an error when cfg.N is negative.
func Generate(cfg Config) (Files, error) {
	if cfg.N < 0 {
		return Files{}, fmt.Errorf("synth: N = %d patients; want N >= 0 (0 for the default %d)", cfg.N, DefaultN)
	}
	n := cfg.N
	if n == 0 {
		n = DefaultN
	}
	ps := generate(n, cfg.Seed)
	var f Files
	var err error
	if f.Cohort, err = cohortCSV(ps, cfg.Seed); err != nil {
		return Files{}, err
	}
	var buf bytes.Buffer
	if err := datasets.WriteDictionary(&buf, dictionary()); err != nil {
		return Files{}, fmt.Errorf("synth: writing the dictionary: %w", err)
	}
	f.Dictionary = buf.Bytes()
	if f.Truth, err = truthCSV(ps); err != nil {
		return Files{}, err
	}
	return f, nil
}

// generate draws n patients. Each stage has its own random stream; the
// patients are drawn one after the other.
func generate(n int, seed uint64) []*patient {
	rb, rl := newRand(seed, streamBaseline), newRand(seed, streamLabs)
	ri, ro := newRand(seed, streamICD), newRand(seed, streamOutcome)
	width := max(4, len(strconv.Itoa(n)))
	ps := make([]*patient, n)
	for i := range ps {
		p := &patient{id: fmt.Sprintf("SYN%0*d", width, i+1)}
		drawBaseline(p, rb)
		drawLabs(p, rl)
		drawTreatment(p, rb)
		drawICD(p, ri)
		p.lpBleed, p.lpDeath = bleedLP(p), deathLP(p)
		drawOutcome(p, ro)
		p.truth = truthRisks(p, datasets.DefaultWindows)
		ps[i] = p
	}
	return ps
}

// cohortCSV writes the export. Missing values are drawn here, from their
// own stream, after the true values.
func cohortCSV(ps []*patient, seed uint64) ([]byte, error) {
	rm := newRand(seed, streamMissing)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{colID, colBleed, colDeath, colFollowup}
	for _, c := range baselineCols {
		header = append(header, c.spec.Name)
	}
	for _, l := range labs {
		header = append(header, l.name)
	}
	for _, code := range icdCodes {
		header = append(header, icdColumn(code))
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	days := func(d int) string {
		if d < 0 {
			return ""
		}
		return strconv.Itoa(d)
	}
	rec := make([]string, len(header))
	missing := make(map[string]bool, len(baselineCols)+len(labs))
	for _, p := range ps {
		clear(missing)
		rec = rec[:0]
		rec = append(rec, p.id, days(p.bleedDay), days(p.deathDay), strconv.Itoa(p.followup))
		for _, c := range baselineCols {
			miss := rm.Float64() < c.miss
			for _, dep := range c.dependsOn {
				miss = miss || missing[dep]
			}
			missing[c.spec.Name] = miss
			if miss {
				rec = append(rec, "")
			} else {
				rec = append(rec, c.cell(p))
			}
		}
		for _, l := range labs {
			miss := rm.Float64() < l.miss(p)
			// eGFR is computed from creatinine: no creatinine, no eGFR.
			if l.name == "egfr_reported" && missing["creatinine"] {
				miss = true
			}
			missing[l.name] = miss
			if miss {
				rec = append(rec, "")
			} else {
				rec = append(rec, labCell(l, p.lab[l.name]))
			}
		}
		for _, has := range p.icd {
			rec = append(rec, bin(has))
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("synth: writing the cohort: %w", err)
	}
	return buf.Bytes(), nil
}

// truthCSV writes each patient's true window risks.
func truthCSV(ps []*patient) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{colID}
	for _, win := range datasets.DefaultWindows {
		header = append(header, "risk_"+win.Name)
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, p := range ps {
		rec := []string{p.id}
		for _, r := range p.truth {
			rec = append(rec, strconv.FormatFloat(r, 'f', 6, 64))
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("synth: writing the truth: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteDir writes cohort.csv, dictionary.yaml and truth.csv into dir, which
// must exist. Existing files are overwritten.
func (f Files) WriteDir(dir string) error {
	for _, x := range []struct {
		name string
		data []byte
	}{{cohortFile, f.Cohort}, {dictionaryFile, f.Dictionary}, {truthFile, f.Truth}} {
		if err := os.WriteFile(filepath.Join(dir, x.name), x.data, 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}

// The embedded default cohort: Generate(Config{N: DefaultN, Seed:
// DefaultSeed}), gzipped. `go test ./datasets/synth -update` rewrites them.
var (
	//go:embed embedded/cohort.csv.gz
	embeddedCohort []byte
	//go:embed embedded/dictionary.yaml.gz
	embeddedDictionary []byte
	//go:embed embedded/truth.csv.gz
	embeddedTruth []byte
)

// Default returns the embedded default cohort, equal to
// Generate(Config{N: DefaultN, Seed: DefaultSeed}) (a test checks this).
// Each call returns fresh slices. It panics if the embedded files are
// corrupt, which is a build error.
func Default() Files {
	return Files{
		Cohort:     gunzip(embeddedCohort, cohortFile),
		Dictionary: gunzip(embeddedDictionary, dictionaryFile),
		Truth:      gunzip(embeddedTruth, truthFile),
	}
}

func gunzip(data []byte, name string) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		panic("synth: embedded " + name + ".gz: " + err.Error())
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		panic("synth: embedded " + name + ".gz: " + err.Error())
	}
	return out
}
