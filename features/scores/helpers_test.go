package scores

import (
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

func obs(v float64) clinical.Num  { return clinical.Num{Value: v, Source: clinical.Observed} }
func labs(v float64) clinical.Num { return clinical.Num{Value: v, Source: clinical.FromLabs} }

var (
	yes    = clinical.Flag{Value: true, Source: clinical.Observed}
	no     = clinical.Flag{Value: false, Source: clinical.Observed}
	icdYes = clinical.Flag{Value: true, Source: clinical.FromICD10}
	icdNo  = clinical.Flag{Value: false, Source: clinical.FromICD10}
	unk    = clinical.Flag{}
)

// healthy is a 50-year-old man without cancer, every value known and normal:
// he scores 0 on every score.
func healthy() *clinical.Patient {
	return &clinical.Patient{
		Age: obs(50), Weight: obs(80), Height: obs(180), BMI: obs(24.7), SBP: obs(120),
		Female:      no,
		Haemoglobin: obs(14.5), Platelets: obs(250), Leukocytes: obs(7),
		Creatinine: obs(80), CrCl: labs(110), EGFR: labs(95),
		Albumin: obs(40), Bilirubin: obs(10), ALT: obs(20), AST: obs(20), ALP: obs(70),
		CRP: obs(3), INR: obs(1.0),
		ActiveCancer: no, Metastatic: no,
		CancerSites: map[string]bool{}, CancerSiteSource: clinical.FromICD10,
		ESA: no, PE: no,
		PriorBleeding: no, PriorMajorBleeding: no, RecentMajorBleeding: no,
		PriorGIBleeding: no, PriorICH: no,
		Hypertension: no, UncontrolledHypertension: no, Diabetes: no, PriorStroke: no,
		RecentMI: no, HeartFailure: no, LiverDisease: no, RenalFailure: no, Alcohol: no,
		Falls: no, RecentSurgery: no, Thrombocytopenia: no, Anaemia: no,
		Antiplatelet: no, NSAID: no, VKA: no, LabileINR: no,
	}
}

// withCancer is healthy with an observed active cancer (site given).
func withCancer(p *clinical.Patient, sites ...string) {
	p.ActiveCancer = yes
	for _, s := range sites {
		p.CancerSites[s] = true
	}
}

// scoreCase is one hand-worked patient. status optionally checks the status
// of items by index.
type scoreCase struct {
	name     string
	patient  func(p *clinical.Patient)
	points   float64
	category string
	complete bool
	status   map[int]ItemStatus
}

func runCases(t *testing.T, s Score, cases []scoreCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := healthy()
			if c.patient != nil {
				c.patient(p)
			}
			r := s.Compute(p)
			if math.Abs(r.Points-c.points) > 1e-12 {
				t.Errorf("points = %v, want %v (items %+v)", r.Points, c.points, r.Items)
			}
			if r.Category != c.category {
				t.Errorf("category = %q, want %q", r.Category, c.category)
			}
			if r.Complete != c.complete {
				t.Errorf("complete = %v, want %v (items %+v)", r.Complete, c.complete, r.Items)
			}
			for i, want := range c.status {
				if got := r.Items[i].Status; got != want {
					t.Errorf("item %d %q status = %v, want %v", i, r.Items[i].Name, got, want)
				}
			}
		})
	}
}
