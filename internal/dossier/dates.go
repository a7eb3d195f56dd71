package dossier

import (
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
)

// dateHelp lists the forms parseDay reads, for rejection messages.
const dateHelp = "cần dạng dd/mm/yyyy, dd/mm/yyyy HH:mm, HH:mm, dd/mm/yyyy, YYYY-MM-DD hoặc số ngày của Excel"

// parseDay reads a date as one-stop exports and spreadsheets write it and returns the
// day in Asia/Ho_Chi_Minh: dd/mm/yyyy (also with - or . and with a time after it),
// "HH:mm, dd/mm/yyyy", ISO 8601 with or without a time and an offset (a time with an
// offset is converted to Vietnam's day; one without is Vietnam's own), and Excel
// serial day numbers. Empty text is the zero Date. Reading a million rows, the common
// forms are taken apart by hand rather than tried against a list of layouts.
func parseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, true
	}
	if isSerial(s) {
		return serialDay(s)
	}
	if len(s) >= 10 && s[4] == '-' && isDigits(s[:4]) {
		return isoDay(s)
	}
	// "HH:mm, dd/mm/yyyy" and "HH:mm:ss dd/mm/yyyy": the time first.
	if colon := strings.IndexByte(s, ':'); colon >= 0 && colon < 3 {
		i := strings.LastIndexAny(s, " ,")
		if i < 0 {
			return calendar.Date{}, false
		}
		s = strings.TrimSpace(s[i+1:])
	} else if i := strings.IndexAny(s, " T"); i >= 0 {
		// "dd/mm/yyyy HH:mm:ss": the time after.
		s = s[:i]
	}
	return dmyDay(s)
}

// dmyDay reads d/m/yyyy with "/", "-" or "." between the parts; a two-digit year is
// of this century, as Excel shows dd/mm/yy.
func dmyDay(s string) (calendar.Date, bool) {
	sep := strings.IndexAny(s, "/-.")
	if sep < 1 {
		return calendar.Date{}, false
	}
	// The three parts, split by hand: strings.Split would allocate on every date.
	var parts [3]string
	n, rest := 0, s
	for n < 2 {
		i := strings.IndexByte(rest, s[sep])
		if i < 0 {
			break
		}
		parts[n], rest = rest[:i], rest[i+1:]
		n++
	}
	if n != 2 || strings.IndexByte(rest, s[sep]) >= 0 {
		return calendar.Date{}, false
	}
	parts[2] = rest
	if len(parts[0]) > 2 || len(parts[1]) > 2 || (len(parts[2]) != 4 && len(parts[2]) != 2) {
		return calendar.Date{}, false
	}
	day, e1 := strconv.Atoi(parts[0])
	month, e2 := strconv.Atoi(parts[1])
	year, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil || !isDigits(parts[2]) {
		return calendar.Date{}, false
	}
	if len(parts[2]) == 2 {
		year += 2000
	}
	return civil(year, month, day)
}

// isoDay reads YYYY-MM-DD, optionally followed by a time and an offset such as
// 2026-03-13T17:00:00.000+0700.
func isoDay(s string) (calendar.Date, bool) {
	if len(s) == 10 {
		y, e1 := strconv.Atoi(s[:4])
		m, e2 := strconv.Atoi(s[5:7])
		d, e3 := strconv.Atoi(s[8:10])
		if e1 != nil || e2 != nil || e3 != nil || s[7] != '-' {
			return calendar.Date{}, false
		}
		return civil(y, m, d)
	}
	if s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	for _, layout := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05Z07",
		"2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return inRange(calendar.DateOf(t))
		}
	}
	// Without an offset the time is Vietnam's own: the day is as written.
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return civil(t.Year(), int(t.Month()), t.Day())
		}
	}
	return calendar.Date{}, false
}

// isSerial tells an Excel day number (46094, or 46094.7083 with a time) from a date.
func isSerial(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case (c == '.' || c == ',') && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

// excelEpoch is day 0 of Excel's 1900 date system as it counts since March 1900
// (Excel's phantom 29 February 1900 makes the older serials one off, and no dossier
// is that old).
var excelEpoch = calendar.NewDate(1899, time.December, 30)

func serialDay(s string) (calendar.Date, bool) {
	whole, _, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	n, err := strconv.Atoi(whole)
	// Serials below 367 are 1900 and a number that large is no day at all.
	if err != nil || n < 367 || n > 2958465 {
		return calendar.Date{}, false
	}
	return inRange(excelEpoch.AddDays(n))
}

func civil(y, m, d int) (calendar.Date, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return calendar.Date{}, false
	}
	date := calendar.NewDate(y, time.Month(m), d)
	if date.Day != d { // 31/02 rolled over into March
		return calendar.Date{}, false
	}
	return inRange(date)
}

func inRange(d calendar.Date) (calendar.Date, bool) {
	if d.Year < calendar.MinYear || d.Year > calendar.MaxYear {
		return calendar.Date{}, false
	}
	return d, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
