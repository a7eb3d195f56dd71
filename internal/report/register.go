package report

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
)

// Status is where a submitter stands against a report, as the register shows it.
type Status string

const (
	NotStarted Status = "not_started"
	InDraft    Status = "draft"
	OnTime     Status = "on_time"
	Late       Status = "late"
	SentBack   Status = "returned"
	Missing    Status = "missing" // due date passed, nothing submitted
)

// Statuses in the register's order.
var Statuses = []Status{Missing, SentBack, NotStarted, InDraft, Late, OnTime}

var statusLabels = map[Status]string{NotStarted: "Chưa bắt đầu", InDraft: "Đang soạn", OnTime: "Đã nộp đúng hạn", Late: "Nộp muộn",
	SentBack: "Bị trả lại", Missing: "Chưa nộp, quá hạn"}

// Label is the status in Vietnamese.
func (s Status) Label() string { return statusLabels[s] }

// Done reports whether nothing more is owed.
func (s Status) Done() bool { return s == OnTime || s == Late }

// status derives a submitter's status from its submission's state, the time of its
// first submission and the due date, on day today.
func status(state string, first *time.Time, due, today calendar.Date) Status {
	switch {
	case state == Returned:
		return SentBack
	case state == Submitted && first != nil && calendar.DateOf(*first).After(due):
		return Late
	case state == Submitted:
		return OnTime
	case today.After(due):
		return Missing
	case state == Draft:
		return InDraft
	}
	return NotStarted
}

// Line is one submitter of the register.
type Line struct {
	Submitter   Submitter
	Name        string
	Status      Status
	Version     int
	SubmittedAt *time.Time
}

// Register lists who owes a report with where each stands, a page at a time, with
// the count of each status over all of them.
func (s *Store) Register(ctx context.Context, d *Definition, limit, offset int) ([]Line, map[Status]int, int, error) {
	var from string
	args := []any{d.ID}
	switch d.Audience {
	case Enterprises:
		// Enterprises that registered for the emulation in a year of the period, and
		// any other that submitted.
		from = `(SELECT e.id AS sid, e.name AS name FROM enterprises e WHERE e.active AND (e.id IN (SELECT r.enterprise_id FROM registrations r
			WHERE r.movement_id = $2 AND r.year >= $3 AND r.year <= $4 AND r.enterprise_id IS NOT NULL)
			OR e.id IN (SELECT x.enterprise_id FROM report_submissions x WHERE x.definition_id = $1))) who
			LEFT JOIN report_submissions s ON s.definition_id = $1 AND s.enterprise_id = who.sid`
		args = append(args, d.MovementID, d.PeriodFrom.Year, d.PeriodTo.Year)
	case SomeUnits:
		from = `(SELECT u.id AS sid, u.name AS name FROM units u JOIN report_audience a ON a.unit_id = u.id WHERE a.definition_id = $1) who
			LEFT JOIN report_submissions s ON s.definition_id = $1 AND s.unit_id = who.sid`
	default:
		from = `(SELECT u.id AS sid, u.name AS name FROM units u WHERE u.active OR u.id IN (SELECT x.unit_id FROM report_submissions x
			WHERE x.definition_id = $1)) who
			LEFT JOIN report_submissions s ON s.definition_id = $1 AND s.unit_id = who.sid`
	}
	today := s.today()
	counts := map[Status]int{}
	total := 0
	// The counts need every line's status; a register has at most a few thousand
	// lines, and only three short columns of each are read.
	rows, err := s.db.Read().QueryContext(ctx, `SELECT COALESCE(s.state, ''), s.first_submitted_at FROM `+from, args...)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("report: register counts: %w", err)
	}
	for rows.Next() {
		var state string
		var first sql.NullTime
		if err := rows.Scan(&state, &first); err != nil {
			rows.Close()
			return nil, nil, 0, err
		}
		var fp *time.Time
		if first.Valid {
			fp = &first.Time
		}
		counts[status(state, fp, d.Due, today)]++
		total++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, 0, err
	}
	rows, err = s.db.Read().QueryContext(ctx, `SELECT who.sid, who.name, COALESCE(s.state, ''), COALESCE(s.version, 0), s.submitted_at, s.first_submitted_at
		FROM `+from+` ORDER BY CASE WHEN s.state = 'submitted' THEN 1 ELSE 0 END, who.name
		LIMIT $`+strconv.Itoa(len(args)+1)+` OFFSET $`+strconv.Itoa(len(args)+2), append(args, limit, offset)...)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("report: register: %w", err)
	}
	defer rows.Close()
	var out []Line
	for rows.Next() {
		var l Line
		var sid int64
		var state string
		var submitted, first sql.NullTime
		if err := rows.Scan(&sid, &l.Name, &state, &l.Version, &submitted, &first); err != nil {
			return nil, nil, 0, err
		}
		if d.Audience == Enterprises {
			l.Submitter.EnterpriseID = sid
		} else {
			l.Submitter.UnitID = sid
		}
		var fp *time.Time
		if first.Valid {
			fp = &first.Time
		}
		if submitted.Valid {
			l.SubmittedAt = &submitted.Time
		}
		l.Status = status(state, fp, d.Due, today)
		out = append(out, l)
	}
	return out, counts, total, rows.Err()
}

// Owed is one report a unit or enterprise must submit, with where it stands.
type Owed struct {
	Definition Definition
	Status     Status
}

// OwedBy lists the open reports the user's unit or enterprise must submit, nearest
// due date first.
func (s *Store) OwedBy(ctx context.Context, scope auth.Scope, movementID int64) ([]Owed, error) {
	sub := Submitter{UnitID: scope.UnitID, EnterpriseID: scope.EnterpriseID}
	if sub.UnitID == 0 && sub.EnterpriseID == 0 {
		return nil, nil
	}
	col, id := sub.column()
	audience := `d.audience = 'all_units' OR (d.audience = 'units' AND EXISTS (SELECT 1 FROM report_audience a WHERE a.definition_id = d.id AND a.unit_id = $2))`
	if sub.EnterpriseID != 0 {
		audience = `d.audience = 'enterprises'`
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+definitionColumns+`, COALESCE(s.state, ''), s.first_submitted_at
		FROM report_definitions d LEFT JOIN report_submissions s ON s.definition_id = d.id AND s.`+col+` = $2
		WHERE d.movement_id = $1 AND d.state = 'open' AND (`+audience+`) ORDER BY d.due_on, d.id`, movementID, id)
	if err != nil {
		return nil, fmt.Errorf("report: owed: %w", err)
	}
	defer rows.Close()
	var out []Owed
	today := s.today()
	for rows.Next() {
		var state string
		var first sql.NullTime
		d, err := scanDefinition(scanTail{rows, []any{&state, &first}})
		if err != nil {
			return nil, err
		}
		var fp *time.Time
		if first.Valid {
			fp = &first.Time
		}
		out = append(out, Owed{Definition: *d, Status: status(state, fp, d.Due, today)})
	}
	return out, rows.Err()
}

// scanTail lets scanDefinition read a row that has more columns after its own.
type scanTail struct {
	rows interface{ Scan(...any) error }
	tail []any
}

func (t scanTail) Scan(dest ...any) error { return t.rows.Scan(append(dest, t.tail...)...) }
