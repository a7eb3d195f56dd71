package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// LoadResult is what the load section measured on one database behind one or more
// `thidua serve` processes.
type LoadResult struct {
	Database            string
	Processes           int
	Dossiers, Petitions int
	Steps               []LoadStep
	PeakRSS             []uint64 // each process's VmHWM after the last step
	ServerErrors        []string // the first error lines of the servers' logs
}

// Capacity is the highest rate of the steps that passed before the first that did
// not, 0 when the first failed.
func (r LoadResult) Capacity() int {
	best := 0
	for _, s := range r.Steps {
		if !s.Pass {
			break
		}
		best = s.Rate
	}
	return best
}

// runLoad fills a database of each kind through the importers and the petition
// replay, then starts `thidua serve` from this very binary on it — one process on
// SQLite, two on PostgreSQL, as a load balancer would have them — and sends the mix
// at each rate of cfg.LoadRates in turn.
func runLoad(ctx context.Context, cfg Config, rep *Report, dir string) error {
	exe, err := serveBinary(cfg)
	if err != nil {
		fmt.Fprintf(cfg.Progress, "Bỏ qua thử tải: %v\n", err)
		rep.LoadNotes = append(rep.LoadNotes, fmt.Sprintf("The load test was not run: %v.", err))
		return nil
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		rep.LoadAverage = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	fs := dossierFiles{csv: filepath.Join(dir, "tai-ho-so.csv"), procs: benchProcedures()}
	fmt.Fprintf(cfg.Progress, "Tạo tệp: %d hồ sơ (.csv)…\n", cfg.LoadDossiers)
	if err := writeDossierCSV(fs.csv, cfg.LoadDossiers, fs.procs); err != nil {
		return fmt.Errorf("tạo tệp hồ sơ: %w", err)
	}
	return onBoth(ctx, cfg, filepath.Join(dir, "tai.db"), &rep.LoadNotes, func(dsn string) error {
		processes := 1
		if db.IsPostgresURL(dsn) {
			processes = 2
		}
		res, err := loadOn(ctx, cfg, exe, dsn, dir, processes, fs)
		if err != nil {
			return err
		}
		rep.Load = append(rep.Load, res)
		return nil
	})
}

// serveBinary is the thidua binary to start servers from: cfg.ServeBinary, or the
// running one (go run builds one too). A test binary cannot serve.
func serveBinary(cfg Config) (string, error) {
	if cfg.ServeBinary != "" {
		return cfg.ServeBinary, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(exe, ".test") {
		return "", errors.New("not run from the thidua binary, which it starts as the servers")
	}
	return exe, nil
}

// loadOn fills one new database, starts the processes on it and measures each rate.
func loadOn(ctx context.Context, cfg Config, exe, dsn, dir string, processes int, fs dossierFiles) (LoadResult, error) {
	res := LoadResult{Processes: processes}
	m, err := fillForLoad(ctx, cfg, dsn, dir, fs, &res)
	if err != nil {
		return res, err
	}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for i := range processes {
		s, err := startServer(ctx, exe, dsn, filepath.Join(dir, fmt.Sprintf("serve-%d.log", i)))
		if err != nil {
			return res, err
		}
		servers = append(servers, s)
		m.bases = append(m.bases, s.base)
	}
	say("%d tiến trình thidua serve: %s", processes, strings.Join(m.bases, ", "))
	if err := m.login(ctx); err != nil {
		return res, err
	}
	// One pass over the mix warms each process's templates and the databases' caches.
	for i := range 2 * len(loadKinds) * processes {
		m.do(ctx, i)
	}
	for _, rate := range cfg.LoadRates {
		say("%d yêu cầu/giây trong %v…", rate, cfg.LoadStep)
		step := m.step(ctx, rate, cfg.LoadStep, cfg.LoadP95)
		if err := ctx.Err(); err != nil {
			return res, err
		}
		say("%d yêu cầu, %d lỗi, %.1f/giây, p50 %v, p95 %v, p99 %v", step.Requests, step.Errors, step.PerSecond(),
			step.P50.Round(time.Millisecond), step.P95.Round(time.Millisecond), step.P99.Round(time.Millisecond))
		res.Steps = append(res.Steps, step)
		if !step.Pass {
			break
		}
	}
	for _, s := range servers {
		res.PeakRSS = append(res.PeakRSS, s.peakRSS())
		res.ServerErrors = append(res.ServerErrors, s.errorLines(5-len(res.ServerErrors))...)
	}
	return res, nil
}

// fillForLoad gives the database the portal section's data at the load's size:
// the dossiers through the importer, the petitions through Replay, the accounts;
// then the API tokens of the enterprise accounts. The database is closed after, so
// that only the servers use it.
func fillForLoad(ctx context.Context, cfg Config, dsn, dir string, fs dossierFiles, res *LoadResult) (*mix, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var dres DossierResult
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, dres.Database+": "+format+"\n", args...) }
	im, err := importInto(ctx, cfg, dsn, fs.csv, "Dossiers (.csv), new", fs, d, &dres, say)
	if err != nil {
		return nil, err
	}
	res.Database, res.Dossiers = dres.Database, im.Rows
	fillCfg := cfg
	fillCfg.Petitions = cfg.LoadPetitions
	w, err := petitionSetup(ctx, fillCfg, d, dir)
	if err != nil {
		return nil, err
	}
	fill, err := fillPetitions(ctx, fillCfg, d, w, cfg.Now(), say)
	if err != nil {
		return nil, err
	}
	res.Petitions = fill.Rows
	m := &mix{procs: fs.procs, today: cfg.Now()}
	users := auth.NewStore(d, cfg.Now)
	for i := range min(10, len(w.accounts)) {
		u, err := users.UserByID(ctx, w.accounts[i].UserID)
		if err != nil {
			return nil, err
		}
		tok, err := users.CreateToken(ctx, u.Username, "bench")
		if err != nil {
			return nil, err
		}
		m.tokens = append(m.tokens, tok)
	}
	for _, pu := range petitionUnits {
		code := strings.ToLower(pu.code)
		m.managers = append(m.managers, "bench.tp."+code)
		m.staff = append(m.staff, "bench.cv."+code)
	}
	if d.Dialect == db.Postgres {
		say("VACUUM ANALYZE…")
		if _, err := d.Write().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return nil, err
		}
		d.Write().ExecContext(ctx, "CHECKPOINT")
	}
	return m, nil
}

// server is one `thidua serve` process started for the load.
type server struct {
	cmd  *exec.Cmd
	base string
	log  string
	done chan error
}

// errorLines are up to n lines its log wrote at level ERROR: an answer 500 says
// nothing more to the client.
func (s *server) errorLines(n int) []string {
	b, _ := os.ReadFile(s.log)
	var out []string
	for line := range strings.Lines(string(b)) {
		if len(out) < n && strings.Contains(line, "level=ERROR") {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// startServer starts `thidua serve` on a free loopback port and waits until it
// answers. Its output goes to logPath, where a failure can be read.
func startServer(ctx context.Context, exe, dsn, logPath string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "serve", "--addr", addr, "--db", dsn)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// The servers read no configuration of the shell they were started from: no mail
	// goes out, and their database is the one given.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("thidua serve: %w", err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: logPath, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); logFile.Close() }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(s.base + "/login")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case err := <-s.done:
			out, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("thidua serve stopped (%v):\n%s", err, out)
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("thidua serve on %s did not answer within 2 minutes", addr)
		}
	}
}

// stop asks the process to shut down as an operator would, and kills it if it has
// not within ten seconds.
func (s *server) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// peakRSS is the process's VmHWM in bytes.
func (s *server) peakRSS() uint64 { return vmHWM(strconv.Itoa(s.cmd.Process.Pid)) }

// vmHWM is the high-water mark of resident memory of /proc/PID ("self" for this
// process) in bytes, 0 when /proc does not say.
func vmHWM(pid string) uint64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
