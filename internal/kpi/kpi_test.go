package kpi

import (
	"context"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/plan"
)

// A count-per-year target holds only when every year has its item: over the whole
// movement it is judged year by year, never on the total.
func TestCountPerYearJudgesEachYear(t *testing.T) {
	perYear := map[int]int{2026: 2, 2027: 0, 2028: 1}
	real := counts[plan.MeasureDialoguesHeld]
	defer func() { counts[plan.MeasureDialoguesHeld] = real }()
	counts[plan.MeasureDialoguesHeld] = func(_ context.Context, _ *Service, _ int64, year int, _ calendar.Date) (int, bool, error) {
		return perYear[year], true, nil
	}
	s := NewService(dbtest.SQLite(t), func() time.Time { return time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC) })
	target := []plan.Target{{Code: "T4", Kind: plan.KindCountPerYear, Measure: plan.MeasureDialoguesHeld, PerYear: 1}}
	whole := Period{From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2030, 12, 31)}

	res, err := s.Compute(context.Background(), 1, target, whole)
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Met == nil || *r.Met {
		t.Fatalf("three dialogues in total but none in 2027: met = %v, want false", r.Met)
	}
	if len(r.Years) != 3 || *r.Numerator != 2 || *r.Denominator != 3 {
		t.Fatalf("years checked up to today: %+v, %d/%d", r.Years, *r.Numerator, *r.Denominator)
	}
	if *r.Years[1].Met || !*r.Years[0].Met {
		t.Fatalf("per-year verdicts wrong: %+v", r.Years)
	}

	res, _ = s.Compute(context.Background(), 1, target, Years(whole)[0])
	if r := res[0]; *r.Value != 2 || !*r.Met {
		t.Fatalf("2026 alone: value %v met %v, want 2 and met", *r.Value, *r.Met)
	}
	// A year that has not begun has no data, which is not the same as zero.
	res, _ = s.Compute(context.Background(), 1, target, Years(whole)[4])
	if r := res[0]; r.Value != nil || r.Met != nil {
		t.Fatalf("2030 before it begins: value %v met %v, want no data", r.Value, r.Met)
	}
}

// A measure whose capability has not landed yet shows no data rather than zero.
func TestUnknownMeasureHasNoData(t *testing.T) {
	s := NewService(dbtest.SQLite(t), time.Now)
	res, err := s.Compute(context.Background(), 1, []plan.Target{{Code: "T9", Kind: plan.KindRatio, Measure: plan.Measure("not_measured_yet"), Threshold: 98}},
		Period{From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2026, 12, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.Value != nil || r.Met != nil || r.Numerator != nil {
		t.Fatalf("a target with no measure behind it yet: %+v", r)
	}
}

func TestYearsClipToTheMovement(t *testing.T) {
	ys := Years(Period{From: calendar.NewDate(2026, 5, 1), To: calendar.NewDate(2028, 6, 30)})
	if len(ys) != 3 || ys[0].From != calendar.NewDate(2026, 5, 1) || ys[2].To != calendar.NewDate(2028, 6, 30) || ys[1].Label != "Năm 2027" {
		t.Fatalf("years: %+v", ys)
	}
}
