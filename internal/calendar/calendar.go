package calendar

import (
	"sort"
	"sync"
	"time"
)

// Kind says why a day is, or is not, a working day. The values are stable words that
// pages can use as CSS classes.
type Kind string

const (
	KindWorkday      Kind = "workday"      // Monday to Friday, nothing special
	KindWeekend      Kind = "weekend"      // Saturday or Sunday, nothing special
	KindHoliday      Kind = "holiday"      // a public holiday computed by the rules
	KindCompensatory Kind = "compensatory" // nghỉ bù for a holiday on a weekend
	KindAddedOff     Kind = "added-off"    // a day off an administrator added
	KindAddedWork    Kind = "added-work"   // a day an administrator made a working day
)

// Day is what the calendar knows about one date.
type Day struct {
	Date    Date
	Working bool
	Kind    Kind
	// Name is the holiday's or the override's name, the weekday name for a plain
	// weekend, and empty for a plain working day.
	Name string
}

// Override is an administrator's correction of one date: a day off added (Working
// false, e.g. the extra Tết days the government announces), a computed holiday
// removed or a weekend day made a working day (Working true).
type Override struct {
	ID        int64     `json:"id,omitempty"`
	Date      Date      `json:"date"`
	Working   bool      `json:"working"`
	Name      string    `json:"name"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Calendar answers which days are working days. It is computed from Rules and a set
// of overrides, needs no database, and is safe for concurrent use. Holidays are
// computed per year on first use.
type Calendar struct {
	rules     Rules
	overrides map[Date]Override

	mu    sync.Mutex
	years map[int]map[Date]holiday
}

// New returns the calendar of rules corrected by overrides; for two overrides of the
// same date the later one wins.
func New(rules Rules, overrides []Override) *Calendar {
	c := &Calendar{rules: rules, overrides: make(map[Date]Override, len(overrides)), years: map[int]map[Date]holiday{}}
	for _, o := range overrides {
		c.overrides[o.Date] = o
	}
	return c
}

// Default is the calendar of DefaultRules without overrides.
func Default() *Calendar { return New(DefaultRules, nil) }

// Rules returns the rules the calendar was computed with.
func (c *Calendar) Rules() Rules { return c.rules }

func (c *Calendar) year(y int) map[Date]holiday {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.years[y]
	if !ok {
		hs := c.rules.holidays(y)
		m = make(map[Date]holiday, len(hs))
		for _, h := range hs {
			m[h.date] = h
		}
		c.years[y] = m
	}
	return m
}

// Day tells whether d is a working day and why.
func (c *Calendar) Day(d Date) Day {
	if o, ok := c.overrides[d]; ok {
		if o.Working {
			return Day{Date: d, Working: true, Kind: KindAddedWork, Name: o.Name}
		}
		return Day{Date: d, Kind: KindAddedOff, Name: o.Name}
	}
	if h, ok := c.year(d.Year)[d]; ok {
		return Day{Date: d, Kind: h.kind, Name: h.name}
	}
	if isWeekend(d) {
		return Day{Date: d, Kind: KindWeekend, Name: WeekdayName(d.Weekday())}
	}
	return Day{Date: d, Working: true, Kind: KindWorkday}
}

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d Date) bool { return c.Day(d).Working }

// DayOff returns the reason d is a day off ("Quốc khánh", "Chủ nhật", …) and true,
// or "" and false when d is a working day.
func (c *Calendar) DayOff(d Date) (string, bool) {
	day := c.Day(d)
	if day.Working {
		return "", false
	}
	return day.Name, true
}

// Holidays lists the days off of year y other than plain weekends: public holidays
// (including those falling on a weekend), compensatory days and days off added by
// overrides, sorted by date. A computed holiday an override made a working day is
// left out.
func (c *Calendar) Holidays(y int) []Day {
	seen := map[Date]bool{}
	var out []Day
	consider := func(d Date) {
		if seen[d] {
			return
		}
		seen[d] = true
		if day := c.Day(d); !day.Working && day.Kind != KindWeekend {
			out = append(out, day)
		}
	}
	for d := range c.year(y) {
		consider(d)
	}
	for d := range c.overrides {
		if d.Year == y {
			consider(d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// Overrides lists the overrides of year y, sorted by date.
func (c *Calendar) Overrides(y int) []Override {
	var out []Override
	for d, o := range c.overrides {
		if d.Year == y {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// AddWorkingDays returns the n-th working day after start; start itself does not
// count, so a 1-day deadline from a Friday lands on the next Monday. For n < 0 it
// returns the |n|-th working day before start; for n = 0, start itself.
func (c *Calendar) AddWorkingDays(start Date, n int) Date {
	return c.walk(start, n, nil)
}

// walk steps from start over n working days and returns where it stops, showing
// every day it steps on to visit when visit is not nil.
func (c *Calendar) walk(start Date, n int, visit func(Day)) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := start
	for n > 0 {
		d = d.AddDays(step)
		day := c.Day(d)
		if day.Working {
			n--
		}
		if visit != nil {
			visit(day)
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including b, so that
// WorkingDaysBetween(a, AddWorkingDays(a, n)) == n for any n. When b is before a it
// counts the working days from b up to but excluding a, negated.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	from, to, sign := a.AddDays(1), b, 1
	if b.Before(a) {
		from, to, sign = b, a.AddDays(-1), -1
	}
	n := 0
	for d := from; !d.After(to); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}
