package inspection

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

const columns = `i.id, i.movement_id, i.unit_id, u.name, i.title, i.content_code, COALESCE(c.title, ''), i.period_from, i.period_to,
	i.scheduled_on, i.state, COALESCE(i.started_on, ''), COALESCE(i.concluded_on, ''), i.conclusion, i.notice_number,
	COALESCE(i.notice_on, ''), i.created_at, i.updated_at`

const from = ` FROM inspections i JOIN units u ON u.id = i.unit_id
	LEFT JOIN movement_contents c ON c.movement_id = i.movement_id AND c.code = i.content_code`

func scan(row interface{ Scan(...any) error }, extra ...any) (*Inspection, error) {
	var x Inspection
	var pf, pt, sch, started, concluded, notice string
	dest := append([]any{&x.ID, &x.MovementID, &x.UnitID, &x.UnitName, &x.Title, &x.ContentCode, &x.ContentTitle, &pf, &pt, &sch,
		&x.State, &started, &concluded, &x.Conclusion, &x.NoticeNumber, &notice, &x.CreatedAt, &x.UpdatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	x.PeriodFrom, _ = calendar.ParseDate(pf)
	x.PeriodTo, _ = calendar.ParseDate(pt)
	x.ScheduledOn, _ = calendar.ParseDate(sch)
	x.StartedOn, _ = calendar.ParseDate(started)
	x.ConcludedOn, _ = calendar.ParseDate(concluded)
	x.NoticeOn, _ = calendar.ParseDate(notice)
	return &x, nil
}

func get(ctx context.Context, q db.Querier, id int64) (*Inspection, error) {
	x, err := scan(q.QueryRowContext(ctx, "SELECT "+columns+from+" WHERE i.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("inspection: get %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT m.staff_id, s.full_name, s.position, u.name, m.leads FROM inspection_members m
		JOIN staff s ON s.id = m.staff_id JOIN units u ON u.id = s.unit_id WHERE m.inspection_id = $1 ORDER BY m.sort_order`, id)
	if err != nil {
		return nil, fmt.Errorf("inspection: members of %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.StaffID, &m.Name, &m.Position, &m.UnitName, &m.Leads); err != nil {
			return nil, err
		}
		x.Members = append(x.Members, m)
	}
	return x, rows.Err()
}

// Filter narrows a list of inspections; zero fields do not filter.
type Filter struct {
	Year   int
	State  State
	UnitID int64
}

// List returns a page of the inspections the scope covers, latest scheduled first,
// with the total and each one's count of findings and closed actions.
func (s *Store) List(ctx context.Context, scope auth.Scope, f Filter, limit, offset int) ([]Inspection, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !scope.All {
		f.UnitID = scope.UnitID
	}
	if f.UnitID != 0 {
		conds = append(conds, "i.unit_id = "+arg(f.UnitID))
	}
	if f.State != "" {
		conds = append(conds, "i.state = "+arg(string(f.State)))
	}
	if f.Year != 0 {
		conds = append(conds, "i.scheduled_on >= "+arg(calendar.NewDate(f.Year, 1, 1).String())+" AND i.scheduled_on <= "+
			arg(calendar.NewDate(f.Year, 12, 31).String()))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM inspections i"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("inspection: count: %w", err)
	}
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+columns+`,
		(SELECT COUNT(*) FROM inspection_findings f WHERE f.inspection_id = i.id),
		(SELECT COUNT(*) FROM inspection_findings f WHERE f.inspection_id = i.id AND f.state = 'closed')`+from+where+
		" ORDER BY i.scheduled_on DESC, i.id DESC LIMIT "+arg(limit)+" OFFSET "+arg(offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("inspection: list: %w", err)
	}
	defer rows.Close()
	var out []Inspection
	for rows.Next() {
		var n, closed int
		x, err := scan(rows, &n, &closed)
		if err != nil {
			return nil, 0, err
		}
		x.Findings, x.Closed = n, closed
		out = append(out, *x)
	}
	return out, total, rows.Err()
}

const findingColumns = `f.id, f.inspection_id, f.seq, f.finding, f.action, f.unit_id, u.name, COALESCE(f.due_days, 0), COALESCE(f.due_on, ''),
	f.state, f.report, COALESCE(f.reported_on, ''), f.return_reason, COALESCE(f.closed_on, ''), f.updated_at, i.title, COALESCE(i.concluded_on, '')`

const findingFrom = ` FROM inspection_findings f JOIN units u ON u.id = f.unit_id JOIN inspections i ON i.id = f.inspection_id`

func scanFinding(row interface{ Scan(...any) error }) (*Finding, error) {
	var f Finding
	var due, reported, closed, concluded string
	if err := row.Scan(&f.ID, &f.InspectionID, &f.Seq, &f.Text, &f.Action, &f.UnitID, &f.UnitName, &f.DueDays, &due, &f.State,
		&f.Report, &reported, &f.ReturnReason, &closed, &f.UpdatedAt, &f.InspectionTitle, &concluded); err != nil {
		return nil, err
	}
	f.DueOn, _ = calendar.ParseDate(due)
	f.ReportedOn, _ = calendar.ParseDate(reported)
	f.ClosedOn, _ = calendar.ParseDate(closed)
	f.ConcludedOn, _ = calendar.ParseDate(concluded)
	return &f, nil
}

func findings(ctx context.Context, q db.Querier, where string, args ...any) ([]Finding, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+findingColumns+findingFrom+" WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("inspection: findings: %w", err)
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, rows.Err()
}

func getFinding(ctx context.Context, q db.Querier, id int64) (*Finding, error) {
	f, err := scanFinding(q.QueryRowContext(ctx, "SELECT "+findingColumns+findingFrom+" WHERE f.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("inspection: finding %d: %w", id, err)
	}
	return f, nil
}

// ActionFilter narrows a list of corrective actions; zero fields do not filter.
type ActionFilter struct {
	State   ActionState
	Overdue bool // only those past their due date and not completed
	UnitID  int64
}

// Actions returns a page of the corrective actions of concluded inspections that the
// scope covers, the nearest due date first and completed ones last, with the total.
func (s *Store) Actions(ctx context.Context, scope auth.Scope, f ActionFilter, limit, offset int) ([]Finding, int, error) {
	conds := []string{"f.state <> 'pending'"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !scope.All {
		f.UnitID = scope.UnitID
	}
	if f.UnitID != 0 {
		conds = append(conds, "f.unit_id = "+arg(f.UnitID))
	}
	if f.State != "" {
		conds = append(conds, "f.state = "+arg(string(f.State)))
	}
	if f.Overdue {
		conds = append(conds, "f.state <> 'closed' AND f.due_on < "+arg(s.today().String()))
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM inspection_findings f"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("inspection: count actions: %w", err)
	}
	list, err := findings(ctx, s.db.Read(), strings.TrimPrefix(where, " WHERE ")+
		" ORDER BY CASE WHEN f.state = 'closed' THEN 1 ELSE 0 END, f.due_on, f.id LIMIT "+arg(limit)+" OFFSET "+arg(offset), args...)
	return list, total, err
}

// Finding returns one finding the scope covers, with its follow-up history.
func (s *Store) Finding(ctx context.Context, scope auth.Scope, id int64) (*Finding, []Event, error) {
	f, err := getFinding(ctx, s.db.Read(), id)
	if err != nil {
		return nil, nil, err
	}
	if !scope.SeesUnit(f.UnitID) {
		return nil, nil, ErrNotYours
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT at, actor, from_state, to_state, note FROM inspection_action_events
		WHERE finding_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("inspection: events of %d: %w", id, err)
	}
	defer rows.Close()
	var evs []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.Actor, &e.From, &e.To, &e.Note); err != nil {
			return nil, nil, err
		}
		evs = append(evs, e)
	}
	return f, evs, rows.Err()
}
