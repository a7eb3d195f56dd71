package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The dossier section at a tiny size on SQLite: the report has its tables, both
// imports took every row, and the pre-aggregate equals the recount. No time is checked.
func TestRunDossiersTiny(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC) }
	rep, err := Run(context.Background(), Config{Only: "dossiers", Dossiers: 2000, DossiersXLSX: 300, StatsRuns: 3,
		Postgres: "off", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 0 || len(rep.Dossiers) != 1 || !strings.HasPrefix(rep.Dossiers[0].Database, "SQLite") {
		t.Fatalf("participants %+v, dossiers %+v", rep.Results, rep.Dossiers)
	}
	res := rep.Dossiers[0]
	if len(res.Imports) != 2 || res.Imports[0].Rows != 300 || res.Imports[1].Rows != 2000 {
		t.Errorf("imports: %+v", res.Imports)
	}
	if len(res.Differences) != 0 {
		t.Errorf("dossier_daily differs from the recount: %v", res.Differences)
	}
	if tot := res.Total; tot.ReceivedTotal != 2000 || tot.ResolvedLate == 0 || tot.OpenTotal == 0 || tot.ResolvedEarly < tot.ResolvedLate {
		t.Errorf("the five years do not look like the mix: %+v", tot)
	}
	out := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	os.WriteFile(out, []byte("# Benchmarks\n\n"+Heading+"\n\nParticipant numbers.\n"), 0o644)
	if err := rep.WriteFile(out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	doc := string(b)
	for _, want := range []string{
		Heading + "\n\nParticipant numbers.\n", DossierHeading, "Measured 2026-11-26",
		"go run ./cmd/thidua bench --only dossiers --dossiers 2000 --dossiers-xlsx 300 --stats-runs 3",
		"### SQLite", "| Import | Rows | Time | Rows/s | Peak heap | Peak RSS | Allocated | Goal |",
		"| Dossiers (.xlsx, 300 rows), new | 300 |", "| Dossiers (.csv), new | 2,000 |",
		"(`CheckDaily`): **equal**", "| Statistic | p50 | p95 | Goal |", "| Stats, department, one year (2027) |",
		"| Stats, department, five years (2026–2030) |", "| StatsByUnit, one year (2027) |", "| Targets page `GET /targets?period=2026` |",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q:\n%s", want, doc)
		}
	}
}
