package procedure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
)

// Store keeps the procedure catalogue. The catalogue is public information: every
// member of staff reads all of it, and who may change it is decided by the caller
// (the office, in the route table).
type Store struct {
	d   *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{d: d, now: now} }

// stamp is the time of a change, at the precision both databases keep.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// today is the day of a change in Vietnam, the default start of validity.
func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

const selectProcedure = `SELECT p.id, p.code, p.name, p.field, COALESCE(p.unit_id, 0), COALESCE(u.code, ''), COALESCE(u.name, ''),
	p.statutory_days, p.fee, p.fee_text, p.fee_basis, p.online_level, p.eligible_full, p.not_full_reason, p.valid_from, p.valid_to,
	p.created_at, p.updated_at FROM procedures p LEFT JOIN units u ON u.id = p.unit_id`

type scanner interface{ Scan(dest ...any) error }

func scanProcedure(row scanner) (Procedure, error) {
	var p Procedure
	var days sql.NullFloat64
	var level, from string
	var to sql.NullString
	err := row.Scan(&p.ID, &p.Code, &p.Name, &p.Field, &p.UnitID, &p.UnitCode, &p.UnitName, &days, &p.Fee, &p.FeeText, &p.FeeBasis,
		&level, &p.EligibleFull, &p.NotFullReason, &from, &to, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return Procedure{}, err
	}
	if days.Valid {
		p.StatutoryDays = &days.Float64
	}
	p.OnlineLevel = OnlineLevel(level)
	if p.ValidFrom, err = calendar.ParseDate(from); err != nil {
		return Procedure{}, fmt.Errorf("valid_from of %s: %w", p.Code, err)
	}
	if to.Valid && to.String != "" {
		if p.ValidTo, err = calendar.ParseDate(to.String); err != nil {
			return Procedure{}, fmt.Errorf("valid_to of %s: %w", p.Code, err)
		}
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// Get returns the procedure with the id, or db.ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Procedure, error) {
	return getWhere(ctx, s.d.Read(), "p.id = $1", id)
}

// GetByCode returns the procedure with the national code, as dossiers name it.
func (s *Store) GetByCode(ctx context.Context, code string) (Procedure, error) {
	return getWhere(ctx, s.d.Read(), "p.code = $1", NormalizeCode(code))
}

func getWhere(ctx context.Context, q db.Querier, cond string, arg any) (Procedure, error) {
	p, err := scanProcedure(q.QueryRowContext(ctx, selectProcedure+" WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Procedure{}, fmt.Errorf("procedure %v: %w", arg, db.ErrNotFound)
	}
	if err != nil {
		return Procedure{}, fmt.Errorf("procedure: get %v: %w", arg, err)
	}
	return p, nil
}

// Create validates and stores a new procedure; it is valid from today when no
// start is given.
func (s *Store) Create(ctx context.Context, p Procedure) (Procedure, error) {
	if p.ValidFrom.IsZero() {
		p.ValidFrom = s.today()
	}
	issues := p.normalize()
	p.CreatedAt, p.UpdatedAt = s.stamp(), s.stamp()
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		units, err := loadUnits(ctx, tx)
		if err != nil {
			return err
		}
		issues = append(issues, units.resolve(&p)...)
		is, err := codeFree(ctx, tx, p.Code, 0)
		if err != nil {
			return err
		}
		if err := fieldErrors(append(issues, is...)); err != nil {
			return err
		}
		if p.ID, err = insert(ctx, tx, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: p.CreatedAt, Action: "create", Entity: "procedure", EntityID: p.ID,
			Summary: "Thêm thủ tục " + p.Code + " " + p.Name, After: p})
	})
	if err != nil {
		return Procedure{}, err
	}
	return p, nil
}

// Update replaces the procedure p.ID with p; a zero ValidFrom keeps the stored one.
// Saving without a change writes nothing.
func (s *Store) Update(ctx context.Context, p Procedure) (Procedure, error) {
	var out Procedure
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getWhere(ctx, tx, "p.id = $1", p.ID)
		if err != nil {
			return err
		}
		if p.ValidFrom.IsZero() {
			p.ValidFrom = before.ValidFrom
		}
		issues := p.normalize()
		units, err := loadUnits(ctx, tx)
		if err != nil {
			return err
		}
		issues = append(issues, units.resolve(&p)...)
		is, err := codeFree(ctx, tx, p.Code, p.ID)
		if err != nil {
			return err
		}
		if err := fieldErrors(append(issues, is...)); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = before.CreatedAt, before.UpdatedAt
		if out = p; sameContent(before, p) {
			return nil
		}
		out.UpdatedAt = s.stamp()
		if err := update(ctx, tx, out); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: out.UpdatedAt, Action: "update", Entity: "procedure", EntityID: p.ID,
			Summary: "Sửa thủ tục " + p.Code + " " + p.Name, Before: before, After: out})
	})
	if err != nil {
		return Procedure{}, err
	}
	return out, nil
}

func insert(ctx context.Context, tx *sql.Tx, p Procedure) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO procedures (code, name, field, unit_id, statutory_days, fee, fee_text, fee_basis,
		online_level, eligible_full, not_full_reason, valid_from, valid_to, search, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		p.Code, p.Name, p.Field, nullID(p.UnitID), nullDays(p.StatutoryDays), p.Fee, p.FeeText, p.FeeBasis, string(p.OnlineLevel),
		p.EligibleFull, p.NotFullReason, p.ValidFrom.String(), nullDate(p.ValidTo), p.search(), p.CreatedAt, p.UpdatedAt).Scan(&id)
	if db.IsUniqueViolation(err) {
		return 0, FieldErrors{"code": fmt.Sprintf("%s: %s đã có trong danh mục", FieldLabels["code"], p.Code)}
	}
	if err != nil {
		return 0, fmt.Errorf("procedure: insert %s: %w", p.Code, err)
	}
	return id, nil
}

func update(ctx context.Context, tx *sql.Tx, p Procedure) error {
	_, err := tx.ExecContext(ctx, `UPDATE procedures SET code = $1, name = $2, field = $3, unit_id = $4, statutory_days = $5,
		fee = $6, fee_text = $7, fee_basis = $8, online_level = $9, eligible_full = $10, not_full_reason = $11, valid_from = $12,
		valid_to = $13, search = $14, updated_at = $15 WHERE id = $16`,
		p.Code, p.Name, p.Field, nullID(p.UnitID), nullDays(p.StatutoryDays), p.Fee, p.FeeText, p.FeeBasis, string(p.OnlineLevel),
		p.EligibleFull, p.NotFullReason, p.ValidFrom.String(), nullDate(p.ValidTo), p.search(), p.UpdatedAt, p.ID)
	if db.IsUniqueViolation(err) {
		return FieldErrors{"code": fmt.Sprintf("%s: %s đã có trong danh mục", FieldLabels["code"], p.Code)}
	}
	if err != nil {
		return fmt.Errorf("procedure: update %d: %w", p.ID, err)
	}
	return nil
}

// codeFree turns a taken code into a message on the field instead of a
// constraint violation.
func codeFree(ctx context.Context, q db.Querier, code string, self int64) ([]issue, error) {
	var name string
	err := q.QueryRowContext(ctx, "SELECT name FROM procedures WHERE code = $1 AND id <> $2", code, self).Scan(&name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("procedure: check code: %w", err)
	}
	return []issue{{Field: "code", Detail: fmt.Sprintf("%s đã là mã của thủ tục “%s”", code, name)}}, nil
}

type unitRef struct {
	id         int64
	code, name string
}

// units finds a unit by code or by name, as forms and files give it. A department
// has tens of units, so each change reads them all rather than one at a time.
type units struct {
	byID           map[int64]unitRef
	byCode, byName map[string]unitRef
}

func loadUnits(ctx context.Context, q db.Querier) (*units, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, code, name FROM units")
	if err != nil {
		return nil, fmt.Errorf("procedure: load units: %w", err)
	}
	defer rows.Close()
	us := &units{byID: map[int64]unitRef{}, byCode: map[string]unitRef{}, byName: map[string]unitRef{}}
	for rows.Next() {
		var u unitRef
		if err := rows.Scan(&u.id, &u.code, &u.name); err != nil {
			return nil, fmt.Errorf("procedure: load units: %w", err)
		}
		us.byID[u.id], us.byCode[strings.ToUpper(u.code)], us.byName[textnorm.Fold(u.name)] = u, u, u
	}
	return us, rows.Err()
}

// find reads a unit's code or name.
func (us *units) find(s string) (unitRef, bool) {
	if u, ok := us.byCode[strings.ToUpper(strings.TrimSpace(s))]; ok {
		return u, true
	}
	u, ok := us.byName[textnorm.Fold(s)]
	return u, ok
}

// resolve sets p's unit from its code or name, or else its id.
func (us *units) resolve(p *Procedure) []issue {
	var u unitRef
	var ok bool
	switch {
	case p.UnitCode != "":
		if u, ok = us.find(p.UnitCode); !ok {
			return []issue{{Field: "unit", Detail: fmt.Sprintf("không có đơn vị mã hoặc tên “%s”", p.UnitCode)}}
		}
	case p.UnitID != 0:
		if u, ok = us.byID[p.UnitID]; !ok {
			return []issue{{Field: "unit", Detail: fmt.Sprintf("không có đơn vị số %d", p.UnitID)}}
		}
	default:
		return nil // normalize has said it is missing
	}
	p.UnitID, p.UnitCode, p.UnitName = u.id, u.code, u.name
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullDays(d *float64) any {
	if d == nil {
		return nil
	}
	return *d
}

func nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}
