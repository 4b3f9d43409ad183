package features

import (
	"bytes"
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/datasets/synth"
)

func synthCohort(t *testing.T) *datasets.Cohort {
	t.Helper()
	f := synth.Default()
	d, err := datasets.ReadDictionary(bytes.NewReader(f.Dictionary), "dictionary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := datasets.Load(bytes.NewReader(f.Cohort), d, datasets.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAugmentRecoversSyntheticTruth checks the derived features against the
// rules the synthetic generator used to write the data: anaemia is Hb < 13
// g/dL (men) or < 12 (women) (WHO; DOMAIN.md 5.1), C77-C80 are coded exactly
// for metastatic patients, and each cancer site is coded by its ICD-10 block
// (DOMAIN.md 6.3).
func TestAugmentRecoversSyntheticTruth(t *testing.T) {
	c := synthCohort(t)
	aug, info, err := Augment(c, AugmentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Warnings) != 0 {
		t.Errorf("unexpected derivation warnings: %v", info.Warnings)
	}
	hb, sex := c.Column("haemoglobin"), c.Column("sex")
	anaemia := aug.Column("bio:anaemia_who")
	checked := 0
	for i := range c.IDs {
		if math.IsNaN(hb.Num[i]) || sex.Cat[i] == "" {
			if !math.IsNaN(anaemia.Num[i]) {
				t.Fatalf("patient %d: anaemia derived without Hb or sex", i)
			}
			continue
		}
		cut := 13.0
		if sex.Cat[i] == "female" {
			cut = 12
		}
		want := 0.0
		if hb.Num[i] < cut {
			want = 1
		}
		if anaemia.Num[i] != want {
			t.Fatalf("patient %d: Hb %v sex %s: anaemia %v, want %v", i, hb.Num[i], sex.Cat[i], anaemia.Num[i], want)
		}
		checked++
	}
	if checked < 1000 {
		t.Errorf("only %d patients had Hb and sex", checked)
	}
	meta, icdMeta := c.Column("metastatic"), aug.Column("icd:metastatic")
	site, colorectal, lung := c.Column("cancer_site"), aug.Column("icd:cancer_colorectal"), aug.Column("icd:cancer_lung")
	for i := range c.IDs {
		if meta.Num[i] != icdMeta.Num[i] {
			t.Fatalf("patient %d: metastatic %v but ICD-10 metastatic %v", i, meta.Num[i], icdMeta.Num[i])
		}
		if (site.Cat[i] == "colorectal") != (colorectal.Num[i] == 1) {
			t.Fatalf("patient %d: site %s, ICD-10 colorectal %v", i, site.Cat[i], colorectal.Num[i])
		}
		if (site.Cat[i] == "lung") && lung.Num[i] != 1 {
			t.Fatalf("patient %d: lung cancer without the ICD-10 lung group", i)
		}
	}
	// VTE-BLEED gives 2 points for active cancer (DOMAIN.md 4.1): every
	// patient with active cancer scores at least 2.
	active, vb := c.Column("active_cancer"), aug.Column("score:vte_bleed")
	for i := range c.IDs {
		if active.Num[i] == 1 && vb.Num[i] < 2 {
			t.Fatalf("patient %d: active cancer but VTE-BLEED %v", i, vb.Num[i])
		}
	}
}

// TestFeatureSetsSelectSources checks which sources each named set encodes.
func TestFeatureSetsSelectSources(t *testing.T) {
	c := synthCohort(t)
	aug, _, err := Augment(c, AugmentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	prefixes := func(set string) map[string]int {
		fs, err := FeatureSetByName(set)
		if err != nil {
			t.Fatal(err)
		}
		fit, err := Encoder{Set: fs, MinCodeCount: 1}.Fit(aug, rows)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, n := range fit.Names() {
			for k := range n {
				if n[k] == ':' {
					out[n[:k]]++
					break
				}
			}
			if n == "base:index_year" {
				t.Errorf("%s: index_year is a feature", set)
			}
		}
		return out
	}
	if p := prefixes("baseline"); p["bio"] != 0 || p["icd"] != 0 || p["score"] != 0 || p["base"] == 0 {
		t.Errorf("baseline set encodes %v", p)
	}
	if p := prefixes("biochemistry"); p["bio"] == 0 || p["icd"] != 0 {
		t.Errorf("biochemistry set encodes %v", p)
	}
	if p := prefixes("scores"); len(p) != 1 || p["score"] != 7 {
		t.Errorf("scores set encodes %v, want the 7 scores only", p)
	}
	icd, all := prefixes("icd10"), prefixes("all")
	if all["icd"] <= icd["icd"] {
		t.Errorf("all (%d icd columns) should add raw ICD-10 categories to icd10 (%d)", all["icd"], icd["icd"])
	}
}
