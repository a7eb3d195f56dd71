// Package chart draws the few charts thidua shows as inline SVG, on the server, so
// pages need no script and print as they look. Each chart carries a text
// description; pages show the figures in a table beside it for screen readers.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Series is one line: a value per label, nil where there is no data (a gap, not a zero).
type Series struct {
	Name   string
	Values []*float64
}

// Line describes a line chart over labelled points (months, years).
type Line struct {
	Title      string
	Labels     []string
	Series     []Series
	Min, Max   float64
	Unit       string   // appended to axis values, e.g. "%"
	Threshold  *float64 // a target line, e.g. 98
	Width      int
	Height     int
	ValueLabel func(float64) string
}

// palette has colours distinguishable for common colour blindness, dark enough on white.
var palette = []string{"#0b4f9c", "#b35900", "#1e6b2e", "#8b1d1d", "#5b3a9b", "#006d77", "#6b4f00", "#444444"}

// SVG renders the chart.
func (c Line) SVG() template.HTML {
	w, h := c.Width, c.Height
	if w == 0 {
		w = 720
	}
	if h == 0 {
		h = 260
	}
	if c.ValueLabel == nil {
		c.ValueLabel = func(v float64) string { return strings.Replace(fmt.Sprintf("%g", math.Round(v*100)/100), ".", ",", 1) }
	}
	const left, right, top, bottom = 48, 150, 16, 36
	plotW, plotH := float64(w-left-right), float64(h-top-bottom)
	span := c.Max - c.Min
	if span <= 0 {
		span = 1
	}
	x := func(i int) float64 {
		if len(c.Labels) <= 1 {
			return float64(left) + plotW/2
		}
		return float64(left) + plotW*float64(i)/float64(len(c.Labels)-1)
	}
	y := func(v float64) float64 { return float64(top) + plotH*(1-(v-c.Min)/span) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(c.Title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(c.Title))
	for i := 0; i <= 4; i++ {
		v := c.Min + span*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#d0d4da"/>`, left, float64(left)+plotW, y(v), y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#555">%s%s</text>`, left-6, y(v)+4, esc(c.ValueLabel(v)), esc(c.Unit))
	}
	step := 1
	if len(c.Labels) > 12 {
		step = (len(c.Labels) + 11) / 12
	}
	for i, l := range c.Labels {
		if i%step == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#555">%s</text>`, x(i), h-bottom+16, esc(l))
		}
	}
	if c.Threshold != nil {
		ty := y(*c.Threshold)
		fmt.Fprintf(&b, `<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#a4161a" stroke-dasharray="5 4"/>`, left, float64(left)+plotW, ty, ty)
		// Labelled inside the plot, above the line at its start, clear of the legend.
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="11" fill="#a4161a">chỉ tiêu %s%s</text>`, left+4, ty-4, esc(c.ValueLabel(*c.Threshold)), esc(c.Unit))
	}
	for si, s := range c.Series {
		col := palette[si%len(palette)]
		var path strings.Builder
		pen := false
		for i, v := range s.Values {
			if v == nil {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%.1f %.1f ", cmd, x(i), y(clamp(*v, c.Min, c.Max)))
			pen = true
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.TrimSpace(path.String()), col)
		for i, v := range s.Values {
			if v != nil {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s, %s: %s%s</title></circle>`,
					x(i), y(clamp(*v, c.Min, c.Max)), col, esc(s.Name), esc(c.Labels[i]), esc(c.ValueLabel(*v)), esc(c.Unit))
			}
		}
		ly := top + 14*si + 20
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" font-size="11" fill="#1a1a1a">%s</text>`,
			w-right+18, ly-9, col, w-right+32, ly, esc(truncate(s.Name, 22)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func esc(s string) string { return template.HTMLEscapeString(s) }
