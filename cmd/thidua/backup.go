package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/thidua/thidua/internal/backup"
	"github.com/thidua/thidua/internal/db"
)

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "backup TỆP [--db DB] [--force]",
		`Sao lưu toàn bộ cơ sở dữ liệu vào TỆP trong khi máy chủ vẫn chạy.
SQLite: một bản sao nhất quán (VACUUM INTO), kiểm tra lại rồi mới đặt tên TỆP.
PostgreSQL: pg_dump định dạng custom (cần gói postgresql-client; hoặc THIDUA_PG_BIN).
Khôi phục bằng: thidua restore TỆP. Xem docs/operations.md.`)
	dsn := dbFlag(fs)
	force := fs.Bool("force", false, "ghi đè TỆP nếu đã có")
	file, err := oneFileArg(fs, args, "tệp sao lưu")
	if err != nil {
		return err
	}
	res, err := backup.Backup(ctx, *dsn, file, backup.Options{Force: *force, Now: e.now})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã sao lưu %s vào %s (%s, cấu trúc dữ liệu phiên bản %d).\n", redactURL(*dsn), res.File, humanBytes(res.Bytes), res.SchemaVersion)
	return nil
}

func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore", "restore TỆP [--db DB] [--force]",
		`Khôi phục cơ sở dữ liệu từ TỆP do "thidua backup" tạo. Hãy dừng mọi tiến trình
thidua serve trước khi khôi phục và chạy lại sau đó; bản sao lưu của phiên bản cũ hơn
được nâng cấp cấu trúc khi máy chủ khởi động.
Cơ sở dữ liệu đích đã có dữ liệu thì cần --force: bản hiện có được lưu lại trước
(tên tệp in ra khi xong), rồi mới bị thay toàn bộ. Lỗi giữa chừng thì không có gì thay đổi.`)
	dsn := dbFlag(fs)
	force := fs.Bool("force", false, "thay cơ sở dữ liệu đã có dữ liệu (sau khi lưu lại bản hiện có)")
	file, err := oneFileArg(fs, args, "tệp sao lưu")
	if err != nil {
		return err
	}
	res, err := backup.Restore(ctx, *dsn, file, backup.Options{Force: *force, Now: e.now})
	if err != nil {
		return err
	}
	if res.SafetyCopy != "" {
		fmt.Fprintf(e.stdout, "Bản cơ sở dữ liệu trước khi khôi phục đã được lưu vào %s.\n", res.SafetyCopy)
	}
	fmt.Fprintf(e.stdout, "Đã khôi phục %s từ %s (cấu trúc dữ liệu phiên bản %d", redactURL(*dsn), res.File, res.SchemaVersion)
	if latest := db.LatestVersion(); res.SchemaVersion < latest {
		fmt.Fprintf(e.stdout, "; sẽ được nâng cấp lên %d khi chạy thidua serve hoặc thidua migrate", latest)
	}
	fmt.Fprintln(e.stdout, ").")
	return nil
}

// oneFileArg parses flags before and after the one file argument.
func oneFileArg(fs *flag.FlagSet, args []string, what string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return "", &exitError{code: 2, err: fmt.Errorf("thiếu tên %s", what)}
	}
	file := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", &exitError{code: 2, err: fmt.Errorf("chỉ một %s mỗi lần; thừa %q", what, fs.Arg(0))}
	}
	if file == "" {
		return "", &exitError{code: 2, err: errors.New("tên " + what + " trống")}
	}
	return file, nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d byte", n)
}
