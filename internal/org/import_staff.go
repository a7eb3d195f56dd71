package org

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/textnorm"
)

// StaffColumns are the columns of a staff file, in the template's order.
var StaffColumns = []tabular.Column{
	{Key: "full_name", Header: FieldLabels["full_name"], Aliases: []string{"Họ tên", "Tên cán bộ"}, Required: true},
	{Key: "position", Header: FieldLabels["position"]},
	{Key: "unit", Header: FieldLabels["unit"], Aliases: []string{"Mã đơn vị"}, Required: true},
	{Key: "gender", Header: FieldLabels["gender"], Required: true},
	{Key: "email", Header: FieldLabels["email"], Aliases: []string{"Thư điện tử", "E-mail"}},
}

type staffRow struct {
	row  tabular.Row
	st   Staff
	unit string // the unit as the file writes it: its code, or its name
}

// key identifies a staff member in a file and in the database: their unit and
// their name, in any case. Staff have no code of their own, so a staff member who
// moves to another unit is imported as a new one.
func (r staffRow) key() string {
	return fmt.Sprintf("%d\x00%s", r.st.UnitID, strings.ToLower(r.st.FullName))
}

// ImportStaff reads a file of staff and creates or updates them by unit and name.
// The unit column holds a unit's code (or its exact name). The file is taken whole
// or not at all; an optional column it lacks leaves that field as it is.
func (s *Store) ImportStaff(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
	t, err := tabular.Read(r, name, StaffColumns)
	if err != nil {
		return nil, err
	}
	res := tabular.NewResult(t, "cán bộ", opt)
	rows := parseStaffRows(t, res)
	err = s.run(ctx, opt, func(q db.Querier, tx *sql.Tx) error {
		units, err := loadUnits(ctx, q)
		if err != nil {
			return err
		}
		resolveUnits(t, rows, units, res)
		if !res.OK() {
			return nil
		}
		existing, err := loadStaff(ctx, q, rows)
		if err != nil {
			return err
		}
		changes := classifyStaff(t, rows, existing, res)
		if !res.OK() || tx == nil {
			return nil
		}
		return s.writeStaff(ctx, tx, t, changes, res)
	})
	if err != nil {
		return nil, err
	}
	res.Sort()
	return res, nil
}

func parseStaffRows(t *tabular.Table, res *tabular.Result) []staffRow {
	out := make([]staffRow, 0, len(t.Rows))
	for _, row := range t.Rows {
		st := Staff{FullName: row.Value("full_name"), Position: row.Value("position"), Email: row.Value("email"),
			Gender: Gender(row.Value("gender")), Active: true}
		if g, ok := ParseGender(row.Value("gender")); ok {
			st.Gender = g
		}
		for _, is := range st.normalize() {
			res.Reject(t.Problem(row, is.Field, is.Detail))
		}
		out = append(out, staffRow{row: row, st: st, unit: row.Value("unit")})
	}
	return out
}

// resolveUnits finds each row's unit by code, or else by a name only one unit has,
// and rejects a person named twice in one unit.
func resolveUnits(t *tabular.Table, rows []staffRow, units map[string]Unit, res *tabular.Result) {
	byName := map[string][]Unit{}
	for _, u := range units {
		byName[textnorm.Fold(u.Name)] = append(byName[textnorm.Fold(u.Name)], u)
	}
	var keys tabular.Keys
	for i := range rows {
		r := &rows[i]
		u, ok := units[NormalizeUnitCode(r.unit)]
		if named := byName[textnorm.Fold(r.unit)]; !ok && len(named) == 1 {
			u, ok = named[0], true
		}
		switch {
		case r.unit == "":
			res.Reject(t.Problem(r.row, "unit", "không được để trống; ghi mã đơn vị"))
		case !ok && len(byName[textnorm.Fold(r.unit)]) > 1:
			res.Reject(t.Problem(r.row, "unit", fmt.Sprintf("có nhiều đơn vị tên “%s”; hãy ghi mã đơn vị", r.unit)))
		case !ok:
			res.Reject(t.Problem(r.row, "unit", fmt.Sprintf("không có đơn vị mã hay tên “%s”", r.unit)))
		default:
			r.st.UnitID, r.st.UnitCode, r.st.UnitName = u.ID, u.Code, u.Name
			if r.st.FullName != "" {
				keys.AddNamed(r.key(), r.st.FullName+" ("+u.Code+")", r.row.Num)
			}
		}
	}
	res.Reject(keys.Duplicates(t.ColumnName("full_name"))...)
}

type staffChange struct {
	num           int
	action        tabular.Action
	before, after Staff
}

func classifyStaff(t *tabular.Table, rows []staffRow, existing map[string][]Staff, res *tabular.Result) []staffChange {
	var out []staffChange
	for _, r := range rows {
		found := existing[r.key()]
		if len(found) > 1 {
			res.Reject(t.Problem(r.row, "full_name", fmt.Sprintf("đơn vị %s đã có %d cán bộ tên “%s”; hãy sửa từng người trên trang Cán bộ",
				r.st.UnitCode, len(found), r.st.FullName)))
			continue
		}
		if len(found) == 0 {
			res.Count(r.row.Num, r.st.FullName, tabular.Create)
			out = append(out, staffChange{num: r.row.Num, action: tabular.Create, after: r.st})
			continue
		}
		old := found[0]
		m := old
		m.FullName, m.Gender = r.st.FullName, r.st.Gender
		if t.Has("position") {
			m.Position = r.st.Position
		}
		if t.Has("email") {
			m.Email = r.st.Email
		}
		if sameStaff(old, m) {
			res.Count(r.row.Num, m.FullName, tabular.Unchanged)
			continue
		}
		res.Count(r.row.Num, m.FullName, tabular.Update)
		out = append(out, staffChange{num: r.row.Num, action: tabular.Update, before: old, after: m})
	}
	return out
}

func (s *Store) writeStaff(ctx context.Context, tx *sql.Tx, t *tabular.Table, changes []staffChange, res *tabular.Result) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO staff (unit_id, full_name, position, gender, email, active, search, sort_name,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`)
	if err != nil {
		return fmt.Errorf("org: prepare: %w", err)
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE staff SET full_name = $1, position = $2, gender = $3, email = $4, search = $5,
		sort_name = $6, updated_at = $7 WHERE id = $8`)
	if err != nil {
		return fmt.Errorf("org: prepare: %w", err)
	}
	defer upd.Close()
	now := s.stamp()
	for _, ch := range changes {
		st := ch.after
		st.UpdatedAt = now
		entry := audit.Entry{At: now, Action: string(ch.action), Entity: "staff"}
		from := fmt.Sprintf(" (%s; nhập từ tệp %s, dòng %d)", st.UnitCode, t.File, ch.num)
		if ch.action == tabular.Create {
			st.CreatedAt = now
			err = ins.QueryRowContext(ctx, st.UnitID, st.FullName, st.Position, string(st.Gender), st.Email, true, st.search(),
				staffSortKey(st.FullName), now, now).Scan(&st.ID)
			entry.Summary = "Thêm cán bộ " + st.FullName + from
		} else {
			_, err = upd.ExecContext(ctx, st.FullName, st.Position, string(st.Gender), st.Email, st.search(),
				staffSortKey(st.FullName), now, st.ID)
			entry.Summary, entry.Before = "Sửa cán bộ "+st.FullName+from, ch.before
		}
		if err != nil {
			return fmt.Errorf("org: import staff %s: %w", st.FullName, err)
		}
		entry.EntityID, entry.After = st.ID, st
		if err := audit.Record(ctx, tx, entry); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, audit.Entry{At: now, Action: "import", Entity: "staff", Summary: res.Summary()})
}

// loadStaff reads the staff of the rows' units, keyed like staffRow.key.
func loadStaff(ctx context.Context, q db.Querier, rows []staffRow) (map[string][]Staff, error) {
	seen := map[int64]bool{}
	var ids []any
	for _, r := range rows {
		if !seen[r.st.UnitID] {
			seen[r.st.UnitID] = true
			ids = append(ids, r.st.UnitID)
		}
	}
	out := map[string][]Staff{}
	for batch := range slices.Chunk(ids, 500) {
		marks := make([]string, len(batch))
		for i := range batch {
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		found, err := q.QueryContext(ctx, selectStaff+" WHERE s.unit_id IN ("+strings.Join(marks, ", ")+")", batch...)
		if err != nil {
			return nil, fmt.Errorf("org: load staff: %w", err)
		}
		for found.Next() {
			st, err := scanStaff(found)
			if err != nil {
				found.Close()
				return nil, fmt.Errorf("org: load staff: %w", err)
			}
			k := staffRow{st: st}.key()
			out[k] = append(out[k], st)
		}
		found.Close()
		if err := found.Err(); err != nil {
			return nil, fmt.Errorf("org: load staff: %w", err)
		}
	}
	return out, nil
}
