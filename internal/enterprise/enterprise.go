// Package enterprise keeps the enterprises that take part in the movement: their tax
// codes, sectors and ownership, and imports them from spreadsheets.
package enterprise

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// Enterprise is one enterprise. Sectors are kept in the plan's order.
type Enterprise struct {
	ID             int64     `json:"id"`
	TaxCode        string    `json:"tax_code"`
	Name           string    `json:"name"`
	Sectors        []Sector  `json:"sectors"`
	Ownership      Ownership `json:"ownership"`
	Address        string    `json:"address"`
	Representative string    `json:"representative"`
	Employees      int       `json:"employees"`
	Email          string    `json:"email"`
	Active         bool      `json:"active"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// SectorLabelList is the sectors' Vietnamese names joined for display.
func (e Enterprise) SectorLabelList() string {
	names := make([]string, len(e.Sectors))
	for i, s := range e.Sectors {
		names[i] = s.Label()
	}
	return strings.Join(names, "; ")
}

// FieldLabels are the Vietnamese names of the fields, which are also the headers of
// the import file. Field names are the form fields' names and the keys of FieldErrors.
var FieldLabels = map[string]string{
	"tax_code":       "Mã số thuế",
	"name":           "Tên doanh nghiệp",
	"sectors":        "Lĩnh vực",
	"ownership":      "Loại hình sở hữu",
	"address":        "Địa chỉ",
	"representative": "Người đại diện",
	"employees":      "Số lao động",
	"email":          "Email",
}

// FieldErrors maps a field (tax_code, name, sectors, …) to what is wrong with it, in
// Vietnamese with the field's name first: "Tên doanh nghiệp: không được để trống".
// Forms show each beside its field; nothing was saved.
type FieldErrors = validate.Errors

// issue is one validation failure; see validate.Issue.
type issue = validate.Issue

func fieldErrors(issues []issue) error { return validate.FromIssues(issues, FieldLabels) }

const (
	maxName    = 300
	maxAddress = 500
	maxPerson  = 200
)

// normalize tidies what a person typed (spacing, Unicode form, sector order) and
// reports what cannot be accepted. Every way in (form, API, import) goes through it.
func (e *Enterprise) normalize() []issue {
	var out []issue
	add := func(field, format string, args ...any) {
		out = append(out, issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	e.TaxCode = NormalizeTaxCode(e.TaxCode)
	if err := ValidTaxCode(e.TaxCode); err != nil {
		add("tax_code", "%s", err.(*TaxCodeError).Reason)
	}
	e.Name = clean(e.Name)
	e.Address = clean(e.Address)
	e.Representative = clean(e.Representative)
	e.Email = strings.TrimSpace(e.Email)
	switch {
	case e.Name == "":
		add("name", "không được để trống")
	case utf8.RuneCountInString(e.Name) > maxName:
		add("name", "dài quá %d ký tự", maxName)
	}
	if msg := normalizeSectors(&e.Sectors); msg != "" {
		add("sectors", "%s", msg)
	}
	switch {
	case e.Ownership == "":
		add("ownership", "không được để trống; chọn một trong: %s", ownershipChoices.Names())
	case !e.Ownership.Valid():
		add("ownership", "không có loại hình “%s”; chọn một trong: %s", e.Ownership, ownershipChoices.Names())
	}
	if utf8.RuneCountInString(e.Address) > maxAddress {
		add("address", "dài quá %d ký tự", maxAddress)
	}
	if utf8.RuneCountInString(e.Representative) > maxPerson {
		add("representative", "dài quá %d ký tự", maxPerson)
	}
	if e.Employees < 0 {
		add("employees", "không được là số âm")
	}
	if e.Email != "" && !validEmail(e.Email) {
		add("email", "“%s” không phải địa chỉ thư điện tử", e.Email)
	}
	return out
}

func normalizeSectors(ss *[]Sector) string {
	for _, s := range *ss {
		if !s.Valid() {
			return fmt.Sprintf("không có lĩnh vực “%s”; chọn trong: %s", s, sectorChoices.Names())
		}
	}
	if len(*ss) == 0 {
		return "chọn ít nhất một lĩnh vực"
	}
	*ss = sortSectors(*ss)
	return ""
}

// sortSectors puts sectors in the plan's order without repeats, so that two lists
// of the same sectors compare equal.
func sortSectors(ss []Sector) []Sector {
	slices.SortFunc(ss, func(a, b Sector) int { return slices.Index(Sectors, a) - slices.Index(Sectors, b) })
	return slices.Compact(ss)
}

// sameContent reports whether a and b hold the same data, ignoring identity,
// activity and timestamps: an import that changes nothing must not touch a row.
func sameContent(a, b Enterprise) bool {
	return a.TaxCode == b.TaxCode && a.Name == b.Name && slices.Equal(a.Sectors, b.Sectors) &&
		a.Ownership == b.Ownership && a.Address == b.Address && a.Representative == b.Representative &&
		a.Employees == b.Employees && a.Email == b.Email
}

func (e *Enterprise) search() string {
	return textnorm.FoldAll(e.TaxCode, e.Name, e.Representative, e.Email)
}

// sortKey orders names as Vietnamese lists do, near enough: regardless of case and
// tone marks, and with Đ after every D (the byte after "z" keeps it there).
func sortKey(name string) string {
	return textnorm.Fold(strings.NewReplacer("đ", "d~", "Đ", "d~").Replace(name))
}

// clean puts text in the composed Unicode form (files from some Mac and Windows
// tools carry decomposed Vietnamese, which looks the same but compares different)
// and collapses runs of spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s[strings.IndexByte(s, '@'):], ".")
}
