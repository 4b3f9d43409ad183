package biochem

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/datasets/synth"
)

// TestSyntheticCohort: every biochemistry unit of the synthetic cohort is
// accepted and fits its values, and CKD-EPI 2009 recomputed from the
// exported creatinine, age and sex matches the generator's reported eGFR
// (datasets/synth/labs.go, CKD-EPI 2009 without the race term) up to the
// rounding of creatinine to 1 µmol/L and of eGFR to 1 mL/min.
func TestSyntheticCohort(t *testing.T) {
	f := synth.Default()
	d, err := datasets.ReadDictionary(bytes.NewReader(f.Dictionary), "dictionary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := datasets.Load(bytes.NewReader(f.Cohort), d, datasets.Options{File: "cohort.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, col := range c.Columns {
		if col.Spec.Type != datasets.Numeric {
			continue
		}
		if _, _, err := Canonical(col.Spec.Concept, col.Spec.Unit); err != nil {
			if col.Spec.Group == datasets.GroupBiochemistry && !errors.Is(err, ErrUnknownConcept) {
				t.Errorf("%s: %v", col.Spec.Name, err)
			}
			continue
		}
		checked++
		if w := CheckUnit(col.Spec.Concept, col.Spec.Unit, col.Num); w != nil {
			t.Errorf("%s: %s", col.Spec.Name, w.Message)
		}
	}
	t.Logf("%d numeric columns with a unit table checked", checked)

	creat, age, sex, egfr := c.ByConcept("creatinine"), c.ByConcept("age"), c.ByConcept("sex"), c.Column("egfr_reported")
	var n, worst int
	var maxDiff float64
	for i := 0; i < c.Len(); i++ {
		if math.IsNaN(creat.Num[i]) || math.IsNaN(age.Num[i]) || sex.Cat[i] == "" || math.IsNaN(egfr.Num[i]) || egfr.Censor[i] != datasets.NotCensored {
			continue
		}
		r := Renal{Creatinine: creat.Num[i], Age: age.Num[i], Female: sex.Cat[i] == "female"}
		diff := math.Abs(r.CKDEPI2009(false) - egfr.Num[i])
		// Creatinine ±0.5 µmol/L changes eGFR by at most about 1.5% near
		// 25 µmol/L; eGFR is rounded to ±0.5.
		if diff > 0.5+0.02*egfr.Num[i] {
			worst++
		}
		maxDiff = math.Max(maxDiff, diff)
		n++
	}
	t.Logf("eGFR recomputed for %d patients, largest difference %.2f mL/min/1.73m2", n, maxDiff)
	if n < 100 || worst > 0 {
		t.Errorf("%d of %d recomputed eGFR values differ from the generator's by more than rounding", worst, n)
	}
}
