package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/pgserver"
)

// noServerError says why no PostgreSQL could be started; with "auto" that is a
// reason to measure SQLite alone, not a failure.
type noServerError struct{ err error }

func (e noServerError) Error() string { return "PostgreSQL: " + e.err.Error() }

// postgres gives the address of a new, empty database for one run, and a func that
// drops it (and stops the server if this run started one).
func postgres(ctx context.Context, cfg Config) (dsn string, done func(), err error) {
	base, stop := cfg.Postgres, func() {}
	if cfg.Postgres == "auto" || cfg.Postgres == "" {
		fmt.Fprintln(cfg.Progress, "Khởi động một máy chủ PostgreSQL tạm…")
		// Durable: imports are measured as a real server would store them. With
		// --keep the server's data stays in the kept directory for the next run.
		opt := pgserver.Options{Durable: true}
		if cfg.Keep != "" {
			opt.Dir = filepath.Join(cfg.Keep, "pg")
		}
		srv, err := pgserver.Start(opt)
		if err != nil {
			return "", nil, noServerError{err}
		}
		base, stop = srv.URL, srv.Stop
	} else if !db.IsPostgresURL(cfg.Postgres) {
		return "", nil, fmt.Errorf("--postgres: cần auto, off hoặc một địa chỉ postgres://…, không phải %q", cfg.Postgres)
	}
	name := fmt.Sprintf("thidua_bench_%d", os.Getpid())
	if cfg.Keep != "" {
		return keptDatabase(ctx, cfg, base, stop)
	}
	if err := adminExec(ctx, base, "DROP DATABASE IF EXISTS "+name, "CREATE DATABASE "+name); err != nil {
		stop()
		return "", nil, fmt.Errorf("tạo cơ sở dữ liệu %s: %w", name, err)
	}
	done = func() {
		if err := adminExec(context.Background(), base, "DROP DATABASE IF EXISTS "+name); err != nil {
			fmt.Fprintf(cfg.Progress, "Không xoá được cơ sở dữ liệu %s: %v\n", name, err)
		}
		stop()
	}
	return pgserver.WithDatabase(base, name), done, nil
}

// keptDatabase is the database of a --keep run on the server at base, made if it is
// not there yet and left there afterwards.
func keptDatabase(ctx context.Context, cfg Config, base string, stop func()) (string, func(), error) {
	const name = "thidua_bench_kept"
	adm, err := sql.Open("pgx", base)
	if err != nil {
		stop()
		return "", nil, err
	}
	defer adm.Close()
	var n int
	if err := adm.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		stop()
		return "", nil, err
	}
	if n > 0 && !keptFilled(cfg, db.Postgres) {
		// What an interrupted or other-sized run left is filled anew.
		if _, err := adm.ExecContext(ctx, "DROP DATABASE "+name); err != nil {
			stop()
			return "", nil, err
		}
		n = 0
	}
	if n == 0 {
		if _, err := adm.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			stop()
			return "", nil, fmt.Errorf("tạo cơ sở dữ liệu %s: %w", name, err)
		}
	}
	fmt.Fprintf(cfg.Progress, "Giữ lại cơ sở dữ liệu PostgreSQL %s\n", name)
	return pgserver.WithDatabase(base, name), stop, nil
}

// adminExec runs statements on the server's own database; CREATE and DROP DATABASE
// cannot run inside the database they name.
func adminExec(ctx context.Context, base string, stmts ...string) error {
	adm, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer adm.Close()
	for _, s := range stmts {
		if _, err := adm.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// onBoth measures a section on a new SQLite file at sqlitePath and, unless
// cfg.Postgres is "off", on PostgreSQL; when no PostgreSQL server can be had it says
// so in notes instead of failing.
func onBoth(ctx context.Context, cfg Config, sqlitePath string, notes *[]string, measure func(dsn string) error) error {
	if err := measure(sqlitePath); err != nil {
		return fmt.Errorf("SQLite: %w", err)
	}
	if cfg.Postgres == "off" {
		return nil
	}
	dsn, done, err := postgres(ctx, cfg)
	if nse, ok := err.(noServerError); ok {
		fmt.Fprintf(cfg.Progress, "Bỏ qua PostgreSQL: %v\n", nse.err)
		*notes = append(*notes, fmt.Sprintf("PostgreSQL was not measured: %v.", nse.err))
		return nil
	}
	if err != nil {
		return err
	}
	defer done()
	if err := measure(dsn); err != nil {
		return fmt.Errorf("PostgreSQL: %w", err)
	}
	return nil
}
