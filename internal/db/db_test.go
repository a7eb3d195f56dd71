package db_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// Both databases must end with the same tables and columns after the migrations.
func TestSchemasMatch(t *testing.T) {
	lite := dbtest.SQLite(t)
	pg := dbtest.Postgres(t)
	a, b := columns(t, lite), columns(t, pg)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("schemas differ\nsqlite:\n%s\npostgres:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if len(a) < 20 {
		t.Fatalf("expected the core tables, got %d columns", len(a))
	}
}

func columns(t *testing.T, d *db.DB) []string {
	t.Helper()
	ctx := context.Background()
	var q string
	if d.Dialect == db.SQLite {
		q = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	} else {
		q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`
	}
	rows, err := d.Read().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		out = append(out, tbl+"."+col)
	}
	sort.Strings(out)
	return out
}

// A failed transaction leaves nothing behind; a committed one is visible; a duplicate
// key is recognised as such on both databases.
func TestTxRollbackAndUnique(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		insert := func(tx *sql.Tx, code string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, kind, search, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5)`, code, "Phòng "+code, "division", code, now)
			return err
		}
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if err := insert(tx, "A"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("want boom, got %v", err)
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM units").Scan(&n); err != nil || n != 0 {
			t.Fatalf("rolled back insert is visible: n=%d err=%v", n, err)
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error { return insert(tx, "A") }); err != nil {
			t.Fatal(err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error { return insert(tx, "A") })
		if !db.IsUniqueViolation(err) {
			t.Fatalf("duplicate code not seen as unique violation: %v", err)
		}
		var got time.Time
		var active bool
		if err := d.Read().QueryRowContext(ctx, "SELECT created_at, active FROM units WHERE code = $1", "A").Scan(&got, &active); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now.Truncate(time.Microsecond)) && !got.Equal(now) || !active {
			t.Fatalf("round trip: got %v active=%v, want %v", got, active, now)
		}
	})
}

// Transactions that read through the reader pool while they hold a writer
// connection all finish, however many run at once: with one pool for both on
// PostgreSQL, as many transactions as connections each waited for another for ever.
func TestTransactionsReadingMeanwhileDoNotDeadlock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		const n = 30
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				errs <- d.Tx(ctx, func(tx *sql.Tx) error {
					var one int
					return d.Read().QueryRowContext(ctx, "SELECT 1").Scan(&one)
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("a transaction failed or waited for ever: %v", err)
			}
		}
	})
}

// A SQLite path with "#", "?" or "%" (a subtest named "x#01" has one) opens that very
// file, not one cut at the "#" that other tests would share.
func TestSQLitePathWithURICharacters(t *testing.T) {
	p := filepath.Join(t.TempDir(), "thi#dua?01%", "t.db")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the database is not where asked: %v", err)
	}
}
