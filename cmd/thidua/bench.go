package main

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/bench"
	"github.com/thidua/thidua/internal/db"
)

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench",
		"bench [--only participants|dossiers] [--enterprises 100000] [--units 1000] [--staff 10000] [--requests 200] "+
			"[--dossiers 1000000] [--dossiers-xlsx 100000] [--stats-runs 50] [--postgres auto|off|URL] [--out docs/BENCHMARKS.md]",
		`Đo hiệu năng: tạo tệp Excel/CSV gồm các đơn vị, cán bộ và doanh nghiệp, nhập vào một cơ sở dữ liệu
mới (SQLite, rồi PostgreSQL), đo tốc độ nhập (dòng/giây) và thời gian mở trang danh sách doanh nghiệp
khi tìm kiếm (p50, p95, p99). Mục hồ sơ: tạo tệp CSV/Excel gồm các hồ sơ thủ tục hành chính trong 5 năm,
nhập vào cơ sở dữ liệu mới (tốc độ, đỉnh bộ nhớ), kiểm tra bảng tổng hợp theo ngày bằng cách đếm lại, rồi đo
thời gian tính thống kê Biểu II.06a cho một năm, 5 năm và từng đơn vị, và trang chỉ tiêu. Kết quả được ghi vào mục riêng của tệp --out; các mục khác trong tệp
được giữ nguyên. Lệnh chỉ dùng cơ sở dữ liệu tạm của riêng nó, không đụng đến dữ liệu đang dùng,
và chỉ gửi yêu cầu tới chính máy này. Với kích thước mặc định, lệnh chạy vài phút.`)
	units := fs.Int("units", 1000, "số đơn vị")
	staff := fs.Int("staff", 10_000, "số cán bộ")
	enterprises := fs.Int("enterprises", 100_000, "số doanh nghiệp")
	requests := fs.Int("requests", 200, "số lần mở mỗi trang danh sách để tính thời gian")
	pg := fs.String("postgres", "auto", "auto (chạy một máy chủ PostgreSQL tạm nếu máy có cài), off (chỉ đo SQLite), "+
		"hoặc địa chỉ postgres://… của một máy chủ có sẵn, trên đó lệnh tạo rồi xoá một cơ sở dữ liệu riêng")
	dossiers := fs.Int("dossiers", 1_000_000, "số hồ sơ trong tệp CSV của mục hồ sơ")
	dossiersXLSX := fs.Int("dossiers-xlsx", 100_000, "số hồ sơ trong tệp Excel của mục hồ sơ (tệp Excel được đọc cả vào bộ nhớ)")
	statsRuns := fs.Int("stats-runs", 50, "số lần tính mỗi bảng thống kê và mở trang chỉ tiêu để tính thời gian")
	only := fs.String("only", "", "chỉ đo một mục: participants (đơn vị, cán bộ, doanh nghiệp) hoặc dossiers (hồ sơ)")
	out := fs.String("out", "docs/BENCHMARKS.md", "tệp ghi kết quả")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("không cần đối số %q; xem thidua bench --help", fs.Arg(0))
	}
	if *units < 1 || *staff < 0 || *enterprises < 1 || *requests < 1 {
		return fmt.Errorf("--units, --enterprises và --requests phải từ 1 trở lên, --staff không được âm")
	}
	if *only != "" && *only != "participants" && *only != "dossiers" {
		return fmt.Errorf("--only: cần participants hoặc dossiers, không phải %q", *only)
	}
	if *only != "participants" && (*dossiers < 1 || *dossiersXLSX < 1 || *statsRuns < 1) {
		return fmt.Errorf("--dossiers, --dossiers-xlsx và --stats-runs phải từ 1 trở lên")
	}
	if *pg != "auto" && *pg != "off" && !db.IsPostgresURL(*pg) {
		return fmt.Errorf("--postgres: cần auto, off hoặc một địa chỉ postgres://…, không phải %q", *pg)
	}
	start := time.Now()
	rep, err := bench.Run(ctx, bench.Config{Units: *units, Staff: *staff, Enterprises: *enterprises, Requests: *requests,
		Dossiers: *dossiers, DossiersXLSX: *dossiersXLSX, StatsRuns: *statsRuns, Only: *only,
		Postgres: *pg, Progress: e.stdout, Now: e.now})
	if err != nil {
		return err
	}
	if err := rep.WriteFile(*out); err != nil {
		return fmt.Errorf("ghi kết quả: %w", err)
	}
	if *only != "dossiers" {
		fmt.Fprintf(e.stdout, "\n%s", rep.Markdown())
	}
	if len(rep.Dossiers) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.DossierMarkdown())
	}
	fmt.Fprintf(e.stdout, "\nĐã ghi kết quả vào %s (%v).\n", *out, time.Since(start).Round(time.Second))
	return nil
}
