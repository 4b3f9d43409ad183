package metrics

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// The pROC values below come from R 4.2.2 with pROC 1.18.0:
//
//	r1 <- roc(y, p1, levels=c(0,1), direction="<")   # p40a
//	r2 <- roc(y, p2, levels=c(0,1), direction="<")   # p40b
//	auc(r1); var(r1); ci.auc(r1, method="delong")
//	cov(r1, r2); roc.test(r1, r2, method="delong", paired=TRUE)
//
// printed with format(x, digits=17). The logit intervals have no pROC
// equivalent; they were computed in R from pROC's var():
//
//	plogis(qlogis(a) + c(-1,1)*qnorm(0.975)*sqrt(v)/(a*(1-a)))
func TestAUROCWithCIPROC(t *testing.T) {
	for _, tc := range []struct {
		name      string
		p         []float64
		auc, vari float64
		plain, ci [2]float64
	}{
		{
			// pROC: auc 0.8918495297805642, var 0.0038576384160645323,
			// ci.auc 0.77011638260840076 .. 1 (the upper limit
			// 0.8918 + 1.96·0.0621 > 1 is clipped by pROC).
			name: "p40a", p: p40a,
			auc: 0.8918495297805642, vari: 0.0038576384160645323,
			plain: [2]float64{0.77011638260840076, 1},
			ci:    [2]float64{0.70008196849926296, 0.96681341004607002},
		},
		{
			// pROC: auc 0.79780564263322884, var 0.0082822215078187413,
			// ci.auc 0.61943576606727702 .. 0.97617551919918066.
			name: "p40b", p: p40b,
			auc: 0.79780564263322884, vari: 0.0082822215078187413,
			plain: [2]float64{0.61943576606727702, 0.97617551919918066},
			ci:    [2]float64{0.56632915078254842, 0.92261232580727737},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := AUROCWithCI(y40, tc.p, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			if !near(r.AUC, tc.auc, 1e-15) {
				t.Errorf("AUC = %.17g, pROC %.17g", r.AUC, tc.auc)
			}
			if !near(r.SE*r.SE, tc.vari, 1e-15) {
				t.Errorf("SE² = %.17g, pROC var %.17g", r.SE*r.SE, tc.vari)
			}
			for k := range 2 {
				if !near(r.PlainCI[k], tc.plain[k], 1e-12) {
					t.Errorf("PlainCI = %.17g, pROC %.17g", r.PlainCI, tc.plain)
				}
				if !near(r.CI[k], tc.ci[k], 1e-12) {
					t.Errorf("CI = %.17g, want %.17g", r.CI, tc.ci)
				}
			}
			if auc, _ := AUROC(y40, tc.p); auc != r.AUC {
				t.Errorf("AUROCWithCI AUC %.17g differs from AUROC %.17g", r.AUC, auc)
			}
		})
	}
}

// TestDeLongPlacementsBruteForce checks the midrank placement values and
// the variance against the O(m·n) definitions of DOMAIN.md 7.5 (DeLong et
// al. 1988): V10_i = (1/n) Σ_j ψ(X_i, Y_j), V01_j = (1/m) Σ_i ψ(X_i, Y_j),
// Var = S10/m + S01/n.
func TestDeLongPlacementsBruteForce(t *testing.T) {
	for _, d := range []struct{ y, p []float64 }{{y40, p40a}, {y40, p40b}, {y30, p30}, {y50, p50}} {
		var xs, ys []float64
		for i, v := range d.y {
			if v == 1 {
				xs = append(xs, d.p[i])
			} else {
				ys = append(ys, d.p[i])
			}
		}
		psi := func(x, y float64) float64 {
			switch {
			case x > y:
				return 1
			case x == y:
				return 0.5
			}
			return 0
		}
		m, n := float64(len(xs)), float64(len(ys))
		v10 := make([]float64, len(xs))
		v01 := make([]float64, len(ys))
		var a float64
		for i, x := range xs {
			for j, y := range ys {
				s := psi(x, y)
				v10[i] += s / n
				v01[j] += s / m
				a += s / (m * n)
			}
		}
		var s10, s01 float64
		for _, v := range v10 {
			s10 += (v - a) * (v - a)
		}
		for _, v := range v01 {
			s01 += (v - a) * (v - a)
		}
		want := s10/(m-1)/m + s01/(n-1)/n
		pl, err := delongPlacements(d.y, d.p)
		if err != nil {
			t.Fatal(err)
		}
		for i := range v10 {
			if !near(pl.v10[i], v10[i], 1e-14) {
				t.Fatalf("v10[%d] = %v, brute force %v", i, pl.v10[i], v10[i])
			}
		}
		for j := range v01 {
			if !near(pl.v01[j], v01[j], 1e-14) {
				t.Fatalf("v01[%d] = %v, brute force %v", j, pl.v01[j], v01[j])
			}
		}
		r, _ := AUROCWithCI(d.y, d.p, 0.95)
		if !near(r.SE*r.SE, want, 1e-15) || !near(r.AUC, a, 1e-14) {
			t.Errorf("AUC, Var = %v, %v; brute force %v, %v", r.AUC, r.SE*r.SE, a, want)
		}
	}
}

func TestAUROCWithCIEdgeCases(t *testing.T) {
	t.Run("one event", func(t *testing.T) {
		// pROC 1.18.0 on these rows: auc 0.64285714285714279, var NA,
		// "95% CI: NA-NA (DeLong)". Hand: the event (0.4) beats 0.1, 0.3,
		// 0.2, 0.05, ties 0.4, loses to 0.7 and 0.5: (4 + 0.5)/7 = 9/14.
		y := []float64{0, 1, 0, 0, 0, 0, 0, 0}
		p := []float64{0.1, 0.4, 0.7, 0.3, 0.2, 0.4, 0.05, 0.5}
		r, err := AUROCWithCI(y, p, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if !near(r.AUC, 9.0/14, 1e-15) || !math.IsNaN(r.SE) || !math.IsNaN(r.CI[0]) || !math.IsNaN(r.CI[1]) || !math.IsNaN(r.PlainCI[0]) {
			t.Errorf("got %+v, want AUC 9/14 and NaN SE and intervals", r)
		}
		// One non-event likewise.
		r, err = AUROCWithCI([]float64{1, 0, 1, 1}, []float64{0.2, 0.3, 0.5, 0.9}, 0.95)
		if err != nil || !near(r.AUC, 2.0/3, 1e-15) || !math.IsNaN(r.SE) {
			t.Errorf("one non-event: got %+v, %v", r, err)
		}
	})
	t.Run("all predictions equal", func(t *testing.T) {
		// pROC 1.18.0: auc 0.5, var 0, "95% CI: 0.5-0.5 (DeLong)".
		r, err := AUROCWithCI([]float64{0, 1, 0, 1, 1, 0}, []float64{0.3, 0.3, 0.3, 0.3, 0.3, 0.3}, 0.95)
		want := AUROCResult{AUC: 0.5, SE: 0, CI: [2]float64{0.5, 0.5}, PlainCI: [2]float64{0.5, 0.5}}
		if err != nil || r != want {
			t.Errorf("got %+v, %v; want %+v", r, err, want)
		}
	})
	t.Run("perfect separation", func(t *testing.T) {
		// pROC 1.18.0: auc 1, var 0 (with the warning that it "can be
		// misleading"), "95% CI: 1-1 (DeLong)".
		y := []float64{0, 1, 0, 1, 1, 0}
		r, err := AUROCWithCI(y, []float64{0.1, 0.8, 0.2, 0.9, 0.7, 0.3}, 0.95)
		want := AUROCResult{AUC: 1, SE: 0, CI: [2]float64{1, 1}, PlainCI: [2]float64{1, 1}}
		if err != nil || r != want {
			t.Errorf("got %+v, %v; want %+v", r, err, want)
		}
		r, err = AUROCWithCI(y, []float64{0.9, 0.2, 0.8, 0.1, 0.3, 0.7}, 0.95)
		want = AUROCResult{AUC: 0, SE: 0, CI: [2]float64{0, 0}, PlainCI: [2]float64{0, 0}}
		if err != nil || r != want {
			t.Errorf("reversed: got %+v, %v; want %+v", r, err, want)
		}
	})
	t.Run("errors", func(t *testing.T) {
		r, err := AUROCWithCI([]float64{0, 0}, []float64{0.1, 0.2}, 0.95)
		if !errors.Is(err, ErrSingleClass) || !math.IsNaN(r.AUC) || !math.IsNaN(r.SE) {
			t.Errorf("no events: got %+v, %v", r, err)
		}
		if _, err := AUROCWithCI([]float64{0, 3}, []float64{0.1, 0.2}, 0.95); err == nil {
			t.Error("bad label: no error")
		}
	})
	t.Run("level", func(t *testing.T) {
		// A wider level widens both intervals.
		r95, _ := AUROCWithCI(y40, p40b, 0.95)
		r99, _ := AUROCWithCI(y40, p40b, 0.99)
		if !(r99.CI[0] < r95.CI[0] && r99.CI[1] > r95.CI[1]) {
			t.Errorf("99%% CI %v not wider than 95%% CI %v", r99.CI, r95.CI)
		}
	})
}

func TestDeLongTestPROC(t *testing.T) {
	// pROC 1.18.0 roc.test(r1, r2, method="delong", paired=TRUE) on
	// y40, p40a, p40b: Z = 1.7338164841226811,
	// p-value = 0.082950649889432515, 95 percent confidence interval
	// -0.012266459687436268 0.200354233982107000, AUCs
	// 0.89184952978056420 and 0.79780564263322884; cov(r1, r2) =
	// 0.0045988885722428041, so SE = sqrt(var1 + var2 − 2 cov) =
	// 0.054240969565427802 (R).
	r, err := DeLongTest(y40, p40a, p40b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"Diff", r.Diff, 0.89184952978056420 - 0.79780564263322884, 1e-15},
		{"SE", r.SE, 0.054240969565427802, 1e-14},
		{"Z", r.Z, 1.7338164841226811, 1e-12},
		{"P", r.P, 0.082950649889432515, 1e-12},
		{"CI lower", r.CI[0], -0.012266459687436268, 1e-12},
		{"CI upper", r.CI[1], 0.200354233982107000, 1e-12},
	} {
		if !near(c.got, c.want, c.tol) {
			t.Errorf("%s = %.17g, pROC %.17g", c.name, c.got, c.want)
		}
	}
	// Swapping the predictors flips the sign only.
	s, _ := DeLongTest(y40, p40b, p40a)
	if s.Diff != -r.Diff || !near(s.SE, r.SE, 1e-16) || !near(s.P, r.P, 1e-15) {
		t.Errorf("swapped: %+v vs %+v", s, r)
	}
}

func TestDeLongTestEdgeCases(t *testing.T) {
	r, err := DeLongTest(y40, p40a, p40a)
	want := DeLongTestResult{Diff: 0, SE: 0, Z: 0, P: 1, CI: [2]float64{0, 0}}
	if err != nil || r != want {
		t.Errorf("identical predictions: %+v, %v; want %+v", r, err, want)
	}
	// One event: the variances are undefined.
	y := []float64{0, 1, 0, 0, 0}
	r, err = DeLongTest(y, []float64{0.1, 0.4, 0.7, 0.3, 0.2}, []float64{0.2, 0.1, 0.3, 0.4, 0.5})
	if err != nil || !near(r.Diff, 0.75, 1e-15) || !math.IsNaN(r.SE) || !math.IsNaN(r.P) || !math.IsNaN(r.CI[0]) {
		t.Errorf("one event: %+v, %v", r, err)
	}
	if _, err := DeLongTest([]float64{1, 1}, []float64{0.1, 0.2}, []float64{0.3, 0.4}); !errors.Is(err, ErrSingleClass) {
		t.Errorf("no non-events: err = %v", err)
	}
	if _, err := DeLongTest([]float64{1, 0}, []float64{0.1, 0.2}, []float64{0.3, math.NaN()}); err == nil {
		t.Error("NaN in p2: no error")
	}
}

func TestDeLongPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"DeLongTest p2":     func() { DeLongTest([]float64{0, 1}, []float64{0.1, 0.2}, []float64{0.5}) },
		"DeLongTest y":      func() { DeLongTest([]float64{0, 1, 1}, []float64{0.1, 0.2}, []float64{0.5, 0.4}) },
		"AUROCWithCI":       func() { AUROCWithCI([]float64{0, 1}, []float64{0.5}, 0.95) },
		"AUROCWithCI level": func() { AUROCWithCI([]float64{0, 1}, []float64{0.5, 0.6}, 95) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "metrics: ") {
					t.Errorf("panic %q, want a message starting with %q", msg, "metrics: ")
				}
			}()
			f()
		})
	}
}
