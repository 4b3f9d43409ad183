package report

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ostfold-vte/bleedrisk/pipeline"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

// TestCurvesMatchMetrics: the area under the drawn ROC curve is the AUROC
// of pipeline/metrics (ties included), and the drawn precision–recall steps
// enclose its AUPRC (average precision), so a figure never disagrees with
// the table next to it.
func TestCurvesMatchMetrics(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20; trial++ {
		n := 50 + r.IntN(300)
		y, p := make([]float64, n), make([]float64, n)
		for i := range y {
			if r.Float64() < 0.15 {
				y[i] = 1
			}
			p[i] = math.Round((r.Float64()+0.3*y[i])*20) / 20 // coarse: many ties
		}
		y[0], y[1] = 1, 0
		auc, err := metrics.AUROC(y, p)
		if err != nil {
			t.Fatal(err)
		}
		roc := rocCurve(y, p)
		if got := trapezoid(roc); math.Abs(got-auc) > 1e-12 {
			t.Fatalf("trial %d: ROC area %.15f, AUROC %.15f", trial, got, auc)
		}
		if roc[0] != (Point{0, 0}) || roc[len(roc)-1] != (Point{1, 1}) {
			t.Fatalf("ROC runs from %v to %v", roc[0], roc[len(roc)-1])
		}
		ap, err := metrics.AUPRC(y, p)
		if err != nil {
			t.Fatal(err)
		}
		pr := prCurve(y, p)
		var area float64
		for i := 1; i < len(pr); i++ {
			area += (pr[i].X - pr[i-1].X) * pr[i].Y
		}
		if math.Abs(area-ap) > 1e-12 {
			t.Fatalf("trial %d: PR step area %.15f, AUPRC %.15f", trial, area, ap)
		}
	}
	if rocCurve([]float64{1, 1}, []float64{0.2, 0.3}) != nil {
		t.Error("ROC of one class is not nil")
	}
}

// TestScoreCutsSuppressSmallCells: a cut-point whose 2×2 table has a count
// from 1 to 4 is not drawn.
func TestScoreCutsSuppressSmallCells(t *testing.T) {
	cats := []pipeline.CategoryCount{{Category: "low", N: 100, Events: 3}, {Category: "intermediate", N: 200, Events: 20}, {Category: "high", N: 60, Events: 17}}
	cuts := scoreCuts(cats)
	// high: TP 17, FP 43, FN 23, TN 277 (kept); intermediate and up: TP 37, FP 223, FN 3 (suppressed).
	if len(cuts) != 1 || cuts[0] != (cutCounts{Cut: "high", TP: 17, FP: 43, FN: 23, TN: 277}) {
		t.Errorf("cuts %+v", cuts)
	}
}
