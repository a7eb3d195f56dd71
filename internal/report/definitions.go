package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/plan"
)

// Store keeps report definitions, submissions and difficulties.
type Store struct {
	db     *db.DB
	now    func() time.Time
	notify *notify.Service // nil: reminders are not sent
	// sources add the figures of capabilities this package does not know.
	sources []FigureSource
}

// NewStore returns a Store on d; n sends reminders (nil for none).
func NewStore(d *db.DB, now func() time.Time, n *notify.Service) *Store {
	return &Store{db: d, now: now, notify: n}
}

func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

// definitionColumns are read from report_definitions under the alias d.
const definitionColumns = `d.id, d.movement_id, COALESCE(d.plan_code, ''), d.kind, d.title, d.period_from, d.period_to, d.cutoff_on,
	d.due_on, d.audience, d.sections, d.remind_before, d.remind_after, d.state, d.created_at, d.updated_at`

func scanDefinition(row interface{ Scan(...any) error }) (*Definition, error) {
	var d Definition
	var from, to, cutoff, due, sections, remind string
	if err := row.Scan(&d.ID, &d.MovementID, &d.PlanCode, &d.Kind, &d.Title, &from, &to, &cutoff, &due, &d.Audience,
		&sections, &remind, &d.RemindAfter, &d.State, &d.CreatedAt, &d.UpdatedAt); err != nil {
		return nil, err
	}
	d.PeriodFrom, _ = calendar.ParseDate(from)
	d.PeriodTo, _ = calendar.ParseDate(to)
	d.Cutoff, _ = calendar.ParseDate(cutoff)
	d.Due, _ = calendar.ParseDate(due)
	if err := json.Unmarshal([]byte(sections), &d.Sections); err != nil {
		return nil, fmt.Errorf("report: sections of %d: %w", d.ID, err)
	}
	d.RemindBefore, _ = parseDays(remind)
	return &d, nil
}

// Create adds a report the office asks for.
func (s *Store) Create(ctx context.Context, movementID int64, in DefinitionInput) (*Definition, error) {
	d, err := in.parse()
	if err != nil {
		return nil, err
	}
	d.MovementID = movementID
	err = s.db.Tx(ctx, func(tx *sql.Tx) error { return s.insert(ctx, tx, &d) })
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func (s *Store) insert(ctx context.Context, tx *sql.Tx, d *Definition) error {
	sections, _ := json.Marshal(d.Sections)
	now := s.now().UTC()
	var code any
	if d.PlanCode != "" {
		code = d.PlanCode
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO report_definitions (movement_id, plan_code, kind, title, period_from, period_to, cutoff_on,
		due_on, audience, sections, remind_before, remind_after, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		d.MovementID, code, d.Kind, d.Title, d.PeriodFrom.String(), d.PeriodTo.String(), d.Cutoff.String(), d.Due.String(), d.Audience,
		string(sections), daysText(d.RemindBefore), d.RemindAfter, d.State, now).Scan(&d.ID); err != nil {
		return fmt.Errorf("report: create: %w", err)
	}
	d.CreatedAt, d.UpdatedAt = now, now
	if err := writeAudience(ctx, tx, d); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "report", EntityID: d.ID,
		Summary: "Yêu cầu báo cáo “" + d.Title + "”, hạn nộp " + d.Due.DMY(), After: d})
}

func writeAudience(ctx context.Context, tx *sql.Tx, d *Definition) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM report_audience WHERE definition_id = $1", d.ID); err != nil {
		return err
	}
	for _, u := range d.Units {
		if _, err := tx.ExecContext(ctx, "INSERT INTO report_audience (definition_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", d.ID, u); err != nil {
			return fmt.Errorf("report: audience: %w", err)
		}
	}
	return nil
}

// Update changes a report still open.
func (s *Store) Update(ctx context.Context, id int64, in DefinitionInput) (*Definition, error) {
	d, err := in.parse()
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getDefinition(ctx, tx, id)
		if err != nil {
			return err
		}
		if !before.Open() {
			return ErrClosed
		}
		d.ID, d.MovementID, d.PlanCode, d.CreatedAt = id, before.MovementID, before.PlanCode, before.CreatedAt
		d.UpdatedAt = s.now().UTC()
		sections, _ := json.Marshal(d.Sections)
		if _, err := tx.ExecContext(ctx, `UPDATE report_definitions SET kind = $1, title = $2, period_from = $3, period_to = $4, cutoff_on = $5,
			due_on = $6, audience = $7, sections = $8, remind_before = $9, remind_after = $10, updated_at = $11 WHERE id = $12`,
			d.Kind, d.Title, d.PeriodFrom.String(), d.PeriodTo.String(), d.Cutoff.String(), d.Due.String(), d.Audience, string(sections),
			daysText(d.RemindBefore), d.RemindAfter, d.UpdatedAt, id); err != nil {
			return fmt.Errorf("report: update: %w", err)
		}
		if err := writeAudience(ctx, tx, &d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: d.UpdatedAt, Action: "update", Entity: "report", EntityID: id,
			Summary: "Sửa yêu cầu báo cáo “" + d.Title + "”", Before: before, After: d})
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// SetOpen closes a report (no more submissions) or opens it again.
func (s *Store) SetOpen(ctx context.Context, id int64, open bool) error {
	state, summary := "closed", "Khóa sổ báo cáo"
	if open {
		state, summary = "open", "Mở lại báo cáo"
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := getDefinition(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE report_definitions SET state = $1, updated_at = $2 WHERE id = $3", state, s.now().UTC(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "state", Entity: "report", EntityID: id,
			Summary: summary + " “" + d.Title + "”", Before: map[string]string{"state": d.State}, After: map[string]string{"state": state}})
	})
}

// Definition returns a report by id, or ErrNotFound.
func (s *Store) Definition(ctx context.Context, id int64) (*Definition, error) {
	return getDefinition(ctx, s.db.Read(), id)
}

func getDefinition(ctx context.Context, q db.Querier, id int64) (*Definition, error) {
	d, err := scanDefinition(q.QueryRowContext(ctx, "SELECT "+definitionColumns+" FROM report_definitions d WHERE d.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("report: get %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, "SELECT unit_id FROM report_audience WHERE definition_id = $1 ORDER BY unit_id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		d.Units = append(d.Units, u)
	}
	return d, rows.Err()
}

// Definitions lists a movement's reports by due date, nearest first from a day on
// (zero: all, latest first), a page at a time, with the total.
func (s *Store) Definitions(ctx context.Context, movementID int64, dueFrom, dueTo calendar.Date, limit, offset int) ([]Definition, int, error) {
	where, args := "movement_id = $1", []any{movementID}
	order := " ORDER BY due_on DESC, id DESC"
	if !dueFrom.IsZero() {
		args = append(args, dueFrom.String(), dueTo.String())
		where += " AND due_on >= $2 AND due_on <= $3"
		order = " ORDER BY due_on, id"
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM report_definitions WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("report: count: %w", err)
	}
	n := len(args)
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+definitionColumns+" FROM report_definitions d WHERE "+where+order+
		" LIMIT $"+strconv.Itoa(n+1)+" OFFSET $"+strconv.Itoa(n+2), append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("report: list: %w", err)
	}
	defer rows.Close()
	var out []Definition
	for rows.Next() {
		d, err := scanDefinition(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *d)
	}
	return out, total, rows.Err()
}

// SyncFromPlan creates a report for each dated report of the movement's plan (the
// sơ kết and tổng kết), once: a report already made from the same plan code is left
// as the office may have changed it. Its period is its phase's, or the movement's.
func (s *Store) SyncFromPlan(ctx context.Context, m *plan.Movement) (int, error) {
	created := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, r := range m.Plan.Reports {
			if r.Due.IsZero() {
				continue
			}
			var exists bool
			if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM report_definitions WHERE movement_id = $1 AND plan_code = $2)",
				m.ID, r.Code).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			from, to := m.Period.Start, m.Period.End
			for _, ph := range m.Plan.Phases {
				if ph.Code == r.Phase && r.Phase != "" {
					from, to = ph.Start, ph.End
				}
			}
			cutoff := r.Cutoff
			if cutoff.IsZero() {
				cutoff = r.Due
			}
			kind := Kind(r.Kind)
			if kind.Label() == "" {
				kind = AdHoc
			}
			d := Definition{MovementID: m.ID, PlanCode: r.Code, Kind: kind, Title: r.Name, PeriodFrom: from, PeriodTo: to, Cutoff: cutoff,
				Due: r.Due, Audience: AllUnits, Sections: DefaultSections, RemindBefore: []int{7, 2}, RemindAfter: true, State: "open"}
			if err := s.insert(ctx, tx, &d); err != nil {
				return err
			}
			created++
		}
		return nil
	})
	return created, err
}
