package initiative

import (
	"context"
	"fmt"

	"github.com/thidua/thidua/internal/calendar"
)

// AppliedByUnit counts, per proposing unit, the initiatives recorded as applied
// effectively in a calendar year: the evidence an emulation rubric scores.
func (s *Store) AppliedByUnit(ctx context.Context, year int) (map[int64]int, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT unit_id, COUNT(*) FROM initiatives WHERE state = $1 AND unit_id IS NOT NULL
		AND effective_on >= $2 AND effective_on <= $3 GROUP BY unit_id`, Applied,
		calendar.NewDate(year, 1, 1).String(), calendar.NewDate(year, 12, 31).String())
	if err != nil {
		return nil, fmt.Errorf("initiative: applied by unit: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var unit int64
		var n int
		if err := rows.Scan(&unit, &n); err != nil {
			return nil, err
		}
		out[unit] = n
	}
	return out, rows.Err()
}

// RecognisedInitiative is an initiative recognised by the council, as the emulation titles
// that require one cite it.
type RecognisedInitiative struct {
	ID        int64         `json:"id"`
	Title     string        `json:"title"`
	DecidedOn calendar.Date `json:"decided_on"`
	Number    string        `json:"decision_number"`
}

// RecognisedByAuthor lists, per staff member among the authors, the initiatives
// recognised (and possibly since applied) by a decision dated in a calendar year.
func (s *Store) RecognisedByAuthor(ctx context.Context, year int) (map[int64][]RecognisedInitiative, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT a.staff_id, i.id, i.title, i.decided_on, COALESCE(ses.decision_number, '')
		FROM initiatives i JOIN initiative_authors a ON a.initiative_id = i.id LEFT JOIN initiative_sessions ses ON ses.id = i.session_id
		WHERE i.state IN ($1, $2) AND a.staff_id IS NOT NULL AND i.decided_on >= $3 AND i.decided_on <= $4 ORDER BY i.decided_on, i.id`,
		Recognised, Applied, calendar.NewDate(year, 1, 1).String(), calendar.NewDate(year, 12, 31).String())
	if err != nil {
		return nil, fmt.Errorf("initiative: recognised by author: %w", err)
	}
	defer rows.Close()
	out := map[int64][]RecognisedInitiative{}
	for rows.Next() {
		var staff int64
		var r RecognisedInitiative
		var decided string
		if err := rows.Scan(&staff, &r.ID, &r.Title, &decided, &r.Number); err != nil {
			return nil, err
		}
		r.DecidedOn, _ = calendar.ParseDate(decided)
		out[staff] = append(out[staff], r)
	}
	return out, rows.Err()
}
