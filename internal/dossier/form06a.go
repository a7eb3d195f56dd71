package dossier

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/calendar"
)

// Form06a is what the statistics table (Biểu II.06a) prints above its figures.
type Form06a struct {
	Agency   string // the issuing body, e.g. SỞ XÂY DỰNG
	From, To calendar.Date
	Lines    []UnitStats
	Total    Stats
}

// form06aSubheads are the header's last row, from column D; the columns before
// are merged from above.
var form06aSubheads = []string{"Kỳ trước chuyển qua", "Mới tiếp nhận trực tuyến", "Mới tiếp nhận trực tiếp, bưu chính",
	"Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn", "Có thư xin lỗi", "Chưa có thư xin lỗi"}

// WriteForm06a writes the table as an .xlsx ready to send: title, period, the merged
// header of the form, the column numbers, one line per unit and the total.
func WriteForm06a(w io.Writer, f Form06a) error {
	x := excelize.NewFile()
	defer x.Close()
	const sh = "Biểu II.06a"
	x.SetSheetName("Sheet1", sh)
	set := func(cell string, v any) { x.SetCellValue(sh, cell, v) }
	merge := func(a, b string) { x.MergeCell(sh, a, b) }
	set("A1", f.Agency)
	set("L1", "Biểu số II.06a")
	set("A2", "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
	merge("A2", "P2")
	set("A3", fmt.Sprintf("Kỳ báo cáo: từ ngày %s đến ngày %s", f.From.DMY(), f.To.DMY()))
	merge("A3", "P3")
	set("P4", "Đơn vị tính: hồ sơ")
	// Row 5–7: the form's grouped header.
	set("A5", "STT")
	merge("A5", "A7")
	set("B5", "Đơn vị")
	merge("B5", "B7")
	set("C5", "Số hồ sơ nhận giải quyết")
	merge("C5", "F5")
	set("C6", "Tổng số")
	merge("C6", "C7")
	set("D6", "Trong đó")
	merge("D6", "F6")
	set("G5", "Kết quả giải quyết")
	merge("G5", "M5")
	set("G6", "Số hồ sơ đã giải quyết")
	merge("G6", "J6")
	set("K6", "Số hồ sơ đang giải quyết")
	merge("K6", "M6")
	set("N5", "Hồ sơ quá hạn")
	merge("N5", "O6")
	set("P5", "Tỷ lệ giải quyết đúng hạn (%)")
	merge("P5", "P7")
	for i, name := range form06aSubheads {
		col, _ := excelize.ColumnNumberToName(i + 4)
		set(col+"7", name)
	}
	for i := 1; i <= 16; i++ {
		col, _ := excelize.ColumnNumberToName(i)
		set(col+"8", fmt.Sprintf("(%d)", i))
	}
	row := 9
	line := func(stt any, name string, s Stats) {
		vals := []any{stt, name, s.CarriedOver + s.ReceivedTotal, s.CarriedOver, s.ReceivedOnline, s.ReceivedDirect,
			s.ResolvedTotal, s.ResolvedEarly, s.ResolvedOnTime, s.ResolvedLate, s.OpenTotal, s.OpenWithin, s.OpenOverdue,
			s.LateWithApology, s.LateWithoutApology}
		if s.OnTimeRate != nil {
			vals = append(vals, *s.OnTimeRate)
		} else {
			vals = append(vals, "")
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		x.SetSheetRow(sh, cell, &vals)
		row++
	}
	for i, l := range f.Lines {
		line(i+1, l.UnitName, l.Stats)
	}
	line("", "Tổng cộng", f.Total)
	last := row - 1
	styles(x, sh, last)
	return x.Write(w)
}

func styles(x *excelize.File, sh string, last int) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := &excelize.Font{Family: "Times New Roman", Size: 12}
	bold := &excelize.Font{Family: "Times New Roman", Size: 12, Bold: true}
	title, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 14, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	italic, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12, Italic: true},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	head, _ := x.NewStyle(&excelize.Style{Font: bold, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	num, _ := x.NewStyle(&excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{Horizontal: "right"}})
	text, _ := x.NewStyle(&excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{WrapText: true}})
	total, _ := x.NewStyle(&excelize.Style{Font: bold, Border: border})
	plain, _ := x.NewStyle(&excelize.Style{Font: bold})
	x.SetCellStyle(sh, "A1", "P1", plain)
	x.SetCellStyle(sh, "A2", "P2", title)
	x.SetCellStyle(sh, "A3", "P3", italic)
	x.SetCellStyle(sh, "A5", "P8", head)
	end := fmt.Sprint(last)
	x.SetCellStyle(sh, "A9", "B"+end, text)
	x.SetCellStyle(sh, "C9", "P"+end, num)
	x.SetCellStyle(sh, "A"+end, "P"+end, total)
	x.SetColWidth(sh, "A", "A", 5)
	x.SetColWidth(sh, "B", "B", 38)
	x.SetColWidth(sh, "C", "P", 11)
	x.SetRowHeight(sh, 7, 48)
	x.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: ptr("landscape"), Size: ptr(9)})
}

func ptr[T any](v T) *T { return &v }
