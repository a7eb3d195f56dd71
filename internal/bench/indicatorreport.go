package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// IndicatorHeading opens the indicator section of docs/BENCHMARKS.md.
const IndicatorHeading = "## Enterprise indicators: sector analysis and export"

// The goals for indicators, at IndicatorGoalSize enterprises with five years
// each: the sector analysis page under AnalysisGoal at the 95th percentile on both
// databases, and the .xlsx export of every indicator under ExportGoal.
const (
	IndicatorGoalSize = 10_000
	AnalysisGoal      = 100 * time.Millisecond
	ExportGoal        = 5 * time.Second
)

// IndicatorMarkdown is the report as the indicator section of docs/BENCHMARKS.md.
func (r *Report) IndicatorMarkdown() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "%s\n\n", IndicatorHeading)
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	fmt.Fprintf(&b, "A fresh database of each kind gets %s enterprises through the enterprise importer (the participants section's "+
		"generator: every sector and kind of ownership, a third in two sectors), then a .csv of %d years of each one's indicators, "+
		"%s rows generated from a fixed seed (a few dozen workers turning over well under a tỷ each, some larger; growth, losses, "+
		"arrears, accidents and violations here and there), imported through `indicator.Store.Import`: all checked, then written "+
		"in one transaction with an audit entry per row.\n\n", num(c.IndicatorEnterprises), IndicatorYears, num(c.IndicatorEnterprises*IndicatorYears))
	fmt.Fprintf(&b, "Then the real web handler serves the pages on loopback to a logged-in office account, each requested %d times "+
		"one after another (after %d warm-up requests); times are from sending the request to reading the last byte. The sector "+
		"analysis reads each period's reports summed by sector and ownership (`indicator_sums`: totals, the like-for-like comparison "+
		"with the year before, distributions, compliance), which the import rebuilt for the periods it changed; it ranks the top and "+
		"bottom ten through the measure's index and draws its charts. A period's sums are rebuilt by the first page that reads them "+
		"after a report of it (or of the year before) or an enterprise changed: the line \"first request after a report of the year "+
		"changed\" times %d such requests, each right after an enterprise's report of the year was edited through the store. "+
		"Last, the .xlsx of every indicator (`GET /indicators/export.xlsx`, streamed from the database into excelize's stream writer) "+
		"is downloaded %d times. Goals at %s enterprises × %d years: the analysis page's p95 under %d ms on both databases, the export "+
		"under %.0f s.\n\n", c.Requests, warmup, changeRuns, exportRuns, num(IndicatorGoalSize), IndicatorYears, AnalysisGoal.Milliseconds(), ExportGoal.Seconds())
	b.WriteString("SQLite is a new file opened as thidua opens it. PostgreSQL is, unless `--postgres` names a server, a throwaway " +
		"server with default settings on a Unix socket; after the imports it gets `VACUUM ANALYZE` and `CHECKPOINT`, as autovacuum " +
		"and the checkpointer would within minutes.\n\n")
	b.WriteString("Rerun (starts a throwaway PostgreSQL when its binaries are installed):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only indicators --indicator-enterprises %d --requests %d\n\n", c.IndicatorEnterprises, c.Requests)
	for _, res := range r.Indicators {
		fmt.Fprintf(&b, "### %s\n\n", res.Database)
		im := res.Import
		b.WriteString("| Import | Rows | Time | Rows/s | Peak heap | Allocated |\n|---|--:|--:|--:|--:|--:|\n")
		fmt.Fprintf(&b, "| %s | %s | %.2f s | %s | %s | %s |\n\n", im.Label, num(im.Rows), im.Duration.Seconds(),
			num(int(im.RowsPerSecond())), mib(im.PeakHeap), mib(im.Allocated))
		if res.Load != "" {
			fmt.Fprintf(&b, "Load average (1, 5, 15 minutes) before the pages were timed: %s.\n\n", res.Load)
		}
		b.WriteString("| Page | Request | p50 | p95 | p99 | Goal |\n|---|---|--:|--:|--:|---|\n")
		for _, p := range res.Pages {
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", p.Label, p.Path, ms(p.P50), ms(p.P95), ms(p.P99), analysisGoal(p, c.IndicatorEnterprises))
		}
		ex := res.Export
		b.WriteString("\n| Export | Rows | Size | Runs | Median | Slowest | Goal |\n|---|--:|--:|--:|--:|--:|---|\n")
		fmt.Fprintf(&b, "| `GET %s` | %s | %s | %d | %.2f s | %.2f s | %s |\n\n", ex.Path, num(ex.Rows), mib(uint64(ex.Bytes)),
			len(ex.Durations), ex.P50.Seconds(), ex.Max.Seconds(), exportGoal(ex, c.IndicatorEnterprises))
	}
	for _, n := range r.IndicatorNotes {
		b.WriteString(n + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// analysisGoal judges an analysis page's p95; the list page has no goal of its own.
func analysisGoal(p Page, enterprises int) string {
	switch {
	case !strings.HasPrefix(p.Path, "/indicators/analysis"):
		return "—"
	case strings.Contains(p.Label, "after a report"):
		return "— (each pays a rebuild of the year's sums)"
	case enterprises < IndicatorGoalSize:
		return fmt.Sprintf("< %d ms at %s enterprises", AnalysisGoal.Milliseconds(), num(IndicatorGoalSize))
	case p.P95 < AnalysisGoal:
		return fmt.Sprintf("< %d ms: met", AnalysisGoal.Milliseconds())
	}
	return fmt.Sprintf("< %d ms: **missed**", AnalysisGoal.Milliseconds())
}

// exportGoal judges the slowest export, not the median: the goal is a promise to
// whoever clicks.
func exportGoal(ex Export, enterprises int) string {
	switch {
	case enterprises < IndicatorGoalSize:
		return fmt.Sprintf("< %.0f s at %s enterprises", ExportGoal.Seconds(), num(IndicatorGoalSize))
	case ex.Max < ExportGoal:
		return fmt.Sprintf("< %.0f s: met", ExportGoal.Seconds())
	}
	return fmt.Sprintf("< %.0f s: **missed**", ExportGoal.Seconds())
}

// download fetches a file whole and says how long it took and how large it was.
func (c *client) download(ctx context.Context, path string) (time.Duration, int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: mã trả về %d", path, resp.StatusCode)
	}
	return took, int(n), err
}
