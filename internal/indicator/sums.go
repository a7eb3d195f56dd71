package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/db"
)

// sumColumns are the columns of indicator_sums after the key, each with how it is
// summed from a period's reports (i) and, where the same enterprise reported the
// previous period, that report (p).
var sumColumns = func() [][2]string {
	cols := [][2]string{{"enterprises", "COUNT(*)"},
		{"revenue", sum("i.revenue")}, {"profit", sum("i.profit")}, {"budget_paid", sum("i.budget_paid")},
		{"employees", sum("i.employees")}, {"investment", sum("i.investment")}, {"income_mass", sum("i.avg_income * i.employees")},
		{"matched", sum("CASE WHEN p.id IS NULL THEN 0 ELSE 1 END")},
		{"now_revenue", sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.revenue END")},
		{"now_profit", sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.profit END")},
		{"now_budget_paid", sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.budget_paid END")},
		{"now_employees", sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.employees END")},
		{"before_revenue", sum("COALESCE(p.revenue, 0)")}, {"before_profit", sum("COALESCE(p.profit, 0)")},
		{"before_budget_paid", sum("COALESCE(p.budget_paid, 0)")}, {"before_employees", sum("COALESCE(p.employees, 0)")},
	}
	n := 0
	for _, d := range bands {
		for _, b := range d.bands {
			cols = append(cols, [2]string{fmt.Sprintf("b%d", n), sum("CASE WHEN " + b[1] + " THEN 1 ELSE 0 END")})
			n++
		}
	}
	met := []string{"i.tax_arrears = 0", "i.insurance_full = $3 AND i.insurance_arrears = 0", "i.accidents = 0", "i.violations = 0"}
	for n, name := range []string{"tax_ok", "insurance_ok", "safety_ok", "environment_ok"} {
		cols = append(cols, [2]string{name, sum("CASE WHEN " + met[n] + " THEN 1 ELSE 0 END")})
	}
	return append(cols, [2]string{"compliant", sum("CASE WHEN " + strings.Join(met, " AND ") + " THEN 1 ELSE 0 END")})
}()

func sumNames() string {
	names := make([]string, len(sumColumns))
	for i, c := range sumColumns {
		names[i] = c[0]
	}
	return strings.Join(names, ", ")
}

func sumExprs() string {
	exprs := make([]string, len(sumColumns))
	for i, c := range sumColumns {
		exprs[i] = c[1]
	}
	return strings.Join(exprs, ", ")
}

// rebuildSQL fills a period's sums ($1 year, $2 half, $3 true, $4 the year before):
// every enterprise once by ownership, then by sector and ownership.
var rebuildSQL = func() []string {
	from := " FROM indicators i JOIN enterprises e ON e.id = i.enterprise_id"
	prev := " LEFT JOIN indicators p ON p.enterprise_id = i.enterprise_id AND p.year = $4 AND p.half = $2 WHERE i.year = $1 AND i.half = $2"
	head := "INSERT INTO indicator_sums (year, half, sector, ownership, " + sumNames() + ") SELECT CAST($1 AS INTEGER), CAST($2 AS INTEGER), "
	return []string{
		head + "'', e.ownership, " + sumExprs() + from + prev + " GROUP BY e.ownership",
		head + "s.sector, e.ownership, " + sumExprs() + from + " JOIN enterprise_sectors s ON s.enterprise_id = i.enterprise_id" + prev +
			" GROUP BY s.sector, e.ownership",
	}
}()

// bumpPeriods records, inside the transaction that changed them, that the periods'
// reports changed, so that their sums (and the next year's growth) are rebuilt.
func bumpPeriods(ctx context.Context, tx *sql.Tx, ps ...Period) error {
	seen := map[Period]bool{}
	for _, p := range ps {
		if seen[p] {
			continue
		}
		seen[p] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_periods (year, half, version) VALUES ($1, $2, 1)
			ON CONFLICT (year, half) DO UPDATE SET version = indicator_periods.version + 1`, p.Year, p.Half); err != nil {
			return fmt.Errorf("indicator: period %s changed: %w", p, err)
		}
	}
	return nil
}

// periodState is what a period's sums were built from, against what they would be
// built from now.
type periodState struct {
	version, sumsVersion, sumsPrevious int64
	sumsEnterprises                    string
}

// enterprisesState is the last audit entry about an enterprise: every change of an
// enterprise, its sectors or its ownership writes one in its transaction. Entries are
// numbered in the order they commit, on both databases (they are inserted at commit,
// in their place in the audit chain).
func enterprisesState(ctx context.Context, q db.Querier) (string, error) {
	var last sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT MAX(id) FROM audit_log WHERE entity = $1", "enterprise").Scan(&last); err != nil {
		return "", fmt.Errorf("indicator: enterprises' state: %w", err)
	}
	return fmt.Sprint(last.Int64), nil
}

// periodStates reads the state of the periods of a kind from year first to last.
func periodStates(ctx context.Context, q db.Querier, half, first, last int) (map[int]periodState, error) {
	rows, err := q.QueryContext(ctx, `SELECT year, version, sums_version, sums_previous, sums_enterprises FROM indicator_periods
		WHERE half = $1 AND year >= $2 AND year <= $3`, half, first, last)
	if err != nil {
		return nil, fmt.Errorf("indicator: periods: %w", err)
	}
	defer rows.Close()
	out := map[int]periodState{}
	for rows.Next() {
		var y int
		var st periodState
		if err := rows.Scan(&y, &st.version, &st.sumsVersion, &st.sumsPrevious, &st.sumsEnterprises); err != nil {
			return nil, fmt.Errorf("indicator: periods: %w", err)
		}
		out[y] = st
	}
	return out, rows.Err()
}

// stateOf is a period's state; a period never written has version 0 and no sums.
func stateOf(states map[int]periodState, year int) periodState {
	if st, ok := states[year]; ok {
		return st
	}
	return periodState{sumsVersion: -1, sumsPrevious: -1}
}

// fresh says whether a period's sums were built from its reports as they are; full
// also asks for the previous period's and the enterprises', which the growth and the
// breakdowns depend on, where the trend's totals do not.
func fresh(states map[int]periodState, year int, ents string, full bool) bool {
	st := stateOf(states, year)
	if st.sumsVersion != st.version {
		return false
	}
	return !full || (st.sumsPrevious == stateOf(states, year-1).version && st.sumsEnterprises == ents)
}

// ensureSums rebuilds the sums of the years of a kind of period that are out of
// date: the analysed year fully, the trend's years for their own reports. It is a
// write on a read, of derived data only; two processes doing it at once write the
// same rows, one after the other.
func (s *Store) ensureSums(ctx context.Context, p Period, trendFrom int) error {
	states, err := periodStates(ctx, s.d.Read(), p.Half, trendFrom-1, p.Year)
	if err != nil {
		return err
	}
	ents, err := enterprisesState(ctx, s.d.Read())
	if err != nil {
		return err
	}
	analyzed := false
	for y := trendFrom; y <= p.Year; y++ {
		if fresh(states, y, ents, y == p.Year) {
			continue
		}
		if !analyzed {
			// After a large import of enterprises, before autovacuum got to them.
			if err := s.d.AnalyzeStale(ctx, s.d.Write(), sourceTables...); err != nil {
				return err
			}
			analyzed = true
		}
		if err := s.rebuild(ctx, Period{Year: y, Half: p.Half}); err != nil {
			return err
		}
	}
	return nil
}

// sourceTables are the tables the sums are built from.
var sourceTables = []string{"indicators", "enterprises", "enterprise_sectors"}

// rebuild sums a period's reports again in a transaction of its own.
func (s *Store) rebuild(ctx context.Context, p Period) error {
	return s.d.Tx(ctx, func(tx *sql.Tx) error { return rebuildIn(ctx, tx, p) })
}

// rebuildIn sums a period's reports again inside tx, after locking the period's row
// and checking that no one did it meanwhile.
func rebuildIn(ctx context.Context, tx *sql.Tx, p Period) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_periods (year, half) VALUES ($1, $2)
		ON CONFLICT (year, half) DO UPDATE SET version = indicator_periods.version`, p.Year, p.Half); err != nil {
		return fmt.Errorf("indicator: lock period %s: %w", p, err)
	}
	// The versions and the enterprises' state are read before the reports, so
	// that a write committed meanwhile leaves the sums marked out of date.
	states, err := periodStates(ctx, tx, p.Half, p.Year-1, p.Year)
	if err != nil {
		return err
	}
	ents, err := enterprisesState(ctx, tx)
	if err != nil {
		return err
	}
	if fresh(states, p.Year, ents, true) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM indicator_sums WHERE year = $1 AND half = $2", p.Year, p.Half); err != nil {
		return fmt.Errorf("indicator: rebuild %s: %w", p, err)
	}
	for _, q := range rebuildSQL {
		if _, err := tx.ExecContext(ctx, q, p.Year, p.Half, true, p.Year-1); err != nil {
			return fmt.Errorf("indicator: rebuild %s: %w", p, err)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE indicator_periods SET sums_version = $1, sums_previous = $2, sums_enterprises = $3
		WHERE year = $4 AND half = $5`, stateOf(states, p.Year).version, stateOf(states, p.Year-1).version, ents, p.Year, p.Half)
	return err
}
