package award

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// Audience is who a rubric scores: the department's units, or enterprises.
type Audience string

const (
	Units       Audience = "units"
	Enterprises Audience = "enterprises"
)

// Label is the audience in Vietnamese.
func (a Audience) Label() string {
	if a == Enterprises {
		return "Doanh nghiệp"
	}
	return "Phòng chuyên môn, đơn vị trực thuộc"
}

// Kind is how a criterion is scored.
type Kind string

const (
	Evidence Kind = "evidence" // from a thidua measure, by thresholds
	Manual   Kind = "manual"   // scored by people
)

// Threshold gives Points once the measure reaches At (a value exactly at it reaches it).
type Threshold struct {
	At     float64 `json:"at"`
	Points float64 `json:"points"`
}

// Criterion is one line of a rubric.
type Criterion struct {
	ID          int64       `json:"id"`
	Position    int         `json:"position"`
	ContentCode string      `json:"content_code"`
	Name        string      `json:"name"`
	MaxPoints   int         `json:"max_points"`
	Weight      int         `json:"weight"` // percent; a rubric's weights sum to 100
	Kind        Kind        `json:"kind"`
	Measure     Measure     `json:"measure,omitempty"`
	Thresholds  []Threshold `json:"thresholds,omitempty"`
	Guidance    string      `json:"guidance,omitempty"`
}

// PointsFor is what an evidence criterion gives for a measured value: the points of
// the highest threshold reached (a value exactly at a threshold reaches it), 0 when
// none is, and 0 when there is no data.
func (c Criterion) PointsFor(value *float64) float64 {
	if value == nil {
		return 0
	}
	points, at, reached := 0.0, 0.0, false
	for _, t := range c.Thresholds {
		if *value >= t.At && (!reached || t.At > at) {
			points, at, reached = t.Points, t.At, true
		}
	}
	return points
}

// Rubric is one version of a movement's rubric for a year and audience.
type Rubric struct {
	ID         int64       `json:"id"`
	MovementID int64       `json:"movement_id"`
	Year       int         `json:"year"`
	Audience   Audience    `json:"audience"`
	Version    int         `json:"version"`
	Name       string      `json:"name"`
	BonusMax   int         `json:"bonus_max"`
	PenaltyMax int         `json:"penalty_max"`
	CreatedAt  time.Time   `json:"created_at"`
	Criteria   []Criterion `json:"criteria"`
}

// Criterion returns the criterion with id, or nil.
func (r *Rubric) Criterion(id int64) *Criterion {
	for i := range r.Criteria {
		if r.Criteria[i].ID == id {
			return &r.Criteria[i]
		}
	}
	return nil
}

// Check refuses a rubric that cannot be scored: no criteria, weights that do not add
// up to 100, a criterion without a name, content, maximum or measure, thresholds
// above the maximum. contents are the plan's content codes for the audience.
func (r *Rubric) Check(contents map[string]bool) error {
	var msgs []string
	if strings.TrimSpace(r.Name) == "" {
		msgs = append(msgs, "Nhập tên bộ tiêu chí")
	}
	if r.Audience != Units && r.Audience != Enterprises {
		msgs = append(msgs, "Đối tượng chấm điểm phải là đơn vị hoặc doanh nghiệp")
	}
	if len(r.Criteria) == 0 {
		msgs = append(msgs, "Bộ tiêu chí chưa có tiêu chí nào")
	}
	if r.BonusMax < 0 || r.PenaltyMax < 0 {
		msgs = append(msgs, "Điểm thưởng, điểm trừ tối đa không được âm")
	}
	sum := 0
	for i, c := range r.Criteria {
		n := fmt.Sprintf("Tiêu chí %d", i+1)
		if c.Name != "" {
			n += " “" + c.Name + "”"
		}
		sum += c.Weight
		switch {
		case strings.TrimSpace(c.Name) == "":
			msgs = append(msgs, n+": nhập tên tiêu chí")
		case contents != nil && !contents[c.ContentCode]:
			msgs = append(msgs, fmt.Sprintf("%s: nội dung thi đua %q không có trong kế hoạch cho %s", n, c.ContentCode, strings.ToLower(r.Audience.Label())))
		case c.MaxPoints <= 0:
			msgs = append(msgs, n+": điểm tối đa phải lớn hơn 0")
		case c.Weight <= 0:
			msgs = append(msgs, n+": trọng số phải lớn hơn 0")
		case c.Kind == Evidence && !c.Measure.Valid():
			msgs = append(msgs, n+": chọn số liệu minh chứng trong danh sách của thidua")
		case c.Kind == Evidence && r.Audience == Enterprises:
			msgs = append(msgs, n+": số liệu minh chứng chỉ có cho đơn vị của Sở; tiêu chí của doanh nghiệp chấm thủ công")
		case c.Kind == Evidence && len(c.Thresholds) == 0:
			msgs = append(msgs, n+": nhập ít nhất một ngưỡng (đạt bao nhiêu thì được bao nhiêu điểm)")
		case c.Kind != Evidence && c.Kind != Manual:
			msgs = append(msgs, n+": cách chấm phải là theo số liệu hoặc chấm thủ công")
		}
		for _, t := range c.Thresholds {
			if t.Points < 0 || t.Points > float64(c.MaxPoints) {
				msgs = append(msgs, fmt.Sprintf("%s: ngưỡng %s cho %s điểm, vượt quá điểm tối đa %d", n, Decimal(t.At), Decimal(t.Points), c.MaxPoints))
			}
		}
	}
	if len(r.Criteria) > 0 && sum != 100 {
		msgs = append(msgs, fmt.Sprintf("Tổng trọng số các tiêu chí là %d%%, phải bằng đúng 100%%", sum))
	}
	if len(msgs) > 0 {
		return refused("%s", strings.Join(msgs, "; ")+".")
	}
	return nil
}

// SaveRubric checks a rubric and stores it as the next version for its movement,
// year and audience. Assessments already made keep the version they used.
func (s *Store) SaveRubric(ctx context.Context, u *auth.User, r Rubric) (*Rubric, error) {
	if !isOffice(u) {
		return nil, ErrForbidden
	}
	contents, err := s.contentCodes(ctx, r.MovementID, r.Audience)
	if err != nil {
		return nil, err
	}
	if err := r.Check(contents); err != nil {
		return nil, err
	}
	for i := range r.Criteria {
		sort.Slice(r.Criteria[i].Thresholds, func(a, b int) bool { return r.Criteria[i].Thresholds[a].At < r.Criteria[i].Thresholds[b].At })
		if r.Criteria[i].Kind == Manual {
			r.Criteria[i].Measure, r.Criteria[i].Thresholds = "", nil
		}
	}
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM award_rubrics WHERE movement_id = $1 AND year = $2 AND audience = $3`,
			r.MovementID, r.Year, r.Audience).Scan(&r.Version); err != nil {
			return err
		}
		r.CreatedAt = now
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_rubrics (movement_id, year, audience, version, name, bonus_max, penalty_max, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, r.MovementID, r.Year, r.Audience, r.Version, strings.TrimSpace(r.Name),
			r.BonusMax, r.PenaltyMax, nullID(u.ID), now).Scan(&r.ID); err != nil {
			return fmt.Errorf("award: rubric: %w", err)
		}
		for i := range r.Criteria {
			c := &r.Criteria[i]
			c.Position = i + 1
			th, _ := json.Marshal(c.Thresholds)
			if c.Thresholds == nil {
				th = []byte("[]")
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO award_criteria (rubric_id, position, content_code, name, max_points, weight, kind, measure, thresholds, guidance)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, r.ID, c.Position, c.ContentCode, strings.TrimSpace(c.Name), c.MaxPoints,
				c.Weight, c.Kind, c.Measure, string(th), c.Guidance).Scan(&c.ID); err != nil {
				return fmt.Errorf("award: criterion: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_rubric", EntityID: r.ID,
			Summary: fmt.Sprintf("Ban hành bộ tiêu chí chấm điểm thi đua năm %d (%s), phiên bản %d", r.Year, r.Audience.Label(), r.Version), After: r})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func (s *Store) contentCodes(ctx context.Context, movementID int64, a Audience) (map[string]bool, error) {
	rows, err := s.db.Read().QueryContext(ctx, "SELECT code FROM movement_contents WHERE movement_id = $1 AND audience = $2", movementID, string(a))
	if err != nil {
		return nil, fmt.Errorf("award: contents: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}

// ErrNoRubric is returned when a year has no rubric yet.
var ErrNoRubric = errors.New("Chưa có bộ tiêu chí chấm điểm thi đua cho năm này")

// Rubric returns one rubric version with its criteria.
func (s *Store) Rubric(ctx context.Context, id int64) (*Rubric, error) {
	return getRubric(ctx, s.db.Read(), "id = $1", id)
}

// CurrentRubric returns the latest version for a movement, year and audience.
func (s *Store) CurrentRubric(ctx context.Context, movementID int64, year int, a Audience) (*Rubric, error) {
	return getRubric(ctx, s.db.Read(), `movement_id = $1 AND year = $2 AND audience = $3 AND version =
		(SELECT MAX(version) FROM award_rubrics WHERE movement_id = $1 AND year = $2 AND audience = $3)`, movementID, year, string(a))
}

func getRubric(ctx context.Context, q db.Querier, where string, args ...any) (*Rubric, error) {
	var r Rubric
	err := q.QueryRowContext(ctx, `SELECT id, movement_id, year, audience, version, name, bonus_max, penalty_max, created_at
		FROM award_rubrics WHERE `+where, args...).Scan(&r.ID, &r.MovementID, &r.Year, &r.Audience, &r.Version, &r.Name, &r.BonusMax, &r.PenaltyMax, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoRubric
	}
	if err != nil {
		return nil, fmt.Errorf("award: rubric: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, position, content_code, name, max_points, weight, kind, measure, thresholds, guidance
		FROM award_criteria WHERE rubric_id = $1 ORDER BY position`, r.ID)
	if err != nil {
		return nil, fmt.Errorf("award: criteria: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Criterion
		var th string
		if err := rows.Scan(&c.ID, &c.Position, &c.ContentCode, &c.Name, &c.MaxPoints, &c.Weight, &c.Kind, &c.Measure, &th, &c.Guidance); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(th), &c.Thresholds); err != nil {
			return nil, fmt.Errorf("award: criterion %d thresholds: %w", c.ID, err)
		}
		r.Criteria = append(r.Criteria, c)
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, rows.Err()
}

// Versions lists the versions of a movement's rubric for a year, newest first.
func (s *Store) Versions(ctx context.Context, movementID int64, year int, a Audience) ([]Rubric, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, movement_id, year, audience, version, name, bonus_max, penalty_max, created_at
		FROM award_rubrics WHERE movement_id = $1 AND year = $2 AND audience = $3 ORDER BY version DESC`, movementID, year, string(a))
	if err != nil {
		return nil, fmt.Errorf("award: versions: %w", err)
	}
	defer rows.Close()
	var out []Rubric
	for rows.Next() {
		var r Rubric
		if err := rows.Scan(&r.ID, &r.MovementID, &r.Year, &r.Audience, &r.Version, &r.Name, &r.BonusMax, &r.PenaltyMax, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
