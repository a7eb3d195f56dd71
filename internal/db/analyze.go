package db

import (
	"context"
	"fmt"
	"strings"
)

// Analyze has PostgreSQL take the tables' statistics again, inside q's transaction
// if q is one (it then counts the transaction's own rows). A query planned right
// after a large import in the same transaction otherwise takes a table of thousands
// of rows for the empty one the migration created, and nested loops over it for
// minutes. SQLite's planner does well without statistics here: nothing is done.
func (d *DB) Analyze(ctx context.Context, q Querier, tables ...string) error {
	if d.Dialect != Postgres {
		return nil
	}
	for _, t := range tables {
		if _, err := q.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return fmt.Errorf("db: analyze %s: %w", t, err)
		}
	}
	return nil
}

// AnalyzeStale analyzes those of the tables whose rows changed by more than a tenth
// since their statistics were taken, as autovacuum would within a minute or so: a
// query that cannot wait for it is then planned on the rows it will read.
func (d *DB) AnalyzeStale(ctx context.Context, q Querier, tables ...string) error {
	if d.Dialect != Postgres || len(tables) == 0 {
		return nil
	}
	args := make([]any, len(tables))
	marks := make([]string, len(tables))
	for i, t := range tables {
		args[i], marks[i] = t, fmt.Sprintf("$%d", i+1)
	}
	rows, err := q.QueryContext(ctx, `SELECT relname FROM pg_stat_user_tables WHERE relname IN (`+strings.Join(marks, ", ")+`)
		AND (last_analyze IS NULL AND last_autoanalyze IS NULL OR n_mod_since_analyze > 50 + n_live_tup / 10)`, args...)
	if err != nil {
		return fmt.Errorf("db: table statistics: %w", err)
	}
	var stale []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		stale = append(stale, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return d.Analyze(ctx, q, stale...)
}
