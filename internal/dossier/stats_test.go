package dossier

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

// randomDossiers makes n valid dossiers of the test catalogue over the first half of
// 2026: most finished, some open, some paused for a supplement, some without an
// appointment date, a few with two requests or an apology.
func randomDossiers(r *rand.Rand, n int) []dossiertest.Row { return randomDossiersOver(r, n, 180) }

// randomDossiersOver spreads the received dates over the days from 1 January 2026.
func randomDossiersOver(r *rand.Rand, n, days int) []dossiertest.Row {
	start := day("01/01/2026")
	date := func(d calendar.Date) string { return d.DMY() }
	out := make([]dossiertest.Row, n)
	for i := range out {
		received := start.AddDays(r.IntN(days))
		row := dossiertest.Row{Code: fmt.Sprintf("HS-%04d", i), Received: date(received),
			Channel: []string{"Trực tiếp", "Bưu chính", "Trực tuyến toàn trình", "Trực tuyến một phần"}[r.IntN(4)]}
		row.Procedure, row.Unit = "1.009972", "QLXD"
		if r.IntN(2) == 0 {
			row.Procedure, row.Unit = "1.001776", "TTDK"
		}
		if r.IntN(10) < 7 {
			row.Appointment = date(received.AddDays(r.IntN(25)))
		}
		last := received
		if r.IntN(10) < 3 {
			req := received.AddDays(r.IntN(12))
			row.Requested, row.Supplements, last = date(req), 1+r.IntN(10)/9, req
			if r.IntN(10) < 8 {
				ret := req.AddDays(r.IntN(9))
				row.Returned, last = date(ret), ret
			}
		}
		// Over a long span, as in a real table, all but the last weeks' are finished.
		if r.IntN(10) < 8 || days > 365 && received.Before(start.AddDays(days-60)) && r.IntN(1000) > 0 {
			row.Finished = date(last.AddDays(r.IntN(30)))
		}
		row.Apology = r.IntN(3) == 0
		out[i] = row
	}
	return out
}

// recount computes the table the slow way, one dossier at a time with Classify.
func recount(ds []Dossier, cal *calendar.Calendar, from, to calendar.Date, unit int64) Stats {
	var s Stats
	for _, d := range ds {
		if unit != 0 && d.UnitID != unit {
			continue
		}
		if !d.ReceivedOn.Before(from) && !d.ReceivedOn.After(to) {
			if d.Channel.Online() {
				s.ReceivedOnline++
			} else {
				s.ReceivedDirect++
			}
		}
		if d.ReceivedOn.Before(from) && (!d.Finished() || !d.FinishedOn.Before(from)) {
			s.CarriedOver++
		}
		c := Classify(d, cal, d.StatutoryDays, to)
		switch {
		case d.Finished() && !d.FinishedOn.Before(from) && !d.FinishedOn.After(to):
			switch c.Result {
			case Early:
				s.ResolvedEarly++
			case OnTime:
				s.ResolvedOnTime++
			case Late:
				s.ResolvedLate++
				if d.Apology {
					s.LateWithApology++
				} else {
					s.LateWithoutApology++
				}
			}
		case !d.ReceivedOn.After(to) && (!d.Finished() || d.FinishedOn.After(to)):
			if c.State == Overdue {
				s.OpenOverdue++
			} else {
				s.OpenWithin++
			}
		}
	}
	s.totals()
	return s
}

func TestStatsEqualARecountWithClassify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		r := rand.New(rand.NewPCG(7, 2026))
		res := importText(t, s, "ngaunhien.csv", dossiertest.CSV(randomDossiers(r, 1500)...), Options{})
		if !res.OK() {
			t.Fatalf("random file rejected: %v", res.Rejected[:min(5, len(res.Rejected))])
		}
		page, err := s.List(ctx, all, Filter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var ds []Dossier
		for off := 0; off < page.Total; off += 500 {
			p, err := s.List(ctx, all, Filter{Limit: 500, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, p.Items...)
		}
		if len(ds) != 1500 {
			t.Fatalf("listed %d dossiers of 1500", len(ds))
		}
		// Re-import a third of them changed (finished later, another channel): the
		// daily figures must follow the updates as they followed the creations.
		rows := randomDossiers(r, 1500)
		var changed []dossiertest.Row
		for i, row := range randomDossiers(rand.New(rand.NewPCG(7, 2026)), 1500) {
			if i%3 == 0 {
				row.Channel, row.Finished, row.Returned, row.Supplements = rows[i].Channel, "", "", max(row.Supplements, 1)
				if row.Requested == "" {
					row.Requested = row.Received
				}
				changed = append(changed, row)
			}
		}
		if res := importText(t, s, "sua.csv", dossiertest.CSV(changed...), Options{}); !res.OK() || res.Updated == 0 {
			t.Fatalf("re-import: %+v", res)
		}
		if diff, err := s.CheckDaily(ctx); err != nil || len(diff) != 0 {
			t.Fatalf("daily figures differ from a recount: %v %v", err, diff[:min(5, len(diff))])
		}
		ds = ds[:0]
		for off := 0; off < page.Total; off += 500 {
			p, err := s.List(ctx, all, Filter{Limit: 500, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, p.Items...)
		}
		cal := calendar.Default()
		qlxd := ds[0].UnitID
		periods := [][2]string{{"01/01/2026", "31/12/2026"}, {"01/03/2026", "31/03/2026"}, {"15/02/2026", "15/02/2026"},
			{"01/06/2026", "30/06/2026"}, {"01/01/2025", "31/01/2026"}}
		for i := 0; i < 15; i++ {
			a := day("01/01/2026").AddDays(r.IntN(200))
			periods = append(periods, [2]string{a.DMY(), a.AddDays(r.IntN(60)).DMY()})
		}
		for _, p := range periods {
			from, to := day(p[0]), day(p[1])
			for _, unit := range []int64{0, qlxd} {
				lines, got, err := s.StatsByUnit(ctx, all, StatsQuery{From: from, To: to, UnitID: unit})
				if err != nil {
					t.Fatal(err)
				}
				if want := recount(ds, cal, from, to, unit); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s–%s unit %d:\n got %+v\nwant %+v", p[0], p[1], unit, got, want)
				}
				checkIdentities(t, got)
				var sum Stats
				for _, l := range lines {
					checkIdentities(t, l.Stats)
					sum.add(l.Stats)
				}
				if sum.totals(); !reflect.DeepEqual(sum, got) {
					t.Errorf("%s–%s: unit lines add up to %+v, total %+v", p[0], p[1], sum, got)
				}
			}
		}
		// A period with dossiers of every kind, to be sure the comparison above meant something.
		year, _ := s.Stats(ctx, all, StatsQuery{From: day("01/03/2026"), To: day("31/03/2026")})
		if year.CarriedOver == 0 || year.ResolvedEarly == 0 || year.ResolvedOnTime == 0 || year.ResolvedLate == 0 ||
			year.OpenWithin == 0 || year.OpenOverdue == 0 || year.LateWithApology == 0 {
			t.Errorf("the random data lacks a kind of dossier: %+v", year)
		}
	})
}

func checkIdentities(t *testing.T, s Stats) {
	t.Helper()
	if s.CarriedOver+s.ReceivedTotal != s.ResolvedTotal+s.OpenTotal ||
		s.ResolvedTotal != s.ResolvedEarly+s.ResolvedOnTime+s.ResolvedLate ||
		s.OpenTotal != s.OpenWithin+s.OpenOverdue || s.ResolvedLate != s.LateWithApology+s.LateWithoutApology ||
		s.ReceivedTotal != s.ReceivedOnline+s.ReceivedDirect {
		t.Errorf("identities of Biểu II.06a broken: %+v", s)
	}
}

// Every figure has the list of the dossiers behind it, and the list is as long as
// the figure says.
func TestEveryFigureListsItsDossiers(t *testing.T) {
	d := dbtest.SQLite(t)
	catalogue(t, d)
	s := NewStore(d, clock)
	importText(t, s, "ngaunhien.csv", dossiertest.CSV(randomDossiers(rand.New(rand.NewPCG(1, 2)), 600)...), Options{})
	from, to := day("01/03/2026"), day("30/04/2026")
	st, err := s.Stats(ctx, all, StatsQuery{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(st)
	var figures map[string]any
	json.Unmarshal(b, &figures)
	for key, v := range figures {
		if key == "on_time_rate" {
			continue
		}
		p, err := s.List(ctx, all, Filter{Bucket: Bucket(key), From: from, To: to, Limit: 1})
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if float64(p.Total) != v.(float64) {
			t.Errorf("%s is %v but lists %d dossiers", key, v, p.Total)
		}
	}
	in, _ := s.List(ctx, all, Filter{Bucket: BucketResolvedInTime, From: from, To: to})
	if in.Total != st.ResolvedEarly+st.ResolvedOnTime {
		t.Errorf("in time lists %d, want %d", in.Total, st.ResolvedEarly+st.ResolvedOnTime)
	}
	over, _ := s.Overdue(ctx, all, 0, to, 500, 0)
	if over.Total != st.OpenOverdue || len(over.Items) == 0 {
		t.Fatalf("overdue list %d, figure %d", over.Total, st.OpenOverdue)
	}
	for i := 1; i < len(over.Items); i++ {
		if over.Items[i].DueOn.Before(over.Items[i-1].DueOn) && !over.Items[i].DueOn.IsZero() {
			t.Errorf("overdue list not by due date: %s after %s", over.Items[i].DueOn, over.Items[i-1].DueOn)
		}
	}
}

func TestStatsScopeAndExample(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		importText(t, s, "thang3.csv", export, Options{})
		var qlxd, ttdk int64
		d.Read().QueryRowContext(ctx, "SELECT id FROM units WHERE code = 'QLXD'").Scan(&qlxd)
		d.Read().QueryRowContext(ctx, "SELECT id FROM units WHERE code = 'TTDK'").Scan(&ttdk)
		q := StatsQuery{From: day("01/03/2026"), To: day("31/03/2026")}
		got, err := s.Stats(ctx, all, q)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(got)
		want := `{"carried_over":0,"received_online":2,"received_direct":2,"received_total":4,"resolved_early":1,"resolved_on_time":0,` +
			`"resolved_late":2,"resolved_total":3,"open_within":0,"open_overdue":1,"open_total":1,"late_with_apology":0,` +
			`"late_without_apology":2,"on_time_rate":33.33}`
		if string(b) != want {
			t.Errorf("stats\n%s\nwant\n%s", b, want)
		}
		// A unit's account gets its own unit, whatever it asks for.
		q.UnitID = qlxd
		mine, _ := s.Stats(ctx, auth.Scope{UnitID: ttdk}, q)
		if mine.ReceivedTotal != 2 || mine.ReceivedDirect != 1 || mine.OpenOverdue != 1 {
			t.Errorf("TTDK's figures asked as QLXD: %+v", mine)
		}
		if _, err := s.Get(ctx, auth.Scope{UnitID: ttdk}, "000.00.06.H37-260302-0001"); err == nil || !strings.Contains(err.Error(), "not found") {
			t.Errorf("a unit read another unit's dossier: %v", err)
		}
		none, _ := s.Stats(ctx, all, StatsQuery{From: day("01/01/2025"), To: day("31/01/2025")})
		if none.OnTimeRate != nil || none.Progress766() != nil {
			t.Errorf("no dossiers but a rate: %+v", none)
		}
		q.UnitID = 0
		months, _ := s.Monthly(ctx, all, q)
		if len(months) != 3 || months[2].UnitID != 0 || months[2].Month != "2026-03" || *months[2].Rate != 33.33 {
			t.Errorf("monthly %+v", months)
		}
	})
}

func TestCheckDailyFindsADifferenceAndRebuildMendsIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		importText(t, s, "thang3.csv", export, Options{})
		if _, err := d.Write().ExecContext(ctx, "UPDATE dossier_daily SET resolved_late = resolved_late + 1 WHERE day = '2026-03-05'"); err != nil {
			t.Fatal(err)
		}
		diff, err := s.CheckDaily(ctx)
		if err != nil || len(diff) != 1 || !strings.HasPrefix(diff[0], "2026-03-05 ") {
			t.Fatalf("check after tampering: %v %v", err, diff)
		}
		if err := s.RebuildDaily(ctx); err != nil {
			t.Fatal(err)
		}
		if diff, err := s.CheckDaily(ctx); err != nil || len(diff) != 0 {
			t.Errorf("check after rebuild: %v %v", err, diff)
		}
	})
}

// The overdue count the dashboard shows is the length of the overdue list, for the
// department and for one unit, at dates before, within and after the dossiers.
func TestOverdueCountIsTheListsLength(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		importText(t, s, "ngaunhien.csv", dossiertest.CSV(randomDossiers(rand.New(rand.NewPCG(3, 4)), 400)...), Options{})
		var unit int64
		d.Read().QueryRowContext(ctx, "SELECT id FROM units WHERE code = 'QLXD'").Scan(&unit)
		seen := 0
		for _, at := range []string{"01/01/2026", "15/02/2026", "31/03/2026", "30/04/2026", "31/12/2026"} {
			for _, q := range []struct {
				sc   auth.Scope
				unit int64
			}{{all, 0}, {all, unit}, {auth.Scope{UnitID: unit}, 0}} {
				list, err := s.Overdue(ctx, q.sc, q.unit, day(at), 1, 0)
				if err != nil {
					t.Fatal(err)
				}
				n, err := s.OverdueCount(ctx, q.sc, q.unit, day(at))
				if err != nil {
					t.Fatal(err)
				}
				if n != list.Total {
					t.Errorf("%s, scope %+v, unit %d: count %d, list %d", at, q.sc, q.unit, n, list.Total)
				}
				seen += n
			}
		}
		if seen == 0 {
			t.Error("no overdue dossier at any date: the test proves nothing")
		}
	})
}
