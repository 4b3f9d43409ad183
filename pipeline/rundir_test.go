package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteRunDirIsAtomicAndHashed(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run1")
	files := []File{
		{Name: "a.txt", Data: []byte("abc"), Contents: "test"},
		{Name: "b.csv", Data: []byte("x\n"), Sensitive: true, Contents: "rows"},
	}
	if err := WriteRunDir(dir, Manifest{ManifestVersion: 1}, files); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	// SHA-256("abc") is the FIPS 180-2 example digest.
	if m.Files[0].SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("sha256(abc) = %s", m.Files[0].SHA256)
	}
	if !m.Files[1].Sensitive || m.Files[0].Sensitive {
		t.Error("sensitive flags not carried into the manifest")
	}
	// Writing again must fail and leave nothing behind.
	if err := WriteRunDir(dir, Manifest{}, files); err == nil {
		t.Error("overwrote an existing run folder")
	}
	// A failing write (a file name that cannot be created) leaves no folder.
	bad := filepath.Join(parent, "run2")
	err = WriteRunDir(bad, Manifest{}, []File{{Name: "ok.txt"}, {Name: "ok.txt"}})
	if err == nil {
		t.Fatal("duplicate file name: want an error")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "run1" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("parent holds %v, want only run1", names)
	}
}
