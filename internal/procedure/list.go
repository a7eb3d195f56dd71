package procedure

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
)

// Filter narrows a list of procedures; zero fields do not filter.
type Filter struct {
	Search   string // words found in the code, name or field, accents optional
	Field    string // the catalogue's lĩnh vực, exactly
	UnitID   int64
	Level    OnlineLevel
	Eligible *bool
	// NotFull keeps the procedures not offered toàn trình (một phần or not online).
	NotFull bool
	// ValidOn keeps the procedures that apply on that day.
	ValidOn calendar.Date
	Limit   int // 50 when 0, at most MaxLimit
	Offset  int
}

// MaxLimit is the largest page a list returns.
const MaxLimit = 500

// Page is one page of a list, with the number of matches in all pages.
type Page struct {
	Items  []Procedure
	Total  int
	Limit  int
	Offset int
}

func (f Filter) where() (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	add := func(c string, vs ...any) {
		for _, v := range vs {
			args = append(args, v)
			c = strings.Replace(c, "?", fmt.Sprintf("$%d", len(args)), 1)
		}
		conds = append(conds, c)
	}
	for _, w := range strings.Fields(textnorm.Fold(f.Search)) {
		add(`p.search LIKE ? ESCAPE '\'`, textnorm.LikePattern(w))
	}
	if f.Field != "" {
		add("p.field = ?", f.Field)
	}
	if f.UnitID != 0 {
		add("p.unit_id = ?", f.UnitID)
	}
	if f.Level != "" {
		add("p.online_level = ?", string(f.Level))
	}
	if f.Eligible != nil {
		add("p.eligible_full = ?", *f.Eligible)
	}
	if f.NotFull {
		add("p.online_level <> ?", string(LevelFull))
	}
	if !f.ValidOn.IsZero() {
		cond, vs := validOn(f.ValidOn)
		add(cond, vs...)
	}
	return strings.Join(conds, " AND "), args
}

// validOn is the condition "applies on day d": dates are stored as YYYY-MM-DD
// text, which sorts as the dates do, and valid_to is the last day included.
func validOn(d calendar.Date) (string, []any) {
	return "p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to >= ?)", []any{d.String(), d.String()}
}

// List returns one page of the procedures matching f, sorted by code.
func (s *Store) List(ctx context.Context, f Filter) (Page, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxLimit)
	f.Offset = max(f.Offset, 0)
	page := Page{Limit: f.Limit, Offset: f.Offset}
	cond, args := f.where()
	q := s.d.Read()
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM procedures p WHERE "+cond, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("procedure: count: %w", err)
	}
	n := len(args)
	var err error
	page.Items, err = query(ctx, q, fmt.Sprintf("%s WHERE %s ORDER BY p.code LIMIT $%d OFFSET $%d", selectProcedure, cond, n+1, n+2),
		append(slices.Clip(args), f.Limit, f.Offset)...)
	return page, err
}

func query(ctx context.Context, q db.Querier, sql string, args ...any) ([]Procedure, error) {
	rows, err := q.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("procedure: list: %w", err)
	}
	defer rows.Close()
	var out []Procedure
	for rows.Next() {
		p, err := scanProcedure(rows)
		if err != nil {
			return nil, fmt.Errorf("procedure: list: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("procedure: list: %w", err)
	}
	return out, nil
}

// Fields lists the catalogue's fields (lĩnh vực) of the procedures that apply on
// asOf, sorted, for a filter to choose from.
func (s *Store) Fields(ctx context.Context, asOf calendar.Date) ([]string, error) {
	cond, args := Filter{ValidOn: asOf}.where()
	rows, err := s.d.Read().QueryContext(ctx, "SELECT DISTINCT p.field FROM procedures p WHERE "+cond+" AND p.field <> '' ORDER BY p.field", args...)
	if err != nil {
		return nil, fmt.Errorf("procedure: fields: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, fmt.Errorf("procedure: fields: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Counts are the procedures that apply on a day, by online level and eligibility.
type Counts struct {
	AsOf                   calendar.Date
	Total                  int
	Full, Partial, None    int
	Eligible, EligibleFull int // eligible for toàn trình; of them, offered toàn trình
}

// EligibleNotFull is the shortfall of T3: eligible procedures not offered toàn trình.
func (c Counts) EligibleNotFull() int { return c.Eligible - c.EligibleFull }

// Count counts the procedures that apply on asOf.
func (s *Store) Count(ctx context.Context, asOf calendar.Date) (Counts, error) {
	c := Counts{AsOf: asOf}
	cond, args := Filter{ValidOn: asOf}.where()
	rows, err := s.d.Read().QueryContext(ctx, "SELECT p.online_level, p.eligible_full, COUNT(*) FROM procedures p WHERE "+cond+
		" GROUP BY p.online_level, p.eligible_full", args...)
	if err != nil {
		return c, fmt.Errorf("procedure: count: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var level string
		var eligible bool
		var n int
		if err := rows.Scan(&level, &eligible, &n); err != nil {
			return c, fmt.Errorf("procedure: count: %w", err)
		}
		c.Total += n
		switch OnlineLevel(level) {
		case LevelFull:
			c.Full += n
		case LevelPartial:
			c.Partial += n
		default:
			c.None += n
		}
		if eligible {
			c.Eligible += n
			if OnlineLevel(level) == LevelFull {
				c.EligibleFull += n
			}
		}
	}
	return c, rows.Err()
}

// Coverage is target T3 on a day: of the procedures that apply then and are
// eligible for toàn trình, how many are offered toàn trình.
func (s *Store) Coverage(ctx context.Context, asOf calendar.Date) (fullOnline, eligible int, err error) {
	c, err := s.Count(ctx, asOf)
	return c.EligibleFull, c.Eligible, err
}

// NotFullyOnline lists the procedures that apply on asOf, are eligible for toàn
// trình and are not offered so, with their published reasons: the shortfall of T3.
// A department's catalogue has a few hundred procedures, so this is never large.
func (s *Store) NotFullyOnline(ctx context.Context, asOf calendar.Date) ([]Procedure, error) {
	yes := true
	cond, args := Filter{Eligible: &yes, NotFull: true, ValidOn: asOf}.where()
	return query(ctx, s.d.Read(), selectProcedure+" WHERE "+cond+" ORDER BY p.code", args...)
}
