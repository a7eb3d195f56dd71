package main

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
)

func cmdAudit(ctx context.Context, e *env, args []string) error {
	if done, err := subcommand(e, args, "verify", "Cách dùng: thidua audit verify [--db …]"); done {
		return err
	}
	fs := newFlags(e, "audit verify", "audit verify [--since MÃ_BĂM] [--db …]",
		"Kiểm tra nhật ký thay đổi: tính lại mã băm của từng bản ghi theo chuỗi, từ bản ghi đầu tiên.\n"+
			"In \"toàn vẹn\" và mã băm đầu chuỗi (nên ghi lại ở nơi khác để đối chiếu), hoặc bản ghi đầu tiên\n"+
			"bị sửa, bị xóa hay bị chèn thêm, với mã thoát 1. --since: mã băm đầu chuỗi in ra lần trước;\n"+
			"chuỗi phải còn đi qua nó, nếu không các bản ghi đến lúc đó đã bị viết lại cả chuỗi.")
	dsn := dbFlag(fs)
	since := fs.String("since", "", "mã băm đầu chuỗi đã ghi lại lần kiểm tra trước")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := audit.Verify(ctx, d.Read())
	if err != nil {
		return err
	}
	if b := res.Broken; b != nil {
		place, intact := "", res.Entries
		if b.Seq > 0 {
			place, intact = fmt.Sprintf(", số %d trong chuỗi", b.Seq), b.Seq-1
		}
		return &exitError{1, fmt.Errorf("nhật ký thay đổi đã bị can thiệp: bản ghi mã %d (lúc %s%s) %s. %d bản ghi đứng trước vẫn toàn vẹn",
			b.ID, vnTime(b.At), place, b.Reason, intact)}
	}
	if *since != "" {
		seq, err := audit.Place(ctx, d.Read(), *since)
		if err != nil {
			return err
		}
		if seq == 0 {
			return &exitError{1, fmt.Errorf("nhật ký thay đổi đã bị viết lại: chuỗi không còn đi qua mã băm %s đã ghi lại trước đây", *since)}
		}
		fmt.Fprintf(e.stdout, "Chuỗi vẫn đi qua mã băm đã ghi lại (bản ghi số %d).\n", seq)
	}
	fmt.Fprintf(e.stdout, "Nhật ký thay đổi toàn vẹn: %d bản ghi, mã băm đầu chuỗi %s\n", res.Entries, res.Head)
	return nil
}

// vnTime writes an instant as people in Lạng Sơn read it.
func vnTime(t time.Time) string {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	return t.In(loc).Format("02/01/2006 15:04:05")
}
