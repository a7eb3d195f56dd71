package indicator

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/enterprise"
)

// exportHeader are the export's columns: the import file's, so that an exported
// workbook can be corrected and imported again, with the enterprise's name, sectors,
// ownership and the computed productivity beside them, which the importer ignores.
var exportHeader = []string{FieldLabels["tax_code"], "Tên doanh nghiệp", "Lĩnh vực", "Loại hình sở hữu", FieldLabels["year"],
	FieldLabels["half"], FieldLabels["revenue"], FieldLabels["profit"], FieldLabels["budget_paid"], FieldLabels["employees"],
	FieldLabels["avg_income"], "Năng suất lao động (đồng/người)", FieldLabels["investment"], FieldLabels["digital"],
	FieldLabels["green"], FieldLabels["welfare"], FieldLabels["insurance_full"], FieldLabels["insurance_arrears"],
	FieldLabels["accidents"], FieldLabels["violations"], FieldLabels["tax_arrears"], "Nguồn số liệu"}

var exportWidths = map[int]float64{1: 14, 2: 40, 3: 22, 4: 16, 6: 16, 14: 40, 15: 40, 16: 40}

// WriteXLSX writes every report the filter selects (Limit and Offset are ignored)
// as a workbook, streaming rows from the database to the file, so that its memory
// does not grow with the number of rows.
func (s *Store) WriteXLSX(ctx context.Context, w io.Writer, sc auth.Scope, f Filter) error {
	cond, args, ok := f.where(sc)
	if !ok {
		cond = "1 = 0"
	}
	sectors, err := s.allSectors(ctx)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Chỉ tiêu SXKD"
	x.SetSheetName(x.GetSheetName(0), sheet)
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	money, err := x.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for c := 1; c <= len(exportHeader); c++ {
		width := 14.0
		if v, ok := exportWidths[c]; ok {
			width = v
		}
		if err := sw.SetColWidth(c, c, width); err != nil {
			return err
		}
	}
	head := make([]any, len(exportHeader))
	for i, h := range exportHeader {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	rows, err := s.d.Read().QueryContext(ctx, "SELECT "+indicatorColumns+", e.ownership"+fromIndicators+" WHERE "+cond+
		" ORDER BY i.year DESC, i.half, e.sort_name, i.id", args...)
	if err != nil {
		return fmt.Errorf("indicator: export: %w", err)
	}
	defer rows.Close()
	num := func(v int64) excelize.Cell { return excelize.Cell{StyleID: money, Value: v} }
	line := 1
	for rows.Next() {
		var own string
		i, err := scan(rows, &own)
		if err != nil {
			return fmt.Errorf("indicator: export: %w", err)
		}
		var productivity any
		if p := i.Productivity(); p != nil {
			productivity = num(*p)
		}
		full := "Không"
		if i.InsuranceFull {
			full = "Có"
		}
		source := "Doanh nghiệp nhập"
		if i.Source == SourceImport {
			source = "Nhập từ tệp"
		}
		line++
		axis, _ := excelize.CoordinatesToCellName(1, line)
		if err := sw.SetRow(axis, []any{i.TaxCode, i.EnterpriseName, sectors[i.EnterpriseID], enterprise.Ownership(own).Label(),
			i.Year, HalfLabel(i.Half), num(i.Revenue), num(i.Profit), num(i.BudgetPaid), i.Employees, num(i.AvgIncome), productivity,
			num(i.Investment), i.Digital, i.Green, i.Welfare, full, num(i.InsuranceArrears), i.Accidents, i.Violations,
			num(i.TaxArrears), source}); err != nil {
			return fmt.Errorf("indicator: export row %d: %w", line, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("indicator: export: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

// allSectors are every enterprise's sectors as the export writes them.
func (s *Store) allSectors(ctx context.Context) (map[int64]string, error) {
	rows, err := s.d.Read().QueryContext(ctx, "SELECT enterprise_id, sector FROM enterprise_sectors")
	if err != nil {
		return nil, fmt.Errorf("indicator: sectors: %w", err)
	}
	defer rows.Close()
	lists := map[int64][]enterprise.Sector{}
	for rows.Next() {
		var id int64
		var sec string
		if err := rows.Scan(&id, &sec); err != nil {
			return nil, fmt.Errorf("indicator: sectors: %w", err)
		}
		lists[id] = append(lists[id], enterprise.Sector(sec))
	}
	out := make(map[int64]string, len(lists))
	for id, ss := range lists {
		slices.SortFunc(ss, func(a, b enterprise.Sector) int {
			return slices.Index(enterprise.Sectors, a) - slices.Index(enterprise.Sectors, b)
		})
		out[id] = enterprise.Enterprise{Sectors: ss}.SectorLabelList()
	}
	return out, rows.Err()
}
