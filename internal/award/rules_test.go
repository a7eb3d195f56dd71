package award

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// Every seeded title has a rule in force for 2026 with a citation; those DOMAIN.md
// asks to confirm say so.
func TestSeededRules(t *testing.T) {
	rs := seeded(t)
	for _, title := range []string{"ldtt", "cstdcs", "ttldtt", "ttldxs", "giay_khen", "giay_khen_tap_the", "giay_khen_phong_trao",
		"bang_khen_tinh", "bang_khen_tinh_tap_the", "co_thi_dua_tinh", "giay_khen_dn", "bang_khen_tinh_dn", "hoi_dong"} {
		r, ok := rs.For(title, 2026)
		if !ok || r.Citation == "" {
			t.Errorf("%s: no rule in force in 2026", title)
			continue
		}
		if r.Confirm != strings.Contains(r.Citation, "cần xác nhận") {
			t.Errorf("%s: confirm %v but citation %q", title, r.Confirm, r.Citation)
		}
	}
	if r, _ := rs.For("cstdcs", 2026); r.Params.QuotaPercent != 15 || r.Params.Rounding != "floor" {
		t.Errorf("CSTĐCS quota %+v", r.Params)
	}
}

// A new version from 2027 leaves 2026 judged by the old one; a bad edit is refused
// and changes nothing.
func TestRuleVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		rs, _ := w.s.Rules(ctx)
		old, _ := rs.For("cstdcs", 2026)
		next := old
		next.Params.QuotaPercent, next.Params.Rounding = 20, "half_up"
		next.Citation, next.EffectiveFrom = "Nghị định sửa đổi (giả định cho kiểm thử)", calendar.NewDate(2027, 1, 1)
		if _, err := w.s.AddVersion(ctx, w.unitU, next); !errors.Is(err, ErrForbidden) {
			t.Errorf("a unit added a rule version: %v", err)
		}
		v2, err := w.s.AddVersion(ctx, w.officeU, next)
		if err != nil {
			t.Fatal(err)
		}
		rs, _ = w.s.Rules(ctx)
		r26, _ := rs.For("cstdcs", 2026)
		r27, _ := rs.For("cstdcs", 2027)
		if r26.Version != 1 || r26.EffectiveTo.String() != "2026-12-31" || r27.Version != 2 || r27.ID != v2.ID || r27.Params.QuotaPercent != 20 {
			t.Errorf("2026 → v%d until %s, 2027 → v%d %+v", r26.Version, r26.EffectiveTo, r27.Version, r27.Params)
		}
		bad := r27
		bad.Params.QuotaPercent, bad.Params.Rounding = 120, "sideways"
		err = w.s.EditRule(ctx, w.officeU, bad)
		var re *RefusedError
		if !errors.As(err, &re) || !strings.Contains(re.Msg, "Chọn cách làm tròn") || !strings.Contains(re.Msg, "Tỷ lệ 120% phải trong khoảng 0–100%") {
			t.Errorf("bad edit: %v", err)
		}
		fixed := r27
		fixed.Citation = "Nghị định số …/2027/NĐ-CP, Điều 6"
		if err := w.s.EditRule(ctx, w.officeU, fixed); err != nil {
			t.Fatal(err)
		}
		rs, _ = w.s.Rules(ctx)
		if r, _ := rs.For("cstdcs", 2027); r.Citation != fixed.Citation || r.Params.QuotaPercent != 20 {
			t.Errorf("after edit %+v", r)
		}
	})
}

// The checker reads the facts from the database: ratings, discipline, pending cases,
// recognised initiatives and rubric standings.
func TestEligibilityFromStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		lan, hung := w.staffIn(t, w.qlxd, "Vi Thị Lan", "female"), w.staffIn(t, w.qlxd, "Hoàng Đức Hùng", "male")
		thao := w.staffIn(t, w.ttdk, "Lương Thu Thảo", "female")
		for sub, r := range map[Subject]Rating{{StaffID: lan}: Excellent, {StaffID: hung}: Good, {StaffID: thao}: Good, {UnitID: w.qlxd}: Excellent} {
			if err := w.s.SetRating(ctx, w.officeU, 2026, sub, r, ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.s.SetRating(ctx, w.unitU, 2026, Subject{StaffID: thao}, Excellent, ""); !errors.Is(err, ErrForbidden) {
			t.Errorf("a unit officer rated another unit: %v", err)
		}
		if _, err := w.s.AddDiscipline(ctx, w.officeU, Discipline{Subject: Subject{StaffID: hung}, Level: Reprimand, DecidedOn: calendar.NewDate(2026, 6, 1)}); err != nil {
			t.Fatal(err)
		}
		c, err := w.s.OpenCase(ctx, w.officeU, Case{Subject: Subject{StaffID: thao}, Kind: Complaint, OpenedOn: calendar.NewDate(2026, 10, 1)})
		if err != nil {
			t.Fatal(err)
		}
		e, err := w.s.Eligibility(ctx, w.officeU, w.movement, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		expect(t, personVerdict(e, lan, "ldtt"), true)
		expect(t, personVerdict(e, lan, "cstdcs"), false, "Thiếu sáng kiến được công nhận năm 2026")
		expect(t, personVerdict(e, hung, "ldtt"), false, "Đang chịu hình thức kỷ luật khiển trách")
		expect(t, personVerdict(e, thao, "ldtt"), false, "có khiếu nại, tố cáo chưa được giải quyết")
		if err := w.s.ResolveCase(ctx, w.officeU, c.ID, calendar.NewDate(2026, 11, 1)); err != nil {
			t.Fatal(err)
		}
		mine, err := w.s.Eligibility(ctx, w.otherU, w.movement, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(mine.Units) != 1 || mine.Units[0].Code != "TTDK" {
			t.Fatalf("a unit's account sees %d units", len(mine.Units))
		}
		expect(t, personVerdict(mine, thao, "ldtt"), true)
		if _, err := w.s.Eligibility(ctx, w.entU, w.movement, 2026, ""); !errors.Is(err, ErrForbidden) {
			t.Errorf("an enterprise read staff eligibility: %v", err)
		}
	})
}
