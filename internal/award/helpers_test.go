package award

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/plans"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// today is 29/11/2026 in Vietnam.
var clock = func() time.Time { return time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC) }

// world is the seed's movement, two units with staff, two enterprises of different
// sectors and one account per part the tests play. Evidence comes from fixed figures.
type world struct {
	d                      *db.DB
	s                      *Store
	movement               int64
	qlxd, ttdk             int64
	ent1, ent2             int64
	officeU, unitU, otherU *auth.User
	council, council2      *auth.User
	entU                   *auth.User
	figures                Figures
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{d: d, figures: Figures{}}
	w.s = NewStore(d, clock).WithEvidence(func(context.Context, int64, int) (Figures, error) { return w.figures, nil })
	data, _ := plans.Files.ReadFile("langson-sxd-2026.yaml")
	p, problems := plan.Parse("seed", data)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var err error
	if w.movement, _, err = plan.NewStore(d, clock).Load(ctx, p, "seed"); err != nil {
		t.Fatal(err)
	}
	unit := func(code, name string) int64 {
		var id int64
		if err := d.Write().QueryRow(`INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ($1, $2, 'division', $1, $3, $3) RETURNING id`,
			code, name, clock()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.qlxd, w.ttdk = unit("QLXD", "Phòng Quản lý hoạt động xây dựng"), unit("TTDK", "Trung tâm Đăng kiểm")
	ent := func(tax, name, sector string) int64 {
		var id int64
		if err := d.Write().QueryRow(`INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at)
			VALUES ($1, $2, 'private', $1, $3, $3) RETURNING id`, tax, name, clock()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Write().Exec(`INSERT INTO enterprise_sectors (enterprise_id, sector) VALUES ($1, $2)`, id, sector); err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.ent1, w.ent2 = ent("4900100001", "Công ty CP Xây dựng Pác Bó", "construction"), ent("4900100002", "Công ty Vận tải Kỳ Lừa", "transport")
	as := auth.NewStore(d, clock)
	user := func(name, full string, role auth.Role, unit, tax string) *auth.User {
		u, err := as.CreateUser(ctx, auth.NewUser{Username: name, FullName: full, Role: role, UnitCode: unit, EnterpriseTC: tax, Password: "mat-khau-" + name})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.officeU = user("vanphong", "Chu Thị Hằng", auth.RoleOffice, "", "")
	w.unitU = user("chuyenvien", "Vi Thị Lan", auth.RoleUnitStaff, "QLXD", "")
	w.otherU = user("dangkiem", "Lương Thu Thảo", auth.RoleUnitStaff, "TTDK", "")
	w.council = user("hoidong", "Nông Văn Hải", auth.RoleCouncil, "", "")
	w.council2 = user("hoidong2", "Đinh Quang Tùng", auth.RoleCouncil, "", "")
	w.entU = user("pacbo", "Lý Thị Mai", auth.RoleEnterprise, "", "4900100001")
	return w
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func f64(v float64) *float64 { return &v }

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// unitRubric is a valid rubric for units: dossiers on time (evidence, 40%), deployed
// (evidence, 20%), and a manual criterion (40%).
func (w *world) unitRubric() Rubric {
	return Rubric{MovementID: w.movement, Year: 2026, Audience: Units, Name: "Bộ tiêu chí chấm điểm thi đua năm 2026", BonusMax: 5, PenaltyMax: 10,
		Criteria: []Criterion{
			{ContentCode: "II.1.c", Name: "Tỷ lệ hồ sơ đúng hạn", MaxPoints: 40, Weight: 40, Kind: Evidence, Measure: DossierOnTime,
				Thresholds: []Threshold{{At: 98, Points: 40}, {At: 95, Points: 30}, {At: 90, Points: 15}}},
			{ContentCode: "II.1.a", Name: "Triển khai phong trào", MaxPoints: 20, Weight: 20, Kind: Evidence, Measure: Deployed,
				Thresholds: []Threshold{{At: 100, Points: 20}}},
			{ContentCode: "II.1.d", Name: "Hỗ trợ doanh nghiệp", MaxPoints: 40, Weight: 40, Kind: Manual},
		}}
}

// staffIn adds a staff member to a unit; gender is "female" or "male".
func (w *world) staffIn(t *testing.T, unit int64, name, gender string) int64 {
	t.Helper()
	var id int64
	if err := w.d.Write().QueryRow(`INSERT INTO staff (unit_id, full_name, gender, search, created_at, updated_at) VALUES ($1, $2, $3, $2, $4, $4) RETURNING id`,
		unit, name, gender, clock()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// recognise records an initiative of unit by author, recognised on decided.
func (w *world) recognise(t *testing.T, unit, author int64, title, decided string) {
	t.Helper()
	var id int64
	if err := w.d.Write().QueryRow(`INSERT INTO initiatives (title, state, unit_id, field, first_applied_on, description, conditions, stage_on, search,
		decided_on, created_at, updated_at) VALUES ($1, 'recognised', $2, 'admin_reform', '2026-03-01', 'Mô tả', 'Điều kiện', $3, $1, $3, $4, $4) RETURNING id`,
		title, unit, decided, clock()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := w.d.Write().Exec(`INSERT INTO initiative_authors (initiative_id, position, staff_id, name, share) VALUES ($1, 1, $2, 'Tác giả', 10000)`, id, author); err != nil {
		t.Fatal(err)
	}
}
