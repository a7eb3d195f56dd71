// Package bench measures what the speed goals are about, on SQLite and on
// PostgreSQL: how fast the real importers take large spreadsheets of units, staff and
// enterprises, and how long the enterprise list page takes to answer with 100,000
// enterprises in the database. The thidua bench command runs it and writes the
// numbers to docs/BENCHMARKS.md; nothing here asserts a time.
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
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/web"
)

// Config is what to measure.
type Config struct {
	Units, Staff, Enterprises int
	Requests                  int    // timed requests per list page
	Postgres                  string // "auto", "off", or the postgres:// address of a server to use
	// Dossiers is the size of the .csv export of the dossier section, DossiersXLSX
	// that of its .xlsx; StatsRuns is how often each statistic and the targets page
	// are timed.
	Dossiers, DossiersXLSX, StatsRuns int
	// Petitions fill the petition section's database; PetitionClients send
	// petitions at once for PetitionDuration.
	Petitions, PetitionClients int
	PetitionDuration           time.Duration
	// ReportUnits, ReportDossiers and ReportRuns size the report section.
	ReportUnits, ReportDossiers, ReportRuns int
	Only                                    string // "participants", "dossiers", "petitions", "reports", "awards", "portal", "indicators", "load" or "fuzz" runs one section; "" all
	Progress                                io.Writer
	Now                                     func() time.Time

	// AwardUnits of AwardStaff staff each fill the award section; AwardRuns times it.
	AwardUnits, AwardStaff, AwardRuns int

	// The portal section fills one database with Dossiers dossiers and Petitions
	// petitions, times the leader's dashboard and the public statistics
	// PortalRequests times each, then lets PortalClients anonymous visitors go
	// through the public pages for PortalDuration.
	PortalRequests, PortalClients int
	PortalDuration                time.Duration

	// IndicatorEnterprises each get IndicatorYears years of indicators.
	IndicatorEnterprises int

	// FuzzTime is how long the fuzz section runs each fuzz target.
	FuzzTime time.Duration

	// The load section fills a database with LoadDossiers dossiers and
	// LoadPetitions petitions, starts ServeBinary (this binary when empty) as `thidua
	// serve` on it and sends the mix at each of LoadRates requests a second for
	// LoadStep, stopping after the first rate with an error or a p95 above LoadP95.
	LoadDossiers, LoadPetitions int
	LoadRates                   []int
	LoadStep, LoadP95           time.Duration
	ServeBinary                 string

	// Keep, when set, is a directory where the portal section keeps its generated
	// .csv, its SQLite file and its PostgreSQL server's data (when it starts one) or
	// database (on a --postgres server), and reuses them when a later run asks for the
	// same sizes: filling takes minutes, measuring a change to a page seconds.
	Keep string
	// CPUProfile, when set, is where the portal section writes a pprof CPU profile
	// of each timed page: FILE-sqlite-dashboard.pprof and so on.
	CPUProfile string
}

// Report is everything one run measured.
type Report struct {
	Config  Config
	Date    time.Time
	Machine string
	Results []Result
	Notes   []string // why a database was not measured

	Dossiers     []DossierResult
	DossierNotes []string

	Petitions     []PetitionResult
	PetitionNotes []string

	Reports     []ReportResult
	ReportNotes []string

	Awards     []AwardResult
	AwardNotes []string

	Portal      []PortalResult
	PortalNotes []string

	Indicators     []IndicatorResult
	IndicatorNotes []string

	Fuzz        []FuzzResult
	FuzzNotes   []string
	FuzzElapsed time.Duration

	Load        []LoadResult
	LoadNotes   []string
	LoadAverage string // /proc/loadavg's 1, 5 and 15 minutes when the load section began
}

// Result is what was measured on one database.
type Result struct {
	Database string // "SQLite 3.50.1", "PostgreSQL 17.5"
	Imports  []Import
	Pages    []Page
}

// The office account the pages are requested as: the office sees every enterprise,
// so its list is the longest.
const (
	account  = "bench.vanphong"
	password = "mat-khau-do-hieu-nang"
)

// Run measures the sections cfg.Only chooses, each on SQLite and, unless
// cfg.Postgres is "off", on PostgreSQL.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
	rep := &Report{Config: cfg, Date: cfg.Now(),
		Machine: fmt.Sprintf("%s/%s, %d CPU, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())}
	dir, err := os.MkdirTemp("", "thidua-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if cfg.Runs("participants") {
		if err := runParticipants(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("dossiers") && cfg.Dossiers > 0 {
		if err := runDossiers(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("petitions") && cfg.Petitions > 0 {
		if err := runPetitions(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("reports") && cfg.ReportUnits > 0 {
		if err := runReports(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("awards") && cfg.AwardUnits > 0 {
		if err := runAwards(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("portal") && cfg.Dossiers > 0 && cfg.Petitions > 0 && cfg.PortalRequests > 0 && cfg.PortalClients > 0 {
		if err := runPortal(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("indicators") && cfg.IndicatorEnterprises > 0 {
		if err := runIndicators(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("load") && cfg.LoadDossiers > 0 && cfg.LoadPetitions > 0 && len(cfg.LoadRates) > 0 && cfg.LoadStep > 0 {
		if err := runLoad(ctx, cfg, rep, dir); err != nil {
			return nil, err
		}
	}
	if cfg.Runs("fuzz") && cfg.FuzzTime > 0 {
		if err := runFuzz(ctx, cfg, rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// runParticipants generates the spreadsheets once and measures them on SQLite and,
// unless cfg.Postgres is "off", on PostgreSQL.
func runParticipants(ctx context.Context, cfg Config, rep *Report, dir string) error {
	fmt.Fprintf(cfg.Progress, "Tạo tệp: %d đơn vị, %d cán bộ, %d doanh nghiệp…\n", cfg.Units, cfg.Staff, cfg.Enterprises)
	fs, err := generate(dir, cfg.Units, cfg.Staff, cfg.Enterprises)
	if err != nil {
		return fmt.Errorf("tạo tệp: %w", err)
	}
	if err := runOn(ctx, cfg, rep, filepath.Join(dir, "bench.db"), fs); err != nil {
		return fmt.Errorf("SQLite: %w", err)
	}
	if cfg.Postgres == "off" {
		return nil
	}
	dsn, done, err := postgres(ctx, cfg)
	if nse, ok := err.(noServerError); ok {
		fmt.Fprintf(cfg.Progress, "Bỏ qua PostgreSQL: %v\n", nse.err)
		rep.Notes = append(rep.Notes, fmt.Sprintf("PostgreSQL was not measured: %v.", nse.err))
		return nil
	}
	if err != nil {
		return err
	}
	defer done()
	if err := runOn(ctx, cfg, rep, dsn, fs); err != nil {
		return fmt.Errorf("PostgreSQL: %w", err)
	}
	return nil
}

// runOn measures one empty database and adds the result to rep.
func runOn(ctx context.Context, cfg Config, rep *Report, dsn string, fs files) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	res := Result{Database: version(ctx, d)}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	if _, err := plan.LoadEmbedded(ctx, plan.NewStore(d, cfg.Now)); err != nil {
		return err
	}
	if res.Imports, err = importAll(ctx, cfg.Now, d, fs, say); err != nil {
		return err
	}
	if d.Dialect == db.Postgres {
		// Autovacuum analyzes and vacuums a table within a minute of a large import,
		// and the checkpointer writes it out within minutes; doing both now times the
		// pages as they run from then on, not while the planner has no statistics.
		say("VACUUM ANALYZE…")
		if _, err := d.Write().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return err
		}
		// Only a superuser may; on a server of someone else's, the checkpointer will.
		d.Write().ExecContext(ctx, "CHECKPOINT")
	}
	if res.Pages, err = timePages(ctx, cfg, d, fs, say); err != nil {
		return err
	}
	rep.Results = append(rep.Results, res)
	return nil
}

// importAll imports the files in the order an office would: units, their staff,
// the enterprises, then the same enterprises again as the next month's list.
func importAll(ctx context.Context, now func() time.Time, d *db.DB, fs files, say func(string, ...any)) ([]Import, error) {
	orgs, ents := org.NewStore(d, now), enterprise.NewStore(d, now)
	var out []Import
	for _, step := range []struct {
		label, path string
		run         importFunc
	}{
		{"Units (.xlsx), new", fs.units, orgs.ImportUnits},
		{"Staff (.xlsx), new", fs.staff, orgs.ImportStaff},
		{"Enterprises (.xlsx), new", fs.enterprisesXLSX, ents.Import},
		{"Enterprises (.csv), same list again", fs.enterprisesCSV, ents.Import},
	} {
		say("nhập %s…", filepath.Base(step.path))
		im, err := timeImport(ctx, step.label, step.path, step.run)
		if err != nil {
			return nil, err
		}
		say("%s trong %v", im.Summary, im.Duration.Round(time.Millisecond))
		out = append(out, im)
	}
	return out, nil
}

// timePages serves the real site on loopback and times the list pages as the
// office sees them.
func timePages(ctx context.Context, cfg Config, d *db.DB, fs files, say func(string, ...any)) ([]Page, error) {
	if _, err := auth.NewStore(d, cfg.Now).CreateUser(ctx, auth.NewUser{Username: account, FullName: "Văn phòng Sở",
		Role: auth.RoleOffice, Password: password}); err != nil {
		return nil, err
	}
	srv, err := web.New(web.Deps{DB: d, Now: cfg.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c, err := login(ctx, ts.URL, account, password)
	if err != nil {
		return nil, err
	}
	ents := enterprise.NewStore(d, cfg.Now)
	// The imports left hundreds of megabytes of garbage; collecting it now keeps
	// that collection out of the timings.
	runtime.GC()
	var out []Page
	for _, q := range queries(fs) {
		say("đo trang %s…", q.shown())
		p, err := timePage(ctx, c, q.path(), cfg.Requests)
		if err != nil {
			return nil, err
		}
		p.Label, p.Path = q.label, q.shown()
		page, err := ents.List(ctx, auth.Scope{All: true}, q.filter)
		if err != nil {
			return nil, err
		}
		p.Matches = page.Total
		out = append(out, p)
	}
	return out, nil
}

func version(ctx context.Context, d *db.DB) string {
	var v string
	if d.Dialect == db.Postgres {
		if d.Read().QueryRowContext(ctx, "SHOW server_version").Scan(&v) != nil {
			return "PostgreSQL"
		}
		return "PostgreSQL " + firstWord(v)
	}
	if d.Read().QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v) != nil {
		return "SQLite"
	}
	return "SQLite " + v
}
