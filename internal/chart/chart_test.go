package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

// The chart is well-formed SVG that names itself, leaves a gap where a month has no
// data, draws the target line and escapes names.
func TestLineSVG(t *testing.T) {
	c := Line{Title: "Tỷ lệ đúng hạn <theo tháng>", Labels: []string{"T1", "T2", "T3", "T4"}, Min: 90, Max: 100, Unit: "%", Threshold: f(98),
		Series: []Series{{Name: "Phòng A & B", Values: []*float64{f(99), nil, f(97.5), f(100)}}}}
	svg := string(c.SVG())
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	for _, want := range []string{`role="img"`, "Tỷ lệ đúng hạn &lt;theo tháng&gt;", "Phòng A &amp; B", "chỉ tiêu 98%", "T3: 97,5%"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	// The gap in February starts a new stroke at March.
	start := strings.Index(svg, `<path d="`) + len(`<path d="`)
	d := svg[start : start+strings.Index(svg[start:], `"`)]
	if strings.Count(d, "M") != 2 || strings.Count(d, "L") != 1 {
		t.Errorf("the missing month should split the line in two: %q", d)
	}
}

// Bars are well-formed SVG with a bar per value, a loss running left of zero, every
// value written beside its bar and names escaped.
func TestBarsSVG(t *testing.T) {
	c := Bars{Title: "Doanh thu <theo lĩnh vực>", Labels: []string{"Xây dựng", "Vận tải & kho bãi"}, Unit: " tỷ",
		Series: []BarSeries{{Name: "Năm 2025", Values: []float64{12.5, -3}}, {Name: "Năm 2024", Values: []float64{10, 4}}}}
	svg := string(c.SVG())
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	for _, want := range []string{"Doanh thu &lt;theo lĩnh vực&gt;", "Vận tải &amp; kho bãi", "Năm 2025, Xây dựng: 12,5 tỷ", ">-3 tỷ<", "Năm 2024"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	if n := strings.Count(svg, "<rect"); n != 4+2 {
		t.Errorf("%d rects, want four bars and two legend keys", n)
	}
}
