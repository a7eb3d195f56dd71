package enterprise

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
)

// Filter narrows a list of enterprises; zero fields do not filter.
type Filter struct {
	Search    string // words found in the name, tax code, representative or e-mail, accents optional
	Sector    Sector
	Ownership Ownership
	Active    *bool
	Limit     int // 50 when 0, at most MaxLimit
	Offset    int
}

// MaxLimit is the largest page a list returns.
const MaxLimit = 500

// Page is one page of a list, with the number of matches in all pages.
type Page struct {
	Items  []Enterprise
	Total  int
	Limit  int
	Offset int
}

// where builds the conditions of f and sc; ok is false when sc sees nothing. A
// sector can be tested two ways that suit different plans: a walk in name order
// that stops after a page's worth asks of each enterprise whether it is in the
// sector (EXISTS), while counting reads the sector's enterprises once (IN). Written
// the other way round, SQLite took 25 ms to find a sector's first page and 100 ms to
// count it.
func (f Filter) where(sc auth.Scope, counting bool) (cond string, args []any, ok bool) {
	conds := []string{"1 = 1"}
	add := func(c string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(c, "?", fmt.Sprintf("$%d", len(args))))
	}
	switch {
	case sc.EnterpriseID != 0:
		add("id = ?", sc.EnterpriseID)
	case !sc.All && sc.UnitID == 0:
		return "", nil, false
	}
	for _, w := range strings.Fields(textnorm.Fold(f.Search)) {
		add(`search LIKE ? ESCAPE '\'`, textnorm.LikePattern(w))
	}
	switch {
	case f.Sector == "":
	case counting:
		add("id IN (SELECT s.enterprise_id FROM enterprise_sectors s WHERE s.sector = ?)", string(f.Sector))
	default:
		add("EXISTS (SELECT 1 FROM enterprise_sectors s WHERE s.enterprise_id = enterprises.id AND s.sector = ?)", string(f.Sector))
	}
	if f.Ownership != "" {
		add("ownership = ?", string(f.Ownership))
	}
	if f.Active != nil {
		add("active = ?", *f.Active)
	}
	return strings.Join(conds, " AND "), args, true
}

// List returns one page of the enterprises sc may see, sorted by name.
func (s *Store) List(ctx context.Context, sc auth.Scope, f Filter) (Page, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxLimit)
	f.Offset = max(f.Offset, 0)
	page := Page{Limit: f.Limit, Offset: f.Offset}
	cond, args, ok := f.where(sc, false)
	if !ok {
		return page, nil
	}
	q := s.d.Read()
	// Counting a search reads every row's search words, and so does finding the page
	// of a rare word in name order. On a connection of its own the count runs beside
	// the page, so that a page waits for one pass over the table instead of two.
	counted := make(chan error, 1)
	go func() {
		cond, args, _ := f.where(sc, true)
		counted <- q.QueryRowContext(ctx, "SELECT COUNT(*) FROM enterprises WHERE "+cond, args...).Scan(&page.Total)
	}()
	ids, err := matchingIDs(ctx, q, cond, args, f.Offset, f.Limit)
	if err == nil {
		page.Items, err = byIDs(ctx, q, ids)
	}
	if cerr := <-counted; cerr != nil && err == nil {
		err = fmt.Errorf("enterprise: count: %w", cerr)
	}
	return page, err
}

// matchingIDs returns the ids of one page of the enterprises matching cond, in name
// order. Only ids, so that the walk reads the index enterprises_list and not the
// table; byIDs then reads the page's rows.
func matchingIDs(ctx context.Context, q db.Querier, cond string, args []any, offset, limit int) ([]int64, error) {
	n := len(args)
	ids, err := db.IDs(ctx, q, fmt.Sprintf("SELECT id FROM enterprises WHERE %s ORDER BY sort_name, id LIMIT $%d OFFSET $%d",
		cond, n+1, n+2), append(slices.Clip(args), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("enterprise: list: %w", err)
	}
	return ids, nil
}

// byIDs reads the enterprises with the ids, at most a page of them, in the ids'
// order, with their sectors.
func byIDs(ctx context.Context, q db.Querier, ids []int64) ([]Enterprise, error) {
	items, err := db.ByIDs(ctx, q, selectEnterprise, "id", ids,
		func(r *sql.Rows) (Enterprise, error) { return scanEnterprise(r) },
		func(e Enterprise) int64 { return e.ID })
	if err != nil {
		return nil, fmt.Errorf("enterprise: list: %w", err)
	}
	sectors, err := loadSectors(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Sectors = sectors[items[i].ID]
	}
	return items, nil
}

// CountActive counts the enterprises taking part.
func (s *Store) CountActive(ctx context.Context) (int, error) {
	var n int
	if err := s.d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM enterprises WHERE active = $1", true).Scan(&n); err != nil {
		return 0, fmt.Errorf("enterprise: count active: %w", err)
	}
	return n, nil
}

// CountActiveBySector counts the active enterprises in each sector; an enterprise in
// two sectors counts in both.
func (s *Store) CountActiveBySector(ctx context.Context) (map[Sector]int, error) {
	rows, err := s.d.Read().QueryContext(ctx, `SELECT s.sector, COUNT(*) FROM enterprise_sectors s
		JOIN enterprises e ON e.id = s.enterprise_id WHERE e.active = $1 GROUP BY s.sector`, true)
	if err != nil {
		return nil, fmt.Errorf("enterprise: count by sector: %w", err)
	}
	defer rows.Close()
	out := map[Sector]int{}
	for rows.Next() {
		var sector string
		var n int
		if err := rows.Scan(&sector, &n); err != nil {
			return nil, fmt.Errorf("enterprise: count by sector: %w", err)
		}
		out[Sector(sector)] = n
	}
	return out, rows.Err()
}

// idBatch bounds the ids or keys in one IN list, well under both databases' limits
// on parameters.
const idBatch = 500

// loadSectors reads the sectors of many enterprises in one query per batch, in the
// plan's order.
func loadSectors(ctx context.Context, q db.Querier, ids []int64) (map[int64][]Sector, error) {
	out := make(map[int64][]Sector, len(ids))
	for batch := range slices.Chunk(ids, idBatch) {
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := q.QueryContext(ctx, "SELECT enterprise_id, sector FROM enterprise_sectors WHERE enterprise_id IN ("+
			db.Placeholders(1, len(args))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("enterprise: load sectors: %w", err)
		}
		for rows.Next() {
			var id int64
			var sector string
			if err := rows.Scan(&id, &sector); err != nil {
				rows.Close()
				return nil, fmt.Errorf("enterprise: load sectors: %w", err)
			}
			out[id] = append(out[id], Sector(sector))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("enterprise: load sectors: %w", err)
		}
	}
	for id, ss := range out {
		out[id] = sortSectors(ss)
	}
	return out, nil
}
