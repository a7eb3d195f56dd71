package petition

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// Paging chooses one page of a list.
type Paging struct {
	Limit  int // 50 when 0, at most MaxLimit
	Offset int
}

// MaxLimit is the largest page a list returns.
const MaxLimit = 500

func (pg Paging) norm() Paging {
	if pg.Limit <= 0 {
		pg.Limit = 50
	}
	return Paging{Limit: min(pg.Limit, MaxLimit), Offset: max(pg.Offset, 0)}
}

// Summary is a petition as lists show it. Sender is the enterprise's name or the
// person's; their phone and e-mail are left out of lists.
type Summary struct {
	ID           int64     `json:"id"`
	TrackingCode string    `json:"tracking_code"`
	Kind         Kind      `json:"kind"`
	Channel      Channel   `json:"channel"`
	State        State     `json:"state"`
	Subject      string    `json:"subject"`
	Sender       string    `json:"sender"`
	EnterpriseID int64     `json:"enterprise_id,omitempty"`
	UnitID       int64     `json:"unit_id,omitempty"`
	UnitName     string    `json:"unit_name,omitempty"`
	ReceivedAt   time.Time `json:"received_at"`
	// DueOn is when the clock now running runs out (classification, answer or
	// publication); zero while none runs.
	DueOn calendar.Date `json:"due_on,omitzero"`
	// Overdue: DueOn is past. DueSoon: it is within DueSoonDays working days.
	Overdue     bool  `json:"overdue"`
	DueSoon     bool  `json:"due_soon"`
	ReopenCount int   `json:"reopen_count"`
	DuplicateOf int64 `json:"duplicate_of,omitempty"`
}

// Page is one page of a list with the number of matches in all pages.
type Page struct {
	Items  []Summary `json:"items"`
	Total  int       `json:"total"`
	Limit  int       `json:"limit"`
	Offset int       `json:"offset"`
}

// DueSoonDays is how many working days ahead a deadline counts as near.
const DueSoonDays = 2

const selectSummary = `SELECT p.id, p.tracking_code, p.kind, p.channel, p.state, p.subject, COALESCE(e.name, p.sender_name),
	COALESCE(p.enterprise_id, 0), COALESCE(p.unit_id, 0), COALESCE(u.name, ''), p.received_at, p.due_key, p.reopen_count,
	COALESCE(p.duplicate_of, 0)
	FROM petitions p LEFT JOIN enterprises e ON e.id = p.enterprise_id LEFT JOIN units u ON u.id = p.unit_id`

// horizon is today and the last day that is still "due soon", as due keys.
type horizon struct{ today, soon string }

func (s *Store) horizon(ctx context.Context) (horizon, error) {
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		return horizon{}, err
	}
	t := s.today()
	return horizon{t.String(), cal.AddWorkingDays(t, DueSoonDays).String()}, nil
}

// page runs the count and the page of one list; cond and args select, order sorts.
func (s *Store) page(ctx context.Context, cond, order string, args []any, pg Paging, h horizon) (Page, error) {
	pg = pg.norm()
	out := Page{Limit: pg.Limit, Offset: pg.Offset}
	q := s.d.Read()
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM petitions p WHERE "+cond, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("petition: count: %w", err)
	}
	n := len(args)
	items, err := s.summaries(ctx, q, fmt.Sprintf("%s WHERE %s ORDER BY %s LIMIT $%d OFFSET $%d", selectSummary, cond, order, n+1, n+2),
		append(slices.Clip(args), pg.Limit, pg.Offset), h)
	out.Items = items
	return out, err
}

func (s *Store) summaries(ctx context.Context, q db.Querier, query string, args []any, h horizon) ([]Summary, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("petition: list: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var m Summary
		var due string
		if err := rows.Scan(&m.ID, &m.TrackingCode, &m.Kind, &m.Channel, &m.State, &m.Subject, &m.Sender, &m.EnterpriseID,
			&m.UnitID, &m.UnitName, &m.ReceivedAt, &due, &m.ReopenCount, &m.DuplicateOf); err != nil {
			return nil, fmt.Errorf("petition: list: %w", err)
		}
		m.ReceivedAt = m.ReceivedAt.UTC()
		if due != noDue {
			if m.DueOn, err = calendar.ParseDate(due); err != nil {
				return nil, fmt.Errorf("petition %d: due: %w", m.ID, err)
			}
			m.Overdue, m.DueSoon = due < h.today, due >= h.today && due <= h.soon
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

var errDepartmentOnly = forbiddenError{"Danh sách này dành cho Văn phòng Sở và Lãnh đạo Sở"}

// Queue lists the petitions in one state, oldest first, for the department's staff.
func (s *Store) Queue(ctx context.Context, sc auth.Scope, state State, pg Paging) (Page, error) {
	if !sc.All {
		return Page{}, errDepartmentOnly
	}
	h, err := s.horizon(ctx)
	if err != nil {
		return Page{}, err
	}
	return s.page(ctx, "p.state = $1", "p.received_at, p.id", []any{string(state)}, pg, h)
}

// Triage is the office's queue: the petitions received and not yet classified,
// oldest first.
func (s *Store) Triage(ctx context.Context, sc auth.Scope, pg Paging) (Page, error) {
	return s.Queue(ctx, sc, StateReceived, pg)
}

// Worklist is a unit's open petitions, nearest deadline first, with its counters.
type Worklist struct {
	Page
	Open    int `json:"open"`     // being processed or awaiting the sender
	Overdue int `json:"overdue"`  // past their process deadline
	DueSoon int `json:"due_soon"` // due within DueSoonDays working days
}

// worklistStates are the states in which a petition is the unit's work. Written as
// literals, so that both databases read the unit's part of petitions_worklist only.
const worklistStates = "p.state IN ('processing', 'awaiting_info')"

// Worklist lists the petitions a unit is handling or waiting on the sender for,
// the nearest deadline first and those awaiting the sender last.
func (s *Store) Worklist(ctx context.Context, sc auth.Scope, unitID int64, pg Paging) (Worklist, error) {
	if !sc.SeesUnit(unitID) {
		return Worklist{}, forbiddenError{"Bạn chỉ xem được phản ánh, kiến nghị giao cho đơn vị mình"}
	}
	h, err := s.horizon(ctx)
	if err != nil {
		return Worklist{}, err
	}
	var w Worklist
	cond := "p.unit_id = $1 AND " + worklistStates
	err = s.d.Read().QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN p.due_key < $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.due_key >= $2 AND p.due_key <= $3 THEN 1 ELSE 0 END), 0)
		FROM petitions p WHERE `+cond, unitID, h.today, h.soon).Scan(&w.Open, &w.Overdue, &w.DueSoon)
	if err != nil {
		return w, fmt.Errorf("petition: worklist counters: %w", err)
	}
	pg = pg.norm()
	w.Page = Page{Total: w.Open, Limit: pg.Limit, Offset: pg.Offset}
	w.Items, err = s.summaries(ctx, s.d.Read(), selectSummary+" WHERE "+cond+" ORDER BY p.due_key, p.id LIMIT $2 OFFSET $3",
		[]any{unitID, pg.Limit, pg.Offset}, h)
	return w, err
}

// Own lists an enterprise's own petitions, newest first.
func (s *Store) Own(ctx context.Context, sc auth.Scope, pg Paging) (Page, error) {
	if sc.EnterpriseID == 0 {
		return Page{}, forbiddenError{"Danh sách này dành cho tài khoản doanh nghiệp"}
	}
	h, err := s.horizon(ctx)
	if err != nil {
		return Page{}, err
	}
	return s.page(ctx, "p.enterprise_id = $1", "p.received_at DESC, p.id DESC", []any{sc.EnterpriseID}, pg, h)
}

// Overdue lists, for the leadership, every petition whose running clock is past,
// the most overdue first: awaiting classification, an answer or publication.
func (s *Store) Overdue(ctx context.Context, sc auth.Scope, pg Paging) (Page, error) {
	if !sc.All {
		return Page{}, errDepartmentOnly
	}
	h, err := s.horizon(ctx)
	if err != nil {
		return Page{}, err
	}
	return s.page(ctx, "p.due_key < $1", "p.due_key, p.id", []any{h.today}, pg, h)
}

// ByDialogue lists the questions raised at a dialogue, in the order they came.
func (s *Store) ByDialogue(ctx context.Context, sc auth.Scope, dialogueID int64, pg Paging) (Page, error) {
	if !sc.All {
		return Page{}, errDepartmentOnly
	}
	h, err := s.horizon(ctx)
	if err != nil {
		return Page{}, err
	}
	return s.page(ctx, "p.dialogue_id = $1", "p.received_at, p.id", []any{dialogueID}, pg, h)
}
