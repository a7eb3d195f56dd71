// Package inspection keeps the department's inspections of its units' work on the
// movement (kiểm tra, giám sát; the plan's "Kiểm tra tiến độ, chất lượng thực hiện
// nhiệm vụ; kịp thời chấn chỉnh hạn chế, thiếu sót"): the plan of inspections with
// their team and topic, the conclusion with its findings, the corrective action each
// finding calls for with its due date in working days, the unit's follow-up until the
// office closes it, reminders and escalation of overdue actions, the conclusion
// notice as a Decree 30 document, and the figures the consolidated report states.
package inspection

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/validate"
)

// State is where an inspection stands.
type State string

const (
	Planned    State = "planned"
	InProgress State = "in_progress"
	Concluded  State = "concluded"
)

// States in the order lists offer them.
var States = []State{Planned, InProgress, Concluded}

var stateLabels = map[State]string{Planned: "Dự kiến", InProgress: "Đang kiểm tra", Concluded: "Đã kết luận"}

// Label is the state in Vietnamese.
func (s State) Label() string { return stateLabels[s] }

// ActionState is where a finding's corrective action stands.
type ActionState string

const (
	Pending  ActionState = "pending"  // the inspection is not concluded yet
	Open     ActionState = "open"     // the unit is to act on it
	Reported ActionState = "reported" // the unit reported what it did; the office reviews
	Returned ActionState = "returned" // the office found the report short; the unit acts again
	Closed   ActionState = "closed"   // the office accepted it
)

// ActionStates in the order lists offer them.
var ActionStates = []ActionState{Open, Reported, Returned, Closed}

var actionLabels = map[ActionState]string{Pending: "Chờ kết luận", Open: "Đang khắc phục", Reported: "Đơn vị đã báo cáo, chờ xem xét",
	Returned: "Trả lại, khắc phục tiếp", Closed: "Đã hoàn thành"}

// Label is the action's state in Vietnamese.
func (s ActionState) Label() string { return actionLabels[s] }

// Member is one member of the inspection team.
type Member struct {
	StaffID  int64  `json:"staff_id"`
	Name     string `json:"name"`
	Position string `json:"position"`
	UnitName string `json:"unit_name"`
	Leads    bool   `json:"leads"`
}

// Inspection is one inspection of a unit.
type Inspection struct {
	ID           int64         `json:"id"`
	MovementID   int64         `json:"movement_id"`
	UnitID       int64         `json:"unit_id"`
	UnitName     string        `json:"unit_name"`
	Title        string        `json:"title"`
	ContentCode  string        `json:"content_code"`
	ContentTitle string        `json:"content_title"`
	PeriodFrom   calendar.Date `json:"period_from"`
	PeriodTo     calendar.Date `json:"period_to"`
	ScheduledOn  calendar.Date `json:"scheduled_on"`
	State        State         `json:"state"`
	StartedOn    calendar.Date `json:"started_on"`
	ConcludedOn  calendar.Date `json:"concluded_on"`
	Conclusion   string        `json:"conclusion"`
	NoticeNumber string        `json:"notice_number"`
	NoticeOn     calendar.Date `json:"notice_on"`
	Members      []Member      `json:"members"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`

	// Counts filled by List.
	Findings int `json:"-"`
	Closed   int `json:"-"`
}

// Lead is the team's leader's name, or "".
func (in *Inspection) Lead() string {
	for _, m := range in.Members {
		if m.Leads {
			return m.Name
		}
	}
	return ""
}

// Finding is one finding of an inspection with its corrective action.
type Finding struct {
	ID           int64         `json:"id"`
	InspectionID int64         `json:"inspection_id"`
	Seq          int           `json:"seq"`
	Text         string        `json:"finding"` // the shortcoming found
	Action       string        `json:"action"`
	UnitID       int64         `json:"unit_id"`
	UnitName     string        `json:"unit_name"`
	DueDays      int           `json:"due_days"` // working days from the conclusion; 0 when a date was given
	DueOn        calendar.Date `json:"due_on"`
	State        ActionState   `json:"state"`
	Report       string        `json:"report"`
	ReportedOn   calendar.Date `json:"reported_on"`
	ReturnReason string        `json:"return_reason"`
	ClosedOn     calendar.Date `json:"closed_on"`
	UpdatedAt    time.Time     `json:"updated_at"`

	// Of its inspection, for lists of actions.
	InspectionTitle string        `json:"inspection_title"`
	ConcludedOn     calendar.Date `json:"concluded_on"`
}

// Overdue reports whether the action is past its due date on day without being
// completed (closed by the office). A report awaiting review is still overdue: the
// office sees it at the top of its list.
func (f *Finding) Overdue(day calendar.Date) bool {
	return f.State != Pending && f.State != Closed && !f.DueOn.IsZero() && f.DueOn.Before(day)
}

// UnitMustAct reports whether the owner unit has to act (report) now.
func (f *Finding) UnitMustAct() bool { return f.State == Open || f.State == Returned }

// DueText says how the due date was set, before the conclusion as a rule ("15 ngày
// làm việc kể từ ngày kết luận") and after it with the counting shown day by day.
func (f *Finding) DueText(cal *calendar.Calendar) string {
	switch {
	case f.ConcludedOn.IsZero() && f.DueDays > 0:
		return fmt.Sprintf("%d ngày làm việc kể từ ngày kết luận", f.DueDays)
	case f.ConcludedOn.IsZero():
		return "đến ngày " + f.DueOn.DMY()
	case f.DueDays > 0:
		return cal.Explain(f.ConcludedOn, f.DueDays).String()
	}
	return fmt.Sprintf("hạn ấn định %s, %d ngày làm việc sau ngày kết luận %s", f.DueOn.DMY(),
		cal.WorkingDaysBetween(f.ConcludedOn, f.DueOn), f.ConcludedOn.DMY())
}

// Event is one step of an action's follow-up.
type Event struct {
	At    time.Time
	Actor string
	From  ActionState
	To    ActionState
	Note  string
}

// Errors of the store, in Vietnamese for the user.
var (
	ErrNotFound  = errors.New("Không có cuộc kiểm tra hoặc biện pháp khắc phục này")
	ErrNotYours  = errors.New("Bạn chỉ được xem cuộc kiểm tra và biện pháp khắc phục của đơn vị mình")
	ErrForbidden = errors.New("Vai trò của bạn không được thực hiện bước này")
)

// stateError says that a step does not fit where an inspection stands.
func stateError(in *Inspection, what string) error {
	return &StateError{Msg: "Cuộc kiểm tra đang ở trạng thái “" + in.State.Label() + "” nên không thể " + what}
}

// StateError is a step refused because of the state of a record.
type StateError struct{ Msg string }

func (e *StateError) Error() string { return e.Msg }

// MaxDueDays bounds a due date in working days: a year of work.
const MaxDueDays = 250

// parseDate reads a date field, adding its message to errs.
func parseDate(errs validate.Errors, field, label, v string) calendar.Date {
	v = strings.TrimSpace(v)
	if v == "" {
		errs.Add(field, "Nhập "+lowerFirst(label))
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		errs.Add(field, fmt.Sprintf("%s %q không hợp lệ (cần dạng YYYY-MM-DD)", label, v))
	}
	return d
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// parseDays reads a number of working days, 1 to MaxDueDays.
func parseDays(errs validate.Errors, field, v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > MaxDueDays {
		errs.Add(field, fmt.Sprintf("Thời hạn khắc phục %q không hợp lệ: nhập số ngày làm việc từ 1 đến %d", v, MaxDueDays))
		return 0
	}
	return n
}
