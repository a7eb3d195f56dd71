package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/validate"
)

// A difficulty (khó khăn, vướng mắc) goes from the unit that raises it to the office,
// which consolidates it for the Director, who writes a direction; the unit acts on it
// and closes it. The plan: "các phòng, ban, đơn vị phản ánh về Văn phòng Sở để tổng
// hợp, báo cáo Giám đốc Sở xem xét, chỉ đạo".
const (
	DifficultyRaised       = "raised"
	DifficultyConsolidated = "consolidated"
	DifficultyDirected     = "directed"
	DifficultyClosed       = "closed"
)

var difficultyLabels = map[string]string{DifficultyRaised: "Đơn vị nêu", DifficultyConsolidated: "Văn phòng đã tổng hợp, trình Giám đốc",
	DifficultyDirected: "Giám đốc đã chỉ đạo", DifficultyClosed: "Đã giải quyết xong"}

// DifficultyLabel is a difficulty's state in Vietnamese.
func DifficultyLabel(state string) string { return difficultyLabels[state] }

// Difficulty is one khó khăn, vướng mắc.
type Difficulty struct {
	ID          int64
	UnitID      int64
	UnitName    string
	Subject     string
	Content     string
	Proposal    string
	State       string
	OfficeNote  string
	Direction   string
	DirectedBy  string
	DirectedOn  calendar.Date
	ActionTaken string
	ClosedOn    calendar.Date
	RaisedOn    calendar.Date
	UpdatedAt   time.Time
}

// ErrDifficultyState is returned for a step not allowed from a difficulty's state or for the role.
var ErrDifficultyState = errors.New("Không thể thực hiện bước này với khó khăn, vướng mắc ở trạng thái hiện tại hoặc với vai trò của bạn")

// Raise records a difficulty for a unit the user belongs to (or any, for the office).
func (s *Store) Raise(ctx context.Context, scope auth.Scope, unitID int64, subject, content, proposal string) (*Difficulty, error) {
	if !scope.SeesUnit(unitID) {
		return nil, ErrNotYours
	}
	d := Difficulty{UnitID: unitID, Subject: strings.TrimSpace(subject), Content: strings.TrimSpace(content),
		Proposal: strings.TrimSpace(proposal), State: DifficultyRaised, RaisedOn: s.today()}
	errs := validate.Errors{}
	if d.Subject == "" {
		errs.Add("subject", "Nhập vấn đề khó khăn, vướng mắc")
	}
	if d.Content == "" {
		errs.Add("content", "Mô tả nội dung khó khăn, vướng mắc")
	}
	if unitID == 0 {
		errs.Add("unit", "Chọn đơn vị")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO difficulties (unit_id, subject, content, proposal, state, raised_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, unitID, d.Subject, d.Content, d.Proposal, DifficultyRaised, d.RaisedOn.String(), now).Scan(&d.ID); err != nil {
			return fmt.Errorf("report: raise difficulty: %w", err)
		}
		if s.notify != nil {
			if err := s.notify.Notify(ctx, tx, notify.Notice{Roles: []string{string(auth.RoleOffice)}, Subject: "Khó khăn, vướng mắc mới: " + d.Subject,
				Link: "/difficulties/" + strconv.FormatInt(d.ID, 10)}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "difficulty", EntityID: d.ID,
			Summary: "Nêu khó khăn, vướng mắc: " + d.Subject, After: d})
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// Step moves a difficulty on: the office consolidates (with a note), the leader
// directs (with the direction), the unit closes it (with what it did). Each step
// says why it refuses, and only the next step from the current state is allowed.
func (s *Store) Step(ctx context.Context, u *auth.User, id int64, step, text string) error {
	text = strings.TrimSpace(text)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := getDifficulty(ctx, tx, id)
		if err != nil {
			return err
		}
		scope := auth.ScopeOf(u)
		now := s.now().UTC()
		today := calendar.DateOf(now).String()
		var set string
		var args []any
		var to, summary string
		var tell notify.Notice
		switch {
		case step == "consolidate" && d.State == DifficultyRaised && u.Role == auth.RoleOffice:
			to, set, args = DifficultyConsolidated, "office_note = $1", []any{text}
			summary = "Tổng hợp, trình Giám đốc: " + d.Subject
			tell = notify.Notice{Roles: []string{string(auth.RoleLeader)}, Subject: "Xin ý kiến chỉ đạo: " + d.Subject}
		case step == "direct" && (d.State == DifficultyConsolidated || d.State == DifficultyRaised) && u.Role == auth.RoleLeader:
			if text == "" {
				return validate.Errors{"text": "Nhập ý kiến chỉ đạo"}
			}
			name := u.FullName
			if name == "" {
				name = u.Username
			}
			to, set, args = DifficultyDirected, "direction = $1, directed_by = $2, directed_on = $3", []any{text, name, today}
			summary = "Chỉ đạo giải quyết: " + d.Subject
			tell = notify.Notice{UnitIDs: []int64{d.UnitID}, Roles: []string{string(auth.RoleOffice)}, Subject: "Giám đốc đã chỉ đạo: " + d.Subject, Body: text}
		case step == "close" && d.State == DifficultyDirected && (u.Role == auth.RoleOffice || (u.Role.NeedsUnit() && scope.SeesUnit(d.UnitID))):
			if text == "" {
				return validate.Errors{"text": "Nêu kết quả thực hiện chỉ đạo"}
			}
			to, set, args = DifficultyClosed, "action_taken = $1, closed_on = $2", []any{text, today}
			summary = "Đã giải quyết: " + d.Subject
			tell = notify.Notice{Roles: []string{string(auth.RoleOffice), string(auth.RoleLeader)}, Subject: summary, Body: text}
		default:
			return ErrDifficultyState
		}
		n := len(args)
		args = append(args, to, now, id, d.State)
		res, err := tx.ExecContext(ctx, "UPDATE difficulties SET "+set+", state = $"+strconv.Itoa(n+1)+", updated_at = $"+strconv.Itoa(n+2)+
			" WHERE id = $"+strconv.Itoa(n+3)+" AND state = $"+strconv.Itoa(n+4), args...)
		if err != nil {
			return fmt.Errorf("report: difficulty step: %w", err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return ErrDifficultyState
		}
		if s.notify != nil {
			tell.Link = "/difficulties/" + strconv.FormatInt(id, 10)
			if err := s.notify.Notify(ctx, tx, tell); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "difficulty", EntityID: id, Summary: summary,
			Before: map[string]string{"state": d.State}, After: map[string]string{"state": to, "text": text}})
	})
}

const difficultyColumns = `d.id, d.unit_id, u.name, d.subject, d.content, d.proposal, d.state, d.office_note, d.direction, d.directed_by,
	COALESCE(d.directed_on, ''), d.action_taken, COALESCE(d.closed_on, ''), d.raised_on, d.updated_at`

func scanDifficulty(row interface{ Scan(...any) error }) (*Difficulty, error) {
	var d Difficulty
	var directed, closed, raised string
	if err := row.Scan(&d.ID, &d.UnitID, &d.UnitName, &d.Subject, &d.Content, &d.Proposal, &d.State, &d.OfficeNote, &d.Direction,
		&d.DirectedBy, &directed, &d.ActionTaken, &closed, &raised, &d.UpdatedAt); err != nil {
		return nil, err
	}
	d.DirectedOn, _ = calendar.ParseDate(directed)
	d.ClosedOn, _ = calendar.ParseDate(closed)
	d.RaisedOn, _ = calendar.ParseDate(raised)
	return &d, nil
}

func getDifficulty(ctx context.Context, q db.Querier, id int64) (*Difficulty, error) {
	d, err := scanDifficulty(q.QueryRowContext(ctx, "SELECT "+difficultyColumns+" FROM difficulties d JOIN units u ON u.id = d.unit_id WHERE d.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return d, err
}

// Difficulty returns one difficulty the user may see.
func (s *Store) Difficulty(ctx context.Context, scope auth.Scope, id int64) (*Difficulty, error) {
	d, err := getDifficulty(ctx, s.db.Read(), id)
	if err != nil {
		return nil, err
	}
	if !scope.SeesUnit(d.UnitID) {
		return nil, ErrNotYours
	}
	return d, nil
}

// Difficulties lists the difficulties the user may see, raised from one day to
// another (zero: any), open ones first, a page at a time, with the total.
func (s *Store) Difficulties(ctx context.Context, scope auth.Scope, state string, from, to calendar.Date, limit, offset int) ([]Difficulty, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !scope.All {
		conds = append(conds, "d.unit_id = "+arg(scope.UnitID))
	}
	if state != "" {
		conds = append(conds, "d.state = "+arg(state))
	}
	if !from.IsZero() {
		conds = append(conds, "d.raised_on >= "+arg(from.String())+" AND d.raised_on <= "+arg(to.String()))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM difficulties d"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("report: difficulties: %w", err)
	}
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+difficultyColumns+" FROM difficulties d JOIN units u ON u.id = d.unit_id"+where+
		" ORDER BY CASE WHEN d.state = 'closed' THEN 1 ELSE 0 END, d.raised_on DESC, d.id DESC LIMIT "+arg(limit)+" OFFSET "+arg(offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("report: difficulties: %w", err)
	}
	defer rows.Close()
	var out []Difficulty
	for rows.Next() {
		d, err := scanDifficulty(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *d)
	}
	return out, total, rows.Err()
}
