package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/web"
)

// PortalResult is what the portal section measured on one database.
type PortalResult struct {
	Database  string
	Dossiers  int // imported
	Petitions int // written
	Pages     []Page
	Load      PortalLoad
	// Differences are where petition_daily, the pre-aggregate the petition scores
	// sum, differs from a recount of the petitions; none when it is right.
	Differences []string
}

// PortalLoad is what the anonymous visitors of the public portal met.
type PortalLoad struct {
	Clients       int
	Duration      time.Duration // how long the visitors kept asking
	Elapsed       time.Duration // until the last answer came
	Requests      int
	Errors        int      // answers other than 200 OK, and failed requests
	Samples       []string // the first few different errors
	P50, P95, P99 time.Duration
}

// PerSecond is the pages served a second.
func (l PortalLoad) PerSecond() float64 {
	if l.Elapsed <= 0 {
		return 0
	}
	return float64(l.Requests) / l.Elapsed.Seconds()
}

// The goals for the portal section.
const (
	DashboardGoal  = 100 * time.Millisecond
	StatisticsGoal = 50 * time.Millisecond
)

// portalPages are the public pages the visitors go through, one after another.
var portalPages = []string{"/", "/public/procedures", "/public/statistics", "/answers", "/public/dialogues", "/definitions"}

// runPortal generates the dossier export once and measures the portal on SQLite
// and, unless cfg.Postgres is "off", on PostgreSQL.
func runPortal(ctx context.Context, cfg Config, rep *Report, dir string) error {
	if cfg.Keep != "" {
		if err := os.MkdirAll(cfg.Keep, 0o755); err != nil {
			return err
		}
		dir = cfg.Keep
	}
	fs := dossierFiles{csv: filepath.Join(dir, fmt.Sprintf("cong-ho-so-%d.csv", cfg.Dossiers)), procs: benchProcedures()}
	if _, err := os.Stat(fs.csv); err != nil || cfg.Keep == "" {
		fmt.Fprintf(cfg.Progress, "Tạo tệp: %d hồ sơ (.csv)…\n", cfg.Dossiers)
		// Written aside and renamed, so that a kept file is always whole.
		if err := writeDossierCSV(fs.csv+".tmp", cfg.Dossiers, fs.procs); err != nil {
			return fmt.Errorf("tạo tệp hồ sơ: %w", err)
		}
		if err := os.Rename(fs.csv+".tmp", fs.csv); err != nil {
			return err
		}
	}
	upTo := cfg.Now()
	if cfg.Keep != "" && !keptFilled(cfg, db.SQLite) {
		// What an interrupted or other-sized run left is filled anew.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(filepath.Join(dir, "cong.db"+suffix))
		}
	}
	return onBoth(ctx, cfg, filepath.Join(dir, "cong.db"), &rep.PortalNotes, func(dsn string) error { return portalOn(ctx, cfg, rep, dsn, dir, fs, upTo) })
}

// keptFill names the file that says a kept database holds both data sets at the
// sizes asked for; it is written once the filling is done.
func keptFill(cfg Config, dialect db.Dialect) string {
	return filepath.Join(cfg.Keep, fmt.Sprintf("cong-%s-%d-%d.filled", dialect, cfg.Dossiers, cfg.Petitions))
}

// keptFilled says whether a kept database holds both data sets at cfg's sizes.
func keptFilled(cfg Config, dialect db.Dialect) bool {
	if cfg.Keep == "" {
		return false
	}
	_, err := os.Stat(keptFill(cfg, dialect))
	return err == nil
}

// fillPortal gives a new database both data sets, or finds them in a kept one.
func fillPortal(ctx context.Context, cfg Config, d *db.DB, dsn, dir string, fs dossierFiles, upTo time.Time, res *PortalResult,
	say func(string, ...any)) error {
	if keptFilled(cfg, d.Dialect) {
		res.Database = version(ctx, d)
		say("dùng lại dữ liệu đã giữ trong %s", cfg.Keep)
		if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM dossiers").Scan(&res.Dossiers); err != nil {
			return err
		}
		return d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM petitions").Scan(&res.Petitions)
	}
	var dres DossierResult
	im, err := importInto(ctx, cfg, dsn, fs.csv, "Dossiers (.csv), new", fs, d, &dres, say)
	if err != nil {
		return err
	}
	res.Database, res.Dossiers = dres.Database, im.Rows
	say("tạo đơn vị, doanh nghiệp và tài khoản của phản ánh, kiến nghị…")
	w, err := petitionSetup(ctx, cfg, d, dir)
	if err != nil {
		return err
	}
	fill, err := fillPetitions(ctx, cfg, d, w, upTo, say)
	if err != nil {
		return err
	}
	res.Petitions = fill.Rows
	if d.Dialect == db.Postgres {
		say("VACUUM ANALYZE…")
		if _, err := d.Write().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return err
		}
		d.Write().ExecContext(ctx, "CHECKPOINT")
	}
	if cfg.Keep != "" {
		return os.WriteFile(keptFill(cfg, d.Dialect), []byte(upTo.Format(time.RFC3339)+"\n"), 0o644)
	}
	return nil
}

// portalOn fills one new database with both data sets — the dossier catalogue and
// its dossiers through the importer, then the petitions' units (reusing those the
// catalogue made), enterprises, accounts and petitions through Replay — and times
// the leader's dashboard, the public statistics and a crowd of visitors through
// the real web handler on loopback.
func portalOn(ctx context.Context, cfg Config, rep *Report, dsn, dir string, fs dossierFiles, upTo time.Time) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	var res PortalResult
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	if err := fillPortal(ctx, cfg, d, dsn, dir, fs, upTo, &res, say); err != nil {
		return err
	}
	say("so petition_daily với đếm lại…")
	if res.Differences, err = petition.NewStore(d, cfg.Now).CheckDaily(ctx); err != nil {
		return err
	}
	srv, err := web.New(web.Deps{DB: d, Now: cfg.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	leader, err := login(ctx, ts.URL, "bench.lanhdao", password)
	if err != nil {
		return err
	}
	visitor := anonymous(ts.URL)
	runtime.GC()
	for _, q := range []struct {
		label string
		c     *client
		path  string
	}{
		{"Leader dashboard", leader, "/dashboard"},
		{"Public statistics, no login", visitor, "/public/statistics"},
	} {
		say("đo trang %s…", q.path)
		stop, err := startProfile(cfg, d, q.path)
		if err != nil {
			return err
		}
		p, err := timePage(ctx, q.c, q.path, cfg.PortalRequests)
		stop()
		if err != nil {
			return err
		}
		p.Label, p.Path = q.label, q.path
		say("%s: p50 %v, p95 %v", q.path, p.P50, p.P95)
		res.Pages = append(res.Pages, p)
	}
	if res.Load, err = loadPortal(ctx, cfg, ts.URL, say); err != nil {
		return err
	}
	rep.Portal = append(rep.Portal, res)
	return nil
}

// startProfile starts a CPU profile of one page's timed requests when cfg.CPUProfile
// asks for one; the func it returns stops it.
func startProfile(cfg Config, d *db.DB, path string) (func(), error) {
	if cfg.CPUProfile == "" {
		return func() {}, nil
	}
	name := fmt.Sprintf("%s-%s-%s.pprof", cfg.CPUProfile, d.Dialect, strings.ReplaceAll(strings.Trim(path, "/"), "/", "-"))
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// anonymous is a visitor without an account.
func anonymous(base string) *client {
	return &client{base: base, http: &http.Client{Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// loadPortal lets cfg.PortalClients visitors without an account go through the
// public pages for cfg.PortalDuration, each one request after another.
func loadPortal(ctx context.Context, cfg Config, base string, say func(string, ...any)) (PortalLoad, error) {
	l := PortalLoad{Clients: cfg.PortalClients, Duration: cfg.PortalDuration}
	say("%d người xem cổng công khai trong %v…", l.Clients, l.Duration)
	tr := &http.Transport{MaxIdleConns: l.Clients, MaxIdleConnsPerHost: l.Clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var mu sync.Mutex
	var times []time.Duration
	seen := map[string]bool{}
	runtime.GC()
	start := time.Now()
	end := start.Add(l.Duration)
	var wg sync.WaitGroup
	for i := range l.Clients {
		wg.Go(func() {
			var mine []time.Duration
			var errs []string
			for seq := 0; time.Now().Before(end) && ctx.Err() == nil; seq++ {
				elapsed, problem := visit(ctx, hc, base+portalPages[(i+seq)%len(portalPages)])
				mine = append(mine, elapsed)
				if problem != "" {
					errs = append(errs, problem)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			times = append(times, mine...)
			l.Errors += len(errs)
			for _, e := range errs {
				if !seen[e] && len(l.Samples) < 5 {
					seen[e] = true
					l.Samples = append(l.Samples, e)
				}
			}
		})
	}
	wg.Wait()
	l.Elapsed = time.Since(start)
	if err := ctx.Err(); err != nil {
		return l, err
	}
	l.Requests = len(times)
	slices.Sort(times)
	l.P50, l.P95, l.P99 = percentile(times, 50), percentile(times, 95), percentile(times, 99)
	say("%d yêu cầu, %d lỗi, %.0f/giây, p95 %v", l.Requests, l.Errors, l.PerSecond(), l.P95)
	return l, nil
}

// visit fetches one page whole and says what went wrong, if anything.
func visit(ctx context.Context, hc *http.Client, url string) (time.Duration, string) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0, err.Error()
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return time.Since(start), "request failed: " + err.Error()
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	elapsed := time.Since(start)
	switch {
	case err != nil:
		return elapsed, "reading the answer failed: " + err.Error()
	case resp.StatusCode != http.StatusOK:
		return elapsed, fmt.Sprintf("HTTP %d for %s", resp.StatusCode, req.URL.Path)
	}
	return elapsed, ""
}
