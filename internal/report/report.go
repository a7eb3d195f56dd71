// Package report runs the reporting regime of a movement (chế độ báo cáo): the reports
// the office asks for (from the plan file or made by hand), what each unit or
// enterprise submits against them with its own figures filled in from thidua, the
// register of who submitted on time, late or not at all with reminders, the
// difficulties units raise for the Director, and the department's consolidated
// report as a Decree 30 document.
package report

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/validate"
)

// Kind is the kind of a report.
type Kind string

const (
	Interim  Kind = "interim"   // sơ kết
	Final    Kind = "final"     // tổng kết
	Annual   Kind = "annual"    // hằng năm
	SixMonth Kind = "six_month" // 6 tháng
	AdHoc    Kind = "ad_hoc"    // đột xuất
)

// Kinds in the order forms offer them.
var Kinds = []Kind{Interim, Final, Annual, SixMonth, AdHoc}

var kindLabels = map[Kind]string{Interim: "Sơ kết", Final: "Tổng kết", Annual: "Hằng năm", SixMonth: "6 tháng", AdHoc: "Đột xuất"}

// Label is the kind in Vietnamese.
func (k Kind) Label() string { return kindLabels[k] }

// Audience is who must submit.
type Audience string

const (
	AllUnits    Audience = "all_units"
	SomeUnits   Audience = "units"
	Enterprises Audience = "enterprises"
)

var audienceLabels = map[Audience]string{AllUnits: "Tất cả phòng, đơn vị", SomeUnits: "Các đơn vị được chọn", Enterprises: "Doanh nghiệp đã đăng ký thi đua"}

// Label is the audience in Vietnamese.
func (a Audience) Label() string { return audienceLabels[a] }

// Section is one part of the form a submitter writes: a narrative, or a number.
type Section struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Required bool   `json:"required"`
	Number   bool   `json:"number,omitempty"`
}

// DefaultSections are the parts of a unit's report the plan's reporting regime
// implies: what was done, what was hard, what is proposed.
var DefaultSections = []Section{
	{Key: "results", Label: "Kết quả triển khai phong trào thi đua", Required: true},
	{Key: "models", Label: "Mô hình hay, cách làm sáng tạo, điển hình tiên tiến"},
	{Key: "difficulties", Label: "Khó khăn, vướng mắc"},
	{Key: "proposals", Label: "Đề xuất, kiến nghị"},
}

// Definition is one report asked for.
type Definition struct {
	ID           int64
	MovementID   int64
	PlanCode     string
	Kind         Kind
	Title        string
	PeriodFrom   calendar.Date
	PeriodTo     calendar.Date
	Cutoff       calendar.Date
	Due          calendar.Date
	Audience     Audience
	Units        []int64 // when Audience is SomeUnits
	Sections     []Section
	RemindBefore []int // working days before the due date
	RemindAfter  bool
	State        string // open, closed
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Open reports whether submissions are still taken.
func (d *Definition) Open() bool { return d.State == "open" }

// DefinitionInput is what the office types in the report form.
type DefinitionInput struct {
	Kind, Title, PeriodFrom, PeriodTo, Cutoff, Due, Audience, RemindBefore string
	RemindAfter                                                            bool
	Units                                                                  []int64
	// Sections, one per line; a line starting with "*" is required.
	Sections string
}

// parse checks the form: dates in order (the period, then its cut-off, then the due
// date), a known kind and audience, units when the audience is a list.
func (in DefinitionInput) parse() (Definition, error) {
	errs := validate.Errors{}
	d := Definition{Kind: Kind(in.Kind), Title: strings.TrimSpace(in.Title), Audience: Audience(in.Audience), RemindAfter: in.RemindAfter,
		Units: in.Units, State: "open"}
	if d.Kind.Label() == "" {
		errs.Add("kind", "Chọn loại báo cáo")
	}
	if d.Title == "" {
		errs.Add("title", "Nhập tên báo cáo")
	}
	date := func(field, label, v string) calendar.Date {
		t, err := calendar.ParseDate(strings.TrimSpace(v))
		if err != nil {
			errs.Add(field, fmt.Sprintf("%s %q không hợp lệ (cần dạng YYYY-MM-DD)", label, v))
		}
		return t
	}
	d.PeriodFrom = date("period_from", "Ngày đầu kỳ báo cáo", in.PeriodFrom)
	d.PeriodTo = date("period_to", "Ngày cuối kỳ báo cáo", in.PeriodTo)
	d.Cutoff = date("cutoff", "Ngày chốt số liệu", in.Cutoff)
	d.Due = date("due", "Hạn nộp", in.Due)
	if len(errs) == 0 {
		switch {
		case d.PeriodTo.Before(d.PeriodFrom):
			errs.Add("period_to", "Ngày cuối kỳ báo cáo trước ngày đầu kỳ")
		case d.Due.Before(d.PeriodFrom):
			errs.Add("due", "Hạn nộp trước ngày đầu kỳ báo cáo")
		case d.Cutoff.Before(d.PeriodFrom):
			errs.Add("cutoff", "Ngày chốt số liệu trước ngày đầu kỳ báo cáo")
		case d.Cutoff.After(d.Due):
			errs.Add("cutoff", "Ngày chốt số liệu sau hạn nộp: đơn vị không thể báo cáo số liệu chưa có")
		}
	}
	switch d.Audience {
	case AllUnits, Enterprises:
		d.Units = nil
	case SomeUnits:
		if len(d.Units) == 0 {
			errs.Add("units", "Chọn ít nhất một đơn vị phải báo cáo")
		}
	default:
		errs.Add("audience", "Chọn đối tượng phải báo cáo")
	}
	days, err := parseDays(in.RemindBefore)
	if err != nil {
		errs.Add("remind_before", err.Error())
	}
	d.RemindBefore = days
	d.Sections = parseSections(in.Sections)
	return d, errs.Err()
}

// parseDays reads "7, 2" into [7 2].
func parseDays(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 60 {
			return nil, errors.New("Ngày nhắc trước hạn phải là các số từ 1 đến 60, cách nhau bởi dấu phẩy (ví dụ 7, 2)")
		}
		out = append(out, n)
	}
	return out, nil
}

func daysText(days []int) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

// parseSections reads one section a line; a leading "*" marks a required one and a
// leading "#" a number ("*# Số lớp tập huấn đã tổ chức"). No line gives the default
// sections.
func parseSections(text string) []Section {
	var out []Section
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		sec := Section{Key: "s" + strconv.Itoa(len(out)+1)}
		for len(line) > 0 && (line[0] == '*' || line[0] == '#') {
			sec.Required = sec.Required || line[0] == '*'
			sec.Number = sec.Number || line[0] == '#'
			line = strings.TrimSpace(line[1:])
		}
		sec.Label = line
		out = append(out, sec)
	}
	if len(out) == 0 {
		return append([]Section(nil), DefaultSections...)
	}
	return out
}

// SectionsText is the inverse of parseSections, for the edit form.
func SectionsText(ss []Section) string {
	var b strings.Builder
	for _, s := range ss {
		if s.Required {
			b.WriteString("*")
		}
		if s.Number {
			b.WriteString("#")
		}
		if s.Required || s.Number {
			b.WriteString(" ")
		}
		b.WriteString(s.Label + "\n")
	}
	return b.String()
}

// Errors of the store, in Vietnamese.
var (
	ErrNotFound   = errors.New("Không có báo cáo này")
	ErrClosed     = errors.New("Báo cáo đã khóa sổ, không nhận thêm bài nộp hay chỉnh sửa")
	ErrNotYours   = errors.New("Bạn chỉ được xem và nộp báo cáo của đơn vị mình")
	ErrNotOwed    = errors.New("Đơn vị này không thuộc đối tượng phải nộp báo cáo")
	ErrState      = errors.New("Bài nộp không ở trạng thái cho phép thao tác này")
	ErrNeedReason = errors.New("Nhập lý do trả lại để đơn vị biết cần sửa gì")
)

// numberPattern is a number as people type it: 1234, 1.234, 12,5 or -3.
var numberPattern = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$`)

// IsNumber reports whether a number field's text is a number.
func IsNumber(s string) bool { return numberPattern.MatchString(strings.TrimSpace(s)) }
