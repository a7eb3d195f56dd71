package procedure

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/org"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var ctx = context.Background()

// clock is 08:30 in Hà Nội on 2 March 2026.
func clock() time.Time { return time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC) }

// withUnits gives a database with two units of the department.
func withUnits(t *testing.T, d *db.DB) {
	t.Helper()
	orgs := org.NewStore(d, clock)
	for _, u := range []org.Unit{
		{Code: "QLXD", Name: "Phòng Quản lý hoạt động xây dựng", Kind: org.KindDivision},
		{Code: "QLVT", Name: "Phòng Quản lý vận tải, phương tiện và người lái", Kind: org.KindDivision},
	} {
		if _, err := orgs.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
}

func days(v float64) *float64 { return &v }

func permit() Procedure {
	return Procedure{Code: " 1.009994 ", Name: "Cấp giấy phép  xây dựng mới đối với công trình cấp III", Field: "Hoạt động xây dựng",
		UnitCode: "qlxd", StatutoryDays: days(20), Fee: 150000, FeeBasis: "Thông tư 63/2025/TT-BTC",
		OnlineLevel: LevelPartial, EligibleFull: true, NotFullReason: "Chưa kết nối thanh toán lệ phí trực tuyến"}
}

// auditRows returns "action | entity_id | summary | before | after" of the procedure entries, oldest first.
func auditRows(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.Read().QueryContext(ctx, `SELECT action, entity_id, summary, COALESCE(before_json, ''), COALESCE(after_json, '')
		FROM audit_log WHERE entity = 'procedure' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f [5]string
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4]); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(f[:], " | "))
	}
	return out
}

func TestCreateUpdateWithAudit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		withUnits(t, d)
		s := NewStore(d, clock)
		p, err := s.Create(ctx, permit())
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetByCode(ctx, "1.009994")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != p.ID || got.Name != "Cấp giấy phép xây dựng mới đối với công trình cấp III" || got.UnitCode != "QLXD" ||
			got.UnitName != "Phòng Quản lý hoạt động xây dựng" || got.DaysText() != "20" || got.Fee != 150000 {
			t.Errorf("read back %+v", got)
		}
		if got.ValidFrom != calendar.NewDate(2026, 3, 2) || !got.ValidTo.IsZero() || got.OnlineLevel.Label() != "Một phần" {
			t.Errorf("valid %s–%s level %s: want from today, no end, Một phần", got.ValidFrom, got.ValidTo, got.OnlineLevel.Label())
		}

		// Offered toàn trình from now: the reason has nothing left to explain.
		got.OnlineLevel, got.StatutoryDays, got.UnitCode = LevelFull, days(2.5), "QLVT"
		upd, err := s.Update(ctx, got)
		if err != nil {
			t.Fatal(err)
		}
		if upd.NotFullReason != "" || upd.UnitName != "Phòng Quản lý vận tải, phương tiện và người lái" || upd.DaysText() != "2,5" {
			t.Errorf("updated to %+v", upd)
		}
		if _, err := s.Update(ctx, upd); err != nil {
			t.Fatal(err)
		}
		a := auditRows(t, d)
		if len(a) != 2 {
			t.Fatalf("audit entries %q, want a create and one update (saving unchanged writes nothing)", a)
		}
		if !strings.HasPrefix(a[0], "create | ") || !strings.Contains(a[0], "Thêm thủ tục 1.009994") {
			t.Errorf("create entry %q", a[0])
		}
		if !strings.Contains(a[1], "Sửa thủ tục 1.009994") || !strings.Contains(a[1], `"online_level":"partial"`) ||
			!strings.Contains(a[1], `"online_level":"full"`) {
			t.Errorf("update entry lacks before and after: %q", a[1])
		}
	})
}

func TestRefusesWhatTheRulesForbid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		withUnits(t, d)
		s := NewStore(d, clock)
		if _, err := s.Create(ctx, permit()); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			edit  func(p *Procedure)
			field string
			want  string
		}{
			{"eligible partial without a reason", func(p *Procedure) { p.Code, p.NotFullReason = "1.000703", "" },
				"not_full_reason", "Lý do chưa toàn trình: bắt buộc"},
			{"full but not eligible", func(p *Procedure) { p.Code, p.OnlineLevel, p.EligibleFull = "1.000703", LevelFull, false },
				"eligible_full", "Đủ điều kiện toàn trình: thủ tục đã cung cấp toàn trình"},
			{"taken code", func(p *Procedure) {}, "code", "Mã thủ tục: 1.009994 đã là mã của thủ tục"},
			{"malformed code", func(p *Procedure) { p.Code = "1.00703" }, "code", "Mã thủ tục: “1.00703” không phải mã thủ tục quốc gia"},
			{"unknown unit", func(p *Procedure) { p.Code, p.UnitCode = "1.000703", "KHONGCO" }, "unit", "Đơn vị thực hiện: không có đơn vị"},
			{"no days", func(p *Procedure) { p.Code, p.StatutoryDays = "1.000703", days(0) }, "statutory_days", "Thời hạn giải quyết: phải là số"},
			{"negative fee", func(p *Procedure) { p.Code, p.Fee = "1.000703", -1 }, "fee", "Phí, lệ phí: không được là số âm"},
			{"ends before it starts", func(p *Procedure) {
				p.Code, p.ValidFrom, p.ValidTo = "1.000703", calendar.NewDate(2026, 7, 1), calendar.NewDate(2026, 6, 30)
			}, "valid_to", "Hiệu lực đến: 30/06/2026 trước ngày hiệu lực 01/07/2026"},
		}
		for _, c := range cases {
			p := permit()
			c.edit(&p)
			_, err := s.Create(ctx, p)
			var fe FieldErrors
			if !errors.As(err, &fe) || !strings.HasPrefix(fe[c.field], c.want) {
				t.Errorf("%s: err %v, want on %s a message starting %q", c.name, err, c.field, c.want)
			}
		}
		if page, _ := s.List(ctx, Filter{}); page.Total != 1 {
			t.Errorf("%d procedures stored, want only the first", page.Total)
		}
	})
}

// T3 counts the procedures that apply on the day asked, whatever exists today.
func TestCoverageAsOfADate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		withUnits(t, d)
		s := NewStore(d, clock)
		jan, jul := calendar.NewDate(2026, 1, 1), calendar.NewDate(2026, 7, 1)
		for _, p := range []Procedure{
			{Code: "1.000001", Name: "Cấp giấy phép xây dựng", UnitCode: "QLXD", OnlineLevel: LevelFull, EligibleFull: true, ValidFrom: jan},
			{Code: "1.000002", Name: "Cấp phù hiệu xe", UnitCode: "QLVT", OnlineLevel: LevelPartial, EligibleFull: true,
				NotFullReason: "Chưa liên thông dữ liệu đăng kiểm", ValidFrom: jan, ValidTo: calendar.NewDate(2026, 6, 30)},
			{Code: "1.000003", Name: "Kiểm định chất lượng công trình", UnitCode: "QLXD", OnlineLevel: LevelNone, ValidFrom: jan},
			{Code: "1.000004", Name: "Cấp giấy phép kinh doanh vận tải", UnitCode: "QLVT", OnlineLevel: LevelFull, EligibleFull: true, ValidFrom: jul},
		} {
			if _, err := s.Create(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			day           calendar.Date
			full, eligble int
		}{
			{calendar.NewDate(2025, 12, 31), 0, 0},
			{calendar.NewDate(2026, 3, 1), 1, 2},
			{calendar.NewDate(2026, 6, 30), 1, 2}, // the last day of 1.000002 still counts
			{jul, 2, 2},
		} {
			full, eligible, err := s.Coverage(ctx, c.day)
			if err != nil {
				t.Fatal(err)
			}
			if full != c.full || eligible != c.eligble {
				t.Errorf("T3 on %s = %d/%d, want %d/%d", c.day.DMY(), full, eligible, c.full, c.eligble)
			}
		}
		short, err := s.NotFullyOnline(ctx, calendar.NewDate(2026, 3, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(short) != 1 || short[0].Code != "1.000002" || short[0].NotFullReason != "Chưa liên thông dữ liệu đăng kiểm" {
			t.Errorf("shortfall on 01/03/2026: %+v", short)
		}
		if short, _ := s.NotFullyOnline(ctx, jul); len(short) != 0 {
			t.Errorf("shortfall in July lists %d procedures no longer valid", len(short))
		}
	})
}

func TestListFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		withUnits(t, d)
		s := NewStore(d, clock)
		for _, p := range []Procedure{
			{Code: "1.000030", Name: "Cấp phù hiệu xe ô tô", Field: "Đường bộ", UnitCode: "QLVT", OnlineLevel: LevelFull, EligibleFull: true},
			{Code: "1.000010", Name: "Cấp giấy phép xây dựng", Field: "Hoạt động xây dựng", UnitCode: "QLXD", OnlineLevel: LevelPartial,
				EligibleFull: true, NotFullReason: "Phải thẩm định hiện trạng"},
			{Code: "1.000020", Name: "Điều chỉnh giấy phép xây dựng", Field: "Hoạt động xây dựng", UnitCode: "QLXD", OnlineLevel: LevelNone},
		} {
			if _, err := s.Create(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		codes := func(f Filter) string {
			page, err := s.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var cs []string
			for _, p := range page.Items {
				cs = append(cs, p.Code)
			}
			return strings.Join(cs, " ") + " of " + strconv.Itoa(page.Total)
		}
		yes, qlxd := true, int64(0)
		if p, err := s.GetByCode(ctx, "1.000010"); err == nil {
			qlxd = p.UnitID
		}
		for _, c := range []struct {
			name string
			f    Filter
			want string
		}{
			{"all, by code", Filter{}, "1.000010 1.000020 1.000030 of 3"},
			{"search without accents", Filter{Search: "giay phep xay dung"}, "1.000010 1.000020 of 2"},
			{"search by field", Filter{Search: "đường bộ"}, "1.000030 of 1"},
			{"unit", Filter{UnitID: qlxd}, "1.000010 1.000020 of 2"},
			{"eligible, not full", Filter{Eligible: &yes, NotFull: true}, "1.000010 of 1"},
			{"level", Filter{Level: LevelNone}, "1.000020 of 1"},
			{"valid before they began", Filter{ValidOn: calendar.NewDate(2026, 3, 1)}, " of 0"},
			{"second page", Filter{Limit: 2, Offset: 2}, "1.000030 of 3"},
		} {
			if got := codes(c.f); got != c.want {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}
	})
}
