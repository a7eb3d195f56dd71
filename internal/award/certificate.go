package award

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/thidua/thidua/internal/plan"
)

// The certificate is drawn with DejaVu Serif from the machine (Debian's
// fonts-dejavu-core, which CI installs), embedded as a subset so it prints the same
// anywhere. Liberation Serif, the documents' font, builds its Vietnamese letters from
// composite glyphs that fpdf's subsetter drops (the PDF then shows boxes for "Ấ",
// "ơ"), so it is not used here.
var certificateFonts = [][2]string{
	{"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"},
}

// ErrNoFont is returned when neither font is installed.
var ErrNoFont = errors.New("Máy chủ chưa có phông chữ tiếng Việt để in giấy khen (cài gói fonts-dejavu-core)")

func loadFonts() (regular, bold []byte, err error) {
	for _, pair := range certificateFonts {
		r, err1 := os.ReadFile(pair[0])
		b, err2 := os.ReadFile(pair[1])
		if err1 == nil && err2 == nil {
			return r, b, nil
		}
	}
	return nil, nil, ErrNoFont
}

// Certificate writes the Giấy khen of a commendation as a printable A4 landscape PDF:
// the issuer's header, the national motto, the title, who is commended and for
// what, the decision's number and date, and the signature block of the plan's
// signer, as the plan file writes it.
func Certificate(w io.Writer, p *plan.Plan, c Commendation) error {
	regular, bold, err := loadFonts()
	if err != nil {
		return err
	}
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetTitle("Giấy khen — "+c.Name, true)
	pdf.SetCreator("thidua", true)
	pdf.AddUTF8FontFromBytes("serif", "", regular)
	pdf.AddUTF8FontFromBytes("serif", "B", bold)
	pdf.SetMargins(20, 15, 20)
	pdf.SetAutoPageBreak(false, 10)
	pdf.AddPage()
	pdf.SetDrawColor(180, 20, 20)
	pdf.SetLineWidth(1.2)
	pdf.Rect(8, 8, 281, 194, "D")
	pdf.SetLineWidth(0.4)
	pdf.Rect(11, 11, 275, 188, "D")

	text := func(x, y, width float64, size float64, style, s string) {
		pdf.SetFont("serif", style, size)
		pdf.SetXY(x, y)
		pdf.CellFormat(width, size*0.5, s, "", 0, "C", false, 0, "")
	}
	text(15, 18, 110, 12, "", strings.ToUpper(p.Issuer.Parent))
	text(15, 24, 110, 12, "B", strings.ToUpper(p.Issuer.Agency))
	text(130, 18, 150, 12, "B", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	text(130, 24, 150, 13, "B", "Độc lập - Tự do - Hạnh phúc")
	pdf.SetDrawColor(0, 0, 0)
	pdf.Line(180, 31, 230, 31)

	text(20, 45, 257, 16, "B", "GIÁM ĐỐC "+strings.ToUpper(p.Issuer.Agency))
	text(20, 56, 257, 14, "", "TẶNG")
	pdf.SetTextColor(180, 20, 20)
	text(20, 68, 257, 36, "B", "GIẤY KHEN")
	pdf.SetTextColor(0, 0, 0)
	name := c.Name
	if c.Subject.StaffID != 0 {
		name = "Ông/Bà " + c.Name
	}
	text(20, 92, 257, 20, "B", name)
	if c.UnitName != "" {
		text(20, 104, 257, 14, "", c.UnitName)
	}
	pdf.SetFont("serif", "", 14)
	pdf.SetXY(35, 116)
	pdf.MultiCell(227, 7, "Đã có thành tích: "+c.Label()+", góp phần thực hiện thắng lợi phong trào thi đua của "+p.Issuer.Agency+".", "", "C", false)
	text(20, 140, 140, 12, "", fmt.Sprintf("Quyết định số %s ngày %s", c.DecisionNumber, c.DecidedOn.DMY()))
	pdf.SetFont("serif", "", 13)
	pdf.SetXY(160, 138)
	d := c.DecidedOn
	pdf.CellFormat(115, 6, fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", p.Document.Place, d.Day, int(d.Month), d.Year), "", 0, "C", false, 0, "")
	y := 146.0
	for _, line := range []string{p.Signer.Authority, p.Signer.Position} {
		if strings.TrimSpace(line) != "" {
			text(160, y, 115, 13, "B", strings.ToUpper(line))
			y += 6
		}
	}
	text(160, 178, 115, 14, "B", p.Signer.Name)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("award: certificate: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}
