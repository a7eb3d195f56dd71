package docgen

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/calendar"
)

// DateText writes a date the way Decree 30 wants it in a document: "ngày 05 tháng
// 02 năm 2026". Days below 10 and the months January and February take a leading
// zero (so "tháng 02" but "tháng 3"), which keeps anyone from adding a digit later.
// The zero Date leaves blanks to fill in by hand.
func DateText(d calendar.Date) string {
	if d.IsZero() {
		return "ngày      tháng      năm      "
	}
	month := fmt.Sprint(int(d.Month))
	if d.Month <= 2 {
		month = fmt.Sprintf("%02d", int(d.Month))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", d.Day, month, d.Year)
}

// DateLine is the italic place and date under the motto: "Lạng Sơn, ngày 05 tháng
// 02 năm 2026".
func DateLine(place string, d calendar.Date) string {
	place = strings.TrimSpace(place)
	if place == "" {
		return DateText(d)
	}
	return place + ", " + DateText(d)
}

// NumberText formats a register number: "07/BC-SXD". Numbers below 10 take a
// leading zero (Decree 30); the agency abbreviation is the plan issuer's.
func NumberText(seq int, kind Kind, agency string) string {
	return fmt.Sprintf("%02d/%s-%s", seq, kind, agency)
}

// numberLine is "Số: 07/BC-SXD", or for a draft without a number the blank the
// clerk fills in when the document is issued.
func numberLine(d *Document) string {
	if d.Number != "" {
		return "Số: " + d.Number
	}
	if !d.Type.Valid() || d.Issuer.Abbreviation == "" {
		return "Số:        "
	}
	return "Số:        /" + string(d.Type) + "-" + d.Issuer.Abbreviation
}

// Advance widths of Times New Roman Bold in thousandths of an em (the metrics
// Liberation Serif shares, so Word and LibreOffice agree). They size the short rules
// Decree 30 draws under the agency name and the motto, which are defined relative
// to the length of the line above.
var boldWidths = map[rune]int{
	' ': 250, '-': 333, ',': 250, '.': 250, ':': 333, '(': 333, ')': 333, '/': 278, '&': 833,
	'A': 722, 'B': 667, 'C': 722, 'D': 722, 'E': 667, 'F': 611, 'G': 778, 'H': 778, 'I': 389,
	'J': 500, 'K': 778, 'L': 667, 'M': 944, 'N': 722, 'O': 778, 'P': 611, 'Q': 778, 'R': 722,
	'S': 556, 'T': 667, 'U': 722, 'V': 722, 'W': 1000, 'X': 722, 'Y': 722, 'Z': 667,
	'a': 500, 'b': 556, 'c': 444, 'd': 556, 'e': 444, 'f': 333, 'g': 500, 'h': 556, 'i': 278,
	'j': 333, 'k': 556, 'l': 278, 'm': 833, 'n': 556, 'o': 500, 'p': 556, 'q': 556, 'r': 444,
	's': 389, 't': 333, 'u': 556, 'v': 500, 'w': 722, 'x': 500, 'y': 500, 'z': 444,
	'Đ': 722, 'đ': 556,
}

// boldWidth estimates the printed width of s in bold Times New Roman at size
// points, in twips. A Vietnamese letter is as wide as its base letter, so the
// diacritics are dropped first; unknown characters count as a digit.
func boldWidth(s string, size int) int {
	total := 0
	for _, r := range s {
		w, ok := boldWidths[r]
		if !ok {
			base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
			if w, ok = boldWidths[base]; !ok {
				w = 500
				if unicode.Is(unicode.Mn, r) {
					w = 0
				}
			}
		}
		total += w
	}
	// thousandths of an em × size points × 20 twips per point
	return total * size * 20 / 1000
}
