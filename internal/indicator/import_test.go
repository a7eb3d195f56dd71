package indicator

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

// A file as the office gets it: a title, headers typed without diacritics and in
// their own order, numbers as text with dots and as spreadsheet numbers.
func sampleFile(t *testing.T, f *fixture) *bytes.Buffer {
	return tabulartest.XLSX(t,
		[]any{"TỔNG HỢP CHỈ TIÊU SẢN XUẤT KINH DOANH NĂM 2025"},
		nil,
		[]any{"STT", "MST", "Nam", "Ky bao cao", "Doanh thu", "Loi nhuan truoc thue", "Nop NSNN", "So lao dong", "Chuyen doi so", "No thue"},
		[]any{1, f.builder.TaxCode, 2025, "Cả năm", "12.500.000.000", "450.000.000", 610_000_000, 25, "Hóa đơn điện tử", ""},
		[]any{2, f.carrier.TaxCode, 2025, "", "40.000.000.000", "-1.200.000.000", "1.500.000.000", "120", "", "300.000.000"},
		[]any{3, f.builder.TaxCode, 2024, "", "11.000.000.000", "380.000.000", "550.000.000", 24, "", ""},
	)
}

// An import creates each enterprise's period once; the same file again changes
// nothing; a later file without the optional columns updates the figures it has and
// keeps what it does not.
func TestImportByTaxCodeAndPeriod(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		res, err := f.s.Import(ctx, sampleFile(t, f), "chi-tieu-2025.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Created != 3 || res.Summary() != "Đã nhập 3 dòng chỉ tiêu: 3 mới, 0 cập nhật, 0 không đổi" {
			t.Fatalf("first import: %s %v", res.Summary(), res.Rejected)
		}
		carrier, err := f.s.Find(ctx, office, f.carrier.ID, Period{Year: 2025})
		if err != nil || carrier.Profit != -1_200_000_000 || carrier.TaxArrears != 300_000_000 || carrier.Employees != 120 ||
			carrier.Source != SourceImport || !carrier.InsuranceFull {
			t.Fatalf("carrier 2025: %v %+v", err, carrier)
		}
		res, err = f.s.Import(ctx, sampleFile(t, f), "chi-tieu-2025.xlsx", tabular.Options{})
		if err != nil || res.Unchanged != 3 || res.Created+res.Updated != 0 {
			t.Fatalf("same file again: %v %s", err, res.Summary())
		}
		csv := "\uFEFFMã số thuế;Năm;Doanh thu (đồng);Lợi nhuận trước thuế (đồng);Nộp ngân sách nhà nước (đồng);Số lao động\r\n" +
			f.builder.TaxCode + ";2025;13.000.000.000;450.000.000;610.000.000;25\r\n" +
			f.carrier.TaxCode + ";2025;40.000.000.000;-1.200.000.000;1.500.000.000;120\r\n"
		res, err = f.s.Import(ctx, strings.NewReader(csv), "bo-sung.csv", tabular.Options{})
		if err != nil || res.Updated != 1 || res.Unchanged != 1 {
			t.Fatalf("update: %v %s %v", err, res.Summary(), res.Rejected)
		}
		builder, _ := f.s.Find(ctx, office, f.builder.ID, Period{Year: 2025})
		if builder.Revenue != 13_000_000_000 || builder.Digital != "Hóa đơn điện tử" {
			t.Errorf("builder after update: %+v (the file had no digital column)", builder)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM indicators"); n != 3 {
			t.Errorf("%d rows, want 3", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator' AND summary LIKE '%bo-sung.csv, dòng 2)'"); n != 1 {
			t.Errorf("%d audit entries naming the file and row, want 1", n)
		}
	})
}

// One bad row refuses the whole file; each problem names its row and column, an
// unknown tax code among them, and the rejected rows come back as a spreadsheet.
func TestImportRefusesTheWholeFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		unknown := taxCode(t, "490099999")
		csv := "Mã số thuế,Năm,Doanh thu (đồng),Lợi nhuận trước thuế (đồng),Nộp ngân sách nhà nước (đồng),Số lao động\n" +
			f.builder.TaxCode + ",2025,12500000000,450000000,610000000,25\n" +
			unknown + ",2025,1000000000,10000000,20000000,5\n" +
			f.carrier.TaxCode + ",2025,bốn mươi tỷ,0,0,120\n" +
			f.roads.TaxCode + ",2027,1000,0,0,3\n" +
			f.quarry.TaxCode + ",2025,-5,0,0,3\n" +
			f.builder.TaxCode + ",2025,12500000000,450000000,610000000,25\n"
		res, err := f.s.Import(ctx, strings.NewReader(csv), "loi.csv", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range res.Rejected {
			got = append(got, p.String())
		}
		all := strings.Join(got, "\n")
		for _, want := range []string{
			"Dòng 3, cột Mã số thuế: không có doanh nghiệp mang mã số thuế " + unknown,
			"Dòng 4, cột Doanh thu (đồng): “bốn mươi tỷ” không phải số tiền",
			"Dòng 5, cột Năm: 2027 là năm chưa đến",
			"Dòng 6, cột Doanh thu (đồng): không được là số âm",
			"Dòng 2, cột Mã số thuế: số liệu năm 2025 của mã số thuế " + f.builder.TaxCode + " trùng với dòng 7",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("missing %q in:\n%s", want, all)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM indicators"); n != 0 {
			t.Errorf("%d rows written from a refused file", n)
		}
		var buf bytes.Buffer
		if err := res.WriteRejects(&buf, tabular.XLSX); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetName(0))
		if len(rows) != 7 || !strings.HasPrefix(rows[1][len(rows[1])-1], "Dòng 2 —") {
			t.Errorf("rejects file: %q", rows)
		}
	})
}

// The export is a file the importer takes back unchanged, with the enterprise's
// name, sectors and productivity beside the figures.
func TestExportImportsBackUnchanged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		if _, err := f.s.Import(ctx, sampleFile(t, f), "chi-tieu.xlsx", tabular.Options{}); err != nil {
			t.Fatal(err)
		}
		in := figures("2025")
		in.Half, in.InsuranceFull, in.InsuranceArrears, in.Accidents = "6 tháng đầu năm", "Không", "35.000.000", "1"
		f.report(t, f.roads, in)
		var buf bytes.Buffer
		if err := f.s.WriteXLSX(ctx, &buf, auth.Scope{All: true}, Filter{Half: AnyHalf}); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetName(0))
		if len(rows) != 5 || rows[0][0] != "Mã số thuế" {
			t.Fatalf("export: %q", rows)
		}
		line := strings.Join(rows[1], "|")
		if !strings.Contains(line, "Giao thông vận tải; Logistics") || !strings.Contains(line, "40,000,000,000") ||
			!strings.Contains(line, "333,333,333") {
			t.Errorf("carrier's line: %s", line)
		}
		res, err := f.s.Import(ctx, bytes.NewReader(buf.Bytes()), "xuat.xlsx", tabular.Options{})
		if err != nil || !res.OK() || res.Unchanged != 4 {
			t.Fatalf("re-import of the export: %v %s %v", err, res.Summary(), res.Rejected)
		}
	})
}
