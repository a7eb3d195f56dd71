package dossier

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
)

// procedureRef is what an import needs of a catalogue entry.
type procedureRef struct {
	id, unitID int64
	code, name string
	statutory  *float64
	fullOnline bool
}

// refs are the catalogue and the units, read once per import: a file names the
// same few dozen procedures and units on every row.
type refs struct {
	procedures map[string]*procedureRef // by code as written and by national code
	procByName map[string]*procedureRef // by folded name; nil when two share it
	units      map[string]int64         // by code and name as written
	unitsFold  map[string]int64         // by folded code and name
	cal        *calendar.Calendar
	days       *memoDays // cal, remembered
}

// provincial matches a national procedure code followed by a provincial suffix,
// 1.001776.000.00.00.H56, and captures the national code 1.001776.
var provincial = regexp.MustCompile(`^(\d+\.\d+)\.`)

// nationalCode is the code without a provincial suffix.
func nationalCode(code string) string {
	if m := provincial.FindStringSubmatch(code); m != nil {
		return m[1]
	}
	return code
}

func loadRefs(ctx context.Context, q db.Querier, cal *calendar.Calendar) (*refs, error) {
	r := &refs{procedures: map[string]*procedureRef{}, procByName: map[string]*procedureRef{},
		units: map[string]int64{}, unitsFold: map[string]int64{}, cal: cal, days: newMemoDays(cal)}
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, unit_id, statutory_days, online_level FROM procedures ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("dossier: read procedures: %w", err)
	}
	defer rows.Close()
	// A catalogue may hold the national code or the provincial one; an export may
	// write either. Both forms of every entry are keys, the exact code winning.
	national := map[string][]*procedureRef{}
	for rows.Next() {
		p := &procedureRef{}
		var unit sql.NullInt64
		var days sql.NullFloat64
		var level string
		if err := rows.Scan(&p.id, &p.code, &p.name, &unit, &days, &level); err != nil {
			return nil, fmt.Errorf("dossier: read procedures: %w", err)
		}
		p.unitID, p.fullOnline = unit.Int64, level == "full"
		if days.Valid {
			v := days.Float64
			p.statutory = &v
		}
		r.procedures[p.code] = p
		n := nationalCode(p.code)
		national[n] = append(national[n], p)
		name := textnorm.Fold(p.name)
		if _, dup := r.procByName[name]; dup {
			r.procByName[name] = nil
		} else {
			r.procByName[name] = p
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dossier: read procedures: %w", err)
	}
	for n, ps := range national {
		if _, exact := r.procedures[n]; !exact && len(ps) == 1 {
			r.procedures[n] = ps[0]
		}
	}
	return r, r.loadUnits(ctx, q)
}

func (r *refs) loadUnits(ctx context.Context, q db.Querier) error {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name FROM units`)
	if err != nil {
		return fmt.Errorf("dossier: read units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code, name string
		if err := rows.Scan(&id, &code, &name); err != nil {
			return fmt.Errorf("dossier: read units: %w", err)
		}
		r.units[code], r.unitsFold[textnorm.Fold(code)] = id, id
		if _, taken := r.units[name]; !taken {
			r.units[name] = id
		}
		if _, taken := r.unitsFold[textnorm.Fold(name)]; !taken {
			r.unitsFold[textnorm.Fold(name)] = id
		}
	}
	return rows.Err()
}

// procedure finds a procedure by its code in either form, or by its name when the
// export has no code.
func (r *refs) procedure(code, name string) (*procedureRef, bool) {
	if code != "" {
		if p, ok := r.procedures[code]; ok {
			return p, true
		}
		p, ok := r.procedures[nationalCode(code)]
		return p, ok
	}
	p := r.procByName[textnorm.Fold(name)]
	return p, p != nil
}

// unit finds a unit by its code or its name.
func (r *refs) unit(s string) (int64, bool) {
	if id, ok := r.units[s]; ok {
		return id, true
	}
	id, ok := r.unitsFold[textnorm.Fold(s)]
	return id, ok
}
