package enterprise

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// Store keeps enterprises.
type Store struct {
	d   *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{d: d, now: now} }

// stamp is the time of a change, at the precision both databases keep.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

const selectEnterprise = `SELECT id, tax_code, name, ownership, address, representative, employees, email, active,
	created_at, updated_at FROM enterprises`

type scanner interface{ Scan(dest ...any) error }

func scanEnterprise(row scanner) (Enterprise, error) {
	var e Enterprise
	var own string
	err := row.Scan(&e.ID, &e.TaxCode, &e.Name, &own, &e.Address, &e.Representative, &e.Employees, &e.Email,
		&e.Active, &e.CreatedAt, &e.UpdatedAt)
	e.Ownership = Ownership(own)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, err
}

// Get returns the enterprise with the id, if sc may see it; otherwise db.ErrNotFound,
// so that another enterprise's id reveals nothing.
func (s *Store) Get(ctx context.Context, sc auth.Scope, id int64) (Enterprise, error) {
	if !sees(sc, id) {
		return Enterprise{}, fmt.Errorf("enterprise %d: %w", id, db.ErrNotFound)
	}
	return s.getWhere(ctx, s.d.Read(), "id = $1", id)
}

// GetByTaxCode returns the enterprise with the tax code, for lookups by other
// capabilities; the caller checks the scope.
func (s *Store) GetByTaxCode(ctx context.Context, taxCode string) (Enterprise, error) {
	return s.getWhere(ctx, s.d.Read(), "tax_code = $1", NormalizeTaxCode(taxCode))
}

func (s *Store) getWhere(ctx context.Context, q db.Querier, cond string, arg any) (Enterprise, error) {
	e, err := scanEnterprise(q.QueryRowContext(ctx, selectEnterprise+" WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Enterprise{}, fmt.Errorf("enterprise %v: %w", arg, db.ErrNotFound)
	}
	if err != nil {
		return Enterprise{}, fmt.Errorf("enterprise: get %v: %w", arg, err)
	}
	sectors, err := loadSectors(ctx, q, []int64{e.ID})
	if err != nil {
		return Enterprise{}, err
	}
	e.Sectors = sectors[e.ID]
	return e, nil
}

// Create validates and stores a new, active enterprise.
func (s *Store) Create(ctx context.Context, e Enterprise) (Enterprise, error) {
	if err := fieldErrors(e.normalize()); err != nil {
		return Enterprise{}, err
	}
	e.Active, e.CreatedAt, e.UpdatedAt = true, s.stamp(), s.stamp()
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := taxCodeFree(ctx, tx, e.TaxCode, 0); err != nil {
			return err
		}
		if err := insertAll(ctx, tx, []*Enterprise{&e}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: e.CreatedAt, Action: "create", Entity: "enterprise", EntityID: e.ID,
			Summary: "Thêm doanh nghiệp " + e.TaxCode + " " + e.Name, After: e})
	})
	if err != nil {
		return Enterprise{}, err
	}
	return e, nil
}

// Update replaces what can be edited (everything but activity and timestamps) of the
// enterprise e.ID, if sc may see it. Saving without a change writes nothing.
func (s *Store) Update(ctx context.Context, sc auth.Scope, e Enterprise) (Enterprise, error) {
	if !sees(sc, e.ID) {
		return Enterprise{}, fmt.Errorf("enterprise %d: %w", e.ID, db.ErrNotFound)
	}
	if err := fieldErrors(e.normalize()); err != nil {
		return Enterprise{}, err
	}
	var out Enterprise
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.getWhere(ctx, tx, "id = $1", e.ID)
		if err != nil {
			return err
		}
		e.Active, e.CreatedAt, e.UpdatedAt = before.Active, before.CreatedAt, before.UpdatedAt
		if out = e; sameContent(before, e) {
			return nil
		}
		if err := taxCodeFree(ctx, tx, e.TaxCode, e.ID); err != nil {
			return err
		}
		out.UpdatedAt = s.stamp()
		u, err := prepareUpdater(ctx, tx)
		if err != nil {
			return err
		}
		defer u.close()
		if err := u.update(ctx, &out, before); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: out.UpdatedAt, Action: "update", Entity: "enterprise", EntityID: e.ID,
			Summary: "Sửa doanh nghiệp " + e.TaxCode + " " + e.Name, Before: before, After: out})
	})
	if err != nil {
		return Enterprise{}, err
	}
	return out, nil
}

// Deactivate marks an enterprise as no longer taking part; its records stay.
func (s *Store) Deactivate(ctx context.Context, id int64) error { return s.setActive(ctx, id, false) }

// Reactivate undoes Deactivate.
func (s *Store) Reactivate(ctx context.Context, id int64) error { return s.setActive(ctx, id, true) }

func (s *Store) setActive(ctx context.Context, id int64, active bool) error {
	action, verb := "deactivate", "Ngừng theo dõi doanh nghiệp "
	if active {
		action, verb = "reactivate", "Theo dõi lại doanh nghiệp "
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.getWhere(ctx, tx, "id = $1", id)
		if err != nil || before.Active == active {
			return err
		}
		after := before
		after.Active, after.UpdatedAt = active, s.stamp()
		if _, err := tx.ExecContext(ctx, "UPDATE enterprises SET active = $1, updated_at = $2 WHERE id = $3",
			active, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("enterprise: %s %d: %w", action, id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: after.UpdatedAt, Action: action, Entity: "enterprise", EntityID: id,
			Summary: verb + before.TaxCode + " " + before.Name, Before: before, After: after})
	})
}

// taxCodeFree turns a taken tax code into a message on the field instead of a
// constraint violation.
func taxCodeFree(ctx context.Context, q db.Querier, taxCode string, self int64) error {
	var name string
	err := q.QueryRowContext(ctx, "SELECT name FROM enterprises WHERE tax_code = $1 AND id <> $2", taxCode, self).Scan(&name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("enterprise: check tax code: %w", err)
	}
	return FieldErrors{"tax_code": fmt.Sprintf("%s: %s đã là mã của doanh nghiệp “%s”", FieldLabels["tax_code"], taxCode, name)}
}

// sees reports whether sc covers the enterprise: an enterprise's own account sees
// only itself; department and unit accounts see every enterprise.
func sees(sc auth.Scope, id int64) bool {
	if sc.EnterpriseID != 0 {
		return sc.EnterpriseID == id
	}
	return sc.All || sc.UnitID != 0
}
