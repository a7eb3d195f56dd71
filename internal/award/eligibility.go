package award

import (
	"context"

	"github.com/thidua/thidua/internal/auth"
)

// Eligibility checks a year for everyone: each unit's and staff member's verdicts
// (a unit's account sees its own unit only) and the assessed enterprises' (for
// department-wide roles). unitCode, when given, keeps that unit.
func (s *Store) Eligibility(ctx context.Context, u *auth.User, movementID int64, year int, unitCode string) (*Eligibility, error) {
	sc := auth.ScopeOf(u)
	if u == nil || (!sc.All && sc.UnitID == 0) {
		return nil, ErrForbidden
	}
	f, err := s.LoadFacts(ctx, movementID, year)
	if err != nil {
		return nil, err
	}
	rs, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	e := Check(f, rs)
	keep := e.Units[:0]
	for _, uv := range e.Units {
		if sc.SeesUnit(uv.UnitID) && (unitCode == "" || equalFold(uv.Code, unitCode)) {
			keep = append(keep, uv)
		}
	}
	e.Units = keep
	if !sc.All {
		e.Enterprises = nil
	}
	return e, nil
}
