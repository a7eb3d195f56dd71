package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/petition"
)

// PetitionHeading opens the petition section of docs/BENCHMARKS.md.
const PetitionHeading = "## Petitions: worklist and concurrent intake"

// The goals for petitions, at PetitionGoalSize petitions: a division's
// worklist page under WorklistGoal at the 95th percentile, and no error while many
// clients create petitions at once.
const (
	PetitionGoalSize = 200_000
	WorklistGoal     = 50 * time.Millisecond
)

// Runs reports whether the run measures section: "participants", "dossiers" or
// "petitions".
func (c Config) Runs(section string) bool { return c.Only == "" || c.Only == section }

// PetitionMarkdown is the report as the petition section of docs/BENCHMARKS.md.
func (r *Report) PetitionMarkdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", PetitionHeading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	fmt.Fprintf(&b, "A fresh database of each kind gets %d units, %d enterprises (through the enterprise importer) and accounts "+
		"for the office, the leadership, a manager and a staff member of each unit and %d of the enterprises. Then %s petitions "+
		"received over the two years up to the day of the measurement, generated from a fixed seed, are written through "+
		"`petition.Store.Replay`, which takes each through the workflow as `Create` and `Act` would have at each step's time "+
		"(the same checks, working-day deadlines and history rows; a test compares the rows with theirs) but writes %s at a time "+
		"with multi-row inserts and one audit entry for all, instead of one transaction, audit entry and notice per step. "+
		"The mix: 55%% sent by enterprises from their accounts, 20%% registered by the office from paper, e-mail, phone or dialogues, "+
		"25%% from the public; 2%% complaints, refused or transferred, and a few others; the rest assigned to a unit within "+
		"two working days (3%% moved to another unit), 8%% waiting on the sender for a while, answered mostly within the 15 working days "+
		"(7%% late, 0.2%% never), published, and rated or reopened by some enterprises. What is still open is what the steps' times "+
		"leave open on the day of the measurement.\n\n",
		len(petitionUnits), petitionEnterprises, petitionAccounts, num(c.Petitions), num(replayChunk))
	fmt.Fprintf(&b, "Then the real web handler serves `GET /petitions` on loopback to the logged-in manager (unit_manager) of the unit "+
		"with the most open petitions: the unit's worklist, nearest deadline first, 50 a page, with its counters. The first and the "+
		"last page are each requested %d times one after another (after %d warm-up requests); times are from sending the request "+
		"to reading the last byte. Goal: p95 under %d ms at %s petitions.\n\n", c.Requests, warmup, WorklistGoal.Milliseconds(), num(PetitionGoalSize))
	fmt.Fprintf(&b, "Last, %d clients at once send `POST /api/v1/petitions` with their API tokens for %v, each one request after "+
		"another: every tenth client is the office registering a paper petition for an enterprise named by tax code, the others "+
		"enterprises sending from their own accounts. Each petition is created as the API always creates it, in one transaction "+
		"with its tracking code, deadlines, history, audit entry and notices to the office and the enterprise's users. An error is "+
		"any answer but 201 Created, or a request that fails. Goal: zero errors. On SQLite every write goes through thidua's one "+
		"writer connection, so however many clients send, the petitions are written one at a time.\n\n", c.PetitionClients, c.PetitionDuration)
	b.WriteString("SQLite is a new file opened as thidua opens it. PostgreSQL is, unless `--postgres` names a server, a throwaway " +
		"server with default settings on a Unix socket; after the fill it gets `VACUUM ANALYZE` and `CHECKPOINT`, as autovacuum and " +
		"the checkpointer would within minutes.\n\n")
	b.WriteString("Rerun (starts a throwaway PostgreSQL when its binaries are installed):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only petitions --petitions %d --requests %d --petition-clients %d --petition-seconds %d\n\n",
		c.Petitions, c.Requests, c.PetitionClients, int(c.PetitionDuration.Seconds()))
	for _, res := range r.Petitions {
		fmt.Fprintf(&b, "### %s\n\n", res.Database)
		f := res.Fill
		b.WriteString("| Fill | Petitions | Time | Petitions/s | Received | Processing | Awaiting info | Awaiting publication | Published | Refused | Transferred |\n")
		b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		fmt.Fprintf(&b, "| `Replay`, %s a transaction | %s | %.1f s | %s |", num(replayChunk), num(f.Rows), f.Duration.Seconds(), num(int(f.PetitionsPerSecond())))
		for _, st := range petition.States {
			fmt.Fprintf(&b, " %s |", num(f.States[st]))
		}
		fmt.Fprintf(&b, "\n\nOpen petitions of a unit (being processed or awaiting the sender): %s to %s; being processed past "+
			"their deadline, in all units: %s.\n\n", num(f.OpenMin), num(f.OpenMax), num(f.Overdue))
		wl := res.Worklist
		fmt.Fprintf(&b, "| Worklist of %s (%s open, %s overdue, %s due within %d working days) | Request | p50 | p95 | p99 | Goal |\n",
			res.Unit, num(wl.Open), num(wl.Overdue), num(wl.DueSoon), petition.DueSoonDays)
		b.WriteString("|---|---|--:|--:|--:|---|\n")
		for _, p := range res.Pages {
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", p.Label, p.Path, ms(p.P50), ms(p.P95), ms(p.P99), worklistGoal(p, c.Petitions))
		}
		l := res.Load
		b.WriteString("\n| Concurrent intake | Clients | Requests | Created (201) | Errors | Petitions/s | p50 | p95 | p99 | Goal |\n")
		b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
		fmt.Fprintf(&b, "| `POST /api/v1/petitions` for %v | %d (%d office) | %s | %s | %s | %.1f | %s | %s | %s | %s |\n",
			l.Duration, l.Clients, l.OfficeClients, num(l.Requests), num(l.Created), num(l.Errors), l.PerSecond(),
			ms(l.P50), ms(l.P95), ms(l.P99), loadGoal(l))
		if l.Written == l.Created {
			fmt.Fprintf(&b, "\nThe database gained %s petitions meanwhile, one for each 201 answer.\n\n", num(l.Written))
		} else {
			fmt.Fprintf(&b, "\nThe database gained **%s petitions for %s 201 answers**.\n\n", num(l.Written), num(l.Created))
		}
		if len(l.Samples) > 0 {
			b.WriteString("Errors seen (the first different ones):\n\n")
			for _, s := range l.Samples {
				fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(s, "`", "'"))
			}
			b.WriteString("\n")
		}
	}
	for _, n := range r.PetitionNotes {
		b.WriteString(n + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// worklistGoal judges a page's p95 against the goal, which is set at
// PetitionGoalSize petitions.
func worklistGoal(p Page, petitions int) string {
	switch {
	case petitions < PetitionGoalSize:
		return fmt.Sprintf("< %d ms at %s", WorklistGoal.Milliseconds(), num(PetitionGoalSize))
	case p.P95 < WorklistGoal:
		return fmt.Sprintf("< %d ms: met", WorklistGoal.Milliseconds())
	}
	return fmt.Sprintf("< %d ms: **missed**", WorklistGoal.Milliseconds())
}

func loadGoal(l Load) string {
	if l.Errors == 0 && l.Requests > 0 {
		return "zero errors: met"
	}
	return "zero errors: **missed**"
}
