// Command thidua runs a department's emulation movement: the web server and the
// administrative commands around it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
)

// env is what every subcommand gets: its streams and the clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
}

type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is the whole list of subcommands; a subcommand with words of its own
// (user add, import units) parses them itself.
var commands = map[string]command{
	"serve":    {"chạy máy chủ web (giao diện và API JSON)", cmdServe},
	"migrate":  {"tạo hoặc nâng cấp cấu trúc cơ sở dữ liệu", cmdMigrate},
	"user":     {"quản lý tài khoản: user add", cmdUser},
	"token":    {"tạo mã truy cập API: token create", cmdToken},
	"plan":     {"kiểm tra và nạp tệp kế hoạch: plan load FILE", cmdPlan},
	"import":   {"nhập danh sách từ .xlsx/.csv: import units|enterprises|staff|procedures|dossiers|indicators FILE", cmdImport},
	"calendar": {"lịch ngày làm việc: calendar add|holidays|lunar", cmdCalendar},
	"bench":    {"đo hiệu năng và ghi kết quả vào docs/BENCHMARKS.md", cmdBench},
	"stats":    {"số liệu thống kê: stats dossiers --from NGÀY --to NGÀY (Biểu II.06a)", cmdStats},
	"audit":    {"kiểm tra nhật ký thay đổi không bị sửa, xóa: audit verify", cmdAudit},
	"report":   {"lập báo cáo tổng hợp của Sở (.docx): report render --type so-ket|tong-ket|annual", cmdReport},
	"backup":   {"sao lưu cơ sở dữ liệu vào một tệp khi máy chủ vẫn chạy: backup TỆP", cmdBackup},
	"restore":  {"khôi phục cơ sở dữ liệu từ tệp sao lưu: restore TỆP [--force]", cmdRestore},
}

// exitError carries a specific exit code, e.g. 2 for a rejected import file.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: time.Now}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "Lệnh không tồn tại: %q\n\n", args[0])
		usage(e.stderr)
		return 2
	}
	ctx = audit.WithActor(ctx, audit.Actor{Name: "dòng lệnh"})
	if err := c.run(ctx, e, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		switch {
		case db.IsFull(err):
			fmt.Fprintf(e.stderr, "Lỗi: %s\nChi tiết: %v\n", db.FullMessage, err)
		case db.IsUnavailable(err):
			fmt.Fprintf(e.stderr, "Lỗi: %s\nChi tiết: %v\n", db.UnavailableMessage, err)
		default:
			fmt.Fprintf(e.stderr, "Lỗi: %v\n", translateFlagError(err))
		}
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		return 1
	}
	return 0
}

// translateFlagError says the flag package's errors in Vietnamese.
func translateFlagError(err error) string {
	msg := err.Error()
	for en, vi := range map[string]string{
		"flag provided but not defined: ": "không có tùy chọn ",
		"flag needs an argument: ":        "tùy chọn cần một giá trị: ",
		"invalid value ":                  "giá trị không hợp lệ ",
		"invalid boolean flag ":           "tùy chọn đúng/sai không nhận giá trị: ",
	} {
		if rest, ok := strings.CutPrefix(msg, en); ok {
			return vi + rest
		}
	}
	return msg
}

func usage(w io.Writer) {
	fmt.Fprint(w, `thidua — quản lý phong trào thi đua của Sở, từ kế hoạch đến khen thưởng.

Cách dùng:
  thidua <lệnh> [tùy chọn]

Các lệnh:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Mọi lệnh làm việc với dữ liệu nhận --db: đường dẫn tệp SQLite (mặc định thidua.db,
hoặc biến môi trường THIDUA_DB), hoặc địa chỉ postgres://… để dùng PostgreSQL.

Xem hướng dẫn của từng lệnh: thidua <lệnh> --help
Mọi tùy chọn và biến môi trường THIDUA_…: docs/configuration.md. Cài đặt, nâng cấp,
sao lưu, chạy nhiều tiến trình sau nginx, giám sát (/healthz, /readyz, /metrics):
docs/operations.md.

Ví dụ:
  thidua serve --demo                    chạy với dữ liệu mẫu tại http://localhost:8080
  thidua calendar add 2026-06-08 15      ngày sau 15 ngày làm việc
  thidua import enterprises dn.xlsx --dry-run
  thidua backup /var/backups/thidua/thidua-2026-06-12.backup
`)
}

// subcommand checks that a command with one subcommand got it. When it did not, it
// prints the usage and reports done: with no error for -h/--help, else an error
// naming the missing subcommand.
func subcommand(e *env, args []string, sub, usage string) (done bool, err error) {
	if len(args) > 0 && args[0] == sub {
		return false, nil
	}
	fmt.Fprintln(e.stderr, usage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return true, nil
	}
	return true, fmt.Errorf("thiếu lệnh con (%s)", sub)
}

// newFlags makes a flag set whose help shows the command's usage line and purpose.
func newFlags(e *env, name, usageLine, purpose string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own messages are English; run translates the error instead.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Cách dùng: thidua %s\n\n%s\n\nTùy chọn:\n", usageLine, purpose)
		printFlags(e.stderr, fs)
	}
	return fs
}

// printFlags lists the options in Vietnamese, with their defaults.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(w, "%s\n      %s", line, usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, " (mặc định: %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// dbFlag adds the --db flag every data command shares.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("THIDUA_DB")
	if def == "" {
		def = "thidua.db"
	}
	return fs.String("db", def, "tệp SQLite hoặc địa chỉ postgres://… (biến môi trường THIDUA_DB)")
}

func openDB(ctx context.Context, dsn string) (*db.DB, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("không mở được cơ sở dữ liệu %s: %w", redactURL(dsn), err)
	}
	return d, nil
}

// redactURL hides a password in a postgres:// address before it is printed.
func redactURL(s string) string {
	if !db.IsPostgresURL(s) {
		return s
	}
	at := strings.LastIndexByte(s, '@')
	scheme := strings.Index(s, "://")
	if at < 0 || scheme < 0 {
		return s
	}
	cred := s[scheme+3 : at]
	if user, _, ok := strings.Cut(cred, ":"); ok {
		return s[:scheme+3] + user + ":***" + s[at:]
	}
	return s
}

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "migrate [--db DB]", "Tạo hoặc nâng cấp cấu trúc cơ sở dữ liệu. Máy chủ cũng tự làm việc này khi khởi động.")
	dsn := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintln(e.stdout, "Cơ sở dữ liệu đã ở phiên bản mới nhất.")
	return nil
}
