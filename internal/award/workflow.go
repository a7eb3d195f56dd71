package award

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
)

// SelfAssess stores the unit's (or enterprise's) own scores; submit sends them to
// the office, after which the unit can no longer change them. Evidence criteria are
// scored from thidua's figures at this moment, which are kept with the score.
func (s *Store) SelfAssess(ctx context.Context, u *auth.User, id int64, in ScoreInput, submit bool) error {
	return s.score(ctx, u, id, SelfStage, in, func(a *Assessment) (State, error) {
		if !owns(u, a.Subject) {
			return "", ErrForbidden
		}
		if a.State != Draft {
			return "", refused("Phiếu tự chấm đã gửi (%s) nên không sửa được nữa.", a.State.Label())
		}
		if submit {
			return SelfAssessed, nil
		}
		return Draft, nil
	})
}

// Review stores the office's scores of a submitted self-assessment.
func (s *Store) Review(ctx context.Context, u *auth.User, id int64, in ScoreInput) error {
	return s.score(ctx, u, id, OfficeStage, in, func(a *Assessment) (State, error) {
		if !isOffice(u) {
			return "", ErrForbidden
		}
		if a.State == Draft {
			return "", refused("%s chưa gửi phiếu tự chấm nên Văn phòng chưa thẩm định được.", a.Name)
		}
		return Reviewed, nil
	})
}

// CouncilScore stores one council member's scores of a reviewed assessment; a
// member belonging to the assessed unit may not score it.
func (s *Store) CouncilScore(ctx context.Context, u *auth.User, id int64, in ScoreInput) error {
	return s.score(ctx, u, id, CouncilStage, in, func(a *Assessment) (State, error) {
		if u == nil || u.Role != auth.RoleCouncil {
			return "", ErrForbidden
		}
		if a.State != Reviewed {
			return "", refused("Văn phòng chưa thẩm định phiếu của %s nên Hội đồng chưa chấm được.", a.Name)
		}
		if u.UnitID != 0 && u.UnitID == a.Subject.UnitID {
			return "", refused("Ông/Bà %s thuộc %s nên không chấm điểm đơn vị mình (xung đột lợi ích).", userName(u), a.Name)
		}
		return Reviewed, nil
	})
}

func userName(u *auth.User) string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Username
}

// score is the common step: check who and when (allow gives the state after), check
// the points against the rubric version the assessment uses, and replace the
// scorer's scores of the stage with the evidence figures of now.
func (s *Store) score(ctx context.Context, u *auth.User, id int64, stage Stage, in ScoreInput, allow func(*Assessment) (State, error)) error {
	if u == nil {
		return ErrForbidden
	}
	a, err := getAssessment(ctx, s.db.Read(), id)
	if err != nil {
		return err
	}
	if !Sees(u, a.Subject) {
		return ErrNotFound
	}
	r, err := s.Rubric(ctx, a.RubricID)
	if err != nil {
		return err
	}
	points, bonus, penalty, err := checkPoints(r, in, stage != CouncilStage)
	if err != nil {
		return err
	}
	var f Figures
	if r.Audience == Units {
		if f, err = s.evidence(ctx, r.MovementID, r.Year); err != nil {
			return err
		}
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := getAssessment(ctx, tx, id)
		if err != nil {
			return err
		}
		next, err := allow(a)
		if err != nil {
			return err
		}
		if err := writeScores(ctx, tx, a, r, stage, u.ID, points, f, now); err != nil {
			return err
		}
		set := "state = $1, updated_at = $2"
		args := []any{next, now}
		if stage != CouncilStage {
			set += ", bonus = $4, penalty = $5, note = $6"
			args = append(args, id, bonus, penalty, in.Note)
		} else {
			args = append(args, id)
		}
		switch {
		case stage == SelfStage && next == SelfAssessed:
			set += ", self_at = $2"
		case stage == OfficeStage:
			set += ", reviewed_at = $2"
		}
		if _, err := tx.ExecContext(ctx, "UPDATE award_assessments SET "+set+" WHERE id = $3", args...); err != nil {
			return fmt.Errorf("award: assessment state: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "award_assessment", EntityID: id,
			Summary: stage.Label() + " điểm thi đua của " + a.Name, Before: a, After: map[string]any{"state": next, "points": points, "bonus": bonus, "penalty": penalty}})
	})
}
