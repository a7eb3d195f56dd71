package dossier

import (
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func days2(v float64) *float64 { return &v }

// The 2026 days these cases lean on: 30/04 (Thursday) and 01/05 (Friday) are
// holidays, 27/04 is the day off for Giỗ Tổ Hùng Vương falling on Sunday 26/04.
func TestClassify(t *testing.T) {
	cal := calendar.Default()
	base := Dossier{ReceivedOn: day("02/03/2026"), AppointmentOn: day("13/03/2026")}
	with := func(f func(d *Dossier)) Dossier {
		d := base
		f(&d)
		return d
	}
	tests := []struct {
		name      string
		d         Dossier
		statutory *float64
		at        string
		state     State
		result    State
		due       string // "" for no due date known
		pause     int
		explain   string // a part the explanation must contain
	}{
		{name: "the issue's example: a pause moves the appointment, finished before it",
			d: with(func(d *Dossier) {
				d.SupplementRequestedOn, d.SupplementReturnedOn, d.FinishedOn, d.SupplementCount = day("05/03/2026"), day("10/03/2026"), day("17/03/2026"), 1
			}),
			at: "31/03/2026", state: Early, result: Early, due: "18/03/2026", pause: 3,
			explain: "hẹn trả 13/03/2026, lùi 3 ngày làm việc do chờ bổ sung 05/03–10/03 thành 18/03/2026, hoàn thành 17/03/2026: trước hạn"},
		{name: "finished on the appointment date is on time",
			d:  with(func(d *Dossier) { d.FinishedOn = day("13/03/2026") }),
			at: "13/03/2026", state: OnTime, result: OnTime, due: "13/03/2026", explain: "hoàn thành 13/03/2026: đúng hạn"},
		{name: "finished the day after is late, and says the apology letter is missing",
			d:  with(func(d *Dossier) { d.FinishedOn = day("16/03/2026") }),
			at: "31/03/2026", state: Late, result: Late, due: "13/03/2026", explain: "quá hạn, chưa có thư xin lỗi"},
		{name: "a pause over the 30/04 and 01/05 holidays counts only working days",
			d: Dossier{ReceivedOn: day("20/04/2026"), AppointmentOn: day("29/04/2026"), SupplementCount: 1,
				SupplementRequestedOn: day("28/04/2026"), SupplementReturnedOn: day("04/05/2026"), FinishedOn: day("05/05/2026")},
			at: "05/05/2026", state: OnTime, result: OnTime, due: "05/05/2026", pause: 2},
		{name: "without an appointment, the statutory time in working days, on its last day",
			d:         Dossier{ReceivedOn: day("24/04/2026"), FinishedOn: day("06/05/2026")},
			statutory: days2(5), at: "06/05/2026", state: OnTime, result: OnTime, due: "06/05/2026",
			explain: "không có ngày hẹn trả: thời hạn 5 ngày làm việc từ ngày tiếp nhận 24/04/2026, đến 06/05/2026"},
		{name: "without an appointment, a day more is late",
			d:         Dossier{ReceivedOn: day("24/04/2026"), FinishedOn: day("07/05/2026")},
			statutory: days2(5), at: "07/05/2026", state: Late, result: Late, due: "06/05/2026"},
		{name: "without an appointment, the pause is not counted as used",
			d: Dossier{ReceivedOn: day("02/03/2026"), FinishedOn: day("11/03/2026"), SupplementCount: 1,
				SupplementRequestedOn: day("03/03/2026"), SupplementReturnedOn: day("05/03/2026")},
			statutory: days2(5), at: "11/03/2026", state: OnTime, result: OnTime, due: "11/03/2026", pause: 2,
			explain: "sau 5 ngày làm việc"},
		{name: "a fractional statutory time: 2 days used of 2,5 is early",
			d:         Dossier{ReceivedOn: day("02/03/2026"), FinishedOn: day("04/03/2026")},
			statutory: days2(2.5), at: "04/03/2026", state: Early, result: Early, due: "04/03/2026", explain: "thời hạn 2,5 ngày"},
		{name: "a fractional statutory time: 3 days used of 2,5 is late",
			d:         Dossier{ReceivedOn: day("02/03/2026"), FinishedOn: day("05/03/2026")},
			statutory: days2(2.5), at: "05/03/2026", state: Late, result: Late, due: "04/03/2026"},
		{name: "two supplement requests make a dossier late whatever its dates",
			d:  with(func(d *Dossier) { d.SupplementCount, d.FinishedOn = 2, day("10/03/2026") }),
			at: "31/03/2026", state: Late, result: Late, due: "13/03/2026", explain: "2 lần yêu cầu bổ sung: quá hạn"},
		{name: "open while the supplement is awaited is within, however late the date",
			d:  with(func(d *Dossier) { d.SupplementCount, d.SupplementRequestedOn = 1, day("10/03/2026") }),
			at: "30/06/2026", state: Within, due: "", explain: "đang chờ bổ sung từ 10/03/2026"},
		{name: "open after the return, past the moved date, is overdue",
			d: with(func(d *Dossier) {
				d.SupplementCount, d.SupplementRequestedOn, d.SupplementReturnedOn = 1, day("10/03/2026"), day("12/03/2026")
			}),
			at: "18/03/2026", state: Overdue, due: "17/03/2026", pause: 2, explain: "đến 18/03/2026 chưa hoàn thành"},
		{name: "open after the return, on the moved date, is within",
			d: with(func(d *Dossier) {
				d.SupplementCount, d.SupplementRequestedOn, d.SupplementReturnedOn = 1, day("10/03/2026"), day("12/03/2026")
			}),
			at: "17/03/2026", state: Within, due: "17/03/2026", pause: 2},
		{name: "a pause still to come does not move the date the dossier is judged by",
			d: with(func(d *Dossier) {
				d.SupplementCount, d.SupplementRequestedOn, d.SupplementReturnedOn = 1, day("20/03/2026"), day("25/03/2026")
			}),
			at: "16/03/2026", state: Overdue, due: "18/03/2026", pause: 3},
		{name: "finished after the date: open at it, with its final result kept",
			d:  with(func(d *Dossier) { d.FinishedOn = day("20/03/2026") }),
			at: "12/03/2026", state: Within, result: Late, due: "13/03/2026"},
		{name: "not received yet at the date",
			d:  with(func(d *Dossier) {}),
			at: "01/03/2026", state: "", due: "13/03/2026"},
		{name: "ended without the supplement: the pause runs to the end",
			d: with(func(d *Dossier) {
				d.AppointmentOn, d.SupplementCount, d.SupplementRequestedOn, d.FinishedOn = day("06/03/2026"), 1, day("05/03/2026"), day("09/03/2026")
			}),
			at: "09/03/2026", state: Early, result: Early, due: "10/03/2026", pause: 2, explain: "kết thúc khi chưa bổ sung"},
		{name: "a re-appointment after an apology does not make a late dossier on time",
			d: with(func(d *Dossier) {
				d.FinishedOn, d.ReappointedOn, d.Reappointments, d.Apology = day("18/03/2026"), day("20/03/2026"), 1, true
			}),
			at: "31/03/2026", state: Late, result: Late, due: "13/03/2026", explain: "quá hạn, có thư xin lỗi"},
		{name: "no appointment and no statutory time: no deadline, within while open",
			d:  Dossier{ReceivedOn: day("02/03/2026")},
			at: "30/12/2026", state: Within, due: "", explain: "không xác định được hạn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Classify(tt.d, cal, tt.statutory, day(tt.at))
			due := ""
			if !c.Due.IsZero() {
				due = c.Due.DMY()
			}
			if c.State != tt.state || c.Result != tt.result || due != tt.due || c.PauseDays != tt.pause {
				t.Errorf("state %q result %q due %q pause %d; want %q %q %q %d\n%s",
					c.State, c.Result, due, c.PauseDays, tt.state, tt.result, tt.due, tt.pause, c.Explanation)
			}
			if !strings.Contains(c.Explanation, tt.explain) {
				t.Errorf("explanation %q lacks %q", c.Explanation, tt.explain)
			}
		})
	}
}

func TestClassifyFlagsASecondReappointment(t *testing.T) {
	d := Dossier{ReceivedOn: day("02/03/2026"), AppointmentOn: day("13/03/2026"), FinishedOn: day("25/03/2026"),
		ReappointedOn: day("27/03/2026"), Reappointments: 2, Apology: true}
	c := Classify(d, calendar.Default(), nil, day("31/03/2026"))
	if !c.Violation || c.Result != Late {
		t.Errorf("violation %v result %q, want a violation and still late", c.Violation, c.Result)
	}
	if !strings.Contains(c.Explanation, "hẹn lại 2 lần: vi phạm") {
		t.Errorf("explanation %q does not name the violation", c.Explanation)
	}
	d.Reappointments = 1
	if c := Classify(d, calendar.Default(), nil, day("31/03/2026")); c.Violation {
		t.Error("one re-appointment flagged as a violation")
	}
}

// An office override of the calendar (an extra day off) moves a due date counted
// in working days.
func TestClassifyFollowsCalendarOverrides(t *testing.T) {
	d := Dossier{ReceivedOn: day("02/03/2026"), FinishedOn: day("09/03/2026")}
	plain := Classify(d, calendar.Default(), days2(5), day("09/03/2026"))
	off := calendar.New(calendar.DefaultRules, []calendar.Override{{Date: day("04/03/2026"), Name: "Nghỉ đột xuất"}})
	moved := Classify(d, off, days2(5), day("09/03/2026"))
	if plain.Result != OnTime || moved.Result != Early || moved.Due != day("10/03/2026") {
		t.Errorf("plain %q, with a day off %q due %s; want on time, then early with due 10/03", plain.Result, moved.Result, moved.Due.DMY())
	}
}
