package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"modernc.org/sqlite"

	"github.com/thidua/thidua/internal/db"
)

// backupSQLite copies the database with VACUUM INTO: one read transaction, so the
// copy is the database as of one instant while the server keeps writing (WAL lets
// writers go on during the read), and it comes out compact.
func backupSQLite(ctx context.Context, path, file string) (int, error) {
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return 0, fmt.Errorf("không có tệp cơ sở dữ liệu %s", path)
	}
	d, err := db.OpenNoMigrate(ctx, path)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	tmp, err := tempFile(file)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp) // gone already once renamed
	if _, err := d.Read().ExecContext(ctx, "VACUUM INTO $1", tmp); err != nil {
		return 0, fmt.Errorf("sao lưu %s: %w", path, err)
	}
	version, err := inspectSQLite(ctx, tmp)
	if err != nil {
		return 0, fmt.Errorf("bản sao vừa tạo không đọc lại được: %w", err)
	}
	return version, commit(tmp, file)
}

// inspectSQLite checks that file is a whole SQLite database of thidua and returns
// its schema version. It opens the file read-only, so checking a backup never
// changes it.
func inspectSQLite(ctx context.Context, file string) (int, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return 0, fmt.Errorf("tệp %s không phải cơ sở dữ liệu SQLite", file)
	}
	conn, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var check string
	if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
		return 0, fmt.Errorf("kiểm tra tệp %s: %w", file, err)
	}
	if check != "ok" {
		return 0, fmt.Errorf("tệp %s bị hỏng (integrity_check: %s)", file, check)
	}
	var version sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&version); err != nil || !version.Valid {
		return 0, fmt.Errorf("tệp %s không phải cơ sở dữ liệu của thidua (không có bảng schema_migrations)", file)
	}
	return int(version.Int64), nil
}

// restoreSQLite copies the backup into the target through SQLite's backup API rather
// than by renaming files: the copy is one write transaction on the target, so a
// failure changes nothing, and a process that still has the database open sees the
// restored data instead of a file swapped under its write-ahead log.
func restoreSQLite(ctx context.Context, target, file string, opt Options) (Result, error) {
	version, err := inspectSQLite(ctx, file)
	if err != nil {
		return Result{}, err
	}
	if err := checkVersion(version); err != nil {
		return Result{}, err
	}
	res, err := result(file, version)
	if err != nil {
		return Result{}, err
	}
	d, err := db.OpenNoMigrate(ctx, target)
	if err != nil {
		return Result{}, err
	}
	defer d.Close()
	tables, err := d.Tables(ctx)
	if err != nil {
		return Result{}, err
	}
	if len(tables) > 0 {
		if !opt.Force {
			return Result{}, fmt.Errorf("cơ sở dữ liệu %s đã có dữ liệu (%d bảng); thêm --force để thay toàn bộ bằng bản sao lưu (bản hiện có được lưu lại trước)", target, len(tables))
		}
		res.SafetyCopy = safetyName(filepath.Dir(target), filepath.Base(target), opt.Now())
		if _, err := d.Read().ExecContext(ctx, "VACUUM INTO $1", res.SafetyCopy); err != nil {
			return Result{}, fmt.Errorf("lưu bản hiện có vào %s trước khi khôi phục: %w", res.SafetyCopy, err)
		}
	}
	conn, err := d.Write().Conn(ctx)
	if err != nil {
		return Result{}, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("trình điều khiển SQLite không hỗ trợ khôi phục trực tuyến")
		}
		b, err := r.NewRestore("file:" + file + "?mode=ro")
		if err != nil {
			return err
		}
		_, stepErr := b.Step(-1)
		if err := b.Finish(); stepErr == nil {
			stepErr = err
		}
		return stepErr
	})
	if err != nil {
		return Result{}, fmt.Errorf("khôi phục vào %s: %w", target, err)
	}
	return res, nil
}
