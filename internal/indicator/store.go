package indicator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/validate"
)

// Store keeps indicators and their deadlines.
type Store struct {
	d      *db.DB
	now    func() time.Time
	notify *notify.Service // nil: reminders are not sent
}

// NewStore returns a Store on d; now is the clock; n sends reminders (nil for none).
func NewStore(d *db.DB, now func() time.Time, n *notify.Service) *Store {
	return &Store{d: d, now: now, notify: n}
}

// stamp is the time of a change, at the precision both databases keep.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// today is the date in Vietnam, as a time for the year and month checks.
func (s *Store) today() time.Time { return calendar.DateOf(s.now()).Time() }

const (
	indicatorColumns = `i.id, i.enterprise_id, e.tax_code, e.name, i.year, i.half, i.revenue, i.profit, i.budget_paid,
	i.employees, i.avg_income, i.investment, i.digital, i.green, i.welfare, i.insurance_full, i.insurance_arrears,
	i.accidents, i.violations, i.tax_arrears, i.source, i.created_at, i.updated_at`
	fromIndicators  = " FROM indicators i JOIN enterprises e ON e.id = i.enterprise_id"
	selectIndicator = "SELECT " + indicatorColumns + fromIndicators
)

// scan reads a row of indicatorColumns and then extra.
func scan(row interface{ Scan(...any) error }, extra ...any) (Indicator, error) {
	var i Indicator
	err := row.Scan(append([]any{&i.ID, &i.EnterpriseID, &i.TaxCode, &i.EnterpriseName, &i.Year, &i.Half, &i.Revenue, &i.Profit,
		&i.BudgetPaid, &i.Employees, &i.AvgIncome, &i.Investment, &i.Digital, &i.Green, &i.Welfare, &i.InsuranceFull,
		&i.InsuranceArrears, &i.Accidents, &i.Violations, &i.TaxArrears, &i.Source, &i.CreatedAt, &i.UpdatedAt}, extra...)...)
	i.CreatedAt, i.UpdatedAt = i.CreatedAt.UTC(), i.UpdatedAt.UTC()
	return i, err
}

func getWhere(ctx context.Context, q db.Querier, cond string, args ...any) (*Indicator, error) {
	i, err := scan(q.QueryRowContext(ctx, selectIndicator+" WHERE "+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("indicator %v: %w", args, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("indicator: get %v: %w", args, err)
	}
	return &i, nil
}

// Get returns one period's figures if sc may see them: the department sees every
// enterprise's, an enterprise its own; otherwise db.ErrNotFound.
func (s *Store) Get(ctx context.Context, sc auth.Scope, id int64) (*Indicator, error) {
	i, err := getWhere(ctx, s.d.Read(), "i.id = $1", id)
	if err != nil {
		return nil, err
	}
	if !sc.SeesEnterprise(i.EnterpriseID) {
		return nil, fmt.Errorf("indicator %d: %w", id, db.ErrNotFound)
	}
	return i, nil
}

// Find returns an enterprise's figures for a period, or db.ErrNotFound.
func (s *Store) Find(ctx context.Context, sc auth.Scope, enterpriseID int64, p Period) (*Indicator, error) {
	if !sc.SeesEnterprise(enterpriseID) {
		return nil, fmt.Errorf("enterprise %d: %w", enterpriseID, db.ErrNotFound)
	}
	return getWhere(ctx, s.d.Read(), "i.enterprise_id = $1 AND i.year = $2 AND i.half = $3", enterpriseID, p.Year, p.Half)
}

// History is every period an enterprise reported, the latest first; a few a year.
func (s *Store) History(ctx context.Context, sc auth.Scope, enterpriseID int64) ([]Indicator, error) {
	if !sc.SeesEnterprise(enterpriseID) {
		return nil, fmt.Errorf("enterprise %d: %w", enterpriseID, db.ErrNotFound)
	}
	rows, err := s.d.Read().QueryContext(ctx, selectIndicator+" WHERE i.enterprise_id = $1 ORDER BY i.year DESC, i.half DESC LIMIT 200", enterpriseID)
	if err != nil {
		return nil, fmt.Errorf("indicator: history: %w", err)
	}
	defer rows.Close()
	var out []Indicator
	for rows.Next() {
		i, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("indicator: history: %w", err)
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// Create records an enterprise's figures for a period not yet reported. A period
// already there is refused with a message on the year: the way to change it is to
// edit it.
func (s *Store) Create(ctx context.Context, sc auth.Scope, enterpriseID int64, in Input) (*Indicator, error) {
	if !sc.SeesEnterprise(enterpriseID) {
		return nil, fmt.Errorf("enterprise %d: %w", enterpriseID, db.ErrNotFound)
	}
	i, issues := in.parse(s.today())
	if err := validate.FromIssues(issues, FieldLabels); err != nil {
		return nil, err
	}
	i.EnterpriseID, i.Source = enterpriseID, SourceForm
	i.CreatedAt, i.UpdatedAt = s.stamp(), s.stamp()
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := enterpriseOf(ctx, tx, &i); err != nil {
			return err
		}
		if err := periodFree(ctx, tx, i, 0); err != nil {
			return err
		}
		if err := insert(ctx, tx, &i); err != nil {
			return err
		}
		if err := bumpPeriods(ctx, tx, i.Period); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: i.CreatedAt, Action: "create", Entity: "indicator", EntityID: i.ID,
			Summary: fmt.Sprintf("Báo cáo chỉ tiêu sản xuất kinh doanh %s của %s %s", i.Period, i.TaxCode, i.EnterpriseName), After: i})
	})
	if err != nil {
		return nil, err
	}
	return &i, nil
}

// Update replaces the figures of record id. Moving them to a period already
// reported is refused; saving without a change writes nothing.
func (s *Store) Update(ctx context.Context, sc auth.Scope, id int64, in Input) (*Indicator, error) {
	i, issues := in.parse(s.today())
	if err := validate.FromIssues(issues, FieldLabels); err != nil {
		return nil, err
	}
	var out *Indicator
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getWhere(ctx, tx, "i.id = $1", id)
		if err != nil {
			return err
		}
		if !sc.SeesEnterprise(before.EnterpriseID) {
			return fmt.Errorf("indicator %d: %w", id, db.ErrNotFound)
		}
		i.ID, i.EnterpriseID, i.TaxCode, i.EnterpriseName = id, before.EnterpriseID, before.TaxCode, before.EnterpriseName
		i.Source, i.CreatedAt, i.UpdatedAt = before.Source, before.CreatedAt, before.UpdatedAt
		if out = &i; sameFigures(*before, i) {
			return nil
		}
		if err := periodFree(ctx, tx, i, id); err != nil {
			return err
		}
		i.Source, i.UpdatedAt = SourceForm, s.stamp()
		if err := update(ctx, tx, &i); err != nil {
			return err
		}
		if err := bumpPeriods(ctx, tx, before.Period, i.Period); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: i.UpdatedAt, Action: "update", Entity: "indicator", EntityID: id,
			Summary: fmt.Sprintf("Sửa chỉ tiêu sản xuất kinh doanh %s của %s %s", i.Period, i.TaxCode, i.EnterpriseName), Before: before, After: i})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// enterpriseOf fills in the enterprise's tax code and name.
func enterpriseOf(ctx context.Context, q db.Querier, i *Indicator) error {
	err := q.QueryRowContext(ctx, "SELECT tax_code, name FROM enterprises WHERE id = $1", i.EnterpriseID).Scan(&i.TaxCode, &i.EnterpriseName)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("enterprise %d: %w", i.EnterpriseID, db.ErrNotFound)
	}
	return err
}

// duplicateMessage tells that a period is reported already, and how to change it.
func duplicateMessage(p Period, on time.Time) string {
	return fmt.Sprintf("%s: doanh nghiệp đã báo cáo số liệu %s (ngày %s); mỗi kỳ chỉ có một bản — hãy sửa bản đã có thay vì tạo bản mới",
		FieldLabels["year"], p, on.In(calendar.Location()).Format("02/01/2006"))
}

// periodFree turns a period already reported into a message on the year field
// instead of a constraint violation.
func periodFree(ctx context.Context, q db.Querier, i Indicator, self int64) error {
	var created time.Time
	err := q.QueryRowContext(ctx, "SELECT created_at FROM indicators WHERE enterprise_id = $1 AND year = $2 AND half = $3 AND id <> $4",
		i.EnterpriseID, i.Year, i.Half, self).Scan(&created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("indicator: check period: %w", err)
	}
	return validate.Errors{"year": duplicateMessage(i.Period, created)}
}

const insertColumns = `INSERT INTO indicators (enterprise_id, year, half, revenue, profit, budget_paid, employees, avg_income,
	investment, digital, green, welfare, insurance_full, insurance_arrears, accidents, violations, tax_arrears, productivity,
	source, created_at, updated_at) VALUES `

// insertWidth is the number of values a row inserts.
const insertWidth = 21

func (i *Indicator) values() []any {
	return []any{i.EnterpriseID, i.Year, i.Half, i.Revenue, i.Profit, i.BudgetPaid, i.Employees, i.AvgIncome, i.Investment,
		i.Digital, i.Green, i.Welfare, i.InsuranceFull, i.InsuranceArrears, i.Accidents, i.Violations, i.TaxArrears,
		i.Productivity(), i.Source, i.CreatedAt, i.UpdatedAt}
}

func insert(ctx context.Context, tx *sql.Tx, i *Indicator) error {
	err := tx.QueryRowContext(ctx, insertColumns+"("+db.Placeholders(1, insertWidth)+") RETURNING id", i.values()...).Scan(&i.ID)
	if db.IsUniqueViolation(err) {
		return validate.Errors{"year": duplicateMessage(i.Period, i.CreatedAt)}
	}
	if err != nil {
		return fmt.Errorf("indicator: insert: %w", err)
	}
	return nil
}

const updateSQL = `UPDATE indicators SET year = $1, half = $2, revenue = $3, profit = $4, budget_paid = $5, employees = $6,
	avg_income = $7, investment = $8, digital = $9, green = $10, welfare = $11, insurance_full = $12, insurance_arrears = $13,
	accidents = $14, violations = $15, tax_arrears = $16, productivity = $17, source = $18, updated_at = $19 WHERE id = $20`

func (i *Indicator) updateValues() []any {
	return []any{i.Year, i.Half, i.Revenue, i.Profit, i.BudgetPaid, i.Employees, i.AvgIncome, i.Investment, i.Digital, i.Green,
		i.Welfare, i.InsuranceFull, i.InsuranceArrears, i.Accidents, i.Violations, i.TaxArrears, i.Productivity(), i.Source,
		i.UpdatedAt, i.ID}
}

func update(ctx context.Context, tx *sql.Tx, i *Indicator) error {
	_, err := tx.ExecContext(ctx, updateSQL, i.updateValues()...)
	if db.IsUniqueViolation(err) {
		return validate.Errors{"year": duplicateMessage(i.Period, i.UpdatedAt)}
	}
	if err != nil {
		return fmt.Errorf("indicator: update %d: %w", i.ID, err)
	}
	return nil
}
