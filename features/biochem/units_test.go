package biochem

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestCanonical checks spellings and the factors of DOMAIN.md 5.2.
func TestCanonical(t *testing.T) {
	for _, c := range []struct {
		concept, unit string
		factor        float64
		canonical     string
	}{
		{"haemoglobin", "g/dL", 1, "g/dL"},
		{"haemoglobin", "G/L", 0.1, "g/dL"},             // g/dL × 10 = g/L
		{"haemoglobin", "mmol / L", 1 / 0.6206, "g/dL"}, // g/dL × 0.6206 = mmol/L
		{"Haemoglobin", " g / dL ", 1, "g/dL"},          // case and spaces
		{"creatinine", "µmol/L", 1, "µmol/L"},           // micro sign U+00B5
		{"creatinine", "μmol/l", 1, "µmol/L"},           // Greek mu U+03BC
		{"creatinine", "umol/L", 1, "µmol/L"},           //
		{"creatinine", "MG/DL", 88.42, "µmol/L"},        // mg/dL × 88.42 = µmol/L
		{"albumin", "g/dl", 10, "g/L"},                  // g/dL × 10 = g/L
		{"bilirubin", "mg/dL", 17.1, "µmol/L"},          // mg/dL × 17.1 = µmol/L
		{"crp", "mg/dL", 10, "mg/L"},                    // mg/dL × 10 = mg/L
		{"crp", "µg/mL", 1, "mg/L"},                     // µg/mL ≡ mg/L
		{"glucose", "mg/dL", 1 / 18.016, "mmol/L"},      // mg/dL ÷ 18.016 = mmol/L
		{"calcium", "mg/dL", 0.2495, "mmol/L"},          // mg/dL × 0.2495 = mmol/L
		{"urea", "mg/dL BUN", 1 / 2.8, "mmol/L"},        // mmol/L × 2.8 = BUN mg/dL
		{"urea", "mg/dl (BUN)", 1 / 2.8, "mmol/L"},      //
		{"urea", "mg/dL urea", 10 / 60.06, "mmol/L"},    // urea 60.06 g/mol
		{"alt", "µkat/L", 60, "U/L"},                    // µkat/L × 60 = U/L
		{"ldh", "IU/L", 1, "U/L"},                       //
		{"d_dimer", "µg/L FEU", 0.001, "mg/L FEU"},      // µg/L ÷ 1000 = mg/L
		{"d_dimer", "ng/mL", 0.001, "mg/L FEU"},         //
		{"d_dimer", "mg/L", 1, "mg/L FEU"},              // plain mg/L taken as FEU
		{"ferritin", "ng/mL", 1, "µg/L"},                // ng/mL ≡ µg/L
		{"ferritin", "mcg/L", 1, "µg/L"},                //
		{"platelets", "x10^9/L", 1, "10^9/L"},           //
		{"platelets", "×10⁹/L", 1, "10^9/L"},            //
		{"platelets", "10³/µL", 1, "10^9/L"},            //
		{"platelets", "k/µL", 1, "10^9/L"},              //
		{"platelets", "/µL", 0.001, "10^9/L"},           // cells per µL
		{"leukocytes", "10E9/L", 1, "10^9/L"},           //
		{"leukocytes", "10*9/L", 1, "10^9/L"},           // UCUM
		{"leukocytes", "10^3/uL", 1, "10^9/L"},          // ×10^9/L ≡ ×10^3/µL
		{"leukocytes", "/nL", 1, "10^9/L"},              //
		{"inr", "", 1, "ratio"},                         //
		{"egfr", "mL/min/1,73m²", 1, "mL/min/1.73m2"},   // Norwegian decimal comma
		{"fibrinogen", "mg/dL", 0.01, "g/L"},            // 1 g/L = 100 mg/dL
		{"sodium", "mEq/L", 1, "mmol/L"},                //
		{"aptt", "sek", 1, "s"},                         //
	} {
		f, cu, err := Canonical(c.concept, c.unit)
		if err != nil {
			t.Errorf("%s %q: %v", c.concept, c.unit, err)
			continue
		}
		if math.Abs(f-c.factor) > 1e-12*c.factor || cu != c.canonical {
			t.Errorf("%s %q: factor %g %s, want %g %s", c.concept, c.unit, f, cu, c.factor, c.canonical)
		}
	}
}

func TestCanonicalErrors(t *testing.T) {
	_, cu, err := Canonical("haemoglobin", "mg/mL")
	if err == nil || cu != "g/dL" || !strings.Contains(err.Error(), "g/dL; g/L; mmol/L") {
		t.Errorf("unknown unit: %v (canonical %q); want the accepted units listed", err, cu)
	}
	if _, _, err := Canonical("urea", "mg/dL"); err == nil || !strings.Contains(err.Error(), "BUN") {
		t.Errorf("urea mg/dL: %v; want the BUN/urea ambiguity explained", err)
	}
	if _, _, err := Canonical("d_dimer", "mg/L DDU"); err == nil || !strings.Contains(err.Error(), "DDU") {
		t.Errorf("D-dimer DDU: %v", err)
	}
	if _, _, err := Canonical("tsh", "mIU/L"); !errors.Is(err, ErrUnknownConcept) {
		t.Errorf("unknown concept: %v", err)
	}
}

// TestConvertExactAtCutoffs: 120 g/L is exactly 12 g/dL (the WHO cut-off for
// women), which 120 × 0.1 is not.
func TestConvertExactAtCutoffs(t *testing.T) {
	for _, c := range []struct {
		concept, unit string
		v, want       float64
	}{
		{"haemoglobin", "g/L", 120, 12},
		{"haemoglobin", "g/L", 130, 13},
		{"albumin", "g/dL", 3.5, 35},
		{"d_dimer", "µg/L", 500, 0.5},
		{"creatinine", "mg/dL", 1.2, 1.2 * 88.42},
	} {
		got, err := Convert(c.concept, c.unit, c.v)
		if err != nil || got != c.want {
			t.Errorf("%s %g %s = %v (%v), want %v", c.concept, c.v, c.unit, got, err, c.want)
		}
	}
	xs := []float64{120, math.NaN()}
	if err := ConvertAll("haemoglobin", "g/L", xs); err != nil || xs[0] != 12 || !math.IsNaN(xs[1]) {
		t.Errorf("ConvertAll: %v %v", xs, err)
	}
}

func TestCheckUnit(t *testing.T) {
	hbGL := []float64{125, 98, 140, math.NaN(), 131, 110}
	for _, c := range []struct {
		name, concept, unit string
		values              []float64
		fits                string // "-" for no warning
	}{
		{"Hb in g/L declared g/dL", "haemoglobin", "g/dL", hbGL, "g/L"},
		{"Hb in g/L declared g/L", "haemoglobin", "g/L", hbGL, "-"},
		{"Hb in g/dL", "haemoglobin", "g/dL", []float64{12.5, 9.8, 14}, "-"},
		{"Hb in mmol/L declared g/dL", "haemoglobin", "g/dL", []float64{7.5, 6.1, 8.6, 7.9}, "mmol/L"},
		{"creatinine mg/dL declared µmol/L", "creatinine", "µmol/L", []float64{1.1, 0.8, 1.4, 0.9}, "mg/dL"},
		{"creatinine µmol/L declared mg/dL", "creatinine", "mg/dL", []float64{75, 60, 110}, "µmol/L"},
		{"albumin g/dL declared g/L", "albumin", "g/L", []float64{3.5, 3.1, 4.0}, "g/dL"},
		{"ALT µkat/L declared U/L", "alt", "U/L", []float64{0.4, 0.3, 0.9}, "µkat/L"},
		{"D-dimer µg/L declared mg/L", "d_dimer", "mg/L FEU", []float64{1500, 800, 3000}, "µg/L FEU"},
		{"CRP ambiguous: trusted", "crp", "mg/L", []float64{2, 3, 1}, "-"},
		{"implausible everywhere", "haemoglobin", "g/dL", []float64{1e6}, ""},
		{"unknown unit, fits g/L", "haemoglobin", "g/100mL?", hbGL, "g/L"},
		{"unknown concept", "tsh", "mIU/L", []float64{1, 2}, "-"},
		{"no values", "haemoglobin", "g/dL", []float64{math.NaN()}, "-"},
	} {
		w := CheckUnit(c.concept, c.unit, c.values)
		switch {
		case c.fits == "-" && w != nil:
			t.Errorf("%s: unexpected warning %q", c.name, w.Message)
		case c.fits != "-" && w == nil:
			t.Errorf("%s: no warning", c.name)
		case w != nil && w.Fits != c.fits:
			t.Errorf("%s: fits %q, want %q (%s)", c.name, w.Fits, c.fits, w.Message)
		case w != nil:
			t.Logf("%s: %s", c.name, w.Message)
		}
	}
}
