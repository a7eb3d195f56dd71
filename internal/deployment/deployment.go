// Package deployment records that a unit deployed a movement (what target T1
// counts) and the yearly emulation registrations (đăng ký thi đua) of units and
// enterprises.
package deployment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/validate"
)

// Store keeps deployments and registrations.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

// FieldErrors maps a form field to what is wrong with it, in Vietnamese.
type FieldErrors = validate.Errors

// Deployment is a unit's record that it deployed the movement.
type Deployment struct {
	ID         int64  `json:"id"`
	MovementID int64  `json:"movement_id"`
	UnitID     int64  `json:"unit_id"`
	DeployedOn string `json:"deployed_on"` // YYYY-MM-DD
	DocNumber  string `json:"doc_number"`
	Note       string `json:"note"`
}

// UnitStatus is one line of the deployment register: a unit and its deployment, if any.
type UnitStatus struct {
	UnitID     int64
	UnitCode   string
	UnitName   string
	Deployment *Deployment
}

// today is the civil date in Vietnam.
func (s *Store) today() string { return calendar.DateOf(s.now()).String() }

func validDate(field, v string, errs FieldErrors) {
	if _, err := time.Parse("2006-01-02", v); err != nil {
		errs[field] = fmt.Sprintf("Ngày %q không hợp lệ (cần dạng YYYY-MM-DD)", v)
	}
}

// Record creates or replaces the deployment of a unit, for a user whose scope
// covers that unit.
func (s *Store) Record(ctx context.Context, scope auth.Scope, in Deployment) (*Deployment, error) {
	in.DocNumber, in.Note = strings.TrimSpace(in.DocNumber), strings.TrimSpace(in.Note)
	errs := FieldErrors{}
	if in.UnitID == 0 {
		errs["unit"] = "Chọn đơn vị"
	} else if !scope.SeesUnit(in.UnitID) {
		return nil, ErrOutOfScope
	}
	validDate("deployed_on", in.DeployedOn, errs)
	if errs["deployed_on"] == "" && in.DeployedOn > s.today() {
		errs["deployed_on"] = "Ngày triển khai không được sau hôm nay"
	}
	if in.DocNumber == "" {
		errs["doc_number"] = "Nhập số văn bản triển khai của đơn vị (ví dụ 12/KH-PQLXD)"
	}
	if len(errs) > 0 {
		return nil, errs
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var active bool
		if err := tx.QueryRowContext(ctx, "SELECT active FROM units WHERE id = $1", in.UnitID).Scan(&active); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return FieldErrors{"unit": "Không có đơn vị này"}
			}
			return err
		}
		if !active {
			return FieldErrors{"unit": "Đơn vị đã ngừng hoạt động"}
		}
		before, err := getDeployment(ctx, tx, in.MovementID, in.UnitID)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO deployments (movement_id, unit_id, deployed_on, doc_number, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)
			ON CONFLICT (movement_id, unit_id) DO UPDATE SET deployed_on = excluded.deployed_on,
				doc_number = excluded.doc_number, note = excluded.note, updated_at = excluded.updated_at
			RETURNING id`, in.MovementID, in.UnitID, in.DeployedOn, in.DocNumber, in.Note, now).Scan(&in.ID)
		if err != nil {
			return fmt.Errorf("deployment: save: %w", err)
		}
		e := audit.Entry{At: now, Action: "create", Entity: "deployment", EntityID: in.ID,
			Summary: "Ghi nhận triển khai phong trào, văn bản " + in.DocNumber, After: in}
		if before != nil {
			e.Action, e.Before = "update", before
		}
		return audit.Record(ctx, tx, e)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// ErrOutOfScope is returned when a user acts on a unit or enterprise that is not theirs.
var ErrOutOfScope = errors.New("Bạn chỉ được ghi nhận cho đơn vị hoặc doanh nghiệp của mình")

func getDeployment(ctx context.Context, q db.Querier, movementID, unitID int64) (*Deployment, error) {
	var d Deployment
	err := q.QueryRowContext(ctx, `SELECT id, movement_id, unit_id, deployed_on, doc_number, note FROM deployments
		WHERE movement_id = $1 AND unit_id = $2`, movementID, unitID).Scan(&d.ID, &d.MovementID, &d.UnitID, &d.DeployedOn, &d.DocNumber, &d.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	return &d, err
}

// Units lists the active units in scope with their deployment, by unit code,
// one page at a time, and the number of units in scope.
func (s *Store) Units(ctx context.Context, scope auth.Scope, movementID int64, limit, offset int) ([]UnitStatus, int, error) {
	where, args := "u.active = $2", []any{movementID, true}
	countWhere, countArgs := "active = $1", []any{true}
	if !scope.All {
		where += " AND u.id = $3"
		args = append(args, scope.UnitID)
		countWhere += " AND id = $2"
		countArgs = append(countArgs, scope.UnitID)
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM units WHERE "+countWhere, countArgs...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args = append(args, limit, offset)
	rows, err := s.db.Read().QueryContext(ctx, fmt.Sprintf(`SELECT u.id, u.code, u.name, d.id, d.deployed_on, d.doc_number, d.note
		FROM units u LEFT JOIN deployments d ON d.unit_id = u.id AND d.movement_id = $1
		WHERE %s ORDER BY u.code LIMIT $%d OFFSET $%d`, where, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("deployment: register: %w", err)
	}
	defer rows.Close()
	var out []UnitStatus
	for rows.Next() {
		var us UnitStatus
		var id sql.NullInt64
		var on, doc, note sql.NullString
		if err := rows.Scan(&us.UnitID, &us.UnitCode, &us.UnitName, &id, &on, &doc, &note); err != nil {
			return nil, 0, err
		}
		if id.Valid {
			us.Deployment = &Deployment{ID: id.Int64, MovementID: movementID, UnitID: us.UnitID, DeployedOn: on.String, DocNumber: doc.String, Note: note.String}
		}
		out = append(out, us)
	}
	return out, total, rows.Err()
}

// Coverage counts, as of a date, the active units that have deployed the movement
// and all active units: target T1's numerator and denominator.
func (s *Store) Coverage(ctx context.Context, movementID int64, asOf string) (deployed, active int, err error) {
	err = s.db.Read().QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM deployments d JOIN units u ON u.id = d.unit_id
		  WHERE d.movement_id = $1 AND d.deployed_on <= $2 AND u.active = $3),
		(SELECT COUNT(*) FROM units WHERE active = $3)`, movementID, asOf, true).Scan(&deployed, &active)
	if err != nil {
		return 0, 0, fmt.Errorf("deployment: coverage: %w", err)
	}
	return deployed, active, nil
}

// NotDeployed lists the active units without a deployment as of a date: the
// records behind T1's shortfall.
func (s *Store) NotDeployed(ctx context.Context, movementID int64, asOf string) ([]UnitStatus, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT u.id, u.code, u.name FROM units u
		WHERE u.active = $3 AND NOT EXISTS (SELECT 1 FROM deployments d WHERE d.unit_id = u.id AND d.movement_id = $1 AND d.deployed_on <= $2)
		ORDER BY u.code`, movementID, asOf, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UnitStatus
	for rows.Next() {
		var us UnitStatus
		if err := rows.Scan(&us.UnitID, &us.UnitCode, &us.UnitName); err != nil {
			return nil, err
		}
		out = append(out, us)
	}
	return out, rows.Err()
}

// Get returns the deployment of a unit, or db.ErrNotFound.
func (s *Store) Get(ctx context.Context, movementID, unitID int64) (*Deployment, error) {
	return getDeployment(ctx, s.db.Read(), movementID, unitID)
}
