package biochem

import (
	"math"
	"testing"

	"github.com/ostfold-vte/bleedrisk/features/clinical"
)

func obs(v float64) clinical.Num { return clinical.Num{Value: v, Source: clinical.Observed} }

func TestFillPatient(t *testing.T) {
	// The man of renalCases[3]: 68 y, 80 kg, creatinine 130 µmol/L.
	p := clinical.Patient{Age: obs(68), Weight: obs(80), Creatinine: obs(130), Female: clinical.Flag{Value: false, Source: clinical.Observed},
		Haemoglobin: obs(12.9), Platelets: obs(149)}
	if n := FillPatient(&p, FillOptions{}); n != 4 {
		t.Errorf("filled %d, want 4", n)
	}
	if p.EGFR.Source != clinical.FromLabs || math.Abs(p.EGFR.Value-51.6225471333) > 1e-8 {
		t.Errorf("eGFR %+v", p.EGFR)
	}
	if p.CrCl.Source != clinical.FromLabs || math.Abs(p.CrCl.Value-54.4123076923) > 1e-8 {
		t.Errorf("CrCl %+v", p.CrCl)
	}
	if p.Anaemia != (clinical.Flag{Value: true, Source: clinical.FromLabs}) {
		t.Errorf("anaemia %+v (Hb 12.9 in a man)", p.Anaemia)
	}
	if p.Thrombocytopenia != (clinical.Flag{Value: true, Source: clinical.FromLabs}) {
		t.Errorf("thrombocytopenia %+v", p.Thrombocytopenia)
	}
	// A second call changes nothing.
	if n := FillPatient(&p, FillOptions{}); n != 0 {
		t.Errorf("second call filled %d", n)
	}

	// Observed values are never overridden; ICD-10 flags only on request;
	// nothing is computed without sex.
	q := clinical.Patient{Age: obs(68), Creatinine: obs(130), Female: clinical.Flag{Value: true, Source: clinical.Observed},
		EGFR: obs(90), Haemoglobin: obs(14), Anaemia: clinical.Flag{Value: true, Source: clinical.FromICD10},
		Platelets: obs(120), Thrombocytopenia: clinical.Flag{Value: false, Source: clinical.Observed}}
	FillPatient(&q, FillOptions{})
	if q.EGFR != obs(90) || q.CrCl.Known() || q.Anaemia.Source != clinical.FromICD10 || q.Thrombocytopenia.Source != clinical.Observed {
		t.Errorf("overrode or invented values: %+v %+v %+v %+v", q.EGFR, q.CrCl, q.Anaemia, q.Thrombocytopenia)
	}
	FillPatient(&q, FillOptions{ReplaceICD10: true})
	if q.Anaemia != (clinical.Flag{Value: false, Source: clinical.FromLabs}) {
		t.Errorf("ReplaceICD10: anaemia %+v", q.Anaemia)
	}
	r := clinical.Patient{Age: obs(68), Creatinine: obs(130), Haemoglobin: obs(11)}
	if n := FillPatient(&r, FillOptions{EGFR: CKDEPI2009}); n != 0 {
		t.Errorf("filled %d without sex", n)
	}
	r.Female = clinical.Flag{Value: false, Source: clinical.Observed}
	FillPatient(&r, FillOptions{EGFR: CKDEPI2009})
	if math.Abs(r.EGFR.Value-48.3135843408) > 1e-8 {
		t.Errorf("CKD-EPI 2009 eGFR %g", r.EGFR.Value)
	}
}
