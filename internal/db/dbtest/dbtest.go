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
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/thidua/thidua/internal/audit" // registers the audit chain's migration step
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/pgserver"
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

// EmptyPostgresURL returns the address of a new database with no tables at all, not
// even migrated: what an operator creates to restore a backup into.
func EmptyPostgresURL(t testing.TB) string {
	t.Helper()
	base, err := server()
	if err != nil {
		if os.Getenv("THIDUA_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required (THIDUA_REQUIRE_POSTGRES=1) but unavailable: %v", err)
		}
		t.Skipf("PostgreSQL unavailable, skipping: %v", err)
	}
	adm, err := admin(base)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	name := fmt.Sprintf("thidua_e%d_%d", os.Getpid(), dbCounter.Add(1))
	if _, err := adm.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create empty database: %v", err)
	}
	return pgserver.WithDatabase(base, name)
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
	pg        *pgserver.Server
	dbCounter atomic.Int64
	template  = "thidua_template"
)

func server() (string, error) {
	once.Do(func() {
		if u := os.Getenv("THIDUA_TEST_POSTGRES_URL"); u != "" {
			baseURL = u
		} else if pg, startErr = pgserver.Start(pgserver.Options{MaxConnections: 200}); startErr == nil {
			baseURL = pg.URL
		}
		if startErr == nil {
			startErr = makeTemplate(baseURL)
		}
	})
	return baseURL, startErr
}

func stop() {
	if pg != nil {
		pg.Stop()
	}
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
	d, err := db.Open(ctx, pgserver.WithDatabase(base, template))
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
	return pgserver.WithDatabase(base, name), nil
}
