package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/report"
)

const planUsage = `Kế hoạch phong trào thi đua: kiểm tra và nạp tệp kế hoạch (YAML) vào cơ sở dữ liệu.

Cách dùng:
  thidua plan load TỆP [--dry-run] [--db DB]   kiểm tra TỆP rồi nạp kế hoạch
  thidua plan list [--db DB]                   các kế hoạch đã nạp, mới nhất trước

Tệp có lỗi thì không nạp gì: mỗi lỗi được in ra một dòng "tệp:dòng: mục: lỗi" để sửa.
Nạp lại một kế hoạch cùng mã sẽ cập nhật kế hoạch đó, thay chỉ tiêu, giai đoạn và hạn báo
cáo bằng nội dung của tệp mới. Cách viết tệp: docs/plan-format.md.
`

func cmdPlan(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, planUsage)
		return &exitError{code: 2, err: errors.New("thiếu lệnh con: load hoặc list")}
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, planUsage)
		return flag.ErrHelp
	case "load":
		return planLoad(ctx, e, args[1:])
	case "list":
		return planList(ctx, e, args[1:])
	}
	return &exitError{code: 2, err: fmt.Errorf("lệnh con không tồn tại: %q (dùng load hoặc list; xem thidua plan --help)", args[0])}
}

func planLoad(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "plan load", "plan load TỆP [--dry-run] [--db DB]",
		"Kiểm tra tệp kế hoạch rồi nạp vào cơ sở dữ liệu. Tệp có lỗi thì không nạp gì.")
	dryRun := fs.Bool("dry-run", false, "chỉ kiểm tra tệp, không nạp và không mở cơ sở dữ liệu")
	dsn := dbFlag(fs)
	// Flags may come after the file too ("plan load kh.yaml --db x"): parse again
	// after taking the file name, since package flag stops at the first argument.
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("thiếu tên tệp kế hoạch")}
	}
	file := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("chỉ nạp một tệp mỗi lần; thừa %q", fs.Arg(0))}
	}

	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("không đọc được tệp kế hoạch: %w", err)
	}
	p, problems := plan.Parse(file, data)
	if len(problems) > 0 {
		for _, pr := range problems {
			fmt.Fprintln(e.stderr, pr)
		}
		return &exitError{code: 2, err: fmt.Errorf("tệp %s có %d lỗi, chưa nạp gì; sửa các lỗi trên rồi chạy lại", file, len(problems))}
	}
	if *dryRun {
		fmt.Fprintf(e.stdout, "Kiểm tra xong, không có lỗi: kế hoạch %s, %d chỉ tiêu, %d giai đoạn.\n", p.Code, len(p.Targets), len(p.Phases))
		return nil
	}

	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	_, created, err := plan.NewStore(d, e.now).Load(ctx, p, file)
	if err != nil {
		return fmt.Errorf("nạp kế hoạch %s: %w", p.Code, err)
	}
	fmt.Fprintf(e.stdout, "Đã nạp kế hoạch %s (%s): %d chỉ tiêu, %d giai đoạn\n", p.Code, p.Title, len(p.Targets), len(p.Phases))
	if err := syncReports(ctx, e, d); err != nil {
		return err
	}
	if !created {
		fmt.Fprintln(e.stdout, "Kế hoạch này đã có nên được cập nhật: chỉ tiêu, giai đoạn, hạn báo cáo và nội dung thi đua cũ đã được thay bằng nội dung của tệp.")
	}
	return nil
}

func planList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "plan list", "plan list [--db DB]", "Liệt kê các kế hoạch đã nạp, mới nhất trước.")
	dsn := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("plan list không nhận đối số %q", fs.Arg(0))}
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	movements, err := plan.NewStore(d, e.now).List(ctx)
	if err != nil {
		return fmt.Errorf("đọc danh sách kế hoạch: %w", err)
	}
	if len(movements) == 0 {
		fmt.Fprintln(e.stdout, "Chưa có kế hoạch nào. Nạp kế hoạch bằng: thidua plan load TỆP")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "MÃ\tTỪ NGÀY\tĐẾN NGÀY\tNẠP TỪ TỆP\tTÊN")
	for _, m := range movements {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", m.Code, m.Period.Start.DMY(), m.Period.End.DMY(), m.Source, m.Title)
	}
	return w.Flush()
}

// syncReports makes the dated reports of every loaded plan (sơ kết, tổng kết) into
// reports the units are asked for, once each.
func syncReports(ctx context.Context, e *env, d *db.DB) error {
	plans := plan.NewStore(d, e.now)
	movements, err := plans.List(ctx)
	if err != nil {
		return err
	}
	reports := report.NewStore(d, e.now, nil)
	for _, m := range movements {
		full, err := plans.GetByID(ctx, m.ID)
		if err != nil {
			return err
		}
		n, err := reports.SyncFromPlan(ctx, full)
		if err != nil {
			return fmt.Errorf("tạo các báo cáo của kế hoạch %s: %w", m.Code, err)
		}
		if n > 0 {
			fmt.Fprintf(e.stdout, "Đã tạo %d yêu cầu báo cáo theo kế hoạch %s.\n", n, m.Code)
		}
	}
	return nil
}
