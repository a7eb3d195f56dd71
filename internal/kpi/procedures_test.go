package kpi

import (
	"context"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/procedure"
)

// T3 counts the eligible procedures offered toàn trình: one eligible procedure
// offered only partly keeps it short of 100%, and it is met once that one is too.
func TestProceduresFullOnline(t *testing.T) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC) }
	d := dbtest.SQLite(t)
	if _, err := org.NewStore(d, clock).CreateUnit(ctx, org.Unit{Code: "QLVT", Name: "Phòng Quản lý vận tải", Kind: org.KindDivision}); err != nil {
		t.Fatal(err)
	}
	ps := procedure.NewStore(d, clock)
	jan := calendar.NewDate(2026, 1, 1)
	var partial procedure.Procedure
	for _, p := range []procedure.Procedure{
		{Code: "1.002861", Name: "Cấp phù hiệu xe ô tô", OnlineLevel: procedure.LevelFull, EligibleFull: true},
		{Code: "1.001776", Name: "Cấp giấy phép kinh doanh vận tải bằng xe ô tô", OnlineLevel: procedure.LevelFull, EligibleFull: true},
		{Code: "1.000028", Name: "Cấp lại giấy phép kinh doanh vận tải", OnlineLevel: procedure.LevelPartial, EligibleFull: true,
			NotFullReason: "Chưa kết nối cơ sở dữ liệu đăng kiểm"},
		// Not eligible: counts in neither part.
		{Code: "1.000029", Name: "Kiểm tra phương tiện thực tế", OnlineLevel: procedure.LevelNone},
	} {
		p.UnitCode, p.ValidFrom = "QLVT", jan
		out, err := ps.Create(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if p.OnlineLevel == procedure.LevelPartial {
			partial = out
		}
	}
	s := NewService(d, clock)
	t3 := []plan.Target{{Code: "T3", Kind: plan.KindCoverage, Measure: plan.MeasureProceduresFullOnline, Threshold: 100}}
	year := Period{Label: "Năm 2026", From: jan, To: calendar.NewDate(2026, 12, 31)}

	res, err := s.Compute(ctx, 1, t3, year)
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Value == nil || *r.Value != 66.67 || *r.Numerator != 2 || *r.Denominator != 3 || r.Met == nil || *r.Met {
		t.Fatalf("T3 with one eligible procedure only partly online: %+v, want 2/3 = 66,67%% not met", r)
	}

	partial.OnlineLevel = procedure.LevelFull
	if _, err := ps.Update(ctx, partial); err != nil {
		t.Fatal(err)
	}
	res, _ = s.Compute(ctx, 1, t3, year)
	if r := res[0]; r.Value == nil || *r.Value != 100 || *r.Numerator != 3 || r.Met == nil || !*r.Met {
		t.Fatalf("T3 with every eligible procedure online: %+v, want 3/3 met", r)
	}
}
