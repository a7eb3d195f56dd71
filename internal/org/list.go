package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/textnorm"
)

// MaxLimit is the largest page a list returns.
const MaxLimit = 500

// UnitFilter narrows a list of units; zero fields do not filter.
type UnitFilter struct {
	Search   string // words in the code or name, accents optional
	Kind     UnitKind
	ParentID int64
	Active   *bool
	Limit    int // 50 when 0, at most MaxLimit
	Offset   int
}

// UnitPage is one page of units, with the number of matches in all pages.
type UnitPage struct {
	Items  []Unit
	Total  int
	Limit  int
	Offset int
}

// StaffFilter narrows a list of staff; zero fields do not filter. The scope passed
// with it wins: a unit account sees its own unit whatever UnitID says.
type StaffFilter struct {
	Search string // words in the name, position or e-mail, accents optional
	UnitID int64
	Gender Gender
	Active *bool
	Limit  int // 50 when 0, at most MaxLimit
	Offset int
}

// StaffPage is one page of staff, with the number of matches in all pages.
type StaffPage struct {
	Items  []Staff
	Total  int
	Limit  int
	Offset int
}

// where collects the conditions of a list query with their $n parameters.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, v any) {
	w.args = append(w.args, v)
	w.conds = append(w.conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(w.args))))
}

func (w *where) search(column, term string) {
	for _, word := range strings.Fields(textnorm.Fold(term)) {
		w.add(column+` LIKE ? ESCAPE '\'`, textnorm.LikePattern(word))
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// page appends LIMIT and OFFSET to a query after w's conditions.
func (w *where) page(limit, offset int) (string, []any) {
	n := len(w.args)
	return fmt.Sprintf(" LIMIT $%d OFFSET $%d", n+1, n+2), append(append([]any{}, w.args...), limit, offset)
}

func pageBounds(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = 50
	}
	return min(limit, MaxLimit), max(offset, 0)
}

// ListUnits returns one page of units sorted by code.
func (s *Store) ListUnits(ctx context.Context, f UnitFilter) (UnitPage, error) {
	var w where
	w.search("u.search", f.Search)
	if f.Kind != "" {
		w.add("u.kind = ?", string(f.Kind))
	}
	if f.ParentID != 0 {
		w.add("u.parent_id = ?", f.ParentID)
	}
	if f.Active != nil {
		w.add("u.active = ?", *f.Active)
	}
	page := UnitPage{}
	page.Limit, page.Offset = pageBounds(f.Limit, f.Offset)
	q := s.d.Read()
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM units u WHERE "+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("org: count units: %w", err)
	}
	tail, args := w.page(page.Limit, page.Offset)
	rows, err := q.QueryContext(ctx, selectUnit+" WHERE "+w.String()+" ORDER BY u.code"+tail, args...)
	if err != nil {
		return page, fmt.Errorf("org: list units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return page, fmt.Errorf("org: list units: %w", err)
		}
		page.Items = append(page.Items, u)
	}
	return page, rows.Err()
}

// UnitOptions returns every active unit by code, for choosing one in a form; a
// department has tens of units, not thousands.
func (s *Store) UnitOptions(ctx context.Context) ([]Unit, error) {
	rows, err := s.d.Read().QueryContext(ctx, selectUnit+" WHERE u.active = $1 ORDER BY u.code", true)
	if err != nil {
		return nil, fmt.Errorf("org: unit options: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("org: unit options: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountActiveUnits counts the units that exist now, the denominator of "every unit
// deployed the plan".
func (s *Store) CountActiveUnits(ctx context.Context) (int, error) {
	var n int
	if err := s.d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM units WHERE active = $1", true).Scan(&n); err != nil {
		return 0, fmt.Errorf("org: count units: %w", err)
	}
	return n, nil
}

// ListStaff returns one page of the staff sc covers, sorted by given name.
func (s *Store) ListStaff(ctx context.Context, sc auth.Scope, f StaffFilter) (StaffPage, error) {
	page := StaffPage{}
	page.Limit, page.Offset = pageBounds(f.Limit, f.Offset)
	if !sc.All {
		if sc.UnitID == 0 {
			return page, nil
		}
		f.UnitID = sc.UnitID
	}
	var w where
	w.search("s.search", f.Search)
	if f.UnitID != 0 {
		w.add("s.unit_id = ?", f.UnitID)
	}
	if f.Gender != "" {
		w.add("s.gender = ?", string(f.Gender))
	}
	if f.Active != nil {
		w.add("s.active = ?", *f.Active)
	}
	q := s.d.Read()
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM staff s WHERE "+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("org: count staff: %w", err)
	}
	tail, args := w.page(page.Limit, page.Offset)
	rows, err := q.QueryContext(ctx, selectStaff+" WHERE "+w.String()+" ORDER BY s.sort_name, s.id"+tail, args...)
	if err != nil {
		return page, fmt.Errorf("org: list staff: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return page, fmt.Errorf("org: list staff: %w", err)
		}
		page.Items = append(page.Items, st.maskedFor(sc))
	}
	return page, rows.Err()
}

// CountActiveStaff counts the active staff of a unit, or of the department when
// unitID is 0.
func (s *Store) CountActiveStaff(ctx context.Context, unitID int64) (int, error) {
	var w where
	w.add("active = ?", true)
	if unitID != 0 {
		w.add("unit_id = ?", unitID)
	}
	var n int
	if err := s.d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM staff WHERE "+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("org: count staff: %w", err)
	}
	return n, nil
}
