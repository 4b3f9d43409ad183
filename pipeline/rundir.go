package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// File is one file of a run folder.
type File struct {
	Name string
	Data []byte
	// Sensitive marks files with row-level or patient-derived data.
	Sensitive bool
	// Contents says what the file holds, for the manifest.
	Contents string
}

// MetricsFile renders metrics.json: the Result as indented JSON. Identical
// results give identical bytes (maps are written with sorted keys, floats
// in their shortest exact form).
func MetricsFile(r *Result) (File, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return File{}, err
	}
	return File{Name: "metrics.json", Data: append(b, '\n'),
		Contents: "aggregate metrics per window, model, fold and repeat (schema: docs/metrics-schema.md)"}, nil
}

// PredictionsFile renders predictions.csv: every out-of-fold prediction with
// the columns patient_id, outcome, model, feature_set, repeat, fold, y, p
// (repeat and fold count from 1). It holds patient ids and is marked sensitive.
func PredictionsFile(r *Result, ids []string) (File, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"patient_id", "outcome", "model", "feature_set", "repeat", "fold", "y", "p"})
	for _, p := range r.Predictions {
		w.Write([]string{ids[p.Row], p.Window, p.Model, p.FeatureSet, strconv.Itoa(p.Repeat + 1), strconv.Itoa(p.Fold + 1),
			strconv.FormatFloat(p.Y, 'f', -1, 64), strconv.FormatFloat(p.P, 'g', -1, 64)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return File{}, err
	}
	return File{Name: "predictions.csv", Data: b.Bytes(), Sensitive: true,
		Contents: "row-level out-of-fold predictions with patient ids"}, nil
}

// Manifest records what produced a run folder and the SHA-256 of every file,
// so anyone can check that a folder is complete and unchanged.
type Manifest struct {
	ManifestVersion int            `json:"manifest_version"`
	Program         string         `json:"program"`
	Version         string         `json:"version"`
	GoVersion       string         `json:"go_version"`
	Command         []string       `json:"command"`
	Input           InputInfo      `json:"input"`
	ConfigSHA256    string         `json:"config_sha256"`
	Seed            uint64         `json:"seed"`
	Workers         int            `json:"workers"`
	Started         time.Time      `json:"started"`
	Finished        time.Time      `json:"finished"`
	Files           []ManifestFile `json:"files"`
}

// InputInfo identifies the input data.
type InputInfo struct {
	Source           string `json:"source"`
	SHA256           string `json:"sha256"`
	DictionarySHA256 string `json:"dictionary_sha256"`
}

// ManifestFile is one file's entry in the manifest.
type ManifestFile struct {
	Name      string `json:"name"`
	Bytes     int    `json:"bytes"`
	SHA256    string `json:"sha256"`
	Sensitive bool   `json:"sensitive"`
	Contents  string `json:"contents"`
}

// SHA256 returns the hex SHA-256 of b.
func SHA256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// WriteRunDir writes files and manifest.json (with the files' hashes filled
// in) into dir, atomically: everything is written into a hidden temporary
// folder beside dir, which is renamed to dir only when complete. dir must not
// exist. On any error the temporary folder is removed and dir is not created.
func WriteRunDir(dir string, m Manifest, files []File) (err error) {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("run folder %s already exists; choose another --out", dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".partial-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	m.Files = nil
	for _, f := range files {
		if err := writeFileSync(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return err
		}
		m.Files = append(m.Files, ManifestFile{Name: f.Name, Bytes: len(f.Data), SHA256: SHA256(f.Data), Sensitive: f.Sensitive, Contents: f.Contents})
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(tmp, "manifest.json"), append(mb, '\n')); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

func writeFileSync(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// VerifyRunDir checks that a run folder is complete and unchanged: its
// manifest.json reads, every file it lists exists with the recorded size
// and SHA-256, and no other file is present (the report/ folders written by
// re-rendering carry their own manifests and are checked the same way). It
// returns every problem found.
func VerifyRunDir(dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return []string{fmt.Sprintf("%s: no readable manifest.json (%v): the folder is not a complete run folder", dir, err)}
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return []string{fmt.Sprintf("%s/manifest.json: %v", dir, err)}
	}
	var problems []string
	listed := map[string]bool{"manifest.json": true}
	for _, f := range m.Files {
		listed[filepath.ToSlash(f.Name)] = true
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: listed in the manifest but missing (%v)", f.Name, err))
		case len(data) != f.Bytes || SHA256(data) != f.SHA256:
			problems = append(problems, fmt.Sprintf("%s: changed since the run (size %d, manifest %d; SHA-256 differs)", f.Name, len(data), f.Bytes))
		}
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if !listed[rel] && !strings.HasPrefix(rel, "report-") {
			problems = append(problems, fmt.Sprintf("%s: not listed in the manifest", rel))
		}
		return nil
	})
	return problems
}
