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
		"bench [--enterprises 100000] [--units 1000] [--staff 10000] [--requests 200] [--postgres auto|off|URL] [--out docs/BENCHMARKS.md]",
		`Đo hiệu năng: tạo tệp Excel/CSV gồm các đơn vị, cán bộ và doanh nghiệp, nhập vào một cơ sở dữ liệu
mới (SQLite, rồi PostgreSQL), đo tốc độ nhập (dòng/giây) và thời gian mở trang danh sách doanh nghiệp
khi tìm kiếm (p50, p95, p99). Kết quả được ghi vào mục riêng của tệp --out; các mục khác trong tệp
được giữ nguyên. Lệnh chỉ dùng cơ sở dữ liệu tạm của riêng nó, không đụng đến dữ liệu đang dùng,
và chỉ gửi yêu cầu tới chính máy này. Với kích thước mặc định, lệnh chạy vài phút.`)
	units := fs.Int("units", 1000, "số đơn vị")
	staff := fs.Int("staff", 10_000, "số cán bộ")
	enterprises := fs.Int("enterprises", 100_000, "số doanh nghiệp")
	requests := fs.Int("requests", 200, "số lần mở mỗi trang danh sách để tính thời gian")
	pg := fs.String("postgres", "auto", "auto (chạy một máy chủ PostgreSQL tạm nếu máy có cài), off (chỉ đo SQLite), "+
		"hoặc địa chỉ postgres://… của một máy chủ có sẵn, trên đó lệnh tạo rồi xoá một cơ sở dữ liệu riêng")
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
	if *pg != "auto" && *pg != "off" && !db.IsPostgresURL(*pg) {
		return fmt.Errorf("--postgres: cần auto, off hoặc một địa chỉ postgres://…, không phải %q", *pg)
	}
	start := time.Now()
	rep, err := bench.Run(ctx, bench.Config{Units: *units, Staff: *staff, Enterprises: *enterprises, Requests: *requests,
		Postgres: *pg, Progress: e.stdout, Now: e.now})
	if err != nil {
		return err
	}
	if err := rep.WriteFile(*out); err != nil {
		return fmt.Errorf("ghi kết quả: %w", err)
	}
	fmt.Fprintf(e.stdout, "\n%s\nĐã ghi kết quả vào %s (%v).\n", rep.Markdown(), *out, time.Since(start).Round(time.Second))
	return nil
}
