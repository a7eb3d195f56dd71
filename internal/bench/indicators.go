package bench

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/web"
)

// IndicatorYears is how many years of indicators each enterprise of the section has.
const IndicatorYears = 5

// exportRuns is how often the export of every indicator is timed.
const exportRuns = 5

// IndicatorResult is what the indicator section measured on one database.
type IndicatorResult struct {
	Database string
	Import   Import // the indicators file
	Pages    []Page
	Export   Export
	// Load is the machine's load average (1, 5, 15 minutes) before the pages were
	// timed: other work on the machine slows every number here.
	Load string
}

// Export is the download of every indicator as .xlsx, timed a few times.
type Export struct {
	Path      string
	Rows      int
	Bytes     int
	P50, Max  time.Duration
	Durations []time.Duration
}

// indicatorFiles are the generated lists.
type indicatorFiles struct {
	enterprises, indicators string
	firstYear, lastYear     int
}

// runIndicators generates the lists once and measures them on SQLite and, unless
// cfg.Postgres is "off", on PostgreSQL.
func runIndicators(ctx context.Context, cfg Config, rep *Report, dir string) error {
	last := cfg.Now().Year()
	fs := indicatorFiles{enterprises: filepath.Join(dir, "dn-chi-tieu.csv"), indicators: filepath.Join(dir, "chi-tieu.csv"),
		firstYear: last - IndicatorYears + 1, lastYear: last}
	fmt.Fprintf(cfg.Progress, "Tạo tệp: %d doanh nghiệp, %d năm chỉ tiêu…\n", cfg.IndicatorEnterprises, IndicatorYears)
	header, rows := enterpriseRows(cfg.IndicatorEnterprises)
	if err := writeCSV(fs.enterprises, header, rows); err != nil {
		return err
	}
	codes := make([]string, len(rows))
	for i, r := range rows {
		codes[i] = r[0]
	}
	if err := writeIndicators(fs.indicators, codes, fs.firstYear, fs.lastYear); err != nil {
		return err
	}
	return onBoth(ctx, cfg, filepath.Join(dir, "chi-tieu.db"), &rep.IndicatorNotes, func(dsn string) error { return indicatorsOn(ctx, cfg, rep, dsn, fs) })
}

// indicatorsOn fills one new database through the importers, then times the pages
// and the export through the real web handler as the office.
func indicatorsOn(ctx context.Context, cfg Config, rep *Report, dsn string, fs indicatorFiles) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	res := IndicatorResult{Database: version(ctx, d)}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	if _, err := plan.LoadEmbedded(ctx, plan.NewStore(d, cfg.Now)); err != nil {
		return err
	}
	say("nhập %s…", filepath.Base(fs.enterprises))
	if _, err := timeImport(ctx, "Enterprises", fs.enterprises, enterprise.NewStore(d, cfg.Now).Import); err != nil {
		return err
	}
	say("nhập %s…", filepath.Base(fs.indicators))
	label := fmt.Sprintf("Indicators (.csv), %s enterprises × %d years, new", num(cfg.IndicatorEnterprises), IndicatorYears)
	if res.Import, err = timeImport(ctx, label, fs.indicators, indicator.NewStore(d, cfg.Now, nil).Import); err != nil {
		return err
	}
	say("%s trong %v", res.Import.Summary, res.Import.Duration.Round(time.Millisecond))
	if d.Dialect == db.Postgres {
		say("VACUUM ANALYZE…")
		if _, err := d.Write().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return err
		}
		d.Write().ExecContext(ctx, "CHECKPOINT")
	}
	if _, err := auth.NewStore(d, cfg.Now).CreateUser(ctx, auth.NewUser{Username: account, FullName: "Văn phòng Sở",
		Role: auth.RoleOffice, Password: password}); err != nil {
		return err
	}
	srv, err := web.New(web.Deps{DB: d, Now: cfg.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c, err := login(ctx, ts.URL, account, password)
	if err != nil {
		return err
	}
	runtime.GC()
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			res.Load = strings.Join(f[:3], ", ")
		}
	}
	year := strconv.Itoa(fs.lastYear)
	for _, p := range []struct{ label, path string }{
		{"Sector analysis, latest year", "/indicators/analysis"},
		{"Sector analysis, one sector, ranked by productivity", "/indicators/analysis?year=" + year + "&sector=transport&rank=productivity"},
		{"Sector analysis, state-owned, first year", "/indicators/analysis?year=" + strconv.Itoa(fs.firstYear) + "&class=state"},
		{"Indicator list, first page of a year", "/indicators?year=" + year + "&half=0"},
	} {
		say("đo trang %s…", p.path)
		page, err := timePage(ctx, c, p.path, cfg.Requests)
		if err != nil {
			return err
		}
		page.Label, page.Path = p.label, p.path
		res.Pages = append(res.Pages, page)
	}
	say("đo trang phân tích ngay sau khi một doanh nghiệp sửa số liệu…")
	page, err := timeAfterChange(ctx, cfg, c, d, fs.lastYear)
	if err != nil {
		return err
	}
	res.Pages = append(res.Pages, page)
	if res.Export, err = timeExport(ctx, c, d, say); err != nil {
		return err
	}
	rep.Indicators = append(rep.Indicators, res)
	return nil
}

// changeRuns is how often the analysis is timed right after a report changed.
const changeRuns = 20

// timeAfterChange times the analysis page right after an enterprise changed its
// report of the year, which sends the page to sum the year's reports again.
func timeAfterChange(ctx context.Context, cfg Config, c *client, d *db.DB, year int) (Page, error) {
	p := Page{Label: "Sector analysis, first request after a report of the year changed", Path: "/indicators/analysis"}
	s := indicator.NewStore(d, cfg.Now, nil)
	var id int64
	if err := d.Read().QueryRowContext(ctx, "SELECT MIN(id) FROM indicators WHERE year = $1 AND half = 0", year).Scan(&id); err != nil {
		return p, err
	}
	office := auth.Scope{All: true}
	var times []time.Duration
	for n := range changeRuns {
		i, err := s.Get(ctx, office, id)
		if err != nil {
			return p, err
		}
		in := indicator.Input{Year: strconv.Itoa(i.Year), Revenue: strconv.FormatInt(i.Revenue+int64(1-2*(n%2)), 10),
			Profit: strconv.FormatInt(i.Profit, 10), BudgetPaid: strconv.FormatInt(i.BudgetPaid, 10), Employees: strconv.Itoa(i.Employees)}
		if _, err := s.Update(ctx, office, id, in); err != nil {
			return p, err
		}
		took, err := c.get(ctx, p.Path)
		if err != nil {
			return p, err
		}
		times = append(times, took)
	}
	slices.Sort(times)
	p.P50, p.P95, p.P99 = percentile(times, 50), percentile(times, 95), percentile(times, 99)
	return p, nil
}

// timeExport downloads every indicator as .xlsx a few times.
func timeExport(ctx context.Context, c *client, d *db.DB, say func(string, ...any)) (Export, error) {
	ex := Export{Path: "/indicators/export.xlsx"}
	if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM indicators").Scan(&ex.Rows); err != nil {
		return ex, err
	}
	say("đo tải %s (%s dòng)…", ex.Path, num(ex.Rows))
	for range exportRuns {
		runtime.GC()
		took, size, err := c.download(ctx, ex.Path)
		if err != nil {
			return ex, err
		}
		ex.Durations, ex.Bytes = append(ex.Durations, took), size
	}
	sorted := slices.Sorted(slices.Values(ex.Durations))
	ex.P50, ex.Max = percentile(sorted, 50), sorted[len(sorted)-1]
	return ex, nil
}

// writeIndicators writes a year of figures for each enterprise and year, as the
// importer reads them, from a fixed seed: a few dozen workers turning over well
// under a tỷ each, growth and losses, some arrears and accidents.
func writeIndicators(path string, codes []string, first, last int) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	w := csv.NewWriter(bw)
	keys := []string{"tax_code", "year", "revenue", "profit", "budget_paid", "employees", "avg_income", "investment", "digital",
		"insurance_full", "insurance_arrears", "accidents", "violations", "tax_arrears"}
	header := make([]string, len(keys))
	for i, k := range keys {
		header[i] = indicator.FieldLabels[k]
	}
	w.Write(header)
	r := rand.New(rand.NewPCG(2026, 21))
	money := func(v float64) string { return strconv.FormatInt(int64(v/1e6)*1e6, 10) }
	chance := func(pct int) bool { return r.IntN(100) < pct }
	for _, code := range codes {
		workers := float64(5 + r.IntN(60))
		if chance(15) {
			workers = float64(100 + r.IntN(600))
		}
		revenue := workers * (2e8 + 7e8*r.Float64())
		for y := first; y <= last; y++ {
			margin := 0.01 + 0.05*r.Float64()
			if chance(12) {
				margin = -0.02 - 0.08*r.Float64()
			}
			full, insurance, accidents, violations, tax := "Có", "0", "0", "0", "0"
			if chance(6) {
				full, insurance = "Không", money(2e7+4e8*r.Float64())
			}
			if chance(4) {
				accidents = "1"
			}
			if chance(3) {
				violations = "1"
			}
			if chance(7) {
				tax = money(3e7 + 1.5e9*r.Float64())
			}
			digital := ""
			if chance(60) {
				digital = "Hóa đơn điện tử; phần mềm kế toán"
			}
			w.Write([]string{code, strconv.Itoa(y), money(revenue), money(revenue * margin), money(revenue * 0.05),
				strconv.Itoa(int(workers)), money(6e6 + 5e6*r.Float64()), money(revenue * 0.02 * r.Float64()), digital,
				full, insurance, accidents, violations, tax})
			revenue *= 0.88 + 0.34*r.Float64()
			workers = max(3, workers*(0.92+0.16*r.Float64()))
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		out.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
