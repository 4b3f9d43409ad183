package features

import (
	"errors"
	"fmt"
	"math"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features/biochem"
	"github.com/ostfold-vte/bleedrisk/features/clinical"
	"github.com/ostfold-vte/bleedrisk/features/icd10"
)

// numericConcepts maps the numeric concepts the scores and derived features
// use to their place in clinical.Patient. Lab concepts are converted to
// canonical units (biochem.Convert); the others are taken as they are (age
// in years, weight in kg, height in cm, SBP in mmHg).
var numericConcepts = map[string]func(p *clinical.Patient) *clinical.Num{
	"age":         func(p *clinical.Patient) *clinical.Num { return &p.Age },
	"weight":      func(p *clinical.Patient) *clinical.Num { return &p.Weight },
	"height":      func(p *clinical.Patient) *clinical.Num { return &p.Height },
	"bmi":         func(p *clinical.Patient) *clinical.Num { return &p.BMI },
	"sbp":         func(p *clinical.Patient) *clinical.Num { return &p.SBP },
	"haemoglobin": func(p *clinical.Patient) *clinical.Num { return &p.Haemoglobin },
	"platelets":   func(p *clinical.Patient) *clinical.Num { return &p.Platelets },
	"leukocytes":  func(p *clinical.Patient) *clinical.Num { return &p.Leukocytes },
	"creatinine":  func(p *clinical.Patient) *clinical.Num { return &p.Creatinine },
	"crcl":        func(p *clinical.Patient) *clinical.Num { return &p.CrCl },
	"albumin":     func(p *clinical.Patient) *clinical.Num { return &p.Albumin },
	"bilirubin":   func(p *clinical.Patient) *clinical.Num { return &p.Bilirubin },
	"alt":         func(p *clinical.Patient) *clinical.Num { return &p.ALT },
	"ast":         func(p *clinical.Patient) *clinical.Num { return &p.AST },
	"alp":         func(p *clinical.Patient) *clinical.Num { return &p.ALP },
	"crp":         func(p *clinical.Patient) *clinical.Num { return &p.CRP },
	"inr":         func(p *clinical.Patient) *clinical.Num { return &p.INR },
}

// flagConcepts maps binary concepts to clinical.Patient flags.
var flagConcepts = map[string]func(p *clinical.Patient) *clinical.Flag{
	"active_cancer":         func(p *clinical.Patient) *clinical.Flag { return &p.ActiveCancer },
	"metastatic":            func(p *clinical.Patient) *clinical.Flag { return &p.Metastatic },
	"esa":                   func(p *clinical.Patient) *clinical.Flag { return &p.ESA },
	"prior_bleeding":        func(p *clinical.Patient) *clinical.Flag { return &p.PriorBleeding },
	"prior_major_bleeding":  func(p *clinical.Patient) *clinical.Flag { return &p.PriorMajorBleeding },
	"recent_major_bleeding": func(p *clinical.Patient) *clinical.Flag { return &p.RecentMajorBleeding },
	"prior_gi_bleeding":     func(p *clinical.Patient) *clinical.Flag { return &p.PriorGIBleeding },
	"prior_ich":             func(p *clinical.Patient) *clinical.Flag { return &p.PriorICH },
	"hypertension":          func(p *clinical.Patient) *clinical.Flag { return &p.Hypertension },
	"diabetes":              func(p *clinical.Patient) *clinical.Flag { return &p.Diabetes },
	"prior_stroke":          func(p *clinical.Patient) *clinical.Flag { return &p.PriorStroke },
	"recent_mi":             func(p *clinical.Patient) *clinical.Flag { return &p.RecentMI },
	"heart_failure":         func(p *clinical.Patient) *clinical.Flag { return &p.HeartFailure },
	"liver_disease":         func(p *clinical.Patient) *clinical.Flag { return &p.LiverDisease },
	"renal_failure":         func(p *clinical.Patient) *clinical.Flag { return &p.RenalFailure },
	"alcohol":               func(p *clinical.Patient) *clinical.Flag { return &p.Alcohol },
	"falls":                 func(p *clinical.Patient) *clinical.Flag { return &p.Falls },
	"recent_surgery":        func(p *clinical.Patient) *clinical.Flag { return &p.RecentSurgery },
	"antiplatelet":          func(p *clinical.Patient) *clinical.Flag { return &p.Antiplatelet },
	"nsaid":                 func(p *clinical.Patient) *clinical.Flag { return &p.NSAID },
	"labile_inr":            func(p *clinical.Patient) *clinical.Flag { return &p.LabileINR },
}

// siteCodes maps categorical cancer-site levels to a representative WHO
// ICD-10 code, so that a cancer_site column gives the same site groups as
// the codes would (icd10.CancerSites, DOMAIN.md 6.3).
var siteCodes = map[string]string{
	"head_neck": "C14", "oesophagus": "C15", "stomach": "C16", "small_intestine": "C17", "colorectal": "C18",
	"colon": "C18", "rectum": "C20", "hepatobiliary": "C22", "liver": "C22", "pancreas": "C25", "lung": "C34",
	"mesothelioma": "C45", "sarcoma": "C49", "melanoma": "C43", "breast": "C50", "cervix": "C53", "uterus": "C54",
	"ovary": "C56", "gynaecological": "C57", "prostate": "C61", "testis": "C62", "kidney": "C64", "bladder": "C67",
	"brain": "C71", "cns": "C72", "thyroid": "C73", "unknown_primary": "C80", "lymphoma": "C85", "myeloma": "C90",
	"leukaemia": "C95",
}

// clinicalPatients reads every patient's concepts from the cohort's columns.
func clinicalPatients(c *datasets.Cohort, aug *Augmentation) ([]*clinical.Patient, error) {
	n := c.Len()
	ps := make([]*clinical.Patient, n)
	for i := range ps {
		ps[i] = &clinical.Patient{}
	}
	var errs []error
	for _, col := range c.Columns {
		spec := col.Spec
		switch spec.Type {
		case datasets.Numeric:
			field, ok := numericConcepts[spec.Concept]
			if !ok {
				continue
			}
			vals := make([]float64, n)
			for i := range vals {
				vals[i] = biochem.Uncensor(col.Num[i], col.Censor[i])
			}
			if _, _, err := biochem.Canonical(spec.Concept, spec.Unit); err == nil {
				if w := biochem.CheckUnit(spec.Concept, spec.Unit, vals); w != nil {
					aug.Warnings = append(aug.Warnings, datasets.Problem{Severity: datasets.Warning, Field: spec.Name, Msg: w.Message,
						Hint: "correct `unit:` in the dictionary"})
				}
				if err := biochem.ConvertAll(spec.Concept, spec.Unit, vals); err != nil {
					return nil, err
				}
			} else if !errors.Is(err, biochem.ErrUnknownConcept) {
				errs = append(errs, fmt.Errorf("column %q (concept %s): %w", spec.Name, spec.Concept, err))
				continue
			}
			for i, v := range vals {
				if !math.IsNaN(v) {
					*field(ps[i]) = clinical.Num{Value: v, Source: clinical.Observed}
				}
			}
		case datasets.Binary:
			field, ok := flagConcepts[spec.Concept]
			if !ok {
				continue
			}
			for i, v := range col.Num {
				if !math.IsNaN(v) {
					*field(ps[i]) = clinical.Flag{Value: v == 1, Source: clinical.Observed}
				}
			}
		case datasets.Categorical:
			for i, v := range col.Cat {
				if v == "" {
					continue
				}
				p := ps[i]
				switch spec.Concept {
				case "sex":
					switch v {
					case "female", "male":
						p.Female = clinical.Flag{Value: v == "female", Source: clinical.Observed}
					}
				case "vte_type":
					p.PE = clinical.Flag{Value: v == "pe", Source: clinical.Observed}
				case "anticoagulant":
					p.VKA = clinical.Flag{Value: v == "vka", Source: clinical.Observed}
				case "cancer_site":
					if code, ok := siteCodes[v]; ok {
						p.CancerSites = icd10.CancerSites([]string{code})
						p.CancerSiteSource = clinical.Observed
					}
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return ps, nil
}

// derivedLabs computes the derived biochemistry columns from the patients'
// canonical values (before ICD-10 codes fill any flag).
func derivedLabs(c *datasets.Cohort, ps []*clinical.Patient, opt AugmentOptions) []*datasets.Column {
	n := len(ps)
	newCol := func(name, how string) *datasets.Column {
		return &datasets.Column{Spec: datasets.ColumnSpec{Name: name, Group: datasets.GroupBiochemistry, Type: datasets.Numeric, Derived: how},
			Num: make([]float64, n), Censor: make([]datasets.Censor, n)}
	}
	egfr := newCol("bio:egfr_ckdepi2021", "eGFR by the race-free CKD-EPI 2021 equation (Inker 2021) from creatinine, age and sex")
	crcl := newCol("bio:crcl_cockcroft_gault", "creatinine clearance by Cockcroft-Gault from creatinine, age, sex and weight")
	anaemia := newCol("bio:anaemia_who", "anaemia by WHO cut-offs: Hb < 13 g/dL men, < 12 g/dL women")
	thrombo := newCol("bio:thrombocytopenia_grade", "platelets: 0 >= 150, 1 < 150, 2 < 100, 3 < 50 x10^9/L")
	leuko := newCol("bio:leukocytosis", "leukocytes > 11 x10^9/L (Khorana)")
	hypoalb := newCol("bio:hypoalbuminaemia", "albumin < 35 g/L")
	known := func(v clinical.Num) bool { return v.Known() && !math.IsNaN(v.Value) }
	flag := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	for i, p := range ps {
		for _, col := range []*datasets.Column{egfr, crcl, anaemia, thrombo, leuko, hypoalb} {
			col.Num[i] = math.NaN()
		}
		if known(p.Creatinine) && known(p.Age) && p.Female.Known() {
			r := biochem.Renal{Creatinine: p.Creatinine.Value, Age: p.Age.Value, Female: p.Female.Value}
			egfr.Num[i] = r.CKDEPI2021()
			if known(p.Weight) {
				r.Weight = p.Weight.Value
				crcl.Num[i] = r.CockcroftGault()
			}
		}
		if known(p.Haemoglobin) && p.Female.Known() {
			anaemia.Num[i] = flag(biochem.Anaemic(p.Haemoglobin.Value, p.Female.Value))
		}
		if known(p.Platelets) {
			thrombo.Num[i] = float64(biochem.Thrombocytopenia(p.Platelets.Value))
		}
		if known(p.Leukocytes) {
			leuko.Num[i] = flag(biochem.Leukocytosis(p.Leukocytes.Value))
		}
		if known(p.Albumin) {
			hypoalb.Num[i] = flag(biochem.Hypoalbuminaemia(p.Albumin.Value))
		}
		biochem.FillPatient(p, biochem.FillOptions{ReplaceICD10: true})
	}
	out := []*datasets.Column{egfr, crcl, anaemia, thrombo, leuko, hypoalb}
	if opt.NoLogSkewed {
		return out
	}
	for _, col := range c.Columns {
		spec := col.Spec
		if spec.Type != datasets.Numeric || !biochem.LogTransform(spec.Concept) || spec.Derived != "" {
			continue
		}
		lc := newCol("bio:log_"+spec.Name, "natural log of "+spec.Name+" in canonical units (floored; features/biochem.Log)")
		for i := range lc.Num {
			v := biochem.Uncensor(col.Num[i], col.Censor[i])
			if cv, err := biochem.Convert(spec.Concept, spec.Unit, v); err == nil {
				v = cv
			}
			lc.Num[i] = biochem.Log(spec.Concept, v)
		}
		out = append(out, lc)
	}
	return out
}
