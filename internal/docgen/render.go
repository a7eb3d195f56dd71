package docgen

import (
	"archive/zip"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Render writes doc as a .docx file to w. It fails, writing nothing, when the
// document has no issuer or type or a table's rows do not match its header.
func Render(w io.Writer, doc Document) error {
	if err := doc.check(); err != nil {
		return err
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", coreProps(&doc)},
		{"docProps/app.xml", appProps},
		{"word/document.xml", documentXML(&doc)},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/theme/theme1.xml", themeXML},
		{"word/header1.xml", headerWithPageNumber},
		{"word/header2.xml", emptyHeader},
		{"word/footer1.xml", emptyFooter},
	}
	// A fixed time keeps the same document byte-for-byte the same file.
	stamp := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if !doc.Date.IsZero() {
		stamp = time.Date(doc.Date.Year, doc.Date.Month, doc.Date.Day, 0, 0, 0, 0, time.UTC)
	}
	z := zip.NewWriter(w)
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return fmt.Errorf("docgen: write %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("docgen: write %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docgen: finish docx: %w", err)
	}
	return nil
}

// documentXML is word/document.xml: header block, title, body, closing, and the
// section properties that fix the page.
func documentXML(d *Document) string {
	var w xw
	w.raw(xmlHeader + `<w:document ` + wordNS + `><w:body>`)
	w.header(d)
	w.titleBlock(d)
	for _, b := range d.Body {
		w.block(b)
	}
	w.closing(d)
	w.sectPr()
	w.raw("</w:body></w:document>")
	return w.String()
}

// sectPr sets A4 portrait and the margins of Decree 30, and titlePg so that page 1
// uses the empty first-page header and footer: no page number on the first page,
// centred numbers in the top margin from page 2.
func (w *xw) sectPr() {
	w.raw(`<w:sectPr>`)
	w.raw(`<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>`)
	w.raw(`<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>`)
	w.raw(`<w:footerReference w:type="first" r:id="rIdFooterFirst"/>`)
	w.raw(`<w:pgSz`)
	w.attr("w:w", pageWidth)
	w.attr("w:h", pageHeight)
	w.raw(`/><w:pgMar`)
	w.attr("w:top", marginTop)
	w.attr("w:right", marginRight)
	w.attr("w:bottom", marginBot)
	w.attr("w:left", marginLeft)
	w.attr("w:header", 567)
	w.attr("w:footer", 567)
	w.attr("w:gutter", 0)
	w.raw(`/><w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>`)
}

var aligns = map[Align]string{Justify: "both", Center: "center", Left: "left", Right: "right"}

func (w *xw) block(b Block) {
	body := pPr{align: "both", firstLine: firstLine, after: paraAfter, line: 264}
	switch b := b.(type) {
	case Heading:
		p := body
		p.keepNext, p.before = true, 120
		w.para(p, rPr{bold: true, italic: b.Level >= 3}, b.Text)
	case Paragraph:
		p := body
		p.align = aligns[b.Align]
		if b.NoIndent || b.Align == Center || b.Align == Right {
			p.firstLine = 0
		}
		runs := b.Runs
		if len(runs) == 0 {
			runs = []Run{{Text: b.Text, Bold: b.Bold, Italic: b.Italic}}
		}
		w.raw("<w:p>")
		w.pPr(p)
		for _, r := range runs {
			w.run(rPr{bold: r.Bold, italic: r.Italic}, r.Text)
		}
		w.raw("</w:p>")
	case Bullet:
		w.para(body, rPr{}, "- "+strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(b.Text), "- ")))
	case Table:
		w.table(b)
	}
}

// table writes a bordered table of figures: header row bold and centred (repeated
// on each page), numeric columns right-aligned, text columns left-aligned.
func (w *xw) table(t Table) {
	widths := columnWidths(t)
	w.tableStart(widths, true, 0)
	w.rowStart(true)
	for i, h := range t.Header {
		w.cellStart(widths[i], true)
		w.para(pPr{align: "center", before: 40, after: 40}, rPr{bold: true, size: sizeTable}, h)
		w.raw("</w:tc>")
	}
	w.raw("</w:tr>")
	for _, row := range t.Rows {
		w.rowStart(false)
		for i, cell := range row {
			align := "left"
			if slices.Contains(t.NumericColumns, i) {
				align = "right"
			}
			w.cellStart(widths[i], true)
			w.para(pPr{align: align, before: 40, after: 40}, rPr{size: sizeTable}, cell)
			w.raw("</w:tc>")
		}
		w.raw("</w:tr>")
	}
	w.raw("</w:tbl>")
	// Word joins two tables with nothing between them; this paragraph also gives
	// the table its space below.
	w.para(pPr{after: paraAfter}, rPr{size: sizeTable})
}

// columnWidths spreads the text width over the columns, by t.Widths when given.
func columnWidths(t Table) []int {
	n := len(t.Header)
	weights := t.Widths
	if len(weights) != n {
		weights = slices.Repeat([]int{1}, n)
	}
	sum := 0
	for _, x := range weights {
		sum += max(x, 1)
	}
	out := make([]int, n)
	left := textWidth
	for i, x := range weights {
		out[i] = textWidth * max(x, 1) / sum
		left -= out[i]
	}
	out[n-1] += left
	return out
}
