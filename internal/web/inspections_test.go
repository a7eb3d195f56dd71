package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// The office plans an inspection of a unit (a bad form comes back as typed), starts
// it, records findings and concludes it; the due dates are counted in working days
// over the National Day holiday and explained; the unit sees its own actions and
// reports, the office cannot close an action before that, then closes it; the
// overdue one is in the leadership's list; the notice is numbered once; the unit's
// report form states the inspection figures; another unit sees none of it.
func TestInspectionFromPlanToFollowUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		var vp int64
		d.Read().QueryRow("SELECT id FROM units WHERE code = 'VP'").Scan(&vp)
		staff := map[string]int64{}
		for _, name := range []string{"Chu Thị Hằng", "Lương Văn Khánh"} {
			var id int64
			if err := d.Write().QueryRow(`INSERT INTO staff (unit_id, full_name, position, gender, search, created_at, updated_at)
				VALUES ($1, $2, 'Chuyên viên', 'female', $2, $3, $3) RETURNING id`, vp, name, fixedNow).Scan(&id); err != nil {
				t.Fatal(err)
			}
			staff[name] = id
		}
		var qlxd int64
		d.Read().QueryRow("SELECT id FROM units WHERE code = 'QLXD'").Scan(&qlxd)
		office, leader, unit, other := s.login(t, "vanphong"), s.login(t, "lanhdao"), s.login(t, "qlxd"), s.login(t, "ttdk")

		if code, body := get(t, office, s.URL+"/inspections/new"); code != 200 || !strings.Contains(body, "II.1.c. Thi đua cải thiện môi trường đầu tư kinh doanh") {
			t.Fatalf("form: %d", code)
		}
		form := url.Values{"unit": {strconv.FormatInt(qlxd, 10)}, "title": {"Kiểm tra công tác cải cách thủ tục hành chính năm 2026"},
			"content": {"II.1.c"}, "period_from": {"2026-01-01"}, "period_to": {"2026-09-30"}, "scheduled_on": {"2026-08-25"},
			"lead": {strconv.FormatInt(staff["Chu Thị Hằng"], 10)}, "members": {strconv.FormatInt(staff["Lương Văn Khánh"], 10)}}
		code, body, _ := postTo(t, office, s.URL+"/inspections", form)
		if code != http.StatusBadRequest || !strings.Contains(body, "Thời kỳ được kiểm tra kết thúc ngày 30/09/2026, sau ngày kiểm tra 25/08/2026") ||
			!strings.Contains(body, `value="Kiểm tra công tác cải cách thủ tục hành chính năm 2026"`) || !strings.Contains(body, `value="2026-09-30"`) ||
			!regexp.MustCompile(`value="`+form.Get("members")+`" checked`).MatchString(body) {
			t.Fatalf("bad plan: %d", code)
		}
		form.Set("period_to", "2026-06-30")
		code, _, page := postTo(t, office, s.URL+"/inspections", form)
		if code != http.StatusSeeOther || !regexp.MustCompile(`^/inspections/\d+$`).MatchString(page) {
			t.Fatalf("plan: %d %s", code, page)
		}
		if _, list := get(t, unit, s.URL+"/inspections"); !strings.Contains(list, "Kiểm tra công tác cải cách thủ tục hành chính năm 2026") {
			t.Error("the inspected unit does not see its inspection")
		}
		if _, list := get(t, other, s.URL+"/inspections"); strings.Contains(list, "cải cách thủ tục hành chính") {
			t.Error("another unit sees the inspection in its list")
		}
		if code, _ := get(t, other, s.URL+page); code != http.StatusForbidden {
			t.Errorf("another unit opens the inspection: %d", code)
		}
		if code, _, _ := postTo(t, office, s.URL+page+"/start", url.Values{"started_on": {"2026-08-25"}}); code != http.StatusSeeOther {
			t.Fatalf("start: %d", code)
		}
		code, body, _ = postTo(t, office, s.URL+page+"/findings", url.Values{"finding": {""}, "action": {"Niêm yết lại"}, "due_days": {"5"}})
		if code != http.StatusBadRequest || !strings.Contains(body, "Nhập nội dung tồn tại, hạn chế") || !strings.Contains(body, "Niêm yết lại</textarea>") {
			t.Fatalf("an empty finding: %d", code)
		}
		for _, f := range []url.Values{
			{"finding": {"Chưa niêm yết đầy đủ phí, lệ phí tại Bộ phận một cửa"}, "action": {"Niêm yết đầy đủ phí, lệ phí"}, "due_days": {"5"}},
			{"finding": {"Chưa số hóa hồ sơ lưu trữ năm 2025"}, "action": {"Số hóa toàn bộ hồ sơ lưu trữ năm 2025"}, "due_days": {"80"}},
		} {
			if code, _, _ := postTo(t, office, s.URL+page+"/findings", f); code != http.StatusSeeOther {
				t.Fatalf("finding: %d", code)
			}
		}
		code, body, _ = postTo(t, office, s.URL+page+"/conclude", url.Values{"concluded_on": {"2026-08-28"}, "conclusion": {""}})
		if code != http.StatusBadRequest || !strings.Contains(body, "Nhập nội dung kết luận kiểm tra") {
			t.Fatalf("a conclusion without text: %d", code)
		}
		if code, _, _ := postTo(t, office, s.URL+page+"/conclude", url.Values{"concluded_on": {"2026-08-28"},
			"conclusion": {"Đơn vị cơ bản thực hiện tốt công tác cải cách thủ tục hành chính."}}); code != http.StatusSeeOther {
			t.Fatalf("conclude: %d", code)
		}
		_, body = get(t, unit, s.URL+page)
		if !strings.Contains(body, "<strong>08/09/2026</strong>") || !strings.Contains(body, "02/09/2026") || !strings.Contains(body, "→ 08/09/2026") {
			t.Errorf("the due date is not explained on the inspection's page")
		}
		if !strings.Contains(body, "Quá hạn") || !strings.Contains(body, `<td class="prewrap">Chưa niêm yết đầy đủ phí, lệ phí tại Bộ phận một cửa</td>`) {
			t.Error("the finding or its overdue action is not shown")
		}

		// The actions: the unit's list, the leadership's overdue list.
		_, list := get(t, unit, s.URL+"/inspection-actions")
		links := regexp.MustCompile(`href="(/inspection-actions/\d+)">Niêm yết đầy đủ phí, lệ phí`).FindStringSubmatch(list)
		if links == nil || !strings.Contains(list, "Số hóa toàn bộ hồ sơ lưu trữ năm 2025") {
			t.Fatal("the unit's actions are not listed")
		}
		action := links[1]
		_, overdue := get(t, leader, s.URL+"/inspection-actions?overdue=1")
		if !strings.Contains(overdue, "Niêm yết đầy đủ phí, lệ phí") || strings.Contains(overdue, "Số hóa toàn bộ") || !strings.Contains(overdue, "1 biện pháp đã quá hạn") {
			t.Errorf("the leadership's overdue list")
		}
		if _, dash := get(t, leader, s.URL+"/dashboard"); !strings.Contains(dash, `<strong class="bad">1</strong> Biện pháp khắc phục sau kiểm tra quá hạn`) {
			t.Error("the leadership's overview does not count the overdue action")
		}
		if _, list := get(t, other, s.URL+"/inspection-actions"); strings.Contains(list, "Niêm yết") {
			t.Error("another unit sees the actions")
		}
		code, body, _ = postTo(t, office, s.URL+action+"/close", nil)
		if code != http.StatusBadRequest || !strings.Contains(body, "đơn vị chưa báo cáo kết quả khắc phục nên chưa thể đóng") {
			t.Fatalf("closed before it was reported: %d", code)
		}
		if code, _, _ := postTo(t, other, s.URL+action+"/report", url.Values{"text": {"Đã làm"}}); code != http.StatusForbidden {
			t.Errorf("another unit reported: %d", code)
		}
		if code, _, _ := postTo(t, unit, s.URL+action+"/report", url.Values{"text": {"Đã niêm yết bảng phí, lệ phí mới ngày 20/11/2026."}}); code != http.StatusSeeOther {
			t.Fatalf("report: %d", code)
		}
		if _, body := get(t, office, s.URL+action); !strings.Contains(body, "Đạt yêu cầu, đóng") || !strings.Contains(body, "Đã niêm yết bảng phí") ||
			!strings.Contains(body, `<dd class="prewrap">Chưa niêm yết đầy đủ phí, lệ phí tại Bộ phận một cửa</dd>`) {
			t.Error("the office is not offered to close a reported action")
		}
		if code, _, _ := postTo(t, office, s.URL+action+"/close", url.Values{"text": {"Đạt yêu cầu"}}); code != http.StatusSeeOther {
			t.Fatalf("close: %d", code)
		}
		if _, body := get(t, unit, s.URL+action); !strings.Contains(body, "Đã hoàn thành ngày 26/11/2026") {
			t.Error("the closed action")
		}

		// The notice, numbered once; the unit downloads the same one.
		for _, c := range []*http.Client{office, office, unit} {
			resp, err := c.Get(s.URL + page + "/notice.docx")
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.HasPrefix(doc, []byte("PK")) {
				t.Fatalf("notice: %d", resp.StatusCode)
			}
		}
		var number string
		var numbers int
		d.Read().QueryRow("SELECT notice_number FROM inspections").Scan(&number)
		d.Read().QueryRow("SELECT COUNT(*) FROM documents WHERE type = 'TB'").Scan(&numbers)
		if number != "01/TB-SXD" || numbers != 1 {
			t.Errorf("notice %q, %d in the register: want one number for three downloads", number, numbers)
		}

		// The unit's report states the inspection figures.
		req := url.Values{"kind": {"annual"}, "title": {"Báo cáo năm 2026"}, "period_from": {"2026-01-01"}, "period_to": {"2026-12-31"},
			"cutoff": {"2026-11-25"}, "due": {"2026-12-10"}, "audience": {"all_units"}, "remind_before": {"7, 2"}}
		_, _, register := postTo(t, office, s.URL+"/reports", req)
		_, rform := get(t, unit, s.URL+strings.TrimSuffix(register, "/register"))
		if !strings.Contains(rform, "Cuộc kiểm tra đã có kết luận") || !strings.Contains(rform, "Biện pháp khắc phục đã hoàn thành trong kỳ") {
			t.Error("the unit's report form lacks the inspection figures")
		}
	})
}
