package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// The portal section runs at a tiny size on SQLite, so it cannot rot.
func TestPortalSectionSmall(t *testing.T) {
	var progress bytes.Buffer
	rep, err := Run(context.Background(), Config{Only: "portal", Dossiers: 2000, Petitions: 500, PortalRequests: 2,
		PortalClients: 4, PortalDuration: 500 * time.Millisecond, Postgres: "off", Progress: &progress})
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	if len(rep.Portal) != 1 {
		t.Fatalf("portal = %+v", rep.Portal)
	}
	res := rep.Portal[0]
	if res.Dossiers != 2000 || res.Petitions != 500 || len(res.Pages) != 2 {
		t.Errorf("result = %+v", res)
	}
	if len(res.Differences) > 0 {
		t.Errorf("petition_daily differs from a recount: %v", res.Differences)
	}
	if l := res.Load; l.Requests == 0 || l.Errors != 0 {
		t.Errorf("load = %+v", l)
	}
	md := rep.PortalMarkdown()
	for _, want := range []string{PortalHeading, "--only portal --dossiers 2000 --petitions 500", "Reduced size", "/public/statistics", "(`CheckDaily`): **equal**"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// With --keep a second run of the same sizes measures the databases the first one
// filled instead of filling new ones.
func TestPortalKeepReusesTheFilledDatabase(t *testing.T) {
	keep := t.TempDir()
	cfg := Config{Only: "portal", Dossiers: 300, Petitions: 100, PortalRequests: 1, PortalClients: 1,
		PortalDuration: 100 * time.Millisecond, Postgres: "off", Keep: keep}
	for run, want := range []bool{false, true} {
		var progress bytes.Buffer
		cfg.Progress = &progress
		rep, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("run %d: %v\n%s", run+1, err, progress.String())
		}
		if reused := strings.Contains(progress.String(), "dùng lại dữ liệu đã giữ"); reused != want {
			t.Errorf("run %d reused: %v, want %v\n%s", run+1, reused, want, progress.String())
		}
		if res := rep.Portal[0]; res.Dossiers != 300 || res.Petitions != 100 {
			t.Errorf("run %d: %d dossiers, %d petitions", run+1, res.Dossiers, res.Petitions)
		}
	}
}
