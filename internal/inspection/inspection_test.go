package inspection

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/validate"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var ctx = context.Background()

// clock is a settable time of day 09:00 in Vietnam.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) on(day string) {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 09:00", time.FixedZone("ICT", 7*3600))
	c.t = t.UTC()
}

type fixture struct {
	s                     *Store
	d                     *db.DB
	c                     *clock
	jobs                  *job.Queue
	m                     *plan.Movement
	qlxd, ttdk            int64
	lead, member          int64 // staff
	office, leader        *auth.User
	qlxdUser, ttdkUser    *auth.User
	leaderID, qlxdStaffID int64
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	c := &clock{}
	c.on("2026-08-20")
	ps := plan.NewStore(d, c.now)
	if _, err := plan.LoadEmbedded(ctx, ps); err != nil {
		t.Fatal(err)
	}
	m, err := ps.Current(ctx, c.now())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, c: c, m: m}
	var vp int64
	for _, u := range []struct {
		code, name string
		id         *int64
	}{{"VP", "Văn phòng Sở", &vp}, {"QLXD", "Phòng Quản lý xây dựng", &f.qlxd}, {"TTDK", "Trung tâm Đăng kiểm", &f.ttdk}} {
		if err := d.Write().QueryRow(`INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ($1, $2, 'division', $1, $3, $3) RETURNING id`,
			u.code, u.name, c.now()).Scan(u.id); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []struct {
		name, pos string
		id        *int64
	}{{"Chu Thị Hằng", "Chánh Văn phòng", &f.lead}, {"Lương Văn Khánh", "Chuyên viên", &f.member}} {
		if err := d.Write().QueryRow(`INSERT INTO staff (unit_id, full_name, position, gender, search, created_at, updated_at)
			VALUES ($1, $2, $3, 'female', $2, $4, $4) RETURNING id`, vp, st.name, st.pos, c.now()).Scan(st.id); err != nil {
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
	f.office, f.leader = mk("vanphong", auth.RoleOffice, ""), mk("lanhdao", auth.RoleLeader, "")
	f.qlxdUser, f.ttdkUser = mk("qlxd", auth.RoleUnitManager, "QLXD"), mk("ttdk", auth.RoleUnitStaff, "TTDK")
	f.jobs = job.New(d, c.now)
	f.s = NewStore(d, c.now, notify.New(d, c.now, f.jobs, nil))
	f.jobs.Register(KindRemind, f.s.Remind)
	return f
}

// notes counts the notifications a user has, with subjects containing word.
func (f *fixture) notes(t *testing.T, u *auth.User, word string) int {
	t.Helper()
	var n int
	if err := f.d.Read().QueryRow("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND subject LIKE $2", u.ID, "%"+word+"%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := f.d.Read().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fieldErr(t *testing.T, err error, field, want string) {
	t.Helper()
	var fe validate.Errors
	if !errors.As(err, &fe) || !strings.Contains(fe[field], want) {
		t.Fatalf("%s: want a message with %q, got %v", field, want, err)
	}
}

func (f *fixture) plan(t *testing.T) *Inspection {
	t.Helper()
	x, err := f.s.Create(ctx, f.m.ID, Input{UnitID: f.qlxd, Title: "Kiểm tra công tác cải cách thủ tục hành chính năm 2026", ContentCode: "II.1.c",
		PeriodFrom: "2026-01-01", PeriodTo: "2026-06-30", Scheduled: "2026-08-25", Lead: f.lead, Members: []int64{f.member}})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// A plan of inspection with what is wrong named field by field, and nothing saved.
func TestCreateRefusesBadPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		_, err := f.s.Create(ctx, f.m.ID, Input{UnitID: f.qlxd, ContentCode: "II.9.z", PeriodFrom: "2026-01-01", PeriodTo: "2026-09-30", Scheduled: "2026-08-25"})
		fieldErr(t, err, "title", "Nhập tên cuộc kiểm tra")
		fieldErr(t, err, "content", "Kế hoạch không có nội dung thi đua \"II.9.z\"")
		fieldErr(t, err, "period_to", "sau ngày kiểm tra 25/08/2026")
		fieldErr(t, err, "lead", "Chọn trưởng đoàn")
		if n := f.count(t, "inspections"); n != 0 {
			t.Fatalf("%d inspections saved from a bad form", n)
		}
		x := f.plan(t)
		if x.ContentTitle != "Thi đua cải thiện môi trường đầu tư kinh doanh" || len(x.Members) != 2 || !x.Members[0].Leads || x.Lead() != "Chu Thị Hằng" {
			t.Fatalf("planned: %+v", x)
		}
		if f.notes(t, f.qlxdUser, "Kế hoạch kiểm tra") != 1 {
			t.Error("the inspected unit was not told of the plan")
		}
		if _, err := f.s.AddFinding(ctx, f.office, x.ID, FindingInput{Finding: "a", Action: "b", DueDays: "5"}); err == nil ||
			!strings.Contains(err.Error(), "“Dự kiến” nên không thể ghi nhận") {
			t.Errorf("a finding before the inspection began: %v", err)
		}
		if _, err := f.s.Update(ctx, x.ID, Input{UnitID: f.ttdk, Title: x.Title, ContentCode: "II.1.đ", PeriodFrom: "2026-01-01",
			PeriodTo: "2026-06-30", Scheduled: "2026-09-01", Lead: f.member}); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := f.s.Get(ctx, auth.Scope{All: true}, x.ID); got.UnitName != "Trung tâm Đăng kiểm" || got.Lead() != "Lương Văn Khánh" || len(got.Members) != 1 {
			t.Errorf("updated: %+v", got)
		}
		if _, _, err := f.s.Get(ctx, auth.Scope{UnitID: f.qlxd}, x.ID); !errors.Is(err, ErrNotYours) {
			t.Errorf("another unit sees the inspection: %v", err)
		}
	})
}

// The conclusion opens each action with its due date counted in working days on the
// calendar (over the National Day holiday here), refuses a due date that is not
// after it, and tells the unit and the leadership.
func TestConclude(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		x := f.plan(t)
		f.c.on("2026-08-25")
		if err := f.s.Start(ctx, f.qlxdUser, x.ID, ""); !errors.Is(err, ErrForbidden) {
			t.Fatalf("a unit started its own inspection: %v", err)
		}
		if err := f.s.Start(ctx, f.office, x.ID, ""); err != nil {
			t.Fatal(err)
		}
		_, err := f.s.AddFinding(ctx, f.office, x.ID, FindingInput{Finding: "  ", DueDays: "0"})
		fieldErr(t, err, "finding", "Nhập nội dung tồn tại, hạn chế")
		fieldErr(t, err, "action", "Nhập biện pháp khắc phục")
		fieldErr(t, err, "due_days", "từ 1 đến 250")
		if n := f.count(t, "inspection_findings"); n != 0 {
			t.Fatalf("%d findings saved from a bad form", n)
		}
		add := func(finding, days, date string) *Finding {
			t.Helper()
			fd, err := f.s.AddFinding(ctx, f.office, x.ID, FindingInput{Finding: finding, Action: "Khắc phục: " + finding, DueDays: days, DueOn: date})
			if err != nil {
				t.Fatal(err)
			}
			return fd
		}
		first := add("Chưa công khai đầy đủ phí, lệ phí tại Bộ phận một cửa", "5", "")
		early := add("Sổ theo dõi hồ sơ ghi chưa đầy đủ", "", "2026-08-27")
		add("03 hồ sơ quá hạn chưa có phiếu xin lỗi", "20", "")
		f.c.on("2026-08-28")
		err = f.s.Conclude(ctx, f.office, x.ID, ConcludeInput{On: "2026-08-28", Conclusion: "Đơn vị cơ bản thực hiện tốt."})
		fieldErr(t, err, "concluded_on", "Hạn khắc phục của tồn tại số 2 (27/08/2026) không sau ngày kết luận 28/08/2026")
		if got, fs, _ := f.s.Get(ctx, auth.Scope{All: true}, x.ID); got.State != InProgress || fs[0].State != Pending || !fs[0].DueOn.IsZero() {
			t.Fatalf("a refused conclusion changed the inspection: %s %+v", got.State, fs[0])
		}
		if err := f.s.DeleteFinding(ctx, f.office, x.ID, early.ID); err != nil {
			t.Fatal(err)
		}
		err = f.s.Conclude(ctx, f.office, x.ID, ConcludeInput{On: "2026-08-31", Conclusion: ""})
		fieldErr(t, err, "concluded_on", "là ngày trong tương lai")
		fieldErr(t, err, "conclusion", "Nhập nội dung kết luận")
		if err := f.s.Conclude(ctx, f.office, x.ID, ConcludeInput{On: "2026-08-28", Conclusion: "Đơn vị cơ bản thực hiện tốt.\nCòn một số tồn tại."}); err != nil {
			t.Fatal(err)
		}
		got, fs, err := f.s.Get(ctx, auth.Scope{UnitID: f.qlxd}, x.ID)
		if err != nil || got.State != Concluded || len(fs) != 2 || fs[0].ID != first.ID || fs[0].State != Open {
			t.Fatalf("concluded: %v %+v %+v", err, got, fs)
		}
		cal := calendar.Default()
		if fs[0].DueOn != calendar.NewDate(2026, 9, 8) || !strings.Contains(fs[0].DueText(cal), "02/09/2026") ||
			!strings.HasSuffix(fs[0].DueText(cal), "→ 08/09/2026") {
			t.Errorf("5 working days from Friday 28/08/2026 over 2–3/9: %s, %q", fs[0].DueOn.DMY(), fs[0].DueText(cal))
		}
		if fs[1].DueOn != cal.AddWorkingDays(calendar.NewDate(2026, 8, 28), 20) {
			t.Errorf("20 working days: %s", fs[1].DueOn.DMY())
		}
		if f.notes(t, f.qlxdUser, "Kết luận kiểm tra") != 1 || f.notes(t, f.leader, "Kết luận kiểm tra") != 1 {
			t.Error("the unit or the leadership was not told of the conclusion")
		}
		if err := f.s.Conclude(ctx, f.office, x.ID, ConcludeInput{On: "2026-08-28", Conclusion: "x"}); err == nil || !strings.Contains(err.Error(), "Đã kết luận") {
			t.Errorf("concluded twice: %v", err)
		}
	})
}
