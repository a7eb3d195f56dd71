package bench

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The load section starts real servers from a built thidua — one on SQLite, two on
// PostgreSQL when it is installed — and every request of the mix, logins, imports
// and petitions among them, gets the answer it should from whichever process it
// reaches, with sessions begun on the other.
func TestLoadSection(t *testing.T) {
	if testing.Short() {
		t.Skip("builds thidua and starts servers")
	}
	exe := filepath.Join(t.TempDir(), "thidua")
	if out, err := exec.Command("go", "build", "-o", exe, "github.com/thidua/thidua/cmd/thidua").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var progress strings.Builder
	rep, err := Run(context.Background(), Config{Only: "load", LoadDossiers: 500, LoadPetitions: 200, LoadRates: []int{5},
		LoadStep: 3 * time.Second, LoadP95: time.Hour, ServeBinary: exe, Postgres: "auto", Progress: &progress})
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	if len(rep.Load) == 0 {
		t.Fatalf("nothing measured: %v", rep.LoadNotes)
	}
	for _, res := range rep.Load {
		want := 1
		if strings.HasPrefix(res.Database, "PostgreSQL") {
			want = 2
		}
		if res.Processes != want || len(res.PeakRSS) != want {
			t.Errorf("%s: %d processes, %d memory figures; want %d", res.Database, res.Processes, len(res.PeakRSS), want)
		}
		if len(res.Steps) != 1 || res.Steps[0].Requests == 0 || res.Steps[0].Errors > 0 {
			t.Errorf("%s: steps %+v", res.Database, res.Steps)
		}
		for _, k := range res.Steps[0].Kinds {
			if k.Errors > 0 {
				t.Errorf("%s: %s: %d errors", res.Database, k.Name, k.Errors)
			}
		}
	}
	if md := rep.LoadMarkdown(); !strings.Contains(md, "| "+rep.Load[0].Database+" | 1 | **5 requests/s** |") {
		t.Errorf("the report does not give the capacity:\n%s", md)
	}
}
