package dossier

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// Stats are the figures of Biểu II.06a for a period [from, to]:
//
//	carried_over + received_total = resolved_total + open_total
//	resolved_total = resolved_early + resolved_on_time + resolved_late
//	open_total = open_within + open_overdue
//	resolved_late = late_with_apology + late_without_apology
//
// Carried over are the dossiers received before from and not finished before it;
// received, those received within the period; resolved, those finished within it;
// open, those received by to and not finished by then, within or past their deadline
// at to. OnTimeRate is (early + on time) ÷ resolved in percent with two decimals, nil
// when nothing was resolved.
type Stats struct {
	CarriedOver        int      `json:"carried_over"`
	ReceivedOnline     int      `json:"received_online"`
	ReceivedDirect     int      `json:"received_direct"`
	ReceivedTotal      int      `json:"received_total"`
	ResolvedEarly      int      `json:"resolved_early"`
	ResolvedOnTime     int      `json:"resolved_on_time"`
	ResolvedLate       int      `json:"resolved_late"`
	ResolvedTotal      int      `json:"resolved_total"`
	OpenWithin         int      `json:"open_within"`
	OpenOverdue        int      `json:"open_overdue"`
	OpenTotal          int      `json:"open_total"`
	LateWithApology    int      `json:"late_with_apology"`
	LateWithoutApology int      `json:"late_without_apology"`
	OnTimeRate         *float64 `json:"on_time_rate"`
}

// Progress766 is the processing-progress score of the national service index
// (Decision 766): 20 × (finished early or on time + open within deadline) ÷ dossiers
// in the period, two decimals; nil when the period has no dossiers.
func (s Stats) Progress766() *float64 {
	all := s.ResolvedTotal + s.OpenTotal
	if all == 0 {
		return nil
	}
	v := round2(20 * float64(s.ResolvedEarly+s.ResolvedOnTime+s.OpenWithin) / float64(all))
	return &v
}

func (s *Stats) add(o Stats) {
	s.CarriedOver += o.CarriedOver
	s.ReceivedOnline += o.ReceivedOnline
	s.ReceivedDirect += o.ReceivedDirect
	s.ResolvedEarly += o.ResolvedEarly
	s.ResolvedOnTime += o.ResolvedOnTime
	s.ResolvedLate += o.ResolvedLate
	s.OpenWithin += o.OpenWithin
	s.OpenOverdue += o.OpenOverdue
	s.LateWithApology += o.LateWithApology
	s.LateWithoutApology += o.LateWithoutApology
	s.totals()
}

// totals derives the sums and the rate from the parts.
func (s *Stats) totals() {
	s.ReceivedTotal = s.ReceivedOnline + s.ReceivedDirect
	s.ResolvedTotal = s.ResolvedEarly + s.ResolvedOnTime + s.ResolvedLate
	s.OpenTotal = s.OpenWithin + s.OpenOverdue
	s.OnTimeRate = nil
	if s.ResolvedTotal > 0 {
		v := round2(100 * float64(s.ResolvedEarly+s.ResolvedOnTime) / float64(s.ResolvedTotal))
		s.OnTimeRate = &v
	}
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// StatsQuery chooses the period and, optionally, one unit or one procedure field.
type StatsQuery struct {
	From, To calendar.Date
	UnitID   int64
	Field    string
}

// UnitStats is one unit's line of the table.
type UnitStats struct {
	UnitID   int64  `json:"unit_id"`
	UnitCode string `json:"unit_code"`
	UnitName string `json:"unit_name"`
	Stats
}

// Stats computes the table for the query, as sc may see it: a unit's account gets
// its own unit's figures whatever UnitID says.
func (s *Store) Stats(ctx context.Context, sc auth.Scope, q StatsQuery) (Stats, error) {
	_, total, err := s.StatsByUnit(ctx, sc, q)
	return total, err
}

// StatsByUnit computes the table with one line per unit that has dossiers in it,
// ordered by unit code, and the total line. The received and resolved figures are
// sums over dossier_daily; the open ones, and the carried-over ones (those open at the
// day before the period), count the dossiers open at a date. Each is one grouped
// query for all units.
//
// Under a request memo (db.WithMemo) a page that shows the same table in several
// panels computes it once; the lines are shared and must not be modified.
func (s *Store) StatsByUnit(ctx context.Context, sc auth.Scope, q StatsQuery) ([]UnitStats, Stats, error) {
	type table struct {
		lines []UnitStats
		total Stats
	}
	t, err := db.Memo(ctx, fmt.Sprintf("dossier.StatsByUnit %+v %s %s %d %q", sc, q.From, q.To, q.UnitID, q.Field), func() (table, error) {
		lines, total, err := s.statsByUnit(ctx, sc, q)
		return table{lines, total}, err
	})
	return t.lines, t.total, err
}

func (s *Store) statsByUnit(ctx context.Context, sc auth.Scope, q StatsQuery) ([]UnitStats, Stats, error) {
	if q.To.Before(q.From) {
		return nil, Stats{}, fmt.Errorf("dossier: stats: period ends %s before it begins %s", q.To, q.From)
	}
	units := map[int64]*Stats{}
	line := func(unit int64) *Stats {
		if units[unit] == nil {
			units[unit] = &Stats{}
		}
		return units[unit]
	}
	if err := s.countDaily(ctx, sc, q, line); err != nil {
		return nil, Stats{}, err
	}
	err := s.countOpen(ctx, sc, q, q.From.AddDays(-1), func(unit int64, overdue bool, n int) { line(unit).CarriedOver += n })
	if err != nil {
		return nil, Stats{}, err
	}
	err = s.countOpen(ctx, sc, q, q.To, func(unit int64, overdue bool, n int) {
		if overdue {
			line(unit).OpenOverdue += n
		} else {
			line(unit).OpenWithin += n
		}
	})
	if err != nil {
		return nil, Stats{}, err
	}
	out, err := s.unitLines(ctx, units)
	if err != nil {
		return nil, Stats{}, err
	}
	var total Stats
	for _, u := range out {
		total.add(u.Stats)
	}
	total.totals()
	return out, total, nil
}

// countDaily sums the received and resolved figures of the period.
func (s *Store) countDaily(ctx context.Context, sc auth.Scope, q StatsQuery, line func(int64) *Stats) error {
	sq := sqlQuery{alias: "g"}
	if !sq.scope(sc, q.UnitID, q.Field) {
		return nil
	}
	sq.and("g.day >= " + sq.arg(q.From.String()) + " AND g.day <= " + sq.arg(q.To.String()))
	query := "SELECT g.unit_id, SUM(g.received_online), SUM(g.received_direct), SUM(g.resolved_early), SUM(g.resolved_on_time), " +
		"SUM(g.resolved_late), SUM(g.late_with_apology) FROM dossier_daily g" + sq.clause() + " GROUP BY g.unit_id"
	return s.each(ctx, query, sq.args, func(rows *sql.Rows) error {
		var unit int64
		var c dayCounts
		if err := rows.Scan(&unit, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5]); err != nil {
			return err
		}
		l := line(unit)
		l.ReceivedOnline += c[0]
		l.ReceivedDirect += c[1]
		l.ResolvedEarly += c[2]
		l.ResolvedOnTime += c[3]
		l.ResolvedLate += c[4]
		l.LateWithApology += c[5]
		l.LateWithoutApology += c[4] - c[5]
		return nil
	})
}

// countOpen counts the dossiers open at the date at, by unit, within or overdue.
// Those not finished at all are few and have an index of their own; one finished
// after the date was received at most the longest span any dossier took before it,
// which bounds the range of the scan.
//
// Under a request memo the counts at one date are read once: the dashboard's overdue
// count (OverdueCount) is then the one-stop panel's open-overdue figure of the day.
func (s *Store) countOpen(ctx context.Context, sc auth.Scope, q StatsQuery, at calendar.Date, add func(unit int64, overdue bool, n int)) error {
	type group struct {
		unit    int64
		overdue bool
		n       int
	}
	groups, err := db.Memo(ctx, fmt.Sprintf("dossier.countOpen %+v %d %q %s", sc, q.UnitID, q.Field, at), func() ([]group, error) {
		var out []group
		err := s.readOpen(ctx, sc, q, at, func(unit int64, overdue bool, n int) { out = append(out, group{unit, overdue, n}) })
		return out, err
	})
	for _, g := range groups {
		add(g.unit, g.overdue, g.n)
	}
	return err
}

func (s *Store) readOpen(ctx context.Context, sc auth.Scope, q StatsQuery, at calendar.Date, add func(unit int64, overdue bool, n int)) error {
	maxSpan, err := s.maxSpan(ctx)
	if err != nil {
		return err
	}
	var sq sqlQuery
	if !sq.scope(sc, q.UnitID, q.Field) {
		return nil
	}
	and := ""
	for _, f := range sq.where {
		and += " AND " + f
	}
	t := sq.arg(at.String())
	window := sq.arg(at.AddDays(-maxSpan).String())
	sel := "SELECT d.unit_id, CASE WHEN " + overdueAt(t) + " THEN 1 ELSE 0 END AS overdue FROM dossiers d WHERE "
	query := "SELECT unit_id, overdue, COUNT(*) FROM (" +
		sel + "d.finished_on IS NULL AND d.received_on <= " + t + and +
		" UNION ALL " +
		sel + "d.received_on >= " + window + " AND d.received_on <= " + t + " AND d.finished_on > " + t + and +
		") o GROUP BY unit_id, overdue"
	return s.each(ctx, query, sq.args, func(rows *sql.Rows) error {
		var unit int64
		var overdue, n int
		if err := rows.Scan(&unit, &overdue, &n); err != nil {
			return err
		}
		add(unit, overdue == 1, n)
		return nil
	})
}

// each runs a grouped query and hands each row to fn.
func (s *Store) each(ctx context.Context, query string, args []any, fn func(rows *sql.Rows) error) error {
	rows, err := s.d.Read().QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("dossier: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("dossier: stats: %w", err)
		}
	}
	return rows.Err()
}

// unitLines names the units of the lines, in the order of their codes.
func (s *Store) unitLines(ctx context.Context, units map[int64]*Stats) ([]UnitStats, error) {
	if len(units) == 0 {
		return nil, nil
	}
	rows, err := s.d.Read().QueryContext(ctx, "SELECT id, code, name FROM units")
	if err != nil {
		return nil, fmt.Errorf("dossier: stats: units: %w", err)
	}
	defer rows.Close()
	var out []UnitStats
	for rows.Next() {
		var u UnitStats
		if err := rows.Scan(&u.UnitID, &u.UnitCode, &u.UnitName); err != nil {
			return nil, fmt.Errorf("dossier: stats: units: %w", err)
		}
		if st, ok := units[u.UnitID]; ok {
			st.totals()
			u.Stats = *st
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UnitCode < out[j].UnitCode })
	return out, rows.Err()
}
