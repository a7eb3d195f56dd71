package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/tabular"
)

// periodKey names one enterprise's period.
type periodKey struct {
	enterprise int64
	Period
}

// existingFor reads what the enterprises reported already, a batch of enterprises
// per query.
func existingFor(ctx context.Context, q db.Querier, ents map[string]enterpriseRef) (map[periodKey]Indicator, error) {
	ids := make([]any, 0, len(ents))
	for _, e := range ents {
		ids = append(ids, e.id)
	}
	out := map[periodKey]Indicator{}
	for batch := range slices.Chunk(ids, 500) {
		rows, err := q.QueryContext(ctx, selectIndicator+" WHERE i.enterprise_id IN ("+db.Placeholders(1, len(batch))+")", batch...)
		if err != nil {
			return nil, fmt.Errorf("indicator: existing: %w", err)
		}
		for rows.Next() {
			i, err := scan(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("indicator: existing: %w", err)
			}
			out[periodKey{i.EnterpriseID, i.Period}] = i
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("indicator: existing: %w", err)
		}
	}
	return out, nil
}

// change is what an import does to one period of one enterprise.
type change struct {
	num           int
	action        tabular.Action
	before, after Indicator
}

// classify compares each row with what its enterprise reported for the period.
func classify(t *tabular.Table, cands []candidate, ents map[string]enterpriseRef, existing map[periodKey]Indicator, res *tabular.Result) []change {
	var out []change
	for _, c := range cands {
		e := ents[c.taxCode]
		in := c.in
		in.EnterpriseID, in.TaxCode, in.EnterpriseName, in.Source = e.id, e.taxCode, e.name, SourceImport
		key := fmt.Sprintf("%s, %s", c.taxCode, in.Period)
		old, found := existing[periodKey{e.id, in.Period}]
		if !found {
			res.Count(c.num, key, tabular.Create)
			out = append(out, change{num: c.num, action: tabular.Create, after: in})
			continue
		}
		if m := merge(t, old, in); !sameFigures(old, m) {
			res.Count(c.num, key, tabular.Update)
			out = append(out, change{num: c.num, action: tabular.Update, before: old, after: m})
			continue
		}
		res.Count(c.num, key, tabular.Unchanged)
	}
	return out
}

// merge keeps the stored value of every optional column the file does not have.
func merge(t *tabular.Table, old, row Indicator) Indicator {
	m := row
	m.ID, m.CreatedAt, m.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
	keep := func(key string, apply func()) {
		if !t.Has(key) {
			apply()
		}
	}
	keep("avg_income", func() { m.AvgIncome = old.AvgIncome })
	keep("investment", func() { m.Investment = old.Investment })
	keep("digital", func() { m.Digital = old.Digital })
	keep("green", func() { m.Green = old.Green })
	keep("welfare", func() { m.Welfare = old.Welfare })
	keep("accidents", func() { m.Accidents = old.Accidents })
	keep("violations", func() { m.Violations = old.Violations })
	keep("tax_arrears", func() { m.TaxArrears = old.TaxArrears })
	if !t.Has("insurance_full") && !t.Has("insurance_arrears") {
		m.InsuranceFull, m.InsuranceArrears = old.InsuranceFull, old.InsuranceArrears
	}
	return m
}

// Rows per multi-row INSERT: twenty-one parameters a row keep a batch near 500,
// where SQLite's cost of numbered parameters is still small.
const insertBatch = 24

// write applies the changes with one audit record per changed period, naming the file
// and row it came from, and one for the import as a whole.
func (s *Store) write(ctx context.Context, tx *sql.Tx, t *tabular.Table, changes []change, res *tabular.Result) error {
	now := s.stamp()
	var created []*Indicator
	for i := range changes {
		changes[i].after.UpdatedAt = now
		if changes[i].action == tabular.Create {
			changes[i].after.CreatedAt = now
			created = append(created, &changes[i].after)
		}
	}
	if err := insertAll(ctx, tx, created); err != nil {
		return err
	}
	upd, err := tx.PrepareContext(ctx, updateSQL)
	if err != nil {
		return fmt.Errorf("indicator: prepare: %w", err)
	}
	defer upd.Close()
	for _, ch := range changes {
		i := ch.after
		from := fmt.Sprintf(" (nhập từ tệp %s, dòng %d)", t.File, ch.num)
		entry := audit.Entry{At: now, Action: string(ch.action), Entity: "indicator", EntityID: i.ID, After: i,
			Summary: fmt.Sprintf("Nhập chỉ tiêu sản xuất kinh doanh %s của %s %s%s", i.Period, i.TaxCode, i.EnterpriseName, from)}
		if ch.action == tabular.Update {
			if _, err := upd.ExecContext(ctx, i.updateValues()...); err != nil {
				return fmt.Errorf("indicator: update %d: %w", i.ID, err)
			}
			entry.Summary, entry.Before = fmt.Sprintf("Cập nhật chỉ tiêu sản xuất kinh doanh %s của %s %s%s", i.Period, i.TaxCode, i.EnterpriseName, from), ch.before
		}
		if err := audit.Record(ctx, tx, entry); err != nil {
			return err
		}
	}
	var periods []Period
	for _, ch := range changes {
		periods = append(periods, ch.after.Period)
	}
	if err := bumpPeriods(ctx, tx, periods...); err != nil {
		return err
	}
	// A file changes many reports at once: their periods' sums (and the next
	// year's, whose growth compares with them) are rebuilt now rather than by the
	// first page that reads them.
	if err := s.d.Analyze(ctx, tx, sourceTables...); err != nil {
		return err
	}
	rebuilt := map[Period]bool{}
	for _, p := range periods {
		for _, q := range []Period{p, {Year: p.Year + 1, Half: p.Half}} {
			if rebuilt[q] || q.Year > s.today().Year() {
				continue
			}
			rebuilt[q] = true
			if err := rebuildIn(ctx, tx, q); err != nil {
				return err
			}
		}
	}
	return audit.Record(ctx, tx, audit.Entry{At: now, Action: "import", Entity: "indicator", Summary: res.Summary()})
}

// insertAll inserts the new periods a batch at a time and sets their ids.
func insertAll(ctx context.Context, tx *sql.Tx, is []*Indicator) error {
	for batch := range slices.Chunk(is, insertBatch) {
		var q strings.Builder
		q.WriteString(insertColumns)
		args := make([]any, 0, insertWidth*len(batch))
		for n, i := range batch {
			if n > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + db.Placeholders(len(args)+1, insertWidth) + ")")
			args = append(args, i.values()...)
		}
		q.WriteString(" RETURNING id, enterprise_id, year, half")
		rows, err := tx.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return fmt.Errorf("indicator: insert: %w", err)
		}
		ids := map[periodKey]int64{}
		for rows.Next() {
			var id int64
			var k periodKey
			if err := rows.Scan(&id, &k.enterprise, &k.Year, &k.Half); err != nil {
				rows.Close()
				return fmt.Errorf("indicator: insert: %w", err)
			}
			ids[k] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("indicator: insert: %w", err)
		}
		for _, i := range batch {
			i.ID = ids[periodKey{i.EnterpriseID, i.Period}]
		}
	}
	return nil
}
