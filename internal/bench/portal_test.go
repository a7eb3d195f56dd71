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
	if l := res.Load; l.Requests == 0 || l.Errors != 0 {
		t.Errorf("load = %+v", l)
	}
	md := rep.PortalMarkdown()
	for _, want := range []string{PortalHeading, "--only portal --dossiers 2000 --petitions 500", "Reduced size", "/public/statistics"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
