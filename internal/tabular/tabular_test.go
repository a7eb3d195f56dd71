package tabular

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var testCols = []Column{
	{Key: "tax_code", Header: "Mã số thuế", Required: true},
	{Key: "name", Header: "Tên doanh nghiệp", Aliases: []string{"Tên"}, Required: true},
	{Key: "employees", Header: "Số lao động"},
	{Key: "founded", Header: "Ngày thành lập"},
}

// values returns each row's number and its values for the keys, for comparing.
func values(t *Table, keys ...string) []string {
	var out []string
	for _, r := range t.Rows {
		parts := []string{strconv.Itoa(r.Num)}
		for _, k := range keys {
			parts = append(parts, r.Value(k))
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func mustDate(t *testing.T) time.Time {
	t.Helper()
	return time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC)
}

func TestReadCSVWithBOMSemicolonsAndTitleRows(t *testing.T) {
	// Title rows with commas, header in another order, typed without diacritics,
	// upper case and with a required marker, addresses full of commas.
	in := "\uFEFFDANH SÁCH DOANH NGHIỆP, NĂM 2026\n" +
		"Sở Xây dựng, tỉnh Lạng Sơn\n" +
		"\n" +
		"STT;TEN DOANH NGHIEP;Ghi chú;  mã  số thuế (*) \n" +
		"1;Công ty Xây dựng A;Số 1, đường B, phường C;0100109106\n" +
		"2;\"Công ty \"\"B\"\"; chi nhánh\";;0100109106-001\n"
	tab, err := Read(strings.NewReader(in), "dn.csv", testCols)
	if err != nil {
		t.Fatal(err)
	}
	if tab.HeaderRow != 4 {
		t.Errorf("header row = %d, want 4", tab.HeaderRow)
	}
	got := values(tab, "tax_code", "name", "employees")
	want := []string{"5|0100109106|Công ty Xây dựng A|", `6|0100109106-001|Công ty "B"; chi nhánh|`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	if tab.Has("employees") || !tab.Has("name") {
		t.Errorf("Has: employees %v, name %v", tab.Has("employees"), tab.Has("name"))
	}
	if got := tab.ColumnName("tax_code"); got != "mã  số thuế (*)" {
		t.Errorf("ColumnName = %q, want the header as the file writes it", got)
	}
}

func TestReadCSVRowNumbersCountBlankLinesNotLineBreaksInCells(t *testing.T) {
	in := "Mã số thuế,Tên\r\n" +
		"0100109106,\"Công ty\r\nnhiều dòng\"\r\n" +
		"\r\n" +
		"0100109106-001,Chi nhánh\r\n"
	tab, err := Read(strings.NewReader(in), "dn.csv", testCols)
	if err != nil {
		t.Fatal(err)
	}
	got := values(tab, "tax_code")
	want := []string{"2|0100109106", "4|0100109106-001"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q (a spreadsheet shows the blank line as row 3)", got, want)
	}
}

func TestReadXLSXTitleRowsGapsNumbersAndDates(t *testing.T) {
	f := excelize.NewFile()
	s := f.GetSheetName(0)
	f.SetCellValue(s, "A1", "DANH SÁCH DOANH NGHIỆP")
	f.SetSheetRow(s, "A3", &[]any{"Số lao động", "Tên", "Mã số thuế", "Ngày thành lập"})
	f.SetSheetRow(s, "A4", &[]any{1200, "Công ty A", "0100109106"})
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellValue(s, "D4", mustDate(t))
	f.SetCellStyle(s, "D4", "D4", date)
	// Row 5 is never written; row 6 follows it.
	// Tax codes typed as numbers: ten digits survive, a leading zero does not.
	f.SetSheetRow(s, "A6", &[]any{0, "Công ty B", 4900100011})
	f.SetSheetRow(s, "A7", &[]any{"1.250", "Công ty C", 100109106})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tab, err := Read(&buf, "DN.XLSX", testCols)
	if err != nil {
		t.Fatal(err)
	}
	got := values(tab, "tax_code", "name", "employees", "founded")
	want := []string{"4|0100109106|Công ty A|1200|13/03/2026", "6|4900100011|Công ty B|0|", "7|100109106|Công ty C|1.250|"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
}

func TestReadRejectsFilesItCannotUse(t *testing.T) {
	cases := []struct {
		name, file, content string
		want                []string // in the message
		missing             []string
	}{
		{"missing header", "dn.csv", "Tên doanh nghiệp;Ma so thue cu\nA;1\n",
			[]string{"dn.csv", "thiếu cột", "Mã số thuế"}, []string{"Mã số thuế"}},
		{"no header at all", "dn.csv", "a,b\n1,2\n",
			[]string{"dn.csv", "không tìm thấy dòng tiêu đề", "Mã số thuế", "Tên doanh nghiệp"}, []string{"Mã số thuế", "Tên doanh nghiệp"}},
		{"header only", "dn.csv", "Mã số thuế,Tên\n,\n", []string{"không có dòng dữ liệu"}, nil},
		{"wrong extension", "dn.pdf", "x", []string{"dn.pdf", ".xlsx", ".csv"}, nil},
		{"old excel", "dn.xls", "x", []string{".xls", "lưu lại"}, nil},
		{"not really xlsx", "dn.xlsx", "Mã số thuế,Tên\n", []string{"dn.xlsx", "không mở được"}, nil},
		{"windows code page", "dn.csv", "Mã số thuế,Tên\n0100109106,C\xf4ng ty\n", []string{"dòng 2", "UTF-8"}, nil},
		{"utf-16", "dn.csv", "\xff\xfeM\x00", []string{"UTF-16"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.content), c.file, testCols)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FileError", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err.Error(), w)
				}
			}
			if c.missing != nil && !reflect.DeepEqual(fe.Missing, c.missing) {
				t.Errorf("Missing = %q, want %q", fe.Missing, c.missing)
			}
		})
	}
}

func TestDuplicateKeysNameEachOther(t *testing.T) {
	var k Keys
	k.Add("A", 2)
	k.Add("B", 3)
	k.Add("A", 5)
	k.Add("", 6)
	k.Add("", 7)
	k.Add("A", 9)
	got := k.Duplicates("Mã")
	want := []Problem{
		{Row: 2, Column: "Mã", Reason: "A trùng với dòng 5, 9"},
		{Row: 5, Column: "Mã", Reason: "A trùng với dòng 2, 9"},
		{Row: 9, Column: "Mã", Reason: "A trùng với dòng 2, 5"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Duplicates = %+v, want %+v", got, want)
	}
}

func TestRejectsFileRoundTrips(t *testing.T) {
	in := "Ghi chú,Mã số thuế,Tên doanh nghiệp\nx,0100109106,A\ny,0100109107,B\nz,0200000000,C\n"
	tab, err := Read(strings.NewReader(in), "dn.csv", testCols)
	if err != nil {
		t.Fatal(err)
	}
	res := NewResult(tab, "doanh nghiệp", Options{})
	res.Reject(tab.Problem(tab.Rows[2], "tax_code", "sai"), tab.Problem(tab.Rows[1], "tax_code", "sai chữ số kiểm tra"),
		tab.Problem(tab.Rows[1], "", "cả dòng"))
	res.Sort()
	if res.OK() || res.RejectedRows() != 2 {
		t.Fatalf("OK %v, rejected rows %d", res.OK(), res.RejectedRows())
	}
	if got := res.Rejected[0].String(); got != "Dòng 3, cột Mã số thuế: sai chữ số kiểm tra" {
		t.Errorf("first problem reads %q", got)
	}
	for _, format := range []Format{XLSX, CSV} {
		var buf bytes.Buffer
		if err := res.WriteRejects(&buf, format); err != nil {
			t.Fatal(err)
		}
		back, err := Read(&buf, "loi."+string(format), append(testCols, Column{Key: "why", Header: ReasonHeader, Required: true}))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		got := values(back, "tax_code", "name", "why")
		want := []string{"2|0100109107|B|Dòng 3 — Mã số thuế: sai chữ số kiểm tra; cả dòng", "3|0200000000|C|Dòng 4 — Mã số thuế: sai"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s rejects = %q, want %q", format, got, want)
		}
	}
}

func TestSummary(t *testing.T) {
	r := &Result{File: "dn.xlsx", Noun: "doanh nghiệp", Rows: 150, Created: 120, Updated: 25, Unchanged: 5}
	if got, want := r.Summary(), "Đã nhập 150 doanh nghiệp: 120 mới, 25 cập nhật, 5 không đổi"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	r.DryRun = true
	if got := r.Summary(); !strings.Contains(got, "Chưa ghi gì") {
		t.Errorf("dry-run summary %q does not say nothing was written", got)
	}
	r.Reject(Problem{Row: 7, Reason: "x"}, Problem{Row: 7, Reason: "y"})
	if got := r.Summary(); !strings.Contains(got, "1 trong 150 dòng có lỗi") || !strings.Contains(got, "Không có gì được ghi") {
		t.Errorf("rejected summary %q", got)
	}
}
