package petition

import (
	"fmt"

	"github.com/thidua/thidua/internal/calendar"
)

// Deadlines are a petition's working-day deadlines and whether each was missed, as
// of a day. A zero date is a deadline that does not apply yet (PublishBy before an
// answer).
type Deadlines struct {
	AsOf          calendar.Date `json:"as_of"`
	RefuseBy      calendar.Date `json:"refuse_by,omitzero"`
	RequestInfoBy calendar.Date `json:"request_info_by,omitzero"`
	ProcessBy     calendar.Date `json:"process_by,omitzero"`
	PublishBy     calendar.Date `json:"publish_by,omitzero"`
	TransferBy    calendar.Date `json:"transfer_by,omitzero"`
	Overdue       Overdue       `json:"overdue"`
	// Paused: the process clock stands still, awaiting the sender's information.
	Paused bool `json:"paused"`
	// PauseDays are the working days the process clock stood still up to AsOf.
	PauseDays int `json:"pause_days"`
	// Explanations say how each deadline was counted, in Vietnamese.
	Explanations []Explanation `json:"explanations,omitempty"`
}

// Overdue tells, for each deadline, whether the step it limits was still to be
// done after it, or was done after it:
//   - refuse_by, transfer_by: still awaiting classification after the date, or
//     refused (transferred) after it;
//   - request_info_by: more information was asked for after the date;
//   - process_by: no answer yet after the date while the petition is ours to handle,
//     or answered after it;
//   - publish_by: answered and not yet published after the date, or published after it.
type Overdue struct {
	RefuseBy      bool `json:"refuse_by"`
	RequestInfoBy bool `json:"request_info_by"`
	ProcessBy     bool `json:"process_by"`
	PublishBy     bool `json:"publish_by"`
	TransferBy    bool `json:"transfer_by"`
}

// Any reports whether some deadline was missed.
func (o Overdue) Any() bool {
	return o.RefuseBy || o.RequestInfoBy || o.ProcessBy || o.PublishBy || o.TransferBy
}

// Explanation is how one deadline was counted.
type Explanation struct {
	Code RuleCode      `json:"code"`
	Date calendar.Date `json:"date"`
	Text string        `json:"text"`
}

// noDue is the due key of a petition with no clock running: after every date.
const noDue = "9999-12-31"

// ComputeDeadlines counts p's deadlines by the rules in force on its received date,
// on the working-day calendar cal, as of the day asOf.
//
// The clocks count from the start of the handling cycle: the received date, or the
// day of the last reopen. The process clock stops while the petition awaits the
// sender: every working day from the request (counted) to the sender's answer (not
// counted) moves process_by one working day later, and while the wait lasts each
// working day up to asOf does. publish_by counts from the answer.
func ComputeDeadlines(p *Petition, rules Rules, cal *calendar.Calendar, asOf calendar.Date) Deadlines {
	d := Deadlines{AsOf: asOf, PauseDays: p.PauseDays}
	if p.State == StateAwaitingInfo && !p.PausedOn.IsZero() {
		d.Paused = true
		d.PauseDays += pauseDays(cal, p.PausedOn, asOf.AddDays(1))
	}
	start := p.CycleStartOn
	if start.IsZero() {
		start = p.ReceivedOn
	}
	count := func(code RuleCode, from calendar.Date, extra int, dst *calendar.Date) {
		r, ok := rules.InForce(code, p.Kind, p.ReceivedOn)
		if !ok || from.IsZero() {
			return
		}
		base := cal.Explain(from, r.WorkingDays)
		*dst = base.End
		text := fmt.Sprintf("%s: %s", code.Label(), base)
		if extra > 0 {
			moved := cal.Explain(base.End, extra)
			*dst = moved.End
			text += fmt.Sprintf("; cộng thời gian chờ người gửi bổ sung thông tin: %s", moved)
		}
		if d.Paused && code == RuleProcess {
			text += fmt.Sprintf("; đang chờ người gửi bổ sung từ %s, hạn còn lùi thêm mỗi ngày làm việc chờ", p.PausedOn.DMY())
		}
		d.Explanations = append(d.Explanations, Explanation{Code: code, Date: *dst, Text: text + ". Căn cứ: " + r.Citation})
	}
	count(RuleRefuse, start, 0, &d.RefuseBy)
	count(RuleTransfer, start, 0, &d.TransferBy)
	count(RuleRequestInfo, start, 0, &d.RequestInfoBy)
	count(RuleProcess, start, d.PauseDays, &d.ProcessBy)
	count(RulePublish, p.AnsweredOn, 0, &d.PublishBy)
	d.Overdue = overdue(p, d, asOf)
	return d
}

func overdue(p *Petition, d Deadlines, asOf calendar.Date) Overdue {
	late := func(done, due calendar.Date) bool { return !due.IsZero() && done.After(due) }
	var o Overdue
	switch p.State {
	case StateReceived:
		o.RefuseBy, o.TransferBy = late(asOf, d.RefuseBy), late(asOf, d.TransferBy)
	case StateRefused:
		o.RefuseBy = late(p.ClosedOn, d.RefuseBy)
	case StateTransferred:
		o.TransferBy = late(p.ClosedOn, d.TransferBy)
	}
	o.RequestInfoBy = late(p.InfoRequestedOn, d.RequestInfoBy)
	switch {
	case !p.AnsweredOn.IsZero():
		o.ProcessBy = late(p.AnsweredOn, d.ProcessBy)
	case p.State == StateReceived || p.State == StateProcessing || p.State == StateAwaitingInfo:
		o.ProcessBy = late(asOf, d.ProcessBy)
	}
	switch p.State {
	case StateAwaitingPublication:
		o.PublishBy = late(asOf, d.PublishBy)
	case StatePublished:
		o.PublishBy = late(p.PublishedOn, d.PublishBy)
	}
	return o
}

// dueKey is the date the clock now running runs out, for sorting lists and finding
// the overdue: classification while received, the answer while processing, the
// publication while awaiting it; none while awaiting the sender or once closed.
func dueKey(state State, d Deadlines) string {
	var due calendar.Date
	switch state {
	case StateReceived:
		due = d.RefuseBy
		if !d.TransferBy.IsZero() && (due.IsZero() || d.TransferBy.Before(due)) {
			due = d.TransferBy
		}
	case StateProcessing:
		due = d.ProcessBy
	case StateAwaitingPublication:
		due = d.PublishBy
	}
	if due.IsZero() {
		return noDue
	}
	return due.String()
}

// pauseDays counts the working days d with from ≤ d < to, as the dossiers' supplement
// pause does: the request day counts, the day the information arrives does not.
func pauseDays(cal *calendar.Calendar, from, to calendar.Date) int {
	if !from.Before(to) {
		return 0
	}
	return cal.WorkingDaysBetween(from.AddDays(-1), to.AddDays(-1))
}

// Explain returns the explanation of one deadline, or "".
func (d Deadlines) Explain(code RuleCode) string {
	for _, e := range d.Explanations {
		if e.Code == code {
			return e.Text
		}
	}
	return ""
}
