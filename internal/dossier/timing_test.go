package dossier

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

// timingRows are dossiers of the test catalogue in March 2025 and March 2026, weeks
// without holidays. Working days used count the days after the received date up to
// the finished date, less a supplement pause:
//
//	1.009972 (15 days, QLXD)
//	  2025: 03/03 → 14/03 = 9, 03/03 → 21/03 = 14           average 11,5
//	  2026: 02/03 → 06/03 = 4, 02/03 → 13/03 = 9 less 3 paused
//	        (asked 04/03, returned 09/03: Wed, Thu, Fri) = 6   average 5
//	  one more received 02/03/2026 and still open: not counted
//	  all: (9 + 14 + 4 + 6) ÷ 4 = 8,25 days, 8,25 ÷ 15 = 55% of the statutory time
//	1.001776.000.00.00.H37 (2,5 days, TTDK): 02/03 → 05/03 = 3, 120%
//	2.000001 (no statutory time, QLXD; due on its appointment): 02/03 → 04/03 = 2, no share
//
// Received in March 2026: five, two of them online.
var timingRows = []dossiertest.Row{
	{Code: "T-2025-1", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "03/03/2025", Finished: "14/03/2025"},
	{Code: "T-2025-2", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "03/03/2025", Finished: "21/03/2025"},
	{Code: "T-2026-1", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tuyến toàn trình", Received: "02/03/2026", Finished: "06/03/2026"},
	{Code: "T-2026-2", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026", Finished: "13/03/2026",
		Supplements: 1, Requested: "04/03/2026", Returned: "09/03/2026"},
	{Code: "T-2026-3", Procedure: "1.009972", Unit: "QLXD", Channel: "Bưu chính", Received: "02/03/2026"},
	{Code: "T-2026-4", Procedure: "1.001776.000.00.00.H37", Unit: "TTDK", Channel: "Trực tuyến một phần", Received: "02/03/2026", Finished: "05/03/2026"},
	{Code: "T-2026-5", Procedure: "2.000001", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "06/03/2026", Finished: "04/03/2026"},
}

func fp(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestProcessingTimes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		if res := importText(t, s, "thoigian.csv", dossiertest.CSV(timingRows...), Options{}); !res.OK() {
			t.Fatalf("import rejected: %v", res.Rejected)
		}

		// Two years: a point per year, the busiest procedure first.
		got, err := s.ProcessingTimes(ctx, all, StatsQuery{From: day("01/01/2025"), To: day("31/12/2026")})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("want 3 procedures, got %+v", got)
		}
		want := []struct {
			code           string
			count          int
			avg, stat, shr any
			trend          string
			change         any
		}{
			{"1.009972", 4, 8.25, 15.0, 55.0, "2025:2:11.5 2026:2:5", -6.5},
			{"1.001776.000.00.00.H37", 1, 3.0, 2.5, 120.0, "2026:1:3", nil},
			{"2.000001", 1, 2.0, nil, nil, "2026:1:2", nil},
		}
		for i, w := range want {
			p := got[i]
			if p.ProcedureCode != w.code || p.Count != w.count || fp(p.AvgDays) != w.avg || fp(p.StatutoryDays) != w.stat || fp(p.Share) != w.shr {
				t.Errorf("line %d: got %s count %d avg %v statutory %v share %v, want %+v", i, p.ProcedureCode, p.Count,
					fp(p.AvgDays), fp(p.StatutoryDays), fp(p.Share), w)
			}
			if tr := trendText(p.Trend); tr != w.trend {
				t.Errorf("%s trend %q, want %q", p.ProcedureCode, tr, w.trend)
			}
			if fp(p.Change()) != w.change || p.Monthly() {
				t.Errorf("%s change %v (monthly %v), want %v by year", p.ProcedureCode, fp(p.Change()), p.Monthly(), w.change)
			}
		}

		// One year: a point per month.
		year, err := s.ProcessingTimes(ctx, all, StatsQuery{From: day("01/01/2026"), To: day("31/12/2026")})
		if err != nil {
			t.Fatal(err)
		}
		if len(year) != 3 || year[0].Count != 2 || fp(year[0].AvgDays) != 5.0 || trendText(year[0].Trend) != "2026-03:2:5" ||
			!year[0].Monthly() || year[0].Trend[0].PeriodLabel() != "03/2026" {
			t.Errorf("2026 by month: %+v", year)
		}

		// A unit's account sees its own procedures only, whatever unit it asks for.
		var qlxd, ttdk int64
		d.Read().QueryRowContext(ctx, "SELECT id FROM units WHERE code = 'QLXD'").Scan(&qlxd)
		d.Read().QueryRowContext(ctx, "SELECT id FROM units WHERE code = 'TTDK'").Scan(&ttdk)
		mine, err := s.ProcessingTimes(ctx, auth.Scope{UnitID: ttdk}, StatsQuery{From: day("01/01/2025"), To: day("31/12/2026"), UnitID: qlxd})
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].ProcedureCode != "1.001776.000.00.00.H37" {
			t.Errorf("TTDK asking as QLXD sees %+v", mine)
		}
		if none, _ := s.ProcessingTimes(ctx, auth.Scope{}, StatsQuery{From: day("01/01/2025"), To: day("31/12/2026")}); len(none) != 0 {
			t.Errorf("an account without a unit sees %+v", none)
		}

		// The share of dossiers received online in March 2026: 2 of 5.
		st, err := s.Stats(ctx, all, StatsQuery{From: day("01/03/2026"), To: day("31/03/2026")})
		if err != nil {
			t.Fatal(err)
		}
		if fp(st.OnlineShare()) != 40.0 {
			t.Errorf("online share %v, want 40 (%+v)", fp(st.OnlineShare()), st)
		}
		if (Stats{}).OnlineShare() != nil {
			t.Error("nothing received, yet an online share")
		}
	})
}

// trendText writes the points as period:count:average, for a readable comparison.
func trendText(ps []TimePoint) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%s:%d:%v", p.Period, p.Count, fp(p.AvgDays)))
	}
	return strings.Join(parts, " ")
}

// BenchmarkProcessingTimes computes the procedure times for a year (by month) and
// for five years (by year) over THIDUA_BENCH_ROWS dossiers (default 500,000, about
// 100,000 a year) received from 2026 to 2030, on SQLite.
func BenchmarkProcessingTimes(b *testing.B) {
	n := 500000
	if v, err := strconv.Atoi(os.Getenv("THIDUA_BENCH_ROWS")); err == nil {
		n = v
	}
	d, err := db.Open(ctx, filepath.Join(b.TempDir(), "times.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	catalogue(b, d)
	s := NewStore(d, time.Now)
	rows := randomDossiersOver(rand.New(rand.NewPCG(3, 3)), n, 5*365)
	if res, err := s.Import(ctx, strings.NewReader(dossiertest.CSV(rows...)), "hs.csv", Options{}); err != nil || !res.OK() {
		b.Fatalf("%v %v", err, res)
	}
	for _, p := range []struct{ name, from, to string }{{"year", "01/01/2027", "31/12/2027"}, {"5years", "01/01/2026", "31/12/2030"}} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ProcessingTimes(ctx, all, StatsQuery{From: day(p.from), To: day(p.to)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
