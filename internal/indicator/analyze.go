package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/thidua/thidua/internal/enterprise"
)

// sum is a portable SUM of an integer expression: 0 over no rows, and a BIGINT on
// PostgreSQL, where SUM of a BIGINT column is NUMERIC.
func sum(expr string) string { return "CAST(COALESCE(SUM(" + expr + "), 0) AS BIGINT)" }

// totalsColumns sum a period's reports (i) and, for the enterprises that reported
// the period before too (p), both periods' main figures.
var totalsColumns = strings.Join([]string{"COUNT(*)",
	sum("i.revenue"), sum("i.profit"), sum("i.budget_paid"), sum("i.employees"), sum("i.investment"), sum("i.avg_income * i.employees"),
	sum("CASE WHEN p.id IS NULL THEN 0 ELSE 1 END"), sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.revenue END"),
	sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.profit END"), sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.budget_paid END"),
	sum("CASE WHEN p.id IS NULL THEN 0 ELSE i.employees END"),
	sum("COALESCE(p.revenue, 0)"), sum("COALESCE(p.profit, 0)"), sum("COALESCE(p.budget_paid, 0)"), sum("COALESCE(p.employees, 0)"),
}, ", ")

// withPrevious joins each report of the period ($1 year, $3 half) to the same
// enterprise's report a year before ($2).
const withPrevious = ` LEFT JOIN indicators p ON p.enterprise_id = i.enterprise_id AND p.year = $2 AND p.half = $3
	WHERE i.year = $1 AND i.half = $3`

func scanTotals(row interface{ Scan(...any) error }, key *string) (Totals, error) {
	var t Totals
	dest := []any{&t.Enterprises, &t.Revenue, &t.Profit, &t.BudgetPaid, &t.Employees, &t.Investment, &t.IncomeMass,
		&t.Now.Enterprises, &t.Now.Revenue, &t.Now.Profit, &t.Now.BudgetPaid, &t.Now.Employees,
		&t.Before.Revenue, &t.Before.Profit, &t.Before.BudgetPaid, &t.Before.Employees}
	if key != nil {
		dest = append([]any{key}, dest...)
	}
	err := row.Scan(dest...)
	t.Before.Enterprises = t.Now.Enterprises
	return t, err
}

// Analyze computes the analysis of one period. Its queries are independent and run
// side by side on the read pool.
func (s *Store) Analyze(ctx context.Context, q Query) (*Analysis, error) {
	if q.Rank == "" {
		q.Rank = RankRevenue
	}
	a := &Analysis{Query: q, Previous: q.Period.Previous()}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for n, part := range []func() error{
		func() error { return s.sectorTotals(ctx, a) },
		func() error { return s.ownershipTotals(ctx, a) },
		func() error { return s.trend(ctx, a) },
		func() error { return s.spread(ctx, a) },
		func() error { return s.ranking(ctx, a, true) },
		func() error { return s.ranking(ctx, a, false) },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[n] = part()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("indicator: analyze %s: %w", q.Period, err)
		}
	}
	return a, nil
}

func (s *Store) periodArgs(p Period) []any { return []any{p.Year, p.Year - 1, p.Half} }

func (s *Store) sectorTotals(ctx context.Context, a *Analysis) error {
	rows, err := s.d.Read().QueryContext(ctx, "SELECT s.sector, "+totalsColumns+
		" FROM indicators i JOIN enterprise_sectors s ON s.enterprise_id = i.enterprise_id"+withPrevious+" GROUP BY s.sector",
		s.periodArgs(a.Period)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	got := map[enterprise.Sector]Totals{}
	for rows.Next() {
		var key string
		t, err := scanTotals(rows, &key)
		if err != nil {
			return err
		}
		got[enterprise.Sector(key)] = t
	}
	for _, sec := range enterprise.Sectors {
		if t, ok := got[sec]; ok {
			a.BySector = append(a.BySector, Group{Key: string(sec), Label: sec.Label(), Totals: t})
		}
	}
	return rows.Err()
}

// ownershipTotals groups by ownership class; the classes partition the
// enterprises, so their sum is the whole.
func (s *Store) ownershipTotals(ctx context.Context, a *Analysis) error {
	rows, err := s.d.Read().QueryContext(ctx, "SELECT e.ownership, "+totalsColumns+
		" FROM indicators i JOIN enterprises e ON e.id = i.enterprise_id"+withPrevious+" GROUP BY e.ownership",
		s.periodArgs(a.Period)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	got := map[string]*Totals{}
	for rows.Next() {
		var key string
		t, err := scanTotals(rows, &key)
		if err != nil {
			return err
		}
		c := ClassOf(enterprise.Ownership(key))
		if got[c] == nil {
			got[c] = &Totals{}
		}
		got[c].add(t)
		a.All.add(t)
	}
	for _, c := range Classes {
		if t, ok := got[c]; ok {
			a.ByOwnership = append(a.ByOwnership, Group{Key: c, Label: ClassLabel(c), Totals: *t})
		}
	}
	return rows.Err()
}

// trend sums the same kind of period over the five years up to the one asked for,
// and finds the years with any figures.
func (s *Store) trend(ctx context.Context, a *Analysis) error {
	q := s.d.Read()
	var first, last sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT MIN(year), MAX(year) FROM indicators").Scan(&first, &last); err != nil {
		return err
	}
	a.FirstYear, a.LastYear = int(first.Int64), int(last.Int64)
	rows, err := q.QueryContext(ctx, "SELECT i.year, COUNT(*), "+sum("i.revenue")+", "+sum("i.profit")+", "+sum("i.budget_paid")+", "+
		sum("i.employees")+" FROM indicators i WHERE i.year >= $1 AND i.year <= $2 AND i.half = $3 GROUP BY i.year ORDER BY i.year",
		a.Period.Year-4, a.Period.Year, a.Period.Half)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var y YearSums
		if err := rows.Scan(&y.Year, &y.Enterprises, &y.Revenue, &y.Profit, &y.BudgetPaid, &y.Employees); err != nil {
			return err
		}
		a.Trend = append(a.Trend, y)
	}
	return rows.Err()
}

// narrowed is the condition on a period's reports (i, joined to enterprises e) of
// the query's sector and ownership class, with its arguments after the period's.
func narrowed(q Query) (string, []any) {
	cond := "i.year = $1 AND i.half = $2"
	args := []any{q.Period.Year, q.Period.Half}
	if q.Sector != "" {
		args = append(args, string(q.Sector))
		cond += fmt.Sprintf(" AND i.enterprise_id IN (SELECT s.enterprise_id FROM enterprise_sectors s WHERE s.sector = $%d)", len(args))
	}
	if q.Class != "" {
		owns := ownershipsOf(q.Class)
		cond += " AND e.ownership IN (" + placeholders(len(args)+1, len(owns)) + ")"
		args = append(args, owns...)
	}
	return cond, args
}

const billion = 1_000_000_000

// bands are the distributions' bands: a label and the condition a report meets.
var bands = []struct {
	title string
	bands [][2]string
}{
	{"Theo doanh thu", [][2]string{
		{"Dưới 3 tỷ đồng", fmt.Sprintf("i.revenue < %d", 3*billion)},
		{"Từ 3 đến dưới 50 tỷ", fmt.Sprintf("i.revenue >= %d AND i.revenue < %d", 3*billion, 50*billion)},
		{"Từ 50 đến dưới 200 tỷ", fmt.Sprintf("i.revenue >= %d AND i.revenue < %d", 50*billion, 200*billion)},
		{"Từ 200 tỷ trở lên", fmt.Sprintf("i.revenue >= %d", 200*billion)}}},
	{"Theo số lao động", [][2]string{
		{"Đến 10 người", "i.employees <= 10"}, {"Từ 11 đến 100", "i.employees > 10 AND i.employees <= 100"},
		{"Từ 101 đến 200", "i.employees > 100 AND i.employees <= 200"}, {"Trên 200 người", "i.employees > 200"}}},
	{"Theo kết quả kinh doanh", [][2]string{
		{"Thua lỗ", "i.profit < 0"}, {"Hòa vốn, lãi dưới 5% doanh thu", "i.profit >= 0 AND i.profit * 20 < i.revenue"},
		{"Lãi từ 5% doanh thu trở lên", "i.profit >= 0 AND i.profit * 20 >= i.revenue"}}},
}

// compliance are the conditions of each obligation met; $n is true.
var compliance = []string{"i.tax_arrears = 0", "i.insurance_full = $%d AND i.insurance_arrears = 0", "i.accidents = 0", "i.violations = 0"}

// spread counts the narrowed reports in each band and meeting each obligation, in
// one pass.
func (s *Store) spread(ctx context.Context, a *Analysis) error {
	cond, args := narrowed(a.Query)
	args = append(args, true)
	var met []string
	for _, c := range compliance {
		met = append(met, strings.ReplaceAll(c, "$%d", fmt.Sprintf("$%d", len(args))))
	}
	cols := []string{"COUNT(*)"}
	for _, d := range bands {
		for _, b := range d.bands {
			cols = append(cols, sum("CASE WHEN "+b[1]+" THEN 1 ELSE 0 END"))
		}
	}
	for _, m := range append(met, strings.Join(met, " AND ")) {
		cols = append(cols, sum("CASE WHEN "+m+" THEN 1 ELSE 0 END"))
	}
	counts := make([]int, len(cols))
	dest := make([]any, len(cols))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := s.d.Read().QueryRowContext(ctx, "SELECT "+strings.Join(cols, ", ")+
		" FROM indicators i JOIN enterprises e ON e.id = i.enterprise_id WHERE "+cond, args...).Scan(dest...); err != nil {
		return err
	}
	n := 1
	for _, d := range bands {
		dist := Distribution{Title: d.title}
		for _, b := range d.bands {
			dist.Bands = append(dist.Bands, Band{Label: b[0], Count: counts[n]})
			n++
		}
		a.Distributions = append(a.Distributions, dist)
	}
	c := counts[n:]
	a.Compliance = Compliance{Reported: counts[0], Tax: c[0], Insurance: c[1], Safety: c[2], Environment: c[3], Full: c[4]}
	return nil
}

var rankBy = map[string]string{RankRevenue: "i.revenue", RankProfit: "i.profit", RankBudget: "i.budget_paid",
	RankProductivity: "i.revenue / i.employees"}

// TopN is how many enterprises the ranking shows at each end.
const TopN = 10

// ranking lists the ten narrowed reports highest (top) or lowest by the query's
// measure; productivity leaves out reports without workers.
func (s *Store) ranking(ctx context.Context, a *Analysis, top bool) error {
	by, ok := rankBy[a.Rank]
	if !ok {
		return fmt.Errorf("no measure %q", a.Rank)
	}
	cond, args := narrowed(a.Query)
	if a.Rank == RankProductivity {
		cond += " AND i.employees > 0"
	}
	dir := "DESC"
	if !top {
		dir = "ASC"
	}
	rows, err := s.d.Read().QueryContext(ctx, "SELECT "+indicatorColumns+", "+by+fromIndicators+" WHERE "+cond+
		fmt.Sprintf(" ORDER BY %s %s, e.sort_name, i.id LIMIT %d", by, dir, TopN), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r Ranked
		if r.Indicator, err = scan(rows, &r.Value); err != nil {
			return err
		}
		if top {
			a.Top = append(a.Top, r)
		} else {
			a.Bottom = append(a.Bottom, r)
		}
	}
	return rows.Err()
}
