package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
)

func holidayLines(days []calendar.Day) string {
	var b strings.Builder
	for _, d := range days {
		fmt.Fprintf(&b, "%s %s\n", d.Date, d.Name)
	}
	return b.String()
}

func TestHolidays2026(t *testing.T) {
	want := `2026-01-01 Tết Dương lịch
2026-02-16 Tết Nguyên đán (29 tháng Chạp)
2026-02-17 Tết Nguyên đán (mùng 1)
2026-02-18 Tết Nguyên đán (mùng 2)
2026-02-19 Tết Nguyên đán (mùng 3)
2026-02-20 Tết Nguyên đán (mùng 4)
2026-04-26 Giỗ Tổ Hùng Vương
2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương
2026-04-30 Ngày Chiến thắng
2026-05-01 Ngày Quốc tế Lao động
2026-09-02 Quốc khánh
2026-09-03 Quốc khánh
`
	if got := holidayLines(calendar.Default().Holidays(2026)); got != want {
		t.Errorf("holidays 2026:\n%s\nwant:\n%s", got, want)
	}
}

// 2027: Tết starts on a Saturday and 1 May is a Saturday, so there are compensatory
// days after Tết and on Monday 3 May.
func TestHolidays2027(t *testing.T) {
	want := `2027-01-01 Tết Dương lịch
2027-02-05 Tết Nguyên đán (29 tháng Chạp)
2027-02-06 Tết Nguyên đán (mùng 1)
2027-02-07 Tết Nguyên đán (mùng 2)
2027-02-08 Tết Nguyên đán (mùng 3)
2027-02-09 Tết Nguyên đán (mùng 4)
2027-02-10 Nghỉ bù Tết Nguyên đán (mùng 1)
2027-02-11 Nghỉ bù Tết Nguyên đán (mùng 2)
2027-04-16 Giỗ Tổ Hùng Vương
2027-04-30 Ngày Chiến thắng
2027-05-01 Ngày Quốc tế Lao động
2027-05-03 Nghỉ bù Ngày Quốc tế Lao động
2027-09-02 Quốc khánh
2027-09-03 Quốc khánh
`
	if got := holidayLines(calendar.Default().Holidays(2027)); got != want {
		t.Errorf("holidays 2027:\n%s\nwant:\n%s", got, want)
	}
}

// The days the government actually gave public servants in years the default rules
// can reproduce; checks the 2 September choice for five different weekdays and
// compensatory days that queue behind each other.
func TestHolidaysMatchPastAnnouncements(t *testing.T) {
	cal := calendar.Default()
	cases := []struct {
		year int
		off  []string
	}{
		{2021, []string{"2021-05-03", "2021-09-02", "2021-09-03"}},
		{2022, []string{"2022-04-11", "2022-05-02", "2022-05-03", "2022-09-01", "2022-09-02"}},
		{2023, []string{"2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04"}},
		{2024, []string{"2024-09-02", "2024-09-03"}},
		{2025, []string{"2025-09-01", "2025-09-02"}},
	}
	for _, c := range cases {
		for _, s := range c.off {
			if d := mustDate(t, s); cal.IsWorkingDay(d) {
				t.Errorf("%s should be a day off", s)
			}
		}
	}
	for _, s := range []string{"2021-09-01", "2022-09-05", "2023-09-05", "2024-08-30", "2025-09-03"} {
		if !cal.IsWorkingDay(mustDate(t, s)) {
			t.Errorf("%s should be a working day", s)
		}
	}
}

// With the other Tết option (two days before, three after) the days off move; the
// choice is data, not code. Tết 2025 began on Wednesday 29 January.
func TestRulesTetChoice(t *testing.T) {
	r := calendar.DefaultRules
	r.TetDaysBefore, r.TetDaysAfter = 2, 3
	other, def := calendar.New(r, nil), calendar.Default()
	for _, c := range []struct {
		date           string
		offDef, offAlt bool
	}{
		{"2025-01-27", false, true}, // 28 tháng Chạp, Monday
		{"2025-01-28", true, true},
		{"2025-01-31", true, true},
		{"2025-02-03", true, false}, // nghỉ bù for mùng 4 on Saturday, default only
	} {
		d := mustDate(t, c.date)
		if got := !def.IsWorkingDay(d); got != c.offDef {
			t.Errorf("default: %s off = %v, want %v", c.date, got, c.offDef)
		}
		if got := !other.IsWorkingDay(d); got != c.offAlt {
			t.Errorf("2+3 option: %s off = %v, want %v", c.date, got, c.offAlt)
		}
	}
	if name, _ := other.DayOff(mustDate(t, "2025-01-27")); name != "Tết Nguyên đán (28 tháng Chạp)" {
		t.Errorf("2025-01-27 is %q", name)
	}
}

func TestDayOffReasons(t *testing.T) {
	cal := calendar.Default()
	cases := []struct {
		date, name string
		off        bool
	}{
		{"2026-09-02", "Quốc khánh", true},
		{"2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương", true},
		{"2026-06-13", "Thứ Bảy", true},
		{"2026-06-14", "Chủ nhật", true},
		{"2026-06-15", "", false},
	}
	for _, c := range cases {
		name, off := cal.DayOff(mustDate(t, c.date))
		if name != c.name || off != c.off {
			t.Errorf("DayOff(%s) = %q, %v; want %q, %v", c.date, name, off, c.name, c.off)
		}
	}
	if d := mustDate(t, "2026-04-26"); d.Weekday() != time.Sunday || cal.IsWorkingDay(d) {
		t.Errorf("Giỗ Tổ 2026 falls on Sunday 26 April and is off")
	}
}

// Outside 1900–2199 only weekends and solar-date holidays are known; a stray zero
// Date from a caller must give an answer, not a crash.
func TestOutOfRangeYears(t *testing.T) {
	cal := calendar.Default()
	if cal.IsWorkingDay(calendar.Date{Year: 2300, Month: 1, Day: 1}) {
		t.Error("1/1/2300 should still be Tết Dương lịch")
	}
	_ = cal.IsWorkingDay(calendar.Date{})
	for _, d := range cal.Holidays(2300) {
		if strings.HasPrefix(d.Name, calendar.NameTet) {
			t.Errorf("lunar holiday guessed outside the supported years: %s %s", d.Date, d.Name)
		}
	}
}
