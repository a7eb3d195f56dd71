package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/auth"
)

func cmdUser(ctx context.Context, e *env, args []string) error {
	if done, err := subcommand(e, args, "add", "Cách dùng: thidua user add --username TÊN --role VAI_TRÒ [--unit MÃ_ĐƠN_VỊ] [--enterprise MÃ_SỐ_THUẾ] [--name \"Họ tên\"] [--email …]"); done {
		return err
	}
	fs := newFlags(e, "user add", "user add --username TÊN --role VAI_TRÒ [--unit MÃ] [--enterprise MST] < mật_khẩu",
		"Tạo tài khoản. Mật khẩu đọc từ đầu vào chuẩn (dòng đầu tiên), ví dụ:\n  echo 'mat-khau-du-dai' | thidua user add --username vp --role office\n"+
			"Vai trò: office (Văn phòng Sở), leader (Lãnh đạo Sở), planning (Phòng Kế hoạch - Tài chính),\n"+
			"unit_manager, unit_staff (cần --unit), council (hội đồng), enterprise (cần --enterprise).")
	dsn := dbFlag(fs)
	username := fs.String("username", "", "tên đăng nhập")
	role := fs.String("role", "", "vai trò")
	unit := fs.String("unit", "", "mã đơn vị (với unit_manager, unit_staff)")
	ent := fs.String("enterprise", "", "mã số thuế (với enterprise)")
	name := fs.String("name", "", "họ tên")
	email := fs.String("email", "", "thư điện tử")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("không đọc được mật khẩu từ đầu vào chuẩn")
	}
	password := strings.TrimRight(line, "\r\n")
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := auth.NewStore(d, e.now).CreateUser(ctx, auth.NewUser{Username: *username, FullName: *name, Email: *email,
		Role: auth.Role(*role), UnitCode: *unit, EnterpriseTC: *ent, Password: password})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã tạo tài khoản %s (%s).\n", u.Username, u.Role.Label())
	return nil
}

func cmdToken(ctx context.Context, e *env, args []string) error {
	if done, err := subcommand(e, args, "create", "Cách dùng: thidua token create --username TÊN [--name MÔ_TẢ]"); done {
		return err
	}
	fs := newFlags(e, "token create", "token create --username TÊN [--name MÔ_TẢ]",
		"In ra một mã truy cập API cho tài khoản. Dùng mã trong tiêu đề Authorization: Bearer MÃ. Mã chỉ hiện một lần.")
	dsn := dbFlag(fs)
	username := fs.String("username", "", "tên đăng nhập")
	name := fs.String("name", "", "mô tả mã (ví dụ: tích hợp một cửa)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	tok, err := auth.NewStore(d, e.now).CreateToken(ctx, *username, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tok)
	return nil
}
