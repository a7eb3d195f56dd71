package procedure

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/textnorm"
)

// OnlineLevel is how far a procedure is offered online.
type OnlineLevel string

const (
	LevelFull    OnlineLevel = "full"    // toàn trình: submission, processing, payment and result online
	LevelPartial OnlineLevel = "partial" // một phần
	LevelNone    OnlineLevel = "none"    // not online
)

// Levels lists the levels in display order.
var Levels = []OnlineLevel{LevelFull, LevelPartial, LevelNone}

// LevelLabels are the Vietnamese names of the levels, as catalogues write them.
var LevelLabels = map[OnlineLevel]string{
	LevelFull:    "Toàn trình",
	LevelPartial: "Một phần",
	LevelNone:    "Không",
}

var levelChoices = tabular.NewChoices(Levels, LevelLabels)

// levelAliases are other ways files name the levels, folded. Before Decree
// 42/2022 catalogues graded online services 1 to 4: level 4 is what is now toàn
// trình, level 3 một phần, and below that nothing can be submitted online.
var levelAliases = map[string]OnlineLevel{
	"truc tuyen toan trinh": LevelFull, "dvc toan trinh": LevelFull, "muc do 4": LevelFull,
	"truc tuyen mot phan": LevelPartial, "dvc mot phan": LevelPartial, "muc do 3": LevelPartial,
	"khong truc tuyen": LevelNone, "truc tiep": LevelNone, "muc do 2": LevelNone, "muc do 1": LevelNone,
}

// Label is the Vietnamese name, or the code itself if unknown.
func (l OnlineLevel) Label() string { return levelChoices.Label(l) }

// Valid reports whether l is a known level.
func (l OnlineLevel) Valid() bool { return levelChoices.Valid(l) }

// ParseLevel accepts a code, a Vietnamese name with or without diacritics, or one
// of the older names of the levels.
func ParseLevel(s string) (OnlineLevel, bool) {
	if l, ok := levelChoices.Parse(s); ok {
		return l, true
	}
	l, ok := levelAliases[textnorm.Fold(s)]
	return l, ok
}

// Entry is a procedure as people write it, in a form or a spreadsheet row: every
// value is text, as typed. Unit is a unit's code or name.
type Entry struct {
	Code, Name, Field, Unit, Days, Fee, FeeBasis, Level, Eligible, Reason, ValidFrom, ValidTo string
}

// Procedure reads an entry and validates the result. The error is FieldErrors
// naming every field that cannot be read or accepted, so a form shows them all at
// once; the unit and the code's uniqueness are checked when the store saves it.
func (e Entry) Procedure() (Procedure, error) {
	p, issues := e.parse()
	return p, fieldErrors(issues)
}

// parse reads an entry and validates the result. A value that cannot be read is
// kept as written where the field allows, so that the message can quote it.
func (e Entry) parse() (Procedure, []issue) {
	var out []issue
	add := func(field, format string, args ...any) {
		out = append(out, issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	p := Procedure{Code: e.Code, Name: e.Name, Field: e.Field, UnitCode: e.Unit, FeeBasis: e.FeeBasis, NotFullReason: e.Reason,
		OnlineLevel: OnlineLevel(strings.TrimSpace(e.Level))}
	var msg string
	if p.StatutoryDays, msg = ParseDays(e.Days); msg != "" {
		add("statutory_days", "%s", msg)
	}
	if p.Fee, p.FeeText, msg = ParseFee(e.Fee); msg != "" {
		add("fee", "%s", msg)
	}
	if l, ok := ParseLevel(e.Level); ok {
		p.OnlineLevel = l
	}
	yes, ok := parseYesNo(e.Eligible)
	switch {
	case strings.TrimSpace(e.Eligible) == "":
		add("eligible_full", "không được để trống; ghi Có hoặc Không")
	case !ok:
		add("eligible_full", "“%s” không phải Có hay Không", strings.TrimSpace(e.Eligible))
	}
	p.EligibleFull = yes
	if p.ValidFrom, msg = parseDate(e.ValidFrom); msg != "" {
		add("valid_from", "%s", msg)
	}
	if p.ValidTo, msg = parseDate(e.ValidTo); msg != "" {
		add("valid_to", "%s", msg)
	}
	issues := p.normalize()
	// A yes/no that could not be read would add a second, misleading message.
	if !ok {
		issues = dropField(issues, "eligible_full")
	}
	return p, sortIssues(append(out, issues...))
}

// sortIssues puts issues in the order of the fields, so that messages read left
// to right.
func sortIssues(issues []issue) []issue {
	slices.SortStableFunc(issues, func(a, b issue) int { return slices.Index(fieldOrder, a.Field) - slices.Index(fieldOrder, b.Field) })
	return issues
}

// fieldOrder is the order of the fields in forms and files.
var fieldOrder = []string{"code", "name", "field", "unit", "statutory_days", "fee", "fee_basis", "online_level",
	"eligible_full", "not_full_reason", "valid_from", "valid_to"}

func dropField(issues []issue, field string) []issue {
	var out []issue
	for _, is := range issues {
		if is.Field != field {
			out = append(out, is)
		}
	}
	return out
}

// amount is a number of days as catalogues write it: "15", "2,5", "2.5".
var amount = regexp.MustCompile(`^\d+([.,]\d+)?$`)

// ParseDays reads a statutory time in working days: "15", "2,5", "15 ngày làm
// việc", "Chậm nhất 2,5 ngày làm việc". Empty text is no stated time. A time in
// calendar days or hours is refused rather than guessed: the deadline rules count
// working days. The message is in Vietnamese and quotes the text.
func ParseDays(s string) (*float64, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ""
	}
	f := textnorm.Fold(s)
	for _, prefix := range []string{"cham nhat", "khong qua", "trong thoi han", "trong vong", "trong"} {
		f = strings.TrimSpace(strings.TrimPrefix(f, prefix))
	}
	num, unit, _ := strings.Cut(f, " ")
	unit = strings.TrimSpace(unit)
	if !amount.MatchString(num) {
		return nil, fmt.Sprintf("không đọc được “%s”; ghi số ngày làm việc, ví dụ 15 hoặc 2,5 ngày làm việc", s)
	}
	switch {
	case unit == "", strings.HasPrefix(unit, "ngay lam viec"):
	case unit == "ngay", strings.HasPrefix(unit, "ngay "):
		return nil, fmt.Sprintf("“%s” chưa rõ là ngày làm việc hay ngày theo lịch; ghi “%s ngày làm việc” nếu là ngày làm việc", s, num)
	default:
		return nil, fmt.Sprintf("không đọc được “%s”; thời hạn ghi bằng số ngày làm việc, ví dụ 15 hoặc 2,5 ngày làm việc", s)
	}
	v, err := strconv.ParseFloat(strings.Replace(num, ",", ".", 1), 64)
	if err != nil {
		return nil, fmt.Sprintf("không đọc được “%s”", s)
	}
	return &v, ""
}

// money is an amount in đồng at the start of a text, with or without thousands
// dots: "50.000", "50000", "75.000 đồng/giấy phép".
var money = regexp.MustCompile(`^-?(\d{1,3}(?:[.,]\d{3})+|\d+)`)

// noFee are the words catalogues use when nothing is charged, folded.
var noFee = map[string]bool{"khong": true, "khong quy dinh": true, "mien phi": true, "khong thu": true,
	"khong thu phi": true, "khong co": true, "mien": true}

// currency are the ways of writing "đồng" after an amount, folded.
var currency = map[string]bool{"dong": true, "d": true, "vnd": true, "dong viet nam": true}

// ParseFee reads a fee: "50.000", "50000", "50.000 đồng" are amounts; "Không",
// "Không quy định", "Miễn phí" are 0 with the words kept; a text that starts with an
// amount and goes on ("75.000 đồng/giấy phép") keeps both. Empty is 0. Amounts in
// thousands or millions ("500 nghìn") are refused rather than misread.
func ParseFee(s string) (fee int64, text, problem string) {
	s = clean(s)
	if s == "" {
		return 0, "", ""
	}
	if noFee[textnorm.Fold(s)] {
		return 0, s, ""
	}
	unreadable := fmt.Sprintf("không đọc được “%s”; ghi số tiền bằng đồng (ví dụ 50.000) hoặc Không quy định", s)
	num := money.FindString(s)
	if num == "" {
		return 0, s, unreadable
	}
	rest := strings.TrimSpace(s[len(num):])
	folded := textnorm.Fold(rest)
	if strings.IndexAny(rest[:min(1, len(rest))], "0123456789.,") == 0 {
		return 0, s, unreadable
	}
	for _, scale := range []string{"nghin", "ngan", "trieu", "ty"} {
		if folded == scale || strings.HasPrefix(folded, scale+" ") {
			return 0, s, unreadable
		}
	}
	n, err := strconv.ParseInt(strings.NewReplacer(".", "", ",", "").Replace(num), 10, 64)
	if err != nil {
		return 0, s, unreadable
	}
	if rest == "" || currency[folded] {
		return n, "", "" // a plain amount says all there is
	}
	return n, s, ""
}

func parseYesNo(s string) (yes, ok bool) {
	switch textnorm.Fold(s) {
	case "co", "x", "yes", "1", "dung", "true", "du dieu kien":
		return true, true
	case "khong", "no", "0", "false", "khong du dieu kien":
		return false, true
	}
	return false, false
}

// parseDate reads dd/mm/yyyy (also d/m/yyyy) or yyyy-mm-dd; empty is the zero Date.
func parseDate(s string) (calendar.Date, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, ""
	}
	if t, err := time.Parse("2/1/2006", s); err == nil {
		s = t.Format(time.DateOnly)
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}, fmt.Sprintf("không đọc được ngày “%s”; ghi dạng dd/mm/yyyy", s)
	}
	return d, ""
}
