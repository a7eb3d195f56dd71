package dossier

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// The table dossier_daily holds, per day, unit and procedure, the dossiers received
// (online, direct) and resolved (early, on time, late, late with an apology) that
// day, and the sum and count of the working days used by those resolved (migration
// 0013, for ProcessingTimes): the additive figures of Biểu II.06a and of the
// processing times, summed over a period instead of counted dossier by dossier. Only the import writes dossiers, and it adds to the table what
// it adds to dossiers in the same transaction.

// dayKey is one row of dossier_daily.
type dayKey struct {
	day        string
	unit, proc int64
}

// dayCounts are the figures of one row, in the order of dailyColumns.
type dayCounts [8]int

const dailyColumns = "received_online, received_direct, resolved_early, resolved_on_time, resolved_late, late_with_apology, " +
	"days_used_sum, days_used_count"

// nDaily is the number of columns of dailyColumns, the figures of a row.
const nDaily = len(dayCounts{})

// dailyDelta is what an import changes in dossier_daily, accumulated in memory over
// the whole import and written once at its end.
type dailyDelta map[deltaKey]*dayCounts

// deltaKey is a dayKey with the day as a date, which needs no text per row.
type deltaKey struct {
	day        calendar.Date
	unit, proc int64
}

// add counts the dossier in (sign 1) or out (sign -1) of its days.
func (m dailyDelta) add(d *Dossier, sign int) {
	at := func(day calendar.Date) *dayCounts {
		k := deltaKey{day, d.UnitID, d.ProcedureID}
		c := m[k]
		if c == nil {
			c = &dayCounts{}
			m[k] = c
		}
		return c
	}
	r := at(d.ReceivedOn)
	if d.Channel.Online() {
		r[0] += sign
	} else {
		r[1] += sign
	}
	if !d.Finished() {
		return
	}
	f := at(d.FinishedOn)
	switch d.Result {
	case Early:
		f[2] += sign
	case OnTime:
		f[3] += sign
	default:
		f[4] += sign
		if d.Apology {
			f[5] += sign
		}
	}
	// The days used go with the resolved count of the same day, unit and procedure,
	// so that an average over any days of dossier_daily is that of their dossiers. A
	// dossier without days used counts as resolved but not here, as COUNT(days_used).
	if d.DaysUsed != nil {
		f[6] += sign * *d.DaysUsed
		f[7] += sign
	}
}

// dailyBatch rows go into one statement: the table is small, and its upsert runs
// once per day, unit and procedure an import touches.
const dailyBatch = 50

// apply adds the deltas to dossier_daily; anonymous writes "?" parameters (SQLite).
func (m dailyDelta) apply(ctx context.Context, tx *sql.Tx, anonymous bool) error {
	keys := make([]deltaKey, 0, len(m))
	for k, c := range m {
		if *c != (dayCounts{}) {
			keys = append(keys, k)
		}
	}
	// One order for every import: two imports at once on PostgreSQL then take the
	// rows' locks in the same order and one waits for the other, where in the order
	// of a map they would deadlock on rows of the same day.
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		switch {
		case a.day != b.day:
			return a.day.Before(b.day)
		case a.unit != b.unit:
			return a.unit < b.unit
		}
		return a.proc < b.proc
	})
	var set []string
	for _, c := range strings.Split(dailyColumns, ", ") {
		set = append(set, c+" = dossier_daily."+c+" + excluded."+c)
	}
	tail := " ON CONFLICT (day, unit_id, procedure_id) DO UPDATE SET " + strings.Join(set, ", ")
	for batch := range slices.Chunk(keys, dailyBatch) {
		args := make([]any, 0, (3+nDaily)*len(batch))
		rows := make([]string, len(batch))
		for i, k := range batch {
			rows[i] = "(" + params(len(args)+1, 3+nDaily, anonymous) + ")"
			args = append(args, dateText(k.day), k.unit, k.proc)
			for _, v := range m[k] {
				args = append(args, v)
			}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO dossier_daily (day, unit_id, procedure_id, "+dailyColumns+") VALUES "+
			strings.Join(rows, ", ")+tail, args...); err != nil {
			return fmt.Errorf("dossier: daily figures: %w", err)
		}
	}
	return nil
}

// recountDaily is dossier_daily computed from the dossiers themselves.
const recountDaily = `SELECT day, unit_id, procedure_id, SUM(ro), SUM(rd), SUM(e), SUM(o), SUM(l), SUM(la), SUM(du), SUM(dn) FROM (
	SELECT received_on AS day, unit_id, procedure_id,
		CASE WHEN channel IN ('online_full', 'online_partial') THEN 1 ELSE 0 END AS ro,
		CASE WHEN channel IN ('online_full', 'online_partial') THEN 0 ELSE 1 END AS rd,
		0 AS e, 0 AS o, 0 AS l, 0 AS la, 0 AS du, 0 AS dn
	FROM dossiers
	UNION ALL
	SELECT finished_on, unit_id, procedure_id, 0, 0,
		CASE WHEN result = 'early' THEN 1 ELSE 0 END,
		CASE WHEN result = 'on_time' THEN 1 ELSE 0 END,
		CASE WHEN result = 'early' OR result = 'on_time' THEN 0 ELSE 1 END,
		CASE WHEN result = 'early' OR result = 'on_time' OR NOT apology THEN 0 ELSE 1 END,
		COALESCE(days_used, 0),
		CASE WHEN days_used IS NULL THEN 0 ELSE 1 END
	FROM dossiers WHERE finished_on IS NOT NULL
) x GROUP BY day, unit_id, procedure_id`

// RebuildDaily recomputes dossier_daily, and the longest span in dossier_span, from
// the dossiers, for an operator who finds CheckDaily reporting a difference.
func (s *Store) RebuildDaily(ctx context.Context) error {
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM dossier_daily"); err != nil {
			return fmt.Errorf("dossier: rebuild daily figures: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO dossier_daily (day, unit_id, procedure_id, "+dailyColumns+") "+recountDaily); err != nil {
			return fmt.Errorf("dossier: rebuild daily figures: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE dossier_span SET max_days = ("+longestSpan+")"); err != nil {
			return fmt.Errorf("dossier: rebuild longest span: %w", err)
		}
		return nil
	})
}

// CheckDaily compares dossier_daily, and the longest span in dossier_span, with a
// recount from the dossiers and describes each day, unit and procedure where they
// differ; none when both are right. It reads every dossier: a check for tests and
// operators, not for pages.
func (s *Store) CheckDaily(ctx context.Context) ([]string, error) {
	stored, err := readDaily(ctx, s.d.Read(), "SELECT day, unit_id, procedure_id, "+dailyColumns+" FROM dossier_daily")
	if err != nil {
		return nil, err
	}
	recount, err := readDaily(ctx, s.d.Read(), recountDaily)
	if err != nil {
		return nil, err
	}
	var out []string
	for k, c := range recount {
		if stored[k] != c {
			out = append(out, fmt.Sprintf("%s unit %d procedure %d: stored %v, recount %v", k.day, k.unit, k.proc, stored[k], c))
		}
	}
	for k, c := range stored {
		if _, ok := recount[k]; !ok && c != (dayCounts{}) {
			out = append(out, fmt.Sprintf("%s unit %d procedure %d: stored %v, no dossiers", k.day, k.unit, k.proc, c))
		}
	}
	sort.Strings(out)
	span, err := s.checkSpan(ctx)
	if err != nil {
		return nil, err
	}
	if span != "" {
		out = append(out, span)
	}
	return out, nil
}

func readDaily(ctx context.Context, q db.Querier, query string) (map[dayKey]dayCounts, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("dossier: read daily figures: %w", err)
	}
	defer rows.Close()
	out := map[dayKey]dayCounts{}
	for rows.Next() {
		var k dayKey
		var c dayCounts
		dest := []any{&k.day, &k.unit, &k.proc}
		for i := range c {
			dest = append(dest, &c[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("dossier: read daily figures: %w", err)
		}
		out[k] = c
	}
	return out, rows.Err()
}
