package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/textnorm"
)

// AnyHalf in a filter lists every kind of period.
const AnyHalf = -1

// Issues a list can be narrowed to.
const (
	IssueArrears    = "arrears"    // owes tax or social insurance
	IssueAccidents  = "accidents"  // had a labour accident
	IssueViolations = "violations" // had an environmental or fire-safety violation
	IssueLoss       = "loss"       // made a loss
)

// IssueLabels name the issues in Vietnamese, in the order the filter offers them.
var IssueLabels = []struct{ Code, Label string }{
	{IssueArrears, "Còn nợ thuế hoặc bảo hiểm xã hội"},
	{IssueAccidents, "Có tai nạn lao động"},
	{IssueViolations, "Có vi phạm môi trường, PCCC"},
	{IssueLoss, "Kinh doanh thua lỗ"},
}

// Filter narrows the list; zero fields do not filter, but Half 0 is the whole year
// (AnyHalf for every period).
type Filter struct {
	Year      int
	Half      int
	Sector    enterprise.Sector
	Ownership enterprise.Ownership
	Search    string // words of the enterprise's name or tax code, accents optional
	Issue     string
	Limit     int // 50 when 0, at most MaxLimit
	Offset    int
}

// MaxLimit is the largest page a list returns.
const MaxLimit = 500

// Page is one page of a list with the number of matches in all pages.
type Page struct {
	Items  []Indicator
	Total  int
	Limit  int
	Offset int
}

func (f Filter) where(sc auth.Scope) (string, []any, bool) {
	conds := []string{"1 = 1"}
	var args []any
	add := func(c string, vs ...any) {
		for _, v := range vs {
			args = append(args, v)
			c = strings.Replace(c, "?", fmt.Sprintf("$%d", len(args)), 1)
		}
		conds = append(conds, c)
	}
	switch {
	case sc.EnterpriseID != 0:
		add("i.enterprise_id = ?", sc.EnterpriseID)
	case !sc.All:
		return "", nil, false
	}
	if f.Year != 0 {
		add("i.year = ?", f.Year)
	}
	if f.Half != AnyHalf {
		add("i.half = ?", f.Half)
	}
	if f.Sector != "" {
		add("i.enterprise_id IN (SELECT s.enterprise_id FROM enterprise_sectors s WHERE s.sector = ?)", string(f.Sector))
	}
	if f.Ownership != "" {
		add("e.ownership = ?", string(f.Ownership))
	}
	for _, w := range strings.Fields(textnorm.Fold(f.Search)) {
		add(`e.search LIKE ? ESCAPE '\'`, textnorm.LikePattern(w))
	}
	switch f.Issue {
	case IssueArrears:
		add("(i.tax_arrears > 0 OR i.insurance_arrears > 0 OR i.insurance_full = ?)", false)
	case IssueAccidents:
		add("i.accidents > 0")
	case IssueViolations:
		add("i.violations > 0")
	case IssueLoss:
		add("i.profit < 0")
	}
	return strings.Join(conds, " AND "), args, true
}

// List returns one page of the figures sc may see, the latest period first, then by
// enterprise name.
func (s *Store) List(ctx context.Context, sc auth.Scope, f Filter) (Page, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxLimit)
	f.Offset = max(f.Offset, 0)
	page := Page{Limit: f.Limit, Offset: f.Offset}
	cond, args, ok := f.where(sc)
	if !ok {
		return page, nil
	}
	q := s.d.Read()
	// The count runs beside the page on a connection of its own, and the page is
	// sorted as ids alone, its rows read afterwards: sorting ten thousand whole rows
	// to keep fifty took SQLite most of a hundred milliseconds.
	counted := make(chan error, 1)
	go func() {
		counted <- q.QueryRowContext(ctx, "SELECT COUNT(*)"+fromIndicators+" WHERE "+cond, args...).Scan(&page.Total)
	}()
	n := len(args)
	ids, err := db.IDs(ctx, q, fmt.Sprintf("SELECT i.id%s WHERE %s ORDER BY i.year DESC, i.half, e.sort_name, i.id LIMIT $%d OFFSET $%d",
		fromIndicators, cond, n+1, n+2), append(slices.Clip(args), f.Limit, f.Offset)...)
	if err != nil {
		err = fmt.Errorf("indicator: list: %w", err)
	} else {
		page.Items, err = byIDs(ctx, q, ids)
	}
	if cerr := <-counted; cerr != nil && err == nil {
		err = fmt.Errorf("indicator: count: %w", cerr)
	}
	return page, err
}

// byIDs reads the reports with the ids, a page of them, in the ids' order.
func byIDs(ctx context.Context, q db.Querier, ids []int64) ([]Indicator, error) {
	items, err := db.ByIDs(ctx, q, selectIndicator, "i.id", ids,
		func(r *sql.Rows) (Indicator, error) { return scan(r) },
		func(i Indicator) int64 { return i.ID })
	if err != nil {
		return nil, fmt.Errorf("indicator: list: %w", err)
	}
	return items, nil
}

// Missing is an active enterprise that has not reported a period.
type Missing struct {
	ID      int64
	TaxCode string
	Name    string
	Email   string
}

const missingFrom = ` FROM enterprises e WHERE e.active = $1 AND NOT EXISTS
	(SELECT 1 FROM indicators i WHERE i.enterprise_id = e.id AND i.year = $2 AND i.half = $3)`

// CountMissing counts the active enterprises that have not reported p.
func (s *Store) CountMissing(ctx context.Context, p Period) (int, error) {
	var n int
	err := s.d.Read().QueryRowContext(ctx, "SELECT COUNT(*)"+missingFrom, true, p.Year, p.Half).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("indicator: count missing: %w", err)
	}
	return n, nil
}

// MissingList returns a page of the active enterprises that have not reported p, by name.
func (s *Store) MissingList(ctx context.Context, p Period, limit, offset int) ([]Missing, error) {
	return missing(ctx, s.d.Read(), p, limit, offset)
}

func missing(ctx context.Context, q db.Querier, p Period, limit, offset int) ([]Missing, error) {
	rows, err := q.QueryContext(ctx, "SELECT e.id, e.tax_code, e.name, e.email"+missingFrom+" ORDER BY e.sort_name, e.id LIMIT $4 OFFSET $5",
		true, p.Year, p.Half, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("indicator: missing: %w", err)
	}
	defer rows.Close()
	var out []Missing
	for rows.Next() {
		var m Missing
		if err := rows.Scan(&m.ID, &m.TaxCode, &m.Name, &m.Email); err != nil {
			return nil, fmt.Errorf("indicator: missing: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// LatestYear is the latest year with figures for the kind of period, 0 when none.
func (s *Store) LatestYear(ctx context.Context, half int) (int, error) {
	var y sql.NullInt64
	if err := s.d.Read().QueryRowContext(ctx, "SELECT MAX(year) FROM indicators WHERE half = $1", half).Scan(&y); err != nil {
		return 0, fmt.Errorf("indicator: latest year: %w", err)
	}
	return int(y.Int64), nil
}
