package calendar

import (
	"errors"
	"fmt"
	"math"
)

// The Vietnamese lunar calendar follows Hồ Ngọc Đức's algorithm ("Âm lịch Việt Nam",
// https://www.informatik.uni-leipzig.de/~duc/amlich/): months start on the day of the
// new moon and the leap month is the first month without a major solar term, both
// judged at UTC+7. China judges them at UTC+8, which is why Tết can fall on a
// different day (1985: 21 January in Vietnam, 20 February in China; 2007: 17 and 18
// February). The formulas are Meeus' low-precision ones, good for 1900–2199.
const lunarTimeZone = 7.0

// LunarDate is a day of the Vietnamese lunar calendar. Leap marks the repeated
// (nhuận) month, which has the number of the month before it.
type LunarDate struct {
	Day, Month, Year int
	Leap             bool
}

// ErrNoSuchLunarDate is returned for a lunar date that does not exist, such as a
// leap month in a year without it or the 30th of a 29-day month.
var ErrNoSuchLunarDate = errors.New("Ngày âm lịch không tồn tại")

// String formats l as dd/mm/yyyy, followed by " nhuận" in a leap month.
func (l LunarDate) String() string {
	s := fmt.Sprintf("%02d/%02d/%04d", l.Day, l.Month, l.Year)
	if l.Leap {
		s += " nhuận"
	}
	return s
}

// Short formats l as d/m (with " nhuận" in a leap month), the way a wall calendar
// prints it under the solar day.
func (l LunarDate) Short() string {
	s := fmt.Sprintf("%d/%d", l.Day, l.Month)
	if l.Leap {
		s += " nhuận"
	}
	return s
}

func floor(x float64) int { return int(math.Floor(x)) }

// newMoon is the Julian day (with fraction, UT) of the k-th new moon after the one
// of 1900-01-01.
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2, t3 := t*t, t*t*t
	const dr = math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3    // sun's mean anomaly
	mpr := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3 // moon's mean anomaly
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3    // moon's argument of latitude
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 = c1 - 0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr)
	c1 -= 0.0004 * math.Sin(dr*3*mpr)
	c1 = c1 + 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 = c1 - 0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m))
	c1 = c1 - 0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr))
	c1 = c1 + 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// sunLongitude is the sun's apparent longitude in radians, in [0, 2π), at Julian day jd (UT).
func sunLongitude(jd float64) float64 {
	t := (jd - 2451545.0) / 36525
	t2 := t * t
	const dr = math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// sunSector is which of the 12 thirty-degree sectors (0 = spring equinox) the sun is
// in at local midnight starting day jd.
func sunSector(jd int) int {
	return floor(sunLongitude(float64(jd)-0.5-lunarTimeZone/24) / math.Pi * 6)
}

// newMoonDay is the local day on which the k-th new moon falls.
func newMoonDay(k int) int {
	return floor(newMoon(k) + 0.5 + lunarTimeZone/24)
}

// month11Start is the first day of the lunar month containing the winter solstice
// (month 11) that begins in solar year y.
func month11Start(y int) int {
	off := Date{y, 12, 31}.julianDay() - 2415021
	k := floor(float64(off) / 29.530588853)
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 { // the sun is past 270°: the solstice month began a moon earlier
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset is the position, counted from month 11 starting at a11, of the leap
// month in a lunar year of 13 months: the first month in which the sun enters no
// new sector.
func leapMonthOffset(a11 int) int {
	k := floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5)
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar returns the Vietnamese lunar date of d.
func SolarToLunar(d Date) LunarDate {
	day := d.julianDay()
	// k estimates the last new moon from the mean synodic month; the true new moon can
	// be more than a day off the mean (2054-05-07 would otherwise be the 0th), so
	// settle on the month that really contains the day.
	k := floor((float64(day) - 2415021.076998695) / 29.530588853)
	for newMoonDay(k) > day {
		k--
	}
	for newMoonDay(k+1) <= day {
		k++
	}
	monthStart := newMoonDay(k)
	a11 := month11Start(d.Year)
	b11 := a11
	var year int
	if a11 >= monthStart {
		year = d.Year
		a11 = month11Start(d.Year - 1)
	} else {
		year = d.Year + 1
		b11 = month11Start(d.Year + 1)
	}
	l := LunarDate{Day: day - monthStart + 1, Year: year}
	diff := (monthStart - a11) / 29
	l.Month = diff + 11
	if b11-a11 > 365 {
		leap := leapMonthOffset(a11)
		if diff >= leap {
			l.Month = diff + 10
			l.Leap = diff == leap
		}
	}
	if l.Month > 12 {
		l.Month -= 12
	}
	if l.Month >= 11 && diff < 4 {
		l.Year--
	}
	return l
}

// LunarToSolar returns the solar date of l, or ErrNoSuchLunarDate when l does not
// exist in the Vietnamese calendar.
func LunarToSolar(l LunarDate) (Date, error) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 || l.Year < MinYear-1 || l.Year > MaxYear+1 {
		return Date{}, fmt.Errorf("%w: %s", ErrNoSuchLunarDate, l)
	}
	var a11, b11 int
	if l.Month < 11 {
		a11, b11 = month11Start(l.Year-1), month11Start(l.Year)
	} else {
		a11, b11 = month11Start(l.Year), month11Start(l.Year+1)
	}
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if l.Leap && l.Month != leapMonth {
			return Date{}, fmt.Errorf("%w: năm %d không có tháng %d nhuận", ErrNoSuchLunarDate, l.Year, l.Month)
		}
		if l.Leap || off >= leapOff {
			off++
		}
	} else if l.Leap {
		return Date{}, fmt.Errorf("%w: năm %d không có tháng nhuận", ErrNoSuchLunarDate, l.Year)
	}
	k := floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853)
	d := fromJulianDay(newMoonDay(k+off) + l.Day - 1)
	// The 30th of a 29-day month would land on the 1st of the next month.
	if SolarToLunar(d) != l {
		return Date{}, fmt.Errorf("%w: %s", ErrNoSuchLunarDate, l)
	}
	return d, nil
}
