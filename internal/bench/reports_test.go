package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The report section runs at a tiny size on SQLite, so it cannot rot.
func TestReportSectionSmall(t *testing.T) {
	var progress bytes.Buffer
	rep, err := Run(context.Background(), Config{Only: "reports", ReportUnits: 10, ReportDossiers: 500, ReportRuns: 1, Postgres: "off", Progress: &progress})
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	if len(rep.Reports) != 1 || rep.Reports[0].Units != 10 || rep.Reports[0].Submitted != 10 || rep.Reports[0].Bytes == 0 {
		t.Fatalf("reports = %+v", rep.Reports)
	}
	md := rep.ReportMarkdown()
	if !strings.Contains(md, ReportHeading) || !strings.Contains(md, "--only reports --report-units 10") {
		t.Errorf("markdown:\n%s", md)
	}
}
