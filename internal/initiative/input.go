package initiative

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/validate"
)

// AuthorInput is one author line of the form: a staff member chosen from the list,
// or the name and workplace of a person outside the department; and the share.
type AuthorInput struct {
	StaffID, Name, Organisation, Share string
}

// blank reports whether the line was left empty, as the form's spare lines are.
func (a AuthorInput) blank() bool {
	return strings.TrimSpace(a.StaffID+a.Name+a.Organisation+a.Share) == ""
}

// Input is what the proposer types in the initiative form. UnitID and
// EnterpriseTaxCode are read only from the office: a unit's or an enterprise's own
// account always proposes for itself.
type Input struct {
	Title, UnitID, EnterpriseTaxCode, Field, FirstAppliedOn, Description, Conditions string
	ExpectedDong, ExpectedSocial, MeasuredDong, MeasuredSocial                       string
	Authors                                                                          []AuthorInput
}

// parse checks what needs no database and returns the initiative it describes with
// the field errors found so far; today is Vietnam's civil date.
func (in Input) parse(today calendar.Date) (Initiative, validate.Errors) {
	errs := validate.Errors{}
	it := Initiative{Title: strings.TrimSpace(in.Title), Field: Field(strings.TrimSpace(in.Field)),
		Description: strings.TrimSpace(in.Description), Conditions: strings.TrimSpace(in.Conditions),
		ExpectedSocial: strings.TrimSpace(in.ExpectedSocial), MeasuredSocial: strings.TrimSpace(in.MeasuredSocial)}
	switch n := len([]rune(it.Title)); {
	case n == 0:
		errs.Add("title", "Nhập tên sáng kiến")
	case n > 300:
		errs.Add("title", fmt.Sprintf("Tên sáng kiến dài %d ký tự, tối đa 300", n))
	}
	if !it.Field.Valid() {
		errs.Add("field", "Chọn lĩnh vực của sáng kiến")
	}
	if s := strings.TrimSpace(in.FirstAppliedOn); s == "" {
		errs.Add("first_applied_on", "Nhập ngày áp dụng lần đầu (hoặc áp dụng thử)")
	} else if d, err := calendar.ParseDate(s); err != nil {
		errs.Add("first_applied_on", fmt.Sprintf("Ngày áp dụng lần đầu %q không hợp lệ (cần dạng YYYY-MM-DD)", s))
	} else if d.After(today) {
		errs.Add("first_applied_on", fmt.Sprintf("Ngày áp dụng lần đầu %s là ngày trong tương lai: sáng kiến phải đã được áp dụng hoặc áp dụng thử", d.DMY()))
	} else {
		it.FirstAppliedOn = d
	}
	if it.Description == "" {
		errs.Add("description", "Nhập mô tả nội dung sáng kiến")
	}
	if it.Conditions == "" {
		errs.Add("conditions", "Nhập điều kiện cần thiết để áp dụng sáng kiến")
	}
	if v, ok := parseDong(in.ExpectedDong); !ok {
		errs.Add("expected_dong", fmt.Sprintf("Lợi ích kinh tế dự kiến %q không hợp lệ: nhập số tiền bằng đồng, ví dụ 120.000.000", strings.TrimSpace(in.ExpectedDong)))
	} else if v != nil {
		it.ExpectedDong = *v
	}
	if it.ExpectedDong == 0 && it.ExpectedSocial == "" && errs["expected_dong"] == "" {
		errs.Add("expected_social", "Nêu lợi ích dự kiến: lợi ích kinh tế (đồng) hoặc lợi ích xã hội")
	}
	if v, ok := parseDong(in.MeasuredDong); !ok {
		errs.Add("measured_dong", fmt.Sprintf("Lợi ích kinh tế thực tế %q không hợp lệ: nhập số tiền bằng đồng, ví dụ 120.000.000", strings.TrimSpace(in.MeasuredDong)))
	} else {
		it.MeasuredDong = v
	}
	it.Authors = parseAuthors(in.Authors, errs)
	return it, errs
}

// parseAuthors reads the author lines, skipping blank ones; the staff members'
// names are filled in by the store, which knows them.
func parseAuthors(lines []AuthorInput, errs validate.Errors) []Author {
	var out []Author
	total, bad := 0, false
	seen := map[int64]bool{}
	for _, l := range lines {
		if l.blank() {
			continue
		}
		n := len(out) + 1
		a := Author{Name: strings.TrimSpace(l.Name), Organisation: strings.TrimSpace(l.Organisation)}
		if s := strings.TrimSpace(l.StaffID); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				errs.Add("authors", fmt.Sprintf("Tác giả thứ %d: cán bộ được chọn không hợp lệ", n))
				bad = true
			} else if seen[id] {
				errs.Add("authors", fmt.Sprintf("Tác giả thứ %d trùng với một tác giả đã nhập", n))
				bad = true
			}
			a.StaffID, seen[id] = id, true
		} else if a.Name == "" {
			errs.Add("authors", fmt.Sprintf("Tác giả thứ %d: chọn cán bộ trong danh sách hoặc nhập họ tên người ngoài Sở", n))
			bad = true
		}
		share, ok := parseShare(l.Share)
		if !ok {
			errs.Add("authors", fmt.Sprintf("Tỷ lệ đóng góp của tác giả thứ %d %q không hợp lệ: nhập số phần trăm lớn hơn 0, ví dụ 40 hoặc 33,33", n, strings.TrimSpace(l.Share)))
			bad = true
		}
		a.Share, total = share, total+share
		out = append(out, a)
	}
	switch {
	case len(out) == 0:
		errs.Add("authors", "Nhập ít nhất một tác giả với tỷ lệ đóng góp")
	case !bad && total != 10000:
		errs.Add("authors", fmt.Sprintf("Tổng tỷ lệ đóng góp của các tác giả là %s, phải bằng đúng 100%%", ShareText(total)))
	}
	return out
}

// parseShare reads a percentage with at most two decimals ("40", "33,33", "12.5%")
// as hundredths of a percent; it must be more than 0 and at most 100.
func parseShare(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || !digits(whole) || (frac != "" && !digits(frac)) || len(whole) > 3 {
		return 0, false
	}
	w, _ := strconv.Atoi(whole)
	f := 0
	if frac != "" {
		f, _ = strconv.Atoi((frac + "0")[:2])
	}
	v := w*100 + f
	return v, v > 0 && v <= 10000
}

// parseDong reads an amount in đồng as people type it: "120.000.000", "120 000 000",
// "120000000", optionally followed by "đ" or "đồng". Empty gives nil.
func parseDong(s string) (*int64, bool) {
	s = strings.TrimSpace(s)
	for _, suffix := range []string{"đồng", "đ", "VNĐ", "VND"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	if s == "" {
		return nil, true
	}
	s = strings.NewReplacer(".", "", " ", "", "\u00a0", "").Replace(s)
	if !digits(s) || len(s) > 15 {
		return nil, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return &v, err == nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
