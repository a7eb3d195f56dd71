package bench

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"
)

// Heading opens this benchmark's section of docs/BENCHMARKS.md. Other benchmarks
// add sections of their own; rewriting the file replaces only this one.
const Heading = "## Participants: import and enterprise list"

// Goal is the target for the list page with a search term.
const Goal = 50 * time.Millisecond

const fileIntro = `# Benchmarks

Speed and memory of thidua, measured by commands anyone can rerun. Each section says
what it measures, on what machine and when, and the command that rewrites it. These are
measurements, not tests: no test fails because a number here got worse, so look at the
numbers when a change touches the code they measure.
`

// Markdown is the report as this benchmark's section of docs/BENCHMARKS.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", Heading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	fmt.Fprintf(&b, "A fresh database of each kind is filled through the real importers with %s units, %s staff and %s enterprises "+
		"generated from a fixed seed (.xlsx files, and the enterprises once more as .csv). The times are the importers' whole work: "+
		"reading the file, checking every row, writing in one transaction with the audit log. Peak heap is the most live Go heap "+
		"seen during the import; allocated is everything it allocated.\n\n", num(c.Units), num(c.Staff), num(c.Enterprises))
	fmt.Fprintf(&b, "Then the real web handler serves the enterprise list on loopback to a logged-in office account, "+
		"which sees every enterprise, and each page below is requested %d times one after another (after %d warm-up requests); "+
		"times are from sending the request to reading the last byte. Matches is the total the page shows. "+
		"Goal: p95 under %d ms with a search term at 100,000 enterprises.\n\n",
		c.Requests, warmup, Goal.Milliseconds())
	b.WriteString("SQLite is a new file opened as thidua opens it. PostgreSQL is, unless `--postgres` names a server, a throwaway " +
		"server with default settings on a Unix socket; before the pages are timed it gets `VACUUM ANALYZE` and `CHECKPOINT`, " +
		"which autovacuum and the checkpointer do on their own within minutes of a large import.\n\n")
	fmt.Fprintf(&b, "Rerun (a few minutes; starts a throwaway PostgreSQL when its binaries are installed):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --units %d --staff %d --enterprises %d --requests %d\n\n",
		c.Units, c.Staff, c.Enterprises, c.Requests)
	for _, res := range r.Results {
		fmt.Fprintf(&b, "### %s\n\n", res.Database)
		b.WriteString("| Import | Rows | Time | Rows/s | Peak heap | Allocated |\n|---|--:|--:|--:|--:|--:|\n")
		for _, im := range res.Imports {
			fmt.Fprintf(&b, "| %s | %s | %.2f s | %s | %s | %s |\n", im.Label, num(im.Rows), im.Duration.Seconds(),
				num(int(im.RowsPerSecond())), mib(im.PeakHeap), mib(im.Allocated))
		}
		b.WriteString("\n| Enterprise list | Request | Matches | p50 | p95 | p99 |\n|---|---|--:|--:|--:|--:|\n")
		for _, p := range res.Pages {
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", p.Label, p.Path, num(p.Matches), ms(p.P50), ms(p.P95), ms(p.P99))
		}
		b.WriteString("\n")
	}
	for _, n := range r.Notes {
		b.WriteString(n + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// WriteFile puts the report's sections into the file at path, keeping the file's
// opening and every other section as they are.
func (r *Report) WriteFile(path string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	doc := string(old)
	// A section that was not run keeps the numbers it had.
	if r.Config.Runs("participants") {
		doc = ReplaceSection(doc, Heading, r.Markdown())
	}
	if len(r.Dossiers) > 0 || len(r.DossierNotes) > 0 {
		doc = ReplaceSection(doc, DossierHeading, r.DossierMarkdown())
	}
	if len(r.Petitions) > 0 || len(r.PetitionNotes) > 0 {
		doc = ReplaceSection(doc, PetitionHeading, r.PetitionMarkdown())
	}
	if len(r.Reports) > 0 || len(r.ReportNotes) > 0 {
		doc = ReplaceSection(doc, ReportHeading, r.ReportMarkdown())
	}
	if len(r.Awards) > 0 || len(r.AwardNotes) > 0 {
		doc = ReplaceSection(doc, AwardHeading, r.AwardMarkdown())
	}
	if len(r.Portal) > 0 || len(r.PortalNotes) > 0 {
		doc = ReplaceSection(doc, PortalHeading, r.PortalMarkdown())
	}
	if len(r.Indicators) > 0 || len(r.IndicatorNotes) > 0 {
		doc = ReplaceSection(doc, IndicatorHeading, r.IndicatorMarkdown())
	}
	if len(r.Load) > 0 || len(r.LoadNotes) > 0 {
		doc = ReplaceSection(doc, LoadHeading, r.LoadMarkdown())
	}
	if len(r.Fuzz) > 0 || len(r.FuzzNotes) > 0 {
		doc = ReplaceSection(doc, FuzzHeading, r.FuzzMarkdown())
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}

// ReplaceSection returns doc with the "## " section that starts with heading
// replaced by section, or section added at the end when doc has none. A document
// without any text gets the file's opening first.
func ReplaceSection(doc, heading, section string) string {
	if strings.TrimSpace(doc) == "" {
		doc = fileIntro
	}
	lines := strings.SplitAfter(doc, "\n")
	start, end := -1, len(lines)
	for i, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		switch {
		case start < 0 && t == heading:
			start = i
		case start >= 0 && strings.HasPrefix(t, "## "):
			end = i
		}
		if start >= 0 && end < len(lines) {
			break
		}
	}
	section = strings.TrimRight(section, "\n") + "\n"
	if start < 0 {
		return strings.TrimRight(doc, "\n") + "\n\n" + section
	}
	before := strings.Join(lines[:start], "")
	after := strings.Join(lines[end:], "")
	if after != "" {
		section += "\n"
	}
	return before + section + after
}

// num writes a count with thousands separated by commas, as the rest of the docs do.
func num(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func mib(n uint64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }
