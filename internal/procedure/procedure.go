// Package procedure keeps the catalogue of administrative procedures (thủ tục hành
// chính) the department handles: who handles each, how long it may take, what it
// costs, and how far it is offered online. Target T3 is counted from it, and every
// dossier refers to one of its codes.
package procedure

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// Procedure is one entry of the catalogue. ValidTo is the last day the procedure
// applies; zero means it still does.
type Procedure struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	// Field is the catalogue's lĩnh vực, free text as the province publishes it.
	Field string `json:"field"`
	// UnitCode names the responsible unit when set (forms and files write codes or
	// names); otherwise UnitID does. Both and UnitName are filled when read.
	UnitID   int64  `json:"unit_id"`
	UnitCode string `json:"unit_code"`
	UnitName string `json:"unit_name"`
	// StatutoryDays is the processing time in working days; nil when not stated.
	StatutoryDays *float64 `json:"statutory_days"`
	// Fee is in đồng. FeeText is what the catalogue writes when it is more than a
	// plain amount ("Không quy định", "75.000 đồng/giấy phép"), empty otherwise.
	Fee           int64         `json:"fee"`
	FeeText       string        `json:"fee_text"`
	FeeBasis      string        `json:"fee_basis"`
	OnlineLevel   OnlineLevel   `json:"online_level"`
	EligibleFull  bool          `json:"eligible_full"`
	NotFullReason string        `json:"not_full_reason"`
	ValidFrom     calendar.Date `json:"valid_from"`
	ValidTo       calendar.Date `json:"valid_to,omitzero"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// FieldLabels are the Vietnamese names of the fields, which are also the headers of
// the import file. Field names are the form fields' names and the keys of FieldErrors.
var FieldLabels = map[string]string{
	"code":            "Mã thủ tục",
	"name":            "Tên thủ tục",
	"field":           "Lĩnh vực",
	"unit":            "Đơn vị thực hiện",
	"statutory_days":  "Thời hạn giải quyết",
	"fee":             "Phí, lệ phí",
	"fee_basis":       "Căn cứ thu phí",
	"online_level":    "Mức độ trực tuyến",
	"eligible_full":   "Đủ điều kiện toàn trình",
	"not_full_reason": "Lý do chưa toàn trình",
	"valid_from":      "Hiệu lực từ",
	"valid_to":        "Hiệu lực đến",
}

// FieldErrors maps a field (code, unit, not_full_reason, …) to what is wrong with
// it, in Vietnamese with the field's name first. Nothing was saved.
type FieldErrors = validate.Errors

type issue = validate.Issue

func fieldErrors(issues []issue) error { return validate.FromIssues(issues, FieldLabels) }

// ValidOn reports whether the procedure applies on day d.
func (p Procedure) ValidOn(d calendar.Date) bool {
	return !p.ValidFrom.After(d) && (p.ValidTo.IsZero() || !p.ValidTo.Before(d))
}

// DaysText writes the statutory time the way the catalogue does: "2,5".
func (p Procedure) DaysText() string {
	if p.StatutoryDays == nil {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(*p.StatutoryDays, 'f', -1, 64), ".", ",", 1)
}

// codePattern is a national procedure code, "1.000703", optionally with the
// provincial suffix of the national portal, "1.001776.000.00.00.H56".
var codePattern = regexp.MustCompile(`^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$`)

// NormalizeCode tidies a code as typed: spaces dropped, the province letter upper case.
func NormalizeCode(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

const (
	maxName   = 1000
	maxField  = 300
	maxText   = 2000
	maxFeeTxt = 500
	// maxFee keeps a fee within the column's 32-bit integer on PostgreSQL; no
	// procedure of a department charges two billion đồng.
	maxFee = math.MaxInt32
)

// normalize tidies what a person typed and reports what cannot be accepted. Every
// way in (form, import, other code) goes through it; the unit and the code's
// uniqueness are checked by the store, which can see the database.
func (p *Procedure) normalize() []issue {
	var out []issue
	add := func(field, format string, args ...any) {
		out = append(out, issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	p.Code = NormalizeCode(p.Code)
	p.Name, p.Field, p.UnitCode = clean(p.Name), clean(p.Field), strings.TrimSpace(p.UnitCode)
	p.FeeText, p.FeeBasis, p.NotFullReason = clean(p.FeeText), clean(p.FeeBasis), clean(p.NotFullReason)
	switch {
	case p.Code == "":
		add("code", "không được để trống")
	case !codePattern.MatchString(p.Code):
		add("code", "“%s” không phải mã thủ tục quốc gia; mã có dạng 1.000703 hoặc 1.001776.000.00.00.H56", p.Code)
	}
	checkText(add, "name", p.Name, maxName, true)
	checkText(add, "field", p.Field, maxField, false)
	if p.UnitCode == "" && p.UnitID == 0 {
		add("unit", "không được để trống; chọn phòng, đơn vị giải quyết thủ tục")
	}
	if d := p.StatutoryDays; d != nil && (math.IsNaN(*d) || math.IsInf(*d, 0) || *d <= 0) {
		add("statutory_days", "phải là số ngày làm việc lớn hơn 0")
	}
	switch {
	case p.Fee < 0:
		add("fee", "không được là số âm")
	case p.Fee > maxFee:
		add("fee", "số tiền quá lớn")
	}
	checkText(add, "fee", p.FeeText, maxFeeTxt, false)
	checkText(add, "fee_basis", p.FeeBasis, maxText, false)
	p.checkOnline(add)
	if !p.ValidTo.IsZero() && !p.ValidFrom.IsZero() && p.ValidTo.Before(p.ValidFrom) {
		add("valid_to", "%s trước ngày hiệu lực %s", p.ValidTo.DMY(), p.ValidFrom.DMY())
	}
	return out
}

// checkOnline applies the rules on online service: a procedure offered toàn trình
// is by that fact eligible, and one that is eligible but not offered toàn trình
// must publish why.
func (p *Procedure) checkOnline(add func(field, format string, args ...any)) {
	switch {
	case p.OnlineLevel == "":
		add("online_level", "không được để trống; chọn một trong: %s", levelChoices.Names())
		return
	case !p.OnlineLevel.Valid():
		add("online_level", "không có mức “%s”; chọn một trong: %s", p.OnlineLevel, levelChoices.Names())
		return
	}
	if p.OnlineLevel == LevelFull {
		if !p.EligibleFull {
			add("eligible_full", "thủ tục đã cung cấp toàn trình thì phải là thủ tục đủ điều kiện toàn trình")
		}
		// A reason for not being online has nothing to explain any more.
		p.NotFullReason = ""
		return
	}
	if p.EligibleFull && p.NotFullReason == "" {
		add("not_full_reason", "bắt buộc khi thủ tục đủ điều kiện mà chưa cung cấp toàn trình: lý do phải được công khai")
	}
	if utf8.RuneCountInString(p.NotFullReason) > maxText {
		add("not_full_reason", "dài quá %d ký tự", maxText)
	}
}

func checkText(add func(field, format string, args ...any), field, v string, limit int, required bool) {
	switch {
	case required && v == "":
		add(field, "không được để trống")
	case utf8.RuneCountInString(v) > limit:
		add(field, "dài quá %d ký tự", limit)
	}
}

// sameContent reports whether a and b hold the same data, ignoring identity and
// timestamps: saving or importing without a change must not touch a row.
func sameContent(a, b Procedure) bool {
	sameDays := (a.StatutoryDays == nil) == (b.StatutoryDays == nil) &&
		(a.StatutoryDays == nil || *a.StatutoryDays == *b.StatutoryDays)
	return a.Code == b.Code && a.Name == b.Name && a.Field == b.Field && a.UnitID == b.UnitID && sameDays &&
		a.Fee == b.Fee && a.FeeText == b.FeeText && a.FeeBasis == b.FeeBasis && a.OnlineLevel == b.OnlineLevel &&
		a.EligibleFull == b.EligibleFull && a.NotFullReason == b.NotFullReason && a.ValidFrom == b.ValidFrom && a.ValidTo == b.ValidTo
}

func (p *Procedure) search() string { return textnorm.FoldAll(p.Code, p.Name, p.Field) }

// clean puts text in the composed Unicode form and collapses runs of spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}
