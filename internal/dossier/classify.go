package dossier

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
)

// Classification is how a dossier stands at a date and how that was reached.
type Classification struct {
	// BaseDue is the appointment date or, without one, the received date plus the
	// statutory time in working days; zero when neither is known (NoDeadline).
	BaseDue calendar.Date
	// Due is BaseDue moved later by PauseDays; zero while the applicant has not
	// returned the supplement asked for, since the pause is still running.
	Due calendar.Date
	// PauseDays are the working days from the first supplement request (counted) to
	// the applicant's return (not counted); to the finished date when the dossier
	// ended without a return.
	PauseDays int
	// AwaitingSupplement: at the date, a supplement was asked for and not returned.
	AwaitingSupplement bool
	// DaysUsed are the working days after the received date up to the finished date,
	// or up to the date while open, less the pause so far.
	DaysUsed int
	// Result is early, on time or late once the dossier is finished, whatever the
	// date; empty while open, and when no deadline is known.
	Result State
	// State is the dossier at the date: its Result when finished by then, within or
	// overdue while open, empty when it was not received yet.
	State State
	// ManyRequests: two or more supplement requests, which make a dossier late.
	ManyRequests bool
	// Violation: the appointment was moved more than once, which is not allowed.
	Violation  bool
	NoDeadline bool
	// Explanation says all of the above in one Vietnamese sentence.
	Explanation string
}

// Classify decides a dossier's timeliness at the date at, by the rules of the one-stop
// regulation as DOMAIN.md and issue 3 state them:
//   - a supplement request pauses the clock: the appointment date moves later by the
//     working days from the request date (counted) to the return date (not counted);
//   - a finished dossier is early before that date, on time on it, late after it, and
//     late whatever the dates after two or more supplement requests;
//   - without an appointment date, the working days used less the pause are compared
//     with the statutory time (which may be fractional: 2,5 days);
//   - an open dossier is within its deadline at a date not after its due date, or
//     while a supplement is awaited; otherwise overdue;
//   - a re-appointment after an apology letter is recorded, never used as the deadline.
//
// cal is the working-day calendar; statutoryDays the procedure's statutory time, nil
// when the catalogue has none.
func Classify(d Dossier, cal *calendar.Calendar, statutoryDays *float64, at calendar.Date) Classification {
	c := classify(d, cal, statutoryDays, at)
	c.Explanation = c.explain(d, cal, statutoryDays, at)
	return c
}

// classify is Classify without the explanation, which an import of a million rows
// does not need.
func classify(d Dossier, cal workdays, statutoryDays *float64, at calendar.Date) Classification {
	c := Classification{ManyRequests: d.SupplementCount >= 2, Violation: d.Reappointments >= 2}
	switch {
	case !d.AppointmentOn.IsZero():
		c.BaseDue = d.AppointmentOn
	case statutoryDays != nil:
		// A fractional time (2,5 days) ends within its last whole day.
		c.BaseDue = cal.AddWorkingDays(d.ReceivedOn, int(math.Floor(*statutoryDays)))
	default:
		c.NoDeadline = true
	}
	req, end := d.SupplementRequestedOn, pauseEnd(d)
	if !req.IsZero() && !end.IsZero() {
		c.PauseDays = pauseDays(cal, req, end)
	}
	if !c.NoDeadline && (req.IsZero() || !end.IsZero()) {
		c.Due = cal.AddWorkingDays(c.BaseDue, c.PauseDays)
	}
	if d.Finished() {
		c.Result = c.finishedResult(d, cal, statutoryDays)
	}
	switch {
	case at.Before(d.ReceivedOn):
	case d.Finished() && !d.FinishedOn.After(at):
		c.State = c.Result
		c.DaysUsed = max(0, cal.WorkingDaysBetween(d.ReceivedOn, d.FinishedOn)-c.PauseDays)
	default:
		c.classifyOpen(d, cal, at)
	}
	return c
}

// workdays are the calendar's working-day counts that classify uses: the calendar
// itself, or an import's memo of it.
type workdays interface {
	AddWorkingDays(start calendar.Date, n int) calendar.Date
	WorkingDaysBetween(a, b calendar.Date) int
}

// memoDays remembers the working-day counts of an import. The calendar walks day by
// day; a file of a million dossiers asks the same few thousand questions over and
// over, as its dossiers share their received, due and finished dates.
type memoDays struct {
	cal     *calendar.Calendar
	add     map[memoAdd]calendar.Date
	between map[[2]calendar.Date]int
}

type memoAdd struct {
	start calendar.Date
	n     int
}

// memoMax bounds each memo: past it the memo starts over, so that a file of scattered
// dates cannot make it grow with the file.
const memoMax = 1 << 17

func newMemoDays(cal *calendar.Calendar) *memoDays {
	return &memoDays{cal: cal, add: map[memoAdd]calendar.Date{}, between: map[[2]calendar.Date]int{}}
}

func (m *memoDays) AddWorkingDays(start calendar.Date, n int) calendar.Date {
	k := memoAdd{start, n}
	if d, ok := m.add[k]; ok {
		return d
	}
	if len(m.add) >= memoMax {
		clear(m.add)
	}
	d := m.cal.AddWorkingDays(start, n)
	m.add[k] = d
	return d
}

func (m *memoDays) WorkingDaysBetween(a, b calendar.Date) int {
	k := [2]calendar.Date{a, b}
	if n, ok := m.between[k]; ok {
		return n
	}
	if len(m.between) >= memoMax {
		clear(m.between)
	}
	n := m.cal.WorkingDaysBetween(a, b)
	m.between[k] = n
	return n
}

// pauseEnd is the day the clock runs again: the applicant's return, or the finished
// date of a dossier that ended without one; zero while the pause lasts.
func pauseEnd(d Dossier) calendar.Date {
	end := d.SupplementReturnedOn
	if d.Finished() && (end.IsZero() || d.FinishedOn.Before(end)) {
		end = d.FinishedOn
	}
	return end
}

// pauseDays counts the working days d with from ≤ d < to.
func pauseDays(cal workdays, from, to calendar.Date) int {
	if !from.Before(to) {
		return 0
	}
	return cal.WorkingDaysBetween(from.AddDays(-1), to.AddDays(-1))
}

func (c *Classification) finishedResult(d Dossier, cal workdays, statutoryDays *float64) State {
	switch {
	case c.ManyRequests:
		return Late
	case c.NoDeadline:
		return ""
	case !d.AppointmentOn.IsZero():
		return compare(d.FinishedOn.Compare(c.Due))
	}
	used := float64(cal.WorkingDaysBetween(d.ReceivedOn, d.FinishedOn) - c.PauseDays)
	switch {
	case used < *statutoryDays:
		return Early
	case used == *statutoryDays:
		return OnTime
	}
	return Late
}

func compare(sign int) State {
	switch {
	case sign < 0:
		return Early
	case sign == 0:
		return OnTime
	}
	return Late
}

// classifyOpen judges a dossier not finished at the date. The due date that applies is
// the one known then: moved by a pause that has ended, not by one still to come.
func (c *Classification) classifyOpen(d Dossier, cal workdays, at calendar.Date) {
	req, ret := d.SupplementRequestedOn, d.SupplementReturnedOn
	requested := !req.IsZero() && !req.After(at)
	c.AwaitingSupplement = requested && (ret.IsZero() || ret.After(at))
	paused := 0
	switch {
	case c.AwaitingSupplement:
		paused = pauseDays(cal, req, at.AddDays(1))
	case requested:
		paused = c.PauseDays
	}
	c.DaysUsed = max(0, cal.WorkingDaysBetween(d.ReceivedOn, at)-paused)
	due := c.BaseDue
	if requested {
		due = c.Due
	}
	c.State = Within
	if !c.AwaitingSupplement && !c.NoDeadline && at.After(due) {
		c.State = Overdue
	}
}

func (c *Classification) explain(d Dossier, cal *calendar.Calendar, statutoryDays *float64, at calendar.Date) string {
	var parts []string
	switch {
	case !d.AppointmentOn.IsZero():
		parts = append(parts, "hẹn trả "+c.BaseDue.DMY())
	case c.NoDeadline:
		parts = append(parts, "không có ngày hẹn trả và thủ tục chưa có thời hạn giải quyết: không xác định được hạn")
	default:
		parts = append(parts, fmt.Sprintf("không có ngày hẹn trả: thời hạn %s ngày làm việc từ ngày tiếp nhận %s, đến %s",
			days(*statutoryDays), d.ReceivedOn.DMY(), c.BaseDue.DMY()))
	}
	finishedByAt := d.Finished() && !d.FinishedOn.After(at)
	if req := d.SupplementRequestedOn; !req.IsZero() && !req.After(at) {
		if c.AwaitingSupplement {
			parts = append(parts, "đang chờ bổ sung từ "+req.DMY()+", tạm dừng tính thời hạn")
		} else {
			s := fmt.Sprintf("lùi %d ngày làm việc do chờ bổ sung %s–%s", c.PauseDays, short(req), short(pauseEnd(d)))
			if ret := d.SupplementReturnedOn; ret.IsZero() || d.Finished() && d.FinishedOn.Before(ret) {
				s += " (kết thúc khi chưa bổ sung)"
			}
			if !c.NoDeadline {
				s += " thành " + c.Due.DMY()
			}
			parts = append(parts, s)
		}
	}
	switch {
	case at.Before(d.ReceivedOn):
		parts = append(parts, "chưa tiếp nhận vào ngày "+at.DMY())
	case finishedByAt:
		parts = append(parts, c.explainFinished(d, statutoryDays))
	case c.AwaitingSupplement:
		parts = append(parts, fmt.Sprintf("đến %s chưa hoàn thành: trong hạn (đang chờ bổ sung)", at.DMY()))
	default:
		word := "trong hạn"
		if c.State == Overdue {
			word = "quá hạn"
		}
		parts = append(parts, fmt.Sprintf("đến %s chưa hoàn thành, đã dùng %d ngày làm việc: %s", at.DMY(), c.DaysUsed, word))
	}
	if d.Reappointments > 0 || !d.ReappointedOn.IsZero() {
		s := "đã hẹn lại"
		if !d.ReappointedOn.IsZero() {
			s += " ngày " + d.ReappointedOn.DMY()
		}
		parts = append(parts, s+" (việc hẹn lại không làm thay đổi hạn để đánh giá)")
	}
	if c.Violation {
		parts = append(parts, fmt.Sprintf("hẹn lại %d lần: vi phạm, chỉ được hẹn lại một lần", d.Reappointments))
	}
	return strings.Join(parts, ", ")
}

func (c *Classification) explainFinished(d Dossier, statutoryDays *float64) string {
	var s string
	switch {
	case c.ManyRequests:
		s = fmt.Sprintf("hoàn thành %s; %d lần yêu cầu bổ sung: %s", d.FinishedOn.DMY(), d.SupplementCount, resultWord(c.Result))
	case c.NoDeadline:
		return "hoàn thành " + d.FinishedOn.DMY()
	case d.AppointmentOn.IsZero():
		s = fmt.Sprintf("hoàn thành %s sau %d ngày làm việc (không tính thời gian chờ bổ sung) so với thời hạn %s ngày: %s",
			d.FinishedOn.DMY(), c.DaysUsed, days(*statutoryDays), resultWord(c.Result))
	default:
		s = fmt.Sprintf("hoàn thành %s: %s", d.FinishedOn.DMY(), resultWord(c.Result))
	}
	if c.Result == Late {
		if d.Apology {
			s += ", có thư xin lỗi"
		} else {
			s += ", chưa có thư xin lỗi"
		}
	}
	return s
}

func resultWord(s State) string { return strings.ToLower(s.Label()) }

// short writes a date as dd/mm, the way a range inside a sentence reads.
func short(d calendar.Date) string { return fmt.Sprintf("%02d/%02d", d.Day, int(d.Month)) }

// days writes a number of days with a decimal comma, as the catalogue does: 2,5.
func days(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}
