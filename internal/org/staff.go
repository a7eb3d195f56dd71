package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/privacy"
	"github.com/thidua/thidua/internal/textnorm"
)

const selectStaff = `SELECT s.id, s.unit_id, u.code, u.name, s.full_name, s.position, s.gender, s.email, s.active,
	s.created_at, s.updated_at FROM staff s JOIN units u ON u.id = s.unit_id`

func scanStaff(row scanner) (Staff, error) {
	var st Staff
	var gender string
	err := row.Scan(&st.ID, &st.UnitID, &st.UnitCode, &st.UnitName, &st.FullName, &st.Position, &gender, &st.Email,
		&st.Active, &st.CreatedAt, &st.UpdatedAt)
	st.Gender = Gender(gender)
	st.CreatedAt, st.UpdatedAt = st.CreatedAt.UTC(), st.UpdatedAt.UTC()
	return st, err
}

func getStaff(ctx context.Context, q db.Querier, sc auth.Scope, id int64) (Staff, error) {
	st, err := scanStaff(q.QueryRowContext(ctx, selectStaff+" WHERE s.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !sc.SeesUnit(st.UnitID)) {
		// Another unit's staff member is reported missing, so an id reveals nothing.
		return Staff{}, fmt.Errorf("staff %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return Staff{}, fmt.Errorf("org: get staff %d: %w", id, err)
	}
	return st, nil
}

// GetStaff returns the staff member with the id, if sc covers their unit.
func (s *Store) GetStaff(ctx context.Context, sc auth.Scope, id int64) (Staff, error) {
	st, err := getStaff(ctx, s.d.Read(), sc, id)
	return st.maskedFor(sc), err
}

// maskedFor hides the staff member's personal e-mail address from a scope that
// does not handle the unit's people (see auth.Scope.MaskPersonal).
func (st Staff) maskedFor(sc auth.Scope) Staff {
	if sc.MaskPersonal {
		st.Email = privacy.Email(st.Email)
	}
	return st
}

// CreateStaff validates and stores a new, active staff member in a unit sc covers.
func (s *Store) CreateStaff(ctx context.Context, sc auth.Scope, st Staff) (Staff, error) {
	if err := fieldErrors(st.normalize()); err != nil {
		return Staff{}, err
	}
	st.Active, st.CreatedAt, st.UpdatedAt = true, s.stamp(), s.stamp()
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := staffUnit(ctx, tx, sc, &st); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO staff (unit_id, full_name, position, gender, email, active, search, sort_name,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			st.UnitID, st.FullName, st.Position, string(st.Gender), st.Email, true, st.search(), staffSortKey(st.FullName),
			st.CreatedAt, st.UpdatedAt).Scan(&st.ID)
		if err != nil {
			return fmt.Errorf("org: insert staff: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: st.CreatedAt, Action: "create", Entity: "staff", EntityID: st.ID,
			Summary: "Thêm cán bộ " + st.FullName + " (" + st.UnitCode + ")", After: st})
	})
	if err != nil {
		return Staff{}, err
	}
	return st, nil
}

// UpdateStaff replaces the unit, name, position, gender and e-mail of staff member
// st.ID; sc must cover both the old and the new unit.
func (s *Store) UpdateStaff(ctx context.Context, sc auth.Scope, st Staff) (Staff, error) {
	if err := fieldErrors(st.normalize()); err != nil {
		return Staff{}, err
	}
	var out Staff
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getStaff(ctx, tx, sc, st.ID)
		if err != nil {
			return err
		}
		if err := staffUnit(ctx, tx, sc, &st); err != nil {
			return err
		}
		st.Active, st.CreatedAt, st.UpdatedAt = before.Active, before.CreatedAt, before.UpdatedAt
		if out = st; sameStaff(before, st) {
			return nil
		}
		out.UpdatedAt = s.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET unit_id = $1, full_name = $2, position = $3, gender = $4, email = $5,
			search = $6, sort_name = $7, updated_at = $8 WHERE id = $9`, st.UnitID, st.FullName, st.Position, string(st.Gender),
			st.Email, st.search(), staffSortKey(st.FullName), out.UpdatedAt, st.ID); err != nil {
			return fmt.Errorf("org: update staff %d: %w", st.ID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: out.UpdatedAt, Action: "update", Entity: "staff", EntityID: st.ID,
			Summary: "Sửa cán bộ " + st.FullName + " (" + st.UnitCode + ")", Before: before, After: out})
	})
	if err != nil {
		return Staff{}, err
	}
	return out, nil
}

// staffUnit checks that the staff member's unit exists and is in scope, and fills
// its code and name.
func staffUnit(ctx context.Context, q db.Querier, sc auth.Scope, st *Staff) error {
	if st.UnitID == 0 {
		return fieldError("unit", "chọn đơn vị")
	}
	if !sc.SeesUnit(st.UnitID) {
		return fieldError("unit", "bạn chỉ được quản lý cán bộ của đơn vị mình")
	}
	err := q.QueryRowContext(ctx, "SELECT code, name FROM units WHERE id = $1", st.UnitID).Scan(&st.UnitCode, &st.UnitName)
	if errors.Is(err, sql.ErrNoRows) {
		return fieldError("unit", "không có đơn vị đã chọn")
	}
	if err != nil {
		return fmt.Errorf("org: staff unit: %w", err)
	}
	return nil
}

// DeactivateStaff marks a staff member as having left; their records stay.
func (s *Store) DeactivateStaff(ctx context.Context, sc auth.Scope, id int64) error {
	return s.setStaffActive(ctx, sc, id, false)
}

// ReactivateStaff undoes DeactivateStaff.
func (s *Store) ReactivateStaff(ctx context.Context, sc auth.Scope, id int64) error {
	return s.setStaffActive(ctx, sc, id, true)
}

func (s *Store) setStaffActive(ctx context.Context, sc auth.Scope, id int64, active bool) error {
	action, verb := "deactivate", "Cán bộ thôi công tác: "
	if active {
		action, verb = "reactivate", "Cán bộ trở lại công tác: "
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getStaff(ctx, tx, sc, id)
		if err != nil || before.Active == active {
			return err
		}
		after := before
		after.Active, after.UpdatedAt = active, s.stamp()
		if _, err := tx.ExecContext(ctx, "UPDATE staff SET active = $1, updated_at = $2 WHERE id = $3", active, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("org: %s staff %d: %w", action, id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: after.UpdatedAt, Action: action, Entity: "staff", EntityID: id,
			Summary: verb + before.FullName + " (" + before.UnitCode + ")", Before: before, After: after})
	})
}

// sameStaff reports whether a and b hold the same data, ignoring identity, activity
// and timestamps.
func sameStaff(a, b Staff) bool {
	return a.UnitID == b.UnitID && a.FullName == b.FullName && a.Position == b.Position && a.Gender == b.Gender && a.Email == b.Email
}

func (st *Staff) search() string { return textnorm.FoldAll(st.FullName, st.Position, st.Email) }
