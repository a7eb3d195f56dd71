package org

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var (
	ctx        = context.Background()
	everything = auth.Scope{All: true}
)

func clock() time.Time { return time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC) }

// auditActions returns "action entity_id" of the entity's audit entries, oldest first.
func auditActions(t *testing.T, d *db.DB, entity string) []string {
	t.Helper()
	rows, err := d.Read().QueryContext(ctx, "SELECT action, entity_id, summary FROM audit_log WHERE entity = $1 ORDER BY id", entity)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, id, summary string
		if err := rows.Scan(&action, &id, &summary); err != nil {
			t.Fatal(err)
		}
		out = append(out, action+" "+id+" "+summary)
	}
	return out
}

func mustUnit(t *testing.T, s *Store, u Unit) Unit {
	t.Helper()
	u, err := s.CreateUnit(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		vp := mustUnit(t, s, Unit{Code: " vp ", Name: "Văn phòng  Sở", Kind: KindOffice, Email: "vanphong@sxd.langson.gov.vn"})
		if vp.Code != "VP" || vp.Name != "Văn phòng Sở" || !vp.Active {
			t.Errorf("created %+v, want code upper-cased and spaces tidied", vp)
		}
		ql := mustUnit(t, s, Unit{Code: "QLXD", Name: "Phòng Quản lý xây dựng", Kind: KindDivision, ParentID: vp.ID})
		mustUnit(t, s, Unit{Code: "TTKD", Name: "Trung tâm Kiểm định", Kind: KindAffiliated})
		got, err := s.GetByCode(ctx, "qlxd")
		if err != nil || got.ParentCode != "VP" || got.Kind.Label() != "Phòng chuyên môn" {
			t.Errorf("GetByCode(qlxd) = %+v, %v", got, err)
		}

		var fe FieldErrors
		_, err = s.CreateUnit(ctx, Unit{Code: "qlxd", Name: "Trùng", Kind: KindDivision})
		if !errors.As(err, &fe) || !strings.Contains(fe["code"], "QLXD đã là mã của đơn vị “Phòng Quản lý xây dựng”") {
			t.Errorf("duplicate code: %v", err)
		}
		_, err = s.CreateUnit(ctx, Unit{Code: "Phòng 1", Kind: "phong", Email: "a@b"})
		if !errors.As(err, &fe) || fe["code"] == "" || fe["name"] != "Tên đơn vị: không được để trống" ||
			!strings.Contains(fe["kind"], "không có loại “phong”") || fe["email"] == "" {
			t.Errorf("invalid unit: %v", err)
		}
		// VP under QLXD would put QLXD under itself.
		vp.ParentID = ql.ID
		if _, err := s.UpdateUnit(ctx, vp); !errors.As(err, &fe) || !strings.Contains(fe["parent"], "cấp dưới") {
			t.Errorf("cycle: %v", err)
		}
		ql.Name, ql.ParentID = "Phòng Quản lý xây dựng và Hạ tầng", 0
		if ql, err = s.UpdateUnit(ctx, ql); err != nil || ql.ParentCode != "" {
			t.Fatalf("update: %+v %v", ql, err)
		}
		if err := s.DeactivateUnit(ctx, ql.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountActiveUnits(ctx); n != 2 {
			t.Errorf("CountActiveUnits = %d, want 2", n)
		}
		log := auditActions(t, d, "unit")
		want := []string{"create", "create", "create", "update", "deactivate"}
		if len(log) != len(want) {
			t.Fatalf("audit:\n%s", strings.Join(log, "\n"))
		}
		for i, w := range want {
			if !strings.HasPrefix(log[i], w+" ") {
				t.Errorf("audit %d = %q, want %s", i, log[i], w)
			}
		}

		yes := true
		for _, c := range []struct {
			f     UnitFilter
			want  string
			total int
		}{
			{UnitFilter{}, "QLXD TTKD VP", 3},
			{UnitFilter{Search: "kiem dinh"}, "TTKD", 1},
			{UnitFilter{Search: "vp"}, "VP", 1},
			{UnitFilter{Active: &yes}, "TTKD VP", 2},
			{UnitFilter{Kind: KindAffiliated}, "TTKD", 1},
			{UnitFilter{Limit: 1, Offset: 1}, "TTKD", 3},
		} {
			p, err := s.ListUnits(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, u := range p.Items {
				codes = append(codes, u.Code)
			}
			if strings.Join(codes, " ") != c.want || p.Total != c.total {
				t.Errorf("ListUnits(%+v) = %v (total %d), want %s (total %d)", c.f, codes, p.Total, c.want, c.total)
			}
		}
		if opts, _ := s.UnitOptions(ctx); len(opts) != 2 {
			t.Errorf("UnitOptions lists %d units, want the 2 active", len(opts))
		}
	})
}

func TestStaffScopedToUnit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		a := mustUnit(t, s, Unit{Code: "A", Name: "Phòng A", Kind: KindDivision})
		b := mustUnit(t, s, Unit{Code: "B", Name: "Phòng B", Kind: KindDivision})
		mk := func(sc auth.Scope, unit int64, name string, g Gender) (Staff, error) {
			return s.CreateStaff(ctx, sc, Staff{UnitID: unit, FullName: name, Position: "Chuyên viên", Gender: g})
		}
		for _, p := range []struct {
			unit int64
			name string
			g    Gender
		}{{a.ID, "Nguyễn Văn Chính", Male}, {a.ID, "Trần Thị Bình", Female}, {a.ID, "Lê Đức Anh", Male}, {b.ID, "Hoàng Thị Dung", Female}} {
			if _, err := mk(everything, p.unit, p.name, p.g); err != nil {
				t.Fatal(err)
			}
		}
		managerA := auth.Scope{UnitID: a.ID}
		var fe FieldErrors
		if _, err := mk(managerA, b.ID, "Người ngoài", Male); !errors.As(err, &fe) || fe["unit"] == "" {
			t.Errorf("a unit account added staff to another unit: %v", err)
		}
		if _, err := mk(everything, a.ID, " ", "x"); !errors.As(err, &fe) || fe["full_name"] == "" || fe["gender"] == "" {
			t.Errorf("invalid staff: %v", err)
		}
		names := func(sc auth.Scope, f StaffFilter) string {
			p, err := s.ListStaff(ctx, sc, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, st := range p.Items {
				out = append(out, st.FullName)
			}
			return strings.Join(out, ", ")
		}
		// Sorted by given name: Anh, Bình, Chính, Dung.
		if got := names(everything, StaffFilter{}); got != "Lê Đức Anh, Trần Thị Bình, Nguyễn Văn Chính, Hoàng Thị Dung" {
			t.Errorf("all staff: %s", got)
		}
		if got := names(managerA, StaffFilter{UnitID: b.ID}); got != "Lê Đức Anh, Trần Thị Bình, Nguyễn Văn Chính" {
			t.Errorf("unit A's manager asking for unit B sees: %s", got)
		}
		if got := names(auth.Scope{EnterpriseID: 1}, StaffFilter{}); got != "" {
			t.Errorf("an enterprise account sees staff: %s", got)
		}
		if got := names(everything, StaffFilter{Search: "thi", Gender: Female}); got != "Trần Thị Bình, Hoàng Thị Dung" {
			t.Errorf("search thi, female: %s", got)
		}
		p, _ := s.ListStaff(ctx, everything, StaffFilter{Search: "hoang"})
		dung := p.Items[0]
		if _, err := s.GetStaff(ctx, managerA, dung.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unit A's manager reads unit B's staff: %v", err)
		}
		if err := s.DeactivateStaff(ctx, managerA, dung.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unit A's manager deactivates unit B's staff: %v", err)
		}
		dung.UnitID, dung.Position = a.ID, "Phó Trưởng phòng"
		if _, err := s.UpdateStaff(ctx, everything, dung); err != nil {
			t.Fatal(err)
		}
		if err := s.DeactivateStaff(ctx, managerA, dung.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountActiveStaff(ctx, a.ID); n != 3 {
			t.Errorf("CountActiveStaff(A) = %d, want 3", n)
		}
		log := auditActions(t, d, "staff")
		if len(log) != 6 || !strings.HasPrefix(log[4], "update ") || !strings.HasPrefix(log[5], "deactivate ") {
			t.Errorf("audit:\n%s", strings.Join(log, "\n"))
		}
	})
}
