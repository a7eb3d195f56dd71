// Package org keeps the department's own participants: its units (the office,
// divisions and affiliated units) and their staff, and imports them from spreadsheets.
package org

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// UnitKind is what a unit is within the department.
type UnitKind string

const (
	KindOffice     UnitKind = "office"     // Văn phòng Sở
	KindDivision   UnitKind = "division"   // Phòng chuyên môn
	KindAffiliated UnitKind = "affiliated" // Đơn vị trực thuộc
)

// UnitKinds lists the kinds in display order.
var UnitKinds = []UnitKind{KindOffice, KindDivision, KindAffiliated}

// UnitKindLabels are the Vietnamese names of the kinds.
var UnitKindLabels = map[UnitKind]string{
	KindOffice:     "Văn phòng Sở",
	KindDivision:   "Phòng chuyên môn",
	KindAffiliated: "Đơn vị trực thuộc",
}

var unitKinds = tabular.NewChoices(UnitKinds, UnitKindLabels)

// Label is the Vietnamese name of the kind.
func (k UnitKind) Label() string { return unitKinds.Label(k) }

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool { return unitKinds.Valid(k) }

// ParseUnitKind accepts a code or a Vietnamese name, with or without diacritics.
func ParseUnitKind(s string) (UnitKind, bool) { return unitKinds.Parse(s) }

// Gender of a staff member; awards prefer women on a tie, so it is recorded.
type Gender string

const (
	Female Gender = "female"
	Male   Gender = "male"
)

// Genders lists the genders in display order.
var Genders = []Gender{Female, Male}

// GenderLabels are the Vietnamese names of the genders.
var GenderLabels = map[Gender]string{Female: "Nữ", Male: "Nam"}

var genders = tabular.NewChoices(Genders, GenderLabels)

// Label is the Vietnamese name of the gender.
func (g Gender) Label() string { return genders.Label(g) }

// Valid reports whether g is a known gender.
func (g Gender) Valid() bool { return genders.Valid(g) }

// ParseGender accepts a code or a Vietnamese name: "Nữ", "nu", "female".
func ParseGender(s string) (Gender, bool) { return genders.Parse(s) }

// Unit is a unit of the department. ParentID is 0 for a unit directly under the
// department; ParentCode is filled when a unit is read.
type Unit struct {
	ID         int64     `json:"id"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Kind       UnitKind  `json:"kind"`
	ParentID   int64     `json:"parent_id,omitempty"`
	ParentCode string    `json:"parent_code,omitempty"`
	Email      string    `json:"email"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Staff is a staff member (công chức, viên chức, người lao động) of a unit.
// UnitCode and UnitName are filled when a staff member is read.
type Staff struct {
	ID        int64     `json:"id"`
	UnitID    int64     `json:"unit_id"`
	UnitCode  string    `json:"unit_code,omitempty"`
	UnitName  string    `json:"unit_name,omitempty"`
	FullName  string    `json:"full_name"`
	Position  string    `json:"position"`
	Gender    Gender    `json:"gender"`
	Email     string    `json:"email"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// FieldLabels are the Vietnamese names of the fields of units and staff, which are
// also the headers of the import files. Field names are the form fields' names and
// the keys of FieldErrors.
var FieldLabels = map[string]string{
	"code":      "Mã đơn vị",
	"name":      "Tên đơn vị",
	"kind":      "Loại",
	"parent":    "Đơn vị cấp trên",
	"email":     "Email",
	"full_name": "Họ và tên",
	"position":  "Chức vụ",
	"unit":      "Đơn vị",
	"gender":    "Giới tính",
}

// FieldErrors maps a field (code, name, full_name, unit, …) to what is wrong with
// it, in Vietnamese with the field's name first: "Mã đơn vị: không được để trống".
// Forms show each beside its field; nothing was saved.
type FieldErrors = validate.Errors

// issue is one validation failure; see validate.Issue.
type issue = validate.Issue

func fieldErrors(issues []issue) error { return validate.FromIssues(issues, FieldLabels) }

func fieldError(field, format string, args ...any) FieldErrors {
	return FieldErrors{field: FieldLabels[field] + ": " + fmt.Sprintf(format, args...)}
}

type issues []issue

func (is *issues) add(field, format string, args ...any) {
	*is = append(*is, issue{Field: field, Detail: fmt.Sprintf(format, args...)})
}

// unitCodePattern keeps codes plain, since they go into file names, URLs and
// document numbers ("Lưu: VT, QLXD").
var unitCodePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]{0,29}$`)

const (
	maxName  = 300
	maxShort = 200
)

// NormalizeUnitCode is how a unit code is stored and compared: trimmed, upper case.
func NormalizeUnitCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// normalize tidies what a person typed and reports what cannot be accepted; the
// parent and uniqueness need the database and are checked by the store.
func (u *Unit) normalize() []issue {
	var out issues
	u.Code = NormalizeUnitCode(u.Code)
	u.Name, u.Email = clean(u.Name), strings.TrimSpace(u.Email)
	switch {
	case u.Code == "":
		out.add("code", "không được để trống")
	case !unitCodePattern.MatchString(u.Code):
		out.add("code", "“%s” không dùng được: chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới, tối đa 30 ký tự", u.Code)
	}
	checkText(&out, "name", u.Name, maxName, true)
	switch {
	case u.Kind == "":
		out.add("kind", "không được để trống; chọn một trong: %s", unitKinds.Names())
	case !u.Kind.Valid():
		out.add("kind", "không có loại “%s”; chọn một trong: %s", u.Kind, unitKinds.Names())
	}
	checkEmail(&out, u.Email)
	return out
}

func (s *Staff) normalize() []issue {
	var out issues
	s.FullName, s.Position, s.Email = clean(s.FullName), clean(s.Position), strings.TrimSpace(s.Email)
	checkText(&out, "full_name", s.FullName, maxShort, true)
	checkText(&out, "position", s.Position, maxShort, false)
	switch {
	case s.Gender == "":
		out.add("gender", "không được để trống; chọn Nam hoặc Nữ")
	case !s.Gender.Valid():
		out.add("gender", "“%s” không dùng được; chọn Nam hoặc Nữ", s.Gender)
	}
	checkEmail(&out, s.Email)
	return out
}

func checkText(out *issues, field, v string, max int, required bool) {
	switch {
	case v == "" && required:
		out.add(field, "không được để trống")
	case utf8.RuneCountInString(v) > max:
		out.add(field, "dài quá %d ký tự", max)
	}
}

func checkEmail(out *issues, s string) {
	if s == "" {
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || !strings.Contains(s[strings.IndexByte(s, '@'):], ".") {
		out.add("email", "“%s” không phải địa chỉ thư điện tử", s)
	}
}

// clean puts text in the composed Unicode form (files from some Mac and Windows
// tools carry decomposed Vietnamese, which looks the same but compares different)
// and collapses runs of spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// sortKey orders names as Vietnamese lists do, near enough: regardless of case and
// tone marks, and with Đ after every D (the byte after "z" keeps it there).
func sortKey(name string) string {
	return textnorm.Fold(strings.NewReplacer("đ", "d~", "Đ", "d~").Replace(name))
}

// staffSortKey sorts by given name, then the whole name, as Vietnamese staff lists
// do: "Trần Thị Bình" before "Nguyễn Văn Chính".
func staffSortKey(fullName string) string {
	words := strings.Fields(fullName)
	if len(words) == 0 {
		return ""
	}
	return sortKey(words[len(words)-1]) + " " + sortKey(fullName)
}
