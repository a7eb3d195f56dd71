package petition

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var ctx = context.Background()

// clock is a settable clock; it starts at 09:00 in Hà Nội on Tuesday 28 April 2026,
// two days before the 30/4 and 1/5 holidays.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: at(2026, 4, 28, 9)} }

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// set moves the clock to 09:00 in Hà Nội on y-m-d.
func (c *clock) set(y int, m time.Month, d int) { c.mu.Lock(); c.t = at(y, m, d, 9); c.mu.Unlock() }

func at(y int, m time.Month, d, hour int) time.Time {
	return time.Date(y, m, d, hour, 0, 0, 0, calendar.Location())
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

// fixture is a department with two units, two enterprises and one user of the first
// enterprise, and a store on it that records its notices.
type fixture struct {
	d          *db.DB
	s          *Store
	clk        *clock
	notes      *recorder
	unitA      int64 // Phòng Quản lý hoạt động xây dựng
	unitB      int64 // Phòng Kinh tế, Vật liệu xây dựng
	ent1, ent2 int64
	ent1User   int64
}

func newFixture(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{d: d, clk: newClock(), notes: &recorder{}}
	f.s = NewStore(d, f.clk.now).WithNotifier(f.notes)
	now := f.clk.now().UTC()
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := d.Write().QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	unit := `INSERT INTO units (code, name, kind, active, search, created_at, updated_at) VALUES ($1, $2, 'division', $3, $1, $4, $4)`
	f.unitA = exec(unit, "QLXD", "Phòng Quản lý hoạt động xây dựng", true, now)
	f.unitB = exec(unit, "KTVL", "Phòng Kinh tế, Vật liệu xây dựng", true, now)
	ent := `INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at) VALUES ($1, $2, 'private', $1, $3, $3)`
	f.ent1 = exec(ent, "0100109106", "Công ty TNHH Xây dựng Lạng Sơn", now)
	f.ent2 = exec(ent, "4900100000", "Công ty Cổ phần Vật liệu Đồng Đăng", now)
	f.ent1User = exec(`INSERT INTO users (username, password_hash, role, enterprise_id, created_at, updated_at)
		VALUES ('dn1', 'x', 'enterprise', $1, $2, $2)`, f.ent1, now)
	return f
}

// Actors of the fixture.
func office() Actor {
	return Actor{UserID: 0, Name: "Nguyễn Thị Văn Phòng", Role: auth.RoleOffice}
}
func leader() Actor { return Actor{Name: "Lãnh đạo Sở", Role: auth.RoleLeader} }
func council() Actor {
	return Actor{Name: "Hội đồng", Role: auth.RoleCouncil}
}
func (f *fixture) staff(unit int64) Actor {
	return Actor{Name: "Chuyên viên", Role: auth.RoleUnitStaff, UnitID: unit}
}
func (f *fixture) manager(unit int64) Actor {
	return Actor{Name: "Trưởng phòng", Role: auth.RoleUnitManager, UnitID: unit}
}
func (f *fixture) enterprise(id int64) Actor {
	return Actor{Name: "Doanh nghiệp", Role: auth.RoleEnterprise, EnterpriseID: id}
}

// fromEnterprise sends a petition from the first enterprise's account.
func (f *fixture) fromEnterprise(t *testing.T, subject string) *Petition {
	t.Helper()
	p, err := f.s.Create(ctx, f.enterprise(f.ent1), NewPetition{Kind: KindFeedback, Subject: subject,
		Content: "Hồ sơ nộp từ tháng 3 chưa có kết quả."})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fromPublic sends a petition from the public page.
func (f *fixture) fromPublic(t *testing.T, subject string, consent bool) *Petition {
	t.Helper()
	p, err := f.s.Create(ctx, PublicActor("", ""), NewPetition{Kind: KindProposal, Subject: subject,
		Content: "Đề nghị rút ngắn thời gian. Liên hệ 0912 345 678 hoặc an.nguyen@gmail.com.", SenderName: "Nguyễn Văn An",
		SenderPhone: "0912 345 678", SenderEmail: "An.Nguyen@gmail.com", PublishConsent: consent})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// act takes an action that must succeed.
func (f *fixture) act(t *testing.T, a Actor, id int64, action Action, in Input) *Petition {
	t.Helper()
	p, err := f.s.Act(ctx, a, id, action, in)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	return p
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// written counts what a change leaves behind: petitions, history rows, audit
// entries and files.
func written(t *testing.T, d *db.DB) [4]int {
	return [4]int{count(t, d, "SELECT COUNT(*) FROM petitions"), count(t, d, "SELECT COUNT(*) FROM petition_events"),
		count(t, d, "SELECT COUNT(*) FROM audit_log"), count(t, d, "SELECT COUNT(*) FROM petition_attachments")}
}

// recorder is a Notifier that keeps what it is given, and can be made to fail.
type recorder struct {
	mu      sync.Mutex
	notices []Notice
	fail    error
}

func (r *recorder) Notify(_ context.Context, tx *sql.Tx, n Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if tx == nil {
		panic("notice outside a transaction")
	}
	if r.fail != nil {
		return r.fail
	}
	r.notices = append(r.notices, n)
	return nil
}

// take returns the notices since the last take, one line each: subject, then whom.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.notices {
		var to []string
		for _, id := range n.UserIDs {
			to = append(to, "user:"+itoa(id))
		}
		to = append(to, n.Emails...)
		for _, id := range n.UnitIDs {
			to = append(to, "unit:"+itoa(id))
		}
		for _, r := range n.Roles {
			to = append(to, "role:"+r)
		}
		out = append(out, n.Subject+" → "+strings.Join(to, ","))
	}
	r.notices = nil
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Every test runs on both databases.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

func (s *Store) mustGet(t *testing.T, id int64) *Petition {
	t.Helper()
	p, err := s.Get(ctx, auth.Scope{All: true}, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (s *Store) isWorkingDay(t *testing.T, at time.Time) bool {
	t.Helper()
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cal.IsWorkingDay(calendar.DateOf(at))
}
