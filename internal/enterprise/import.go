package enterprise

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/tabular"
)

// Columns are the columns of an enterprise file, in the template's order. Keys are
// the field names of FieldLabels.
var Columns = []tabular.Column{
	{Key: "tax_code", Header: FieldLabels["tax_code"], Aliases: []string{"MST", "Mã số doanh nghiệp", "Mã số DN"}, Required: true},
	{Key: "name", Header: FieldLabels["name"], Aliases: []string{"Tên công ty", "Tên đơn vị"}, Required: true},
	{Key: "sectors", Header: FieldLabels["sectors"], Aliases: []string{"Lĩnh vực hoạt động", "Ngành nghề"}, Required: true},
	{Key: "ownership", Header: FieldLabels["ownership"], Aliases: []string{"Loại hình", "Sở hữu"}, Required: true},
	{Key: "address", Header: FieldLabels["address"], Aliases: []string{"Địa chỉ trụ sở"}},
	{Key: "representative", Header: FieldLabels["representative"], Aliases: []string{"Người đại diện theo pháp luật"}},
	{Key: "employees", Header: FieldLabels["employees"], Aliases: []string{"Lao động"}},
	{Key: "email", Header: FieldLabels["email"], Aliases: []string{"Thư điện tử", "E-mail"}},
}

type candidate struct {
	num int
	e   Enterprise
}

// Import reads a file of enterprises and creates or updates them by tax code. The
// file is taken whole or not at all: any rejected row leaves the database as it was,
// and the result lists every rejected row. An optional column the file lacks leaves
// that field of existing enterprises as it is. Errors are about the file as a whole
// (*tabular.FileError) or the system.
func (s *Store) Import(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
	t, err := tabular.Read(r, name, Columns)
	if err != nil {
		return nil, err
	}
	res := tabular.NewResult(t, "doanh nghiệp", opt)
	cands := parseRows(t, res)
	if !res.OK() {
		res.Sort()
		return res, nil
	}
	if opt.DryRun {
		existing, err := loadByTaxCode(ctx, s.d.Read(), cands)
		if err != nil {
			return nil, err
		}
		classify(t, cands, existing, res)
		return res, nil
	}
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		existing, err := loadByTaxCode(ctx, tx, cands)
		if err != nil {
			return err
		}
		return s.write(ctx, tx, t, classify(t, cands, existing, res), res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func parseRows(t *tabular.Table, res *tabular.Result) []candidate {
	var keys tabular.Keys
	cands := make([]candidate, 0, len(t.Rows))
	for _, row := range t.Rows {
		e, issues := parseRow(row)
		taxOK := true
		for _, is := range issues {
			res.Reject(t.Problem(row, is.Field, is.Detail))
			taxOK = taxOK && is.Field != "tax_code"
		}
		if taxOK {
			keys.Add(e.TaxCode, row.Num)
		}
		cands = append(cands, candidate{num: row.Num, e: e})
	}
	res.Reject(keys.Duplicates(t.ColumnName("tax_code"))...)
	return cands
}

// parseRow reads one row; a name it does not know is kept as written, so that
// validation can quote it.
func parseRow(row tabular.Row) (Enterprise, []issue) {
	e := Enterprise{TaxCode: row.Value("tax_code"), Name: row.Value("name"), Address: row.Value("address"),
		Representative: row.Value("representative"), Email: row.Value("email"), Active: true,
		Ownership: Ownership(row.Value("ownership")), Sectors: parseSectors(row.Value("sectors"))}
	if o, ok := ParseOwnership(row.Value("ownership")); ok {
		e.Ownership = o
	}
	var issues []issue
	if n, ok := parseCount(row.Value("employees")); ok {
		e.Employees = n
	} else {
		issues = append(issues, issue{Field: "employees", Detail: fmt.Sprintf("“%s” không phải số nguyên", row.Value("employees"))})
	}
	return e, append(e.normalize(), issues...)
}

// parseSectors reads "Xây dựng; Nhà ở"; a name it does not know is kept as it is
// written, so that validation names it.
func parseSectors(s string) []Sector {
	var out []Sector
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		sec, ok := ParseSector(part)
		if !ok {
			sec = Sector(part)
		}
		out = append(out, sec)
	}
	return out
}

// grouped matches a count written with thousands separators: 1.200, 1,200, 1 200.
var grouped = regexp.MustCompile(`^\d{1,3}([., ]\d{3})+$`)

// parseCount reads a number of people; an empty cell is 0.
func parseCount(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	if grouped.MatchString(s) {
		s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// change is what an import does to one enterprise.
type change struct {
	num           int
	action        tabular.Action
	before, after Enterprise
}

// classify compares each row with the enterprise of the same tax code. The file's
// optional columns that are absent keep the stored values.
func classify(t *tabular.Table, cands []candidate, existing map[string]Enterprise, res *tabular.Result) []change {
	var out []change
	for _, c := range cands {
		old, found := existing[c.e.TaxCode]
		if !found {
			res.Count(c.num, c.e.TaxCode, tabular.Create)
			out = append(out, change{num: c.num, action: tabular.Create, after: c.e})
			continue
		}
		if m := merge(t, old, c.e); !sameContent(old, m) {
			res.Count(c.num, c.e.TaxCode, tabular.Update)
			out = append(out, change{num: c.num, action: tabular.Update, before: old, after: m})
			continue
		}
		res.Count(c.num, c.e.TaxCode, tabular.Unchanged)
	}
	return out
}

func merge(t *tabular.Table, old, row Enterprise) Enterprise {
	m := old
	m.Name, m.Sectors, m.Ownership = row.Name, row.Sectors, row.Ownership
	if t.Has("address") {
		m.Address = row.Address
	}
	if t.Has("representative") {
		m.Representative = row.Representative
	}
	if t.Has("employees") {
		m.Employees = row.Employees
	}
	if t.Has("email") {
		m.Email = row.Email
	}
	return m
}

// write applies the changes with one audit record per changed enterprise, naming
// the file and row it came from, and one for the import as a whole.
func (s *Store) write(ctx context.Context, tx *sql.Tx, t *tabular.Table, changes []change, res *tabular.Result) error {
	now := s.stamp()
	var created []*Enterprise
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
	u, err := prepareUpdater(ctx, tx)
	if err != nil {
		return err
	}
	defer u.close()
	for _, ch := range changes {
		e := ch.after
		from := fmt.Sprintf(" (nhập từ tệp %s, dòng %d)", t.File, ch.num)
		entry := audit.Entry{At: now, Action: string(ch.action), Entity: "enterprise", EntityID: e.ID, After: e,
			Summary: "Thêm doanh nghiệp " + e.TaxCode + " " + e.Name + from}
		if ch.action == tabular.Update {
			if err := u.update(ctx, &e, ch.before); err != nil {
				return err
			}
			entry.Summary, entry.Before = "Sửa doanh nghiệp "+e.TaxCode+" "+e.Name+from, ch.before
		}
		if err := audit.Record(ctx, tx, entry); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, audit.Entry{At: now, Action: "import", Entity: "enterprise", Summary: res.Summary()})
}

// loadByTaxCode reads the stored enterprises with the candidates' tax codes, a
// batch of keys per query rather than a query per row.
func loadByTaxCode(ctx context.Context, q db.Querier, cands []candidate) (map[string]Enterprise, error) {
	out := map[string]Enterprise{}
	var ids []int64
	for batch := range slices.Chunk(cands, idBatch) {
		args := make([]any, len(batch))
		for i, c := range batch {
			args[i] = c.e.TaxCode
		}
		rows, err := q.QueryContext(ctx, selectEnterprise+" WHERE tax_code IN ("+db.Placeholders(1, len(args))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("enterprise: load by tax code: %w", err)
		}
		for rows.Next() {
			e, err := scanEnterprise(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("enterprise: load by tax code: %w", err)
			}
			out[e.TaxCode] = e
			ids = append(ids, e.ID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("enterprise: load by tax code: %w", err)
		}
	}
	sectors, err := loadSectors(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for code, e := range out {
		e.Sectors = sectors[e.ID]
		out[code] = e
	}
	return out, nil
}
