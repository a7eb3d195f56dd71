package db

import (
	"context"
	"fmt"
	"sort"
)

// Tables lists the database's own tables from its catalog, sorted by name: on
// PostgreSQL those of the current schema, on SQLite all but SQLite's internal ones.
func (d *DB) Tables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	if d.Dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := d.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("db: list tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out, rows.Err()
}
