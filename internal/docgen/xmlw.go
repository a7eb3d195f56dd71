package docgen

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// Sizes in points. Decree 30 gives ranges; these are the values most departments use.
const (
	sizeBody      = 14 // body text, type name, summary, signature block, place and date
	sizeHeader    = 13 // agency names, "Số:", the motto
	sizeNation    = 12 // CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, so it fits one line
	sizeTable     = 13 // figures in tables
	sizeNoiNhan   = 12 // "Nơi nhận:"
	sizeRecipient = 11 // the recipients under it
	font          = "Times New Roman"
)

// Lengths in twips (1/1440 inch; 1 mm ≈ 56.7 twips).
const (
	pageWidth   = 11906 // A4 portrait
	pageHeight  = 16838
	marginTop   = 1134 // 20 mm
	marginBot   = 1134 // 20 mm
	marginLeft  = 1701 // 30 mm
	marginRight = 850  // 15 mm
	textWidth   = pageWidth - marginLeft - marginRight
	firstLine   = 720 // 1.27 cm first-line indent of body paragraphs
	paraAfter   = 120 // 6 pt between paragraphs, Decree 30's minimum
)

// pPr is the paragraph formatting the layout uses; zero fields are left out.
type pPr struct {
	align       string // both, center, left, right
	firstLine   int
	left, right int // indents
	before      int // spacing before, twips
	after       int // spacing after, twips
	line        int // line spacing in 240ths of a line; 0 is single
	keepNext    bool
	rule        bool // a thin rule along the paragraph's top edge
	ruleOnly    bool // the paragraph exists to draw the rule: make it hairline-thin
}

// rPr is run formatting. Every run names the font itself, so a document opened
// where the defaults differ (or pasted elsewhere) keeps Times New Roman.
type rPr struct {
	bold, italic bool
	size         int // points; 0 is the default body size
}

// xw writes WordprocessingML. All text passes through text(), which escapes it, so
// what a user typed (`<b>&"`, even "{{") is always characters, never markup.
type xw struct{ bytes.Buffer }

func (w *xw) raw(s string) { w.WriteString(s) }

func (w *xw) attr(name string, v int) {
	w.raw(" " + name + `="` + strconv.Itoa(v) + `"`)
}

func (w *xw) pPr(p pPr) {
	w.raw("<w:pPr>")
	if p.keepNext {
		w.raw("<w:keepNext/>")
	}
	if p.rule {
		w.raw(`<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>`)
	}
	w.raw("<w:spacing")
	w.attr("w:before", p.before)
	w.attr("w:after", p.after)
	switch {
	case p.ruleOnly:
		// A 1-pt line high paragraph: the rule sits right under the text above.
		w.raw(` w:line="20" w:lineRule="exact"`)
	case p.line > 0:
		w.attr("w:line", p.line)
		w.raw(` w:lineRule="auto"`)
	default:
		w.raw(` w:line="240" w:lineRule="auto"`)
	}
	w.raw("/>")
	if p.left != 0 || p.right != 0 || p.firstLine != 0 {
		w.raw("<w:ind")
		w.attr("w:left", p.left)
		w.attr("w:right", p.right)
		if p.firstLine != 0 {
			w.attr("w:firstLine", p.firstLine)
		}
		w.raw("/>")
	}
	if p.align != "" {
		w.raw(`<w:jc w:val="` + p.align + `"/>`)
	}
	if p.ruleOnly {
		w.raw(`<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>`)
	}
	w.raw("</w:pPr>")
}

func (w *xw) rPr(r rPr) {
	w.raw(`<w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `" w:cs="` + font + `"/>`)
	if r.bold {
		w.raw("<w:b/><w:bCs/>")
	}
	if r.italic {
		w.raw("<w:i/><w:iCs/>")
	}
	size := r.size
	if size == 0 {
		size = sizeBody
	}
	w.raw(`<w:sz w:val="` + strconv.Itoa(2*size) + `"/><w:szCs w:val="` + strconv.Itoa(2*size) + `"/>`)
	w.raw("</w:rPr>")
}

// run writes s as one run; newlines become line breaks and tabs tabs.
func (w *xw) run(r rPr, s string) {
	w.raw("<w:r>")
	w.rPr(r)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			w.raw("<w:br/>")
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				w.raw("<w:tab/>")
			}
			if part != "" {
				w.raw(`<w:t xml:space="preserve">`)
				w.text(part)
				w.raw("</w:t>")
			}
		}
	}
	w.raw("</w:r>")
}

// text escapes s. xml.EscapeText also replaces characters XML cannot hold (control
// characters pasted from spreadsheets) with U+FFFD instead of breaking the file.
func (w *xw) text(s string) {
	xml.EscapeText(w, []byte(strings.ReplaceAll(s, "\r", "")))
}

// para writes one paragraph with runs of one formatting.
func (w *xw) para(p pPr, r rPr, texts ...string) {
	w.raw("<w:p>")
	w.pPr(p)
	for _, t := range texts {
		w.run(r, t)
	}
	w.raw("</w:p>")
}

// rule writes an empty paragraph whose top border is a centred line width twips
// long in a space avail twips wide: the short rules of Decree 30.
func (w *xw) rule(width, avail int) {
	side := max((avail-width)/2, 0)
	w.raw("<w:p>")
	// 3 pt above keeps the rule clear of the descenders and the dot of "Ự".
	w.pPr(pPr{align: "center", left: side, right: side, before: 60, rule: true, ruleOnly: true})
	w.raw("</w:p>")
}

// tableStart opens a table of the given column widths (twips). Borders are drawn
// when bordered; the header block and the signature block are borderless.
func (w *xw) tableStart(widths []int, bordered bool, indent int) {
	total := 0
	for _, c := range widths {
		total += c
	}
	w.raw("<w:tbl><w:tblPr>")
	w.raw(`<w:tblW w:w="` + strconv.Itoa(total) + `" w:type="dxa"/>`)
	if indent != 0 {
		w.raw(`<w:tblInd w:w="` + strconv.Itoa(indent) + `" w:type="dxa"/>`)
	}
	val := "none"
	if bordered {
		val = "single"
	}
	w.raw("<w:tblBorders>")
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		w.raw("<w:" + side + ` w:val="` + val + `" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	w.raw("</w:tblBorders>")
	w.raw(`<w:tblLayout w:type="fixed"/>`)
	w.raw(`<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>`)
	w.raw(`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	w.raw("</w:tblPr><w:tblGrid>")
	for _, c := range widths {
		w.raw(`<w:gridCol w:w="` + strconv.Itoa(c) + `"/>`)
	}
	w.raw("</w:tblGrid>")
}

// rowStart opens a row; a header row repeats on every page and rows never split.
func (w *xw) rowStart(header bool) {
	w.raw("<w:tr><w:trPr><w:cantSplit/>")
	if header {
		w.raw("<w:tblHeader/>")
	}
	w.raw("</w:trPr>")
}

func (w *xw) cellStart(width int, vcenter bool) {
	w.raw(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/>`)
	if vcenter {
		w.raw(`<w:vAlign w:val="center"/>`)
	}
	w.raw("</w:tcPr>")
}
