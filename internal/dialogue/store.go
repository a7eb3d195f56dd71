package dialogue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// Store keeps dialogues and their participants.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

const columns = `d.id, d.title, d.held_on, d.starts_at, d.place, d.chair, d.topics, d.role, d.organiser, d.state,
	COALESCE(d.registration_until, ''), d.conclusions, d.minutes_number, d.created_at, d.updated_at`

func scan(row interface{ Scan(...any) error }, extra ...any) (*Dialogue, error) {
	var d Dialogue
	var held, until string
	dest := append([]any{&d.ID, &d.Title, &held, &d.StartsAt, &d.Place, &d.Chair, &d.Topics, &d.Role, &d.Organiser, &d.State,
		&until, &d.Conclusions, &d.MinutesNumber, &d.CreatedAt, &d.UpdatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	d.HeldOn, _ = calendar.ParseDate(held)
	if until != "" {
		d.RegistrationUntil, _ = calendar.ParseDate(until)
	}
	return &d, nil
}

func nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// Create schedules a dialogue.
func (s *Store) Create(ctx context.Context, in Input) (*Dialogue, error) {
	d, err := in.parse()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO dialogues (title, held_on, starts_at, place, chair, topics, role, organiser, state,
			registration_until, search, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			d.Title, d.HeldOn.String(), d.StartsAt, d.Place, d.Chair, d.Topics, d.Role, d.Organiser, Planned, nullDate(d.RegistrationUntil),
			textnorm.Fold(d.Title+" "+d.Topics+" "+d.Place), now).Scan(&d.ID); err != nil {
			return fmt.Errorf("dialogue: create: %w", err)
		}
		d.State, d.CreatedAt, d.UpdatedAt = Planned, now, now
		if err := writeSectors(ctx, tx, d.ID, d.Sectors); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "dialogue", EntityID: d.ID,
			Summary: "Lên lịch đối thoại doanh nghiệp “" + d.Title + "” ngày " + d.HeldOn.DMY(), After: d})
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// Update changes a dialogue still planned.
func (s *Store) Update(ctx context.Context, id int64, in Input) (*Dialogue, error) {
	d, err := in.parse()
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.State != Planned {
			return ErrNotPlanned
		}
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE dialogues SET title = $1, held_on = $2, starts_at = $3, place = $4, chair = $5, topics = $6,
			role = $7, organiser = $8, registration_until = $9, search = $10, updated_at = $11 WHERE id = $12`,
			d.Title, d.HeldOn.String(), d.StartsAt, d.Place, d.Chair, d.Topics, d.Role, d.Organiser, nullDate(d.RegistrationUntil),
			textnorm.Fold(d.Title+" "+d.Topics+" "+d.Place), now, id); err != nil {
			return fmt.Errorf("dialogue: update: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM dialogue_sectors WHERE dialogue_id = $1", id); err != nil {
			return err
		}
		if err := writeSectors(ctx, tx, id, d.Sectors); err != nil {
			return err
		}
		d.ID, d.State, d.CreatedAt, d.UpdatedAt = id, Planned, before.CreatedAt, now
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "dialogue", EntityID: id,
			Summary: "Sửa cuộc đối thoại “" + d.Title + "”", Before: before, After: d})
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func writeSectors(ctx context.Context, tx *sql.Tx, id int64, sectors []enterprise.Sector) error {
	for _, sec := range sectors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO dialogue_sectors (dialogue_id, sector) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, sec); err != nil {
			return fmt.Errorf("dialogue: sectors: %w", err)
		}
	}
	return nil
}

// Get returns a dialogue with its sectors and participant counts.
func (s *Store) Get(ctx context.Context, id int64) (*Dialogue, error) {
	return get(ctx, s.db.Read(), id)
}

func get(ctx context.Context, q db.Querier, id int64) (*Dialogue, error) {
	d, err := scan(q.QueryRowContext(ctx, "SELECT "+columns+" FROM dialogues d WHERE d.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("dialogue: get %d: %w", id, err)
	}
	if err := q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN invited THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN registered_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN attended THEN 1 ELSE 0 END), 0)
		FROM dialogue_participants WHERE dialogue_id = $1`, id).Scan(&d.Invited, &d.Registered, &d.Attended); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT sector FROM dialogue_sectors WHERE dialogue_id = $1", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sec enterprise.Sector
		if err := rows.Scan(&sec); err != nil {
			return nil, err
		}
		d.Sectors = append(d.Sectors, sec)
	}
	return d, rows.Err()
}

// setState moves a planned dialogue to held or cancelled, with what the change says.
func (s *Store) setState(ctx context.Context, id int64, to State, summary string, more func(tx *sql.Tx, d *Dialogue) error) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.State != Planned {
			return ErrNotPlanned
		}
		if to == Held && d.HeldOn.After(s.today()) {
			return ErrInFuture
		}
		now := s.now().UTC()
		if more != nil {
			if err := more(tx, d); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, "UPDATE dialogues SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4", to, now, id, Planned)
		if err != nil {
			return fmt.Errorf("dialogue: state: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotPlanned
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "dialogue", EntityID: id,
			Summary: summary + " “" + d.Title + "”", Before: map[string]State{"state": d.State}, After: map[string]State{"state": to}})
	})
}

// Cancel cancels a planned dialogue.
func (s *Store) Cancel(ctx context.Context, id int64) error {
	return s.setState(ctx, id, Cancelled, "Hủy cuộc đối thoại", nil)
}

// RecordHeld records that a dialogue took place: who attended (enterprise ids, who
// need not have registered) and its conclusions. T4 counts it from then on.
func (s *Store) RecordHeld(ctx context.Context, id int64, attended []int64, conclusions string) error {
	conclusions = strings.TrimSpace(conclusions)
	return s.setState(ctx, id, Held, "Ghi nhận đã tổ chức đối thoại", func(tx *sql.Tx, d *Dialogue) error {
		if _, err := tx.ExecContext(ctx, "UPDATE dialogues SET conclusions = $1 WHERE id = $2", conclusions, id); err != nil {
			return err
		}
		for _, eid := range attended {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dialogue_participants (dialogue_id, enterprise_id, attended) VALUES ($1, $2, TRUE)
				ON CONFLICT (dialogue_id, enterprise_id) DO UPDATE SET attended = TRUE`, id, eid); err != nil {
				if strings.Contains(err.Error(), "FOREIGN KEY") || strings.Contains(err.Error(), "23503") {
					return validate.Errors{"attended": "Không có doanh nghiệp số " + strconv.FormatInt(eid, 10)}
				}
				return err
			}
		}
		return nil
	})
}

// SetMinutesNumber gives a dialogue's minutes their register number the first time
// they are made, with take in the same transaction, and returns the number the
// dialogue keeps: requests at once take one number between them.
func (s *Store) SetMinutesNumber(ctx context.Context, id int64, take docgen.Taker) (string, error) {
	var kept string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		number, taken, err := docgen.Keep(ctx, tx, "dialogues", "minutes_number", id, take)
		if err != nil || !taken {
			kept = number
			return err
		}
		kept = number
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, "UPDATE dialogues SET updated_at = $1 WHERE id = $2", now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "dialogue", EntityID: id,
			Summary: "Lập biên bản đối thoại số " + number, After: map[string]string{"minutes_number": number}})
	})
	return kept, err
}
