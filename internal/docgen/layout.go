package docgen

import (
	"strings"
	"unicode/utf8"
)

// The header table's two columns: the agency on the left, the national motto on
// the right, filling the text width between the margins.
const (
	headLeft  = 3685 // 6.5 cm
	headRight = textWidth - headLeft
	cellPad   = 2 * 85 // tblCellMar left + right
)

// The closing table: "Nơi nhận" on the left, the signature block on the right.
const (
	closeLeft  = 4535 // 8 cm
	closeRight = textWidth - closeLeft
)

// header writes the two-column borderless block at the top of page 1: agency and
// number on the left; motto, place and date on the right. The number and the date
// share the second row so they sit on one line, as Decree 30's layout shows them.
func (w *xw) header(d *Document) {
	w.tableStart([]int{headLeft, headRight}, false, 0)

	w.rowStart(false)
	w.cellStart(headLeft, false)
	center := pPr{align: "center"}
	if d.Issuer.Parent != "" {
		w.para(center, rPr{size: sizeHeader}, strings.ToUpper(d.Issuer.Parent))
	}
	agency := strings.ToUpper(d.Issuer.Agency)
	w.para(center, rPr{bold: true, size: sizeHeader}, agency)
	// Under the agency name: a rule 1/3 to 1/2 as long as the name's line.
	w.rule(min(boldWidth(agency, sizeHeader), headLeft-cellPad)*5/12, headLeft-cellPad)
	w.raw("</w:tc>")

	w.cellStart(headRight, false)
	w.para(center, rPr{bold: true, size: sizeNation}, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	const motto = "Độc lập - Tự do - Hạnh phúc"
	w.para(center, rPr{bold: true, size: sizeHeader}, motto)
	// Under the motto: a rule as long as the motto itself.
	w.rule(boldWidth(motto, sizeHeader), headRight-cellPad)
	w.raw("</w:tc></w:tr>")

	w.rowStart(false)
	w.cellStart(headLeft, false)
	w.para(pPr{align: "center", before: 120}, rPr{size: sizeHeader}, numberLine(d))
	w.raw("</w:tc>")
	w.cellStart(headRight, false)
	w.para(pPr{align: "center", before: 120}, rPr{italic: true, size: sizeBody}, DateLine(d.Place, d.Date))
	w.raw("</w:tc></w:tr></w:tbl>")
}

// titleBlock writes the type name and the summary, centred and bold, with a short
// rule under the summary.
func (w *xw) titleBlock(d *Document) {
	w.para(pPr{align: "center", before: 360, keepNext: true}, rPr{bold: true}, strings.ToUpper(d.title()))
	summary := strings.TrimSpace(d.Summary)
	if summary == "" {
		w.para(pPr{after: 120}, rPr{})
		return
	}
	w.para(pPr{align: "center", keepNext: true}, rPr{bold: true}, summary)
	longest := 0
	for _, line := range strings.Split(summary, "\n") {
		longest = max(longest, boldWidth(line, sizeBody))
	}
	w.rule(min(longest, textWidth)*5/12, textWidth)
	w.para(pPr{after: 120}, rPr{})
}

// closing writes the table that ends every document: "Nơi nhận:" and the
// recipients on the left, the signature block on the right with room for the
// signature and the seal.
func (w *xw) closing(d *Document) {
	w.para(pPr{after: 120, keepNext: true}, rPr{})
	w.tableStart([]int{closeLeft, closeRight}, false, 0)
	w.rowStart(false)

	w.cellStart(closeLeft, false)
	w.para(pPr{align: "left"}, rPr{bold: true, italic: true, size: sizeNoiNhan}, "Nơi nhận:")
	for _, line := range recipientLines(d) {
		w.para(pPr{align: "left"}, rPr{size: sizeRecipient}, line)
	}
	w.raw("</w:tc>")

	w.cellStart(closeRight, false)
	center := pPr{align: "center"}
	if a := strings.TrimSpace(d.Signer.Authority); a != "" {
		w.para(center, rPr{bold: true}, strings.ToUpper(a))
	}
	if p := strings.TrimSpace(d.Signer.Position); p != "" {
		w.para(center, rPr{bold: true}, strings.ToUpper(p))
	}
	// About 3 cm for the signature and the seal.
	w.para(pPr{align: "center", before: 1700}, rPr{bold: true}, strings.TrimSpace(d.Signer.Name))
	w.raw("</w:tc></w:tr></w:tbl>")
	// Word wants a paragraph after the last table; a 1-pt one cannot push a blank
	// page out when the signature ends at the foot of a page.
	w.para(pPr{ruleOnly: true}, rPr{})
}

// recipientLines are the lines under "Nơi nhận:": each recipient as "- …;" and
// last the archive line "- Lưu: VT, <unit>.", which Decree 30 always requires.
func recipientLines(d *Document) []string {
	var out []string
	archive := ""
	for _, r := range d.Recipients {
		r = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r), "-"))
		switch {
		case r == "":
			continue
		case strings.HasPrefix(r, "Lưu:") || strings.HasPrefix(r, "Lưu "):
			archive = r
			continue
		}
		out = append(out, "- "+endWith(r, ";"))
	}
	switch {
	case strings.TrimSpace(d.ArchiveUnit) != "":
		archive = "Lưu: VT, " + strings.TrimSpace(d.ArchiveUnit)
	case archive == "":
		archive = "Lưu: VT"
	}
	archive = strings.TrimRight(archive, ";., ")
	return append(out, "- "+archive+".")
}

// endWith adds punct to s unless s already ends with punctuation.
func endWith(s, punct string) string {
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(";.:,", last) {
		return s
	}
	return s + punct
}
