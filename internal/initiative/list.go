package initiative

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
)

// Filter narrows the list of initiatives.
type Filter struct {
	// Year keeps those whose current state began in this calendar year: for applied
	// initiatives, the year they were recorded as applied effectively, as T5 counts.
	Year        int
	State       State  // "" for any
	UnitID      int64  // proposed by this unit; 0 for any
	Enterprises bool   // proposed by enterprises
	Query       string // words of the title, the proposer or the authors' names
}

// List returns the initiatives u may see matching f, latest first, a page at a
// time, with their authors and the total. The page comes from one query and the
// authors of the whole page from a second, whatever the page's length.
func (s *Store) List(ctx context.Context, u *auth.User, f Filter, limit, offset int) ([]Initiative, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	sc := auth.ScopeOf(u)
	switch {
	case sc.All:
	case sc.UnitID != 0:
		conds = append(conds, "i.unit_id = "+arg(sc.UnitID))
	case sc.EnterpriseID != 0:
		conds = append(conds, "i.enterprise_id = "+arg(sc.EnterpriseID))
	default:
		return nil, 0, nil
	}
	if f.Year != 0 {
		conds = append(conds, "i.stage_on >= "+arg(calendar.NewDate(f.Year, 1, 1).String())+" AND i.stage_on <= "+arg(calendar.NewDate(f.Year, 12, 31).String()))
	}
	if f.State != "" {
		conds = append(conds, "i.state = "+arg(f.State))
	}
	if f.UnitID != 0 {
		conds = append(conds, "i.unit_id = "+arg(f.UnitID))
	}
	if f.Enterprises {
		conds = append(conds, "i.enterprise_id IS NOT NULL")
	}
	for _, w := range strings.Fields(textnorm.Fold(f.Query)) {
		conds = append(conds, "i.search LIKE "+arg("%"+w+"%"))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM initiatives i"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("initiative: count: %w", err)
	}
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+columns+from+where+" ORDER BY i.stage_on DESC, i.id DESC LIMIT "+arg(limit)+" OFFSET "+arg(offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("initiative: list: %w", err)
	}
	var out []Initiative
	for rows.Next() {
		it, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, *it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	byID := make(map[int64]*Initiative, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	return out, total, loadAuthors(ctx, s.db.Read(), byID)
}

// AppliedIn counts the initiatives recorded as applied effectively in a calendar
// year up to asOf: what T5 checks.
func (s *Store) AppliedIn(ctx context.Context, year int, asOf calendar.Date) (int, error) {
	to := calendar.NewDate(year, 12, 31)
	if asOf.Before(to) {
		to = asOf
	}
	var n int
	err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM initiatives WHERE state = $1 AND effective_on >= $2 AND effective_on <= $3",
		Applied, calendar.NewDate(year, 1, 1).String(), to.String()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("initiative: applied in %d: %w", year, err)
	}
	return n, nil
}

// AppliedBetween counts the initiatives of a unit (0: every unit) recorded as applied
// effectively from one day to another, both included.
func (s *Store) AppliedBetween(ctx context.Context, unitID int64, from, to calendar.Date) (int, error) {
	q, args := "SELECT COUNT(*) FROM initiatives WHERE state = $1 AND effective_on >= $2 AND effective_on <= $3", []any{Applied, from.String(), to.String()}
	if unitID != 0 {
		q += " AND unit_id = $4"
		args = append(args, unitID)
	}
	var n int
	if err := s.db.Read().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("initiative: applied between: %w", err)
	}
	return n, nil
}
