package plan

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/plans"
)

// ErrInvalid is returned by Load for a plan that breaks the rules of Validate.
var ErrInvalid = errors.New("plan: invalid plan")

// Movement is a loaded plan as stored. Plan is nil in List results, which leave the
// document out.
type Movement struct {
	ID        int64
	Code      string
	Title     string
	Period    Period
	Source    string // the file it was loaded from
	LoadedAt  time.Time
	UpdatedAt time.Time
	Plan      *Plan
}

// Store keeps movements and their plans.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock for load times and the audit log.
func NewStore(d *db.DB, now func() time.Time) *Store {
	return &Store{db: d, now: now}
}

// Load stores p as the movement with p's code: it creates the movement, or updates
// it and replaces its targets, phases, reports and contents, so loading the same file
// twice leaves the same data (and one more audit entry). Rows that other records point to are
// found again by (movement, code), which is why codes in a plan must stay stable.
func (s *Store) Load(ctx context.Context, p *Plan, source string) (movementID int64, created bool, err error) {
	if probs := Validate(p); len(probs) > 0 {
		return 0, false, fmt.Errorf("%w: %s (và %d lỗi khác)", ErrInvalid, probs[0], len(probs)-1)
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return 0, false, fmt.Errorf("plan: encode %s: %w", p.Code, err)
	}
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var before string
		err := tx.QueryRowContext(ctx, `SELECT id, document FROM movements WHERE code = $1`, p.Code).Scan(&movementID, &before)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			created = true
			err = tx.QueryRowContext(ctx, `INSERT INTO movements (code, title, start_date, end_date, document, source, loaded_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
				p.Code, p.Title, p.Period.Start.String(), p.Period.End.String(), string(doc), source, now).Scan(&movementID)
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE movements SET title = $1, start_date = $2, end_date = $3, document = $4, source = $5, updated_at = $6
				WHERE id = $7`,
				p.Title, p.Period.Start.String(), p.Period.End.String(), string(doc), source, now, movementID)
			if err == nil {
				err = deleteChildren(ctx, tx, movementID)
			}
		}
		if err != nil {
			return fmt.Errorf("plan: save movement %s: %w", p.Code, err)
		}
		if err := insertChildren(ctx, tx, movementID, p); err != nil {
			return fmt.Errorf("plan: save movement %s: %w", p.Code, err)
		}
		e := audit.Entry{At: now, Action: "update", Entity: "movement", EntityID: movementID,
			Summary: fmt.Sprintf("Nạp lại kế hoạch %s từ %s", p.Code, source), After: json.RawMessage(doc)}
		if created {
			e.Action, e.Summary = "create", fmt.Sprintf("Nạp kế hoạch %s từ %s", p.Code, source)
		} else {
			e.Before = json.RawMessage(before)
		}
		return audit.Record(ctx, tx, e)
	})
	if err != nil {
		return 0, false, err
	}
	return movementID, created, nil
}

var childTables = []string{"movement_targets", "movement_phases", "movement_reports", "movement_contents"}

func deleteChildren(ctx context.Context, tx *sql.Tx, movementID int64) error {
	for _, t := range childTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE movement_id = $1", movementID); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	return nil
}

func insertChildren(ctx context.Context, tx *sql.Tx, id int64, p *Plan) error {
	for i, t := range p.Targets {
		var threshold, perYear any
		if t.Kind == KindCountPerYear {
			perYear = t.PerYear
		} else {
			threshold = t.Threshold
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO movement_targets (movement_id, code, name, kind, measure, threshold, per_year, sort_order)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, t.Code, t.Name, string(t.Kind), string(t.Measure), threshold, perYear, i+1); err != nil {
			return fmt.Errorf("target %s: %w", t.Code, err)
		}
	}
	for i, ph := range p.Phases {
		if _, err := tx.ExecContext(ctx, `INSERT INTO movement_phases (movement_id, code, name, start_date, end_date, description, sort_order)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, ph.Code, ph.Name, ph.Start.String(), ph.End.String(), ph.Description, i+1); err != nil {
			return fmt.Errorf("phase %s: %w", ph.Code, err)
		}
	}
	for i, r := range p.Reports {
		if _, err := tx.ExecContext(ctx, `INSERT INTO movement_reports (movement_id, code, kind, name, text, phase_code, recipient, due_date, cutoff_date, sort_order)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			id, r.Code, string(r.Kind), r.Name, r.Text, r.Phase, r.Recipient, nullDate(r.Due), nullDate(r.Cutoff), i+1); err != nil {
			return fmt.Errorf("report %s: %w", r.Code, err)
		}
	}
	n := 0
	for _, g := range p.Contents {
		for _, c := range g.Items {
			n++
			if _, err := tx.ExecContext(ctx, `INSERT INTO movement_contents (movement_id, code, audience, title, sort_order)
				VALUES ($1, $2, $3, $4, $5)`, id, c.Code, string(g.Audience), c.Title, n); err != nil {
				return fmt.Errorf("content %s: %w", c.Code, err)
			}
		}
	}
	return nil
}

func nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// LoadEmbedded loads every plan shipped in plans.Files when no movement exists yet,
// so that a new installation starts with its movement. It does nothing on a database
// that already has movements: from then on plans change only through "thidua plan
// load", never behind the administrator's back at a restart.
func LoadEmbedded(ctx context.Context, s *Store) (loaded []string, err error) {
	var n int
	if err := s.db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM movements`).Scan(&n); err != nil {
		return nil, fmt.Errorf("plan: count movements: %w", err)
	}
	if n > 0 {
		return nil, nil
	}
	names, err := fs.Glob(plans.Files, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("plan: list embedded plans: %w", err)
	}
	for _, name := range names {
		data, err := plans.Files.ReadFile(name)
		if err != nil {
			return loaded, fmt.Errorf("plan: read embedded %s: %w", name, err)
		}
		p, probs := Parse("plans/"+name, data)
		if len(probs) > 0 {
			return loaded, fmt.Errorf("plan: embedded %s: %s (và %d lỗi khác)", name, probs[0], len(probs)-1)
		}
		if _, _, err := s.Load(ctx, p, "plans/"+name); err != nil {
			// Another server starting on the same PostgreSQL loaded it first.
			if db.IsUniqueViolation(err) {
				continue
			}
			return loaded, err
		}
		loaded = append(loaded, p.Code)
	}
	return loaded, nil
}
