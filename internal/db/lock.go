package db

import (
	"context"
	"fmt"
)

// Keys of the database-wide locks (PostgreSQL advisory locks).
const (
	// LockMigrate is held while the migrations run (Migrate holds it on the
	// connection that applies them).
	LockMigrate int64 = 7261001
	// LockFirstStart is held by `thidua serve` while it does what a first start needs
	// (the shipped plans, their report requests, the demo data, the first account).
	LockFirstStart int64 = 7261002
)

// Exclusive runs fn while holding the database-wide lock key. On PostgreSQL it is an
// advisory lock held by a connection of its own, so that several processes starting
// at once on one server do that work one after another instead of racing on the
// same unique rows; the second then finds the work done. On SQLite fn just runs:
// writes are serialised anyway and a database file has one server process.
func (d *DB) Exclusive(ctx context.Context, key int64, fn func() error) error {
	if d.Dialect != Postgres {
		return fn()
	}
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db: lock %d: %w", key, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		return fmt.Errorf("db: lock %d: %w", key, err)
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key)
	return fn()
}
