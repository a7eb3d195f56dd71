// Package backup copies a thidua database into one file and back. SQLite is copied
// online with VACUUM INTO, so the server may keep running and writing; PostgreSQL is
// dumped with pg_dump (custom format) and restored with pg_restore and psql in one
// transaction. A backup is written to a temporary file and renamed only once it has
// been checked, so a failed backup never leaves a half file under the chosen name.
//
// A restored database keeps the schema version it was backed up at; the migrations
// bring it up to date at the next start, so a backup of an older version can be
// restored by a newer binary (never the other way round).
package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// Result says what a backup or a restore did.
type Result struct {
	File          string // the backup file written or read
	Bytes         int64  // its size
	SchemaVersion int    // the migration the backed-up data is at
	// SafetyCopy is where a forced restore first saved the database it replaced.
	SafetyCopy string
}

// Options tune a backup or a restore.
type Options struct {
	// Force lets a backup overwrite an existing file, and a restore replace a
	// database that already holds tables (after saving it to a safety copy).
	Force bool
	// Now names the safety copy; nil means time.Now.
	Now func() time.Time
}

// Backup copies the database at dsn (a SQLite file or a postgres:// URL) into file.
func Backup(ctx context.Context, dsn, file string, opt Options) (Result, error) {
	if file == "" {
		return Result{}, errors.New("thiếu tên tệp sao lưu")
	}
	if !opt.Force {
		if _, err := os.Stat(file); err == nil {
			return Result{}, fmt.Errorf("tệp %s đã có; chọn tên khác hoặc thêm --force để ghi đè", file)
		}
	}
	var version int
	var err error
	if db.IsPostgresURL(dsn) {
		version, err = backupPostgres(ctx, dsn, file)
	} else {
		version, err = backupSQLite(ctx, dsn, file)
	}
	if err != nil {
		return Result{}, err
	}
	return result(file, version)
}

// Restore replaces the database at dsn with the content of the backup file.
func Restore(ctx context.Context, dsn, file string, opt Options) (Result, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if _, err := os.Stat(file); err != nil {
		return Result{}, fmt.Errorf("không đọc được tệp sao lưu %s: %w", file, err)
	}
	if db.IsPostgresURL(dsn) {
		return restorePostgres(ctx, dsn, file, opt)
	}
	return restoreSQLite(ctx, dsn, file, opt)
}

// checkVersion refuses data newer than this binary understands: its migrations
// would not know the tables, and an older binary must not run on them.
func checkVersion(version int) error {
	if latest := db.LatestVersion(); version > latest {
		return fmt.Errorf("bản sao lưu có cấu trúc dữ liệu phiên bản %d, mới hơn bản thidua này (phiên bản %d); hãy khôi phục bằng bản thidua mới hơn", version, latest)
	}
	return nil
}

// safetyName is where a forced restore saves the database it is about to replace.
func safetyName(dir, base string, now time.Time) string {
	return filepath.Join(dir, base+".truoc-khoi-phuc-"+now.Format("20060102-150405"))
}

// tempFile reserves a new empty file next to file, so that the final rename stays on
// one file system and is atomic.
func tempFile(file string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("không tạo được tệp tạm cạnh %s: %w", file, err)
	}
	name := f.Name()
	f.Close()
	return name, nil
}

// commit makes tmp durable and gives it its final name.
func commit(tmp, file string) error {
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return fmt.Errorf("ghi tệp sao lưu: %w", err)
	}
	if err := os.Rename(tmp, file); err != nil {
		return fmt.Errorf("đặt tên tệp sao lưu %s: %w", file, err)
	}
	if d, err := os.Open(filepath.Dir(file)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func result(file string, version int) (Result, error) {
	st, err := os.Stat(file)
	if err != nil {
		return Result{}, err
	}
	return Result{File: file, Bytes: st.Size(), SchemaVersion: version}, nil
}
