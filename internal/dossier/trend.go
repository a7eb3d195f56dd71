package dossier

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
)

// MonthRate is one unit's resolved dossiers in one month and the share of them
// resolved early or on time: a point of the monthly trend chart.
type MonthRate struct {
	UnitID   int64    `json:"unit_id"` // 0 for the whole department
	Month    string   `json:"month"`   // YYYY-MM
	Resolved int      `json:"resolved"`
	InTime   int      `json:"in_time"`
	Rate     *float64 `json:"rate"` // percent, two decimals; nil when nothing was resolved
}

// Monthly returns the on-time rate per unit and month of the dossiers finished in
// [q.From, q.To], as sc may see them, followed by the department's line per month
// (UnitID 0), each ordered by month.
func (s *Store) Monthly(ctx context.Context, sc auth.Scope, q StatsQuery) ([]MonthRate, error) {
	sq := sqlQuery{alias: "g"}
	if !sq.scope(sc, q.UnitID, q.Field) {
		return nil, nil
	}
	sq.and("g.day >= " + sq.arg(q.From.String()) + " AND g.day <= " + sq.arg(q.To.String()))
	query := "SELECT g.unit_id, SUBSTR(g.day, 1, 7), SUM(g.resolved_early + g.resolved_on_time), " +
		"SUM(g.resolved_early + g.resolved_on_time + g.resolved_late) FROM dossier_daily g" + sq.clause() + " GROUP BY 1, 2 ORDER BY 1, 2"
	var out, dept []MonthRate
	deptAt := map[string]int{}
	point := func(list *[]MonthRate, unit int64, month string) *MonthRate {
		if n := len(*list); n > 0 && (*list)[n-1].UnitID == unit && (*list)[n-1].Month == month {
			return &(*list)[n-1]
		}
		*list = append(*list, MonthRate{UnitID: unit, Month: month})
		return &(*list)[len(*list)-1]
	}
	err := s.each(ctx, query, sq.args, func(rows *sql.Rows) error {
		var unit int64
		var month string
		var inTime, n int
		if err := rows.Scan(&unit, &month, &inTime, &n); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		p := point(&out, unit, month)
		p.Resolved += n
		p.InTime += inTime
		i, ok := deptAt[month]
		if !ok {
			i, deptAt[month] = len(dept), len(dept)
			dept = append(dept, MonthRate{Month: month})
		}
		dept[i].Resolved += n
		dept[i].InTime += inTime
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(dept, func(i, j int) bool { return dept[i].Month < dept[j].Month })
	out = append(out, dept...)
	for i := range out {
		if out[i].Resolved > 0 {
			v := round2(100 * float64(out[i].InTime) / float64(out[i].Resolved))
			out[i].Rate = &v
		}
	}
	return out, nil
}

// OnTime counts, department-wide, the dossiers finished in [from, to] and those of
// them finished early or on time: the denominator and numerator of target T2.
func (s *Store) OnTime(ctx context.Context, from, to calendar.Date) (inTime, resolved int, err error) {
	err = s.d.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(resolved_early + resolved_on_time), 0),
		COALESCE(SUM(resolved_early + resolved_on_time + resolved_late), 0)
		FROM dossier_daily WHERE day >= $1 AND day <= $2`, from.String(), to.String()).Scan(&inTime, &resolved)
	if err != nil {
		return 0, 0, fmt.Errorf("dossier: on-time count: %w", err)
	}
	return inTime, resolved, nil
}
