package chart

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Span is a period on a timeline, such as a phase of the plan.
type Span struct {
	Label      string
	From, To   time.Time
	Emphasised bool // the period running today
}

// Mark is one day on a timeline, such as a report's due date.
type Mark struct {
	Label string
	At    time.Time
	Done  bool // already passed or handled
}

// Timeline draws spans as bars and marks as ticks between From and To, with today
// marked, so a director sees at a glance where the movement stands.
type Timeline struct {
	Title    string
	From, To time.Time
	Today    time.Time
	Spans    []Span
	Marks    []Mark
	Width    int
}

// SVG renders the timeline.
func (t Timeline) SVG() template.HTML {
	w := t.Width
	if w == 0 {
		w = 720
	}
	const left, right, barY, barH = 10, 10, 28, 26
	h := barY + barH + 24 + 16*len(t.Marks)
	total := t.To.Sub(t.From).Hours()
	if total <= 0 {
		total = 1
	}
	x := func(at time.Time) float64 {
		return float64(left) + float64(w-left-right)*clamp(at.Sub(t.From).Hours()/total, 0, 1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %d %d" width="100%%" aria-label="%s">`, w, h, esc(t.Title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(t.Title))
	for i, s := range t.Spans {
		fill := "#e6ecf5"
		if s.Emphasised {
			fill = "#c5d5ee"
		}
		x0, x1 := x(s.From), x(s.To)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" stroke="%s"/>`, x0, barY, x1-x0, barH, fill, palette[i%len(palette)])
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" fill="#222">%s</text>`, x0+4, barY+17, esc(truncate(s.Label, int((x1-x0)/7))))
	}
	for y := t.From.Year() + 1; y <= t.To.Year(); y++ {
		at := x(time.Date(y, 1, 1, 0, 0, 0, 0, t.From.Location()))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#999" stroke-dasharray="2,2"/>`, at, at, barY-6, barY+barH+4)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#555" text-anchor="middle">%d</text>`, at, barY-10, y)
	}
	for i, m := range t.Marks {
		mx := x(m.At)
		colour := palette[3]
		if m.Done {
			colour = "#888"
		}
		ly := barY + barH + 18 + 16*i
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s"/>`, mx, mx, barY, ly-10, colour)
		anchor := "start"
		if mx > float64(w)*0.6 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="%s" text-anchor="%s">%s</text>`, mx, ly, colour, anchor, esc(m.Label))
	}
	if !t.Today.Before(t.From) && !t.Today.After(t.To) {
		tx := x(t.Today)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#b00020" stroke-width="2"/>`, tx, tx, barY-14, barY+barH+6)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#b00020" text-anchor="middle">Hôm nay</text>`, tx, barY+barH+16)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Sparkline is a small line of a value over a few periods (a target per year), with
// no axes: a trend beside a figure.
type Sparkline struct {
	Label  string
	Values []*float64
	Min    float64
	Max    float64
}

// SVG renders the sparkline; a period without data is left out of the line.
func (s Sparkline) SVG() template.HTML {
	const w, h = 96, 24
	span := s.Max - s.Min
	if span <= 0 {
		span = 1
	}
	var pts []string
	var last string
	for i, v := range s.Values {
		if v == nil {
			continue
		}
		x := 2.0
		if len(s.Values) > 1 {
			x = 2 + float64(w-4)*float64(i)/float64(len(s.Values)-1)
		}
		y := 2 + float64(h-4)*(1-clamp((*v-s.Min)/span, 0, 1))
		p := fmt.Sprintf("%.1f,%.1f", x, y)
		pts = append(pts, p)
		last = fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="2" fill="%s"/>`, x, y, palette[0])
	}
	return template.HTML(fmt.Sprintf(`<svg class="spark" role="img" viewBox="0 0 %d %d" width="%d" height="%d" aria-label="%s"><polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>%s</svg>`,
		w, h, w, h, esc(s.Label), palette[0], strings.Join(pts, " "), last))
}
