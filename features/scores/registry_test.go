package scores

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

func TestRegistry(t *testing.T) {
	want := []string{"VTE-BLEED", "RIETE", "HAS-BLED", "Kuijer", "ACCP", "OBRI", "Khorana"}
	var got []string
	for _, s := range All() {
		got = append(got, s.Name())
		if s.Cite() == "" {
			t.Errorf("%s: no citation", s.Name())
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("All() = %v, want %v", got, want)
	}
	for _, name := range want {
		if s, ok := ByName(name); !ok || s.Name() != name {
			t.Errorf("ByName(%q) = %v, %v", name, s, ok)
		}
	}
	if s, ok := ByName("vte-bleed"); !ok || s.Name() != "VTE-BLEED" {
		t.Errorf("ByName is not case-insensitive")
	}
	// Left out on purpose: coefficients not retrieved (DOMAIN.md 4.7, 4.8).
	for _, name := range []string{"CAT-BLEED", "B-CAT"} {
		if _, ok := ByName(name); ok {
			t.Errorf("ByName(%q) found a score that must not be implemented", name)
		}
	}
}

// Khorana predicts thrombosis, not bleeding (DOMAIN.md 4.10): it must never
// be offered as a comparator.
func TestKhoranaIsNotABleedingScore(t *testing.T) {
	if (Khorana{}).IsBleedingScore() {
		t.Fatal("Khorana.IsBleedingScore() = true")
	}
	for _, s := range Comparators() {
		if s.Name() == "Khorana" || !s.IsBleedingScore() {
			t.Errorf("Comparators() holds %s", s.Name())
		}
	}
	if n := len(Comparators()); n != len(All())-1 {
		t.Errorf("len(Comparators()) = %d, want %d", n, len(All())-1)
	}
}

func TestPredicted(t *testing.T) {
	// ACCP/CHEST 2016, 0–3 months: 1.6% / 3.2% / 12.8% (DOMAIN.md 4.5).
	for cat, want := range map[string]float64{CategoryLow: 0.016, CategoryModerate: 0.032, CategoryHigh: 0.128} {
		got, ok := Predicted(ACCP{}, Result{Category: cat})
		if !ok || got != want {
			t.Errorf("Predicted(ACCP, %s) = %v, %v; want %v", cat, got, ok, want)
		}
	}
	p := healthy()
	withCancer(p)
	p.Age = obs(80) // > 65, > 75, cancer: 3 factors, high
	if got, ok := Predicted(ACCP{}, ACCP{}.Compute(p)); !ok || got != 0.128 {
		t.Errorf("Predicted(ACCP, 80-year-old with cancer) = %v, %v; want 0.128", got, ok)
	}
	for _, s := range All() {
		if _, ok := s.(ACCP); ok {
			continue
		}
		if _, ok := Predicted(s, s.Compute(p)); ok {
			t.Errorf("Predicted(%s) ok, but it publishes no risk per category", s.Name())
		}
	}
}

// randomPatient draws a patient whose every value may be missing, observed
// or derived; cancer as given.
func randomPatient(r *rand.Rand, cancer bool) *clinical.Patient {
	src := func() clinical.Source { return clinical.Source(r.IntN(4)) }
	n := func(lo, hi float64) clinical.Num { return clinical.Num{Value: lo + r.Float64()*(hi-lo), Source: src()} }
	f := func() clinical.Flag { return clinical.Flag{Value: r.IntN(2) == 1, Source: src()} }
	p := &clinical.Patient{
		Age: n(18, 95), Weight: n(40, 140), Height: n(150, 200), BMI: n(16, 45), SBP: n(90, 200),
		Female: f(), Haemoglobin: n(6, 17), Platelets: n(20, 600), Leukocytes: n(1, 25),
		Creatinine: n(40, 400), CrCl: n(10, 150), EGFR: n(10, 120), Bilirubin: n(3, 80), ALT: n(5, 300),
		Metastatic: f(), ESA: f(), PE: f(),
		PriorBleeding: f(), PriorMajorBleeding: f(), RecentMajorBleeding: f(), PriorGIBleeding: f(), PriorICH: f(),
		Hypertension: f(), UncontrolledHypertension: f(), Diabetes: f(), PriorStroke: f(), RecentMI: f(),
		HeartFailure: f(), LiverDisease: f(), RenalFailure: f(), Alcohol: f(), Falls: f(), RecentSurgery: f(),
		Thrombocytopenia: f(), Anaemia: f(), Antiplatelet: f(), NSAID: f(), VKA: f(), LabileINR: f(),
	}
	p.ActiveCancer = clinical.Flag{Value: cancer, Source: clinical.Observed}
	if r.IntN(2) == 0 {
		p.ActiveCancer.Source = clinical.FromICD10
	}
	if s := src(); s != clinical.Missing {
		p.CancerSites, p.CancerSiteSource = map[string]bool{}, s
		sites := []string{"stomach", "pancreas", "lung", "lymphoma", "breast", "colorectal", "bladder"}
		p.CancerSites[sites[r.IntN(len(sites))]] = true
	}
	return p
}

// In cancer-associated VTE every patient scores 2 for active cancer, so every
// patient is VTE-BLEED "high": the known reason the score does not
// discriminate in CAT (DOMAIN.md 4.1). Kuijer likewise never says "low".
func TestCancerCohortIsAllHigh(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		p := randomPatient(r, true)
		if res := (VTEBleed{}).Compute(p); res.Points < 2 || res.Category != CategoryHigh {
			t.Fatalf("patient %d: VTE-BLEED %v %s, want >= 2 high", i, res.Points, res.Category)
		}
		if res := (Kuijer{}).Compute(p); res.Category == CategoryLow {
			t.Fatalf("patient %d: Kuijer low with cancer", i)
		}
	}
}

// Every score on random and empty patients: points are the rounded sum of
// the items, within [0, sum of Max]; Complete is false exactly when an item
// is Missing and missing items score 0; the item list is fixed; the patient is
// not modified.
func TestConformance(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	patients := []*clinical.Patient{{}, healthy()}
	for range 500 {
		patients = append(patients, randomPatient(r, r.IntN(4) != 0))
	}
	for _, s := range All() {
		var names []string
		for i, p := range patients {
			before := *p
			res := s.Compute(p)
			if !reflect.DeepEqual(before, *p) {
				t.Fatalf("%s modified patient %d", s.Name(), i)
			}
			var sum, max float64
			complete := true
			var got []string
			for _, it := range res.Items {
				got = append(got, it.Name)
				sum += it.Points
				max += it.Max
				if it.Points != 0 && it.Points != it.Max && s.Name() != "Khorana" {
					t.Errorf("%s %q: points %v, max %v", s.Name(), it.Name, it.Points, it.Max)
				}
				if (it.Status == Missing || it.Status == AssumedAbsent) && it.Points != 0 {
					t.Errorf("%s %q: %v item scores %v", s.Name(), it.Name, it.Status, it.Points)
				}
				if it.Status == Missing {
					complete = false
				}
			}
			if names == nil {
				names = got
			} else if !reflect.DeepEqual(names, got) {
				t.Fatalf("%s: item list changed: %v vs %v", s.Name(), got, names)
			}
			if math.Abs(res.Points-sum) > 1e-9 || res.Points < 0 || res.Points > max+1e-9 {
				t.Errorf("%s patient %d: points %v, item sum %v, max %v", s.Name(), i, res.Points, sum, max)
			}
			if res.Complete != complete {
				t.Errorf("%s patient %d: Complete %v, want %v", s.Name(), i, res.Complete, complete)
			}
			if res.Category == "" {
				t.Errorf("%s patient %d: no category", s.Name(), i)
			}
		}
	}
	// The empty patient: every item Missing except the assumed-absent ones.
	for _, s := range All() {
		res := s.Compute(&clinical.Patient{})
		if res.Complete || res.Points != 0 {
			t.Errorf("%s on an empty patient: points %v complete %v", s.Name(), res.Points, res.Complete)
		}
	}
}

func TestNilPatientPanics(t *testing.T) {
	for _, s := range All() {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s.Compute(nil) did not panic", s.Name())
				}
			}()
			s.Compute(nil)
		}()
	}
}

func TestAvailability(t *testing.T) {
	a := healthy() // everything observed, CrCl computed
	b := healthy()
	b.Age, b.CrCl = clinical.Num{}, clinical.Num{} // missing
	b.PriorBleeding = icdYes                       // derived
	c := healthy()
	c.LabileINR, c.Alcohol = unk, unk // assumed absent in HAS-BLED
	tab := Availability([]Score{VTEBleed{}, HASBLED{}}, []*clinical.Patient{a, b, c})
	if tab.Patients != 3 || len(tab.Scores) != 2 {
		t.Fatalf("table %+v", tab)
	}
	vb := tab.Scores[0]
	if vb.Name != "VTE-BLEED" || vb.NComplete != 2 || !reflect.DeepEqual(vb.Complete, []bool{true, false, true}) {
		t.Errorf("VTE-BLEED completeness %+v", vb)
	}
	want := []ItemCount{
		{Name: vb.Items[0].Name, Available: 3},
		{Name: vb.Items[1].Name, Available: 3},
		{Name: vb.Items[2].Name, Available: 3},
		{Name: vb.Items[3].Name, Available: 2, Derived: 1},
		{Name: vb.Items[4].Name, Available: 2, Missing: 1},
		{Name: vb.Items[5].Name, Derived: 2, Missing: 1},
	}
	if !reflect.DeepEqual(vb.Items, want) {
		t.Errorf("VTE-BLEED items\n got %+v\nwant %+v", vb.Items, want)
	}
	hb := tab.Scores[1]
	if hb.NComplete != 2 {
		t.Errorf("HAS-BLED complete %d, want 2 (only b has a missing item: age)", hb.NComplete)
	}
	if l := hb.Items[5]; l.Available != 2 || l.AssumedAbsent != 1 {
		t.Errorf("HAS-BLED labile INR counts %+v", l)
	}
	for _, sa := range tab.Scores {
		for _, it := range sa.Items {
			if it.Available+it.Derived+it.Missing+it.AssumedAbsent != 3 {
				t.Errorf("%s %q counts do not add up: %+v", sa.Name, it.Name, it)
			}
		}
	}
}
