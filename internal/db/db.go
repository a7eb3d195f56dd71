// Package db opens the embedded SQLite database or a PostgreSQL server behind one
// interface, runs the migrations and keeps the few dialect differences in one place.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned by stores when a record does not exist.
var ErrNotFound = errors.New("not found")

// DB holds a reader pool and a writer pool. On SQLite the writer pool has a single
// connection so that writers queue in Go instead of failing with SQLITE_BUSY; on
// PostgreSQL they are two pools, so that a transaction that reads through the
// reader pool never waits for a connection its own kind holds.
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	url     string
}

// Querier is what both *sql.DB and *sql.Tx offer; stores take it so that the same
// query runs inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// IsPostgresURL reports whether a --db value selects PostgreSQL.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to dsn (a file path for SQLite, a postgres:// URL for PostgreSQL)
// and brings the schema up to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	d, err := OpenNoMigrate(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// OpenNoMigrate connects without touching the schema.
func OpenNoMigrate(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("db: empty database address")
	}
	if IsPostgresURL(dsn) {
		// Two pools: a transaction holds a connection of the writer pool and may read
		// through the reader pool meanwhile (a calendar, a lookup). With one pool, as
		// many concurrent transactions as connections each waited for another
		// connection for ever.
		write, err := openPostgresPool(ctx, dsn, 20)
		if err != nil {
			return nil, err
		}
		read, err := openPostgresPool(ctx, dsn, 20)
		if err != nil {
			write.Close()
			return nil, err
		}
		return &DB{Dialect: Postgres, read: read, write: write, url: dsn}, nil
	}
	return openSQLite(ctx, dsn)
}

func openPostgresPool(ctx context.Context, dsn string, size int) (*sql.DB, error) {
	pool, err := sql.Open("pgx", withConnectTimeout(dsn))
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(size)
	pool.SetMaxIdleConns(size / 2)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect postgres: %w", err)
	}
	return pool, nil
}

// withConnectTimeout bounds how long a new connection may take when the address
// does not say (connect_timeout, in seconds): without it a server that stopped
// answering (not refusing) would hold a request until the operating system gives up,
// minutes later, instead of failing it with a clear message.
func withConnectTimeout(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Query().Has("connect_timeout") {
		return dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "connect_timeout=5"
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(ON)", "synchronous(NORMAL)", "mmap_size(268435456)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// The path goes into a file: URI, where "#" would end it and "?" start the
	// options: escaped, a path with those (a test named "x#01") opens its own file.
	dsn := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path) + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(4)
	return &DB{Dialect: SQLite, read: read, write: write, url: path}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.write.Close()
	if d.read != d.write {
		if e := d.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// URL is the address the database was opened with.
func (d *DB) URL() string { return d.url }

// Read is the pool for queries that change nothing.
func (d *DB) Read() *sql.DB { return d.read }

// Write is the pool for statements that change data outside Tx.
func (d *DB) Write() *sql.DB { return d.write }

// Tx runs fn in one transaction, committing when fn returns nil, after the hooks
// attached to it with TxHook.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	hooks := &hookSet{hooks: map[any]Hook{}}
	txHooks.Store(tx, hooks)
	defer txHooks.Delete(tx)
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = hooks.run(ctx, tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// IsUniqueViolation reports whether err comes from a UNIQUE constraint.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
