package calendar

// What the calendar shows people: how a deadline was counted, and a year laid out
// month by month for the calendar page.

import (
	"fmt"
	"strings"
	"time"
)

// Explanation shows how a deadline in working days was counted, so that a user can
// check it by hand.
type Explanation struct {
	Start Date
	Days  int // the working days counted; negative when counting backwards
	End   Date
	// Weekends is the number of plain Saturdays and Sundays stepped over.
	Weekends int
	// DaysOff are the other days off stepped over: holidays (also those on a weekend),
	// compensatory days and days off added by an administrator.
	DaysOff []Day
	// WorkedWeekends are weekend days an administrator made working days, which were
	// counted as working days.
	WorkedWeekends []Day
}

// Explain computes AddWorkingDays(start, n) and records what it stepped over.
func (c *Calendar) Explain(start Date, n int) Explanation {
	e := Explanation{Start: start, Days: n}
	e.End = c.walk(start, n, func(d Day) {
		switch {
		case d.Kind == KindWeekend:
			e.Weekends++
		case !d.Working:
			e.DaysOff = append(e.DaysOff, d)
		case isWeekend(d.Date):
			e.WorkedWeekends = append(e.WorkedWeekends, d)
		}
	})
	if n < 0 {
		// Counting backwards met the days latest first; list them as a calendar would.
		reverse(e.DaysOff)
		reverse(e.WorkedWeekends)
	}
	return e
}

func reverse(ds []Day) {
	for i, j := 0, len(ds)-1; i < j; i, j = i+1, j-1 {
		ds[i], ds[j] = ds[j], ds[i]
	}
}

// String says it in one Vietnamese sentence, for example "15 ngày làm việc từ
// 08/06/2026, trừ 4 ngày cuối tuần và 1 ngày nghỉ lễ: 02/09/2026 (Quốc khánh) →
// 29/06/2026".
func (e Explanation) String() string {
	var b strings.Builder
	if e.Days < 0 {
		fmt.Fprintf(&b, "%d ngày làm việc trước %s", -e.Days, e.Start.DMY())
	} else {
		fmt.Fprintf(&b, "%d ngày làm việc từ %s", e.Days, e.Start.DMY())
	}
	var skipped []string
	if e.Weekends > 0 {
		skipped = append(skipped, fmt.Sprintf("%d ngày cuối tuần", e.Weekends))
	}
	if len(e.DaysOff) > 0 {
		skipped = append(skipped, fmt.Sprintf("%d ngày nghỉ lễ: %s", len(e.DaysOff), listDays(e.DaysOff)))
	}
	if len(skipped) > 0 {
		b.WriteString(", trừ " + strings.Join(skipped, " và "))
	} else if e.Days != 0 {
		b.WriteString(", không có ngày nghỉ xen giữa")
	}
	if len(e.WorkedWeekends) > 0 {
		fmt.Fprintf(&b, "; tính cả %d ngày cuối tuần đi làm: %s", len(e.WorkedWeekends), listDays(e.WorkedWeekends))
	}
	b.WriteString(" → " + e.End.DMY())
	return b.String()
}

func listDays(ds []Day) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Date.DMY()
		if d.Name != "" {
			parts[i] += " (" + d.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// Month is one month laid out as a wall calendar: weeks from Monday to Sunday, the
// way Vietnamese calendars print them. Cells before the 1st and after the last day
// are zero (their Date.IsZero is true).
type Month struct {
	Year  int
	Month time.Month
	Weeks [][7]Cell
}

// Title is the month's heading, e.g. "Tháng 2/2026".
func (m Month) Title() string { return fmt.Sprintf("Tháng %d/%d", int(m.Month), m.Year) }

// Cell is one day of a month grid: the Day with its lunar date.
type Cell struct {
	Day
	Lunar LunarDate
}

// WeekdayHeaders are the column headings of a Month's weeks.
var WeekdayHeaders = [7]string{"T2", "T3", "T4", "T5", "T6", "T7", "CN"}

// Year lays out the twelve months of year y, for a page that shows a year's calendar
// with lunar dates, holidays and overrides.
func (c *Calendar) Year(y int) []Month {
	months := make([]Month, 0, 12)
	for m := time.January; m <= time.December; m++ {
		months = append(months, c.Month(y, m))
	}
	return months
}

// Month lays out month m of year y.
func (c *Calendar) Month(y int, m time.Month) Month {
	out := Month{Year: y, Month: m}
	first := Date{y, m, 1}
	col := (int(first.Weekday()) + 6) % 7 // Monday is column 0
	var week [7]Cell
	for d := first; d.Month == m; d = d.AddDays(1) {
		week[col] = Cell{Day: c.Day(d), Lunar: SolarToLunar(d)}
		col++
		if col == 7 {
			out.Weeks = append(out.Weeks, week)
			week, col = [7]Cell{}, 0
		}
	}
	if col > 0 {
		out.Weeks = append(out.Weeks, week)
	}
	return out
}
