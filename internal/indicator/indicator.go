// Package indicator keeps the business indicators (chỉ tiêu sản xuất kinh doanh) that
// enterprises report for a year or a half-year: revenue, profit, budget paid, workers
// and their income, investment, what they do for digital and green transformation and
// for their workers, and how they stand with tax, social insurance, safety,
// environment and fire rules. Enterprises enter their own; the office imports files.
// Phòng Kế hoạch - Tài chính reads them by sector and by ownership (Analyze), and the
// department's reports state the sector totals (ReportFigures). Money is integer đồng.
package indicator

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// Halves of a year a period can be.
const (
	WholeYear  = 0 // cả năm
	FirstHalf  = 1 // 6 tháng đầu năm
	SecondHalf = 2 // 6 tháng cuối năm
)

// Halves lists the kinds of period in the order forms offer them.
var Halves = []int{WholeYear, FirstHalf, SecondHalf}

var halfLabels = map[int]string{WholeYear: "Cả năm", FirstHalf: "6 tháng đầu năm", SecondHalf: "6 tháng cuối năm"}

// HalfLabel is the Vietnamese name of a kind of period.
func HalfLabel(h int) string { return halfLabels[h] }

// Period is a year, or a half of it.
type Period struct {
	Year int `json:"year"`
	Half int `json:"half"`
}

// String is the period as reports name it: "năm 2025", "6 tháng đầu năm 2026".
func (p Period) String() string {
	if p.Half == WholeYear {
		return fmt.Sprintf("năm %d", p.Year)
	}
	return fmt.Sprintf("%s %d", strings.ToLower(halfLabels[p.Half]), p.Year)
}

// Label is String with a capital letter, for headings.
func (p Period) Label() string {
	s := p.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// Previous is the same period a year earlier, which growth is measured against.
func (p Period) Previous() Period { return Period{Year: p.Year - 1, Half: p.Half} }

// Indicator is what one enterprise reported for one period.
type Indicator struct {
	ID             int64  `json:"id"`
	EnterpriseID   int64  `json:"enterprise_id"`
	TaxCode        string `json:"tax_code"`
	EnterpriseName string `json:"enterprise_name"`
	Period
	Revenue    int64  `json:"revenue"`
	Profit     int64  `json:"profit"` // before tax; negative for a loss
	BudgetPaid int64  `json:"budget_paid"`
	Employees  int    `json:"employees"`
	AvgIncome  int64  `json:"avg_income"` // per worker and month
	Investment int64  `json:"investment"` // in machinery and technology
	Digital    string `json:"digital"`
	Green      string `json:"green"`
	Welfare    string `json:"welfare"`
	// InsuranceFull says social insurance was paid in full; InsuranceArrears is what is owed.
	InsuranceFull    bool      `json:"insurance_full"`
	InsuranceArrears int64     `json:"insurance_arrears"`
	Accidents        int       `json:"accidents"`
	Violations       int       `json:"violations"` // environmental and fire-safety
	TaxArrears       int64     `json:"tax_arrears"`
	Source           string    `json:"source"` // form or import
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Sources of a record.
const (
	SourceForm   = "form"
	SourceImport = "import"
)

// Productivity is labour productivity, revenue per worker in the period, or nil
// when no worker was reported.
func (i Indicator) Productivity() *int64 {
	if i.Employees <= 0 {
		return nil
	}
	v := i.Revenue / int64(i.Employees)
	return &v
}

// TaxCompliant: no tax owed.
func (i Indicator) TaxCompliant() bool { return i.TaxArrears == 0 }

// InsuranceCompliant: social insurance paid in full, nothing owed.
func (i Indicator) InsuranceCompliant() bool { return i.InsuranceFull && i.InsuranceArrears == 0 }

// SafetyCompliant: no labour accident.
func (i Indicator) SafetyCompliant() bool { return i.Accidents == 0 }

// EnvironmentCompliant: no environmental or fire-safety violation.
func (i Indicator) EnvironmentCompliant() bool { return i.Violations == 0 }

// Compliant: all four at once, what the plan's "thi đua chấp hành pháp luật" asks.
func (i Indicator) Compliant() bool {
	return i.TaxCompliant() && i.InsuranceCompliant() && i.SafetyCompliant() && i.EnvironmentCompliant()
}

// sameFigures reports whether a and b say the same, ignoring identity and times:
// re-importing a file or saving an unchanged form writes nothing.
func sameFigures(a, b Indicator) bool {
	a.ID, a.EnterpriseID, a.TaxCode, a.EnterpriseName, a.Source, a.CreatedAt, a.UpdatedAt = 0, 0, "", "", "", time.Time{}, time.Time{}
	b.ID, b.EnterpriseID, b.TaxCode, b.EnterpriseName, b.Source, b.CreatedAt, b.UpdatedAt = 0, 0, "", "", "", time.Time{}, time.Time{}
	return a == b
}

// FieldLabels name the fields in Vietnamese; they are also the import file's headers
// (with the tax code's). Field names are the form fields' names and the keys of
// validation errors.
var FieldLabels = map[string]string{
	"tax_code":          "Mã số thuế",
	"year":              "Năm",
	"half":              "Kỳ báo cáo",
	"revenue":           "Doanh thu (đồng)",
	"profit":            "Lợi nhuận trước thuế (đồng)",
	"budget_paid":       "Nộp ngân sách nhà nước (đồng)",
	"employees":         "Số lao động",
	"avg_income":        "Thu nhập bình quân (đồng/người/tháng)",
	"investment":        "Đầu tư máy móc, công nghệ (đồng)",
	"digital":           "Chuyển đổi số",
	"green":             "Công trình xanh, tiết kiệm năng lượng, vật liệu mới",
	"welfare":           "Chăm lo người lao động ngoài mức luật định",
	"insurance_full":    "Đóng đủ bảo hiểm xã hội",
	"insurance_arrears": "Nợ bảo hiểm xã hội (đồng)",
	"accidents":         "Tai nạn lao động (vụ)",
	"violations":        "Vi phạm môi trường, phòng cháy chữa cháy (vụ)",
	"tax_arrears":       "Nợ thuế (đồng)",
}

// Input is a period's figures as typed in the form or read from a file's row.
type Input struct {
	Year, Half                                             string
	Revenue, Profit, BudgetPaid, Employees, AvgIncome      string
	Investment, Digital, Green, Welfare                    string
	InsuranceFull, InsuranceArrears, Accidents, Violations string
	TaxArrears                                             string
}

// FirstYear is the earliest year accepted.
const FirstYear = 2000

const maxText = 2000

// parse checks the input against today's date and returns the figures it
// describes, or what is wrong with each field.
func (in Input) parse(today time.Time) (Indicator, []validate.Issue) {
	var out Indicator
	var issues []validate.Issue
	bad := func(field, format string, args ...any) {
		issues = append(issues, validate.Issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	year, err := strconv.Atoi(strings.TrimSpace(in.Year))
	ok := err == nil
	switch {
	case strings.TrimSpace(in.Year) == "":
		bad("year", "không được để trống")
	case !ok:
		bad("year", "“%s” không phải một năm", strings.TrimSpace(in.Year))
	case year > today.Year():
		bad("year", "%d là năm chưa đến (năm nay là %d); không nhận số liệu của năm tương lai", year, today.Year())
	case year < FirstYear:
		bad("year", "không nhận số liệu trước năm %d", FirstYear)
	}
	out.Year = year
	half, ok := ParseHalf(in.Half)
	switch {
	case !ok:
		bad("half", "không có kỳ “%s”; ghi Cả năm, 6 tháng đầu năm hoặc 6 tháng cuối năm", strings.TrimSpace(in.Half))
	case half == SecondHalf && year == today.Year() && today.Month() < time.July:
		bad("half", "6 tháng cuối năm %d chưa bắt đầu", year)
	}
	out.Half = half
	money := func(field, s string, required, negative bool) int64 {
		v, msg := parseMoney(s, required, negative)
		if msg != "" {
			bad(field, "%s", msg)
		}
		return v
	}
	count := func(field, s string, required bool) int {
		n, msg := parseInteger(s, required)
		if msg != "" {
			bad(field, "%s", msg)
		}
		return n
	}
	out.Revenue = money("revenue", in.Revenue, true, false)
	out.Profit = money("profit", in.Profit, true, true)
	out.BudgetPaid = money("budget_paid", in.BudgetPaid, true, false)
	out.Employees = count("employees", in.Employees, true)
	out.AvgIncome = money("avg_income", in.AvgIncome, false, false)
	out.Investment = money("investment", in.Investment, false, false)
	out.InsuranceArrears = money("insurance_arrears", in.InsuranceArrears, false, false)
	out.TaxArrears = money("tax_arrears", in.TaxArrears, false, false)
	out.Accidents = count("accidents", in.Accidents, false)
	out.Violations = count("violations", in.Violations, false)
	for _, t := range []struct {
		field string
		dst   *string
		src   string
	}{{"digital", &out.Digital, in.Digital}, {"green", &out.Green, in.Green}, {"welfare", &out.Welfare, in.Welfare}} {
		*t.dst = clean(t.src)
		if n := len([]rune(*t.dst)); n > maxText {
			bad(t.field, "dài %d ký tự, quá %d ký tự", n, maxText)
		}
	}
	full, ok := parseYesNo(in.InsuranceFull)
	switch {
	case !ok:
		bad("insurance_full", "ghi Có hoặc Không, không phải “%s”", strings.TrimSpace(in.InsuranceFull))
	case strings.TrimSpace(in.InsuranceFull) == "":
		full = out.InsuranceArrears == 0
	case full && out.InsuranceArrears > 0:
		bad("insurance_arrears", "đã ghi đóng đủ bảo hiểm xã hội thì số nợ phải là 0")
	}
	out.InsuranceFull = full
	return out, issues
}

// ParseHalf reads a kind of period: empty or "Cả năm" is the whole year; "6 tháng
// đầu năm" (or 1, H1) the first half; "6 tháng cuối năm" (or 2, H2) the second.
func ParseHalf(s string) (int, bool) {
	switch f := strings.Join(strings.Fields(textnorm.Fold(s)), " "); f {
	case "", "0", "ca nam", "nam", "year":
		return WholeYear, true
	case "1", "h1", "6 thang dau nam", "6 thang dau", "sau thang dau nam", "dau nam":
		return FirstHalf, true
	case "2", "h2", "6 thang cuoi nam", "6 thang cuoi", "sau thang cuoi nam", "cuoi nam":
		return SecondHalf, true
	}
	return 0, false
}

// parseYesNo reads Có/Không as people write it; empty is ok and false.
func parseYesNo(s string) (bool, bool) {
	switch textnorm.Fold(strings.TrimSpace(s)) {
	case "":
		return false, true
	case "co", "c", "x", "1", "yes", "y", "true", "du", "da dong du", "dong du":
		return true, true
	case "khong", "k", "0", "no", "n", "false", "chua du", "chua dong du", "no bhxh":
		return false, true
	}
	return false, false
}

func clean(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Money returns n đồng as the pages and files write it: 12.500.000.000.
func Money(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
