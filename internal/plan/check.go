package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
)

var (
	movementCode = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	itemCode     = regexp.MustCompile(`^[^\s]+$`)
	unitKind     = regexp.MustCompile(`^[a-z][a-z_]*$`)
)

// check applies the rules a plan must follow before it is loaded. It reads the
// decoded plan, so it sees defaults already filled in.
func check(p *Plan, r *reporter) {
	if p.Code == "" {
		r.add("code", "thiếu mã phong trào, ví dụ langson-sxd-2026")
	} else if !movementCode.MatchString(p.Code) {
		r.add("code", "mã phong trào chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ langson-sxd-2026), không phải %q", p.Code)
	}
	r.required("title", p.Title, "tên kế hoạch")
	r.required("issuer.agency", p.Issuer.Agency, "tên cơ quan ban hành")
	r.required("signer.name", p.Signer.Name, "họ tên người ký")
	r.required("signer.position", p.Signer.Position, "chức vụ người ký")
	checkPeriod(p, r)
	for i, b := range p.LegalBases {
		r.required(at("legal_bases", i, "text"), b.Text, "nội dung căn cứ")
	}
	r.items("purposes", p.Purposes, false)
	r.items("requirements", p.Requirements, false)
	r.items("solutions", p.Solutions, true)
	checkContents(p, r)
	checkTargets(p, r)
	checkPhases(p, r)
	checkReports(p, r)
	checkCommendation(p, r)
	checkDuties(p, r)
	for i, s := range p.Recipients {
		r.required(fmt.Sprintf("recipients[%d]", i+1), s, "nơi nhận")
	}
}

// at builds the path of a field of the i-th (from 0) element of a list.
func at(list string, i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", list, i+1, field)
}

func (r *reporter) required(path, value, what string) bool {
	if strings.TrimSpace(value) == "" {
		r.add(path, "thiếu %s", what)
		return false
	}
	return true
}

func (r *reporter) requiredDate(path string, d calendar.Date, what string) bool {
	if d.IsZero() {
		r.add(path, "thiếu %s (dạng YYYY-MM-DD)", what)
		return false
	}
	return true
}

// code checks an item code: present, one word, and not used twice in seen.
func (r *reporter) code(path, code string, seen map[string]bool) {
	switch {
	case strings.TrimSpace(code) == "":
		r.add(path, "thiếu mã")
	case !itemCode.MatchString(code):
		r.add(path, "mã không được có dấu cách: %q", code)
	case seen[code]:
		r.add(path, "mã %s đã dùng ở mục khác; mỗi mã chỉ dùng một lần", code)
	}
	seen[code] = true
}

func (r *reporter) items(list string, items []Item, titled bool) {
	seen := map[string]bool{}
	for i, it := range items {
		r.code(at(list, i, "code"), it.Code, seen)
		if titled {
			r.required(at(list, i, "title"), it.Title, "tiêu đề")
		} else if it.Title != "" {
			r.add(at(list, i, "title"), "mục này không có tiêu đề; chỉ ghi code và text")
		}
		r.required(at(list, i, "text"), it.Text, "nội dung")
	}
}

func (r *reporter) bullets(path string, bullets []string) {
	for j, b := range bullets {
		r.required(fmt.Sprintf("%s[%d]", path, j+1), b, "nội dung gạch đầu dòng")
	}
}

func checkPeriod(p *Plan, r *reporter) {
	okStart := r.requiredDate("period.start", p.Period.Start, "ngày bắt đầu phong trào")
	okEnd := r.requiredDate("period.end", p.Period.End, "ngày kết thúc phong trào")
	if okStart && okEnd && !p.Period.Start.Before(p.Period.End) {
		r.add("period.end", "ngày kết thúc %s phải sau ngày bắt đầu %s", p.Period.End.DMY(), p.Period.Start.DMY())
	}
}

func checkContents(p *Plan, r *reporter) {
	groups, items := map[string]bool{}, map[string]bool{}
	for i, g := range p.Contents {
		r.code(at("contents", i, "code"), g.Code, groups)
		if g.Audience != AudienceUnits && g.Audience != AudienceEnterprises {
			r.add(at("contents", i, "audience"), "đối tượng phải là %s (phòng, đơn vị thuộc Sở) hoặc %s (doanh nghiệp), không phải %q",
				AudienceUnits, AudienceEnterprises, g.Audience)
		}
		r.required(at("contents", i, "title"), g.Title, "tiêu đề nhóm nội dung")
		if len(g.Items) == 0 {
			r.add(at("contents", i, "items"), "nhóm nội dung chưa có mục nào")
		}
		for j, c := range g.Items {
			path := fmt.Sprintf("contents[%d].items[%d]", i+1, j+1)
			r.code(path+".code", c.Code, items)
			if g.Code != "" && c.Code != "" && !strings.HasPrefix(c.Code, g.Code+".") {
				r.add(path+".code", "mã %s phải bắt đầu bằng mã nhóm %s, ví dụ %s.a", c.Code, g.Code, g.Code)
			}
			r.required(path+".title", c.Title, "tiêu đề nội dung thi đua")
			if strings.TrimSpace(c.Text) == "" && len(c.Bullets) == 0 {
				r.add(path, "nội dung thi đua cần text hoặc bullets")
			}
			r.bullets(path+".bullets", c.Bullets)
		}
	}
}

func checkTargets(p *Plan, r *reporter) {
	codes, measures := map[string]bool{}, map[Measure]string{}
	for i, t := range p.Targets {
		r.code(at("targets", i, "code"), t.Code, codes)
		r.required(at("targets", i, "name"), t.Name, "nội dung chỉ tiêu")
		kinds, known := measureKinds[t.Measure]
		switch {
		case t.Measure == "":
			r.add(at("targets", i, "measure"), "thiếu cách tính (measure), một trong: %s", knownMeasures())
		case !known:
			r.add(at("targets", i, "measure"), "không có cách tính %q; dùng một trong: %s", t.Measure, knownMeasures())
		case measures[t.Measure] != "":
			r.add(at("targets", i, "measure"), "cách tính %s đã dùng cho chỉ tiêu %s; mỗi cách tính chỉ gắn với một chỉ tiêu", t.Measure, measures[t.Measure])
		default:
			measures[t.Measure] = t.Code
		}
		switch t.Kind {
		case KindRatio:
			switch {
			case t.Threshold < 0 || t.Threshold > 100:
				r.add(at("targets", i, "threshold"), "ngưỡng phải từ 0 đến 100")
			case t.Threshold == 0:
				r.add(at("targets", i, "threshold"), "chỉ tiêu tỷ lệ cần ngưỡng (phần trăm), ví dụ threshold: 98")
			}
		case KindCoverage:
			if t.Threshold != 100 {
				r.add(at("targets", i, "threshold"), "chỉ tiêu bao phủ luôn là 100%%; bỏ dòng threshold hoặc dùng kind: ratio")
			}
		case KindCountPerYear:
			if t.PerYear < 1 {
				r.add(at("targets", i, "per_year"), "chỉ tiêu hằng năm cần số lượng tối thiểu mỗi năm từ 1 trở lên, ví dụ per_year: 1")
			}
			if t.Threshold != 0 {
				r.add(at("targets", i, "threshold"), "chỉ tiêu hằng năm không có ngưỡng phần trăm; dùng per_year")
			}
		case "":
			r.add(at("targets", i, "kind"), "thiếu loại chỉ tiêu: ratio, coverage hoặc count_per_year")
		default:
			r.add(at("targets", i, "kind"), "loại chỉ tiêu phải là ratio, coverage hoặc count_per_year, không phải %q", t.Kind)
		}
		if t.Kind != KindCountPerYear && t.PerYear != 0 {
			r.add(at("targets", i, "per_year"), "per_year chỉ dùng cho chỉ tiêu count_per_year")
		}
		if known && t.Kind != "" && !slices.Contains(kinds, t.Kind) {
			r.add(at("targets", i, "kind"), "cách tính %s không đi với loại %s", t.Measure, t.Kind)
		}
	}
}

func knownMeasures() string {
	var out []string
	for m := range measureKinds {
		out = append(out, string(m))
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

func checkPhases(p *Plan, r *reporter) {
	seen := map[string]bool{}
	var prev *Phase
	for i := range p.Phases {
		ph := &p.Phases[i]
		r.code(at("phases", i, "code"), ph.Code, seen)
		r.required(at("phases", i, "name"), ph.Name, "tên giai đoạn")
		okStart := r.requiredDate(at("phases", i, "start"), ph.Start, "ngày bắt đầu giai đoạn")
		okEnd := r.requiredDate(at("phases", i, "end"), ph.End, "ngày kết thúc giai đoạn")
		if !okStart || !okEnd {
			continue
		}
		if ph.End.Before(ph.Start) {
			r.add(at("phases", i, "end"), "giai đoạn kết thúc (%s) trước khi bắt đầu (%s)", ph.End.DMY(), ph.Start.DMY())
			continue
		}
		if !p.Period.Start.IsZero() && !p.Period.End.IsZero() {
			for _, f := range []struct {
				field string
				day   calendar.Date
			}{{"start", ph.Start}, {"end", ph.End}} {
				if !p.Period.Contains(f.day) {
					r.add(at("phases", i, f.field), "ngày %s nằm ngoài thời gian phong trào %s–%s",
						f.day.DMY(), p.Period.Start.DMY(), p.Period.End.DMY())
				}
			}
		}
		if prev != nil && !ph.Start.After(prev.End) {
			r.add(at("phases", i, "start"), "giai đoạn %s bắt đầu %s, không sau ngày kết thúc %s của giai đoạn trước (%s); các giai đoạn phải theo thứ tự và không chồng lên nhau",
				ph.Code, ph.Start.DMY(), prev.End.DMY(), prev.Code)
		}
		prev = ph
	}
}

func checkReports(p *Plan, r *reporter) {
	seen := map[string]bool{}
	for i, rp := range p.Reports {
		r.code(at("reports", i, "code"), rp.Code, seen)
		r.required(at("reports", i, "name"), rp.Name, "tên báo cáo")
		r.required(at("reports", i, "text"), rp.Text, "nội dung yêu cầu báo cáo")
		if rp.Phase != "" && !slices.ContainsFunc(p.Phases, func(ph Phase) bool { return ph.Code == rp.Phase }) {
			r.add(at("reports", i, "phase"), "không có giai đoạn mã %q", rp.Phase)
		}
		switch rp.Kind {
		case ReportInterim, ReportFinal:
			r.required(at("reports", i, "recipient"), rp.Recipient, "nơi nhận báo cáo")
			okDue := r.requiredDate(at("reports", i, "due"), rp.Due, "hạn nộp")
			okCut := r.requiredDate(at("reports", i, "cutoff"), rp.Cutoff, "ngày chốt số liệu")
			if !okDue || !okCut {
				continue
			}
			if !rp.Cutoff.Before(rp.Due) {
				r.add(at("reports", i, "cutoff"), "ngày chốt số liệu %s phải trước hạn nộp %s", rp.Cutoff.DMY(), rp.Due.DMY())
			}
			if !p.Period.Start.IsZero() && !p.Period.End.IsZero() && !p.Period.Contains(rp.Cutoff) {
				r.add(at("reports", i, "cutoff"), "ngày chốt số liệu %s nằm ngoài thời gian phong trào %s–%s",
					rp.Cutoff.DMY(), p.Period.Start.DMY(), p.Period.End.DMY())
			}
		case ReportAdHoc:
			if !rp.Due.IsZero() || !rp.Cutoff.IsZero() {
				r.add(at("reports", i, "kind"), "báo cáo đột xuất không có hạn nộp hay ngày chốt cố định; bỏ due và cutoff")
			}
		case "":
			r.add(at("reports", i, "kind"), "thiếu loại báo cáo: interim (sơ kết), final (tổng kết) hoặc ad_hoc (đột xuất)")
		default:
			r.add(at("reports", i, "kind"), "loại báo cáo phải là interim (sơ kết), final (tổng kết) hoặc ad_hoc (đột xuất), không phải %q", rp.Kind)
		}
	}
}

func checkCommendation(p *Plan, r *reporter) {
	seen := map[string]bool{}
	for i, c := range p.Commendation {
		r.code(at("commendation", i, "code"), c.Code, seen)
		if c.Kind != CommendationAnnual && c.Kind != CommendationReview {
			r.add(at("commendation", i, "kind"), "loại khen thưởng phải là annual (hằng năm) hoặc review (sơ kết, tổng kết), không phải %q", c.Kind)
		}
		r.required(at("commendation", i, "title"), c.Title, "tiêu đề")
		r.required(at("commendation", i, "text"), c.Text, "nội dung")
	}
}

func checkDuties(p *Plan, r *reporter) {
	seen := map[string]bool{}
	for i, d := range p.Duties {
		r.code(at("duties", i, "code"), d.Code, seen)
		r.required(at("duties", i, "title"), d.Title, "tên đơn vị")
		switch {
		case d.UnitCode == "" && d.UnitKind == "":
			r.add(at("duties", i, "unit_code"), "cần unit_code (một đơn vị) hoặc unit_kind (mọi đơn vị cùng loại)")
		case d.UnitCode != "" && d.UnitKind != "":
			r.add(at("duties", i, "unit_kind"), "chỉ ghi một trong unit_code và unit_kind")
		case d.UnitKind != "" && !unitKind.MatchString(d.UnitKind):
			r.add(at("duties", i, "unit_kind"), "loại đơn vị viết bằng chữ thường không dấu như trong danh sách đơn vị, ví dụ division, không phải %q", d.UnitKind)
		}
		if strings.TrimSpace(d.Text) == "" && len(d.Bullets) == 0 {
			r.add(at("duties", i, "text"), "nhiệm vụ cần text hoặc bullets")
		}
		r.bullets(at("duties", i, "bullets"), d.Bullets)
	}
}
