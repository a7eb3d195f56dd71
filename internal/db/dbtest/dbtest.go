// Package dbtest gives tests a fresh, migrated database on SQLite and on PostgreSQL.
//
// PostgreSQL comes from THIDUA_TEST_POSTGRES_URL when set; otherwise a throwaway
// server is started from the installed binaries (initdb, pg_ctl) once per test
// binary, listening only on a Unix socket in a temporary directory. Each test gets its
// own database copied from a migrated template. Packages that use PostgreSQL call
// Main from TestMain so the server stops when the tests end.
package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// Each runs fn once on SQLite and once on PostgreSQL, as subtests named after the dialect.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a migrated database in a new file under t.TempDir.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// Postgres opens a fresh migrated PostgreSQL database, or skips the test when no
// server can be had (fails instead under THIDUA_REQUIRE_POSTGRES=1).
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	base, err := server()
	if err != nil {
		if os.Getenv("THIDUA_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required (THIDUA_REQUIRE_POSTGRES=1) but unavailable: %v", err)
		}
		t.Skipf("PostgreSQL unavailable, skipping: %v", err)
	}
	url, err := newDatabase(base)
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// PostgresURL returns the address of a fresh migrated database, for tests that
// start the thidua binary against PostgreSQL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	d := Postgres(t)
	return d.URL()
}

// Main runs the tests and stops the throwaway server afterwards.
func Main(m interface{ Run() int }) int {
	code := m.Run()
	stop()
	return code
}

var (
	once      sync.Once
	baseURL   string
	startErr  error
	dataDir   string
	pgBin     string
	dbCounter atomic.Int64
	template  = "thidua_template"
)

func server() (string, error) {
	once.Do(func() {
		if u := os.Getenv("THIDUA_TEST_POSTGRES_URL"); u != "" {
			baseURL = u
		} else {
			baseURL, startErr = start()
		}
		if startErr == nil {
			startErr = makeTemplate(baseURL)
		}
	})
	return baseURL, startErr
}

func findBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) == 0 {
		return "", fmt.Errorf("no PostgreSQL binaries (pg_ctl) found")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

// asServerUser runs a PostgreSQL binary; as root it runs as the postgres user,
// because PostgreSQL refuses to run as root.
func asServerUser(name string, args ...string) *exec.Cmd {
	bin := filepath.Join(pgBin, name)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	}
	return exec.Command(bin, args...)
}

func start() (string, error) {
	var err error
	if pgBin, err = findBin(); err != nil {
		return "", err
	}
	dataDir, err = os.MkdirTemp("", "thidua-pg-")
	if err != nil {
		return "", err
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return "", fmt.Errorf("running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dataDir, uid, gid); err != nil {
			return "", err
		}
	}
	pgdata := filepath.Join(dataDir, "data")
	if out, err := asServerUser("initdb", "-D", pgdata, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale").CombinedOutput(); err != nil {
		return "", fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories=%s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dataDir)
	if out, err := asServerUser("pg_ctl", "-D", pgdata, "-o", opts, "-w", "-t", "60", "-l", filepath.Join(dataDir, "log"), "start").CombinedOutput(); err != nil {
		return "", fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	watchdog(pgdata)
	return fmt.Sprintf("postgres://postgres@/postgres?host=%s&sslmode=disable", dataDir), nil
}

// watchdog stops the server if this test binary dies without calling Main's stop.
func watchdog(pgdata string) {
	script := fmt.Sprintf(`while kill -0 %d 2>/dev/null; do sleep 1; done; %s; rm -rf %s`,
		os.Getpid(), strings.Join(asServerUser("pg_ctl", "-D", pgdata, "-m", "immediate", "stop").Args, " "), dataDir)
	cmd := exec.Command("sh", "-c", script)
	cmd.Stdout, cmd.Stderr = nil, nil
	_ = cmd.Start()
	go cmd.Wait()
}

func stop() {
	if dataDir == "" {
		return
	}
	_ = asServerUser("pg_ctl", "-D", filepath.Join(dataDir, "data"), "-m", "immediate", "stop").Run()
	os.RemoveAll(dataDir)
	dataDir = ""
}

func withDatabase(base, name string) string {
	i := strings.Index(base, "://")
	rest := base[i+3:]
	q := ""
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		rest, q = rest[:j], rest[j:]
	}
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		rest = rest[:j]
	}
	return base[:i+3] + rest + "/" + name + q
}

func admin(base string) (*sql.DB, error) {
	return sql.Open("pgx", base)
}

func makeTemplate(base string) error {
	adm, err := admin(base)
	if err != nil {
		return err
	}
	defer adm.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	template = fmt.Sprintf("thidua_template_%d", os.Getpid())
	if _, err := adm.ExecContext(ctx, "DROP DATABASE IF EXISTS "+template); err != nil {
		return err
	}
	if _, err := adm.ExecContext(ctx, "CREATE DATABASE "+template); err != nil {
		return err
	}
	d, err := db.Open(ctx, withDatabase(base, template))
	if err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	return d.Close()
}

func newDatabase(base string) (string, error) {
	adm, err := admin(base)
	if err != nil {
		return "", err
	}
	defer adm.Close()
	name := fmt.Sprintf("thidua_t%d_%d", os.Getpid(), dbCounter.Add(1))
	if _, err := adm.Exec("CREATE DATABASE " + name + " TEMPLATE " + template); err != nil {
		return "", err
	}
	return withDatabase(base, name), nil
}
