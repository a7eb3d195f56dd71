package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/obs"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/web"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "serve [--addr :8080] [--db thidua.db] [--demo]",
		"Chạy máy chủ web. Lần chạy đầu tiên tạo cơ sở dữ liệu, nạp kế hoạch có sẵn và tạo tài khoản quản trị (in mật khẩu dùng một lần).")
	defAddr := os.Getenv("THIDUA_ADDR")
	if defAddr == "" {
		defAddr = ":8080"
	}
	addr := fs.String("addr", defAddr, "địa chỉ lắng nghe (biến môi trường THIDUA_ADDR)")
	dsn := dbFlag(fs)
	defBase := os.Getenv("THIDUA_BASE_URL")
	if defBase == "" {
		defBase = "http://localhost:8080"
	}
	baseURL := fs.String("base-url", defBase, "địa chỉ người dùng truy cập, cho các liên kết trong thư (biến môi trường THIDUA_BASE_URL)")
	proxies := fs.String("trusted-proxies", os.Getenv("THIDUA_TRUSTED_PROXIES"),
		"địa chỉ hoặc dải mạng của bộ cân bằng tải / reverse proxy phía trước, cách nhau bởi dấu phẩy: với yêu cầu từ đó, địa chỉ người dùng lấy từ X-Forwarded-For (biến môi trường THIDUA_TRUSTED_PROXIES)")
	demo := fs.Bool("demo", false, "nạp dữ liệu mẫu (đơn vị, cán bộ, doanh nghiệp, tài khoản cho từng vai trò) nếu chưa có")
	logFormat := fs.String("log-format", os.Getenv("THIDUA_LOG_FORMAT"), "nhật ký dạng json hoặc text; bỏ trống: text khi in ra màn hình, json khi không (biến môi trường THIDUA_LOG_FORMAT)")
	logLevel := fs.String("log-level", envOr("THIDUA_LOG_LEVEL", "info"), "mức nhật ký: debug (kể cả /healthz, /readyz, /metrics), info, warn, error (biến môi trường THIDUA_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	trusted, err := web.ParseProxies(*proxies)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--trusted-proxies: %w", err)}
	}
	logger, err := obs.NewLogger(e.stderr, *logFormat, *logLevel)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	// The job queue and the libraries log through the default logger.
	slog.SetDefault(logger)
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	// Several servers may start at once on one PostgreSQL: one prepares, the others
	// wait and find it done.
	if err := d.Exclusive(ctx, db.LockFirstStart, func() error { return prepare(ctx, e, d, *demo) }); err != nil {
		return err
	}
	smtpCfg, err := notify.SMTPFromEnv()
	if err != nil {
		return err
	}
	deps := web.Deps{DB: d, Now: e.now, Logger: logger, BaseURL: *baseURL, MetricsToken: os.Getenv("THIDUA_METRICS_TOKEN"),
		TrustedProxies: trusted}
	if smtpCfg != nil {
		deps.Mailer = notify.NewMailer(*smtpCfg)
		fmt.Fprintf(e.stdout, "Thư điện tử gửi qua %s:%d.\n", smtpCfg.Host, smtpCfg.Port)
	} else {
		fmt.Fprintln(e.stdout, "Chưa cấu hình máy chủ thư (THIDUA_SMTP_HOST): thư được giữ ở trang Hộp thư đi.")
	}
	srv, err := web.New(deps)
	if err != nil {
		return err
	}
	bg, stopBackground := context.WithCancel(context.Background())
	defer stopBackground()
	srv.Background(bg)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("không lắng nghe được ở %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(e.stdout, "thidua đang chạy tại http://%s (cơ sở dữ liệu: %s). Nhấn Ctrl+C để dừng.\n", displayAddr(ln.Addr()), redactURL(*dsn))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Let requests in flight finish before the database closes.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// A job cut short here is taken again, whole, when its lease runs out.
	stopBackground()
	fmt.Fprintln(e.stdout, "Đã dừng.")
	return nil
}

// envOr is the environment variable name, or def when it is empty.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// prepare does what a first start needs: the first administrator, the shipped plans,
// and the demo data when asked for.
func prepare(ctx context.Context, e *env, d *db.DB, demo bool) error {
	loaded, err := plan.LoadEmbedded(ctx, plan.NewStore(d, e.now))
	if err != nil {
		return fmt.Errorf("nạp kế hoạch có sẵn: %w", err)
	}
	for _, name := range loaded {
		fmt.Fprintf(e.stdout, "Đã nạp kế hoạch %s.\n", name)
	}
	if err := syncReports(ctx, e, d); err != nil {
		return err
	}
	if demo {
		if err := loadDemo(ctx, e, d); err != nil {
			return err
		}
	}
	pw, err := auth.NewStore(d, e.now).EnsureAdmin(ctx)
	if err != nil {
		return fmt.Errorf("tạo tài khoản quản trị: %w", err)
	}
	if pw != "" {
		fmt.Fprintf(e.stdout, "Đã tạo tài khoản quản trị đầu tiên: tên đăng nhập admin, mật khẩu dùng một lần %s (phải đổi khi đăng nhập).\n", pw)
	}
	return nil
}
