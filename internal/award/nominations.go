package award

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// NominationState is where a nomination stands.
type NominationState string

const (
	Proposed NominationState = "proposed"
	Approved NominationState = "approved"
	Rejected NominationState = "rejected"
	Decided  NominationState = "decided"
)

var nominationLabels = map[NominationState]string{Proposed: "Đang đề nghị", Approved: "Hội đồng thông qua",
	Rejected: "Hội đồng không thông qua", Decided: "Đã có quyết định"}

// Label is the state in Vietnamese.
func (s NominationState) Label() string { return nominationLabels[s] }

// Nomination is a proposal of one person, unit or enterprise for a title.
type Nomination struct {
	ID           int64           `json:"id"`
	Year         int             `json:"year"`
	Title        string          `json:"title"`
	TitleName    string          `json:"title_name"`
	Subject      Subject         `json:"subject"`
	UnitID       int64           `json:"unit_id,omitempty"` // the unit a person belongs to, or the unit itself
	Name         string          `json:"name"`
	Achievements string          `json:"achievements"`
	State        NominationState `json:"state"`
	CouncilID    int64           `json:"council_id,omitempty"`
	VotesFor     *int            `json:"votes_for,omitempty"`
	VotesAgainst *int            `json:"votes_against,omitempty"`
	Voters       *int            `json:"voters,omitempty"`
}

const nominationColumns = `id, year, title, title_name, COALESCE(staff_id, 0), COALESCE(unit_id, 0), COALESCE(enterprise_id, 0), name,
	achievements, state, COALESCE(council_id, 0), votes_for, votes_against, voters`

func scanNomination(row interface{ Scan(...any) error }) (*Nomination, error) {
	var n Nomination
	var vf, va, vt sql.NullInt64
	if err := row.Scan(&n.ID, &n.Year, &n.Title, &n.TitleName, &n.Subject.StaffID, &n.UnitID, &n.Subject.EnterpriseID, &n.Name,
		&n.Achievements, &n.State, &n.CouncilID, &vf, &va, &vt); err != nil {
		return nil, err
	}
	if n.Subject.StaffID == 0 && n.Subject.EnterpriseID == 0 {
		n.Subject.UnitID = n.UnitID
	}
	if vf.Valid && va.Valid && vt.Valid {
		f, a, t := int(vf.Int64), int(va.Int64), int(vt.Int64)
		n.VotesFor, n.VotesAgainst, n.Voters = &f, &a, &t
	}
	return &n, nil
}

func getNomination(ctx context.Context, q db.Querier, id int64) (*Nomination, error) {
	n, err := scanNomination(q.QueryRowContext(ctx, "SELECT "+nominationColumns+" FROM award_nominations WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return n, err
}

// Nominations lists a year's nominations, by title then name.
func (s *Store) Nominations(ctx context.Context, year int) ([]Nomination, error) {
	return listNominations(ctx, s.db.Read(), "year = $1", year)
}

// CouncilNominations lists the nominations a council votes on.
func (s *Store) CouncilNominations(ctx context.Context, councilID int64) ([]Nomination, error) {
	return listNominations(ctx, s.db.Read(), "council_id = $1", councilID)
}

func listNominations(ctx context.Context, q db.Querier, where string, arg any) ([]Nomination, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+nominationColumns+" FROM award_nominations WHERE "+where+" ORDER BY title, name, id", arg)
	if err != nil {
		return nil, fmt.Errorf("award: nominations: %w", err)
	}
	defer rows.Close()
	var out []Nomination
	for rows.Next() {
		n, err := scanNomination(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *n)
	}
	return out, rows.Err()
}

// find returns sub's verdict for title and the unit's verdicts, from a year's check.
func find(e *Eligibility, sub Subject, title string) (*Verdict, *UnitVerdicts, string) {
	if sub.EnterpriseID != 0 {
		for i := range e.Enterprises {
			if e.Enterprises[i].EnterpriseID == sub.EnterpriseID {
				return verdictOf(e.Enterprises[i].Verdicts, title), nil, e.Enterprises[i].Name
			}
		}
		return nil, nil, ""
	}
	for i := range e.Units {
		u := &e.Units[i]
		if sub.StaffID == 0 && u.UnitID == sub.UnitID {
			return verdictOf(u.Verdicts, title), u, u.Name
		}
		for _, p := range u.People {
			if sub.StaffID != 0 && p.ID == sub.StaffID {
				return verdictOf(p.Verdicts, title), u, p.Name
			}
		}
	}
	return nil, nil, ""
}

// Nominate proposes sub for a title of a year. The office nominates anyone, a unit
// manager their unit's people and unit. The nominee must meet the rule in force,
// and a title with a quota takes no more nominations from a unit than the quota:
// otherwise the nomination is refused with the reasons, and nothing is stored.
func (s *Store) Nominate(ctx context.Context, u *auth.User, movementID int64, year int, title string, sub Subject, achievements string) (*Nomination, error) {
	rs, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	rule, ok := rs.For(title, year)
	if !ok || rule.Level == "council" {
		return nil, refused("Không có danh hiệu “%s” có hiệu lực năm %d.", title, year)
	}
	f, err := s.LoadFacts(ctx, movementID, year)
	if err != nil {
		return nil, err
	}
	e := Check(f, rs)
	v, unit, name := find(e, sub, title)
	if v == nil {
		return nil, refused("“%s” là danh hiệu cho %s; đối tượng được chọn không thuộc diện xét.", rule.Name, strings.ToLower(rule.LevelLabel()))
	}
	if !isOffice(u) && !(u != nil && u.Role == auth.RoleUnitManager && unit != nil && u.UnitID == unit.UnitID) {
		return nil, ErrForbidden
	}
	if !v.Eligible && !v.onlyQuota() {
		return nil, refused("%s chưa đủ điều kiện “%s” năm %d: %s.", name, rule.Name, year, v.Reasons())
	}
	n := Nomination{Year: year, Title: title, TitleName: rule.Name, Subject: sub, Name: name, Achievements: strings.TrimSpace(achievements), State: Proposed}
	if unit != nil {
		n.UnitID = unit.UnitID
	}
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var dup int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM award_nominations WHERE year = $1 AND title = $2 AND subject = $3", year, title, sub.Key()).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return refused("%s đã được đề nghị “%s” năm %d.", name, rule.Name, year)
		}
		if rule.Params.QuotaPercent > 0 && unit != nil {
			holders := 0
			for _, p := range unit.People {
				if x := verdictOf(p.Verdicts, "ldtt"); x != nil && x.Eligible {
					holders++
				}
			}
			quota := Quota(holders, rule.Params.QuotaPercent, rule.Params.Rounding)
			var taken int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM award_nominations WHERE year = $1 AND title = $2 AND unit_id = $3 AND state <> $4`,
				year, title, unit.UnitID, Rejected).Scan(&taken); err != nil {
				return err
			}
			if taken >= quota {
				return refused("%s đã có %d đề nghị “%s” năm %d, bằng chỉ tiêu: %s%% của %d người đạt LĐTT, %s = %d. Không thêm được đề nghị.",
					unit.Name, taken, rule.Name, year, Decimal(rule.Params.QuotaPercent), holders, Roundings[rule.Params.Rounding], quota)
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO award_nominations (year, title, title_name, staff_id, unit_id, enterprise_id, subject, name, achievements,
			state, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
			ON CONFLICT (year, title, subject) DO NOTHING RETURNING id`, year, title, rule.Name, nullID(sub.StaffID), nullID(n.UnitID), nullID(sub.EnterpriseID),
			sub.Key(), name, n.Achievements, Proposed, nullID(u.ID), now).Scan(&n.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return refused("%s đã được đề nghị “%s” năm %d.", name, rule.Name, year)
		}
		if err != nil {
			return fmt.Errorf("award: nominate: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_nomination", EntityID: n.ID,
			Summary: fmt.Sprintf("Đề nghị “%s” năm %d cho %s", rule.Name, year, name), After: n})
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}
