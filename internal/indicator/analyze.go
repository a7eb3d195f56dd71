package indicator

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
)

// sum is a portable SUM of an integer expression: 0 over no rows, and a BIGINT on
// PostgreSQL, where SUM of a BIGINT column is NUMERIC.
func sum(expr string) string { return "CAST(COALESCE(SUM(" + expr + "), 0) AS BIGINT)" }

const billion = 1_000_000_000

// bands are the distributions' bands: a label and the condition a report meets.
// indicator_sums has a column for each (b0…b10), so changing them needs a migration.
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

// trendYears is how many years the trend shows, the analysed one last.
const trendYears = 5

// Analyze computes the analysis of one period from the period's sums (rebuilt first
// if the reports or the enterprises changed since) and ranks the reports through
// the measure's index.
func (s *Store) Analyze(ctx context.Context, q Query) (*Analysis, error) {
	if q.Rank == "" {
		q.Rank = RankRevenue
	}
	a := &Analysis{Query: q, Previous: q.Period.Previous()}
	first := q.Period.Year - trendYears + 1
	if err := s.ensureSums(ctx, q.Period, first); err != nil {
		return nil, err
	}
	rows, err := s.readSums(ctx, q.Period.Half, first, q.Period.Year)
	if err != nil {
		return nil, err
	}
	a.assemble(rows)
	var bounds [2]sql.NullInt64
	if err := s.d.Read().QueryRowContext(ctx, "SELECT MIN(year), MAX(year) FROM indicators").Scan(&bounds[0], &bounds[1]); err != nil {
		return nil, fmt.Errorf("indicator: years: %w", err)
	}
	a.FirstYear, a.LastYear = int(bounds[0].Int64), int(bounds[1].Int64)
	for _, top := range []bool{true, false} {
		if err := s.ranking(ctx, a, top); err != nil {
			return nil, fmt.Errorf("indicator: rank %s: %w", q.Period, err)
		}
	}
	return a, nil
}

// sumRow is one row of indicator_sums.
type sumRow struct {
	year              int
	sector, ownership string
	totals            Totals
	bands             []int
	compliance        Compliance
}

func (s *Store) readSums(ctx context.Context, half, first, last int) ([]sumRow, error) {
	rows, err := s.d.Read().QueryContext(ctx, "SELECT year, sector, ownership, "+sumNames()+
		" FROM indicator_sums WHERE half = $1 AND year >= $2 AND year <= $3", half, first, last)
	if err != nil {
		return nil, fmt.Errorf("indicator: sums: %w", err)
	}
	defer rows.Close()
	var out []sumRow
	for rows.Next() {
		r := sumRow{bands: make([]int, countBands())}
		t, c := &r.totals, &r.compliance
		dest := []any{&r.year, &r.sector, &r.ownership, &t.Enterprises, &t.Revenue, &t.Profit, &t.BudgetPaid, &t.Employees,
			&t.Investment, &t.IncomeMass, &t.Now.Enterprises, &t.Now.Revenue, &t.Now.Profit, &t.Now.BudgetPaid, &t.Now.Employees,
			&t.Before.Revenue, &t.Before.Profit, &t.Before.BudgetPaid, &t.Before.Employees}
		for i := range r.bands {
			dest = append(dest, &r.bands[i])
		}
		dest = append(dest, &c.Tax, &c.Insurance, &c.Safety, &c.Environment, &c.Full)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("indicator: sums: %w", err)
		}
		t.Before.Enterprises, c.Reported = t.Now.Enterprises, t.Enterprises
		out = append(out, r)
	}
	return out, rows.Err()
}

// assemble makes the analysis of the sums: the whole and the ownership classes from
// the rows that count each enterprise once, the sectors from theirs, the spread and
// compliance from the rows the query narrows to, the trend from each year's whole.
func (a *Analysis) assemble(rows []sumRow) {
	classes := map[string]*Totals{}
	sectors := map[enterprise.Sector]*Totals{}
	trend := map[int]*Sums{}
	spread := make([]int, countBands())
	var comp Compliance
	for _, r := range rows {
		if r.sector == "" {
			if trend[r.year] == nil {
				trend[r.year] = &Sums{}
			}
			trend[r.year].add(r.totals.Sums)
		}
		if r.year != a.Period.Year {
			continue
		}
		class := ClassOf(enterprise.Ownership(r.ownership))
		if r.sector == "" {
			if classes[class] == nil {
				classes[class] = &Totals{}
			}
			classes[class].add(r.totals)
			a.All.add(r.totals)
		} else {
			sec := enterprise.Sector(r.sector)
			if sectors[sec] == nil {
				sectors[sec] = &Totals{}
			}
			sectors[sec].add(r.totals)
		}
		if r.sector == string(a.Sector) && (a.Class == "" || a.Class == class) {
			for i, n := range r.bands {
				spread[i] += n
			}
			comp.add(r.compliance)
		}
	}
	for _, c := range Classes {
		if t, ok := classes[c]; ok {
			a.ByOwnership = append(a.ByOwnership, Group{Key: c, Label: ClassLabel(c), Totals: *t})
		}
	}
	for _, sec := range enterprise.Sectors {
		if t, ok := sectors[sec]; ok {
			a.BySector = append(a.BySector, Group{Key: string(sec), Label: sec.Label(), Totals: *t})
		}
	}
	n := 0
	for _, d := range bands {
		dist := Distribution{Title: d.title}
		for _, b := range d.bands {
			dist.Bands = append(dist.Bands, Band{Label: b[0], Count: spread[n]})
			n++
		}
		a.Distributions = append(a.Distributions, dist)
	}
	a.Compliance = comp
	for y := a.Period.Year - trendYears + 1; y <= a.Period.Year; y++ {
		if t, ok := trend[y]; ok && t.Enterprises > 0 {
			a.Trend = append(a.Trend, YearSums{Year: y, Sums: *t})
		}
	}
}

func countBands() int {
	n := 0
	for _, d := range bands {
		n += len(d.bands)
	}
	return n
}

func (c *Compliance) add(o Compliance) {
	c.Reported += o.Reported
	c.Tax += o.Tax
	c.Insurance += o.Insurance
	c.Safety += o.Safety
	c.Environment += o.Environment
	c.Full += o.Full
}

var rankBy = map[string]string{RankRevenue: "i.revenue", RankProfit: "i.profit", RankBudget: "i.budget_paid",
	RankProductivity: "i.productivity"}

// TopN is how many enterprises the ranking shows at each end.
const TopN = 10

// ranking lists the ten reports of the period highest (top) or lowest by the query's
// measure, within its sector and ownership class; productivity leaves out reports
// without workers. The measure's index gives the order, so only a page is read.
func (s *Store) ranking(ctx context.Context, a *Analysis, top bool) error {
	by, ok := rankBy[a.Rank]
	if !ok {
		return fmt.Errorf("no measure %q", a.Rank)
	}
	cond := "i.year = $1 AND i.half = $2 AND " + by + " IS NOT NULL"
	args := []any{a.Period.Year, a.Period.Half}
	if a.Sector != "" {
		args = append(args, string(a.Sector))
		cond += fmt.Sprintf(" AND i.enterprise_id IN (SELECT s.enterprise_id FROM enterprise_sectors s WHERE s.sector = $%d)", len(args))
	}
	if a.Class != "" {
		owns := ownershipsOf(a.Class)
		cond += " AND e.ownership IN (" + db.Placeholders(len(args)+1, len(owns)) + ")"
		args = append(args, owns...)
	}
	dir := "DESC"
	if !top {
		dir = "ASC"
	}
	rows, err := s.d.Read().QueryContext(ctx, "SELECT "+indicatorColumns+", "+by+fromIndicators+" WHERE "+cond+
		fmt.Sprintf(" ORDER BY %s %s, i.id LIMIT %d", by, dir, TopN), args...)
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
