package procedure

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/tabular"
)

// Columns are the columns of a catalogue file, in the template's order. Keys are
// the field names of FieldLabels. The last three may be left out: a file without
// them keeps what is stored, and new procedures apply from the day of the import.
var Columns = []tabular.Column{
	{Key: "code", Header: FieldLabels["code"], Aliases: []string{"Mã TTHC", "Mã thủ tục hành chính", "Mã số thủ tục"}, Required: true},
	{Key: "name", Header: FieldLabels["name"], Aliases: []string{"Tên thủ tục hành chính", "Tên TTHC"}, Required: true},
	{Key: "field", Header: FieldLabels["field"], Aliases: []string{"Lĩnh vực thủ tục"}, Required: true},
	{Key: "unit", Header: FieldLabels["unit"], Aliases: []string{"Đơn vị", "Cơ quan thực hiện", "Đơn vị giải quyết", "Đơn vị chủ trì"}, Required: true},
	{Key: "statutory_days", Header: FieldLabels["statutory_days"], Aliases: []string{"Thời gian giải quyết", "Thời hạn"}, Required: true},
	{Key: "fee", Header: FieldLabels["fee"], Aliases: []string{"Phí, lệ phí (đồng)", "Phí lệ phí", "Lệ phí", "Phí"}, Required: true},
	{Key: "online_level", Header: FieldLabels["online_level"], Aliases: []string{"Mức độ DVC", "Mức độ dịch vụ công trực tuyến", "Mức độ"}, Required: true},
	{Key: "eligible_full", Header: FieldLabels["eligible_full"], Aliases: []string{"Đủ điều kiện cung cấp toàn trình", "Đủ điều kiện"}, Required: true},
	{Key: "not_full_reason", Header: FieldLabels["not_full_reason"], Aliases: []string{"Lý do chưa cung cấp toàn trình", "Lý do"}, Required: true},
	{Key: "fee_basis", Header: FieldLabels["fee_basis"], Aliases: []string{"Căn cứ pháp lý thu phí", "Căn cứ thu phí, lệ phí"}},
	{Key: "valid_from", Header: FieldLabels["valid_from"], Aliases: []string{"Ngày hiệu lực", "Ngày có hiệu lực", "Hiệu lực"}},
	{Key: "valid_to", Header: FieldLabels["valid_to"], Aliases: []string{"Ngày hết hiệu lực", "Hết hiệu lực"}},
}

type candidate struct {
	row tabular.Row
	p   Procedure
}

// Import reads a catalogue file and creates or updates procedures by code. The file
// is taken whole or not at all: any rejected row leaves the database as it was, and
// the result lists every rejected row with its column. Errors are about the file
// as a whole (*tabular.FileError) or the system.
func (s *Store) Import(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
	t, err := tabular.Read(r, name, Columns)
	if err != nil {
		return nil, err
	}
	res := tabular.NewResult(t, "thủ tục", opt)
	run := func(q db.Querier, tx *sql.Tx) error {
		us, err := loadUnits(ctx, q)
		if err != nil {
			return err
		}
		cands := parseRows(t, us, res)
		if !res.OK() {
			return nil
		}
		existing, err := loadByCode(ctx, q, cands)
		if err != nil {
			return err
		}
		changes := s.classify(t, cands, existing, res)
		if !res.OK() || tx == nil {
			return nil
		}
		return s.write(ctx, tx, t, changes, res)
	}
	if opt.DryRun {
		err = run(s.d.Read(), nil)
	} else {
		err = s.d.Tx(ctx, func(tx *sql.Tx) error { return run(tx, tx) })
	}
	if err != nil {
		return nil, err
	}
	res.Sort()
	return res, nil
}

// parseRows reads every row and rejects what is wrong with each, units included,
// so that the user sees every problem of the file at once.
func parseRows(t *tabular.Table, us *units, res *tabular.Result) []candidate {
	var keys tabular.Keys
	cands := make([]candidate, 0, len(t.Rows))
	for _, row := range t.Rows {
		p, issues := Entry{Code: row.Value("code"), Name: row.Value("name"), Field: row.Value("field"), Unit: row.Value("unit"),
			Days: row.Value("statutory_days"), Fee: row.Value("fee"), FeeBasis: row.Value("fee_basis"), Level: row.Value("online_level"),
			Eligible: row.Value("eligible_full"), Reason: row.Value("not_full_reason"), ValidFrom: row.Value("valid_from"),
			ValidTo: row.Value("valid_to")}.parse()
		issues = sortIssues(append(issues, us.resolve(&p)...))
		codeOK := true
		for _, is := range issues {
			res.Reject(t.Problem(row, is.Field, is.Detail))
			codeOK = codeOK && is.Field != "code"
		}
		if codeOK {
			keys.Add(p.Code, row.Num)
		}
		cands = append(cands, candidate{row: row, p: p})
	}
	res.Reject(keys.Duplicates(t.ColumnName("code"))...)
	return cands
}

// change is what an import does to one procedure.
type change struct {
	num           int
	action        tabular.Action
	before, after Procedure
}

// classify merges each row with the stored procedure of its code and decides
// what changes. New procedures apply from the day of the import unless the file
// says otherwise.
func (s *Store) classify(t *tabular.Table, cands []candidate, existing map[string]Procedure, res *tabular.Result) []change {
	today := s.today()
	var out []change
	for _, c := range cands {
		old, found := existing[c.p.Code]
		p := c.p
		if found {
			p = merge(t, old, p)
		} else if p.ValidFrom.IsZero() {
			p.ValidFrom = today
		}
		// Only now are both dates known: check their order again.
		if issues := p.normalize(); len(issues) > 0 {
			for _, is := range issues {
				res.Reject(t.Problem(c.row, is.Field, is.Detail))
			}
			continue
		}
		num := c.row.Num
		switch {
		case !found:
			res.Count(num, p.Code, tabular.Create)
			out = append(out, change{num: num, action: tabular.Create, after: p})
		case !sameContent(old, p):
			res.Count(num, p.Code, tabular.Update)
			out = append(out, change{num: num, action: tabular.Update, before: old, after: p})
		default:
			res.Count(num, p.Code, tabular.Unchanged)
		}
	}
	return out
}

// merge puts a row over the stored procedure. An optional column the file lacks
// keeps the stored value, and so does an empty start of validity.
func merge(t *tabular.Table, old, row Procedure) Procedure {
	m := row
	m.ID, m.CreatedAt, m.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
	if !t.Has("fee_basis") {
		m.FeeBasis = old.FeeBasis
	}
	if m.ValidFrom.IsZero() {
		m.ValidFrom = old.ValidFrom
	}
	if !t.Has("valid_to") {
		m.ValidTo = old.ValidTo
	}
	return m
}

// write applies the changes with one audit record per changed procedure, naming
// the file and row it came from, and one for the import as a whole.
func (s *Store) write(ctx context.Context, tx *sql.Tx, t *tabular.Table, changes []change, res *tabular.Result) error {
	now := s.stamp()
	for _, ch := range changes {
		p := ch.after
		p.UpdatedAt = now
		from := fmt.Sprintf(" (nhập từ tệp %s, dòng %d)", t.File, ch.num)
		entry := audit.Entry{At: now, Action: string(ch.action), Entity: "procedure"}
		var err error
		if ch.action == tabular.Create {
			p.CreatedAt = now
			p.ID, err = insert(ctx, tx, p)
			entry.Summary = "Thêm thủ tục " + p.Code + " " + p.Name + from
		} else {
			err = update(ctx, tx, p)
			entry.Summary, entry.Before = "Sửa thủ tục "+p.Code+" "+p.Name+from, ch.before
		}
		if err != nil {
			return err
		}
		entry.EntityID, entry.After = p.ID, p
		if err := audit.Record(ctx, tx, entry); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, audit.Entry{At: now, Action: "import", Entity: "procedure", Summary: res.Summary()})
}

// idBatch bounds the keys in one IN list, well under both databases' limits.
const idBatch = 500

// loadByCode reads the stored procedures with the candidates' codes, a batch of
// codes per query rather than a query per row.
func loadByCode(ctx context.Context, q db.Querier, cands []candidate) (map[string]Procedure, error) {
	out := map[string]Procedure{}
	for batch := range slices.Chunk(cands, idBatch) {
		args := make([]any, len(batch))
		marks := make([]byte, 0, 6*len(batch))
		for i, c := range batch {
			args[i] = c.p.Code
			if i > 0 {
				marks = append(marks, ", "...)
			}
			marks = fmt.Appendf(marks, "$%d", i+1)
		}
		ps, err := query(ctx, q, selectProcedure+" WHERE p.code IN ("+string(marks)+")", args...)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out[p.Code] = p
		}
	}
	return out, nil
}
