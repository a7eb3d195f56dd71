package deployment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// Title is an emulation title or commendation a registrant aims for.
type Title struct {
	Code  string
	Label string
	For   string // "unit", "enterprise" or "" for both
}

// Titles are the aims a registration may name. Which ones a registrant actually
// earns is decided at evaluation time by the eligibility rules; here they are only
// stated intentions.
var Titles = []Title{
	{"ttldtt", "Tập thể lao động tiên tiến", "unit"},
	{"ttldxs", "Tập thể lao động xuất sắc", "unit"},
	{"giay_khen", "Giấy khen của Giám đốc Sở", ""},
	{"bang_khen_tinh", "Bằng khen của Chủ tịch UBND tỉnh", ""},
	{"co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", ""},
}

// TitleLabel returns the Vietnamese name of a title code.
func TitleLabel(code string) string {
	for _, t := range Titles {
		if t.Code == code {
			return t.Label
		}
	}
	return code
}

// Registration is a unit's or an enterprise's yearly emulation registration.
type Registration struct {
	ID           int64    `json:"id"`
	MovementID   int64    `json:"movement_id"`
	Year         int      `json:"year"`
	UnitID       int64    `json:"unit_id,omitempty"`
	EnterpriseID int64    `json:"enterprise_id,omitempty"`
	Registrant   string   `json:"registrant_name"`
	RegisteredOn string   `json:"registered_on"`
	Commitments  string   `json:"commitments"`
	Titles       []string `json:"titles"`
}

// FileRegistration files or replaces a registration. firstYear and lastYear bound the
// movement's years.
func (s *Store) FileRegistration(ctx context.Context, scope auth.Scope, in Registration, firstYear, lastYear int) (*Registration, error) {
	in.Commitments = strings.TrimSpace(in.Commitments)
	errs := FieldErrors{}
	switch {
	case in.UnitID == 0 && in.EnterpriseID == 0:
		errs["registrant"] = "Chọn đơn vị hoặc doanh nghiệp đăng ký"
	case in.UnitID != 0 && !scope.SeesUnit(in.UnitID), in.EnterpriseID != 0 && !scope.SeesEnterprise(in.EnterpriseID):
		return nil, ErrOutOfScope
	}
	thisYear := calendar.DateOf(s.now()).Year
	if in.Year < firstYear || in.Year > lastYear {
		errs["year"] = fmt.Sprintf("Năm đăng ký phải trong thời gian phong trào (%d–%d)", firstYear, lastYear)
	} else if in.Year > thisYear+1 {
		errs["year"] = fmt.Sprintf("Chỉ đăng ký được cho năm %d hoặc %d", thisYear, thisYear+1)
	}
	if in.Commitments == "" {
		errs["commitments"] = "Nêu nội dung đăng ký, cam kết thi đua"
	}
	kind := "unit"
	if in.EnterpriseID != 0 {
		kind = "enterprise"
	}
	seen := map[string]bool{}
	for _, t := range in.Titles {
		var ok bool
		for _, known := range Titles {
			if known.Code == t && (known.For == "" || known.For == kind) {
				ok = true
			}
		}
		if !ok {
			errs["titles"] = fmt.Sprintf("Danh hiệu %q không dùng được cho %s", t, map[string]string{"unit": "đơn vị", "enterprise": "doanh nghiệp"}[kind])
		}
		if seen[t] {
			errs["titles"] = "Mỗi danh hiệu chỉ chọn một lần"
		}
		seen[t] = true
	}
	if len(errs) > 0 {
		return nil, errs
	}
	in.RegisteredOn = s.today()
	registrant := "unit:" + strconv.FormatInt(in.UnitID, 10)
	if kind == "enterprise" {
		registrant = "enterprise:" + strconv.FormatInt(in.EnterpriseID, 10)
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getRegistration(ctx, tx, "r.movement_id = $1 AND r.year = $2 AND r.registrant = $3", in.MovementID, in.Year, registrant)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO registrations (movement_id, year, unit_id, enterprise_id, registrant, registered_on, commitments, titles, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
			ON CONFLICT (movement_id, year, registrant) DO UPDATE SET registered_on = excluded.registered_on,
				commitments = excluded.commitments, titles = excluded.titles, updated_at = excluded.updated_at
			RETURNING id`, in.MovementID, in.Year, nullID(in.UnitID), nullID(in.EnterpriseID), registrant, in.RegisteredOn,
			in.Commitments, strings.Join(in.Titles, ","), now).Scan(&in.ID)
		if err != nil {
			return fmt.Errorf("registration: save: %w", err)
		}
		e := audit.Entry{At: now, Action: "create", Entity: "registration", EntityID: in.ID,
			Summary: fmt.Sprintf("Đăng ký thi đua năm %d", in.Year), After: in}
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

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const registrationSelect = `SELECT r.id, r.movement_id, r.year, r.unit_id, r.enterprise_id,
	COALESCE(u.name, e.name, ''), r.registered_on, r.commitments, r.titles
	FROM registrations r LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN enterprises e ON e.id = r.enterprise_id WHERE `

func scanRegistration(row interface{ Scan(...any) error }) (*Registration, error) {
	var r Registration
	var unit, ent sql.NullInt64
	var titles string
	if err := row.Scan(&r.ID, &r.MovementID, &r.Year, &unit, &ent, &r.Registrant, &r.RegisteredOn, &r.Commitments, &titles); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, db.ErrNotFound
		}
		return nil, err
	}
	r.UnitID, r.EnterpriseID = unit.Int64, ent.Int64
	if titles != "" {
		r.Titles = strings.Split(titles, ",")
	}
	return &r, nil
}

func getRegistration(ctx context.Context, q db.Querier, where string, args ...any) (*Registration, error) {
	return scanRegistration(q.QueryRowContext(ctx, registrationSelect+where, args...))
}

// Registrations lists a year's registrations in scope, units first then
// enterprises, by name, one page at a time, with the total.
func (s *Store) Registrations(ctx context.Context, scope auth.Scope, movementID int64, year, limit, offset int) ([]Registration, int, error) {
	where, args := "r.movement_id = $1 AND r.year = $2", []any{movementID, year}
	switch {
	case scope.All:
	case scope.EnterpriseID != 0:
		where += " AND r.enterprise_id = $3"
		args = append(args, scope.EnterpriseID)
	default:
		where += " AND r.unit_id = $3"
		args = append(args, scope.UnitID)
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM registrations r WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args = append(args, limit, offset)
	rows, err := s.db.Read().QueryContext(ctx, registrationSelect+where+
		fmt.Sprintf(" ORDER BY r.unit_id IS NULL, COALESCE(u.name, e.name) LIMIT $%d OFFSET $%d", len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("registration: list: %w", err)
	}
	defer rows.Close()
	var out []Registration
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *r)
	}
	return out, total, rows.Err()
}
