package enterprise

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

// xlsx builds a workbook from rows starting at A1; nil rows are left empty.
var xlsx = tabulartest.XLSX

// A file as the department would send it: a title, a blank row, headers without
// diacritics in their own order, and a column the importer does not know.
func sampleFile(t *testing.T) *bytes.Buffer {
	return xlsx(t,
		[]any{"DANH SÁCH DOANH NGHIỆP LĨNH VỰC XÂY DỰNG, GIAO THÔNG"},
		nil,
		[]any{"STT", "TEN DOANH NGHIEP", "Ma so thue", "Linh vuc", "Loai hinh so huu", "So lao dong", "Địa chỉ"},
		[]any{1, "Công ty CP Xây dựng Lạng Sơn", "0100109106", "Xây dựng; giao thong van tai", "Tư nhân", 120, "Số 5, Đinh Tiên Hoàng"},
		[]any{2, "Chi nhánh Đồng Đăng", "0100109106-001", "Logistics", "tu nhan", "1.250", ""},
		[]any{3, "Công ty Vật liệu Hữu Lũng", "0300588569", "vật liệu xây dựng", "Nhà nước", "", "Hữu Lũng"},
	)
}

func TestImportCreatesThenReimportChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		res, err := s.Import(ctx, sampleFile(t), "dn.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Created != 3 || res.Summary() != "Đã nhập 3 doanh nghiệp: 3 mới, 0 cập nhật, 0 không đổi" {
			t.Fatalf("first import: %s %v", res.Summary(), res.Rejected)
		}
		branch, err := s.GetByTaxCode(ctx, "0100109106-001")
		if err != nil {
			t.Fatal(err)
		}
		if branch.Name != "Chi nhánh Đồng Đăng" || branch.Employees != 1250 || branch.Ownership != OwnershipPrivate ||
			branch.SectorLabelList() != "Logistics" || !branch.Active {
			t.Errorf("branch stored as %+v", branch)
		}
		if head, _ := s.GetByTaxCode(ctx, "0100109106"); head.SectorLabelList() != "Xây dựng; Giao thông vận tải" || head.Employees != 120 {
			t.Errorf("head office stored as %+v", head)
		}
		creates := 0
		for _, a := range auditRows(t, d) {
			if strings.HasPrefix(a, "create | ") && strings.Contains(a, "nhập từ tệp dn.xlsx, dòng") {
				creates++
			}
		}
		if creates != 3 {
			t.Errorf("%d create audit entries naming the file, want 3", creates)
		}

		res, err = s.Import(ctx, sampleFile(t), "dn.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 3 || countEnterprises(t, d) != 3 {
			t.Errorf("re-import: %s; %d enterprises stored", res.Summary(), countEnterprises(t, d))
		}
	})
}

func TestImportUpdatesOnlyWhatTheFileHas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		if _, err := s.Create(ctx, viettel()); err != nil {
			t.Fatal(err)
		}
		// CSV from Excel on Vietnamese Windows: BOM, ";" between cells, no e-mail
		// or representative column, an address full of commas.
		csv := "\uFEFFMã số thuế;Tên doanh nghiệp;Lĩnh vực;Loại hình sở hữu;Địa chỉ\r\n" +
			"0100109106;Viettel;Giao thông vận tải;Nhà nước;\"Lô 1, KCN Đồng Bành, Chi Lăng\"\r\n" +
			"0300588569;Vinamilk;Logistics;Nhà nước;\r\n"
		res, err := s.Import(ctx, strings.NewReader(csv), "dn.csv", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Created != 1 || res.Updated != 1 || res.Unchanged != 0 {
			t.Fatalf("%s %v", res.Summary(), res.Rejected)
		}
		got, _ := s.GetByTaxCode(ctx, "0100109106")
		if got.Name != "Viettel" || got.Address != "Lô 1, KCN Đồng Bành, Chi Lăng" || got.SectorLabelList() != "Giao thông vận tải" {
			t.Errorf("updated to %+v", got)
		}
		if got.Email != "lienhe@viettel.com.vn" || got.Representative != "Tào Đức Thắng" || got.Employees != 1200 {
			t.Errorf("columns absent from the file were overwritten: %+v", got)
		}
	})
}

func TestImportRejectsTheWholeFile(t *testing.T) {
	header := []any{"Mã số thuế", "Tên doanh nghiệp", "Lĩnh vực", "Loại hình sở hữu", "Số lao động"}
	cases := []struct {
		name string
		rows [][]any
		want []string // problems as the user reads them
	}{
		{"bad check digit and unknown sector",
			[][]any{
				{"0100109106", "A", "Xây dựng", "Tư nhân", 1},
				{"0100109107", "B", "Xây dựng; Khai khoáng", "Tư nhân", "mười"},
			},
			[]string{
				"Dòng 3, cột Mã số thuế: 0100109107 sai chữ số kiểm tra (chữ số thứ 10)",
				"Dòng 3, cột Lĩnh vực: không có lĩnh vực “Khai khoáng”",
				"Dòng 3, cột Số lao động: “mười” không phải số nguyên",
			}},
		{"same tax code twice",
			[][]any{
				{"0100109106", "A", "Xây dựng", "Tư nhân"},
				{"0300588569", "B", "Nhà ở", "Nhà nước"},
				{" 0100109106 ", "A lần hai", "Xây dựng", "Tư nhân"},
			},
			[]string{
				"Dòng 2, cột Mã số thuế: 0100109106 trùng với dòng 4",
				"Dòng 4, cột Mã số thuế: 0100109106 trùng với dòng 2",
			}},
		{"empty required cells",
			[][]any{{"", "", "", ""}, {"0300588569", "B", "Nhà ở", "Nhà nước"}, {"", "", "", "x"}},
			[]string{
				"Dòng 4, cột Mã số thuế: không được để trống",
				"Dòng 4, cột Tên doanh nghiệp: không được để trống",
				"Dòng 4, cột Lĩnh vực: chọn ít nhất một lĩnh vực",
				"Dòng 4, cột Loại hình sở hữu: không có loại hình “x”",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := dbtest.SQLite(t)
			s := NewStore(d, clock)
			res, err := s.Import(ctx, xlsx(t, append([][]any{header}, c.rows...)...), "dn.xlsx", tabular.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.OK() {
				t.Fatal("file accepted")
			}
			var got []string
			for _, p := range res.Rejected {
				got = append(got, p.String())
			}
			for i, w := range c.want {
				if i >= len(got) || !strings.HasPrefix(got[i], w) {
					t.Errorf("problems:\n%s\nwant, in order, lines starting:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
					break
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("%d problems, want %d: %q", len(got), len(c.want), got)
			}
			if n := countEnterprises(t, d); n != 0 {
				t.Errorf("%d enterprises written from a rejected file", n)
			}
		})
	}
}

func TestImportWrongHeaderWritesNothing(t *testing.T) {
	d := dbtest.SQLite(t)
	s := NewStore(d, clock)
	file := xlsx(t, []any{"Mã số thuế", "Tên doanh nghiệp", "Ngành", "Loại hình sở hữu"}, []any{"0100109106", "A", "Xây dựng", "Tư nhân"})
	_, err := s.Import(ctx, file, "doanh-nghiep.xlsx", tabular.Options{})
	var fe *tabular.FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "doanh-nghiep.xlsx") || !strings.Contains(err.Error(), "Lĩnh vực") {
		t.Fatalf("err = %v, want a file error naming the file and the missing Lĩnh vực", err)
	}
	if n := countEnterprises(t, d); n != 0 {
		t.Errorf("%d enterprises written", n)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		if _, err := s.Create(ctx, Enterprise{TaxCode: "0300588569", Name: "Cũ", Sectors: []Sector{SectorHousing}, Ownership: OwnershipState}); err != nil {
			t.Fatal(err)
		}
		before := len(auditRows(t, d))
		res, err := s.Import(ctx, sampleFile(t), "dn.xlsx", tabular.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Created != 2 || res.Updated != 1 || len(res.Changes) != 3 || res.Changes[2].Key != "0300588569" || res.Changes[2].Action != tabular.Update {
			t.Errorf("dry run: %s %+v", res.Summary(), res.Changes)
		}
		if n := countEnterprises(t, d); n != 1 {
			t.Errorf("dry run left %d enterprises, want the 1 there before", n)
		}
		if got, _ := s.GetByTaxCode(ctx, "0300588569"); got.Name != "Cũ" {
			t.Errorf("dry run renamed the enterprise to %q", got.Name)
		}
		if after := len(auditRows(t, d)); after != before {
			t.Errorf("dry run wrote %d audit entries", after-before)
		}
	})
}
