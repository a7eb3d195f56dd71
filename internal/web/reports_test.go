package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// The office asks for a report; a unit sees what it owes, finds its figures filled in,
// submits; the office sees the register, returns it with a comment, and downloads the
// department's report as a Word document; another unit cannot reach the first's.
func TestReportFromRequestToConsolidated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		office := s.login(t, "vanphong")
		bad := url.Values{"kind": {"annual"}, "title": {"Báo cáo năm 2026"}, "period_from": {"2026-01-01"}, "period_to": {"2026-12-31"},
			"cutoff": {"2026-12-20"}, "due": {"2026-12-10"}, "audience": {"all_units"}, "remind_before": {"7, 2"}}
		resp, _ := office.PostForm(s.URL+"/reports", bad)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "Ngày chốt số liệu sau hạn nộp") {
			t.Fatalf("cut-off after due: %d", resp.StatusCode)
		}
		good := bad
		good.Set("cutoff", "2026-11-25")
		resp, _ = office.PostForm(s.URL+"/reports", good)
		register := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/reports/\d+/register$`).MatchString(register) {
			t.Fatalf("create: %d %s", resp.StatusCode, register)
		}
		page := strings.TrimSuffix(register, "/register")

		unit := s.login(t, "qlxd")
		if _, list := get(t, unit, s.URL+"/reports"); !strings.Contains(list, "Báo cáo năm 2026") || !strings.Contains(list, "Chưa bắt đầu") {
			t.Fatal("the unit does not see the report it owes")
		}
		_, form := get(t, unit, s.URL+page)
		if !strings.Contains(form, "Số liệu từ hệ thống") || !strings.Contains(form, "Đăng ký thi đua năm 2026") ||
			!strings.Contains(form, "Tỷ lệ trả lời đúng hạn") || !strings.Contains(form, "Sáng kiến được công nhận áp dụng hiệu quả") {
			t.Fatal("the form has no figures")
		}
		resp, _ = unit.PostForm(s.URL+page+"/submission", url.Values{"action": {"submit"}, "proposals": {"Tập huấn"}})
		body, _ = io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "bắt buộc") || !strings.Contains(string(body), "Tập huấn") {
			t.Fatalf("submit without the required section: %d", resp.StatusCode)
		}
		resp, _ = unit.PostForm(s.URL+page+"/submission", url.Values{"action": {"submit"}, "results": {"Quán triệt tới 100% công chức <script>alert(1)</script>"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", resp.StatusCode)
		}
		_, reg := get(t, office, s.URL+register)
		if !strings.Contains(reg, "Đã nộp đúng hạn: <strong>1</strong>") {
			t.Fatalf("register:\n%s", reg)
		}
		unitID := regexp.MustCompile(`/units/(\d+)">Phòng Quản lý xây dựng`).FindStringSubmatch(reg)
		if unitID == nil {
			t.Fatal("no link to the unit's submission")
		}
		_, sub := get(t, office, s.URL+page+"/units/"+unitID[1])
		if !strings.Contains(sub, "&lt;script&gt;") || strings.Contains(sub, "<script>alert") {
			t.Error("the submission is not shown as text")
		}
		if code, _ := get(t, s.login(t, "ttdk"), s.URL+page+"/units/"+unitID[1]); code != http.StatusForbidden {
			t.Errorf("another unit opened QLXD's submission: %d", code)
		}
		resp, _ = office.PostForm(s.URL+page+"/return?unit="+unitID[1], url.Values{"comment": {"Bổ sung số liệu"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("return: %d", resp.StatusCode)
		}
		if _, form = get(t, unit, s.URL+page); !strings.Contains(form, "Văn phòng Sở trả lại để bổ sung: Bổ sung số liệu") {
			t.Error("the unit does not see why its report came back")
		}
		resp, err := office.Get(s.URL + page + "/consolidated.docx")
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(string(doc), "PK") {
			t.Fatalf("consolidated report: %d", resp.StatusCode)
		}
		resp, err = office.Get(s.URL + page + "/consolidated.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		book, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		x, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatalf("the workbook does not open: %v", err)
		}
		if v, _ := x.GetCellValue("Đơn vị", "B5"); v == "" {
			t.Error("the units sheet is empty")
		}
		if v, _ := x.GetCellValue("Chỉ tiêu", "A5"); v != "T1" {
			t.Errorf("targets sheet starts with %q", v)
		}
		if code, _ := get(t, unit, s.URL+page+"/consolidated.docx"); code != http.StatusForbidden {
			t.Errorf("a unit downloaded the department's report: %d", code)
		}
	})
}

func TestDifficultyPages(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	unit := s.login(t, "qlxd")
	resp, _ := unit.PostForm(s.URL+"/difficulties", url.Values{"subject": {""}, "content": {"Thiếu người"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("empty subject: %d", resp.StatusCode)
	}
	resp, _ = unit.PostForm(s.URL+"/difficulties", url.Values{"subject": {"Thiếu nhân lực thẩm định"}, "content": {"Chỉ có 2 người"}})
	page := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || page == "" {
		t.Fatalf("raise: %d", resp.StatusCode)
	}
	if resp, _ = unit.PostForm(s.URL+page+"/direct", url.Values{"text": {"Tự giải quyết"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("a unit directed: %d", resp.StatusCode)
	}
	leader := s.login(t, "lanhdao")
	if _, p := get(t, leader, s.URL+page); !strings.Contains(p, "Chỉ đạo") {
		t.Error("the leader has no direction form")
	}
	if resp, _ = leader.PostForm(s.URL+page+"/direct", url.Values{"text": {"Văn phòng điều động 01 công chức hỗ trợ"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("direct: %d", resp.StatusCode)
	}
	if _, p := get(t, unit, s.URL+page); !strings.Contains(p, "Văn phòng điều động 01 công chức hỗ trợ") {
		t.Error("the unit does not see the direction")
	}
	if code, _ := get(t, s.login(t, "ttdk"), s.URL+page); code != http.StatusForbidden {
		t.Errorf("another unit read it: %d", code)
	}
}

// A unit attaches its signed report to the form; the office downloads it; another
// unit cannot.
func TestReportAttachmentPages(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	office := s.login(t, "vanphong")
	resp, _ := office.PostForm(s.URL+"/reports", url.Values{"kind": {"ad_hoc"}, "title": {"Báo cáo đột xuất"}, "period_from": {"2026-01-01"},
		"period_to": {"2026-11-20"}, "cutoff": {"2026-11-20"}, "due": {"2026-12-01"}, "audience": {"all_units"}})
	page := strings.TrimSuffix(resp.Header.Get("Location"), "/register")
	unit := s.login(t, "qlxd")
	ct, body := multipartForm(t, "file", "bao-cao-ky.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	resp, err := unit.Post(s.URL+page+"/files", ct, body)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("attach: %v %d", err, resp.StatusCode)
	}
	_, form := get(t, unit, s.URL+page)
	link := regexp.MustCompile(`/reports/\d+/files/\d+`).FindString(form)
	if link == "" || !strings.Contains(form, "bao-cao-ky.pdf") {
		t.Fatal("the form does not list the file")
	}
	if code, _ := get(t, office, s.URL+link); code != 200 {
		t.Errorf("the office cannot download it: %d", code)
	}
	if code, _ := get(t, s.login(t, "ttdk"), s.URL+link); code != http.StatusNotFound {
		t.Errorf("another unit downloaded it: %d", code)
	}
}

func multipartForm(t *testing.T, field, name string, content []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile(field, name)
	fw.Write(content)
	w.Close()
	return w.FormDataContentType(), &buf
}
