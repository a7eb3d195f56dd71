package bench

import (
	"fmt"
	"strings"
)

// ReportHeading opens the report section of docs/BENCHMARKS.md.
const ReportHeading = "## Reports: the tổng kết as a Word document"

// ReportMarkdown is the report section of docs/BENCHMARKS.md.
func (r *Report) ReportMarkdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", ReportHeading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	fmt.Fprintf(&b, "A fresh database of each kind gets the seed plan, %d units (8 handling the 40 procedures of the generated catalogue), "+
		"%s dossiers over the five years 2026–2030 through the real importer, two business dialogues held each year, and for each "+
		"unit a difficulty and its submission of the plan's tổng kết report with its narrative. Then the department's "+
		"tổng kết is made as the office's button and `thidua report render --type tong-ket` make it, on %s: `report.Store.Gather` "+
		"(the five targets for each year and the whole period through `kpi`, Biểu II.06a per unit, dialogues, difficulties, the "+
		"units' submissions) and `report.Document` laid out by `docgen.Render` into a .docx, %d times one after another after 2 "+
		"warm-up runs. Goal: under %v.\n\n", c.ReportUnits, num(c.ReportDossiers), reportDay.Format("02/01/2006"), c.ReportRuns, ReportGoal)
	b.WriteString("Rerun (starts a throwaway PostgreSQL when its binaries are installed):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only reports --report-units %d --report-dossiers %d --report-runs %d\n\n",
		c.ReportUnits, c.ReportDossiers, c.ReportRuns)
	b.WriteString("| Database | Units | Dossiers | Dialogues | Submissions | .docx | p50 | p95 | Goal |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, res := range r.Reports {
		goal := fmt.Sprintf("< %v: met", ReportGoal)
		if res.Render.P95 >= ReportGoal {
			goal = fmt.Sprintf("< %v: **missed**", ReportGoal)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %d | %d | %s KiB | %s | %s | %s |\n", res.Database, res.Units, num(res.Dossiers), res.Dialogues,
			res.Submitted, num(res.Bytes/1024), ms(res.Render.P50), ms(res.Render.P95), goal)
	}
	for _, n := range r.ReportNotes {
		b.WriteString("\n" + n + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
