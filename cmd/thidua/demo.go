package main

import (
	"context"
	"fmt"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/demo"
)

// loadDemo fills the database with the demo data set once; later starts with --demo
// keep what is there.
func loadDemo(ctx context.Context, e *env, d *db.DB) error {
	done, err := demo.Loaded(ctx, d)
	if err != nil {
		return err
	}
	if !done {
		fmt.Fprintln(e.stdout, "Đang nạp dữ liệu mẫu…")
		if err := demo.Load(ctx, d, e.now); err != nil {
			return fmt.Errorf("nạp dữ liệu mẫu: %w", err)
		}
	}
	fmt.Fprintf(e.stdout, "Dữ liệu mẫu: đăng nhập bằng một trong các tài khoản sau, mật khẩu %s\n", demo.Password)
	for _, a := range demo.Accounts("") {
		fmt.Fprintf(e.stdout, "  %-12s %s\n", a.Username, a.Role.Label())
	}
	return nil
}
