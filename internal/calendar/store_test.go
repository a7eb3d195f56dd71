package calendar_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

type auditRow struct {
	action, entityID, summary string
	before, after             *string
}

func auditRows(t *testing.T, d *db.DB) []auditRow {
	t.Helper()
	rows, err := d.Read().QueryContext(context.Background(),
		`SELECT action, entity_id, summary, before_json, after_json FROM audit_log WHERE entity = 'calendar_override' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.action, &r.entityID, &r.summary, &r.before, &r.after); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)
		s := calendar.NewStore(d, func() time.Time { return clock })

		// Create, then change the same date: one row, two audit entries.
		if _, err := s.Set(ctx, calendar.Override{Date: mustDate(t, "2026-02-23"), Name: "Nghỉ Tết"}); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Hour)
		o, err := s.Set(ctx, calendar.Override{Date: mustDate(t, "2026-02-23"), Name: "  Nghỉ Tết theo thông báo ", Note: "Công văn 123/BNV"})
		if err != nil {
			t.Fatal(err)
		}
		if o.ID == 0 || o.Name != "Nghỉ Tết theo thông báo" || !o.UpdatedAt.Equal(clock) || !o.CreatedAt.Equal(clock.Add(-time.Hour)) {
			t.Errorf("updated override = %+v", o)
		}
		if _, err := s.Set(ctx, calendar.Override{Date: mustDate(t, "2026-02-28"), Working: true, Name: "Làm bù"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Set(ctx, calendar.Override{Date: mustDate(t, "2027-01-04"), Name: "Nghỉ thêm"}); err != nil {
			t.Fatal(err)
		}

		list, err := s.Overrides(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Date.String() != "2026-02-23" || list[1].Date.String() != "2026-02-28" || !list[1].Working || list[0].Note != "Công văn 123/BNV" {
			t.Fatalf("overrides 2026 = %+v", list)
		}

		cal, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := cal.AddWorkingDays(mustDate(t, "2026-02-13"), 1); got.String() != "2026-02-24" {
			t.Errorf("stored extra Tết day ignored: %s", got)
		}
		if !cal.IsWorkingDay(mustDate(t, "2026-02-28")) || cal.IsWorkingDay(mustDate(t, "2027-01-04")) {
			t.Error("stored overrides not applied")
		}

		if err := s.Delete(ctx, mustDate(t, "2026-02-23")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, mustDate(t, "2026-02-23")); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
		if err := s.Delete(ctx, mustDate(t, "2026-02-23")); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("second Delete: %v, want ErrNotFound", err)
		}

		rows := auditRows(t, d)
		want := []string{"create", "update", "create", "create", "delete"}
		if len(rows) != len(want) {
			t.Fatalf("%d audit entries, want %d", len(rows), len(want))
		}
		for i, r := range rows {
			if r.action != want[i] {
				t.Errorf("audit %d: %s, want %s", i, r.action, want[i])
			}
		}
		if rows[0].before != nil || rows[0].after == nil || rows[1].before == nil || rows[4].after != nil || rows[4].entityID != "2026-02-23" {
			t.Errorf("audit before/after wrong: %+v", rows)
		}
	})
}

func TestStoreRejectsBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := calendar.NewStore(d, time.Now)
		cases := []struct {
			o     calendar.Override
			field string
		}{
			{calendar.Override{Date: mustDate(t, "2026-02-23"), Name: "   "}, "name"},
			{calendar.Override{Name: "Nghỉ"}, "date"},
			{calendar.Override{Date: calendar.Date{Year: 2026, Month: 2, Day: 30}, Name: "Nghỉ"}, "date"},
			{calendar.Override{Date: calendar.Date{Year: 1800, Month: 1, Day: 1}, Name: "Nghỉ"}, "date"},
		}
		for _, c := range cases {
			_, err := s.Set(ctx, c.o)
			var fe *calendar.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || fe.Message == "" {
				t.Errorf("Set(%+v) = %v, want an error about %s", c.o, err, c.field)
			}
		}
		if list, _ := s.Overrides(ctx, 2026); len(list) != 0 {
			t.Errorf("rejected input was stored: %+v", list)
		}
		if rows := auditRows(t, d); len(rows) != 0 {
			t.Errorf("rejected input was audited: %+v", rows)
		}
	})
}
