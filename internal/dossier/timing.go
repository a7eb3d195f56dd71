package dossier

import (
	"context"
	"database/sql"
	"math"
	"sort"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
)

// The plan's aim "rút ngắn thời gian giải quyết hồ sơ" is read from the working days
// each finished dossier used (days_used: less the supplement pause, computed by
// Classify at import) against its procedure's statutory time, and from how that
// average moves over the period.

// TimePoint is the dossiers of one procedure finished in one year or month of the
// period, and the average working days they used.
type TimePoint struct {
	Period  string   `json:"period"` // YYYY or YYYY-MM
	Count   int      `json:"count"`
	AvgDays *float64 `json:"avg_days"` // two decimals; nil when none has days used
}

// ProcedureTime is one procedure's processing time over the period.
type ProcedureTime struct {
	ProcedureID   int64    `json:"procedure_id"`
	ProcedureCode string   `json:"procedure_code"`
	ProcedureName string   `json:"procedure_name"`
	Count         int      `json:"count"`
	AvgDays       *float64 `json:"avg_days"`
	StatutoryDays *float64 `json:"statutory_days"`
	// Share is AvgDays ÷ StatutoryDays in percent, two decimals: under 100 means
	// faster than the law allows. Nil when either is unknown.
	Share *float64 `json:"share"`
	// Trend holds a point per year of the period, or per month when the period is at
	// most a year, in order; only those with finished dossiers.
	Trend []TimePoint `json:"trend"`

	days, withDays int // sums behind AvgDays
}

// Change is the last point's average less the first's, two decimals: negative when
// the procedure got faster. Nil with fewer than two points to compare.
func (p ProcedureTime) Change() *float64 {
	if len(p.Trend) < 2 {
		return nil
	}
	first, last := p.Trend[0].AvgDays, p.Trend[len(p.Trend)-1].AvgDays
	if first == nil || last == nil {
		return nil
	}
	// round2 rounds half up only for positive numbers; a change is often negative.
	v := math.Round((*last-*first)*100) / 100
	return &v
}

// Monthly reports whether the trend is per month; it is per year otherwise.
func (p ProcedureTime) Monthly() bool { return len(p.Trend) > 0 && len(p.Trend[0].Period) > 4 }

// monthlyTrend: a period of at most one year shows its months, a longer one its years,
// so a trend has a handful to a dozen points either way.
func monthlyTrend(from, to calendar.Date) bool {
	return to.Before(calendar.NewDate(from.Year+1, from.Month, from.Day))
}

// ProcessingTimes returns, per procedure, the dossiers finished in [q.From, q.To] as
// sc may see them (as Stats does), their average working days used against the
// statutory time and its trend; the procedures with most dossiers first.
//
// It sums dossier_daily, which holds per day, unit and procedure the dossiers resolved
// and the sum and count of their days used (migration 0013): a year is a few thousand
// rows. Counting the dossiers themselves, even from the covering index
// dossiers_timing, read every dossier finished in the period, 0.1-0.15 s a year at
// 1,000,000 dossiers on SQLite; BenchmarkProcessingTimes (500,000 dossiers over five
// years) went from 65 ms to 0.9 ms a year and from 378 ms to 3.4 ms for the five.
// The count is of every finished dossier, as the resolved figures of Stats are; the
// average is over those with days used.
func (s *Store) ProcessingTimes(ctx context.Context, sc auth.Scope, q StatsQuery) ([]ProcedureTime, error) {
	sq := sqlQuery{alias: "g"}
	if !sq.scope(sc, q.UnitID, q.Field) {
		return nil, nil
	}
	sq.and("g.day >= " + sq.arg(q.From.String()) + " AND g.day <= " + sq.arg(q.To.String()))
	// The day is 'YYYY-MM-DD' text: its first 4 or 7 characters are the year or the
	// month, in both databases, where date functions differ. A literal length, not an
	// argument: PostgreSQL must know SUBSTR's types.
	bucket := "SUBSTR(g.day, 1, 4)"
	if monthlyTrend(q.From, q.To) {
		bucket = "SUBSTR(g.day, 1, 7)"
	}
	// A row of dossier_daily may hold only dossiers received that day, or nothing any
	// more once an import has moved its dossiers elsewhere: a group with nothing
	// resolved is no point of the trend. The catalogue is joined to the groups.
	resolved := "SUM(g.resolved_early + g.resolved_on_time + g.resolved_late)"
	query := "SELECT t.procedure_id, p.code, p.name, p.statutory_days, t.period, t.n, t.days, t.with_days FROM (" +
		"SELECT g.procedure_id, " + bucket + " AS period, " + resolved + " AS n, SUM(g.days_used_sum) AS days, " +
		"SUM(g.days_used_count) AS with_days FROM dossier_daily g" + sq.clause() + " GROUP BY g.procedure_id, " + bucket +
		" HAVING " + resolved + " > 0) t JOIN procedures p ON p.id = t.procedure_id"
	byID := map[int64]*ProcedureTime{}
	err := s.each(ctx, query, sq.args, func(rows *sql.Rows) error {
		var id int64
		var code, name, period string
		var statutory sql.NullFloat64
		var n, days, withDays int
		if err := rows.Scan(&id, &code, &name, &statutory, &period, &n, &days, &withDays); err != nil {
			return err
		}
		p := byID[id]
		if p == nil {
			p = &ProcedureTime{ProcedureID: id, ProcedureCode: code, ProcedureName: name}
			if statutory.Valid {
				v := statutory.Float64
				p.StatutoryDays = &v
			}
			byID[id] = p
		}
		p.Count += n
		p.days += days
		p.withDays += withDays
		p.Trend = append(p.Trend, TimePoint{Period: period, Count: n, AvgDays: average(days, withDays)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ProcedureTime, 0, len(byID))
	for _, p := range byID {
		sort.Slice(p.Trend, func(i, j int) bool { return p.Trend[i].Period < p.Trend[j].Period })
		p.AvgDays = average(p.days, p.withDays)
		if p.AvgDays != nil && p.StatutoryDays != nil && *p.StatutoryDays > 0 {
			v := round2(100 * *p.AvgDays / *p.StatutoryDays)
			p.Share = &v
		}
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].ProcedureCode < out[j].ProcedureCode
	})
	return out, nil
}

// average is sum ÷ n with two decimals, nil when n is 0.
func average(sum, n int) *float64 {
	if n == 0 {
		return nil
	}
	v := round2(float64(sum) / float64(n))
	return &v
}

// OnlineShare is the dossiers received online ÷ all received in the period, in
// percent with two decimals; nil when nothing was received, which is not 0%.
func (s Stats) OnlineShare() *float64 {
	if s.ReceivedTotal == 0 {
		return nil
	}
	v := round2(100 * float64(s.ReceivedOnline) / float64(s.ReceivedTotal))
	return &v
}

// PeriodLabel writes a trend point's period the Vietnamese way: 03/2026 or 2026, as the trend chart does.
func (t TimePoint) PeriodLabel() string {
	if len(t.Period) == 7 {
		return t.Period[5:] + "/" + t.Period[:4]
	}
	return t.Period
}
