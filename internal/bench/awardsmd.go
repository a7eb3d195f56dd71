package bench

import (
	"fmt"
	"strings"
)

// AwardHeading opens the award section of docs/BENCHMARKS.md.
const AwardHeading = "## Awards: eligibility for the whole department"

// AwardMarkdown is the award section of docs/BENCHMARKS.md.
func (r *Report) AwardMarkdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", AwardHeading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	fmt.Fprintf(&b, "A fresh database of each kind gets the seed plan, %s units of %d staff (every third a woman), each person's "+
		"rating for 2026 and 2025, a reprimand for one in fifty and a warning for one in two hundred, a pending complaint for one in "+
		"three hundred, two recognised initiatives per unit and a reviewed rubric score per unit. Then `award.Store.Eligibility` — "+
		"what the eligibility page and `GET /api/v1/eligibility` call: the facts in a handful of grouped queries, the rules in force, "+
		"every verdict of every person and unit with its reasons, the CSTĐCS quota per unit and the ranking — runs %d times "+
		"after 2 warm-up runs. Goal: under %v.\n\n", num(c.AwardUnits), c.AwardStaff, c.AwardRuns, AwardGoal)
	b.WriteString("Rerun (starts a throwaway PostgreSQL when its binaries are installed):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only awards --award-units %d --award-staff %d --award-runs %d\n\n", c.AwardUnits, c.AwardStaff, c.AwardRuns)
	b.WriteString("| Database | Units | Staff | Verdicts | p50 | p95 | Goal |\n|---|--:|--:|--:|--:|--:|---|\n")
	for _, res := range r.Awards {
		goal := fmt.Sprintf("< %v: met", AwardGoal)
		if res.Eligibility.P95 >= AwardGoal {
			goal = fmt.Sprintf("< %v: **missed**", AwardGoal)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", res.Database, num(res.Units), num(res.Staff), num(res.Verdicts),
			ms(res.Eligibility.P50), ms(res.Eligibility.P95), goal)
	}
	for _, n := range r.AwardNotes {
		b.WriteString("\n" + n + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
