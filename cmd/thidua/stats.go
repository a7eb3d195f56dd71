package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/org"
)

const statsUsage = `Số liệu thống kê.

Cách dùng:
  thidua stats dossiers --from NGÀY --to NGÀY [--unit MÃ] [--field LĨNH_VỰC] [--by-unit] [--json] [--db DB]

Tình hình giải quyết hồ sơ thủ tục hành chính theo Biểu II.06a trong kỳ, cả hai ngày đều
tính: kỳ trước chuyển sang, tiếp nhận (trực tuyến; trực tiếp và bưu chính), đã giải quyết
(trước hạn, đúng hạn, quá hạn), đang giải quyết (trong hạn, quá hạn) tại ngày cuối kỳ, quá
hạn có và không có thư xin lỗi, tỷ lệ giải quyết đúng hạn. NGÀY viết dạng YYYY-MM-DD hoặc
dd/mm/yyyy.

Tùy chọn:
  --unit MÃ         chỉ đơn vị có mã MÃ
  --field TÊN       chỉ các thủ tục thuộc lĩnh vực TÊN (như trong danh mục thủ tục)
  --by-unit         từng đơn vị một dòng
  --json            in JSON; khóa như API /api/v1/dossiers/stats
`

func cmdStats(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, statsUsage)
		return &exitError{code: 2, err: errors.New("thiếu loại số liệu: dossiers")}
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, statsUsage)
		return flag.ErrHelp
	case "dossiers":
		return statsDossiers(ctx, e, args[1:])
	}
	return &exitError{code: 2, err: fmt.Errorf("không có loại số liệu %q; dùng dossiers (xem thidua stats --help)", args[0])}
}

func statsDossiers(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats dossiers", "stats dossiers --from NGÀY --to NGÀY [--unit MÃ] [--field LĨNH_VỰC] [--by-unit] [--json]",
		"Tình hình giải quyết hồ sơ thủ tục hành chính theo Biểu II.06a.")
	from := fs.String("from", "", "ngày đầu kỳ (YYYY-MM-DD hoặc dd/mm/yyyy)")
	to := fs.String("to", "", "ngày cuối kỳ")
	unit := fs.String("unit", "", "mã đơn vị")
	field := fs.String("field", "", "lĩnh vực thủ tục")
	byUnit := fs.Bool("by-unit", false, "từng đơn vị một dòng")
	asJSON := fs.Bool("json", false, "in JSON")
	dsn := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	if fs.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("thừa %q (xem thidua stats --help)", fs.Arg(0))}
	}
	q, err := statsPeriod(*from, *to)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	q.Field = strings.TrimSpace(*field)
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	if *unit != "" {
		u, err := org.NewStore(d, e.now).GetByCode(ctx, *unit)
		if errors.Is(err, db.ErrNotFound) {
			return &exitError{code: 2, err: fmt.Errorf("không có đơn vị mã %q", *unit)}
		}
		if err != nil {
			return err
		}
		q.UnitID = u.ID
	}
	lines, total, err := dossier.NewStore(d, e.now).StatsByUnit(ctx, auth.Scope{All: true}, q)
	if err != nil {
		return err
	}
	switch {
	case *asJSON && *byUnit:
		if lines == nil {
			lines = []dossier.UnitStats{}
		}
		return writeJSONTo(e.stdout, lines)
	case *asJSON:
		return writeJSONTo(e.stdout, total)
	}
	title := "Toàn Sở"
	if *unit != "" {
		title = "Đơn vị " + *unit
	}
	if q.Field != "" {
		title += ", lĩnh vực " + q.Field
	}
	fmt.Fprintf(e.stdout, "Tình hình giải quyết hồ sơ từ %s đến %s — %s\n", q.From.DMY(), q.To.DMY(), title)
	printStats(e.stdout, total)
	if *byUnit {
		for _, l := range lines {
			fmt.Fprintf(e.stdout, "\n%s — %s\n", l.UnitCode, l.UnitName)
			printStats(e.stdout, l.Stats)
		}
	}
	return nil
}

func statsPeriod(from, to string) (dossier.StatsQuery, error) {
	if from == "" || to == "" {
		return dossier.StatsQuery{}, errors.New("cần cả --from và --to, ví dụ --from 2026-01-01 --to 2026-12-31")
	}
	f, err := calendar.ParseDate(from)
	if err != nil {
		return dossier.StatsQuery{}, fmt.Errorf("--from: %w", err)
	}
	t, err := calendar.ParseDate(to)
	if err != nil {
		return dossier.StatsQuery{}, fmt.Errorf("--to: %w", err)
	}
	if t.Before(f) {
		return dossier.StatsQuery{}, fmt.Errorf("ngày cuối kỳ %s trước ngày đầu kỳ %s", t.DMY(), f.DMY())
	}
	return dossier.StatsQuery{From: f, To: t}, nil
}

func writeJSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printStats(w io.Writer, s dossier.Stats) {
	rate := "— (chưa có hồ sơ giải quyết)"
	if s.OnTimeRate != nil {
		rate = strings.Replace(fmt.Sprintf("%.2f%%", *s.OnTimeRate), ".", ",", 1)
	}
	for _, l := range []struct {
		label string
		n     int
	}{
		{"Kỳ trước chuyển sang", s.CarriedOver},
		{"Tiếp nhận trực tuyến", s.ReceivedOnline},
		{"Tiếp nhận trực tiếp, bưu chính", s.ReceivedDirect},
		{"Tổng tiếp nhận trong kỳ", s.ReceivedTotal},
		{"Giải quyết trước hạn", s.ResolvedEarly},
		{"Giải quyết đúng hạn", s.ResolvedOnTime},
		{"Giải quyết quá hạn", s.ResolvedLate},
		{"  trong đó có thư xin lỗi", s.LateWithApology},
		{"  trong đó chưa có thư xin lỗi", s.LateWithoutApology},
		{"Tổng đã giải quyết", s.ResolvedTotal},
		{"Đang giải quyết trong hạn", s.OpenWithin},
		{"Đang giải quyết quá hạn", s.OpenOverdue},
		{"Tổng đang giải quyết", s.OpenTotal},
	} {
		fmt.Fprintf(w, "  %-32s %8d\n", l.label, l.n)
	}
	fmt.Fprintf(w, "  %-32s %s\n", "Tỷ lệ giải quyết đúng hạn", rate)
}
