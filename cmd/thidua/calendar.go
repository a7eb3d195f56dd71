package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/petition"
)

const calendarUsage = `Lịch ngày làm việc: tính hạn theo ngày làm việc, xem ngày nghỉ lễ và ngày âm lịch,
ghi lịch nghỉ chính thức của từng năm.

Cách dùng:
  thidua calendar add NGÀY SỐ_NGÀY [--explain]   ngày làm việc thứ SỐ_NGÀY sau NGÀY
                                                 (NGÀY không tính; --explain: giải thích cách tính)
  thidua calendar holidays NĂM                   các ngày nghỉ lễ, tết, nghỉ bù, nghỉ thêm trong năm
  thidua calendar lunar NGÀY                     ngày âm lịch của NGÀY
  thidua calendar overrides NĂM                  các điều chỉnh đã ghi cho năm
  thidua calendar set NGÀY --off --name TÊN      ghi NGÀY là ngày nghỉ (vd. nghỉ Tết thêm theo thông báo)
  thidua calendar set NGÀY --work --name TÊN     ghi NGÀY là ngày làm việc (vd. làm bù thứ Bảy)
  thidua calendar unset NGÀY                     bỏ điều chỉnh, NGÀY trở lại như lịch tính sẵn

NGÀY viết dạng YYYY-MM-DD hoặc dd/mm/yyyy. Mọi lệnh nhận --db như các lệnh khác.

Lịch tính sẵn: nghỉ thứ Bảy, Chủ nhật; Tết Dương lịch 1/1; Tết Nguyên đán (ngày cuối năm
âm lịch và 4 ngày đầu năm mới); Giỗ Tổ Hùng Vương 10/3 âm lịch; 30/4; 1/5; 2/9 và một ngày
liền kề; ngày lễ trùng thứ Bảy, Chủ nhật thì nghỉ bù vào ngày làm việc kế tiếp. Chính phủ
công bố lịch nghỉ chính thức hằng năm: ngày nào khác lịch tính sẵn thì ghi bằng set.
`

func cmdCalendar(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, calendarUsage)
		return errors.New("thiếu lệnh con: add, holidays, lunar, overrides, set hoặc unset")
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, calendarUsage)
		return flag.ErrHelp
	case "add":
		return calendarAdd(ctx, e, args[1:])
	case "holidays":
		return calendarHolidays(ctx, e, args[1:])
	case "lunar":
		return calendarLunar(e, args[1:])
	case "overrides":
		return calendarOverrides(ctx, e, args[1:])
	case "set":
		return calendarSet(ctx, e, args[1:])
	case "unset":
		return calendarUnset(ctx, e, args[1:])
	}
	return fmt.Errorf("lệnh con không tồn tại: %q (dùng add, holidays, lunar, overrides, set hoặc unset; xem thidua calendar --help)", args[0])
}

// parseMixed parses flags that may come before, between or after the positional
// arguments ("add 2026-06-08 15 --db x"), which flag.Parse alone does not allow. A
// negative number is an argument, not a flag.
func parseMixed(fs *flag.FlagSet, args []string, want int, names string) ([]string, error) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if _, err := strconv.Atoi(a); err == nil || len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, err
	}
	if len(pos) != want {
		return nil, fmt.Errorf("cần đúng %d đối số: %s (nhận được %d; xem thidua calendar --help)", want, names, len(pos))
	}
	return pos, nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func parseDateArg(name, s string) (calendar.Date, error) {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}, fmt.Errorf("đối số %s: %w", name, err)
	}
	return d, nil
}

func parseYearArg(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || y < calendar.MinYear || y > calendar.MaxYear {
		return 0, fmt.Errorf("đối số NĂM: %q không phải năm hợp lệ (cần một năm từ %d đến %d, ví dụ 2026)", s, calendar.MinYear, calendar.MaxYear)
	}
	return y, nil
}

// loadCalendar opens the database and returns the calendar with its overrides.
func loadCalendar(ctx context.Context, e *env, dsn string) (*calendar.Calendar, error) {
	d, err := openDB(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	cal, err := calendar.NewStore(d, e.now).Calendar(ctx)
	if err != nil {
		return nil, fmt.Errorf("không đọc được các điều chỉnh lịch: %w", err)
	}
	return cal, nil
}

// maxCount keeps a mistyped count from walking far past the years the calendar knows.
const maxCount = 10000

func calendarAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar add", "calendar add NGÀY SỐ_NGÀY [--explain] [--db DB]",
		"In ra ngày làm việc thứ SỐ_NGÀY sau NGÀY (NGÀY không tính), bỏ qua cuối tuần, ngày lễ, tết,\n"+
			"nghỉ bù và các ngày nghỉ đã ghi. SỐ_NGÀY âm thì đếm lùi.")
	explain := fs.Bool("explain", false, "in thêm một dòng giải thích: đã trừ những ngày nghỉ nào")
	dsn := dbFlag(fs)
	pos, err := parseMixed(fs, args, 2, "NGÀY và SỐ_NGÀY, ví dụ: thidua calendar add 2026-06-08 15")
	if err != nil {
		return err
	}
	start, err := parseDateArg("NGÀY", pos[0])
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(pos[1])
	if err != nil {
		return fmt.Errorf("đối số SỐ_NGÀY: %q không phải số nguyên (ví dụ 15)", pos[1])
	}
	if n > maxCount || n < -maxCount {
		return fmt.Errorf("đối số SỐ_NGÀY: %d quá lớn (tối đa %d ngày làm việc)", n, maxCount)
	}
	cal, err := loadCalendar(ctx, e, *dsn)
	if err != nil {
		return err
	}
	x := cal.Explain(start, n)
	if x.End.Year < calendar.MinYear || x.End.Year > calendar.MaxYear {
		return fmt.Errorf("kết quả %s nằm ngoài khoảng năm %d–%d mà lịch hỗ trợ", x.End.DMY(), calendar.MinYear, calendar.MaxYear)
	}
	fmt.Fprintln(e.stdout, x.End)
	if *explain {
		fmt.Fprintln(e.stdout, x)
	}
	return nil
}

func calendarHolidays(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar holidays", "calendar holidays NĂM [--db DB]",
		"Liệt kê các ngày nghỉ trong NĂM, mỗi dòng một ngày: ngày lễ, tết (kể cả khi trùng cuối tuần),\n"+
			"nghỉ bù và các ngày nghỉ đã ghi; không liệt kê thứ Bảy, Chủ nhật thông thường.")
	dsn := dbFlag(fs)
	pos, err := parseMixed(fs, args, 1, "NĂM, ví dụ: thidua calendar holidays 2027")
	if err != nil {
		return err
	}
	y, err := parseYearArg(pos[0])
	if err != nil {
		return err
	}
	cal, err := loadCalendar(ctx, e, *dsn)
	if err != nil {
		return err
	}
	for _, d := range cal.Holidays(y) {
		printDayOff(e.stdout, d)
	}
	return nil
}

func printDayOff(w io.Writer, d calendar.Day) {
	line := d.Date.String() + "  " + d.Name
	if w := d.Date.Weekday(); w == 0 || w == 6 {
		line += " — " + calendar.WeekdayName(w)
	}
	if d.Kind == calendar.KindAddedOff {
		line += " — nghỉ theo điều chỉnh"
	}
	fmt.Fprintln(w, line)
}

func calendarLunar(e *env, args []string) error {
	fs := newFlags(e, "calendar lunar", "calendar lunar NGÀY",
		"In ra ngày âm lịch Việt Nam (múi giờ UTC+7) của NGÀY, dạng dd/mm/yyyy, thêm chữ \"nhuận\" nếu là tháng nhuận.")
	dbFlag(fs) // accepted like every data command; the lunar calendar needs no data
	pos, err := parseMixed(fs, args, 1, "NGÀY, ví dụ: thidua calendar lunar 2026-02-17")
	if err != nil {
		return err
	}
	d, err := parseDateArg("NGÀY", pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, calendar.SolarToLunar(d))
	return nil
}

// flagOfField names the command-line option behind a store field, so that an error
// points at what to retype.
var flagOfField = map[string]string{"date": "NGÀY", "name": "--name", "note": "--note"}

func calendarSet(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar set", "calendar set NGÀY (--off | --work) --name TÊN [--note GHI_CHÚ] [--db DB]",
		"Ghi một điều chỉnh của lịch: NGÀY là ngày nghỉ (--off), ví dụ ngày nghỉ Tết thêm theo thông báo\n"+
			"của Chính phủ, hoặc ngày làm việc (--work), ví dụ thứ Bảy làm bù hay một ngày lễ tính sẵn\n"+
			"nhưng năm nay đi làm. Ghi lại lần nữa cho cùng NGÀY thì thay điều chỉnh cũ.")
	off := fs.Bool("off", false, "NGÀY là ngày nghỉ")
	work := fs.Bool("work", false, "NGÀY là ngày làm việc")
	name := fs.String("name", "", "tên ngày hoặc lý do, ví dụ \"Nghỉ Tết theo thông báo\", \"Làm bù\" (bắt buộc)")
	note := fs.String("note", "", "ghi chú, ví dụ số văn bản thông báo")
	dsn := dbFlag(fs)
	pos, err := parseMixed(fs, args, 1, "NGÀY, ví dụ: thidua calendar set 2026-02-20 --off --name \"Nghỉ Tết theo thông báo\"")
	if err != nil {
		return err
	}
	date, err := parseDateArg("NGÀY", pos[0])
	if err != nil {
		return err
	}
	if *off == *work {
		return errors.New("cần chọn đúng một trong hai tùy chọn: --off (ngày nghỉ) hoặc --work (ngày làm việc)")
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	o, err := calendar.NewStore(d, e.now).Set(ctx, calendar.Override{Date: date, Working: *work, Name: *name, Note: *note})
	if err != nil {
		var fe *calendar.FieldError
		if errors.As(err, &fe) {
			return fmt.Errorf("%s: %w", flagOfField[fe.Field], err)
		}
		return fmt.Errorf("không lưu được điều chỉnh: %w", err)
	}
	what := "ngày nghỉ"
	if o.Working {
		what = "ngày làm việc"
	}
	fmt.Fprintf(e.stdout, "Đã ghi: %s (%s) là %s — %s.\n", o.Date.DMY(), calendar.WeekdayName(o.Date.Weekday()), what, o.Name)
	if err := refreshPetitionDeadlines(ctx, e, d); err != nil {
		return err
	}
	// Recording what the computed calendar already says is harmless, but usually a
	// mistyped date, so say so.
	if calendar.Default().IsWorkingDay(date) == o.Working {
		fmt.Fprintf(e.stderr, "Lưu ý: theo lịch tính sẵn, %s vốn đã là %s.\n", date.DMY(), what)
	}
	return nil
}

func calendarUnset(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar unset", "calendar unset NGÀY [--db DB]",
		"Bỏ điều chỉnh đã ghi cho NGÀY; NGÀY trở lại như lịch tính sẵn.")
	dsn := dbFlag(fs)
	pos, err := parseMixed(fs, args, 1, "NGÀY, ví dụ: thidua calendar unset 2026-02-20")
	if err != nil {
		return err
	}
	date, err := parseDateArg("NGÀY", pos[0])
	if err != nil {
		return err
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := calendar.NewStore(d, e.now).Delete(ctx, date); err != nil {
		return err
	}
	now := "ngày làm việc"
	if name, off := calendar.Default().DayOff(date); off {
		now = "ngày nghỉ (" + name + ")"
	}
	fmt.Fprintf(e.stdout, "Đã bỏ điều chỉnh ngày %s; theo lịch tính sẵn, đây là %s.\n", date.DMY(), now)
	return refreshPetitionDeadlines(ctx, e, d)
}

func calendarOverrides(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar overrides", "calendar overrides NĂM [--db DB]",
		"Liệt kê các điều chỉnh đã ghi cho NĂM: mỗi dòng một ngày, là ngày nghỉ hay ngày làm việc, tên và ghi chú.")
	dsn := dbFlag(fs)
	pos, err := parseMixed(fs, args, 1, "NĂM, ví dụ: thidua calendar overrides 2026")
	if err != nil {
		return err
	}
	y, err := parseYearArg(pos[0])
	if err != nil {
		return err
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	list, err := calendar.NewStore(d, e.now).Overrides(ctx, y)
	if err != nil {
		return fmt.Errorf("không đọc được các điều chỉnh lịch: %w", err)
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stderr, "Năm %d chưa có điều chỉnh nào: lịch tính sẵn được dùng nguyên vẹn.\n", y)
	}
	for _, o := range list {
		what := "nghỉ"
		if o.Working {
			what = "làm việc"
		}
		line := fmt.Sprintf("%s  %-8s  %s", o.Date, what, o.Name)
		if o.Note != "" {
			line += " — " + o.Note
		}
		fmt.Fprintln(e.stdout, line)
	}
	return nil
}

// refreshPetitionDeadlines recounts the open petitions' deadlines by the changed calendar.
func refreshPetitionDeadlines(ctx context.Context, e *env, d *db.DB) error {
	n, err := petition.NewStore(d, e.now).RefreshDeadlines(ctx)
	if err != nil {
		return fmt.Errorf("tính lại thời hạn phản ánh, kiến nghị: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(e.stdout, "Đã tính lại thời hạn của %d phản ánh, kiến nghị đang xử lý.\n", n)
	}
	return nil
}
