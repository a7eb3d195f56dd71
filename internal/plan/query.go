package plan

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

const movementColumns = `id, code, title, start_date, end_date, source, loaded_at, updated_at`

// newestFirst orders movements by the start of their period: a department runs
// one movement after another, and the one that began last is the one people mean.
const newestFirst = ` ORDER BY start_date DESC, id DESC`

// listLimit bounds List; a department runs a handful of movements in a decade.
const listLimit = 200

// Get returns the movement with code, with its plan, or db.ErrNotFound.
func (s *Store) Get(ctx context.Context, code string) (*Movement, error) {
	return s.getOne(ctx, `SELECT `+movementColumns+`, document FROM movements WHERE code = $1`, code)
}

// GetByID returns the movement with id, with its plan, or db.ErrNotFound.
func (s *Store) GetByID(ctx context.Context, id int64) (*Movement, error) {
	return s.getOne(ctx, `SELECT `+movementColumns+`, document FROM movements WHERE id = $1`, id)
}

// Current returns the movement under way on today's date in Vietnam, or when none
// is, the one that started last; db.ErrNotFound when there are no movements.
func (s *Store) Current(ctx context.Context, today time.Time) (*Movement, error) {
	day := calendar.DateOf(today).String()
	m, err := s.getOne(ctx, `SELECT `+movementColumns+`, document FROM movements
		WHERE start_date <= $1 AND end_date >= $1`+newestFirst+` LIMIT 1`, day)
	if !errors.Is(err, db.ErrNotFound) {
		return m, err
	}
	return s.getOne(ctx, `SELECT `+movementColumns+`, document FROM movements`+newestFirst+` LIMIT 1`)
}

func (s *Store) getOne(ctx context.Context, query string, args ...any) (*Movement, error) {
	var m Movement
	var doc string
	err := scanMovement(s.db.Read().QueryRowContext(ctx, query, args...), &m, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("plan: read movement: %w", err)
	}
	m.Plan = new(Plan)
	if err := json.Unmarshal([]byte(doc), m.Plan); err != nil {
		return nil, fmt.Errorf("plan: decode movement %s: %w", m.Code, err)
	}
	return &m, nil
}

// List returns the movements, newest first, without their plans.
func (s *Store) List(ctx context.Context) ([]Movement, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+movementColumns+` FROM movements`+newestFirst+` LIMIT $1`, listLimit)
	if err != nil {
		return nil, fmt.Errorf("plan: list movements: %w", err)
	}
	defer rows.Close()
	var out []Movement
	for rows.Next() {
		var m Movement
		if err := scanMovement(rows, &m); err != nil {
			return nil, fmt.Errorf("plan: list movements: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func scanMovement(row interface{ Scan(...any) error }, m *Movement, extra ...any) error {
	var start, end string
	dest := append([]any{&m.ID, &m.Code, &m.Title, &start, &end, &m.Source, &m.LoadedAt, &m.UpdatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	var err error
	if m.Period.Start, err = calendar.ParseDate(start); err != nil {
		return err
	}
	m.Period.End, err = calendar.ParseDate(end)
	return err
}

// Targets returns the movement's targets in plan order.
func (s *Store) Targets(ctx context.Context, movementID int64) ([]Target, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT code, name, kind, measure, threshold, per_year
		FROM movement_targets WHERE movement_id = $1 ORDER BY sort_order`, movementID)
	if err != nil {
		return nil, fmt.Errorf("plan: read targets: %w", err)
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		var threshold sql.NullFloat64
		var perYear sql.NullInt64
		if err := rows.Scan(&t.Code, &t.Name, &t.Kind, &t.Measure, &threshold, &perYear); err != nil {
			return nil, fmt.Errorf("plan: read targets: %w", err)
		}
		t.Threshold, t.PerYear = threshold.Float64, int(perYear.Int64)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Phases returns the movement's phases in order.
func (s *Store) Phases(ctx context.Context, movementID int64) ([]Phase, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT code, name, start_date, end_date, description
		FROM movement_phases WHERE movement_id = $1 ORDER BY sort_order`, movementID)
	if err != nil {
		return nil, fmt.Errorf("plan: read phases: %w", err)
	}
	defer rows.Close()
	var out []Phase
	for rows.Next() {
		var ph Phase
		var start, end string
		if err := rows.Scan(&ph.Code, &ph.Name, &start, &end, &ph.Description); err != nil {
			return nil, fmt.Errorf("plan: read phases: %w", err)
		}
		if ph.Start, err = calendar.ParseDate(start); err != nil {
			return nil, fmt.Errorf("plan: phase %s: %w", ph.Code, err)
		}
		if ph.End, err = calendar.ParseDate(end); err != nil {
			return nil, fmt.Errorf("plan: phase %s: %w", ph.Code, err)
		}
		out = append(out, ph)
	}
	return out, rows.Err()
}

// Reports returns the reports the movement requires, in plan order.
func (s *Store) Reports(ctx context.Context, movementID int64) ([]Report, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT code, kind, name, text, phase_code, recipient, due_date, cutoff_date
		FROM movement_reports WHERE movement_id = $1 ORDER BY sort_order`, movementID)
	if err != nil {
		return nil, fmt.Errorf("plan: read reports: %w", err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var due, cutoff sql.NullString
		if err := rows.Scan(&r.Code, &r.Kind, &r.Name, &r.Text, &r.Phase, &r.Recipient, &due, &cutoff); err != nil {
			return nil, fmt.Errorf("plan: read reports: %w", err)
		}
		if err := r.Due.UnmarshalText([]byte(due.String)); err != nil {
			return nil, fmt.Errorf("plan: report %s: %w", r.Code, err)
		}
		if err := r.Cutoff.UnmarshalText([]byte(cutoff.String)); err != nil {
			return nil, fmt.Errorf("plan: report %s: %w", r.Code, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
