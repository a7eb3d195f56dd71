package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
)

// Store keeps units and staff.
type Store struct {
	d   *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{d: d, now: now} }

// stamp is the time of a change, at the precision both databases keep.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

const selectUnit = `SELECT u.id, u.code, u.name, u.kind, COALESCE(u.parent_id, 0), COALESCE(p.code, ''), u.email, u.active,
	u.created_at, u.updated_at FROM units u LEFT JOIN units p ON p.id = u.parent_id`

type scanner interface{ Scan(dest ...any) error }

func scanUnit(row scanner) (Unit, error) {
	var u Unit
	var kind string
	err := row.Scan(&u.ID, &u.Code, &u.Name, &kind, &u.ParentID, &u.ParentCode, &u.Email, &u.Active, &u.CreatedAt, &u.UpdatedAt)
	u.Kind = UnitKind(kind)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

func getUnit(ctx context.Context, q db.Querier, cond string, arg any) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, selectUnit+" WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Unit{}, fmt.Errorf("unit %v: %w", arg, db.ErrNotFound)
	}
	if err != nil {
		return Unit{}, fmt.Errorf("org: get unit %v: %w", arg, err)
	}
	return u, nil
}

// GetUnit returns the unit with the id. Units are the department's own structure,
// visible to every signed-in user.
func (s *Store) GetUnit(ctx context.Context, id int64) (Unit, error) {
	return getUnit(ctx, s.d.Read(), "u.id = $1", id)
}

// GetByCode returns the unit with the code, written in any case.
func (s *Store) GetByCode(ctx context.Context, code string) (Unit, error) {
	return getUnit(ctx, s.d.Read(), "u.code = $1", NormalizeUnitCode(code))
}

// CreateUnit validates and stores a new, active unit.
func (s *Store) CreateUnit(ctx context.Context, u Unit) (Unit, error) {
	if err := fieldErrors(u.normalize()); err != nil {
		return Unit{}, err
	}
	u.Active, u.CreatedAt, u.UpdatedAt = true, s.stamp(), s.stamp()
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := unitCodeFree(ctx, tx, u.Code, 0); err != nil {
			return err
		}
		if err := s.checkParent(ctx, tx, &u); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO units (code, name, kind, parent_id, email, active, search, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			u.Code, u.Name, string(u.Kind), nullID(u.ParentID), u.Email, true, u.search(), u.CreatedAt, u.UpdatedAt).Scan(&u.ID)
		if db.IsUniqueViolation(err) {
			return fieldError("code", "%s đã có", u.Code)
		}
		if err != nil {
			return fmt.Errorf("org: insert unit %s: %w", u.Code, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: u.CreatedAt, Action: "create", Entity: "unit", EntityID: u.ID,
			Summary: "Thêm đơn vị " + u.Code + " " + u.Name, After: u})
	})
	if err != nil {
		return Unit{}, err
	}
	return u, nil
}

// UpdateUnit replaces the code, name, kind, parent and e-mail of unit u.ID. Saving
// without a change writes nothing.
func (s *Store) UpdateUnit(ctx context.Context, u Unit) (Unit, error) {
	if err := fieldErrors(u.normalize()); err != nil {
		return Unit{}, err
	}
	var out Unit
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getUnit(ctx, tx, "u.id = $1", u.ID)
		if err != nil {
			return err
		}
		if err := s.checkParent(ctx, tx, &u); err != nil {
			return err
		}
		u.Active, u.CreatedAt, u.UpdatedAt = before.Active, before.CreatedAt, before.UpdatedAt
		if out = u; sameUnit(before, u) {
			return nil
		}
		if err := unitCodeFree(ctx, tx, u.Code, u.ID); err != nil {
			return err
		}
		out.UpdatedAt = s.stamp()
		_, err = tx.ExecContext(ctx, `UPDATE units SET code = $1, name = $2, kind = $3, parent_id = $4, email = $5, search = $6,
			updated_at = $7 WHERE id = $8`, u.Code, u.Name, string(u.Kind), nullID(u.ParentID), u.Email, u.search(), out.UpdatedAt, u.ID)
		if db.IsUniqueViolation(err) {
			return fieldError("code", "%s đã có", u.Code)
		}
		if err != nil {
			return fmt.Errorf("org: update unit %d: %w", u.ID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: out.UpdatedAt, Action: "update", Entity: "unit", EntityID: u.ID,
			Summary: "Sửa đơn vị " + u.Code + " " + u.Name, Before: before, After: out})
	})
	if err != nil {
		return Unit{}, err
	}
	return out, nil
}

// checkParent fills u.ParentCode and refuses a parent that does not exist or that
// would put the unit under itself.
func (s *Store) checkParent(ctx context.Context, q db.Querier, u *Unit) error {
	u.ParentCode = ""
	if u.ParentID == 0 {
		return nil
	}
	for id, steps := u.ParentID, 0; id != 0; steps++ {
		if id == u.ID || steps > 1000 {
			return fieldError("parent", "không được là chính đơn vị này hay một đơn vị cấp dưới của nó")
		}
		p, err := getUnit(ctx, q, "u.id = $1", id)
		if errors.Is(err, db.ErrNotFound) {
			return fieldError("parent", "không có đơn vị đã chọn")
		}
		if err != nil {
			return err
		}
		if u.ParentCode == "" {
			u.ParentCode = p.Code
		}
		id = p.ParentID
	}
	return nil
}

// DeactivateUnit marks a unit as no longer existing (merged, dissolved); its
// records and staff stay.
func (s *Store) DeactivateUnit(ctx context.Context, id int64) error {
	return s.setUnitActive(ctx, id, false)
}

// ReactivateUnit undoes DeactivateUnit.
func (s *Store) ReactivateUnit(ctx context.Context, id int64) error {
	return s.setUnitActive(ctx, id, true)
}

func (s *Store) setUnitActive(ctx context.Context, id int64, active bool) error {
	action, verb := "deactivate", "Ngừng hoạt động đơn vị "
	if active {
		action, verb = "reactivate", "Cho hoạt động lại đơn vị "
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getUnit(ctx, tx, "u.id = $1", id)
		if err != nil || before.Active == active {
			return err
		}
		after := before
		after.Active, after.UpdatedAt = active, s.stamp()
		if _, err := tx.ExecContext(ctx, "UPDATE units SET active = $1, updated_at = $2 WHERE id = $3", active, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("org: %s unit %d: %w", action, id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: after.UpdatedAt, Action: action, Entity: "unit", EntityID: id,
			Summary: verb + before.Code + " " + before.Name, Before: before, After: after})
	})
}

func unitCodeFree(ctx context.Context, q db.Querier, code string, self int64) error {
	var name string
	err := q.QueryRowContext(ctx, "SELECT name FROM units WHERE code = $1 AND id <> $2", code, self).Scan(&name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("org: check unit code: %w", err)
	}
	return fieldError("code", "%s đã là mã của đơn vị “%s”", code, name)
}

// sameUnit reports whether a and b hold the same data, ignoring identity, activity
// and timestamps.
func sameUnit(a, b Unit) bool {
	return a.Code == b.Code && a.Name == b.Name && a.Kind == b.Kind && a.ParentCode == b.ParentCode && a.Email == b.Email
}

func (u *Unit) search() string { return textnorm.FoldAll(u.Code, u.Name) }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
