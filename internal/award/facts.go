package award

import (
	"context"
	"fmt"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/initiative"
)

// Person is a staff member as the checker sees them.
type Person struct {
	ID     int64  `json:"staff_id"`
	UnitID int64  `json:"-"`
	Name   string `json:"name"`
	Female bool   `json:"female"`
}

// UnitInfo is a unit as the checker sees it; Members index Facts.Staff.
type UnitInfo struct {
	ID      int64
	Code    string
	Name    string
	Members []int
}

// Standing is a rubric total and the rank within its group.
type Standing struct {
	Total float64
	Group string
	Name  string
	// WomenShare is the share of women among the unit's members (0 for enterprises).
	WomenShare float64
}

// Facts are everything the checker reads for a year, loaded in a handful of
// grouped queries so that a department of a thousand units is checked at once.
type Facts struct {
	Year          int
	AsOf          calendar.Date // pending cases are judged on this day
	Units         []UnitInfo
	Staff         []Person
	Ratings       map[string]map[int]Rating // subject key → year → rating
	Discipline    map[string][]Discipline
	Cases         map[string][]Case
	Initiatives   map[int64][]initiative.RecognisedInitiative
	UnitStandings map[int64]Standing // rubric standing per unit id
	Enterprises   map[int64]Standing // rubric standing per enterprise id
}

// LoadFacts reads the facts of a year; ratings go back as far as any rule looks.
func (s *Store) LoadFacts(ctx context.Context, movementID int64, year int) (*Facts, error) {
	f := &Facts{Year: year, AsOf: s.today(), Ratings: map[string]map[int]Rating{}, Discipline: map[string][]Discipline{},
		Cases: map[string][]Case{}, UnitStandings: map[int64]Standing{}, Enterprises: map[int64]Standing{}}
	if end := calendar.NewDate(year, 12, 31); end.Before(f.AsOf) {
		f.AsOf = end
	}
	q := s.db.Read()
	rows, err := q.QueryContext(ctx, "SELECT id, code, name FROM units WHERE active ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("award: facts units: %w", err)
	}
	index := map[int64]int{}
	for rows.Next() {
		var u UnitInfo
		if err := rows.Scan(&u.ID, &u.Code, &u.Name); err != nil {
			rows.Close()
			return nil, err
		}
		index[u.ID] = len(f.Units)
		f.Units = append(f.Units, u)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, "SELECT id, unit_id, full_name, gender FROM staff WHERE active ORDER BY unit_id, sort_name, id")
	if err != nil {
		return nil, fmt.Errorf("award: facts staff: %w", err)
	}
	for rows.Next() {
		var p Person
		var gender string
		if err := rows.Scan(&p.ID, &p.UnitID, &p.Name, &gender); err != nil {
			rows.Close()
			return nil, err
		}
		p.Female = gender == "female"
		if i, ok := index[p.UnitID]; ok {
			f.Units[i].Members = append(f.Units[i].Members, len(f.Staff))
			f.Staff = append(f.Staff, p)
		}
	}
	rows.Close()
	if err := s.loadRatings(ctx, f, year-5, year); err != nil {
		return nil, err
	}
	if err := s.loadDisciplineAndCases(ctx, f); err != nil {
		return nil, err
	}
	if f.Initiatives, err = initiative.NewStore(s.db, s.now).RecognisedByAuthor(ctx, year); err != nil {
		return nil, err
	}
	return f, s.loadStandings(ctx, f, movementID)
}

func (s *Store) loadRatings(ctx context.Context, f *Facts, from, to int) error {
	rows, err := s.db.Read().QueryContext(ctx, "SELECT subject, year, rating FROM award_ratings WHERE year >= $1 AND year <= $2", from, to)
	if err != nil {
		return fmt.Errorf("award: facts ratings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sub string
		var y int
		var r Rating
		if err := rows.Scan(&sub, &y, &r); err != nil {
			return err
		}
		if f.Ratings[sub] == nil {
			f.Ratings[sub] = map[int]Rating{}
		}
		f.Ratings[sub][y] = r
	}
	return rows.Err()
}

func (s *Store) loadDisciplineAndCases(ctx context.Context, f *Facts) error {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, subject, level, decided_on, COALESCE(until_on, ''), decision FROM award_discipline
		WHERE decided_on <= $1`, calendar.NewDate(f.Year, 12, 31).String())
	if err != nil {
		return fmt.Errorf("award: facts discipline: %w", err)
	}
	for rows.Next() {
		var d Discipline
		var sub, decided, until string
		if err := rows.Scan(&d.ID, &sub, &d.Level, &decided, &until, &d.Decision); err != nil {
			rows.Close()
			return err
		}
		d.DecidedOn, _ = calendar.ParseDate(decided)
		if until != "" {
			d.Until, _ = calendar.ParseDate(until)
		}
		if d.InForce(f.Year) {
			f.Discipline[sub] = append(f.Discipline[sub], d)
		}
	}
	rows.Close()
	rows, err = s.db.Read().QueryContext(ctx, `SELECT id, subject, kind, opened_on, COALESCE(resolved_on, ''), note FROM award_cases
		WHERE opened_on <= $1 AND (resolved_on IS NULL OR resolved_on > $1)`, f.AsOf.String())
	if err != nil {
		return fmt.Errorf("award: facts cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Case
		var sub, opened, resolved string
		if err := rows.Scan(&c.ID, &sub, &c.Kind, &opened, &resolved, &c.Note); err != nil {
			return err
		}
		c.OpenedOn, _ = calendar.ParseDate(opened)
		f.Cases[sub] = append(f.Cases[sub], c)
	}
	return rows.Err()
}

// loadStandings reads the totals of the year's current rubric versions.
func (s *Store) loadStandings(ctx context.Context, f *Facts, movementID int64) error {
	for _, a := range []Audience{Units, Enterprises} {
		r, err := s.CurrentRubric(ctx, movementID, f.Year, a)
		if err == ErrNoRubric {
			continue
		} else if err != nil {
			return err
		}
		results, err := s.Ranking(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, res := range results {
			st := Standing{Total: res.Total, Group: res.Assessment.Group, Name: res.Assessment.Name}
			if a == Units {
				f.UnitStandings[res.Assessment.Subject.UnitID] = st
			} else {
				f.Enterprises[res.Assessment.Subject.EnterpriseID] = st
			}
		}
	}
	return nil
}
