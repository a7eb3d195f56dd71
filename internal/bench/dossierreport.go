package bench

import (
	"fmt"
	"strings"
	"time"
)

// DossierHeading opens the dossier section of docs/BENCHMARKS.md.
const DossierHeading = "## Dossiers: import and statistics"

// The goals for dossiers: a CSV import on SQLite of at least ImportGoal rows
// a second in under MemoryGoal of memory, and any period's statistics in StatsGoal at
// 1,000,000 dossiers.
const (
	ImportGoal = 50_000
	MemoryGoal = 300 << 20
	StatsGoal  = 100 * time.Millisecond
)

// DossierMarkdown is the report as the dossier section of docs/BENCHMARKS.md.
func (r *Report) DossierMarkdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", DossierHeading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	fmt.Fprintf(&b, "A catalogue of %d procedures in %d units (statutory times of 1 to 20 working days) is written to a fresh database "+
		"of each kind, with the plan's movement. Then %s dossiers received on the working days of 2026–2030, listed by received date "+
		"as exports are, are generated from a fixed seed to a .csv and imported through `dossier.Store.Import`: about 2%% finished late, "+
		"8%% paused for a supplement (1%% asked twice, late by rule), most late ones with an apology letter, and those that would "+
		"finish after 31/12/2030 still open. The .xlsx holds %s dossiers of the same mix and goes into a database of its own: "+
		"the importer reads an .xlsx whole through excelize, so a million-row workbook is not what an office uploads "+
		"(exports of that size come as .csv, which is streamed).\n\n", len(benchProcedures()), len(benchUnits), num(c.Dossiers), num(c.DossiersXLSX))
	b.WriteString("The import reads and checks the file (and looks its codes up among the stored dossiers) in one goroutine " +
		"while another writes the previous batch of 500 rows in the transaction, so it keeps two processors busy: " +
		"on a machine shared with other work its time depends on what else runs.\n\n")
	b.WriteString("Peak heap is the most live Go heap seen during the import; peak RSS is the process's resident high-water mark " +
		"(VmHWM, reset just before the import), which also holds SQLite's page cache and what the runtime keeps; " +
		"allocated is everything the import allocated.\n\n")
	fmt.Fprintf(&b, "After the import, `dossier.Store.CheckDaily` compares the pre-aggregate `dossier_daily` that the statistics sum, "+
		"and the longest span of a dossier that `dossier_span` keeps for them, with a full recount from the dossiers. Then each statistic below is computed %d times one after another (after %d warm-up runs) "+
		"through the store, as the pages and the API call it, with the office's scope (every unit), and the targets page is requested "+
		"as often through the real web handler on loopback by a logged-in office account. "+
		"Goals: a .csv import on SQLite of at least %s rows/s with peak memory under %d MB; statistics for any period under %d ms "+
		"at 1,000,000 dossiers.\n\n", c.StatsRuns, warmup, num(ImportGoal), MemoryGoal>>20, StatsGoal.Milliseconds())
	b.WriteString("Rerun (starts a throwaway PostgreSQL when its binaries are installed):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only dossiers --dossiers %d --dossiers-xlsx %d --stats-runs %d\n\n",
		c.Dossiers, c.DossiersXLSX, c.StatsRuns)
	for _, res := range r.Dossiers {
		fmt.Fprintf(&b, "### %s\n\n", res.Database)
		b.WriteString("| Import | Rows | Time | Rows/s | Peak heap | Peak RSS | Allocated | Goal |\n|---|--:|--:|--:|--:|--:|--:|---|\n")
		for _, im := range res.Imports {
			fmt.Fprintf(&b, "| %s | %s | %.2f s | %s | %s | %s | %s | %s |\n", im.Label, num(im.Rows), im.Duration.Seconds(),
				num(int(im.RowsPerSecond())), mib(im.PeakHeap), rss(im.PeakRSS), mib(im.Allocated), importGoal(res.Database, im))
		}
		t := res.Total
		rate := "none resolved"
		if t.OnTimeRate != nil {
			rate = fmt.Sprintf("%.2f%%", *t.OnTimeRate)
		}
		fmt.Fprintf(&b, "\nThe five years as imported: %s received (%s online), %s resolved (%s early, %s on time, %s late; on-time rate %s), "+
			"%s open at 31/12/2030.\n\n", num(t.ReceivedTotal), num(t.ReceivedOnline), num(t.ResolvedTotal), num(t.ResolvedEarly),
			num(t.ResolvedOnTime), num(t.ResolvedLate), rate, num(t.OpenTotal))
		if len(res.Differences) == 0 {
			b.WriteString("Aggregate against a full recount (`CheckDaily`): **equal** on every day, unit and procedure, and in the longest span.\n\n")
		} else {
			fmt.Fprintf(&b, "Aggregate against a full recount (`CheckDaily`): **%d differences**, the first: %s.\n\n",
				len(res.Differences), res.Differences[0])
		}
		b.WriteString("| Statistic | p50 | p95 | Goal |\n|---|--:|--:|---|\n")
		for _, tm := range res.Timings {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", tm.Label, ms(tm.P50), ms(tm.P95), statsGoal(tm, c.Dossiers))
		}
		b.WriteString("\n")
	}
	for _, n := range r.DossierNotes {
		b.WriteString(n + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// importGoal says whether the .csv import on SQLite met the goal; the goal
// is about that import alone.
func importGoal(database string, im DossierImport) string {
	if !strings.HasPrefix(database, "SQLite") || !strings.Contains(im.Label, ".csv") {
		return "—"
	}
	mem := im.PeakRSS
	if mem == 0 {
		mem = im.PeakHeap
	}
	if im.RowsPerSecond() >= ImportGoal && mem < MemoryGoal {
		return fmt.Sprintf("≥ %s rows/s, < %d MB: met", num(ImportGoal), MemoryGoal>>20)
	}
	return fmt.Sprintf("≥ %s rows/s, < %d MB: **missed**", num(ImportGoal), MemoryGoal>>20)
}

// statsGoal judges a statistic's p95 against the goal, which is set at 1,000,000
// dossiers; the targets page has no goal of its own.
func statsGoal(t Timing, dossiers int) string {
	switch {
	case strings.HasPrefix(t.Label, "Targets"):
		return "—"
	case dossiers < 1_000_000:
		return fmt.Sprintf("< %d ms at 1,000,000", StatsGoal.Milliseconds())
	case t.P95 < StatsGoal:
		return fmt.Sprintf("< %d ms: met", StatsGoal.Milliseconds())
	}
	return fmt.Sprintf("< %d ms: **missed**", StatsGoal.Milliseconds())
}

func rss(n uint64) string {
	if n == 0 {
		return "—"
	}
	return mib(n)
}
