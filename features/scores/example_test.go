package scores_test

import (
	"fmt"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
	"github.com/ostfold-vte/bleedrisk/features/scores"
)

// A 72-year-old man with active cancer, haemoglobin 12.4 g/dL and a
// creatinine clearance computed from his labs; his blood pressure is not
// recorded, so one item is missing and the score is a lower bound.
func ExampleVTEBleed() {
	obs := clinical.Observed
	p := &clinical.Patient{
		Age:           clinical.Num{Value: 72, Source: obs},
		Female:        clinical.Flag{Value: false, Source: obs},
		Haemoglobin:   clinical.Num{Value: 12.4, Source: obs},
		CrCl:          clinical.Num{Value: 75, Source: clinical.FromLabs},
		ActiveCancer:  clinical.Flag{Value: true, Source: clinical.FromICD10},
		PriorBleeding: clinical.Flag{Value: false, Source: obs},
	}
	r := scores.VTEBleed{}.Compute(p)
	for _, it := range r.Items {
		fmt.Printf("%-55s %3.1f/%3.1f %s\n", it.Name, it.Points, it.Max, it.Status)
	}
	fmt.Println(r.Points, r.Category, "complete:", r.Complete)
	// Output:
	// active cancer                                           2.0/2.0 derived
	// male with uncontrolled hypertension (SBP >= 140 mmHg)   0.0/1.0 missing
	// anaemia (Hb < 13 g/dL men, < 12 g/dL women)             1.5/1.5 available
	// history of bleeding                                     0.0/1.5 available
	// age >= 60 years                                         1.5/1.5 available
	// CrCl < 60 mL/min                                        0.0/1.5 derived
	// 5 high complete: false
}
