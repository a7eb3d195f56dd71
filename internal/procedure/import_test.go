package procedure

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

// xlsx builds a workbook from rows starting at A1; nil rows are left empty.
var xlsx = tabulartest.XLSX

var header = []any{"STT", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Đơn vị thực hiện", "Thời hạn giải quyết", "Phí, lệ phí",
	"Mức độ trực tuyến", "Đủ điều kiện toàn trình", "Lý do chưa toàn trình", "Hiệu lực từ"}

// catalogue is a file as the office would make it: a title, a blank row, units by
// code or name, times and fees written the catalogue's way.
func catalogue(t *testing.T) *bytes.Buffer {
	return xlsx(t,
		[]any{"DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ XÂY DỰNG"},
		nil,
		header,
		[]any{1, "1.009994.000.00.00.h37", "Cấp giấy phép xây dựng mới", "Hoạt động xây dựng", "QLXD", "2,5 ngày làm việc", "150.000",
			"Một phần", "Có", "Chưa thanh toán lệ phí trực tuyến được", "01/01/2026"},
		[]any{2, "1.002861", "Cấp phù hiệu xe ô tô", "Đường bộ", "Phòng Quản lý vận tải, phương tiện và người lái", "2", "Không quy định",
			"Toàn trình", "có", "", "2026-01-01"},
		[]any{3, "1.000703", "Cấp chứng chỉ hành nghề môi giới bất động sản", "Kinh doanh bất động sản", "qlxd", "15 ngày làm việc",
			"75.000 đồng/chứng chỉ", "Khong", "Không", "Phải thi sát hạch trực tiếp", ""},
	)
}

func countProcedures(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM procedures").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportCreatesThenReimportChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		withUnits(t, d)
		s := NewStore(d, clock)
		res, err := s.Import(ctx, catalogue(t), "tthc.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Summary() != "Đã nhập 3 thủ tục: 3 mới, 0 cập nhật, 0 không đổi" {
			t.Fatalf("first import: %s %v", res.Summary(), res.Rejected)
		}
		permit, err := s.GetByCode(ctx, "1.009994.000.00.00.H37")
		if err != nil {
			t.Fatal(err)
		}
		if permit.DaysText() != "2,5" || permit.Fee != 150000 || permit.FeeText != "" || permit.OnlineLevel != LevelPartial ||
			!permit.EligibleFull || permit.ValidFrom != calendar.NewDate(2026, 1, 1) {
			t.Errorf("permit stored as %+v", permit)
		}
		badge, _ := s.GetByCode(ctx, "1.002861")
		if badge.UnitCode != "QLVT" || badge.Fee != 0 || badge.FeeText != "Không quy định" || badge.DaysText() != "2" {
			t.Errorf("badge stored as %+v: unit found by name, fee text kept", badge)
		}
		broker, _ := s.GetByCode(ctx, "1.000703")
		if broker.Fee != 75000 || broker.FeeText != "75.000 đồng/chứng chỉ" || broker.ValidFrom != calendar.NewDate(2026, 3, 2) ||
			broker.OnlineLevel != LevelNone || broker.NotFullReason != "Phải thi sát hạch trực tiếp" {
			t.Errorf("broker stored as %+v: want the amount and its text, valid from the import day", broker)
		}
		if full, eligible, _ := s.Coverage(ctx, calendar.NewDate(2026, 3, 2)); full != 1 || eligible != 2 {
			t.Errorf("T3 after import = %d/%d, want 1/2", full, eligible)
		}
		audited := 0
		for _, a := range auditRows(t, d) {
			if strings.Contains(a, "nhập từ tệp tthc.xlsx, dòng") {
				audited++
			}
		}
		if audited != 3 {
			t.Errorf("%d audit entries naming the file, want 3", audited)
		}

		res, err = s.Import(ctx, catalogue(t), "tthc.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 3 || countProcedures(t, d) != 3 {
			t.Errorf("re-import: %s; %d stored", res.Summary(), countProcedures(t, d))
		}
	})
}

// A CSV from Excel on Vietnamese Windows, with semicolons, updating one procedure
// and adding one; a dry run first writes nothing.
func TestImportCSVDryRunThenUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		withUnits(t, d)
		s := NewStore(d, clock)
		if _, err := s.Import(ctx, catalogue(t), "tthc.xlsx", tabular.Options{}); err != nil {
			t.Fatal(err)
		}
		csv := "\uFEFFMã thủ tục;Tên thủ tục;Lĩnh vực;Đơn vị thực hiện;Thời hạn giải quyết;Phí, lệ phí;Mức độ trực tuyến;Đủ điều kiện toàn trình;Lý do chưa toàn trình\r\n" +
			"1.009994.000.00.00.H37;Cấp giấy phép xây dựng mới;Hoạt động xây dựng;QLXD;2,5;150.000 đồng;Toàn trình;Có;\r\n" +
			"1.001776;Cấp giấy phép kinh doanh vận tải bằng xe ô tô;Đường bộ;QLVT;5 ngày làm việc;Không;Toàn trình;Có;\r\n"
		res, err := s.Import(ctx, strings.NewReader(csv), "tthc.csv", tabular.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Created != 1 || res.Updated != 1 || !strings.Contains(res.Summary(), "Chưa ghi gì") {
			t.Fatalf("dry run: %s %v", res.Summary(), res.Rejected)
		}
		if full, eligible, _ := s.Coverage(ctx, calendar.NewDate(2026, 3, 2)); full != 1 || eligible != 2 || countProcedures(t, d) != 3 {
			t.Fatalf("dry run changed the catalogue: T3 %d/%d, %d stored", full, eligible, countProcedures(t, d))
		}
		res, err = s.Import(ctx, strings.NewReader(csv), "tthc.csv", tabular.Options{})
		if err != nil || !res.OK() {
			t.Fatalf("import: %v %v", err, res)
		}
		if full, eligible, _ := s.Coverage(ctx, calendar.NewDate(2026, 3, 2)); full != 3 || eligible != 3 {
			t.Errorf("T3 after the permit went fully online = %d/%d, want 3/3", full, eligible)
		}
		permit, _ := s.GetByCode(ctx, "1.009994.000.00.00.H37")
		if permit.ValidFrom != calendar.NewDate(2026, 1, 1) || permit.NotFullReason != "" {
			t.Errorf("update lost the stored start of validity or kept a stale reason: %+v", permit)
		}
	})
}

func TestImportRejectsTheWholeFile(t *testing.T) {
	row := func(code, unit, days, fee, level, eligible, reason string) []any {
		return []any{"", code, "Thủ tục " + code, "Xây dựng", unit, days, fee, level, eligible, reason, ""}
	}
	cases := []struct {
		name string
		rows [][]any
		want []string // problems as the user reads them, in order
	}{
		{"unreadable values",
			[][]any{
				row("1.000001", "QLXD", "2,5 ngày làm việc", "50.000", "Toàn trình", "Có", ""),
				row("1.000002", "QLXD", "mười lăm ngày", "năm mươi nghìn", "Mức 5", "Chắc có", ""),
				row("1.000003", "QLXD", "30 ngày", "500 nghìn", "Một phần", "Có", ""),
			},
			[]string{
				"Dòng 3, cột Thời hạn giải quyết: không đọc được “mười lăm ngày”",
				"Dòng 3, cột Phí, lệ phí: không đọc được “năm mươi nghìn”",
				"Dòng 3, cột Mức độ trực tuyến: không có mức “Mức 5”; chọn một trong: Toàn trình, Một phần, Không",
				"Dòng 3, cột Đủ điều kiện toàn trình: “Chắc có” không phải Có hay Không",
				"Dòng 4, cột Thời hạn giải quyết: “30 ngày” chưa rõ là ngày làm việc hay ngày theo lịch",
				"Dòng 4, cột Phí, lệ phí: không đọc được “500 nghìn”",
				"Dòng 4, cột Lý do chưa toàn trình: bắt buộc khi thủ tục đủ điều kiện mà chưa cung cấp toàn trình",
			}},
		{"same code twice and an unknown unit",
			[][]any{
				row("1.000001", "QLXD", "2", "0", "Toàn trình", "Có", ""),
				row("1.000002", "Phòng Không Có", "2", "0", "Không", "Không", ""),
				row("1.000001", "QLVT", "3", "0", "Toàn trình", "Có", ""),
			},
			[]string{
				"Dòng 2, cột Mã thủ tục: 1.000001 trùng với dòng 4",
				"Dòng 3, cột Đơn vị thực hiện: không có đơn vị mã hoặc tên “Phòng Không Có”",
				"Dòng 4, cột Mã thủ tục: 1.000001 trùng với dòng 2",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := dbtest.SQLite(t)
			withUnits(t, d)
			s := NewStore(d, clock)
			res, err := s.Import(ctx, xlsx(t, append([][]any{header}, c.rows...)...), "tthc.xlsx", tabular.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range res.Rejected {
				got = append(got, p.String())
			}
			ok := len(got) == len(c.want)
			for i := range c.want {
				ok = ok && strings.HasPrefix(got[i], c.want[i])
			}
			if !ok {
				t.Errorf("problems:\n%s\nwant lines starting:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if n := countProcedures(t, d); n != 0 {
				t.Errorf("%d procedures written from a rejected file", n)
			}
		})
	}
}

func TestImportMissingColumnWritesNothing(t *testing.T) {
	d := dbtest.SQLite(t)
	s := NewStore(d, clock)
	file := xlsx(t, []any{"Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Đơn vị thực hiện"}, []any{"1.000001", "A", "B", "QLXD"})
	_, err := s.Import(ctx, file, "tthc.xlsx", tabular.Options{})
	var fe *tabular.FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "Mức độ trực tuyến") {
		t.Fatalf("err = %v, want a file error naming the missing Mức độ trực tuyến", err)
	}
}
