package audit_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var t0 = time.Date(2026, 3, 2, 1, 2, 3, 456789123, time.UTC)

// write records n entries, one transaction each, with the actor of a signed-in user.
func write(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: 0, Name: "vanphong"})
	for i := 0; i < n; i++ {
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			return audit.Record(ctx, tx, audit.Entry{At: t0.Add(time.Duration(i) * time.Minute), Action: "update", Entity: "unit",
				EntityID: int64(i + 1), Summary: fmt.Sprintf("Sửa đơn vị số %d “Phòng Quản lý xây dựng”", i+1),
				Before: map[string]any{"name": "cũ"}, After: map[string]any{"name": "mới", "i": i}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, d *db.DB) audit.VerifyResult {
	t.Helper()
	res, err := audit.Verify(context.Background(), d.Read())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func idAt(t *testing.T, d *db.DB, seq int) int64 {
	var id int64
	if err := d.Read().QueryRow("SELECT id FROM audit_log WHERE seq = $1", seq).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestChainFindsTampering(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		write(t, d, 6)
		res := verify(t, d)
		if res.Broken != nil || res.Entries != 6 || len(res.Head) != 64 {
			t.Fatalf("an untouched log: %+v %+v", res, res.Broken)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.Write().Exec(q, args...); err != nil {
				t.Fatal(err)
			}
		}
		// A summary changed behind thidua's back: that entry is named.
		third := idAt(t, d, 3)
		exec("UPDATE audit_log SET summary = $1 WHERE id = $2", "Sửa đơn vị (đã sửa lén)", third)
		if b := verify(t, d).Broken; b == nil || b.ID != third || b.Seq != 3 || !strings.Contains(b.Reason, "bị sửa") {
			t.Fatalf("changed summary: %+v", b)
		}
		exec("UPDATE audit_log SET summary = $1 WHERE id = $2", "Sửa đơn vị số 3 “Phòng Quản lý xây dựng”", third)
		if b := verify(t, d).Broken; b != nil {
			t.Fatalf("the summary put back: %+v", b)
		}
		// The time moved, or the after image changed.
		exec("UPDATE audit_log SET at = $1 WHERE id = $2", t0.Add(-time.Hour), idAt(t, d, 2))
		if b := verify(t, d).Broken; b == nil || b.Seq != 2 {
			t.Fatalf("changed time: %+v", b)
		}
		exec("UPDATE audit_log SET at = $1 WHERE id = $2", t0.Add(time.Minute), idAt(t, d, 2))
		exec("UPDATE audit_log SET after_json = $1 WHERE id = $2", `{"name":"khác"}`, idAt(t, d, 5))
		if b := verify(t, d).Broken; b == nil || b.Seq != 5 {
			t.Fatalf("changed after image: %+v", b)
		}
		exec("UPDATE audit_log SET after_json = $1 WHERE id = $2", `{"i":4,"name":"mới"}`, idAt(t, d, 5))
		if b := verify(t, d).Broken; b != nil {
			t.Fatalf("after image put back: %+v", b)
		}
		// A row deleted in the middle: the entry after the gap is named.
		fifth := idAt(t, d, 5)
		exec("DELETE FROM audit_log WHERE seq = 4")
		if b := verify(t, d).Broken; b == nil || b.ID != fifth || !strings.Contains(b.Reason, "đã bị xóa") {
			t.Fatalf("deleted row: %+v", b)
		}
	})
}

func TestChainFindsDeletedLastAndInsertedRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		write(t, d, 3)
		d.Write().Exec("DELETE FROM audit_log WHERE seq = 3")
		second := idAt(t, d, 2)
		if b := verify(t, d).Broken; b == nil || b.ID != second || !strings.Contains(b.Reason, "sau bản ghi này đã bị xóa") {
			t.Fatalf("deleted last row: %+v", b)
		}
	})
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		write(t, d, 2)
		var id int64
		if _, err := d.Write().Exec(`INSERT INTO audit_log (at, actor, action, entity, entity_id, summary) VALUES ($1, 'ai đó', 'delete', 'unit', '9', 'Xóa')`, t0); err != nil {
			t.Fatal(err)
		}
		d.Read().QueryRow("SELECT MAX(id) FROM audit_log").Scan(&id)
		if b := verify(t, d).Broken; b == nil || b.ID != id || !strings.Contains(b.Reason, "không thuộc chuỗi") {
			t.Fatalf("inserted row %d: %+v", id, b)
		}
		// Later writes through thidua do not adopt the inserted row.
		write(t, d, 1)
		if b := verify(t, d).Broken; b == nil || b.ID != id {
			t.Fatalf("inserted row after another write: %+v", b)
		}
	})
}

// Many writers at once, on PostgreSQL several connections: every entry in the chain
// once, one after another.
func TestChainUnderConcurrentWriters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				ctx := context.Background()
				for i := 0; i < 10; i++ {
					err := d.Tx(ctx, func(tx *sql.Tx) error {
						// Two entries in one transaction stay next to each other in the chain.
						for k := 0; k < 2; k++ {
							if err := audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "unit", EntityID: w*100 + i, Summary: fmt.Sprintf("%d/%d/%d", w, i, k)}); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		res := verify(t, d)
		if res.Broken != nil || res.Entries != 160 {
			t.Fatalf("after concurrent writers: %d entries, %+v", res.Entries, res.Broken)
		}
		var apart int
		d.Read().QueryRow(`SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.seq = a.seq + 1
			WHERE a.summary LIKE '%/0' AND b.summary <> substr(a.summary, 1, length(a.summary) - 1) || '1'`).Scan(&apart)
		if apart != 0 {
			t.Fatalf("%d transactions' entries are apart in the chain", apart)
		}
	})
}

// A rolled-back transaction leaves no entry and no gap.
func TestChainSkipsRolledBack(t *testing.T) {
	d := dbtest.SQLite(t)
	write(t, d, 1)
	ctx := context.Background()
	d.Tx(ctx, func(tx *sql.Tx) error {
		audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "unit", EntityID: 1})
		return fmt.Errorf("thôi")
	})
	write(t, d, 1)
	if res := verify(t, d); res.Broken != nil || res.Entries != 2 {
		t.Fatalf("%+v %+v", res, res.Broken)
	}
}

// Migration 0029 chains the entries an existing database already has.
func TestMigrationChainsExistingEntries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Back to the log as it was before 0029, with entries in it.
		for _, q := range []string{"DROP INDEX audit_log_seq", "ALTER TABLE audit_log DROP COLUMN seq", "ALTER TABLE audit_log DROP COLUMN prev_hash",
			"ALTER TABLE audit_log DROP COLUMN hash", "DROP TABLE audit_chain", "DELETE FROM schema_migrations WHERE version = 29"} {
			if _, err := d.Write().Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		for i := 0; i < 5; i++ {
			if _, err := d.Write().Exec(`INSERT INTO audit_log (at, actor, action, entity, entity_id, summary, after_json) VALUES ($1, 'vanphong', 'create', 'unit', $2, 'Tạo đơn vị', '{"a":1}')`,
				t0.Add(time.Duration(i)*time.Second), fmt.Sprint(i)); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		write(t, d, 2)
		if res := verify(t, d); res.Broken != nil || res.Entries != 7 {
			t.Fatalf("after the migration: %d entries, %+v", res.Entries, res.Broken)
		}
	})
}
