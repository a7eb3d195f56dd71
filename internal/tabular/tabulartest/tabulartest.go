// Package tabulartest builds spreadsheets for the importers' tests.
package tabulartest

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// XLSX builds a workbook from rows starting at A1; nil rows are left empty, as the
// blank and title rows of real exports are.
func XLSX(t testing.TB, rows ...[]any) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}
