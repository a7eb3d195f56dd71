package bench

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// LoadHeading opens the load section of docs/BENCHMARKS.md.
const LoadHeading = "## Load: a realistic mix against one process on SQLite and two on PostgreSQL"

// The sizes the issue sets the load test at.
const (
	LoadGoalDossiers  = 100_000
	LoadGoalPetitions = 20_000
)

// LoadMarkdown is the load section of docs/BENCHMARKS.md.
func (r *Report) LoadMarkdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", LoadHeading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	if c.LoadDossiers < LoadGoalDossiers || c.LoadPetitions < LoadGoalPetitions {
		fmt.Fprintf(&b, "**Reduced size:** this run used %s dossiers and %s petitions; the documented capacity is for %s and %s.\n\n",
			num(c.LoadDossiers), num(c.LoadPetitions), num(LoadGoalDossiers), num(LoadGoalPetitions))
	}
	fmt.Fprintf(&b, "A fresh database of each kind gets the portal section's data at this size: the seed plan, the dossier "+
		"catalogue and %s dossiers through the importer, the petition section's units, %d enterprises, accounts and %s "+
		"petitions of the last two years through `petition.Store.Replay` (PostgreSQL then gets `VACUUM ANALYZE`). Then the "+
		"bench starts real `thidua serve` processes from its own binary on it, on loopback: **one on SQLite, two on "+
		"PostgreSQL**, the requests going to them in turn as a load balancer would send them. Sessions are logged in through "+
		"one process and used on the other: the processes keep no state of their own.\n\n",
		num(c.LoadDossiers), petitionEnterprises, num(c.LoadPetitions))
	b.WriteString("The mix, by share of requests:\n\n")
	for _, k := range loadKinds {
		fmt.Fprintf(&b, "- %d%% %s%s\n", k.weight, k.name, loadKindDetail[k.name])
	}
	fmt.Fprintf(&b, "\nEach step sends requests at a fixed rate for %v, each at its time whether or not earlier ones were "+
		"answered (an open load: users do not wait for each other), and times each from sending to the last byte of the "+
		"answer. An error is an answer other than the expected status (200; 303 for a login; 201 for a petition) or a failed "+
		"request. A step passes with **zero errors and p95 at most %v**; the steps stop after the first that does not pass, "+
		"and the **documented capacity** is the highest rate that passed. Peak RSS is each server process's VmHWM after the "+
		"last step.\n\n", c.LoadStep, c.LoadP95)
	b.WriteString("The numbers depend on the machine and on what else runs on it: the load generator runs on the same " +
		"processors as the servers and the database.")
	if r.LoadAverage != "" {
		fmt.Fprintf(&b, " The machine's load average (1, 5, 15 minutes) when this section began: %s, with %d processors; "+
			"a load above the processors means other work shared them during the run.", r.LoadAverage, runtime.NumCPU())
	}
	b.WriteString("\n\n")
	b.WriteString("Rerun (starts a throwaway PostgreSQL when its binaries are installed; about ten minutes):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only load --load-dossiers %d --load-petitions %d --load-rates %s --load-step-seconds %d --load-p95-ms %d\n\n",
		c.LoadDossiers, c.LoadPetitions, joinInts(c.LoadRates), int(c.LoadStep/time.Second), c.LoadP95.Milliseconds())
	if len(r.Load) > 0 {
		b.WriteString("| Database | Processes | Capacity | Peak RSS of each process |\n|---|--:|--:|---|\n")
		for _, res := range r.Load {
			rss := make([]string, len(res.PeakRSS))
			for i, v := range res.PeakRSS {
				rss[i] = mib(v)
			}
			capacity := "none of the rates"
			if n := res.Capacity(); n > 0 {
				capacity = fmt.Sprintf("**%d requests/s**", n)
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", res.Database, res.Processes, capacity, strings.Join(rss, ", "))
		}
		b.WriteString("\n| Database | Rate | Requests | Errors | Answers/s | p50 | p95 | p99 | Step |\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n")
		for _, res := range r.Load {
			for _, s := range res.Steps {
				fmt.Fprintf(&b, "| %s | %d/s | %s | %s | %.1f | %s | %s | %s | %s |\n", res.Database, s.Rate, num(s.Requests), num(s.Errors),
					s.PerSecond(), ms(s.P50), ms(s.P95), ms(s.P99), map[bool]string{true: "passed", false: "**failed**"}[s.Pass])
			}
		}
		for _, res := range r.Load {
			if s, ok := lastPassed(res); ok {
				fmt.Fprintf(&b, "\n%s at %d requests/s, by kind:\n\n| Kind | Requests | Errors | p50 | p95 |\n|---|--:|--:|--:|--:|\n", res.Database, s.Rate)
				for _, k := range s.Kinds {
					fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", k.Name, num(k.Requests), num(k.Errors), ms(k.P50), ms(k.P95))
				}
			}
			if len(res.ServerErrors) > 0 {
				fmt.Fprintf(&b, "\nThe servers' logs on %s, first errors:\n\n", res.Database)
				for _, e := range res.ServerErrors {
					fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(e, "`", "'"))
				}
			}
			for _, s := range res.Steps {
				if len(s.Samples) > 0 {
					fmt.Fprintf(&b, "\nErrors on %s at %d/s, first of each kind:\n\n", res.Database, s.Rate)
					for _, e := range s.Samples {
						fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(e, "`", "'"))
					}
				}
			}
		}
		b.WriteString("\n")
	}
	for _, n := range r.LoadNotes {
		b.WriteString(n + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// loadKindDetail says what each kind of request asks for.
var loadKindDetail = map[string]string{
	"Public pages, no login": ": `" + strings.Join(loadPublicPages, "`, `") + "` in turn",
	"Staff lists (dossiers, petitions worklist, reports)": ": `/dossiers` and `/reports` as the office, `/petitions` as a unit's " +
		"manager and as its staff, on logged-in sessions",
	"Leader dashboard":                  ": `/dashboard`",
	"Enterprise sends a petition (API)": ": `POST /api/v1/petitions` with an enterprise account's token",
	"Staff login":                       ": `POST /login` of a unit's staff member (password hashing included)",
	"Office imports 20 dossiers (.csv)": ": `POST /import/dossiers`, a new .csv export of 20 dossiers through the import form",
}

// lastPassed is the step at the capacity.
func lastPassed(res LoadResult) (LoadStep, bool) {
	var out LoadStep
	ok := false
	for _, s := range res.Steps {
		if !s.Pass {
			break
		}
		out, ok = s, true
	}
	return out, ok
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
