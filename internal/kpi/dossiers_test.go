package kpi

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
	"github.com/thidua/thidua/internal/plan"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// T2 is (early + on time) ÷ dossiers finished from the period's start to the day
// counted: 49 of 50 is 98% and meets the target, one more late dossier does not;
// dossiers finished before the period or after the day counted are left out.
func TestDossiersOnTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := func() time.Time { return time.Date(2026, 6, 30, 3, 0, 0, 0, time.UTC) }
		dossiertest.Add(t, d, dossiertest.Procedure{Code: "1.002861", Name: "Cấp phù hiệu xe", UnitCode: "QLVT", Days: 5})
		row := func(code, received, appointment, finished string) dossiertest.Row {
			return dossiertest.Row{Code: code, Procedure: "1.002861", Channel: "Trực tuyến", Received: received, Appointment: appointment, Finished: finished}
		}
		var rows []dossiertest.Row
		for i := range 49 {
			rows = append(rows, row(fmt.Sprintf("HS-%02d", i), "02/03/2026", "09/03/2026", "09/03/2026"))
		}
		rows = append(rows,
			row("HS-LATE", "02/03/2026", "09/03/2026", "10/03/2026"),
			// Finished in 2025: another year's figure.
			row("HS-2025", "22/12/2025", "29/12/2025", "05/01/2026"[0:0]+"30/12/2025"),
			// Still open: not resolved, in neither part.
			row("HS-OPEN", "01/06/2026", "08/06/2026", ""))
		store := dossier.NewStore(d, clock)
		importCSV := func(rows ...dossiertest.Row) {
			t.Helper()
			res, err := store.Import(ctx, strings.NewReader(dossiertest.CSV(rows...)), "hs.csv", dossier.Options{})
			if err != nil || !res.OK() {
				t.Fatalf("import: %v %+v", err, res)
			}
		}
		importCSV(rows...)
		s := NewService(d, clock)
		t2 := []plan.Target{{Code: "T2", Kind: plan.KindRatio, Measure: plan.MeasureDossiersOnTime, Threshold: 98}}
		year := Period{Label: "Năm 2026", From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2026, 12, 31)}
		res, err := s.Compute(ctx, 1, t2, year)
		if err != nil {
			t.Fatal(err)
		}
		if r := res[0]; r.Value == nil || *r.Value != 98 || *r.Numerator != 49 || *r.Denominator != 50 || !*r.Met ||
			r.AsOf != calendar.NewDate(2026, 6, 30) {
			t.Fatalf("T2: %+v, want 49/50 = 98%% met as of 30/06/2026", r)
		}
		importCSV(row("HS-LATE2", "02/03/2026", "09/03/2026", "11/03/2026"),
			// Finished after the day counted (the clock's today): not yet counted.
			row("HS-FUTURE", "02/03/2026", "09/03/2026", "15/07/2026"))
		res, _ = s.Compute(ctx, 1, t2, year)
		if r := res[0]; r.Value == nil || *r.Value != 96.08 || *r.Denominator != 51 || *r.Met {
			t.Fatalf("T2 with a second late dossier: %+v, want 49/51 = 96.08%% not met", r)
		}
		empty := Period{Label: "Năm 2025", From: calendar.NewDate(2025, 1, 1), To: calendar.NewDate(2025, 11, 30)}
		res, _ = s.Compute(ctx, 1, t2, empty)
		if r := res[0]; r.Value != nil || r.Met != nil || r.Denominator == nil || *r.Denominator != 0 {
			t.Errorf("T2 with nothing resolved: %+v, want no value, 0 resolved", r)
		}
	})
}
