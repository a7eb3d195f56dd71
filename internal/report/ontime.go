package report

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/thidua/thidua/internal/calendar"
)

// Timeliness is how many of the reports a unit owed in a year it submitted by their due
// dates: the evidence an emulation rubric scores.
type Timeliness struct{ OnTime, Due int }

// OnTimeByUnit counts, per unit, the reports due in a calendar year that the unit owed
// (every unit, or the listed ones) and those it first submitted by the due date, in
// Vietnam's days. A report returned for completion still counts by its first submission.
func (s *Store) OnTimeByUnit(ctx context.Context, year int) (map[int64]Timeliness, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT u.id, d.due_on, s.first_submitted_at
		FROM report_definitions d JOIN units u ON (d.audience = 'all_units' AND u.active)
			OR (d.audience = 'units' AND u.id IN (SELECT a.unit_id FROM report_audience a WHERE a.definition_id = d.id))
		LEFT JOIN report_submissions s ON s.definition_id = d.id AND s.unit_id = u.id
		WHERE d.due_on >= $1 AND d.due_on <= $2`, calendar.NewDate(year, 1, 1).String(), calendar.NewDate(year, 12, 31).String())
	if err != nil {
		return nil, fmt.Errorf("report: on time by unit: %w", err)
	}
	defer rows.Close()
	out := map[int64]Timeliness{}
	for rows.Next() {
		var unit int64
		var due string
		var first sql.NullTime
		if err := rows.Scan(&unit, &due, &first); err != nil {
			return nil, err
		}
		o := out[unit]
		o.Due++
		if d, err := calendar.ParseDate(due); err == nil && first.Valid && !calendar.DateOf(first.Time).After(d) {
			o.OnTime++
		}
		out[unit] = o
	}
	return out, rows.Err()
}
