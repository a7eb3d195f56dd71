package org

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/tabular"
)

// UnitColumns are the columns of a unit file, in the template's order.
var UnitColumns = []tabular.Column{
	{Key: "code", Header: FieldLabels["code"], Required: true},
	{Key: "name", Header: FieldLabels["name"], Required: true},
	{Key: "kind", Header: FieldLabels["kind"], Aliases: []string{"Loại đơn vị"}, Required: true},
	{Key: "parent", Header: FieldLabels["parent"], Aliases: []string{"Mã đơn vị cấp trên"}},
	{Key: "email", Header: FieldLabels["email"], Aliases: []string{"Thư điện tử", "E-mail"}},
}

type unitRow struct {
	row    tabular.Row
	u      Unit
	parent string // code of the parent as the file writes it
}

// ImportUnits reads a file of units and creates or updates them by code. A parent
// may be a unit already stored or one defined anywhere in the same file. The file
// is taken whole or not at all; an optional column it lacks leaves that field of
// existing units as it is. Errors are about the file as a whole
// (*tabular.FileError) or the system.
func (s *Store) ImportUnits(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
	t, err := tabular.Read(r, name, UnitColumns)
	if err != nil {
		return nil, err
	}
	res := tabular.NewResult(t, "đơn vị", opt)
	rows := parseUnitRows(t, res)
	if !res.OK() {
		res.Sort()
		return res, nil
	}
	err = s.run(ctx, opt, func(q db.Querier, tx *sql.Tx) error {
		existing, err := loadUnits(ctx, q)
		if err != nil {
			return err
		}
		if checkParents(t, rows, existing, res); !res.OK() {
			return nil
		}
		changes := classifyUnits(t, rows, existing, res)
		if tx == nil {
			return nil
		}
		return s.writeUnits(ctx, tx, t, changes, existing, res)
	})
	if err != nil {
		return nil, err
	}
	res.Sort()
	return res, nil
}

// run calls fn on the read pool for a dry run, or in one transaction otherwise.
func (s *Store) run(ctx context.Context, opt tabular.Options, fn func(q db.Querier, tx *sql.Tx) error) error {
	if opt.DryRun {
		return fn(s.d.Read(), nil)
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error { return fn(tx, tx) })
}

func parseUnitRows(t *tabular.Table, res *tabular.Result) []unitRow {
	var keys tabular.Keys
	out := make([]unitRow, 0, len(t.Rows))
	for _, row := range t.Rows {
		u := Unit{Code: row.Value("code"), Name: row.Value("name"), Kind: UnitKind(row.Value("kind")), Email: row.Value("email")}
		if k, ok := ParseUnitKind(row.Value("kind")); ok {
			u.Kind = k
		}
		codeOK := true
		for _, is := range u.normalize() {
			res.Reject(t.Problem(row, is.Field, is.Detail))
			codeOK = codeOK && is.Field != "code"
		}
		if codeOK {
			keys.Add(u.Code, row.Num)
		}
		out = append(out, unitRow{row: row, u: u, parent: NormalizeUnitCode(row.Value("parent"))})
	}
	res.Reject(keys.Duplicates(t.ColumnName("code"))...)
	return out
}

// checkParents refuses a parent that is neither stored nor in the file, and parents
// that would make a unit its own ancestor once the file is applied.
func checkParents(t *tabular.Table, rows []unitRow, existing map[string]Unit, res *tabular.Result) {
	if !t.Has("parent") {
		return
	}
	parentOf := make(map[string]string, len(existing)+len(rows))
	for code, u := range existing {
		parentOf[code] = u.ParentCode
	}
	for _, r := range rows {
		parentOf[r.u.Code] = r.parent
	}
	for _, r := range rows {
		problem := func(format string, args ...any) {
			res.Reject(t.Problem(r.row, "parent", fmt.Sprintf(format, args...)))
		}
		switch _, known := parentOf[r.parent]; {
		case r.parent == "":
		case r.parent == r.u.Code:
			problem("một đơn vị không thể là cấp trên của chính nó")
		case !known:
			problem("không có đơn vị mã %s, trong tệp cũng như trong hệ thống", r.parent)
		default:
			if chain := cycle(parentOf, r.u.Code); chain != nil {
				problem("tạo thành vòng lặp %s", strings.Join(chain, " → "))
			}
		}
	}
}

// cycle returns the chain of parents from code back to itself, or nil.
func cycle(parentOf map[string]string, code string) []string {
	chain := []string{code}
	for p := parentOf[code]; p != "" && len(chain) <= len(parentOf); p = parentOf[p] {
		chain = append(chain, p)
		if p == code {
			return chain
		}
	}
	return nil
}

type unitChange struct {
	num           int
	action        tabular.Action
	before, after Unit
}

func classifyUnits(t *tabular.Table, rows []unitRow, existing map[string]Unit, res *tabular.Result) []unitChange {
	var out []unitChange
	for _, r := range rows {
		old, found := existing[r.u.Code]
		m := old
		if !found {
			m = Unit{Code: r.u.Code, Active: true}
		}
		m.Name, m.Kind = r.u.Name, r.u.Kind
		if t.Has("parent") {
			m.ParentCode = r.parent
		}
		if t.Has("email") {
			m.Email = r.u.Email
		}
		switch {
		case !found:
			res.Count(r.row.Num, m.Code, tabular.Create)
			out = append(out, unitChange{num: r.row.Num, action: tabular.Create, after: m})
		case sameUnit(old, m):
			res.Count(r.row.Num, m.Code, tabular.Unchanged)
		default:
			res.Count(r.row.Num, m.Code, tabular.Update)
			out = append(out, unitChange{num: r.row.Num, action: tabular.Update, before: old, after: m})
		}
	}
	return out
}

// writeUnits inserts the new units, updates the changed ones, then logs every
// change with the parent it ended with.
func (s *Store) writeUnits(ctx context.Context, tx *sql.Tx, t *tabular.Table, changes []unitChange, existing map[string]Unit, res *tabular.Result) error {
	now := s.stamp()
	ids := make(map[string]int64, len(existing)+len(changes))
	for code, u := range existing {
		ids[code] = u.ID
	}
	if err := insertUnits(ctx, tx, changes, ids, now); err != nil {
		return err
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE units SET name = $1, kind = $2, parent_id = $3, email = $4, search = $5,
		updated_at = $6 WHERE id = $7`)
	if err != nil {
		return fmt.Errorf("org: prepare: %w", err)
	}
	defer upd.Close()
	for i := range changes {
		ch := &changes[i]
		u := &ch.after
		summary := fmt.Sprintf("Thêm đơn vị %s %s (nhập từ tệp %s, dòng %d)", u.Code, u.Name, t.File, ch.num)
		if ch.action == tabular.Update {
			u.ParentID, u.UpdatedAt = ids[u.ParentCode], now
			if _, err := upd.ExecContext(ctx, u.Name, string(u.Kind), nullID(u.ParentID), u.Email, u.search(), now, u.ID); err != nil {
				return fmt.Errorf("org: update unit %s: %w", u.Code, err)
			}
			summary = fmt.Sprintf("Sửa đơn vị %s %s (nhập từ tệp %s, dòng %d)", u.Code, u.Name, t.File, ch.num)
		}
		if err := audit.Record(ctx, tx, audit.Entry{At: now, Action: string(ch.action), Entity: "unit", EntityID: u.ID,
			Summary: summary, Before: beforeOf(ch), After: *u}); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, audit.Entry{At: now, Action: "import", Entity: "unit", Summary: res.Summary()})
}

// insertUnits inserts the created units parents first, so that each insert knows
// its parent's id, and adds their ids to ids.
func insertUnits(ctx context.Context, tx *sql.Tx, changes []unitChange, ids map[string]int64, now time.Time) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO units (code, name, kind, parent_id, email, active, search, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`)
	if err != nil {
		return fmt.Errorf("org: prepare: %w", err)
	}
	defer ins.Close()
	pending := map[string]*unitChange{}
	for i := range changes {
		if changes[i].action == tabular.Create {
			pending[changes[i].after.Code] = &changes[i]
		}
	}
	var insert func(u *Unit) error
	insert = func(u *Unit) error {
		delete(pending, u.Code)
		if p, ok := pending[u.ParentCode]; ok {
			if err := insert(&p.after); err != nil {
				return err
			}
		}
		u.ParentID, u.CreatedAt, u.UpdatedAt = ids[u.ParentCode], now, now
		if err := ins.QueryRowContext(ctx, u.Code, u.Name, string(u.Kind), nullID(u.ParentID), u.Email, true, u.search(),
			now, now).Scan(&u.ID); err != nil {
			return fmt.Errorf("org: insert unit %s: %w", u.Code, err)
		}
		ids[u.Code] = u.ID
		return nil
	}
	for i := range changes {
		if _, ok := pending[changes[i].after.Code]; ok {
			if err := insert(&changes[i].after); err != nil {
				return err
			}
		}
	}
	return nil
}

// beforeOf is the audit's "before" of a change: nothing for a created unit.
func beforeOf(ch *unitChange) any {
	if ch.action == tabular.Create {
		return nil
	}
	return ch.before
}

// loadUnits reads every unit by code; a department has tens of them.
func loadUnits(ctx context.Context, q db.Querier) (map[string]Unit, error) {
	rows, err := q.QueryContext(ctx, selectUnit)
	if err != nil {
		return nil, fmt.Errorf("org: load units: %w", err)
	}
	defer rows.Close()
	out := map[string]Unit{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("org: load units: %w", err)
		}
		out[u.Code] = u
	}
	return out, rows.Err()
}
