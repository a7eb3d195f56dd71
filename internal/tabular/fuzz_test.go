package tabular_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

var fuzzCols = []tabular.Column{
	{Key: "tax_code", Header: "Mã số thuế", Required: true},
	{Key: "name", Header: "Tên doanh nghiệp", Aliases: []string{"Tên"}, Required: true},
	{Key: "employees", Header: "Số lao động"},
	{Key: "founded", Header: "Ngày thành lập"},
}

// csvSeeds are files of the tests above: title rows, a byte-order mark, semicolons,
// quoted cells over several lines, blank rows, a wrong code page, UTF-16.
var csvSeeds = []string{
	"\uFEFFDANH SÁCH DOANH NGHIỆP, NĂM 2026\nSở Xây dựng, tỉnh Lạng Sơn\n\nSTT;TEN DOANH NGHIEP;Ghi chú;  mã  số thuế (*) \n" +
		"1;Công ty Xây dựng A;Số 1, đường B, phường C;0100109106\n2;\"Công ty \"\"B\"\"; chi nhánh\";;0100109106-001\n",
	"Mã số thuế,Tên\r\n0100109106,\"Công ty\r\nnhiều dòng\"\r\n\r\n0100109106-001,Chi nhánh\r\n",
	"Tên doanh nghiệp;Ma so thue cu\nA;1\n",
	"a,b\n1,2\n",
	"Mã số thuế,Tên\n,\n",
	"Mã số thuế,Tên\n0100109106,C\xf4ng ty\n",
	"\xff\xfeM\x00",
	"Ghi chú,Mã số thuế,Tên doanh nghiệp\nx,0100109106,A\ny,0100109107,B\nz,0200000000,C\n",
	"Mã số thuế\tTên\tSố lao động\tNgày thành lập\n0100109106\tA\t1.200\t13/03/2026\n",
}

// FuzzReadCSV: whatever a .csv holds, reading it gives a clear error about the file
// or rows numbered in order below the header, and writing those rows out (as the
// rejects file does) and reading them again gives the same values.
func FuzzReadCSV(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := tabular.Read(bytes.NewReader(data), "dn.csv", fuzzCols)
		if err != nil {
			tabulartest.CheckFileError(t, err)
			return
		}
		tabulartest.CheckResult(t, tab, tabular.NewResult(tab, "doanh nghiệp", tabular.Options{}))
		var buf bytes.Buffer
		rows := make([][]any, len(tab.Rows))
		for i, r := range tab.Rows {
			for _, c := range r.Cells {
				rows[i] = append(rows[i], c)
			}
		}
		if err := tabular.WriteTable(&buf, tabular.CSV, tab.Header, rows); err != nil {
			t.Fatal(err)
		}
		again, err := tabular.Read(bytes.NewReader(buf.Bytes()), "lai.csv", fuzzCols)
		if err != nil {
			t.Fatalf("the file written from what was read cannot be read: %v\n%q", err, buf.String())
		}
		if got, want := rowValues(again), rowValues(tab); !slices.Equal(got, want) {
			t.Fatalf("read again:\n%q\nwant\n%q", got, want)
		}
	})
}

// rowValues are the values of every column of every row, as importers see them. A
// line break inside a cell reads as "\n" however it was written.
func rowValues(tab *tabular.Table) []string {
	var out []string
	for _, r := range tab.Rows {
		for _, c := range fuzzCols {
			out = append(out, strings.ReplaceAll(r.Value(c.Key), "\r\n", "\n"))
		}
	}
	return out
}

// FuzzReadXLSX: a damaged, foreign or odd .xlsx gives a clear error about the file,
// never a crash of the import.
func FuzzReadXLSX(f *testing.F) {
	f.Add(tabulartest.XLSX(f, []any{"Mã số thuế", "Tên doanh nghiệp", "Số lao động"}, []any{"0100109106", "Công ty A", "12"}).Bytes())
	f.Add(tabulartest.XLSX(f, []any{"DANH SÁCH"}, nil, []any{"Tên", "MST"}, []any{"B", "0100109107"}).Bytes())
	f.Add(tabulartest.XLSX(f, []any{"a", "b"}).Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := tabular.Read(bytes.NewReader(data), "dn.xlsx", fuzzCols)
		if err != nil {
			tabulartest.CheckFileError(t, err)
			return
		}
		tabulartest.CheckResult(t, tab, tabular.NewResult(tab, "doanh nghiệp", tabular.Options{}))
	})
}
