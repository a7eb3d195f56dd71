package calendar

import (
	"fmt"
	"sort"
	"time"
)

// Rules say how the default public holidays of a year are computed. The law leaves
// two choices to the Prime Minister each year (which days around Tết, and which day
// next to 2 September), so these are defaults: the government's yearly announcement
// is recorded as overrides, which always win over what the rules compute.
type Rules struct {
	// Citation is the legal basis, shown to administrators next to the computed days.
	Citation string
	// TetDaysBefore is how many days at the end of the old lunar year are off, and
	// TetDaysAfter how many at the start of the new one (1 + 4, or 2 + 3).
	TetDaysBefore, TetDaysAfter int
	// NationalDayAdjacent gives, for each weekday 2 September can fall on, the extra
	// day off as an offset from it: -1 for 1 September, +1 for 3 September.
	NationalDayAdjacent [7]int
	// Compensate gives the next working day off for each holiday falling on a
	// Saturday or Sunday.
	Compensate bool
}

// DefaultRules are the rules for public servants from 2021 on.
//
// Tết: the last day of the old year and the first four of the new one, the first of
// the two options of Decree 145/2020/NĐ-CP (to be confirmed against the official
// text).
//
// 2 September: the neighbouring weekday that joins the holiday to a weekend, as the
// government chose in 2021–2025 (3/9 in 2021 when 2/9 was a Thursday, 1/9 in 2022 on a
// Friday, 1/9 in 2023 on a Saturday, 3/9 in 2024 on a Monday, 1/9 in 2025 on a
// Tuesday). For a Wednesday either would do; 3 September is taken.
var DefaultRules = Rules{
	Citation: "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù) và Điều 112 (ngày nghỉ lễ, tết); " +
		"Nghị định 145/2020/NĐ-CP (chọn ngày nghỉ Tết, cần xác nhận)",
	TetDaysBefore: 1,
	TetDaysAfter:  4,
	NationalDayAdjacent: [7]int{
		time.Sunday:    +1,
		time.Monday:    +1,
		time.Tuesday:   -1,
		time.Wednesday: +1,
		time.Thursday:  +1,
		time.Friday:    -1,
		time.Saturday:  -1,
	},
	Compensate: true,
}

// Holiday names as the law and the press write them.
const (
	NameNewYear     = "Tết Dương lịch"
	NameTet         = "Tết Nguyên đán"
	NameHungKings   = "Giỗ Tổ Hùng Vương"
	NameVictory     = "Ngày Chiến thắng"
	NameLabour      = "Ngày Quốc tế Lao động"
	NameNationalDay = "Quốc khánh"
	compensPrefix   = "Nghỉ bù "
)

// holiday is one computed day off before overrides.
type holiday struct {
	date Date
	name string
	kind Kind
}

// holidays computes the days off of solar year y under r, compensatory days
// included, sorted by date. Tết and Giỗ Tổ of lunar year y always fall in solar year
// y (Tết is between 21 January and 20 February), so a year is computed on its own.
func (r Rules) holidays(y int) []holiday {
	var hs []holiday
	add := func(d Date, name string) { hs = append(hs, holiday{d, name, KindHoliday}) }

	add(Date{y, time.January, 1}, NameNewYear)

	// Outside the supported years the lunar holidays are left out rather than guessed;
	// a stray zero Date must not bring the server down.
	if tet, err := LunarToSolar(LunarDate{Day: 1, Month: 1, Year: y}); err == nil && y >= MinYear && y <= MaxYear {
		for i := r.TetDaysBefore; i >= 1; i-- {
			d := tet.AddDays(-i)
			add(d, fmt.Sprintf("%s (%d tháng Chạp)", NameTet, SolarToLunar(d).Day))
		}
		for i := 0; i < r.TetDaysAfter; i++ {
			add(tet.AddDays(i), fmt.Sprintf("%s (mùng %d)", NameTet, i+1))
		}
		if d, err := LunarToSolar(LunarDate{Day: 10, Month: 3, Year: y}); err == nil {
			add(d, NameHungKings)
		}
	}
	add(Date{y, time.April, 30}, NameVictory)
	add(Date{y, time.May, 1}, NameLabour)

	national := Date{y, time.September, 2}
	add(national, NameNationalDay)
	if off := r.NationalDayAdjacent[national.Weekday()]; off != 0 {
		add(national.AddDays(off), NameNationalDay)
	}

	sort.SliceStable(hs, func(i, j int) bool { return hs[i].date.Before(hs[j].date) })
	if r.Compensate {
		hs = compensate(hs)
	}
	return hs
}

// compensate adds, for each holiday on a weekend, the next weekday that is neither a
// holiday nor already given as compensation (Labour Code 2019, art. 111(3)).
func compensate(hs []holiday) []holiday {
	taken := make(map[Date]bool, len(hs))
	for _, h := range hs {
		taken[h.date] = true
	}
	out := append([]holiday(nil), hs...)
	for _, h := range hs {
		if !isWeekend(h.date) {
			continue
		}
		d := h.date.AddDays(1)
		for isWeekend(d) || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		out = append(out, holiday{d, compensPrefix + h.name, KindCompensatory})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].date.Before(out[j].date) })
	return out
}

func isWeekend(d Date) bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}
