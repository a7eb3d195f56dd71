package calendar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
)

// FieldError is bad input, in Vietnamese, with the field it is about so that a form
// can show it next to that field.
type FieldError struct {
	Field   string // date, name, note
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// noOverrideError is db.ErrNotFound with a message fit for a user.
type noOverrideError struct{ date Date }

func (e noOverrideError) Error() string {
	return "Ngày " + e.date.DMY() + " không có điều chỉnh nào"
}
func (e noOverrideError) Unwrap() error { return db.ErrNotFound }

const (
	maxNameLen = 200
	maxNoteLen = 2000
)

// Store keeps the overrides in the calendar_overrides table.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a store over d; now is the clock for created_at and updated_at.
func NewStore(d *db.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, now: now}
}

const overrideColumns = `id, date, working, name, note, created_at, updated_at`

func scanOverride(row interface{ Scan(...any) error }) (Override, error) {
	var o Override
	var date string
	if err := row.Scan(&o.ID, &date, &o.Working, &o.Name, &o.Note, &o.CreatedAt, &o.UpdatedAt); err != nil {
		return Override{}, err
	}
	d, err := ParseDate(date)
	if err != nil {
		return Override{}, fmt.Errorf("calendar: stored override %d: %w", o.ID, err)
	}
	o.Date = d
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return o, nil
}

func (s *Store) query(ctx context.Context, where string, args ...any) ([]Override, error) {
	return queryOverrides(ctx, s.db.Read(), where, args...)
}

func queryOverrides(ctx context.Context, q db.Querier, where string, args ...any) ([]Override, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+overrideColumns+` FROM calendar_overrides `+where+` ORDER BY date`, args...)
	if err != nil {
		return nil, fmt.Errorf("calendar: list overrides: %w", err)
	}
	defer rows.Close()
	var out []Override
	for rows.Next() {
		o, err := scanOverride(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("calendar: list overrides: %w", err)
	}
	return out, nil
}

// Overrides lists the overrides of year y, by date. Dates are stored as
// YYYY-MM-DD text, so a year is a text range on both databases.
func (s *Store) Overrides(ctx context.Context, y int) ([]Override, error) {
	return s.query(ctx, `WHERE date >= $1 AND date < $2`, Date{y, 1, 1}.String(), Date{y + 1, 1, 1}.String())
}

// Calendar returns the default rules corrected by every stored override. All of them
// are loaded: there are a handful a year, and a deadline may run into the next year.
func (s *Store) Calendar(ctx context.Context) (*Calendar, error) {
	return s.CalendarIn(ctx, s.db.Read())
}

// CalendarIn is Calendar read through q. A transaction that needs the calendar
// passes itself: asking the pool for a second connection while holding one can
// wait forever on PostgreSQL, where readers and writers share one pool and enough
// transactions doing the same at once take every connection.
func (s *Store) CalendarIn(ctx context.Context, q db.Querier) (*Calendar, error) {
	all, err := queryOverrides(ctx, q, "")
	if err != nil {
		return nil, err
	}
	return New(DefaultRules, all), nil
}

// Get returns the override of date d, or an error wrapping db.ErrNotFound.
func (s *Store) Get(ctx context.Context, d Date) (Override, error) {
	o, err := getOverride(ctx, s.db.Read(), d)
	if err != nil {
		return Override{}, err
	}
	if o == nil {
		return Override{}, noOverrideError{d}
	}
	return *o, nil
}

func getOverride(ctx context.Context, q db.Querier, d Date) (*Override, error) {
	o, err := scanOverride(q.QueryRowContext(ctx, `SELECT `+overrideColumns+` FROM calendar_overrides WHERE date = $1`, d.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("calendar: read override %s: %w", d, err)
	}
	return &o, nil
}

// validate cleans o and returns a *FieldError for what a person must fix.
func validate(o *Override) error {
	if o.Date.IsZero() || o.Date != NewDate(o.Date.Year, o.Date.Month, o.Date.Day) {
		return &FieldError{"date", "Ngày không hợp lệ: cần một ngày có thật, dạng YYYY-MM-DD"}
	}
	if err := o.Date.checkRange(); err != nil {
		return &FieldError{"date", err.Error()}
	}
	o.Name = strings.TrimSpace(o.Name)
	o.Note = strings.TrimSpace(o.Note)
	switch {
	case o.Name == "":
		return &FieldError{"name", fmt.Sprintf("Tên ngày không được để trống: ghi lý do điều chỉnh ngày %s (ví dụ \"Nghỉ Tết theo thông báo\", \"Làm bù\")", o.Date.DMY())}
	case utf8.RuneCountInString(o.Name) > maxNameLen:
		return &FieldError{"name", fmt.Sprintf("Tên ngày quá dài: tối đa %d ký tự", maxNameLen)}
	case utf8.RuneCountInString(o.Note) > maxNoteLen:
		return &FieldError{"note", fmt.Sprintf("Ghi chú quá dài: tối đa %d ký tự", maxNoteLen)}
	}
	return nil
}

// Set records o for its date, replacing any override of that date, and writes the
// audit log in the same transaction. It returns the stored override.
func (s *Store) Set(ctx context.Context, o Override) (Override, error) {
	if err := validate(&o); err != nil {
		return Override{}, err
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getOverride(ctx, tx, o.Date)
		if err != nil {
			return err
		}
		row := tx.QueryRowContext(ctx, `INSERT INTO calendar_overrides (date, working, name, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5)
			ON CONFLICT (date) DO UPDATE SET working = excluded.working, name = excluded.name,
				note = excluded.note, updated_at = excluded.updated_at
			RETURNING `+overrideColumns, o.Date.String(), o.Working, o.Name, o.Note, now)
		saved, err := scanOverride(row)
		if err != nil {
			return fmt.Errorf("calendar: save override %s: %w", o.Date, err)
		}
		o = saved
		e := audit.Entry{At: now, Action: "create", Entity: "calendar_override", EntityID: o.Date.String(),
			Summary: describe(o), After: o}
		if before != nil {
			e.Action, e.Before = "update", *before
		}
		return audit.Record(ctx, tx, e)
	})
	if err != nil {
		return Override{}, err
	}
	return o, nil
}

// Delete removes the override of date d, so the computed calendar applies again. It
// returns an error wrapping db.ErrNotFound when d has none.
func (s *Store) Delete(ctx context.Context, d Date) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getOverride(ctx, tx, d)
		if err != nil {
			return err
		}
		if before == nil {
			return noOverrideError{d}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_overrides WHERE id = $1`, before.ID); err != nil {
			return fmt.Errorf("calendar: delete override %s: %w", d, err)
		}
		return audit.Record(ctx, tx, audit.Entry{
			At: s.now().UTC(), Action: "delete", Entity: "calendar_override", EntityID: d.String(),
			Summary: "Bỏ điều chỉnh ngày " + d.DMY() + ", trở lại lịch tính theo quy định", Before: *before,
		})
	})
}

// describe says what an override does, for the audit log and confirmations.
func describe(o Override) string {
	if o.Working {
		return fmt.Sprintf("Đặt %s là ngày làm việc: %s", o.Date.DMY(), o.Name)
	}
	return fmt.Sprintf("Đặt %s là ngày nghỉ: %s", o.Date.DMY(), o.Name)
}
