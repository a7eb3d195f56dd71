package org

import (
	"bytes"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

// xlsx builds a workbook from rows starting at A1; nil rows are left empty.
var xlsx = tabulartest.XLSX

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func problems(res *tabular.Result) string {
	var out []string
	for _, p := range res.Rejected {
		out = append(out, p.String())
	}
	return strings.Join(out, "\n")
}

// The parent of PHONG1 is defined two rows below it; VP is already stored.
func unitFile(t *testing.T, name string) *bytes.Buffer {
	return xlsx(t,
		[]any{"SỞ XÂY DỰNG TỈNH LẠNG SƠN"},
		[]any{"Danh sách đơn vị"},
		[]any{"Loai", "Ten don vi", "MÃ ĐƠN VỊ", "Đơn vị cấp trên"},
		[]any{"Phòng chuyên môn", name, "PHONG1", "khoi"},
		[]any{"don vi truc thuoc", "Trung tâm Kiểm định", "ttkd", "VP"},
		[]any{"Đơn vị trực thuộc", "Khối phòng", "KHOI", ""},
	)
}

func TestImportUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		mustUnit(t, s, Unit{Code: "VP", Name: "Văn phòng Sở", Kind: KindOffice, Email: "vp@sxd.gov.vn"})

		dry, err := s.ImportUnits(ctx, unitFile(t, "Phòng Quản lý xây dựng"), "donvi.xlsx", tabular.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if !dry.OK() || dry.Created != 3 || count(t, d, "units") != 1 {
			t.Fatalf("dry run: %s %s; %d units stored", dry.Summary(), problems(dry), count(t, d, "units"))
		}

		res, err := s.ImportUnits(ctx, unitFile(t, "Phòng Quản lý xây dựng"), "donvi.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Summary() != "Đã nhập 3 đơn vị: 3 mới, 0 cập nhật, 0 không đổi" {
			t.Fatalf("%s\n%s", res.Summary(), problems(res))
		}
		phong, _ := s.GetByCode(ctx, "PHONG1")
		ttkd, _ := s.GetByCode(ctx, "TTKD")
		if phong.ParentCode != "KHOI" || phong.Kind != KindDivision || ttkd.ParentCode != "VP" || ttkd.Kind != KindAffiliated {
			t.Errorf("stored %+v and %+v", phong, ttkd)
		}
		if vp, _ := s.GetByCode(ctx, "VP"); vp.Email != "vp@sxd.gov.vn" {
			t.Errorf("a unit the file does not name changed: %+v", vp)
		}

		res, err = s.ImportUnits(ctx, unitFile(t, "Phòng Quản lý xây dựng và Hạ tầng"), "donvi.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 1 || res.Unchanged != 2 || count(t, d, "units") != 4 {
			t.Errorf("re-import: %s; %d units", res.Summary(), count(t, d, "units"))
		}
		var creates, updates, imports int
		for _, a := range auditActions(t, d, "unit") {
			switch {
			case strings.HasPrefix(a, "create ") && strings.Contains(a, "nhập từ tệp donvi.xlsx"):
				creates++
			case strings.HasPrefix(a, "update ") && strings.Contains(a, "dòng 4"):
				updates++
			case strings.HasPrefix(a, "import "):
				imports++
			}
		}
		if creates != 3 || updates != 1 || imports != 2 {
			t.Errorf("audit: %d creates, %d updates, %d imports; want 3, 1, 2", creates, updates, imports)
		}
	})
}

func TestImportUnitsRejects(t *testing.T) {
	header := []any{"Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên"}
	cases := []struct {
		name string
		rows [][]any
		want string
	}{
		{"unknown parent", [][]any{{"A", "Phòng A", "Phòng chuyên môn", "KHONGCO"}},
			"Dòng 2, cột Đơn vị cấp trên: không có đơn vị mã KHONGCO, trong tệp cũng như trong hệ thống"},
		{"cycle", [][]any{{"A", "Phòng A", "Phòng chuyên môn", "B"}, {"B", "Phòng B", "Phòng chuyên môn", "A"}},
			"Dòng 2, cột Đơn vị cấp trên: tạo thành vòng lặp A → B → A\nDòng 3, cột Đơn vị cấp trên: tạo thành vòng lặp B → A → B"},
		{"own parent", [][]any{{"A", "Phòng A", "Phòng chuyên môn", "a"}},
			"Dòng 2, cột Đơn vị cấp trên: một đơn vị không thể là cấp trên của chính nó"},
		{"duplicate code", [][]any{{"A", "Phòng A", "Phòng chuyên môn"}, {"a ", "Phòng A2", "Phòng chuyên môn"}},
			"Dòng 2, cột Mã đơn vị: A trùng với dòng 3\nDòng 3, cột Mã đơn vị: A trùng với dòng 2"},
		{"bad kind and empty name", [][]any{{"A", "", "Phòng ban"}},
			"Dòng 2, cột Tên đơn vị: không được để trống\nDòng 2, cột Loại: không có loại “Phòng ban”; chọn một trong: Văn phòng Sở, Phòng chuyên môn, Đơn vị trực thuộc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := dbtest.SQLite(t)
			s := NewStore(d, clock)
			res, err := s.ImportUnits(ctx, xlsx(t, append([][]any{header}, c.rows...)...), "donvi.xlsx", tabular.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := problems(res); got != c.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, c.want)
			}
			if n := count(t, d, "units"); n != 0 {
				t.Errorf("%d units written from a rejected file", n)
			}
		})
	}
}

func TestImportStaff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		mustUnit(t, s, Unit{Code: "QLXD", Name: "Phòng Quản lý xây dựng", Kind: KindDivision})
		mustUnit(t, s, Unit{Code: "VP", Name: "Văn phòng Sở", Kind: KindOffice})
		file := "\uFEFFHọ và tên;Giới tính;Đơn vị;Chức vụ\n" +
			"Nguyễn Văn An;Nam;qlxd;Trưởng phòng\n" +
			"Trần Thị Bình;nu;Văn phòng Sở;Chuyên viên\n"
		res, err := s.ImportStaff(ctx, strings.NewReader(file), "canbo.csv", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Created != 2 {
			t.Fatalf("%s\n%s", res.Summary(), problems(res))
		}
		p, _ := s.ListStaff(ctx, everything, StaffFilter{Search: "binh"})
		if len(p.Items) != 1 || p.Items[0].Gender != Female || p.Items[0].UnitCode != "VP" {
			t.Errorf("Trần Thị Bình stored as %+v", p.Items)
		}
		again := strings.Replace(file, "Chuyên viên", "Phó Chánh Văn phòng", 1)
		res, err = s.ImportStaff(ctx, strings.NewReader(again), "canbo.csv", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 1 || res.Unchanged != 1 || count(t, d, "staff") != 2 {
			t.Errorf("re-import: %s; %d staff", res.Summary(), count(t, d, "staff"))
		}

		bad := "Họ và tên,Giới tính,Đơn vị\n" +
			"Lê Văn Cường,Nam,KHONGCO\n" +
			"Phạm Thị Dung,Khác,VP\n" +
			"Hà Văn Em,Nam,VP\n" +
			"hà văn em,Nam,vp\n"
		res, err = s.ImportStaff(ctx, strings.NewReader(bad), "canbo.csv", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := "Dòng 2, cột Đơn vị: không có đơn vị mã hay tên “KHONGCO”\n" +
			"Dòng 3, cột Giới tính: “Khác” không dùng được; chọn Nam hoặc Nữ\n" +
			"Dòng 4, cột Họ và tên: Hà Văn Em (VP) trùng với dòng 5\n" +
			"Dòng 5, cột Họ và tên: Hà Văn Em (VP) trùng với dòng 4"
		if got := problems(res); got != want {
			t.Errorf("problems:\n%s\nwant:\n%s", got, want)
		}
		if n := count(t, d, "staff"); n != 2 {
			t.Errorf("%d staff after a rejected file, want the 2 from before", n)
		}
	})
}
