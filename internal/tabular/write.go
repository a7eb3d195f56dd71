package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ReasonHeader heads the column that says why a row was rejected.
const ReasonHeader = "Lý do"

// WriteRejects writes the rejected rows as the file had them, under its header, with
// a last column saying why, so the user can fix them in place and import that file.
func (r *Result) WriteRejects(w io.Writer, format Format) error {
	if r.table == nil {
		return fmt.Errorf("tabular: result has no table")
	}
	reasons := map[int][]string{}
	for _, p := range r.Rejected {
		text := p.Reason
		if p.Column != "" {
			text = p.Column + ": " + p.Reason
		}
		reasons[p.Row] = append(reasons[p.Row], text)
	}
	width := len(r.table.Header)
	header := append(append([]string{}, r.table.Header...), ReasonHeader)
	var rows [][]string
	for _, row := range r.table.Rows {
		why, ok := reasons[row.Num]
		if !ok {
			continue
		}
		cells := make([]string, width+1)
		copy(cells, row.Cells)
		cells[width] = fmt.Sprintf("Dòng %d — %s", row.Num, strings.Join(why, "; "))
		rows = append(rows, cells)
	}
	return writeSheet(w, format, header, rows)
}

// WriteTemplate writes an empty file with the columns' headers, for users to fill.
func WriteTemplate(w io.Writer, format Format, cols []Column) error {
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	return writeSheet(w, format, header, nil)
}

// WriteTable writes a table for people to download: .xlsx with a bold header and
// numbers as numbers, or .csv in UTF-8 with a byte-order mark so that Excel shows
// Vietnamese correctly. A cell is a string, an int or a float64; nil is empty.
func WriteTable(w io.Writer, format Format, header []string, rows [][]any) error {
	switch format {
	case XLSX:
		return writeXLSX(w, header, rows)
	case CSV:
		text := make([][]string, len(rows))
		for i, row := range rows {
			text[i] = make([]string, len(row))
			for j, c := range row {
				if c != nil {
					text[i][j] = fmt.Sprint(c)
				}
			}
		}
		return writeCSV(w, header, text)
	}
	return fmt.Errorf("tabular: unknown format %q", format)
}

func writeSheet(w io.Writer, format Format, header []string, rows [][]string) error {
	switch format {
	case XLSX:
		cells := make([][]any, len(rows))
		for i, row := range rows {
			cells[i] = make([]any, len(row))
			for j, c := range row {
				cells[i][j] = c
			}
		}
		return writeXLSX(w, header, cells)
	case CSV:
		return writeCSV(w, header, rows)
	}
	return fmt.Errorf("tabular: unknown format %q", format)
}

// writeCSV starts with a byte-order mark because Excel otherwise opens UTF-8 as the
// Windows code page and garbles every diacritic.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := w.Write(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(header)
	cw.WriteAll(rows)
	return cw.Error()
}

// writeXLSX writes strings as text, so tax codes keep their leading zero.
func writeXLSX(w io.Writer, header []string, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("tabular: style: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("tabular: stream: %w", err)
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("tabular: header: %w", err)
	}
	for i, row := range rows {
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(axis, row); err != nil {
			return fmt.Errorf("tabular: row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("tabular: flush: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("tabular: write: %w", err)
	}
	return nil
}
