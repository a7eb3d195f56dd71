package indicator

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteAnalysisXLSX writes an analysis as a workbook for Phòng Kế hoạch - Tài chính
// to work on: the totals by sector and by ownership with growth, the distributions
// and compliance, and the ranking, one sheet each. Sums stay in đồng, as numbers.
func WriteAnalysisXLSX(w io.Writer, a *Analysis) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	money, err := x.NewStyle(&excelize.Style{NumFmt: 3})
	if err != nil {
		return err
	}
	percent, err := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	sheet := func(name, title string, header []string, rows [][]any, widths ...float64) error {
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		x.SetCellValue(name, "A1", title)
		x.SetCellStyle(name, "A1", "A1", bold)
		for i, h := range header {
			cell, _ := excelize.CoordinatesToCellName(i+1, 3)
			x.SetCellValue(name, cell, h)
			x.SetCellStyle(name, cell, cell, bold)
		}
		for r, row := range rows {
			for i, v := range row {
				cell, _ := excelize.CoordinatesToCellName(i+1, r+4)
				switch t := v.(type) {
				case int64:
					x.SetCellValue(name, cell, t)
					x.SetCellStyle(name, cell, cell, money)
				case *float64:
					if t != nil {
						x.SetCellValue(name, cell, *t/100)
						x.SetCellStyle(name, cell, cell, percent)
					}
				default:
					x.SetCellValue(name, cell, v)
				}
			}
		}
		for i, wd := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			x.SetColWidth(name, col, col, wd)
		}
		return nil
	}
	header := []string{"Nhóm", "Doanh nghiệp báo cáo", "Doanh thu (đồng)", "Tăng trưởng doanh thu", "Lợi nhuận trước thuế (đồng)",
		"Nộp ngân sách (đồng)", "Tăng trưởng nộp ngân sách", "Lao động", "Thu nhập bình quân (đồng/tháng)", "Năng suất lao động (đồng/người)"}
	groups := func(gs []Group, all *Totals) [][]any {
		var rows [][]any
		line := func(label string, t Totals) {
			rows = append(rows, []any{label, t.Enterprises, t.Revenue, t.RevenueGrowth(), t.Profit, t.BudgetPaid, t.BudgetGrowth(),
				t.Employees, deref(t.AvgIncome()), deref(t.Productivity())})
		}
		for _, g := range gs {
			line(g.Label, g.Totals)
		}
		if all != nil {
			line("Toàn ngành", *all)
		}
		return rows
	}
	title := fmt.Sprintf("Chỉ tiêu sản xuất kinh doanh %s; tăng trưởng so với %s, tính trên doanh nghiệp có số liệu cả hai kỳ", a.Period, a.Previous)
	widths := []float64{34, 12, 20, 12, 20, 20, 12, 12, 16, 18}
	if err := sheet("Theo lĩnh vực", title+"; doanh nghiệp nhiều lĩnh vực được tính ở mỗi lĩnh vực", header, groups(a.BySector, nil), widths...); err != nil {
		return err
	}
	if err := sheet("Theo sở hữu", title, header, groups(a.ByOwnership, &a.All), widths...); err != nil {
		return err
	}
	var rows [][]any
	for _, d := range a.Distributions {
		for _, b := range d.Bands {
			rows = append(rows, []any{d.Title, b.Label, b.Count})
		}
	}
	c := a.Compliance
	for _, m := range []struct {
		label string
		n     int
	}{{"Không nợ thuế", c.Tax}, {"Đóng đủ bảo hiểm xã hội, không nợ", c.Insurance}, {"Không để xảy ra tai nạn lao động", c.Safety},
		{"Không vi phạm môi trường, phòng cháy chữa cháy", c.Environment}, {"Chấp hành đầy đủ cả bốn", c.Full}} {
		rows = append(rows, []any{"Chấp hành pháp luật", m.label, m.n, c.Share(m.n)})
	}
	if err := sheet("Phân bố, chấp hành", fmt.Sprintf("Phân bố và chấp hành pháp luật %s (%d doanh nghiệp báo cáo)", a.Period, c.Reported),
		[]string{"Tiêu chí", "Nhóm", "Số doanh nghiệp", "Tỷ lệ"}, rows, 24, 46, 14, 10); err != nil {
		return err
	}
	rows = rows[:0]
	for _, part := range []struct {
		label string
		list  []Ranked
	}{{"Cao nhất", a.Top}, {"Thấp nhất", a.Bottom}} {
		for n, r := range part.list {
			rows = append(rows, []any{part.label, n + 1, r.TaxCode, r.EnterpriseName, r.Value})
		}
	}
	if err := sheet("Xếp hạng", fmt.Sprintf("Xếp hạng theo %s, %s", RankLabel(a.Rank), a.Period),
		[]string{"", "Hạng", "Mã số thuế", "Doanh nghiệp", RankLabel(a.Rank) + " (đồng)"}, rows, 12, 8, 14, 48, 20); err != nil {
		return err
	}
	x.DeleteSheet("Sheet1")
	_, err = x.WriteTo(w)
	return err
}

func deref(p *int64) any {
	if p == nil {
		return ""
	}
	return *p
}
