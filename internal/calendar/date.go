// Package calendar knows which days are working days in Vietnam: weekends, public
// holidays computed from the solar and the Vietnamese lunar calendar, compensatory days
// off, and the corrections an administrator records for each year. Every deadline in
// working days is counted here.
//
// Days are civil dates (Date), not instants: a deadline falls on a day in
// Asia/Ho_Chi_Minh whatever the server's zone. Convert a timestamp with DateOf.
package calendar

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// MinYear and MaxYear bound the years the lunar calendar and the holidays are
// computed for; the astronomical formulas lose accuracy far outside them.
const (
	MinYear = 1900
	MaxYear = 2199
)

// Date is a civil date with no time and no zone. The zero Date is "no date".
// Dates compare with == and can be map keys.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ErrInvalidDate is wrapped by every error about a date that cannot be read or is out
// of range.
var ErrInvalidDate = errors.New("Ngày không hợp lệ")

// NewDate returns the date y-m-d, normalising overflow as time.Date does
// (NewDate(2026, 1, 32) is 1 February 2026).
func NewDate(y int, m time.Month, d int) Date {
	return dateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

var location = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	// Without tzdata on the host: Vietnam has kept UTC+7 without daylight saving
	// since 1975, so a fixed zone gives the same answers for every date we handle.
	return time.FixedZone("ICT", 7*3600)
})

// Location is Asia/Ho_Chi_Minh, the zone every day in this system is counted in.
func Location() *time.Location { return location() }

// DateOf returns the day t falls on in Asia/Ho_Chi_Minh. A timestamp stored in UTC
// at 20:00 on 1 June is already 2 June in Vietnam.
func DateOf(t time.Time) Date { return dateOf(t.In(Location())) }

// ParseDate reads "YYYY-MM-DD" (what forms and the database use) or "dd/mm/yyyy"
// (what people type). The error is in Vietnamese and quotes the input.
func ParseDate(s string) (Date, error) {
	var t time.Time
	var err error
	if len(s) == 10 && s[2] == '/' {
		t, err = time.Parse("02/01/2006", s)
	} else {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		return Date{}, fmt.Errorf("%w: %q (cần dạng YYYY-MM-DD hoặc dd/mm/yyyy)", ErrInvalidDate, s)
	}
	d := dateOf(t)
	if err := d.checkRange(); err != nil {
		return Date{}, err
	}
	return d, nil
}

func (d Date) checkRange() error {
	if d.Year < MinYear || d.Year > MaxYear {
		return fmt.Errorf("%w: %s nằm ngoài khoảng năm %d–%d mà lịch hỗ trợ", ErrInvalidDate, d.DMY(), MinYear, MaxYear)
	}
	return nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// DMY formats d as dd/mm/yyyy, the way dates are shown to users.
func (d Date) DMY() string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year) }

// Time returns the start of d in Asia/Ho_Chi_Minh.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Location()) }

func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns the date n calendar days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.utc().Compare(e.utc()) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil is the number of calendar days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.utc().Sub(d.utc()).Hours() / 24) }

// MarshalText writes YYYY-MM-DD, so JSON and the audit log show a plain date.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads YYYY-MM-DD or dd/mm/yyyy; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// unixEpochJD is the Julian day number of 1970-01-01.
const unixEpochJD = 2440588

// julianDay is the Julian day number of d, the day count the lunar formulas use.
func (d Date) julianDay() int {
	return int(d.utc().Unix()/86400) + unixEpochJD
}

func fromJulianDay(jd int) Date {
	return dateOf(time.Unix(int64(jd-unixEpochJD)*86400, 0).UTC())
}

var weekdayNames = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// WeekdayName is the Vietnamese name of a day of the week ("Thứ Hai", "Chủ nhật").
func WeekdayName(w time.Weekday) string { return weekdayNames[w] }
