package petition

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
)

// Input is what an action takes besides the petition; each action reads its own
// fields and ignores the others.
type Input struct {
	UnitID       int64        `json:"unit_id,omitempty"`      // assign: the unit that handles it
	Reason       string       `json:"reason,omitempty"`       // refuse, reopen
	TransferTo   string       `json:"transfer_to,omitempty"`  // transfer: the body that receives it
	Note         string       `json:"note,omitempty"`         // request_info: what is needed; supply_info: the information
	Answer       string       `json:"answer,omitempty"`       // answer
	Satisfaction Satisfaction `json:"satisfaction,omitempty"` // rate: satisfied or unsatisfied
}

// stateError is ErrWrongState with a reason fit for a user.
type stateError struct{ msg string }

func (e stateError) Error() string { return e.msg }
func (e stateError) Unwrap() error { return ErrWrongState }

// Act takes action on petition id for a, in one transaction: it checks who a is to
// the petition and its state (Allowed), validates in, updates the petition only if
// nobody changed it meanwhile, and writes its history, the audit log (before and
// after) and the notices. A petition a may not see does not exist for them.
func (s *Store) Act(ctx context.Context, a Actor, id int64, action Action, in Input) (*Petition, error) {
	var out *Petition
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.env(ctx, tx)
		if err != nil {
			return err
		}
		out, err = s.act(ctx, tx, e, a, id, action, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// change is what an action writes besides the petition's own fields.
type change struct {
	note          string
	handledOn     calendar.Date // set by an answer, kept across a reopen
	handledOnTime bool
	publicSearch  string
}

func (s *Store) act(ctx context.Context, tx *sql.Tx, e env, a Actor, id int64, action Action, in Input) (*Petition, error) {
	before, err := s.getFor(ctx, tx, a, id)
	if err != nil {
		return nil, err
	}
	now := s.stamp()
	after, c, err := s.step(ctx, tx, e, a, before, action, in, s.today(), now)
	if err != nil {
		return nil, err
	}
	if err := update(ctx, tx, before, after, c); err != nil {
		return nil, err
	}
	ctx = audit.WithActor(ctx, a.audit())
	if err := addEvent(ctx, tx, after, a, now, action, before.State, c.note); err != nil {
		return nil, err
	}
	summary := fmt.Sprintf("%s phản ánh, kiến nghị %s: %s → %s", capitalize(action.Label()), after.TrackingCode,
		before.State.Label(), after.State.Label())
	if err := audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "petition", EntityID: after.ID,
		Summary: summary, Before: before, After: after}); err != nil {
		return nil, err
	}
	if err := s.notify(ctx, tx, after, action, before.State, c.note); err != nil {
		return nil, err
	}
	return after, nil
}

// step is what action by a on day today, at the instant now, makes of before: the
// workflow's check, the action's change and the new version and deadlines. It
// writes nothing; act stores the result, Replay keeps it for the next step. before
// gets its deadlines as of today.
func (s *Store) step(ctx context.Context, tx *sql.Tx, e env, a Actor, before *Petition, action Action, in Input,
	today calendar.Date, now time.Time) (*Petition, change, error) {
	if err := Allowed(before.State, action, a.KindFor(before)); err != nil {
		return nil, change{}, err
	}
	before.Deadlines = ComputeDeadlines(before, e.rules, e.cal, today)
	after := *before
	after.State, _ = Next(before.State, action)
	c, err := s.apply(ctx, tx, e, &after, action, in, today)
	if err != nil {
		return nil, change{}, err
	}
	if action == ActionReopen && before.State == StateRefused {
		after.UnitID, after.UnitCode, after.UnitName = 0, "", ""
	}
	after.Version, after.UpdatedAt = before.Version+1, now
	after.Deadlines = ComputeDeadlines(&after, e.rules, e.cal, today)
	return &after, c, nil
}

// apply makes the action's change to p, which is already in its new state, after
// checking the input.
func (s *Store) apply(ctx context.Context, tx *sql.Tx, e env, p *Petition, action Action, in Input, today calendar.Date) (change, error) {
	var c change
	var issues []issue
	need := func(field, v string, limit int) string {
		v = tidyText(v)
		checkText(func(f, format string, args ...any) {
			issues = append(issues, issue{Field: f, Detail: fmt.Sprintf(format, args...)})
		}, field, v, limit, true)
		return v
	}
	switch action {
	case ActionAssign:
		if p.Kind == KindComplaint {
			return c, stateError{"Khiếu nại, tố cáo không giải quyết theo quy trình phản ánh, kiến nghị: hãy chuyển cơ quan có thẩm quyền hoặc từ chối tiếp nhận"}
		}
		is, err := assignUnit(ctx, tx, p, in.UnitID)
		if err != nil {
			return c, err
		}
		issues = append(issues, is...)
		c.note = "Giao " + p.UnitName
	case ActionRefuse:
		p.RefusalReason = need("reason", in.Reason, maxText)
		p.ClosedOn, c.note = today, p.RefusalReason
	case ActionTransfer:
		p.TransferredTo = need("transfer_to", clean(in.TransferTo), maxField)
		p.ClosedOn, c.note = today, "Chuyển đến "+p.TransferredTo
	case ActionRequestInfo:
		c.note = need("note", in.Note, maxText)
		p.PausedOn = today
		if p.InfoRequestedOn.IsZero() {
			p.InfoRequestedOn = today
		}
	case ActionSupplyInfo:
		c.note = need("note", in.Note, maxContent)
		p.PauseDays += pauseDays(e.cal, p.PausedOn, today)
		p.PausedOn = calendar.Date{}
	case ActionAnswer:
		p.Answer = need("answer", in.Answer, maxContent)
		p.AnsweredOn = today
		c.handledOn, c.handledOnTime = today, !today.After(p.Deadlines.ProcessBy)
	case ActionPublish:
		p.PublishedAnswer, p.PublishedOn, p.ClosedOn = MaskPersonal(p.Answer), today, today
		p.Public = p.PublishConsent
		c.note = "Gửi trả lời cho người gửi, không công khai trên trang (người gửi không đồng ý công khai)"
		if p.Public {
			c.publicSearch = textnorm.FoldAll(MaskPersonal(p.Subject), MaskPersonal(p.Content), p.PublishedAnswer)
			c.note = "Gửi trả lời cho người gửi và công khai trên trang (đã ẩn thông tin cá nhân)"
		}
	case ActionReopen:
		if err := reopenWindow(e, p, today); err != nil {
			return c, err
		}
		c.note = need("reason", in.Reason, maxText)
		p.ReopenCount++
		p.CycleStartOn, p.PauseDays, p.Satisfaction = today, 0, SatisfactionNone
		p.PausedOn, p.InfoRequestedOn, p.AnsweredOn, p.ClosedOn = calendar.Date{}, calendar.Date{}, calendar.Date{}, calendar.Date{}
	case ActionRate:
		if in.Satisfaction != SatisfactionSatisfied && in.Satisfaction != SatisfactionUnsatisfied {
			issues = append(issues, issue{Field: "satisfaction", Detail: "chọn Hài lòng hoặc Không hài lòng"})
		}
		p.Satisfaction, c.note = in.Satisfaction, in.Satisfaction.Label()
	}
	if p.Public && action != ActionPublish {
		c.publicSearch = textnorm.FoldAll(MaskPersonal(p.Subject), MaskPersonal(p.Content), p.PublishedAnswer)
	}
	return c, fieldErrors(issues)
}

func assignUnit(ctx context.Context, tx *sql.Tx, p *Petition, unitID int64) ([]issue, error) {
	if unitID == 0 {
		return []issue{{Field: "unit", Detail: "chọn phòng, đơn vị xử lý"}}, nil
	}
	if unitID == p.UnitID {
		return []issue{{Field: "unit", Detail: fmt.Sprintf("phản ánh, kiến nghị đã được giao cho %s", p.UnitName)}}, nil
	}
	var active bool
	err := tx.QueryRowContext(ctx, "SELECT code, name, active FROM units WHERE id = $1", unitID).Scan(&p.UnitCode, &p.UnitName, &active)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return []issue{{Field: "unit", Detail: fmt.Sprintf("không có đơn vị số %d", unitID)}}, nil
	case err != nil:
		return nil, fmt.Errorf("petition: unit: %w", err)
	case !active:
		return []issue{{Field: "unit", Detail: fmt.Sprintf("%s đã ngừng hoạt động", p.UnitName)}}, nil
	}
	p.UnitID = unitID
	return nil, nil
}

// reopenWindow refuses a reopen after the period the rule allows from the day
// handling ended.
func reopenWindow(e env, p *Petition, today calendar.Date) error {
	r, ok := e.rules.InForce(RuleReopen, p.Kind, p.ReceivedOn)
	if !ok || p.ClosedOn.IsZero() {
		return nil
	}
	last := e.cal.AddWorkingDays(p.ClosedOn, r.WorkingDays)
	if today.After(last) {
		return stateError{fmt.Sprintf("Đã quá thời hạn đề nghị xem xét lại: %d ngày làm việc từ %s, đến hết ngày %s",
			r.WorkingDays, p.ClosedOn.DMY(), last.DMY())}
	}
	return nil
}

// update writes after over before, only if nobody changed the petition since it was
// read: both databases re-check the WHERE after waiting for a concurrent writer, so
// of two simultaneous actions one updates a row and the other none.
func update(ctx context.Context, tx *sql.Tx, before, after *Petition, c change) error {
	d := after.Deadlines
	var handledTime any
	if !c.handledOn.IsZero() {
		handledTime = c.handledOnTime
	}
	// What the petition counted in petition_daily before: read at the version the
	// update requires, so that if the update writes, it writes over this.
	old, err := scanScoreRow(tx.QueryRowContext(ctx, "SELECT "+scoreColumns+" FROM petitions WHERE id = $1 AND version = $2",
		before.ID, before.Version))
	if errors.Is(err, sql.ErrNoRows) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("petition: update %d: %w", after.ID, err)
	}
	now, err := scanScoreRow(tx.QueryRowContext(ctx, `UPDATE petitions SET state = $1, version = $2, unit_id = $3, refusal_reason = $4,
		transferred_to = $5, answer = $6, answered_on = $7, published_answer = $8, published_on = $9, is_public = $10,
		public_search = $11, closed_on = $12, satisfaction = $13, reopen_count = $14, cycle_start_on = $15,
		info_requested_on = $16, paused_on = $17, pause_days = $18, refuse_by = $19, request_info_by = $20, process_by = $21,
		transfer_by = $22, publish_by = $23, due_key = $24, handled_on = COALESCE($25, handled_on),
		handled_on_time = COALESCE($26, handled_on_time), updated_at = $27
		WHERE id = $28 AND version = $29 AND state = $30 RETURNING `+scoreColumns,
		string(after.State), after.Version, nullID(after.UnitID), after.RefusalReason, after.TransferredTo, after.Answer,
		nullDate(after.AnsweredOn), after.PublishedAnswer, nullDate(after.PublishedOn), after.Public, c.publicSearch,
		nullDate(after.ClosedOn), string(after.Satisfaction), after.ReopenCount, after.CycleStartOn.String(),
		nullDate(after.InfoRequestedOn), nullDate(after.PausedOn), after.PauseDays, d.RefuseBy.String(), d.RequestInfoBy.String(),
		d.ProcessBy.String(), d.TransferBy.String(), nullDate(d.PublishBy), dueKey(after.State, d), nullDate(c.handledOn),
		handledTime, after.UpdatedAt, after.ID, before.Version, string(before.State)))
	if errors.Is(err, sql.ErrNoRows) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("petition: update %d: %w", after.ID, err)
	}
	if old == now {
		return nil
	}
	delta := scoreDelta{}
	delta.add(old, -1)
	delta.add(now, 1)
	return delta.apply(ctx, tx)
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// MaxBulk is how many petitions one bulk action takes.
const MaxBulk = 200

// BulkAssign gives every petition of ids to one unit in one transaction, as the
// office does when it triages a morning's petitions: all of them or, when one cannot
// be assigned, none, with the message naming that one. Each is audit-logged,
// recorded in its history and notified as a single assignment would be.
func (s *Store) BulkAssign(ctx context.Context, a Actor, ids []int64, unitID int64) ([]*Petition, error) {
	seen := map[int64]bool{}
	var unique []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	switch {
	case len(unique) == 0:
		return nil, fieldErrors([]issue{{Field: "ids", Detail: "chọn ít nhất một phản ánh, kiến nghị"}})
	case len(unique) > MaxBulk:
		return nil, fieldErrors([]issue{{Field: "ids", Detail: fmt.Sprintf("mỗi lần giao tối đa %d phản ánh, kiến nghị", MaxBulk)}})
	}
	var out []*Petition
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.env(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range unique {
			p, err := s.act(ctx, tx, e, a, id, ActionAssign, Input{UnitID: unitID})
			if err != nil {
				return &BulkError{ID: id, Err: err}
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BulkError names the petition that stopped a bulk action; nothing was changed.
type BulkError struct {
	ID  int64
	Err error
}

func (e *BulkError) Error() string {
	return fmt.Sprintf("Phản ánh, kiến nghị số %d: %s. Chưa giao phản ánh, kiến nghị nào", e.ID, e.Err.Error())
}

func (e *BulkError) Unwrap() error { return e.Err }
