package dialogue

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
)

// Filter narrows the list of dialogues.
type Filter struct {
	Year  int    // held in this calendar year; 0 for any
	State State  // "" for any
	Query string // words of the title, topics or place
	// Upcoming keeps planned dialogues from today on, nearest first.
	Upcoming bool
}

// List returns the dialogues matching f, newest first (nearest first when
// Upcoming), a page at a time, with their participant counts and the total.
func (s *Store) List(ctx context.Context, f Filter, limit, offset int) ([]Dialogue, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Year != 0 {
		conds = append(conds, "d.held_on >= "+arg(calendar.NewDate(f.Year, 1, 1).String())+" AND d.held_on <= "+arg(calendar.NewDate(f.Year, 12, 31).String()))
	}
	if f.State != "" {
		conds = append(conds, "d.state = "+arg(f.State))
	}
	if f.Upcoming {
		conds = append(conds, "d.state = "+arg(Planned)+" AND d.held_on >= "+arg(calendar.DateOf(s.now()).String()))
	}
	for _, w := range strings.Fields(textnorm.Fold(f.Query)) {
		conds = append(conds, "d.search LIKE "+arg("%"+w+"%"))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM dialogues d"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("dialogue: count: %w", err)
	}
	order := " ORDER BY d.held_on DESC, d.id DESC"
	if f.Upcoming {
		order = " ORDER BY d.held_on, d.id"
	}
	// The counts come from one grouped join over the page's dialogues, not a query each.
	rows, err := s.db.Read().QueryContext(ctx, `WITH page AS (SELECT d.id FROM dialogues d`+where+order+
		" LIMIT "+arg(limit)+" OFFSET "+arg(offset)+`)
		SELECT `+columns+`,
			COALESCE(SUM(CASE WHEN p.invited THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN p.registered_at IS NOT NULL THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN p.attended THEN 1 ELSE 0 END), 0)
		FROM dialogues d JOIN page ON page.id = d.id LEFT JOIN dialogue_participants p ON p.dialogue_id = d.id
		GROUP BY d.id`+order, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("dialogue: list: %w", err)
	}
	defer rows.Close()
	var out []Dialogue
	for rows.Next() {
		var inv, reg, att int
		d, err := scan(rows, &inv, &reg, &att)
		if err != nil {
			return nil, 0, err
		}
		d.Invited, d.Registered, d.Attended = inv, reg, att
		out = append(out, *d)
	}
	return out, total, rows.Err()
}

// ForEnterprise lists the planned dialogues an enterprise may register for or has
// registered for, nearest first, with whether it registered.
func (s *Store) ForEnterprise(ctx context.Context, scope auth.Scope, limit int) ([]Dialogue, map[int64]bool, error) {
	if scope.EnterpriseID == 0 {
		return nil, nil, ErrNoEnterprise
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+columns+`, p.registered_at IS NOT NULL
		FROM dialogues d LEFT JOIN dialogue_participants p ON p.dialogue_id = d.id AND p.enterprise_id = $1
		WHERE d.state = $2 AND d.held_on >= $3 AND (p.invited OR p.registered_at IS NOT NULL
			OR NOT EXISTS (SELECT 1 FROM dialogue_sectors ds WHERE ds.dialogue_id = d.id)
			OR EXISTS (SELECT 1 FROM dialogue_sectors ds JOIN enterprise_sectors es ON es.sector = ds.sector
				WHERE ds.dialogue_id = d.id AND es.enterprise_id = $1))
		ORDER BY d.held_on, d.id LIMIT $4`, scope.EnterpriseID, Planned, calendar.DateOf(s.now()).String(), limit)
	if err != nil {
		return nil, nil, fmt.Errorf("dialogue: for enterprise: %w", err)
	}
	defer rows.Close()
	var out []Dialogue
	registered := map[int64]bool{}
	for rows.Next() {
		var reg bool
		d, err := scan(rows, &reg)
		if err != nil {
			return nil, nil, err
		}
		registered[d.ID] = reg
		out = append(out, *d)
	}
	return out, registered, rows.Err()
}

// HeldIn counts the dialogues held in a calendar year up to asOf: what T4 checks.
func (s *Store) HeldIn(ctx context.Context, year int, asOf calendar.Date) (int, error) {
	to := calendar.NewDate(year, 12, 31)
	if asOf.Before(to) {
		to = asOf
	}
	return s.HeldBetween(ctx, calendar.NewDate(year, 1, 1), to)
}

// HeldBetween counts the dialogues held from one day to another, both included.
func (s *Store) HeldBetween(ctx context.Context, from, to calendar.Date) (int, error) {
	var n int
	err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM dialogues WHERE state = $1 AND held_on >= $2 AND held_on <= $3",
		Held, from.String(), to.String()).Scan(&n)
	return n, err
}
