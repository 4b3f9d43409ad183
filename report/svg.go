package report

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// A small, deterministic SVG line-chart writer for the report's figures.
// The output uses presentation attributes only (no style sheet, fonts or
// external references), so the same bytes work as a standalone .svg file
// and inline in the HTML report.

// fontStack is the system font stack of every figure and of the HTML.
const fontStack = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif`

// palette is Okabe & Ito's colour-blind safe palette (without yellow, which
// is unreadable on white).
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}

// dashes vary the line pattern once the palette is used up.
var dashes = []string{"", "6 3", "2 2", "8 3 2 3"}

// markerShapes distinguish series drawn as markers only.
var markerShapes = []string{"circle", "square", "triangle", "diamond", "cross", "triangle-down"}

// series is one line or set of markers of a plot.
type series struct {
	Name   string
	Points []Point
	Color  string
	Dash   string
	Width  float64
	Step   bool   // draw as a step function (value holds until the next x)
	Marker string // draw markers of this shape instead of a line
}

// plot is a square chart with a legend to its right.
type plot struct {
	ID, Title, Desc        string
	XLabel, YLabel         string
	XMin, XMax, YMin, YMax float64
	XTicks, YTicks         []float64
	// Percent formats tick labels as percentages.
	XPercent, YPercent bool
	Diagonal           bool      // draw y = x
	VLines             []float64 // light vertical reference lines
	LegendTitle        string
	Series             []series
}

const (
	svgW, svgH           = 660.0, 440.0
	plotX, plotY, plotWH = 64.0, 44.0, 340.0
	legendX              = plotX + plotWH + 22
)

func (pl *plot) sx(x float64) float64 {
	return plotX + (x-pl.XMin)/(pl.XMax-pl.XMin)*plotWH
}

func (pl *plot) sy(y float64) float64 {
	return plotY + plotWH - (y-pl.YMin)/(pl.YMax-pl.YMin)*plotWH
}

func num1(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

func tickLabel(v float64, percent bool) string {
	if percent {
		return strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

// SVG renders the plot.
func (pl *plot) SVG() []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	id := pl.ID
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="12" fill="#222">`+"\n",
		num1(svgW), num1(svgH), num1(svgW), num1(svgH), id, id, esc(fontStack))
	fmt.Fprintf(&b, "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, esc(pl.Title), id, esc(pl.Desc))
	fmt.Fprintf(&b, "<rect width=\"%s\" height=\"%s\" fill=\"#fff\"/>\n", num1(svgW), num1(svgH))
	fmt.Fprintf(&b, "<text x=\"%s\" y=\"24\" font-size=\"14\" font-weight=\"600\">%s</text>\n", num1(plotX-40), esc(pl.Title))
	fmt.Fprintf(&b, "<defs><clipPath id=\"%s-clip\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/></clipPath></defs>\n",
		id, num1(plotX), num1(plotY), num1(plotWH), num1(plotWH))
	// Grid and ticks.
	b.WriteString("<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n")
	for _, t := range pl.XTicks {
		fmt.Fprintf(&b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", num1(pl.sx(t)), num1(plotY), num1(pl.sx(t)), num1(plotY+plotWH))
	}
	for _, t := range pl.YTicks {
		fmt.Fprintf(&b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", num1(plotX), num1(pl.sy(t)), num1(plotX+plotWH), num1(pl.sy(t)))
	}
	b.WriteString("</g>\n")
	b.WriteString("<g font-size=\"11\" fill=\"#444\">\n")
	for _, t := range pl.XTicks {
		fmt.Fprintf(&b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", num1(pl.sx(t)), num1(plotY+plotWH+16), esc(tickLabel(t, pl.XPercent)))
	}
	for _, t := range pl.YTicks {
		fmt.Fprintf(&b, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>\n", num1(plotX-6), num1(pl.sy(t)+4), esc(tickLabel(t, pl.YPercent)))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", num1(plotX+plotWH/2), num1(plotY+plotWH+36), esc(pl.XLabel))
	fmt.Fprintf(&b, "<text transform=\"translate(%s %s) rotate(-90)\" text-anchor=\"middle\">%s</text>\n", num1(plotX-44), num1(plotY+plotWH/2), esc(pl.YLabel))
	// Reference lines and data, clipped to the plot area.
	fmt.Fprintf(&b, "<g clip-path=\"url(#%s-clip)\" fill=\"none\">\n", id)
	for _, v := range pl.VLines {
		fmt.Fprintf(&b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#999\" stroke-dasharray=\"1 3\"/>\n", num1(pl.sx(v)), num1(plotY), num1(pl.sx(v)), num1(plotY+plotWH))
	}
	if pl.Diagonal {
		lo, hi := math.Max(pl.XMin, pl.YMin), math.Min(pl.XMax, pl.YMax)
		fmt.Fprintf(&b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#888\" stroke-dasharray=\"4 4\"/>\n", num1(pl.sx(lo)), num1(pl.sy(lo)), num1(pl.sx(hi)), num1(pl.sy(hi)))
	}
	for _, s := range pl.Series {
		if s.Marker != "" {
			continue
		}
		w := s.Width
		if w == 0 {
			w = 2
		}
		fmt.Fprintf(&b, "<polyline stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"round\"", s.Color, num1(w))
		if s.Dash != "" {
			fmt.Fprintf(&b, " stroke-dasharray=\"%s\"", s.Dash)
		}
		b.WriteString(" points=\"")
		b.WriteString(pl.polyPoints(s))
		b.WriteString("\"/>\n")
	}
	b.WriteString("</g>\n")
	for _, s := range pl.Series {
		if s.Marker == "" {
			continue
		}
		fmt.Fprintf(&b, "<g fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\">\n", s.Color)
		for _, p := range s.Points {
			b.WriteString(marker(s.Marker, pl.sx(p.X), pl.sy(p.Y), 5))
		}
		b.WriteString("</g>\n")
	}
	// Frame.
	fmt.Fprintf(&b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#666\"/>\n", num1(plotX), num1(plotY), num1(plotWH), num1(plotWH))
	// Legend.
	y := plotY + 6
	if pl.LegendTitle != "" {
		fmt.Fprintf(&b, "<text x=\"%s\" y=\"%s\" font-weight=\"600\" font-size=\"11\">%s</text>\n", num1(legendX), num1(y+4), esc(pl.LegendTitle))
		y += 20
	}
	for _, s := range pl.Series {
		if s.Name == "" {
			continue
		}
		if s.Marker != "" {
			fmt.Fprintf(&b, "<g fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\">%s</g>", s.Color, marker(s.Marker, legendX+11, y, 5))
		} else {
			w := s.Width
			if w == 0 {
				w = 2
			}
			fmt.Fprintf(&b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\"", num1(legendX), num1(y), num1(legendX+22), num1(y), s.Color, num1(w))
			if s.Dash != "" {
				fmt.Fprintf(&b, " stroke-dasharray=\"%s\"", s.Dash)
			}
			b.WriteString("/>")
		}
		fmt.Fprintf(&b, "<text x=\"%s\" y=\"%s\" font-size=\"11\">%s</text>\n", num1(legendX+28), num1(y+4), esc(s.Name))
		y += 18
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// polyPoints returns the pixel coordinates of a series, dropping points that
// round to the same pixel as the previous one.
func (pl *plot) polyPoints(s series) string {
	var parts []string
	last := ""
	add := func(x, y float64) {
		c := num1(pl.sx(x)) + "," + num1(pl.sy(y))
		if c != last {
			parts = append(parts, c)
			last = c
		}
	}
	for i, p := range s.Points {
		if s.Step && i > 0 {
			add(p.X, s.Points[i-1].Y)
		}
		add(p.X, p.Y)
	}
	return strings.Join(parts, " ")
}

func marker(shape string, x, y, r float64) string {
	switch shape {
	case "square":
		return fmt.Sprintf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>", num1(x-r*0.9), num1(y-r*0.9), num1(1.8*r), num1(1.8*r))
	case "triangle":
		return fmt.Sprintf("<path d=\"M%s %sL%s %sL%s %sZ\"/>", num1(x), num1(y-r*1.15), num1(x+r*1.1), num1(y+r*0.8), num1(x-r*1.1), num1(y+r*0.8))
	case "triangle-down":
		return fmt.Sprintf("<path d=\"M%s %sL%s %sL%s %sZ\"/>", num1(x), num1(y+r*1.15), num1(x+r*1.1), num1(y-r*0.8), num1(x-r*1.1), num1(y-r*0.8))
	case "diamond":
		return fmt.Sprintf("<path d=\"M%s %sL%s %sL%s %sL%s %sZ\"/>", num1(x), num1(y-r*1.25), num1(x+r*1.1), num1(y), num1(x), num1(y+r*1.25), num1(x-r*1.1), num1(y))
	case "cross":
		a := r * 0.4
		return fmt.Sprintf("<path d=\"M%s %sH%sV%sH%sV%sH%sV%sH%sV%sH%sV%sZ\"/>",
			num1(x-r), num1(y-a), num1(x-a), num1(y-r), num1(x+a), num1(y-a), num1(x+r), num1(y+a), num1(x+a), num1(y+r), num1(x-a), num1(y+a))
	}
	return fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%s\"/>", num1(x), num1(y), num1(r))
}

// niceTicks returns about n round tick values covering [lo, hi], and the
// range widened to the outer ticks.
func niceTicks(lo, hi float64, n int) (ticks []float64, min, max float64) {
	if !(hi > lo) {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	min = math.Floor(lo/step+1e-9) * step
	max = math.Ceil(hi/step-1e-9) * step
	for v := min; v <= max+step/2; v += step {
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return ticks, min, max
}
