package bench

import (
	"fmt"
	"strings"
	"time"
)

// PortalHeading opens the portal section of docs/BENCHMARKS.md.
const PortalHeading = "## Portal: leader dashboard, public statistics and concurrent visitors"

// The sizes the issue sets the portal's goals at.
const (
	PortalGoalDossiers  = 1_000_000
	PortalGoalPetitions = 200_000
)

// PortalMarkdown is the portal section of docs/BENCHMARKS.md.
func (r *Report) PortalMarkdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", PortalHeading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	fullSize := c.Dossiers >= PortalGoalDossiers && c.Petitions >= PortalGoalPetitions
	if !fullSize {
		fmt.Fprintf(&b, "**Reduced size:** this run used %s dossiers and %s petitions; the issue's goals are set at %s dossiers "+
			"and %s petitions, so the goal column says how this smaller run compares, not whether the goal is met.\n\n",
			num(c.Dossiers), num(c.Petitions), num(PortalGoalDossiers), num(PortalGoalPetitions))
	}
	fmt.Fprintf(&b, "A fresh database of each kind gets both data sets: the seed plan, the dossier section's catalogue (8 units, "+
		"40 procedures) and %s dossiers of 2026–2030 through `dossier.Store.Import` from a generated .csv; then the petition "+
		"section's units (the 6 whose codes the catalogue has already are reused, 6 more are added), %d enterprises, the "+
		"accounts (among them the leader) and %s petitions of the two years up to the day of the measurement through "+
		"`petition.Store.Replay`. PostgreSQL then gets `VACUUM ANALYZE` and `CHECKPOINT`.\n\n",
		num(c.Dossiers), petitionEnterprises, num(c.Petitions))
	fmt.Fprintf(&b, "Through the real web handler on loopback, `GET /dashboard` as the leader and `GET /public/statistics` without "+
		"logging in are each requested %d times one after another after %d warm-up requests; times are from sending the request "+
		"to reading the last byte. Goals: dashboard p95 under %d ms, statistics p95 under %d ms. Then %d visitors without an "+
		"account each request, one after another for %v, the public pages in turn (%s); an error is any answer other than "+
		"200 OK or a failed request. Goal: zero errors.\n\n",
		c.PortalRequests, warmup, DashboardGoal.Milliseconds(), StatisticsGoal.Milliseconds(), c.PortalClients, c.PortalDuration,
		"`"+strings.Join(portalPages, "`, `")+"`")
	b.WriteString("How the pages stay fast: the dossier figures are sums over the pre-aggregate `dossier_daily` (see the dossier section) " +
		"and the petition scores of Decision 766 sums over `petition_daily`, which every statement that answers, rates, reopens or " +
		"replays a petition changes in its own transaction (migration 0030); the dashboard's overdue count is read as the statistics " +
		"read the open dossiers, and a page that shows one figure in several panels computes it once per request (`db.Memo`, " +
		"given to GET requests only, so nothing cached outlives the request and several app processes on one PostgreSQL never " +
		"see a stale figure). After filling, `petition.Store.CheckDaily` compares `petition_daily` with a recount of the petitions.\n\n")
	b.WriteString("Rerun (starts a throwaway PostgreSQL when its binaries are installed):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only portal --dossiers %d --petitions %d --portal-requests %d --portal-clients %d --portal-seconds %d\n\n",
		c.Dossiers, c.Petitions, c.PortalRequests, c.PortalClients, int(c.PortalDuration/time.Second))
	b.WriteString("Filling both databases takes about ten minutes; `--keep DIR` keeps the generated .csv, the SQLite file and the " +
		"PostgreSQL server's data in DIR and reuses them on the next run of the same sizes (the petitions keep the dates of the " +
		"day they were written), and `--cpuprofile PREFIX` writes a pprof CPU profile of each timed page.\n\n")
	if c.Keep != "" {
		b.WriteString("This run reused or kept its databases with `--keep`.\n\n")
	}
	if len(r.Portal) > 0 {
		b.WriteString("| Database | Dossiers | Petitions | Page | p50 | p95 | p99 | Goal |\n|---|--:|--:|---|--:|--:|--:|---|\n")
		for _, res := range r.Portal {
			for i, p := range res.Pages {
				goal := DashboardGoal
				if i > 0 {
					goal = StatisticsGoal
				}
				fmt.Fprintf(&b, "| %s | %s | %s | %s `GET %s` | %s | %s | %s | %s |\n", res.Database, num(res.Dossiers), num(res.Petitions),
					p.Label, p.Path, ms(p.P50), ms(p.P95), ms(p.P99), portalGoal(p.P95 < goal, fmt.Sprintf("p95 < %d ms", goal.Milliseconds()), fullSize))
			}
		}
		b.WriteString("\n| Database | Visitors | For | Requests | Errors | Requests/s | p50 | p95 | p99 | Goal |\n")
		b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
		for _, res := range r.Portal {
			l := res.Load
			fmt.Fprintf(&b, "| %s | %d | %v | %s | %s | %.1f | %s | %s | %s | %s |\n", res.Database, l.Clients, l.Duration,
				num(l.Requests), num(l.Errors), l.PerSecond(), ms(l.P50), ms(l.P95), ms(l.P99),
				portalGoal(l.Errors == 0 && l.Requests > 0, "zero errors", fullSize))
		}
		b.WriteString("\n")
		for _, res := range r.Portal {
			if len(res.Differences) == 0 {
				fmt.Fprintf(&b, "%s: `petition_daily` against a full recount (`CheckDaily`): **equal** on every day and unit.\n", res.Database)
			} else {
				fmt.Fprintf(&b, "%s: `petition_daily` against a full recount (`CheckDaily`): **%d differences**, the first: %s.\n",
					res.Database, len(res.Differences), res.Differences[0])
			}
		}
		for _, res := range r.Portal {
			if len(res.Load.Samples) > 0 {
				fmt.Fprintf(&b, "\nErrors seen on %s (the first different ones):\n\n", res.Database)
				for _, s := range res.Load.Samples {
					fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(s, "`", "'"))
				}
			}
		}
	}
	for _, n := range r.PortalNotes {
		b.WriteString("\n" + n + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// portalGoal words a goal as met or missed, and at a reduced size says so.
func portalGoal(met bool, goal string, fullSize bool) string {
	verdict := "met"
	if !met {
		verdict = "**missed**"
	}
	if !fullSize {
		return goal + ": " + verdict + " at this reduced size"
	}
	return goal + ": " + verdict
}
