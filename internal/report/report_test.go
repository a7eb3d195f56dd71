package report

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/validate"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// clock is a settable time; the tests begin on Monday 16/11/2026 in Vietnam.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) on(day string) {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 09:00", time.FixedZone("ICT", 7*3600))
	c.t = t.UTC()
}

type fixture struct {
	s            *Store
	d            *db.DB
	c            *clock
	m            *plan.Movement
	qlxd, ttdk   int64
	office, lead *auth.User
	unitUser     *auth.User
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	c := &clock{}
	c.on("2026-11-16")
	ps := plan.NewStore(d, c.now)
	if _, err := plan.LoadEmbedded(ctx, ps); err != nil {
		t.Fatal(err)
	}
	m, err := ps.Current(ctx, c.now())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, c: c, m: m}
	for _, u := range []struct {
		code, name string
		id         *int64
	}{{"QLXD", "Phòng Quản lý xây dựng", &f.qlxd}, {"TTDK", "Trung tâm Đăng kiểm", &f.ttdk}} {
		if err := d.Write().QueryRow(`INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ($1, $2, 'division', $1, $3, $3) RETURNING id`,
			u.code, u.name, c.now()).Scan(u.id); err != nil {
			t.Fatal(err)
		}
	}
	as := auth.NewStore(d, c.now)
	mk := func(name string, role auth.Role, unit string) *auth.User {
		u, err := as.CreateUser(ctx, auth.NewUser{Username: name, Role: role, UnitCode: unit, Password: "mat-khau-dai-du", Email: name + "@sxd.test"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.office, f.lead, f.unitUser = mk("vanphong", auth.RoleOffice, ""), mk("lanhdao", auth.RoleLeader, ""), mk("qlxd", auth.RoleUnitManager, "QLXD")
	f.lead.FullName = "Trần Văn Vương"
	f.s = NewStore(d, c.now, notify.New(d, c.now, job.New(d, c.now), nil))
	return f
}

func (f *fixture) unitScope() auth.Scope { return auth.Scope{UnitID: f.qlxd} }

func annual(due string) DefinitionInput {
	return DefinitionInput{Kind: "annual", Title: "Báo cáo kết quả phong trào thi đua năm 2026", PeriodFrom: "2026-01-01", PeriodTo: "2026-12-31",
		Cutoff: "2026-11-30", Due: due, Audience: "all_units", RemindBefore: "7, 2", RemindAfter: true}
}

func TestDefinitionRefusesDatesOutOfOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		for name, tc := range map[string]struct {
			in    DefinitionInput
			field string
		}{
			"due before the period": {func() DefinitionInput { in := annual("2025-12-01"); in.Cutoff = "2025-11-30"; return in }(), "due"},
			"cut-off after due":     {func() DefinitionInput { in := annual("2026-12-05"); in.Cutoff = "2026-12-10"; return in }(), "cutoff"},
			"no units in a list":    {func() DefinitionInput { in := annual("2026-12-05"); in.Audience = "units"; return in }(), "units"},
			"reminder days":         {func() DefinitionInput { in := annual("2026-12-05"); in.RemindBefore = "bảy"; return in }(), "remind_before"},
		} {
			_, err := f.s.Create(ctx, f.m.ID, tc.in)
			var errs validate.Errors
			if !errors.As(err, &errs) || errs[tc.field] == "" {
				t.Errorf("%s: %v, want a message for %s", name, err, tc.field)
			}
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM report_definitions").Scan(&n)
		if n != 0 {
			t.Errorf("%d reports written from bad forms", n)
		}
	})
}

// The plan's sơ kết and tổng kết exist once the plan is synchronised, once.
func TestPlanReportsBecomeDefinitions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		for range 2 {
			if _, err := f.s.SyncFromPlan(ctx, f.m); err != nil {
				t.Fatal(err)
			}
		}
		list, total, err := f.s.Definitions(ctx, f.m.ID, calendar.Date{}, calendar.Date{}, 10, 0)
		if err != nil || total != 2 {
			t.Fatalf("definitions = %d %v", total, err)
		}
		final, interim := list[0], list[1]
		if interim.Kind != Interim || interim.Due.String() != "2028-05-19" || interim.Cutoff.String() != "2028-04-30" || interim.PeriodTo.String() != "2028-06-30" {
			t.Errorf("sơ kết = %+v", interim)
		}
		if final.Kind != Final || final.Due.String() != "2030-11-29" || final.PeriodFrom != f.m.Period.Start {
			t.Errorf("tổng kết = %+v", final)
		}
	})
}

// docxText is the text of a .docx's body, a line per paragraph or table cell.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := io.ReadAll(f)
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "\n"), "")
	return html.UnescapeString(text)
}

// The department's report states the targets per year, each unit's line and the
// units' own words, and says "chưa có dữ liệu" where nothing was recorded.
func TestConsolidatedReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		def, err := f.s.Create(ctx, f.m.ID, annual("2026-12-04"))
		if err != nil {
			t.Fatal(err)
		}
		me := Submitter{UnitID: f.qlxd}
		if err := f.s.Submit(ctx, f.unitScope(), def.ID, me, map[string]string{"results": "Rút ngắn thời gian cấp phép xây dựng còn 12 ngày."}, []Figure{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Raise(ctx, f.unitScope(), f.qlxd, "Thiếu nhân lực thẩm định", "Chỉ có 02 công chức thẩm định", ""); err != nil {
			t.Fatal(err)
		}
		c, err := f.s.Gather(ctx, f.m, GatherInput{Kind: Annual, Title: "Kết quả năm 2026", From: def.PeriodFrom, To: def.PeriodTo, Cutoff: def.Cutoff, DefinitionID: def.ID})
		if err != nil {
			t.Fatal(err)
		}
		if c.Cutoff.String() != "2026-11-16" || len(c.Years) != 1 || len(c.Whole) != 5 || len(c.Units) != 2 {
			t.Fatalf("gathered = cutoff %s, %d years, %d targets, %d units", c.Cutoff, len(c.Years), len(c.Whole), len(c.Units))
		}
		doc := Document(c, "15/BC-SXD")
		var buf bytes.Buffer
		if err := docgen.Render(&buf, doc); err != nil {
			t.Fatal(err)
		}
		text := docxText(t, buf.Bytes())
		for _, want := range []string{"BÁO CÁO", "Số: 15/BC-SXD", "Kết quả năm 2026 phong trào thi đua “Phát triển mạnh doanh nghiệp tư nhân",
			"Sở Xây dựng báo cáo", "0/2 phòng chuyên môn", "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "T2. ", "≥ 98%", "Chưa có dữ liệu",
			"Phòng Quản lý xây dựng", "Rút ngắn thời gian cấp phép xây dựng còn 12 ngày.", "Thiếu nhân lực thẩm định", "Đã nộp đúng hạn", "KT. GIÁM ĐỐC"} {
			if !strings.Contains(text, want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		if strings.Contains(text, "{{") || strings.Contains(text, "%!") {
			t.Error("the report has template or format markers")
		}
	})
}

// A number field takes a number as people type it and refuses text, naming the field.
func TestNumberFieldsRefuseText(t *testing.T) {
	f := setup(t, dbtest.SQLite(t))
	ctx := context.Background()
	in := annual("2026-12-04")
	in.Sections = "* Kết quả\n*# Số lớp tập huấn đã tổ chức"
	def, err := f.s.Create(ctx, f.m.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if !def.Sections[1].Number || !def.Sections[1].Required || SectionsText(def.Sections) != "* Kết quả\n*# Số lớp tập huấn đã tổ chức\n" {
		t.Fatalf("sections = %+v", def.Sections)
	}
	me := Submitter{UnitID: f.qlxd}
	err = f.s.Submit(ctx, f.unitScope(), def.ID, me, map[string]string{"s1": "Tốt", "s2": "hai lớp"}, []Figure{})
	var errs validate.Errors
	if !errors.As(err, &errs) || !strings.Contains(errs["s2"], "phải là một số") {
		t.Fatalf("text in a number field: %v", err)
	}
	for _, n := range []string{"2", "1.250", "12,5"} {
		if !IsNumber(n) {
			t.Errorf("%q refused", n)
		}
	}
	if err := f.s.Submit(ctx, f.unitScope(), def.ID, me, map[string]string{"s1": "Tốt", "s2": "2"}, []Figure{}); err != nil {
		t.Fatal(err)
	}
}
