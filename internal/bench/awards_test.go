package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The award section runs at a tiny size on SQLite, so it cannot rot.
func TestAwardSectionSmall(t *testing.T) {
	var progress bytes.Buffer
	rep, err := Run(context.Background(), Config{Only: "awards", AwardUnits: 3, AwardStaff: 10, AwardRuns: 1, Postgres: "off", Progress: &progress})
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	if len(rep.Awards) != 1 || rep.Awards[0].Staff != 30 || rep.Awards[0].Verdicts == 0 {
		t.Fatalf("awards = %+v", rep.Awards)
	}
	if md := rep.AwardMarkdown(); !strings.Contains(md, AwardHeading) || !strings.Contains(md, "--only awards --award-units 3") {
		t.Errorf("markdown:\n%s", md)
	}
}
