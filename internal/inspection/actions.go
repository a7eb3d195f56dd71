package inspection

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/validate"
)

// Steps of an action's follow-up.
const (
	StepReport = "report" // the unit reports what it did
	StepClose  = "close"  // the office accepts the report and closes the action
	StepReturn = "return" // the office returns the report: the unit acts again
)

// NextStep is the step u may take on f now, or "".
func NextStep(u *auth.User, f *Finding) string {
	switch {
	case u == nil:
		return ""
	case f.UnitMustAct() && u.Role.NeedsUnit() && u.UnitID == f.UnitID:
		return StepReport
	case f.State == Reported && u.Role == auth.RoleOffice:
		return StepClose // the same form offers returning it
	}
	return ""
}

// Act takes one step of an action's follow-up: the owner unit reports (with what it
// did), the office closes a reported action (with an optional note) or returns it
// (with the reason). Each step is checked against the action's state and the user's
// role, and nothing changes when it is refused.
func (s *Store) Act(ctx context.Context, u *auth.User, findingID int64, step, text string) error {
	text = strings.TrimSpace(text)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, err := getFinding(ctx, tx, findingID)
		if err != nil {
			return err
		}
		if !auth.ScopeOf(u).SeesUnit(f.UnitID) {
			return ErrNotYours
		}
		to, set, args, err := stepPlan(u, f, step, text, s.today().String())
		if err != nil {
			return err
		}
		now := s.now().UTC()
		n := len(args)
		args = append(args, to, now, findingID, f.State)
		res, err := tx.ExecContext(ctx, "UPDATE inspection_findings SET "+set+", state = $"+strconv.Itoa(n+1)+", updated_at = $"+strconv.Itoa(n+2)+
			" WHERE id = $"+strconv.Itoa(n+3)+" AND state = $"+strconv.Itoa(n+4), args...)
		if err != nil {
			return fmt.Errorf("inspection: %s action: %w", step, err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return &StateError{Msg: "Biện pháp khắc phục vừa được người khác cập nhật; mở lại trang và thử lại"}
		}
		if err := addEvent(ctx, tx, findingID, now, f.State, to, text); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s biện pháp khắc phục số %d của cuộc kiểm tra “%s”", stepLabels[step], f.Seq, f.InspectionTitle)
		if s.notify != nil {
			tell := notify.Notice{Subject: summary, Body: text, Link: fmt.Sprintf("/inspection-actions/%d", findingID)}
			if step == StepReport {
				tell.Roles = []string{string(auth.RoleOffice)}
			} else {
				tell.UnitIDs = []int64{f.UnitID}
			}
			if err := s.notify.Notify(ctx, tx, tell); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "inspection_finding", EntityID: findingID, Summary: summary,
			Before: map[string]ActionState{"state": f.State}, After: map[string]any{"state": to, "text": text}})
	})
}

var stepLabels = map[string]string{StepReport: "Báo cáo kết quả thực hiện", StepClose: "Đóng (đã hoàn thành)", StepReturn: "Trả lại"}

// stepPlan checks that u may take step on f and returns the state it leads to and the
// columns it sets.
func stepPlan(u *auth.User, f *Finding, step, text, today string) (ActionState, string, []any, error) {
	office := u.Role == auth.RoleOffice
	switch step {
	case StepReport:
		if !u.Role.NeedsUnit() || u.UnitID != f.UnitID {
			return "", "", nil, ErrForbidden
		}
		if !f.UnitMustAct() {
			return "", "", nil, actionStateError(f, "báo cáo kết quả khắc phục")
		}
		if text == "" {
			return "", "", nil, validate.Errors{"text": "Kết quả thực hiện: nêu đơn vị đã khắc phục thế nào (việc đã làm, văn bản, số liệu)"}
		}
		return Reported, "report = $1, reported_on = $2", []any{text, today}, nil
	case StepClose:
		if !office {
			return "", "", nil, ErrForbidden
		}
		if f.UnitMustAct() {
			return "", "", nil, validate.Errors{"text": "Kết quả thực hiện: đơn vị chưa báo cáo kết quả khắc phục nên chưa thể đóng biện pháp này"}
		}
		if f.State != Reported {
			return "", "", nil, actionStateError(f, "đóng")
		}
		return Closed, "closed_on = $1", []any{today}, nil
	case StepReturn:
		if !office {
			return "", "", nil, ErrForbidden
		}
		if f.State != Reported {
			return "", "", nil, actionStateError(f, "trả lại")
		}
		if text == "" {
			return "", "", nil, validate.Errors{"text": "Lý do trả lại: nêu phần việc đơn vị cần khắc phục tiếp"}
		}
		return Returned, "return_reason = $1", []any{text}, nil
	}
	return "", "", nil, ErrForbidden
}

func actionStateError(f *Finding, what string) error {
	return &StateError{Msg: "Biện pháp khắc phục đang ở trạng thái “" + f.State.Label() + "” nên không thể " + what}
}
