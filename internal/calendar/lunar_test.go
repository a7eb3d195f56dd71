package calendar_test

import (
	"errors"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
)

func mustDate(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Dates printed in Vietnamese calendars. 1968, 1985 and 2007 are years where Vietnam's
// Tết differs from China's (29 Jan vs 30 Jan, 21 Jan vs 20 Feb, 17 Feb vs 18 Feb).
var lunarCases = []struct {
	solar string
	lunar string
}{
	{"2026-02-17", "01/01/2026"},
	{"2026-02-16", "29/12/2025"},
	{"2025-01-29", "01/01/2025"},
	{"2024-02-10", "01/01/2024"},
	{"2023-01-22", "01/01/2023"},
	{"2022-02-01", "01/01/2022"},
	{"2021-02-12", "01/01/2021"},
	{"2020-01-25", "01/01/2020"},
	{"2027-02-06", "01/01/2027"},
	{"1985-01-21", "01/01/1985"},
	{"1985-02-20", "01/02/1985"}, // China's Tết 1985; a month later in Vietnam
	{"2007-02-17", "01/01/2007"},
	{"2007-02-18", "02/01/2007"},
	{"1968-01-29", "01/01/1968"},
	{"2026-04-26", "10/03/2026"}, // Giỗ Tổ Hùng Vương
	{"2025-06-25", "01/06/2025"},
	{"2025-07-25", "01/06/2025 nhuận"},
	{"2023-03-22", "01/02/2023 nhuận"},
	{"2020-05-23", "01/04/2020 nhuận"},
	{"2025-10-06", "15/08/2025"}, // Tết Trung thu
	{"2026-01-01", "13/11/2025"},
}

func TestSolarToLunar(t *testing.T) {
	for _, c := range lunarCases {
		if got := calendar.SolarToLunar(mustDate(t, c.solar)).String(); got != c.lunar {
			t.Errorf("SolarToLunar(%s) = %s, want %s", c.solar, got, c.lunar)
		}
	}
}

func TestLunarToSolar(t *testing.T) {
	cases := []struct {
		lunar calendar.LunarDate
		solar string
	}{
		{calendar.LunarDate{Day: 1, Month: 1, Year: 2026}, "2026-02-17"},
		{calendar.LunarDate{Day: 10, Month: 3, Year: 2026}, "2026-04-26"},
		{calendar.LunarDate{Day: 1, Month: 6, Year: 2025, Leap: true}, "2025-07-25"},
		{calendar.LunarDate{Day: 1, Month: 6, Year: 2025}, "2025-06-25"},
		{calendar.LunarDate{Day: 1, Month: 1, Year: 1985}, "1985-01-21"},
		{calendar.LunarDate{Day: 1, Month: 1, Year: 2007}, "2007-02-17"},
	}
	for _, c := range cases {
		got, err := calendar.LunarToSolar(c.lunar)
		if err != nil || got.String() != c.solar {
			t.Errorf("LunarToSolar(%s) = %s, %v; want %s", c.lunar, got, err, c.solar)
		}
	}
}

func TestLunarToSolarRejectsMissingDates(t *testing.T) {
	for _, l := range []calendar.LunarDate{
		{Day: 1, Month: 5, Year: 2025, Leap: true}, // 2025's leap month is the 6th
		{Day: 1, Month: 1, Year: 2026, Leap: true}, // 2026 has no leap month
		{Day: 30, Month: 12, Year: 2025},           // the last month of 2025 has 29 days
		{Day: 0, Month: 1, Year: 2026},
		{Day: 1, Month: 13, Year: 2026},
	} {
		if d, err := calendar.LunarToSolar(l); !errors.Is(err, calendar.ErrNoSuchLunarDate) {
			t.Errorf("LunarToSolar(%+v) = %s, %v; want ErrNoSuchLunarDate", l, d, err)
		}
	}
}

// Over the whole supported range every day converts back to itself, and the lunar
// calendar runs without gaps: each day is the next day of the same month or the 1st
// of a new month after a month of 29 or 30 days.
func TestLunarCalendarIsContinuous(t *testing.T) {
	from, to := 1900, 2199
	if testing.Short() {
		from, to = 2000, 2050
	}
	prev := calendar.SolarToLunar(calendar.Date{Year: from - 1, Month: 12, Day: 31})
	leapYears := 0
	for d := (calendar.Date{Year: from, Month: 1, Day: 1}); d.Year <= to; d = d.AddDays(1) {
		l := calendar.SolarToLunar(d)
		switch {
		case l.Day == prev.Day+1 && l.Month == prev.Month && l.Leap == prev.Leap && l.Year == prev.Year:
		case l.Day == 1 && (prev.Day == 29 || prev.Day == 30):
			if l.Leap {
				leapYears++
				if l.Month != prev.Month {
					t.Fatalf("%s: leap month %d does not repeat month %d", d, l.Month, prev.Month)
				}
			}
		default:
			t.Fatalf("%s: lunar %s does not follow %s", d, l, prev)
		}
		if back, err := calendar.LunarToSolar(l); err != nil || back != d {
			t.Fatalf("%s → %s → %s, %v", d, l, back, err)
		}
		prev = l
	}
	// Seven leap months every nineteen years.
	if years := to - from + 1; leapYears < years*7/19-2 || leapYears > years*7/19+2 {
		t.Errorf("%d leap months in %d years, want about %d", leapYears, years, years*7/19)
	}
}
