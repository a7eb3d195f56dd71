package dossier

import (
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

// The longest span that dossier_span keeps follows the imports both ways, as the
// open counts need it: a longer dossier raises it, correcting the longest one brings
// it down to the next. CheckDaily finds it tampered with and RebuildDaily mends it.
func TestLongestSpanFollowsImports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		row := func(code, finished string) dossiertest.Row {
			return dossiertest.Row{Code: code, Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp",
				Received: "02/03/2026", Appointment: "20/03/2026", Finished: finished}
		}
		load := func(opt Options, rows ...dossiertest.Row) bool {
			t.Helper()
			return importText(t, s, "hs.csv", dossiertest.CSV(rows...), opt).OK()
		}
		expect := func(want int) {
			t.Helper()
			if got, err := s.maxSpan(ctx); err != nil || got != want {
				t.Errorf("longest span %d (%v), want %d", got, err, want)
			}
			if diff, err := s.CheckDaily(ctx); err != nil || len(diff) != 0 {
				t.Errorf("check: %v %v", err, diff)
			}
		}
		expect(0)
		load(Options{}, row("A", "05/03/2026"), row("B", ""))
		expect(3)
		load(Options{}, row("B", "30/04/2026"))
		expect(59)
		// B, finished on 30/04, was open in the first half of April.
		st, err := s.Stats(ctx, all, StatsQuery{From: day("01/04/2026"), To: day("15/04/2026")})
		if err != nil || st.CarriedOver != 1 || st.OpenTotal != 1 {
			t.Errorf("April: %+v %v", st, err)
		}
		// The next export corrects B, finished the next day: A's is the longest again.
		load(Options{}, row("B", "03/03/2026"))
		expect(3)
		// A is open again after all; a dry run and a rejected file change nothing.
		load(Options{}, row("A", ""))
		expect(1)
		load(Options{DryRun: true}, row("C", "30/06/2026"))
		if load(Options{}, row("C", "30/06/2026"), row("D", "01/03/2026")) {
			t.Error("a dossier finished before it was received was accepted")
		}
		expect(1)

		if _, err := d.Write().ExecContext(ctx, "UPDATE dossier_span SET max_days = 0"); err != nil {
			t.Fatal(err)
		}
		if diff, err := s.CheckDaily(ctx); err != nil || len(diff) != 1 || !strings.HasPrefix(diff[0], "longest span: stored 0 days, recount 1") {
			t.Fatalf("check after tampering: %v %v", err, diff)
		}
		if err := s.RebuildDaily(ctx); err != nil {
			t.Fatal(err)
		}
		expect(1)
	})
}
