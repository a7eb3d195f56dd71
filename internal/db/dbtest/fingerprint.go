package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
)

// TableSum is what Fingerprint keeps of one table.
type TableSum struct {
	Rows int
	Sum  string // SHA-256 of every row, in the order of all its columns
}

// Fingerprint reads every table the catalog lists and sums its rows, ordered by all
// columns, so that two databases with the same content (a database and its restored
// backup, say) give equal fingerprints and any lost, added or changed value shows.
func Fingerprint(t testing.TB, d *db.DB) map[string]TableSum {
	t.Helper()
	ctx := context.Background()
	tables, err := d.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]TableSum{}
	for _, table := range tables {
		sum, err := tableSum(ctx, d, table)
		if err != nil {
			t.Fatalf("fingerprint %s: %v", table, err)
		}
		out[table] = sum
	}
	return out
}

func tableSum(ctx context.Context, d *db.DB, table string) (TableSum, error) {
	q := `SELECT * FROM "` + table + `"`
	probe, err := d.Read().QueryContext(ctx, q+" WHERE 1 = 0")
	if err != nil {
		return TableSum{}, err
	}
	cols, err := probe.Columns()
	probe.Close()
	if err != nil {
		return TableSum{}, err
	}
	order := make([]string, len(cols))
	for i := range cols {
		order[i] = fmt.Sprint(i + 1)
	}
	rows, err := d.Read().QueryContext(ctx, q+" ORDER BY "+strings.Join(order, ", "))
	if err != nil {
		return TableSum{}, err
	}
	defer rows.Close()
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableSum{}, err
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%T=%v\x1f", v, v)
		}
		h.Write([]byte{'\n'})
		n++
	}
	return TableSum{Rows: n, Sum: hex.EncodeToString(h.Sum(nil))}, rows.Err()
}
