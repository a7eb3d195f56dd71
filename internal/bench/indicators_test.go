package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The indicator section at a tiny size on SQLite: every row imported, the pages
// and the export timed, and writing the report keeps the other sections. No time is
// checked.
func TestRunIndicatorsTiny(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC) }
	rep, err := Run(context.Background(), Config{Only: "indicators", IndicatorEnterprises: 60, Requests: 3, Postgres: "off", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 0 || len(rep.Petitions) != 0 || len(rep.Indicators) != 1 {
		t.Fatalf("participants %d, petitions %d, indicators %d", len(rep.Results), len(rep.Petitions), len(rep.Indicators))
	}
	res := rep.Indicators[0]
	if res.Import.Rows != 300 || len(res.Pages) != 5 || res.Export.Rows != 300 || len(res.Export.Durations) != exportRuns || res.Export.Bytes == 0 {
		t.Errorf("import %d rows, %d pages, export %+v", res.Import.Rows, len(res.Pages), res.Export)
	}
	out := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	os.WriteFile(out, []byte("# Benchmarks\n\n"+Heading+"\n\nParticipant numbers.\n\n"+PetitionHeading+"\n\nPetition numbers.\n"), 0o644)
	if err := rep.WriteFile(out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	doc := string(b)
	for _, want := range []string{"Participant numbers.", "Petition numbers.", IndicatorHeading, "Sector analysis, latest year",
		"< 100 ms at 10,000 enterprises", "first request after a report of the year changed", "--only indicators --indicator-enterprises 60"} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q:\n%s", want, doc)
		}
	}
}
