package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/pgserver"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/web"
)

// DossierResult is what the dossier section measured on one database.
type DossierResult struct {
	Database string
	Imports  []DossierImport
	// Differences are the days, units and procedures where dossier_daily, the
	// pre-aggregate the statistics sum, differs from a recount of the dossiers.
	Differences []string
	Timings     []Timing
	Total       dossier.Stats // the five years, to show the generated mix
}

// DossierImport is one file's import, with the process's peak resident memory: the
// issue's 300 MB is about the process, and SQLite's page cache and the memory the
// runtime holds but has not handed out are not in the Go heap's live bytes.
type DossierImport struct {
	Import
	PeakRSS uint64 // bytes; 0 where /proc is not there to say
}

// Timing is a query or page run many times.
type Timing struct {
	Label    string
	P50, P95 time.Duration
}

// dossierFiles are the generated exports.
type dossierFiles struct {
	csv, xlsx string
	procs     []benchProcedure
}

// runDossiers generates the exports once and measures them on SQLite and, unless
// cfg.Postgres is "off", on PostgreSQL.
func runDossiers(ctx context.Context, cfg Config, rep *Report, dir string) error {
	fs := dossierFiles{csv: filepath.Join(dir, "ho-so.csv"), xlsx: filepath.Join(dir, "ho-so.xlsx"), procs: benchProcedures()}
	fmt.Fprintf(cfg.Progress, "Tạo tệp: %d hồ sơ (.csv), %d hồ sơ (.xlsx)…\n", cfg.Dossiers, cfg.DossiersXLSX)
	if err := writeDossierCSV(fs.csv, cfg.Dossiers, fs.procs); err != nil {
		return fmt.Errorf("tạo tệp hồ sơ: %w", err)
	}
	if err := writeDossierXLSX(fs.xlsx, cfg.DossiersXLSX, fs.procs); err != nil {
		return fmt.Errorf("tạo tệp hồ sơ: %w", err)
	}
	if err := dossiersOn(ctx, cfg, rep, filepath.Join(dir, "ho-so.db"), filepath.Join(dir, "ho-so-xlsx.db"), fs); err != nil {
		return fmt.Errorf("SQLite: %w", err)
	}
	if cfg.Postgres == "off" {
		return nil
	}
	dsn, done, err := postgres(ctx, cfg)
	if nse, ok := err.(noServerError); ok {
		rep.DossierNotes = append(rep.DossierNotes, fmt.Sprintf("PostgreSQL was not measured: %v.", nse.err))
		return nil
	}
	if err != nil {
		return err
	}
	defer done()
	// The .xlsx goes into a database of its own, so that both imports create every
	// dossier; CREATE DATABASE may run from any database of the server.
	name := fmt.Sprintf("thidua_bench_%d_xlsx", os.Getpid())
	if err := adminExec(ctx, dsn, "DROP DATABASE IF EXISTS "+name, "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("PostgreSQL: %w", err)
	}
	defer adminExec(context.Background(), dsn, "DROP DATABASE IF EXISTS "+name)
	if err := dossiersOn(ctx, cfg, rep, dsn, pgserver.WithDatabase(dsn, name), fs); err != nil {
		return fmt.Errorf("PostgreSQL: %w", err)
	}
	return nil
}

// dossiersOn imports the .xlsx into one new database and the .csv into another, in
// which it then times the statistics and the targets page.
func dossiersOn(ctx context.Context, cfg Config, rep *Report, dsn, xlsxDSN string, fs dossierFiles) error {
	var res DossierResult
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	im, err := importInto(ctx, cfg, xlsxDSN, fs.xlsx, fmt.Sprintf("Dossiers (.xlsx, %s rows), new", num(cfg.DossiersXLSX)), fs, nil, &res, say)
	if err != nil {
		return err
	}
	res.Imports = append(res.Imports, im)
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	im, err = importInto(ctx, cfg, dsn, fs.csv, "Dossiers (.csv), new", fs, d, &res, say)
	if err != nil {
		return err
	}
	res.Imports = append(res.Imports, im)
	say("so dossier_daily với đếm lại…")
	s := dossier.NewStore(d, cfg.Now)
	if res.Differences, err = s.CheckDaily(ctx); err != nil {
		return err
	}
	if d.Dialect == db.Postgres {
		say("VACUUM ANALYZE…")
		if _, err := d.Write().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return err
		}
		d.Write().ExecContext(ctx, "CHECKPOINT")
	}
	if res.Timings, res.Total, err = timeStats(ctx, cfg, d, say); err != nil {
		return err
	}
	page, err := timeTargets(ctx, cfg, d, say)
	if err != nil {
		return err
	}
	res.Timings = append(res.Timings, page)
	rep.Dossiers = append(rep.Dossiers, res)
	return nil
}

// importInto imports one file into the database d, or into a new one opened at dsn
// when d is nil, after putting the catalogue in it.
func importInto(ctx context.Context, cfg Config, dsn, path, label string, fs dossierFiles, d *db.DB, res *DossierResult,
	say func(string, ...any)) (DossierImport, error) {
	if d == nil {
		var err error
		if d, err = db.Open(ctx, dsn); err != nil {
			return DossierImport{}, err
		}
		defer d.Close()
	}
	res.Database = version(ctx, d)
	if _, err := plan.LoadEmbedded(ctx, plan.NewStore(d, cfg.Now)); err != nil {
		return DossierImport{}, err
	}
	if err := addCatalogue(ctx, d, fs.procs, cfg.Now()); err != nil {
		return DossierImport{}, err
	}
	say("nhập %s…", filepath.Base(path))
	s := dossier.NewStore(d, cfg.Now)
	resetPeakRSS()
	im, err := timeImport(ctx, label, path, func(ctx context.Context, r io.Reader, name string, _ tabular.Options) (*tabular.Result, error) {
		return s.Import(ctx, r, name, dossier.Options{})
	})
	out := DossierImport{Import: im, PeakRSS: peakRSS()}
	if err == nil {
		say("%s trong %v, %s dòng/giây, đỉnh bộ nhớ %s", im.Summary, im.Duration.Round(time.Millisecond),
			num(int(im.RowsPerSecond())), mib(out.PeakRSS))
	}
	return out, err
}

// statsQueries are the department-wide tables the director opens most.
var statsQueries = []struct {
	label    string
	from, to calendar.Date
	byUnit   bool
}{
	{"Stats, department, one year (2027)", calendar.NewDate(2027, 1, 1), calendar.NewDate(2027, 12, 31), false},
	{"Stats, department, five years (2026–2030)", firstDay, lastDay, false},
	{"StatsByUnit, one year (2027)", calendar.NewDate(2027, 1, 1), calendar.NewDate(2027, 12, 31), true},
	{"Stats, department, one month (03/2028)", calendar.NewDate(2028, 3, 1), calendar.NewDate(2028, 3, 31), false},
}

// timeStats runs each table cfg.StatsRuns times through the store, as the pages and
// the API call it, and returns the five years' figures with the timings.
func timeStats(ctx context.Context, cfg Config, d *db.DB, say func(string, ...any)) ([]Timing, dossier.Stats, error) {
	s := dossier.NewStore(d, cfg.Now)
	all := auth.Scope{All: true}
	runtime.GC()
	var out []Timing
	for _, q := range statsQueries {
		say("đo %s…", q.label)
		sq := dossier.StatsQuery{From: q.from, To: q.to}
		t, err := timeRuns(cfg.StatsRuns, func() error {
			if q.byUnit {
				_, _, err := s.StatsByUnit(ctx, all, sq)
				return err
			}
			_, err := s.Stats(ctx, all, sq)
			return err
		})
		if err != nil {
			return nil, dossier.Stats{}, err
		}
		t.Label = q.label
		out = append(out, t)
	}
	total, err := s.Stats(ctx, all, dossier.StatsQuery{From: firstDay, To: lastDay})
	return out, total, err
}

// timeTargets serves the real site and times the targets page of 2026, whose T2
// and T3 come from the dossiers and the catalogue.
func timeTargets(ctx context.Context, cfg Config, d *db.DB, say func(string, ...any)) (Timing, error) {
	if _, err := auth.NewStore(d, cfg.Now).CreateUser(ctx, auth.NewUser{Username: account, FullName: "Văn phòng Sở",
		Role: auth.RoleOffice, Password: password}); err != nil {
		return Timing{}, err
	}
	srv, err := web.New(web.Deps{DB: d, Now: cfg.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return Timing{}, err
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c, err := login(ctx, ts.URL, account, password)
	if err != nil {
		return Timing{}, err
	}
	const path = "/targets?period=2026"
	say("đo trang %s…", path)
	p, err := timePage(ctx, c, path, cfg.StatsRuns)
	return Timing{Label: "Targets page `GET " + path + "`", P50: p.P50, P95: p.P95}, err
}

// timeRuns calls fn n times after warm-up calls and keeps the percentiles.
func timeRuns(n int, fn func() error) (Timing, error) {
	times := make([]time.Duration, 0, n)
	for i := range warmup + n {
		start := time.Now()
		if err := fn(); err != nil {
			return Timing{}, err
		}
		if i >= warmup {
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	return Timing{P50: percentile(times, 50), P95: percentile(times, 95)}, nil
}

// resetPeakRSS starts the kernel's high-water mark of resident memory afresh, so
// that generating the files does not count toward the import's peak. Writing 5 to
// clear_refs does that since Linux 4.0; elsewhere nothing happens.
func resetPeakRSS() {
	runtime.GC()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is this process's VmHWM in bytes, 0 when /proc does not say.
func peakRSS() uint64 { return vmHWM("self") }
