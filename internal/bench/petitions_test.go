package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/petition"
)

// The petition section at a tiny size on SQLite: the database holds every state,
// the worklist was timed, the clients created petitions without an error, one row
// for each 201, and writing the report keeps the other sections. No time is checked.
func TestRunPetitionsTiny(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC) }
	rep, err := Run(context.Background(), Config{Only: "petitions", Petitions: 500, Requests: 3, PetitionClients: 3,
		PetitionDuration: time.Second, Postgres: "off", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 0 || len(rep.Dossiers) != 0 || len(rep.Petitions) != 1 || !strings.HasPrefix(rep.Petitions[0].Database, "SQLite") {
		t.Fatalf("participants %d, dossiers %d, petitions %+v", len(rep.Results), len(rep.Dossiers), rep.Petitions)
	}
	res := rep.Petitions[0]
	total := 0
	for _, n := range res.Fill.States {
		total += n
	}
	if res.Fill.Rows != 500 || total != 500 || res.Fill.States[petition.StatePublished] < 300 || res.Fill.States[petition.StateProcessing] == 0 {
		t.Errorf("fill: %+v", res.Fill)
	}
	if res.Unit == "" || res.Worklist.Open == 0 || len(res.Pages) != 2 || res.Pages[1].Path == res.Pages[0].Path {
		t.Errorf("worklist of %q: %d open, pages %+v", res.Unit, res.Worklist.Open, res.Pages)
	}
	l := res.Load
	if l.Clients != 3 || l.OfficeClients != 1 || l.Created == 0 || l.Errors != 0 || l.Requests != l.Created || l.Written != l.Created {
		t.Errorf("load: %+v", l)
	}
	out := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	old := "# Benchmarks\n\n" + Heading + "\n\nParticipant numbers.\n\n" + DossierHeading + "\n\nDossier numbers.\n"
	os.WriteFile(out, []byte(old), 0o644)
	if err := rep.WriteFile(out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	doc := string(b)
	for _, want := range []string{
		Heading + "\n\nParticipant numbers.\n", DossierHeading + "\n\nDossier numbers.\n", PetitionHeading, "Measured 2026-11-26",
		"go run ./cmd/thidua bench --only petitions --petitions 500 --requests 3 --petition-clients 3 --petition-seconds 1",
		"### SQLite", "| `Replay`, 5,000 a transaction | 500 |", "| first page | `/petitions` |",
		"| Concurrent intake | Clients | Requests | Created (201) | Errors | Petitions/s | p50 | p95 | p99 | Goal |",
		"| `POST /api/v1/petitions` for 1s | 3 (1 office) |", "zero errors: met", "one for each 201 answer",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q:\n%s", want, doc)
		}
	}
}
