package award

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
)

// Stage is who scored: the unit itself, the office, or a council member.
type Stage string

const (
	SelfStage    Stage = "self"
	OfficeStage  Stage = "office"
	CouncilStage Stage = "council"
)

// Label is the stage in Vietnamese.
func (s Stage) Label() string {
	switch s {
	case SelfStage:
		return "Tự chấm"
	case OfficeStage:
		return "Văn phòng Sở thẩm định"
	}
	return "Hội đồng"
}

// State is where an assessment stands.
type State string

const (
	Draft        State = "draft"
	SelfAssessed State = "self_assessed"
	Reviewed     State = "reviewed"
)

var stateLabels = map[State]string{Draft: "Đang tự chấm", SelfAssessed: "Đã gửi tự chấm", Reviewed: "Văn phòng đã thẩm định"}

// Label is the state in Vietnamese.
func (s State) Label() string { return stateLabels[s] }

// Assessment is one unit's or enterprise's assessment against a rubric version.
type Assessment struct {
	ID       int64   `json:"id"`
	RubricID int64   `json:"rubric_id"`
	Subject  Subject `json:"subject"`
	Name     string  `json:"name"`
	Group    string  `json:"group"` // the ranking group: units, or the enterprise's sector
	State    State   `json:"state"`
	Bonus    float64 `json:"bonus"`
	Penalty  float64 `json:"penalty"`
	Note     string  `json:"note,omitempty"`
}

// Sees reports whether u may read a's assessment: department-wide roles read all, a
// unit its own, an enterprise its own.
func Sees(u *auth.User, sub Subject) bool {
	sc := auth.ScopeOf(u)
	return sc.All || (sc.UnitID != 0 && sc.UnitID == sub.UnitID) || (sc.EnterpriseID != 0 && sc.EnterpriseID == sub.EnterpriseID)
}

// owns reports whether u scores sub's self-assessment: the unit's own accounts, the
// enterprise itself, or the office on their behalf.
func owns(u *auth.User, sub Subject) bool {
	return isOffice(u) || (!auth.ScopeOf(u).All && Sees(u, sub))
}

const assessmentColumns = `a.id, a.rubric_id, COALESCE(a.unit_id, 0), COALESCE(a.enterprise_id, 0), COALESCE(un.name, en.name, ''),
	COALESCE((SELECT MIN(sec.sector) FROM enterprise_sectors sec WHERE sec.enterprise_id = a.enterprise_id), ''), a.state, a.bonus, a.penalty, a.note`

const assessmentFrom = ` FROM award_assessments a LEFT JOIN units un ON un.id = a.unit_id LEFT JOIN enterprises en ON en.id = a.enterprise_id`

func scanAssessment(row interface{ Scan(...any) error }) (*Assessment, error) {
	var a Assessment
	err := row.Scan(&a.ID, &a.RubricID, &a.Subject.UnitID, &a.Subject.EnterpriseID, &a.Name, &a.Group, &a.State, &a.Bonus, &a.Penalty, &a.Note)
	if a.Subject.UnitID != 0 {
		a.Group = ""
	} else if a.Group != "" {
		a.Group = enterprise.Sector(a.Group).Label()
	} else {
		a.Group = "Chưa phân ngành"
	}
	return &a, err
}

func getAssessment(ctx context.Context, q db.Querier, id int64) (*Assessment, error) {
	a, err := scanAssessment(q.QueryRowContext(ctx, "SELECT "+assessmentColumns+assessmentFrom+" WHERE a.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("award: assessment %d: %w", id, err)
	}
	return a, nil
}

// Assessment returns one assessment u may see.
func (s *Store) Assessment(ctx context.Context, u *auth.User, id int64) (*Assessment, error) {
	a, err := getAssessment(ctx, s.db.Read(), id)
	if err != nil {
		return nil, err
	}
	if !Sees(u, a.Subject) {
		return nil, ErrNotFound
	}
	return a, nil
}

// Open returns the assessment of sub against a rubric version, creating it as a
// draft the first time the unit (or the office) opens it.
func (s *Store) Open(ctx context.Context, u *auth.User, rubricID int64, sub Subject) (*Assessment, error) {
	if !owns(u, sub) {
		return nil, ErrForbidden
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		r, err := getRubric(ctx, tx, "id = $1", rubricID)
		if err != nil {
			return err
		}
		if (r.Audience == Units) != (sub.UnitID != 0) {
			return refused("Bộ tiêu chí “%s” dành cho %s.", r.Name, strings.ToLower(r.Audience.Label()))
		}
		now := s.now().UTC()
		err = tx.QueryRowContext(ctx, "SELECT id FROM award_assessments WHERE rubric_id = $1 AND subject = $2", rubricID, sub.Key()).Scan(&id)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_assessments (rubric_id, unit_id, enterprise_id, subject, state, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, rubricID, nullID(sub.UnitID), nullID(sub.EnterpriseID), sub.Key(), Draft, now).Scan(&id); err != nil {
			return fmt.Errorf("award: open assessment: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_assessment", EntityID: id,
			Summary: fmt.Sprintf("Mở phiếu chấm điểm thi đua năm %d", r.Year), After: sub})
	})
	if err != nil {
		return nil, err
	}
	return getAssessment(ctx, s.db.Read(), id)
}

// ScoreInput is what a scorer typed: points per criterion id, and for the unit and
// the office the bonus and penalty points with their reason.
type ScoreInput struct {
	Points  map[int64]string
	Bonus   string
	Penalty string
	Note    string
}

func parsePoints(text string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(text), ",", ".", 1), 64)
	return v, err == nil
}

// checkPoints parses the manual criteria's points of in against r: every manual
// criterion scored, none below 0 or above its maximum.
func checkPoints(r *Rubric, in ScoreInput, withExtras bool) (map[int64]float64, float64, float64, error) {
	var msgs []string
	out := map[int64]float64{}
	for _, c := range r.Criteria {
		if c.Kind != Manual {
			continue
		}
		text := strings.TrimSpace(in.Points[c.ID])
		v, ok := parsePoints(text)
		switch {
		case text == "":
			msgs = append(msgs, fmt.Sprintf("Chưa chấm tiêu chí “%s”", c.Name))
		case !ok:
			msgs = append(msgs, fmt.Sprintf("Điểm tiêu chí “%s” là %q, không phải một số", c.Name, text))
		case v < 0:
			msgs = append(msgs, fmt.Sprintf("Điểm tiêu chí “%s” không được âm", c.Name))
		case v > float64(c.MaxPoints):
			msgs = append(msgs, fmt.Sprintf("Điểm tiêu chí “%s” là %s, vượt quá điểm tối đa %d", c.Name, Decimal(v), c.MaxPoints))
		}
		out[c.ID] = v
	}
	var bonus, penalty float64
	if withExtras {
		for _, x := range []struct {
			text, label string
			max         int
			to          *float64
		}{{in.Bonus, "Điểm thưởng", r.BonusMax, &bonus}, {in.Penalty, "Điểm trừ", r.PenaltyMax, &penalty}} {
			t := strings.TrimSpace(x.text)
			if t == "" {
				continue
			}
			v, ok := parsePoints(t)
			switch {
			case !ok || v < 0:
				msgs = append(msgs, fmt.Sprintf("%s %q không hợp lệ", x.label, t))
			case v > float64(x.max):
				msgs = append(msgs, fmt.Sprintf("%s là %s, vượt quá mức tối đa %d của bộ tiêu chí", x.label, Decimal(v), x.max))
			}
			*x.to = v
		}
	}
	if len(msgs) > 0 {
		return nil, 0, 0, refused("%s", strings.Join(msgs, "; ")+". Chưa lưu điểm nào.")
	}
	return out, bonus, penalty, nil
}

// writeScores replaces one scorer's scores of a stage: the manual points typed, and
// the evidence criteria's points with the figures they came from.
func writeScores(ctx context.Context, tx *sql.Tx, a *Assessment, r *Rubric, stage Stage, userID int64, points map[int64]float64, f Figures, at time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM award_scores WHERE assessment_id = $1 AND stage = $2 AND user_id = $3", a.ID, stage, userID); err != nil {
		return err
	}
	for _, c := range r.Criteria {
		p, val, num, den := points[c.ID], any(nil), any(nil), any(nil)
		if c.Kind == Evidence {
			in := f.Get(c.Measure, a.Subject.UnitID)
			p, num, den = c.PointsFor(in.Value), in.Num, in.Den
			if in.Value != nil {
				val = *in.Value
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_scores (assessment_id, criterion_id, stage, user_id, points, input_value, input_num, input_den, scored_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, a.ID, c.ID, stage, userID, p, val, num, den, at); err != nil {
			return fmt.Errorf("award: score: %w", err)
		}
	}
	return nil
}
