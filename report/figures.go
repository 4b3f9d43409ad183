package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/ostfold-vte/bleedrisk/pipeline"
)

// Figure is one figure of the report: a standalone SVG file of the run
// folder (File, relative to the folder) that the HTML report also inlines.
type Figure struct {
	File string
	// Alt names the figure in words (the Markdown image text and the
	// accessible name in HTML).
	Alt string
	SVG []byte
}

// Figures returns the report's figures, four per analysed window: ROC and
// precision–recall curves (from the first repeat's pooled out-of-fold
// predictions in Result.Predictions), calibration curves (the lowess
// points of metrics.json) and decision curves (its net benefit). Without
// predictions the ROC and precision–recall figures are left out. The
// result is cached in r; the same run gives the same bytes.
func Figures(r *Run) []Figure {
	if r.figs == nil {
		r.figs = buildFigures(r.Result)
		if r.figs == nil {
			r.figs = []Figure{}
		}
	}
	return r.figs
}

// figureFor returns the figure of a window and kind, if there is one.
func figureFor(r *Run, window, kind string) (Figure, bool) {
	name := figureFile(window, kind)
	for _, f := range Figures(r) {
		if f.File == name {
			return f, true
		}
	}
	return Figure{}, false
}

func figureFile(window, kind string) string {
	return "figures/" + safeName(window) + "-" + kind + ".svg"
}

// safeName keeps letters, digits, '-' and '_' of a name for a file name.
func safeName(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

type predKey struct{ window, featureSet, model string }

// firstRepeat groups the first repeat's out-of-fold predictions.
func firstRepeat(preds []pipeline.Prediction) map[predKey][2][]float64 {
	out := map[predKey][2][]float64{}
	for _, p := range preds {
		if p.Repeat != 0 {
			continue
		}
		k := predKey{p.Window, p.FeatureSet, p.Model}
		v := out[k]
		v[0] = append(v[0], p.Y)
		v[1] = append(v[1], p.P)
		out[k] = v
	}
	return out
}

// seriesName names a model's curve: the model, the feature set, or both
// when the run compares several of each.
func seriesName(res *pipeline.Result, m pipeline.ModelResult) string {
	switch {
	case len(res.Config.FeatureSets) <= 1:
		return m.Model
	case len(res.Config.Models) <= 1:
		return m.FeatureSet
	}
	return m.Model + " · " + m.FeatureSet
}

func modelStyle(i int) (color, dash string) {
	return palette[i%len(palette)], dashes[(i/len(palette))%len(dashes)]
}

func metricLabel(name string, v float64, ok bool) string {
	if !ok || math.IsNaN(v) {
		return name
	}
	return name + "  " + f3(v)
}

func buildFigures(res *pipeline.Result) []Figure {
	preds := firstRepeat(res.Predictions)
	var out []Figure
	for _, wr := range res.Windows {
		if wr.Skipped != "" || len(wr.Models) == 0 {
			continue
		}
		wl := windowLabel(wr.Window)
		id := safeName(wr.Window.Name)
		phi := float64(wr.Events) / float64(wr.Labelled)
		// Scores' category cut-points (comparators only).
		type scoreCut struct {
			name, shape string
			auroc       float64
			hasAUROC    bool
			cuts        []cutCounts
		}
		var scs []scoreCut
		for _, sc := range wr.Scores {
			if !sc.Comparator {
				continue
			}
			cuts := scoreCuts(sc.Categories)
			if len(cuts) == 0 {
				continue
			}
			v, ok := sc.Metrics["auroc"]
			scs = append(scs, scoreCut{sc.Score, markerShapes[len(scs)%len(markerShapes)], v, ok, cuts})
		}
		const scoreColor = "#4d4d4d"

		// ROC and precision–recall curves.
		roc := &plot{ID: id + "-roc", Title: "ROC curves — " + wl,
			Desc:   "ROC curves of the first repeat's pooled out-of-fold predictions of each model; markers are the cut-points between the risk categories of the published bleeding scores; the dashed diagonal is chance.",
			XLabel: "1 − specificity", YLabel: "Sensitivity", XMin: 0, XMax: 1, YMin: 0, YMax: 1, Diagonal: true, LegendTitle: "AUROC"}
		pr := &plot{ID: id + "-pr", Title: "Precision–recall — " + wl,
			Desc:   "Precision–recall curves (steps, as average precision) of the first repeat's pooled out-of-fold predictions; markers are score category cut-points; the dashed line is the outcome proportion (a random model).",
			XLabel: "Recall (sensitivity)", YLabel: "Precision (PPV)", XMin: 0, XMax: 1, YMin: 0, YMax: 1, LegendTitle: "AUPRC"}
		roc.XTicks, _, _ = niceTicks(0, 1, 5)
		roc.YTicks = roc.XTicks
		pr.XTicks, pr.YTicks = roc.XTicks, roc.XTicks
		curves := 0
		for i, m := range wr.Models {
			yp, ok := preds[predKey{wr.Window.Name, m.FeatureSet, m.Model}]
			if !ok {
				continue
			}
			color, dash := modelStyle(i)
			var pooled map[string]float64
			if len(m.Pooled) > 0 {
				pooled = m.Pooled[0].Metrics
			}
			a, okA := pooled["auroc"]
			ap, okP := pooled["auprc"]
			if pts := rocCurve(yp[0], yp[1]); pts != nil {
				roc.Series = append(roc.Series, series{Name: metricLabel(seriesName(res, m), a, okA), Points: pts, Color: color, Dash: dash})
				curves++
			}
			if pts := prCurve(yp[0], yp[1]); pts != nil {
				pr.Series = append(pr.Series, series{Name: metricLabel(seriesName(res, m), ap, okP), Points: pts, Color: color, Dash: dash, Step: true})
			}
		}
		if curves > 0 {
			pr.Series = append(pr.Series, series{Name: fmt.Sprintf("outcome proportion %.3f", phi), Points: []Point{{0, phi}, {1, phi}}, Color: "#888", Dash: "4 4", Width: 1})
			for _, s := range scs {
				var rp, pp []Point
				for _, c := range s.cuts {
					sens := float64(c.TP) / float64(c.TP+c.FN)
					rp = append(rp, Point{float64(c.FP) / float64(c.FP+c.TN), sens})
					if c.TP+c.FP > 0 {
						pp = append(pp, Point{sens, float64(c.TP) / float64(c.TP+c.FP)})
					}
				}
				roc.Series = append(roc.Series, series{Name: metricLabel(s.name+" (categories)", s.auroc, s.hasAUROC), Points: rp, Color: scoreColor, Marker: s.shape})
				pr.Series = append(pr.Series, series{Name: s.name + " (categories)", Points: pp, Color: scoreColor, Marker: s.shape})
			}
			out = append(out, Figure{File: figureFile(wr.Window.Name, "roc"), Alt: "ROC curves, " + wl, SVG: roc.SVG()},
				Figure{File: figureFile(wr.Window.Name, "pr"), Alt: "Precision–recall curves, " + wl, SVG: pr.SVG()})
		}

		// Calibration curves.
		cal := &plot{ID: id + "-calibration", Title: "Calibration — " + wl,
			Desc:   "Lowess calibration curves (observed against predicted risk) of the first repeat's pooled out-of-fold predictions, as in metrics.json; the dashed diagonal is perfect calibration.",
			XLabel: "Predicted risk", YLabel: "Observed risk (lowess)", Diagonal: true, XPercent: true, YPercent: true, LegendTitle: "Calibration slope"}
		top := 0.0
		for i, m := range wr.Models {
			if len(m.Pooled) == 0 || len(m.Pooled[0].Curve) == 0 {
				continue
			}
			color, dash := modelStyle(i)
			var pts []Point
			for _, c := range m.Pooled[0].Curve {
				x, y := float64(c.P), float64(c.Observed)
				if math.IsNaN(x) || math.IsNaN(y) {
					continue
				}
				pts = append(pts, Point{x, y})
				top = math.Max(top, math.Max(x, y))
			}
			v, ok := m.Pooled[0].Metrics["calibration_slope"]
			cal.Series = append(cal.Series, series{Name: metricLabel(seriesName(res, m), v, ok), Points: pts, Color: color, Dash: dash})
		}
		if len(cal.Series) > 0 {
			top = math.Min(1, top*1.05)
			cal.XTicks, _, cal.XMax = niceTicks(0, top, 5)
			cal.YTicks, cal.YMax = cal.XTicks, cal.XMax
			out = append(out, Figure{File: figureFile(wr.Window.Name, "calibration"), Alt: "Calibration curves, " + wl, SVG: cal.SVG()})
		}

		// Decision curves.
		dca := &plot{ID: id + "-decision", Title: "Decision curves — " + wl,
			Desc:   "Net benefit of the first repeat's pooled out-of-fold predictions against the threshold probability, with treating everyone and treating no one; dotted verticals mark the declared thresholds.",
			XLabel: "Threshold probability", YLabel: "Net benefit", XPercent: true, VLines: res.Config.Thresholds, LegendTitle: "Net benefit"}
		var all []Point
		ymax, xmax := 0.0, 0.0
		for i, m := range wr.Models {
			if len(m.Pooled) == 0 || len(m.Pooled[0].NetBenefit) == 0 {
				continue
			}
			color, dash := modelStyle(i)
			var pts []Point
			for _, nb := range m.Pooled[0].NetBenefit {
				t, v := float64(nb.Threshold), float64(nb.Model)
				xmax = math.Max(xmax, t)
				if !math.IsNaN(v) {
					pts = append(pts, Point{t, v})
					ymax = math.Max(ymax, v)
				}
				if all == nil || len(all) < len(m.Pooled[0].NetBenefit) {
					if ta := float64(nb.TreatAll); !math.IsNaN(ta) {
						all = append(all, Point{t, ta})
						ymax = math.Max(ymax, ta)
					}
				}
			}
			dca.Series = append(dca.Series, series{Name: seriesName(res, m), Points: pts, Color: color, Dash: dash})
		}
		if len(dca.Series) > 0 {
			// The best comparator score's rule "top category is positive".
			if best := bestScore(wr); best != nil {
				cuts := scoreCuts(best.Categories)
				if len(cuts) > 0 && cuts[0].Cut == best.Categories[len(best.Categories)-1].Category {
					c := cuts[0]
					n := float64(c.TP + c.FP + c.FN + c.TN)
					var pts []Point
					for _, a := range all {
						v := float64(c.TP)/n - float64(c.FP)/n*a.X/(1-a.X)
						pts = append(pts, Point{a.X, v})
					}
					dca.Series = append(dca.Series, series{Name: best.Score + " " + c.Cut + " = treat", Points: pts, Color: "#4d4d4d", Dash: "6 3", Width: 1.5})
				}
			}
			dca.Series = append(dca.Series,
				series{Name: "treat all", Points: all, Color: "#000", Width: 1},
				series{Name: "treat none", Points: []Point{{0, 0}, {xmax, 0}}, Color: "#888", Width: 1})
			ymax *= 1.1
			if ymax <= 0 {
				ymax = 0.01
			}
			dca.YTicks, dca.YMin, dca.YMax = niceTicks(-ymax/4, ymax, 5)
			dca.XTicks, dca.XMin, dca.XMax = niceTicks(0, xmax, 6)
			out = append(out, Figure{File: figureFile(wr.Window.Name, "decision"), Alt: "Decision curves, " + wl, SVG: dca.SVG()})
		}
	}
	return out
}

// bestScore returns the comparator bleeding score with the highest AUROC.
func bestScore(wr pipeline.WindowResult) *pipeline.ScoreResult {
	var best *pipeline.ScoreResult
	for i, sc := range wr.Scores {
		if v, ok := sc.Metrics["auroc"]; ok && sc.Comparator && (best == nil || v > best.Metrics["auroc"]) {
			best = &wr.Scores[i]
		}
	}
	return best
}
