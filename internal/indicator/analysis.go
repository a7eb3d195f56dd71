package indicator

import (
	"github.com/thidua/thidua/internal/enterprise"
)

// Ownership classes the analysis compares, as the movement's name does: private
// enterprises, state-owned ones, and the rest (foreign-invested, co-operatives…).
const (
	ClassPrivate = "private"
	ClassState   = "state"
	ClassOther   = "other"
)

// Classes lists the ownership classes in display order.
var Classes = []string{ClassPrivate, ClassState, ClassOther}

var classLabels = map[string]string{ClassPrivate: "Doanh nghiệp tư nhân", ClassState: "Doanh nghiệp nhà nước",
	ClassOther: "Khác (có vốn nước ngoài, hợp tác xã…)"}

// ClassLabel is an ownership class in Vietnamese.
func ClassLabel(c string) string { return classLabels[c] }

// ClassOf is the class of an enterprise's ownership.
func ClassOf(o enterprise.Ownership) string {
	switch o {
	case enterprise.OwnershipPrivate:
		return ClassPrivate
	case enterprise.OwnershipState:
		return ClassState
	}
	return ClassOther
}

// ownershipsOf are the ownerships of a class, for SQL.
func ownershipsOf(class string) []any {
	switch class {
	case ClassPrivate:
		return []any{string(enterprise.OwnershipPrivate)}
	case ClassState:
		return []any{string(enterprise.OwnershipState)}
	}
	return []any{string(enterprise.OwnershipForeign), string(enterprise.OwnershipOther)}
}

// Measures the ranking can order by.
const (
	RankRevenue      = "revenue"
	RankProfit       = "profit"
	RankBudget       = "budget_paid"
	RankProductivity = "productivity"
)

// Ranks lists the measures with their Vietnamese names.
var Ranks = []struct{ Code, Label string }{
	{RankRevenue, "Doanh thu"}, {RankProfit, "Lợi nhuận trước thuế"}, {RankBudget, "Nộp ngân sách"}, {RankProductivity, "Năng suất lao động"},
}

// RankLabel is a measure's Vietnamese name.
func RankLabel(code string) string {
	for _, r := range Ranks {
		if r.Code == code {
			return r.Label
		}
	}
	return ""
}

// Query says what to analyse: a period, and optionally the sector and ownership
// class that the distributions, the ranking and the compliance shares look at.
type Query struct {
	Period Period
	Sector enterprise.Sector
	Class  string
	Rank   string // RankRevenue when empty
}

// Sums are the figures summed over a set of reports.
type Sums struct {
	Enterprises int   `json:"enterprises"`
	Revenue     int64 `json:"revenue"`
	Profit      int64 `json:"profit"`
	BudgetPaid  int64 `json:"budget_paid"`
	Employees   int64 `json:"employees"`
}

// Totals are a group's sums for the period, with the like-for-like comparison with
// the period a year before: Now and Before are the sums of the enterprises that
// reported both, so that an enterprise reporting for the first time is not growth.
type Totals struct {
	Sums
	Investment int64 `json:"investment"`
	// IncomeMass is Σ average monthly income × workers, for the weighted mean.
	IncomeMass  int64 `json:"-"`
	Now, Before Sums
}

// AvgIncome is the mean monthly income of all the group's workers.
func (t Totals) AvgIncome() *int64 {
	if t.Employees <= 0 {
		return nil
	}
	v := t.IncomeMass / t.Employees
	return &v
}

// Productivity is the group's revenue per worker.
func (t Totals) Productivity() *int64 {
	if t.Employees <= 0 {
		return nil
	}
	v := t.Revenue / t.Employees
	return &v
}

func growth(now, before int64) *float64 {
	if before <= 0 {
		return nil
	}
	v := float64(now-before) * 100 / float64(before)
	return &v
}

// RevenueGrowth is the like-for-like growth of revenue in percent; nil when there is
// nothing to compare.
func (t Totals) RevenueGrowth() *float64 { return growth(t.Now.Revenue, t.Before.Revenue) }

// ProfitGrowth is nil also when the earlier profit was not positive: growth from a
// loss means nothing.
func (t Totals) ProfitGrowth() *float64 { return growth(t.Now.Profit, t.Before.Profit) }

// BudgetGrowth is the like-for-like growth of the budget paid.
func (t Totals) BudgetGrowth() *float64 { return growth(t.Now.BudgetPaid, t.Before.BudgetPaid) }

// EmployeesGrowth is the like-for-like growth of the workforce.
func (t Totals) EmployeesGrowth() *float64 { return growth(t.Now.Employees, t.Before.Employees) }

func (t *Totals) add(o Totals) {
	t.Sums.add(o.Sums)
	t.Now.add(o.Now)
	t.Before.add(o.Before)
	t.Investment += o.Investment
	t.IncomeMass += o.IncomeMass
}

func (s *Sums) add(o Sums) {
	s.Enterprises += o.Enterprises
	s.Revenue += o.Revenue
	s.Profit += o.Profit
	s.BudgetPaid += o.BudgetPaid
	s.Employees += o.Employees
}

// Group is one sector's or ownership class's totals.
type Group struct {
	Key, Label string
	Totals
}

// YearSums are one year's sums, for the trend.
type YearSums struct {
	Year int
	Sums
}

// Band is one bar of a distribution: how many enterprises fall in it.
type Band struct {
	Label string
	Count int
}

// Distribution is the enterprises spread over bands of one measure.
type Distribution struct {
	Title string
	Bands []Band
}

// Compliance counts the enterprises that met each obligation the plan names.
type Compliance struct {
	Reported, Tax, Insurance, Safety, Environment, Full int
}

// Share is n as a percentage of the enterprises reported, nil when none did.
func (c Compliance) Share(n int) *float64 {
	if c.Reported == 0 {
		return nil
	}
	v := float64(n) * 100 / float64(c.Reported)
	return &v
}

// Ranked is one enterprise's figures and the value it was ranked by.
type Ranked struct {
	Indicator
	Value int64
}

// Analysis is what Phòng Kế hoạch - Tài chính reads about one period.
type Analysis struct {
	Query
	Previous      Period
	All           Totals
	BySector      []Group // an enterprise in two sectors counts in both
	ByOwnership   []Group
	Trend         []YearSums // the whole period kind over up to five years
	Distributions []Distribution
	Compliance    Compliance
	Top, Bottom   []Ranked
	// FirstYear and LastYear bound the years with any figures, for the year choice.
	FirstYear, LastYear int
}
