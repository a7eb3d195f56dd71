package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// BarSeries is one set of bars, a value per label; bars of several series stand
// side by side in each label's group (this year beside the year before).
type BarSeries struct {
	Name   string
	Values []float64
}

// Bars describes a horizontal bar chart: a row of bars per label, which suits long
// Vietnamese names better than columns do. Negative values (a loss) run left of zero.
type Bars struct {
	Title      string
	Labels     []string
	Series     []BarSeries
	Unit       string // appended to values, e.g. " tỷ"
	Width      int
	ValueLabel func(float64) string
}

// SVG renders the chart.
func (c Bars) SVG() template.HTML {
	w := c.Width
	if w == 0 {
		w = 720
	}
	if c.ValueLabel == nil {
		c.ValueLabel = func(v float64) string { return strings.Replace(fmt.Sprintf("%g", math.Round(v*10)/10), ".", ",", 1) }
	}
	const left, right, top, barH, gap = 210, 90, 8, 14, 10
	n := max(len(c.Series), 1)
	group := n*barH + gap
	legend := 0
	if len(c.Series) > 1 {
		legend = 20
	}
	h := top + len(c.Labels)*group + legend + 4
	lo, hi := 0.0, 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	span := hi - lo
	if span <= 0 {
		span = 1
	}
	plotW := float64(w - left - right)
	x := func(v float64) float64 { return float64(left) + plotW*(v-lo)/span }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(c.Title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(c.Title))
	zero := x(0)
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#888"/>`, zero, zero, top, h-legend-4)
	for i, label := range c.Labels {
		y0 := top + i*group
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#1a1a1a">%s</text>`,
			left-8, y0+n*barH/2+4, esc(truncate(label, 32)))
		for si, s := range c.Series {
			if i >= len(s.Values) {
				continue
			}
			v := s.Values[i]
			x0, x1 := math.Min(zero, x(v)), math.Max(zero, x(v))
			y := y0 + si*barH
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s, %s: %s%s</title></rect>`,
				x0, y, math.Max(x1-x0, 0.5), barH-2, palette[si%len(palette)], esc(s.Name), esc(label), esc(c.ValueLabel(v)), esc(c.Unit))
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#333">%s%s</text>`, math.Max(x1, zero)+4, y+barH-4,
				esc(c.ValueLabel(v)), esc(c.Unit))
		}
	}
	if legend > 0 {
		lx := left
		for si, s := range c.Series {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" font-size="11" fill="#1a1a1a">%s</text>`,
				lx, h-legend, palette[si%len(palette)], lx+14, h-legend+9, esc(s.Name))
			lx += 24 + 7*len([]rune(s.Name))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
