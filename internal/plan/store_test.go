package plan

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func clock(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLoadTwiceReplacesTheMovement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := seedPlan(t)
		id, created, err := NewStore(d, clock("2026-05-05T08:00:00+07:00")).Load(ctx, p, "plans/"+seedFile)
		if err != nil || !created {
			t.Fatalf("first load: id %d, created %v, %v", id, created, err)
		}

		// An administrator corrects the plan: T2 rises to 99%, the ad hoc report goes.
		p2 := seedPlan(t)
		p2.Targets[1].Threshold = 99
		p2.Reports = p2.Reports[:2]
		s := NewStore(d, clock("2026-06-01T08:00:00+07:00"))
		id2, created, err := s.Load(ctx, p2, "edited.yaml")
		if err != nil || created || id2 != id {
			t.Fatalf("second load: id %d (first %d), created %v, %v", id2, id, created, err)
		}

		if n := count(t, d, `SELECT COUNT(*) FROM movements`); n != 1 {
			t.Errorf("%d movements after loading the same code twice, want 1", n)
		}
		targets, err := s.Targets(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(targets) != 5 {
			t.Fatalf("%d targets, want 5", len(targets))
		}
		if got, _ := TargetFor(targets, MeasureDossiersOnTime); got.Code != "T2" || got.Threshold != 99 || got.Kind != KindRatio {
			t.Errorf("dossiers_on_time target = %+v, want T2 ratio 99", got)
		}
		if got, _ := TargetFor(targets, MeasureDialoguesHeld); got.Code != "T4" || got.PerYear != 1 || got.Threshold != 0 {
			t.Errorf("dialogues_held target = %+v, want T4 1 per year", got)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM movement_targets WHERE movement_id = $1`, id); n != 5 {
			t.Errorf("%d target rows, want 5 (old rows must be replaced)", n)
		}
		reports, err := s.Reports(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(reports) != 2 || reports[0].Due.String() != "2028-05-19" || reports[0].Cutoff.String() != "2028-04-30" || reports[1].Kind != ReportFinal {
			t.Errorf("reports after reload = %+v", reports)
		}
		phases, err := s.Phases(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(phases) != 2 || phases[1].Start.String() != "2028-07-01" || phases[1].End.String() != "2030-12-31" {
			t.Errorf("phases = %+v", phases)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM movement_contents WHERE movement_id = $1 AND audience = 'units'`, id); n != 5 {
			t.Errorf("%d unit contents, want 5", n)
		}

		m, err := s.Get(ctx, "langson-sxd-2026")
		if err != nil {
			t.Fatal(err)
		}
		if m.Source != "edited.yaml" || m.Plan.Targets[1].Threshold != 99 || m.Plan.Signer.Name != "Trần Văn Vương" {
			t.Errorf("stored document: source %q, T2 %v, signer %q", m.Source, m.Plan.Targets[1].Threshold, m.Plan.Signer.Name)
		}
		if !m.LoadedAt.Equal(clock("2026-05-05T08:00:00+07:00")()) || !m.UpdatedAt.Equal(clock("2026-06-01T08:00:00+07:00")()) {
			t.Errorf("loaded at %v, updated at %v", m.LoadedAt, m.UpdatedAt)
		}

		var actions []string
		rows, err := d.Read().QueryContext(ctx, `SELECT action FROM audit_log WHERE entity = 'movement' AND entity_id = $1 ORDER BY id`, strconv.FormatInt(id, 10))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var action string
			if err := rows.Scan(&action); err != nil {
				t.Fatal(err)
			}
			actions = append(actions, action)
		}
		if got := strings.Join(actions, ","); got != "create,update" {
			t.Errorf("audit actions = %s, want create,update", got)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND before_json LIKE '%"threshold":98%' AND after_json LIKE '%"threshold":99%'`); n != 1 {
			t.Errorf("the update's audit entry should hold the plan before (98%%) and after (99%%)")
		}
	})
}

func TestLoadRefusesAnInvalidPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := seedPlan(t)
		p.Phases[1].Start = p.Phases[0].Start
		_, _, err := NewStore(d, time.Now).Load(context.Background(), p, "x.yaml")
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM movements`); n != 0 {
			t.Errorf("%d movements stored from an invalid plan", n)
		}
	})
}

func TestCurrentListAndEmbedded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d, time.Now)
		if _, err := s.Current(ctx, time.Now()); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("Current on an empty database: %v, want db.ErrNotFound", err)
		}
		loaded, err := LoadEmbedded(ctx, s)
		if err != nil || len(loaded) == 0 || loaded[0] != "langson-sxd-2026" {
			t.Fatalf("LoadEmbedded = %v, %v", loaded, err)
		}
		if again, err := LoadEmbedded(ctx, s); err != nil || len(again) != 0 {
			t.Errorf("LoadEmbedded on a loaded database = %v, %v; want nothing loaded", again, err)
		}

		// A later movement, 2031–2035.
		next := seedPlan(t)
		next.Code, next.Title = "langson-sxd-2031", "Kế hoạch 2031 - 2035"
		later := func(d *calendar.Date) {
			if !d.IsZero() {
				*d = calendar.NewDate(d.Year+5, d.Month, d.Day)
			}
		}
		later(&next.Period.Start)
		later(&next.Period.End)
		for i := range next.Phases {
			later(&next.Phases[i].Start)
			later(&next.Phases[i].End)
		}
		for i := range next.Reports {
			later(&next.Reports[i].Due)
			later(&next.Reports[i].Cutoff)
		}
		if _, _, err := s.Load(ctx, next, "next.yaml"); err != nil {
			t.Fatal(err)
		}

		list, err := s.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Code != "langson-sxd-2031" || list[1].Code != "langson-sxd-2026" || list[1].Period.End.String() != "2030-12-31" {
			t.Errorf("List = %+v", list)
		}
		for _, c := range []struct{ today, want string }{
			{"2026-01-01T00:30:00+07:00", "langson-sxd-2026"}, // already 1 January in Vietnam
			{"2028-05-19T12:00:00+07:00", "langson-sxd-2026"},
			{"2031-03-01T12:00:00+07:00", "langson-sxd-2031"},
			{"2040-01-01T12:00:00+07:00", "langson-sxd-2031"}, // none under way: the latest
		} {
			m, err := s.Current(ctx, clock(c.today)())
			if err != nil || m.Code != c.want || m.Plan == nil {
				t.Errorf("Current(%s) = %v, %v; want %s", c.today, m, err, c.want)
			}
		}
		if m, err := s.GetByID(ctx, list[1].ID); err != nil || m.Code != "langson-sxd-2026" {
			t.Errorf("GetByID = %v, %v", m, err)
		}
		if _, err := s.Get(ctx, "khong-co"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Get of a missing code: %v, want db.ErrNotFound", err)
		}
	})
}
