package award

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
)

// Rating is a task-completion rating of a year.
type Rating string

const (
	Excellent  Rating = "excellent"  // hoàn thành xuất sắc nhiệm vụ
	Good       Rating = "good"       // hoàn thành tốt nhiệm vụ
	Complete   Rating = "complete"   // hoàn thành nhiệm vụ
	Incomplete Rating = "incomplete" // không hoàn thành nhiệm vụ
)

// Ratings lists the ratings from the best.
var Ratings = []Rating{Excellent, Good, Complete, Incomplete}

var ratingLabels = map[Rating]string{Excellent: "Hoàn thành xuất sắc nhiệm vụ", Good: "Hoàn thành tốt nhiệm vụ",
	Complete: "Hoàn thành nhiệm vụ", Incomplete: "Không hoàn thành nhiệm vụ"}

// Label is the rating in Vietnamese.
func (r Rating) Label() string { return ratingLabels[r] }

// Valid reports whether r is a known rating.
func (r Rating) Valid() bool { _, ok := ratingLabels[r]; return ok }

// Rank orders ratings: 4 for excellent down to 1; 0 for none.
func (r Rating) Rank() int {
	switch r {
	case Excellent:
		return 4
	case Good:
		return 3
	case Complete:
		return 2
	case Incomplete:
		return 1
	}
	return 0
}

// ParseRating reads a rating as people write it: the code, the full words, or the
// usual short forms ("HTXSNV", "xuất sắc", "tốt").
func ParseRating(s string) (Rating, bool) {
	f := strings.Join(strings.Fields(textnorm.Fold(s)), " ")
	switch f {
	case "excellent", "htxs", "htxsnv", "xuat sac", "hoan thanh xuat sac", "hoan thanh xuat sac nhiem vu":
		return Excellent, true
	case "good", "htt", "httnv", "tot", "hoan thanh tot", "hoan thanh tot nhiem vu":
		return Good, true
	case "complete", "ht", "htnv", "hoan thanh", "hoan thanh nhiem vu":
		return Complete, true
	case "incomplete", "khong ht", "khtnv", "khong hoan thanh", "khong hoan thanh nhiem vu":
		return Incomplete, true
	}
	return "", false
}

// SetRating records (or replaces) a staff member's or unit's rating for a year: the
// office for anyone, a unit manager for their own unit's staff and unit.
func (s *Store) SetRating(ctx context.Context, u *auth.User, year int, sub Subject, rating Rating, note string) error {
	if !rating.Valid() {
		return refused("Chọn mức xếp loại: hoàn thành xuất sắc, hoàn thành tốt, hoàn thành hoặc không hoàn thành nhiệm vụ.")
	}
	if year < 2000 || year > s.today().Year+1 {
		return refused("Năm xếp loại %d không hợp lệ.", year)
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		unit, err := subjectUnit(ctx, tx, sub)
		if err != nil {
			return err
		}
		if !isOffice(u) && !(u != nil && u.Role == auth.RoleUnitManager && u.UnitID == unit) {
			return ErrForbidden
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_ratings (year, staff_id, unit_id, subject, rating, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (year, subject) DO UPDATE SET rating = excluded.rating, note = excluded.note,
			updated_at = excluded.updated_at`, year, nullID(sub.StaffID), unit, sub.Key(), rating, strings.TrimSpace(note), now); err != nil {
			return fmt.Errorf("award: rating: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "award_rating", EntityID: sub.Key(),
			Summary: fmt.Sprintf("Xếp loại năm %d: %s", year, rating.Label()), After: map[string]any{"year": year, "rating": rating}})
	})
}

// subjectUnit returns the unit of a staff member, or the unit itself.
func subjectUnit(ctx context.Context, tx *sql.Tx, sub Subject) (int64, error) {
	if sub.StaffID == 0 {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM units WHERE id = $1", sub.UnitID).Scan(&n); err != nil || n == 0 {
			return 0, refused("Không có đơn vị này.")
		}
		return sub.UnitID, nil
	}
	var unit int64
	err := tx.QueryRowContext(ctx, "SELECT unit_id FROM staff WHERE id = $1", sub.StaffID).Scan(&unit)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, refused("Không có cán bộ này.")
	}
	return unit, err
}

// Level is a discipline level, from the lightest.
type Level string

const (
	Reprimand Level = "reprimand" // khiển trách
	Warning   Level = "warning"   // cảnh cáo
	Demotion  Level = "demotion"  // hạ bậc lương
	Removal   Level = "removal"   // cách chức
	Dismissal Level = "dismissal" // buộc thôi việc
)

// Levels lists the levels from the lightest.
var Levels = []Level{Reprimand, Warning, Demotion, Removal, Dismissal}

var levelLabels = map[Level]string{Reprimand: "Khiển trách", Warning: "Cảnh cáo", Demotion: "Hạ bậc lương", Removal: "Cách chức", Dismissal: "Buộc thôi việc"}

// Label is the level in Vietnamese.
func (l Level) Label() string { return levelLabels[l] }

// Severity orders levels: 1 for a reprimand up to 5; 0 for none.
func (l Level) Severity() int {
	for i, x := range Levels {
		if x == l {
			return i + 1
		}
	}
	return 0
}

// Discipline is one discipline decision.
type Discipline struct {
	ID        int64         `json:"id"`
	Subject   Subject       `json:"subject"`
	Level     Level         `json:"level"`
	DecidedOn calendar.Date `json:"decided_on"`
	Until     calendar.Date `json:"until"` // the last day it weighs; zero: the end of its year
	Decision  string        `json:"decision"`
	Reason    string        `json:"reason"`
}

// InForce reports whether it weighs on a year's titles.
func (d Discipline) InForce(year int) bool {
	until := d.Until
	if until.IsZero() {
		until = calendar.NewDate(d.DecidedOn.Year, 12, 31)
	}
	return d.DecidedOn.Year <= year && until.Year >= year
}

// CaseKind is a pending matter that blocks commendation.
type CaseKind string

const (
	Investigation CaseKind = "investigation" // đang bị điều tra, thanh tra, kiểm tra
	Complaint     CaseKind = "complaint"     // có đơn thư khiếu nại, tố cáo đang được giải quyết
)

// Label is the kind in Vietnamese.
func (k CaseKind) Label() string {
	if k == Investigation {
		return "đang bị điều tra, thanh tra, kiểm tra"
	}
	return "có khiếu nại, tố cáo chưa được giải quyết"
}

// Case is an investigation or complaint.
type Case struct {
	ID         int64         `json:"id"`
	Subject    Subject       `json:"subject"`
	Kind       CaseKind      `json:"kind"`
	OpenedOn   calendar.Date `json:"opened_on"`
	ResolvedOn calendar.Date `json:"resolved_on"`
	Note       string        `json:"note"`
}

// Pending reports whether the case is open on day.
func (c Case) Pending(day calendar.Date) bool {
	return !c.OpenedOn.After(day) && (c.ResolvedOn.IsZero() || c.ResolvedOn.After(day))
}

// AddDiscipline records a discipline decision (the office only).
func (s *Store) AddDiscipline(ctx context.Context, u *auth.User, d Discipline) (*Discipline, error) {
	if !isOffice(u) {
		return nil, ErrForbidden
	}
	if d.Level.Severity() == 0 || d.DecidedOn.IsZero() || (!d.Until.IsZero() && d.Until.Before(d.DecidedOn)) {
		return nil, refused("Nhập hình thức kỷ luật, ngày quyết định và (nếu có) thời hạn không sớm hơn ngày quyết định.")
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		unit, err := subjectUnit(ctx, tx, d.Subject)
		if err != nil {
			return err
		}
		var until any
		if !d.Until.IsZero() {
			until = d.Until.String()
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_discipline (staff_id, unit_id, subject, level, decided_on, until_on, decision, reason, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, nullID(d.Subject.StaffID), unit, d.Subject.Key(), d.Level, d.DecidedOn.String(),
			until, d.Decision, d.Reason, now).Scan(&d.ID); err != nil {
			return fmt.Errorf("award: discipline: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_discipline", EntityID: d.ID,
			Summary: "Ghi nhận kỷ luật " + strings.ToLower(d.Level.Label()), After: d})
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// OpenCase records an investigation or complaint (the office only); ResolveCase closes it.
func (s *Store) OpenCase(ctx context.Context, u *auth.User, c Case) (*Case, error) {
	if !isOffice(u) {
		return nil, ErrForbidden
	}
	if (c.Kind != Investigation && c.Kind != Complaint) || c.OpenedOn.IsZero() {
		return nil, refused("Chọn loại việc (điều tra hoặc khiếu nại, tố cáo) và ngày bắt đầu.")
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		unit, err := subjectUnit(ctx, tx, c.Subject)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_cases (staff_id, unit_id, subject, kind, opened_on, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, nullID(c.Subject.StaffID), unit, c.Subject.Key(), c.Kind, c.OpenedOn.String(), c.Note, now).Scan(&c.ID); err != nil {
			return fmt.Errorf("award: case: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_case", EntityID: c.ID, Summary: "Ghi nhận việc " + c.Kind.Label(), After: c})
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ResolveCase records the day a case was resolved.
func (s *Store) ResolveCase(ctx context.Context, u *auth.User, id int64, on calendar.Date) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE award_cases SET resolved_on = $1 WHERE id = $2 AND resolved_on IS NULL", on.String(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return refused("Việc này không có hoặc đã được giải quyết.")
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "award_case", EntityID: id, Summary: "Việc đã được giải quyết ngày " + on.DMY()})
	})
}

// RatedPerson is a staff member with their rating of a year and what weighs on them.
type RatedPerson struct {
	Person
	Position   string       `json:"position"`
	Rating     Rating       `json:"rating"`
	Discipline []Discipline `json:"discipline,omitempty"`
	Cases      []Case       `json:"cases,omitempty"`
}

// UnitRatings lists a unit's active staff with their ratings, discipline in force and
// pending cases for a year, and the unit's own rating.
func (s *Store) UnitRatings(ctx context.Context, year int, unitID int64) ([]RatedPerson, Rating, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT st.id, st.unit_id, st.full_name, st.gender, st.position, COALESCE(r.rating, '')
		FROM staff st LEFT JOIN award_ratings r ON r.subject = 'staff:' || CAST(st.id AS TEXT) AND r.year = $1
		WHERE st.unit_id = $2 AND st.active ORDER BY st.sort_name, st.id`, year, unitID)
	if err != nil {
		return nil, "", fmt.Errorf("award: unit ratings: %w", err)
	}
	var out []RatedPerson
	for rows.Next() {
		var p RatedPerson
		var gender string
		if err := rows.Scan(&p.ID, &p.UnitID, &p.Name, &gender, &p.Position, &p.Rating); err != nil {
			rows.Close()
			return nil, "", err
		}
		p.Female = gender == "female"
		out = append(out, p)
	}
	rows.Close()
	f := &Facts{Year: year, AsOf: s.today(), Discipline: map[string][]Discipline{}, Cases: map[string][]Case{}}
	if end := calendar.NewDate(year, 12, 31); end.Before(f.AsOf) {
		f.AsOf = end
	}
	if err := s.loadDisciplineAndCases(ctx, f); err != nil {
		return nil, "", err
	}
	for i := range out {
		k := Subject{StaffID: out[i].ID}.Key()
		out[i].Discipline, out[i].Cases = f.Discipline[k], f.Cases[k]
	}
	var unit Rating
	err = s.db.Read().QueryRowContext(ctx, "SELECT rating FROM award_ratings WHERE year = $1 AND subject = $2", year, Subject{UnitID: unitID}.Key()).Scan(&unit)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, "", err
	}
	return out, unit, nil
}
