package backup_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/backup"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/plan"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var now = func() time.Time { return time.Date(2026, 6, 12, 9, 0, 0, 0, time.UTC) }

// populate fills d the way `serve --demo` does: every capability has records.
func populate(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := plan.LoadEmbedded(ctx, plan.NewStore(d, now)); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, d, now); err != nil {
		t.Fatal(err)
	}
}

// freshTarget is where an operator restores to: a new SQLite file, or a new empty
// PostgreSQL database.
func freshTarget(t *testing.T, d *db.DB) string {
	if d.Dialect == db.Postgres {
		return dbtest.EmptyPostgresURL(t)
	}
	return filepath.Join(t.TempDir(), "restored.db")
}

func open(t *testing.T, dsn string) *db.DB {
	t.Helper()
	d, err := db.OpenNoMigrate(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func sameContent(t *testing.T, want, got map[string]dbtest.TableSum) {
	t.Helper()
	for table, w := range want {
		g, ok := got[table]
		switch {
		case !ok:
			t.Errorf("table %s missing after restore", table)
		case g != w:
			t.Errorf("table %s differs after restore: %d rows (sum %.12s), want %d rows (sum %.12s)", table, g.Rows, g.Sum, w.Rows, w.Sum)
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("table %s appeared after restore", table)
		}
	}
}

// The operator's drill: back up a populated database, restore it somewhere new, and
// find every table with the same rows.
func TestBackupRestoreRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		populate(t, d)
		want := dbtest.Fingerprint(t, d)
		if len(want) < 40 || want["dossiers"].Rows < 1000 || want["audit_log"].Rows == 0 || want["petitions"].Rows == 0 {
			t.Fatalf("the demo did not fill the database: %d tables, %d dossiers", len(want), want["dossiers"].Rows)
		}
		file := filepath.Join(t.TempDir(), "thidua.backup")
		res, err := backup.Backup(ctx, d.URL(), file, backup.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Bytes == 0 || res.SchemaVersion != db.LatestVersion() {
			t.Errorf("backup result: %+v", res)
		}
		if _, err := backup.Backup(ctx, d.URL(), file, backup.Options{}); err == nil || !strings.Contains(err.Error(), "--force") {
			t.Errorf("a second backup over the same file: %v", err)
		}
		target := freshTarget(t, d)
		if _, err := backup.Restore(ctx, target, file, backup.Options{Now: now}); err != nil {
			t.Fatal(err)
		}
		sameContent(t, want, dbtest.Fingerprint(t, open(t, target)))
	})
}

// Restoring over a database that has data needs --force, and then keeps what it
// replaced in a safety copy that is itself a backup.
func TestRestoreOverExistingNeedsForce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		populate(t, d)
		want := dbtest.Fingerprint(t, d)
		file := filepath.Join(t.TempDir(), "thidua.backup")
		if _, err := backup.Backup(ctx, d.URL(), file, backup.Options{}); err != nil {
			t.Fatal(err)
		}
		// The target is a database in use: migrated, with a record of its own.
		target := freshTarget(t, d)
		other, err := db.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.Write().ExecContext(ctx, "INSERT INTO units (code, name, kind, search, active, created_at, updated_at) VALUES ('MOI', 'Đơn vị mới', 'division', 'don vi moi', TRUE, $1, $1)", now()); err != nil {
			t.Fatal(err)
		}
		before := dbtest.Fingerprint(t, other)
		other.Close()

		_, err = backup.Restore(ctx, target, file, backup.Options{Now: now})
		if err == nil || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("restore over data without --force: %v", err)
		}
		sameContent(t, before, dbtest.Fingerprint(t, open(t, target)))

		res, err := backup.Restore(ctx, target, file, backup.Options{Force: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		sameContent(t, want, dbtest.Fingerprint(t, open(t, target)))
		if res.SafetyCopy == "" {
			t.Fatal("no safety copy of the replaced database")
		}
		t.Cleanup(func() { os.Remove(res.SafetyCopy) })
		back := freshTarget(t, d)
		if _, err := backup.Restore(ctx, back, res.SafetyCopy, backup.Options{Now: now}); err != nil {
			t.Fatalf("the safety copy does not restore: %v", err)
		}
		sameContent(t, before, dbtest.Fingerprint(t, open(t, back)))
	})
}

// A backup taken while the application keeps writing is one consistent instant:
// every transaction is in it whole or not at all.
func TestBackupWhileWriting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Write().ExecContext(ctx, "CREATE TABLE probe (id BIGINT PRIMARY KEY, pair BIGINT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var writeErr error
		var written int64
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int64(0); ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				err := d.Tx(ctx, func(tx *sql.Tx) error {
					for k := int64(0); k < 2; k++ {
						if _, err := tx.ExecContext(ctx, "INSERT INTO probe (id, pair) VALUES ($1, $2)", 2*i+k, i); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					writeErr = err
					return
				}
				written = i + 1
			}
		}()
		// Let some transactions land before and during the backup.
		for {
			var n int
			if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM probe").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n >= 200 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		file := filepath.Join(t.TempDir(), "live.backup")
		_, err := backup.Backup(ctx, d.URL(), file, backup.Options{})
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		if writeErr != nil {
			t.Fatal(writeErr)
		}
		target := freshTarget(t, d)
		if _, err := backup.Restore(ctx, target, file, backup.Options{Now: now}); err != nil {
			t.Fatal(err)
		}
		r := open(t, target)
		if r.Dialect == db.SQLite {
			var check string
			if err := r.Read().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
				t.Fatalf("integrity_check of the restored backup: %q %v", check, err)
			}
		}
		var rows, pairs, maxPair int64
		if err := r.Read().QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT pair), COALESCE(MAX(pair), -1) FROM probe").Scan(&rows, &pairs, &maxPair); err != nil {
			t.Fatal(err)
		}
		if rows < 200 || rows != 2*pairs || maxPair != pairs-1 || pairs > written {
			t.Errorf("backup during writes holds %d rows in %d pairs (last %d; %d written in all): not one consistent instant", rows, pairs, maxPair, written)
		}
	})
}

// What is not a thidua backup, or comes from a newer thidua, is refused and the
// target stays as it was.
func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		text := filepath.Join(dir, "notes.txt")
		os.WriteFile(text, []byte("không phải bản sao lưu"), 0o644)
		target := freshTarget(t, d)
		if _, err := backup.Restore(ctx, target, text, backup.Options{}); err == nil || !strings.Contains(err.Error(), "không phải") {
			t.Errorf("a text file restored: %v", err)
		}
		// A backup of a newer version: its schema_migrations has a migration this
		// binary does not know.
		if _, err := d.Write().ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', $1)", now()); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "future.backup")
		if _, err := backup.Backup(ctx, d.URL(), file, backup.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := backup.Restore(ctx, target, file, backup.Options{Force: true}); err == nil || !strings.Contains(err.Error(), "mới hơn") {
			t.Errorf("a backup from a newer version restored: %v", err)
		}
		if tables, _ := open(t, target).Tables(ctx); len(tables) != 0 {
			t.Errorf("a refused restore left tables: %v", tables)
		}
	})
}

// Without pg_dump the operator is told what to install and where to read more.
func TestPostgresToolMissing(t *testing.T) {
	t.Setenv("THIDUA_PG_BIN", t.TempDir())
	_, err := backup.Backup(context.Background(), "postgres://thidua@localhost/thidua", filepath.Join(t.TempDir(), "x.dump"), backup.Options{})
	var missing *backup.ErrNoTool
	if !errors.As(err, &missing) || !strings.Contains(err.Error(), "postgresql-client") || !strings.Contains(err.Error(), "docs/operations.md") {
		t.Fatalf("backup without pg_dump: %v", err)
	}
}
