package kpi

import (
	"context"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/plan"
)

// T4 counts the dialogues recorded as held in each year; one only planned does not count.
func TestDialoguesHeldMakeT4(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2027, 3, 1, 3, 0, 0, 0, time.UTC) }
		ds := dialogue.NewStore(d, now)
		for _, day := range []string{"2026-05-20", "2027-04-10"} {
			dl, err := ds.Create(ctx, dialogue.Input{Title: "Đối thoại doanh nghiệp", HeldOn: day, Place: "Sở Xây dựng", Chair: "Ông A, Giám đốc Sở"})
			if err != nil {
				t.Fatal(err)
			}
			if day < "2027" {
				if err := ds.RecordHeld(ctx, dl.ID, nil, "Đã trả lời tại chỗ."); err != nil {
					t.Fatal(err)
				}
			}
		}
		s := NewService(d, now)
		target := []plan.Target{{Code: "T4", Kind: plan.KindCountPerYear, Measure: plan.MeasureDialoguesHeld, PerYear: 1}}
		res, err := s.Compute(ctx, 1, target, Period{From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2030, 12, 31)})
		if err != nil {
			t.Fatal(err)
		}
		r := res[0]
		if len(r.Years) != 2 || *r.Years[0].Count != 1 || !*r.Years[0].Met || *r.Years[1].Count != 0 || *r.Met {
			t.Errorf("T4 = %+v: 2026 met with one dialogue, 2027 not yet (its dialogue is only planned)", r.Years)
		}
	})
}
