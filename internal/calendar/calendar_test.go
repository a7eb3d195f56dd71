package calendar_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
)

func TestAddWorkingDays(t *testing.T) {
	cal := calendar.Default()
	cases := []struct {
		start string
		n     int
		want  string
	}{
		{"2026-06-08", 15, "2026-06-29"}, // no holidays: three weeks
		{"2026-06-12", 1, "2026-06-15"},  // Friday + 1 is Monday
		{"2026-06-13", 1, "2026-06-15"},  // from a Saturday too
		{"2026-06-10", 0, "2026-06-10"},
		{"2026-04-24", 1, "2026-04-28"}, // over Sunday's Giỗ Tổ and Monday's nghỉ bù
		{"2026-04-29", 1, "2026-05-04"}, // over 30/4, 1/5 and the weekend
		{"2026-02-13", 1, "2026-02-23"}, // over Tết 2026
		{"2026-08-28", 5, "2026-09-08"}, // over 2/9 and 3/9
		{"2026-12-30", 3, "2027-01-05"}, // into the next year, over 1/1/2027
		{"2026-06-15", -1, "2026-06-12"},
		{"2026-05-04", -1, "2026-04-29"},
	}
	for _, c := range cases {
		got := cal.AddWorkingDays(mustDate(t, c.start), c.n)
		if got.String() != c.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", c.start, c.n, got, c.want)
		}
		if back := cal.WorkingDaysBetween(mustDate(t, c.start), got); back != c.n {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", c.start, got, back, c.n)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cal := calendar.Default()
	cases := []struct {
		a, b string
		want int
	}{
		{"2026-04-01", "2026-04-30", 19}, // 22 weekdays in April less 27/4 and 30/4, after the 1st
		{"2026-02-01", "2026-02-28", 15}, // 20 weekdays less five Tết days
		{"2026-06-08", "2026-06-08", 0},
		{"2026-06-12", "2026-06-14", 0}, // Friday to Sunday: nothing after Friday
	}
	for _, c := range cases {
		if got := cal.WorkingDaysBetween(mustDate(t, c.a), mustDate(t, c.b)); got != c.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// An administrator's corrections: extra Tết days off, a working Saturday, and a
// computed holiday cancelled.
func TestOverrides(t *testing.T) {
	cal := calendar.New(calendar.DefaultRules, []calendar.Override{
		{Date: mustDate(t, "2026-02-23"), Working: false, Name: "Nghỉ Tết theo thông báo"},
		{Date: mustDate(t, "2026-02-28"), Working: true, Name: "Làm bù"},
		{Date: mustDate(t, "2026-09-03"), Working: true, Name: "Đi làm (nghỉ 01/09 thay)"},
		{Date: mustDate(t, "2026-09-01"), Working: false, Name: "Quốc khánh"},
	})
	if cal.IsWorkingDay(mustDate(t, "2026-02-23")) || !cal.IsWorkingDay(mustDate(t, "2026-02-28")) {
		t.Fatal("overrides ignored")
	}
	if got := cal.AddWorkingDays(mustDate(t, "2026-02-13"), 1); got.String() != "2026-02-24" {
		t.Errorf("after Tết with an extra day off: %s, want 2026-02-24", got)
	}
	// The working Saturday counts: Thursday 26/2 + 2 = Saturday 28/2.
	if got := cal.AddWorkingDays(mustDate(t, "2026-02-26"), 2); got.String() != "2026-02-28" {
		t.Errorf("over a working Saturday: %s, want 2026-02-28", got)
	}
	if day := cal.Day(mustDate(t, "2026-02-28")); day.Kind != calendar.KindAddedWork || day.Name != "Làm bù" {
		t.Errorf("2026-02-28 = %+v", day)
	}
	var sept []string
	for _, d := range cal.Holidays(2026) {
		if d.Date.Month == time.September {
			sept = append(sept, d.Date.String())
		}
	}
	if strings.Join(sept, ",") != "2026-09-01,2026-09-02" {
		t.Errorf("September days off = %v, want 1/9 and 2/9 (3/9 cancelled)", sept)
	}
	if len(cal.Overrides(2026)) != 4 || len(cal.Overrides(2027)) != 0 {
		t.Errorf("Overrides by year: %d, %d", len(cal.Overrides(2026)), len(cal.Overrides(2027)))
	}
}

func TestExplain(t *testing.T) {
	cal := calendar.New(calendar.DefaultRules, []calendar.Override{
		{Date: mustDate(t, "2026-05-02"), Working: true, Name: "Làm bù"},
	})
	cases := []struct {
		start string
		n     int
		want  string
	}{
		{"2026-06-08", 15, "15 ngày làm việc từ 08/06/2026, trừ 6 ngày cuối tuần → 29/06/2026"},
		{"2026-04-22", 5, "5 ngày làm việc từ 22/04/2026, trừ 1 ngày cuối tuần và 4 ngày nghỉ lễ: " +
			"26/04/2026 (Giỗ Tổ Hùng Vương), 27/04/2026 (Nghỉ bù Giỗ Tổ Hùng Vương), " +
			"30/04/2026 (Ngày Chiến thắng), 01/05/2026 (Ngày Quốc tế Lao động); " +
			"tính cả 1 ngày cuối tuần đi làm: 02/05/2026 (Làm bù) → 02/05/2026"},
		{"2026-06-10", 2, "2 ngày làm việc từ 10/06/2026, không có ngày nghỉ xen giữa → 12/06/2026"},
		{"2026-09-07", -3, "3 ngày làm việc trước 07/09/2026, trừ 2 ngày cuối tuần và 2 ngày nghỉ lễ: " +
			"02/09/2026 (Quốc khánh), 03/09/2026 (Quốc khánh) → 31/08/2026"},
	}
	for _, c := range cases {
		e := cal.Explain(mustDate(t, c.start), c.n)
		if got := e.String(); got != c.want {
			t.Errorf("Explain(%s, %d):\n got %s\nwant %s", c.start, c.n, got, c.want)
		}
		if e.End != cal.AddWorkingDays(mustDate(t, c.start), c.n) {
			t.Errorf("Explain(%s, %d) ends on %s, AddWorkingDays disagrees", c.start, c.n, e.End)
		}
	}
}

func TestDateOfUsesVietnamTime(t *testing.T) {
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 6, 1, 16, 59, 0, 0, time.UTC), "2026-06-01"},
		{time.Date(2026, 6, 1, 17, 0, 0, 0, time.UTC), "2026-06-02"}, // midnight in Hà Nội
		{time.Date(2026, 1, 1, 0, 30, 0, 0, time.FixedZone("X", -5*3600)), "2026-01-01"},
	}
	for _, c := range cases {
		if got := calendar.DateOf(c.at).String(); got != c.want {
			t.Errorf("DateOf(%s) = %s, want %s", c.at, got, c.want)
		}
	}
	if got := mustDate(t, "2026-06-02").Time().UTC(); !got.Equal(time.Date(2026, 6, 1, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("Date.Time = %s, want midnight at UTC+7", got)
	}
}

func TestParseDate(t *testing.T) {
	if d := mustDate(t, "17/02/2026"); d.String() != "2026-02-17" || d.DMY() != "17/02/2026" {
		t.Errorf("dd/mm/yyyy read as %s", d)
	}
	for _, s := range []string{"2026-13-01", "2026-02-30", "17-02-2026", "", "2026-2-1", "1899-12-31", "2200-01-01"} {
		_, err := calendar.ParseDate(s)
		if !errors.Is(err, calendar.ErrInvalidDate) {
			t.Errorf("ParseDate(%q) = %v, want ErrInvalidDate", s, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "Ngày không hợp lệ") {
			t.Errorf("ParseDate(%q) message %q", s, err)
		}
	}
	b, _ := json.Marshal(struct{ D calendar.Date }{mustDate(t, "2026-02-17")})
	if string(b) != `{"D":"2026-02-17"}` {
		t.Errorf("JSON %s", b)
	}
}

func TestYearGrid(t *testing.T) {
	months := calendar.Default().Year(2026)
	if len(months) != 12 {
		t.Fatalf("%d months", len(months))
	}
	feb := months[1]
	if feb.Title() != "Tháng 2/2026" || len(feb.Weeks) != 5 {
		t.Fatalf("%s with %d weeks, want 5 (1/2/2026 is a Sunday)", feb.Title(), len(feb.Weeks))
	}
	first := feb.Weeks[0]
	if !first[0].Date.IsZero() || first[6].Date.String() != "2026-02-01" {
		t.Errorf("first week of February: Monday %v, Sunday %v", first[0].Date, first[6].Date)
	}
	tet := feb.Weeks[3][1] // Tuesday 17 February
	if tet.Date.String() != "2026-02-17" || tet.Lunar.Short() != "1/1" || tet.Working || !strings.HasPrefix(tet.Name, "Tết Nguyên đán") {
		t.Errorf("Tết cell = %+v", tet)
	}
	cells := 0
	for _, m := range calendar.Default().Year(2025) {
		for _, w := range m.Weeks {
			for _, c := range w {
				if c.Date.IsZero() {
					continue
				}
				cells++
				if c.Date.String() == "2025-07-25" && c.Lunar.Short() != "1/6 nhuận" {
					t.Errorf("2025-07-25 lunar %s, want 1/6 nhuận", c.Lunar.Short())
				}
			}
		}
	}
	if cells != 365 {
		t.Errorf("2025 grid has %d days", cells)
	}
}
