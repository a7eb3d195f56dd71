package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/validate"
)

func col(key string, required bool, aliases ...string) tabular.Column {
	return tabular.Column{Key: key, Header: FieldLabels[key], Aliases: aliases, Required: required}
}

// Columns are the columns of an indicators file, in the template's order. The tax
// code, the year and the four main figures are required; an optional column the
// file lacks keeps what is stored for a period already reported.
var Columns = []tabular.Column{
	col("tax_code", true, "MST", "Mã số doanh nghiệp", "Mã số DN"),
	col("year", true, "Năm báo cáo"),
	col("half", false, "Kỳ", "Kỳ số liệu"),
	col("revenue", true, "Doanh thu", "Tổng doanh thu"),
	col("profit", true, "Lợi nhuận trước thuế", "Lợi nhuận"),
	col("budget_paid", true, "Nộp ngân sách nhà nước", "Nộp ngân sách", "Nộp NSNN"),
	col("employees", true, "Lao động", "Số lao động bình quân"),
	col("avg_income", false, "Thu nhập bình quân", "Thu nhập bình quân tháng", "Thu nhập bình quân người lao động"),
	col("investment", false, "Đầu tư máy móc, công nghệ", "Đầu tư máy móc, thiết bị, công nghệ", "Đầu tư đổi mới công nghệ"),
	col("digital", false, "Giải pháp chuyển đổi số"),
	col("green", false, "Công trình xanh", "Tiết kiệm năng lượng, vật liệu mới"),
	col("welfare", false, "Chăm lo người lao động", "Phúc lợi người lao động"),
	col("insurance_full", false, "Đóng đủ BHXH"),
	col("insurance_arrears", false, "Nợ bảo hiểm xã hội", "Nợ BHXH", "Nợ BHXH (đồng)"),
	col("accidents", false, "Tai nạn lao động", "Số vụ tai nạn lao động"),
	col("violations", false, "Vi phạm môi trường, phòng cháy chữa cháy", "Vi phạm môi trường, PCCC"),
	col("tax_arrears", false, "Nợ thuế", "Nợ đọng thuế"),
}

type candidate struct {
	num     int
	taxCode string
	in      Indicator
}

func (c candidate) key() string { return fmt.Sprintf("%s|%d|%d", c.taxCode, c.in.Year, c.in.Half) }

// Import reads a file of indicators and creates or updates each enterprise's period,
// found by tax code, year and period. The file is taken whole or not at all: any
// rejected row, among them a tax code of no known enterprise, leaves the database as
// it was, and the result names every rejected row.
func (s *Store) Import(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
	t, err := tabular.Read(r, name, Columns)
	if err != nil {
		return nil, err
	}
	res := tabular.NewResult(t, "dòng chỉ tiêu", opt)
	cands := s.parseRows(t, res)
	// Unknown tax codes are looked up whatever else is wrong, so that one pass
	// names every problem of the file.
	ents, err := enterpriseIDs(ctx, s.d.Read(), cands)
	if err != nil {
		return nil, err
	}
	for _, c := range cands {
		if _, ok := ents[c.taxCode]; !ok && c.taxCode != "" {
			res.Reject(tabular.Problem{Row: c.num, Column: t.ColumnName("tax_code"), Reason: fmt.Sprintf(
				"không có doanh nghiệp mang mã số thuế %s trong danh sách; hãy nhập doanh nghiệp trước (Nhập danh sách → Doanh nghiệp)", c.taxCode)})
		}
	}
	if !res.OK() || opt.DryRun {
		if res.OK() {
			existing, err := existingFor(ctx, s.d.Read(), ents)
			if err != nil {
				return nil, err
			}
			classify(t, cands, ents, existing, res)
		}
		res.Sort()
		return res, nil
	}
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		// Read again inside the transaction: an enterprise may have changed since.
		ents, err := enterpriseIDs(ctx, tx, cands)
		if err != nil {
			return err
		}
		for _, c := range cands {
			if _, ok := ents[c.taxCode]; !ok {
				return fmt.Errorf("indicator: import: enterprise %s went away during the import", c.taxCode)
			}
		}
		existing, err := existingFor(ctx, tx, ents)
		if err != nil {
			return err
		}
		return s.write(ctx, tx, t, classify(t, cands, ents, existing, res), res)
	})
	if err != nil {
		return nil, err
	}
	res.Sort()
	return res, nil
}

func (s *Store) parseRows(t *tabular.Table, res *tabular.Result) []candidate {
	var keys tabular.Keys
	today := s.today()
	cands := make([]candidate, 0, len(t.Rows))
	for _, row := range t.Rows {
		c := candidate{num: row.Num, taxCode: enterprise.NormalizeTaxCode(row.Value("tax_code"))}
		ok := true
		if err := enterprise.ValidTaxCode(c.taxCode); err != nil {
			res.Reject(t.Problem(row, "tax_code", err.(*enterprise.TaxCodeError).Reason))
			ok, c.taxCode = false, ""
		}
		in := Input{Year: row.Value("year"), Half: row.Value("half"), Revenue: row.Value("revenue"), Profit: row.Value("profit"),
			BudgetPaid: row.Value("budget_paid"), Employees: row.Value("employees"), AvgIncome: row.Value("avg_income"),
			Investment: row.Value("investment"), Digital: row.Value("digital"), Green: row.Value("green"), Welfare: row.Value("welfare"),
			InsuranceFull: row.Value("insurance_full"), InsuranceArrears: row.Value("insurance_arrears"), Accidents: row.Value("accidents"),
			Violations: row.Value("violations"), TaxArrears: row.Value("tax_arrears")}
		var issues []validate.Issue
		c.in, issues = in.parse(today)
		for _, is := range issues {
			res.Reject(t.Problem(row, is.Field, is.Detail))
			ok = ok && is.Field != "year" && is.Field != "half"
		}
		if ok {
			keys.AddNamed(c.key(), fmt.Sprintf("số liệu %s của mã số thuế %s", c.in.Period, c.taxCode), row.Num)
		}
		cands = append(cands, c)
	}
	res.Reject(keys.Duplicates(t.ColumnName("tax_code"))...)
	return cands
}

// enterpriseIDs finds the enterprises of the candidates' tax codes, a batch of
// codes per query.
func enterpriseIDs(ctx context.Context, q db.Querier, cands []candidate) (map[string]enterpriseRef, error) {
	var codes []string
	seen := map[string]bool{}
	for _, c := range cands {
		if c.taxCode != "" && !seen[c.taxCode] {
			seen[c.taxCode] = true
			codes = append(codes, c.taxCode)
		}
	}
	out := make(map[string]enterpriseRef, len(codes))
	for batch := range slices.Chunk(codes, 500) {
		args := make([]any, len(batch))
		for i, c := range batch {
			args[i] = c
		}
		rows, err := q.QueryContext(ctx, "SELECT id, tax_code, name FROM enterprises WHERE tax_code IN ("+db.Placeholders(1, len(args))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("indicator: enterprises: %w", err)
		}
		for rows.Next() {
			var e enterpriseRef
			if err := rows.Scan(&e.id, &e.taxCode, &e.name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("indicator: enterprises: %w", err)
			}
			out[e.taxCode] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("indicator: enterprises: %w", err)
		}
	}
	return out, nil
}

type enterpriseRef struct {
	id            int64
	taxCode, name string
}
