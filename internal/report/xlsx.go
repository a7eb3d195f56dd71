package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the figures of a consolidated report as a workbook, for whoever
// would rather work in Excel: the targets per year, the units' table, the figures of
// each capability, the dialogues and the difficulties, one sheet each.
func WriteXLSX(w io.Writer, c *Consolidated) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	sheet := func(name, title string, header []string, rows [][]any, widths []float64) error {
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		x.SetCellValue(name, "A1", title)
		x.SetCellStyle(name, "A1", "A1", bold)
		x.SetCellValue(name, "A2", fmt.Sprintf("Số liệu từ %s đến %s", c.From.DMY(), c.Cutoff.DMY()))
		for i, h := range header {
			cell, _ := excelize.CoordinatesToCellName(i+1, 4)
			x.SetCellValue(name, cell, h)
			x.SetCellStyle(name, cell, cell, bold)
		}
		for r, row := range rows {
			for i, v := range row {
				cell, _ := excelize.CoordinatesToCellName(i+1, r+5)
				x.SetCellValue(name, cell, v)
			}
		}
		for i, wd := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			x.SetColWidth(name, col, col, wd)
		}
		return nil
	}
	header := []string{"Mã", "Chỉ tiêu", "Ngưỡng"}
	for _, y := range c.Years {
		header = append(header, fmt.Sprint(y.Year))
	}
	header = append(header, "Cả kỳ", "Đánh giá")
	var rows [][]any
	for i, wr := range c.Whole {
		row := []any{wr.Code, wr.Name, wr.ThresholdText()}
		for _, y := range c.Years {
			row = append(row, cellText(y.Results[i]))
		}
		rows = append(rows, append(row, wr.ValueText(), wr.Verdict()))
	}
	if err := sheet("Chỉ tiêu", "Kết quả thực hiện các chỉ tiêu", header, rows, []float64{6, 50, 14}); err != nil {
		return err
	}
	rows = rows[:0]
	for i, u := range c.Units {
		rows = append(rows, []any{i + 1, u.Name, u.Deployed, u.Resolved, u.OnTimeRate, u.Report})
	}
	if err := sheet("Đơn vị", "Kết quả theo từng phòng, đơn vị", []string{"STT", "Phòng, đơn vị", "Triển khai", "Hồ sơ đã giải quyết", "Tỷ lệ đúng hạn", "Báo cáo"},
		rows, []float64{6, 45, 14, 12, 14, 18}); err != nil {
		return err
	}
	st := c.Dossiers
	rows = [][]any{{"Thủ tục hành chính", "Kỳ trước chuyển sang", st.CarriedOver}, {"Thủ tục hành chính", "Tiếp nhận trực tuyến", st.ReceivedOnline},
		{"Thủ tục hành chính", "Tiếp nhận trực tiếp, bưu chính", st.ReceivedDirect}, {"Thủ tục hành chính", "Giải quyết trước hạn", st.ResolvedEarly},
		{"Thủ tục hành chính", "Giải quyết đúng hạn", st.ResolvedOnTime}, {"Thủ tục hành chính", "Giải quyết quá hạn", st.ResolvedLate},
		{"Thủ tục hành chính", "Đang giải quyết trong hạn", st.OpenWithin}, {"Thủ tục hành chính", "Đang giải quyết quá hạn", st.OpenOverdue}}
	rows = append(rows, []any{"Đối thoại doanh nghiệp", "Cuộc đối thoại đã tổ chức hoặc tham gia", len(c.Dialogues)})
	for _, f := range c.More {
		rows = append(rows, []any{f.Group, f.Label, f.Value})
	}
	if err := sheet("Số liệu", "Số liệu các nội dung thi đua", []string{"Nhóm", "Số liệu", "Giá trị"}, rows, []float64{28, 50, 16}); err != nil {
		return err
	}
	rows = rows[:0]
	for _, d := range c.Difficulties {
		rows = append(rows, []any{d.RaisedOn.DMY(), d.UnitName, d.Subject, d.Direction, DifficultyLabel(d.State)})
	}
	if err := sheet("Khó khăn", "Khó khăn, vướng mắc", []string{"Ngày nêu", "Đơn vị", "Vấn đề", "Chỉ đạo", "Tình trạng"}, rows, []float64{12, 35, 50, 50, 24}); err != nil {
		return err
	}
	x.DeleteSheet("Sheet1")
	_, err = x.WriteTo(w)
	return err
}
