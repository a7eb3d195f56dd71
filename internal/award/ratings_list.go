package award

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/thidua/thidua/internal/calendar"
)

// RatedPerson is a staff member with their rating of a year and what weighs on them.
type RatedPerson struct {
	Person
	Position   string       `json:"position"`
	Rating     Rating       `json:"rating"`
	Discipline []Discipline `json:"discipline,omitempty"`
	Cases      []Case       `json:"cases,omitempty"`
}

// UnitRatings lists a unit's active staff with their ratings, discipline in force and
// pending cases for a year, and the unit's own rating.
func (s *Store) UnitRatings(ctx context.Context, year int, unitID int64) ([]RatedPerson, Rating, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT st.id, st.unit_id, st.full_name, st.gender, st.position, COALESCE(r.rating, '')
		FROM staff st LEFT JOIN award_ratings r ON r.subject = 'staff:' || CAST(st.id AS TEXT) AND r.year = $1
		WHERE st.unit_id = $2 AND st.active ORDER BY st.sort_name, st.id`, year, unitID)
	if err != nil {
		return nil, "", fmt.Errorf("award: unit ratings: %w", err)
	}
	var out []RatedPerson
	for rows.Next() {
		var p RatedPerson
		var gender string
		if err := rows.Scan(&p.ID, &p.UnitID, &p.Name, &gender, &p.Position, &p.Rating); err != nil {
			rows.Close()
			return nil, "", err
		}
		p.Female = gender == "female"
		out = append(out, p)
	}
	rows.Close()
	f := &Facts{Year: year, AsOf: s.today(), Discipline: map[string][]Discipline{}, Cases: map[string][]Case{}}
	if end := calendar.NewDate(year, 12, 31); end.Before(f.AsOf) {
		f.AsOf = end
	}
	if err := s.loadDisciplineAndCases(ctx, f); err != nil {
		return nil, "", err
	}
	for i := range out {
		k := Subject{StaffID: out[i].ID}.Key()
		out[i].Discipline, out[i].Cases = f.Discipline[k], f.Cases[k]
	}
	var unit Rating
	err = s.db.Read().QueryRowContext(ctx, "SELECT rating FROM award_ratings WHERE year = $1 AND subject = $2", year, Subject{UnitID: unitID}.Key()).Scan(&unit)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, "", err
	}
	return out, unit, nil
}
