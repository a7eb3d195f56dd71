package db_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// A page read id-first comes back in the order of its ids, without the rows deleted
// between reading the ids and reading the rows.
func TestIDsThenByIDs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, code := range []string{"C", "A", "B", "D"} {
			if _, err := d.Write().ExecContext(ctx, "INSERT INTO units (code, name, kind, active, search, created_at, updated_at) VALUES ($1, $2, 'division', $3, '', $4, $4)",
				code, "Phòng "+code, true, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
		ids, err := db.IDs(ctx, d.Read(), "SELECT id FROM units WHERE code <> $1 ORDER BY code DESC", "D")
		if err != nil || len(ids) != 3 {
			t.Fatalf("ids %v, %v", ids, err)
		}
		if _, err := d.Write().ExecContext(ctx, "DELETE FROM units WHERE code = $1", "B"); err != nil {
			t.Fatal(err)
		}
		type unit struct {
			id   int64
			code string
		}
		got, err := db.ByIDs(ctx, d.Read(), "SELECT id, code FROM units", "id", ids,
			func(r *sql.Rows) (unit, error) { var u unit; err := r.Scan(&u.id, &u.code); return u, err },
			func(u unit) int64 { return u.id })
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, u := range got {
			codes = append(codes, u.code)
		}
		if !slices.Equal(codes, []string{"C", "A"}) {
			t.Errorf("rows %v, want C, A (B deleted meanwhile)", codes)
		}
		if none, err := db.ByIDs(ctx, d.Read(), "SELECT id, code FROM units", "id", nil,
			func(r *sql.Rows) (unit, error) { return unit{}, nil }, func(u unit) int64 { return u.id }); err != nil || none != nil {
			t.Errorf("no ids: %v, %v", none, err)
		}
	})
}
