package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
)

// postFile posts a multipart form with one file and some fields.
func postFile(t *testing.T, c *http.Client, u, field, name string, data []byte, fields url.Values) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	resp, err := c.Post(u, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func postTo(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

var pdfFile = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

// A unit proposes an initiative, the office takes it to the council, a member
// scores it (another, of the proposing unit, is refused), the office records the
// vote and the decision is numbered once; applied effectively, it counts for T5 and
// is in the list the targets page links to.
func TestInitiativeFromProposalToT5(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		var qlxd, lan, hung int64
		d.Read().QueryRow("SELECT id FROM units WHERE code = 'QLXD'").Scan(&qlxd)
		for name, dst := range map[string]*int64{"Vi Thị Lan": &lan, "Hoàng Đức Hùng": &hung} {
			if err := d.Write().QueryRow(`INSERT INTO staff (unit_id, full_name, gender, search, created_at, updated_at) VALUES ($1, $2, 'female', $2, $3, $3) RETURNING id`,
				qlxd, name, fixedNow).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		as := auth.NewStore(d, now)
		for _, nu := range []auth.NewUser{{Username: "hoidong", FullName: "Nông Văn Hải", Role: auth.RoleCouncil}, {Username: "hung.hd", FullName: "Hoàng Đức Hùng", Role: auth.RoleCouncil}} {
			nu.Password = "mat-khau-" + nu.Username
			if _, err := as.CreateUser(ctx, nu); err != nil {
				t.Fatal(err)
			}
		}
		unit, office, member, conflicted, other := s.login(t, "qlxd"), s.login(t, "vanphong"), s.login(t, "hoidong"), s.login(t, "hung.hd"), s.login(t, "ttdk")
		form := url.Values{"title": {"Số hóa quy trình cấp giấy phép xây dựng"}, "field": {"admin_reform"}, "first_applied_on": {"2026-03-02"},
			"description": {"Tiếp nhận, xử lý hồ sơ cấp phép hoàn toàn trực tuyến."}, "conditions": {"Chữ ký số; kết nối Cổng dịch vụ công."},
			"expected_dong": {"120.000.000"}, "author_staff": {strconv.FormatInt(lan, 10), strconv.FormatInt(hung, 10)},
			"author_name": {"", ""}, "author_org": {"", ""}, "author_share": {"50", "40"}}

		// Shares that do not add up and a date to come: the form comes back as typed.
		form.Set("first_applied_on", "2026-12-20")
		code, body, _ := postTo(t, unit, s.URL+"/initiatives", form)
		if code != http.StatusBadRequest || !strings.Contains(body, "Tổng tỷ lệ đóng góp của các tác giả là 90%, phải bằng đúng 100%") ||
			!strings.Contains(body, "Ngày áp dụng lần đầu 20/12/2026 là ngày trong tương lai") ||
			!strings.Contains(body, `value="Số hóa quy trình cấp giấy phép xây dựng"`) || !strings.Contains(body, `value="40"`) {
			t.Fatalf("bad form: %d", code)
		}
		form.Set("first_applied_on", "2026-03-02")
		form["author_share"] = []string{"60", "40"}
		code, _, page := postTo(t, unit, s.URL+"/initiatives", form)
		if code != http.StatusSeeOther || !regexp.MustCompile(`^/initiatives/\d+$`).MatchString(page) {
			t.Fatalf("create: %d %s", code, page)
		}

		// Files are checked by content.
		if code, body := postFile(t, unit, s.URL+page+"/files", "file", "thuyet-minh.pdf", []byte("MZ\x90\x00 not a pdf at all"), nil); code != http.StatusBadRequest ||
			!strings.Contains(body, "Tệp “thuyet-minh.pdf” không phải PDF") {
			t.Errorf("a disguised file: %d", code)
		}
		if code, _ := postFile(t, unit, s.URL+page+"/files", "file", "Thuyết minh.pdf", pdfFile, nil); code != http.StatusSeeOther {
			t.Errorf("a real PDF: %d", code)
		}
		_, body = get(t, unit, s.URL+page)
		link := regexp.MustCompile(`href="(` + page + `/files/\d+)">Thuyết minh.pdf`).FindStringSubmatch(body)
		if link == nil {
			t.Fatal("the file is not listed")
		}
		if resp, _ := unit.Get(s.URL + link[1]); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if code, _ := get(t, other, s.URL+page); code != http.StatusNotFound {
			t.Errorf("another unit opens the initiative: %d", code)
		}
		if code, _, _ := postTo(t, unit, s.URL+page+"/submit", nil); code != http.StatusSeeOther {
			t.Fatalf("submit: %d", code)
		}
		if code, body, _ := postTo(t, unit, s.URL+page+"/submit", nil); code != http.StatusConflict || !strings.Contains(body, "Sáng kiến đang ở trạng thái “Đã nộp” nên không thể nộp") {
			t.Errorf("submitted twice: %d", code)
		}

		// The council.
		code, _, sesPage := postTo(t, office, s.URL+"/initiative-sessions", url.Values{"name": {"Phiên họp Hội đồng sáng kiến quý IV năm 2026"}, "held_on": {"2026-11-20"}})
		if code != http.StatusSeeOther {
			t.Fatalf("session: %d", code)
		}
		var memberID, conflictedID int64
		d.Read().QueryRow("SELECT id FROM users WHERE username = 'hoidong'").Scan(&memberID)
		d.Read().QueryRow("SELECT id FROM users WHERE username = 'hung.hd'").Scan(&conflictedID)
		for id, staff := range map[int64]string{memberID: "", conflictedID: strconv.FormatInt(hung, 10)} {
			if code, _, _ := postTo(t, office, s.URL+sesPage+"/members", url.Values{"user": {strconv.FormatInt(id, 10)}, "staff": {staff}}); code != http.StatusSeeOther {
				t.Fatalf("add member: %d", code)
			}
		}
		sesID := strings.TrimPrefix(sesPage, "/initiative-sessions/")
		if code, _, _ := postTo(t, office, s.URL+page+"/review", url.Values{"session": {sesID}}); code != http.StatusSeeOther {
			t.Fatalf("review: %d", code)
		}
		if _, body := get(t, conflicted, s.URL+page); !strings.Contains(body, "Hoàng Đức Hùng là tác giả của sáng kiến này nên không được chấm điểm") || strings.Contains(body, `name="score_novelty"`) {
			t.Error("the author's member page offers the score form")
		}
		good := url.Values{"score_novelty": {"1"}, "score_applicability": {"32"}, "score_economic": {"20"}, "score_social": {"25"}}
		if code, body, _ := postTo(t, conflicted, s.URL+page+"/score", good); code != http.StatusConflict || !strings.Contains(body, "xung đột lợi ích") {
			t.Errorf("an author scored: %d", code)
		}
		_, body = get(t, member, s.URL+page)
		if !strings.Contains(body, `name="score_applicability"`) || strings.Contains(body, "Trung vị") {
			t.Error("a member sees the others' figures before scoring, or no form")
		}
		bad := url.Values{"score_novelty": {"1"}, "score_applicability": {"45"}, "score_economic": {"20"}, "score_social": {"25"}}
		if code, body, _ := postTo(t, member, s.URL+page+"/score", bad); code != http.StatusBadRequest ||
			!strings.Contains(body, "ngoài khoảng cho phép 0–40 điểm") || !strings.Contains(body, `value="45"`) {
			t.Errorf("a score out of range: %d", code)
		}
		if code, _, _ := postTo(t, member, s.URL+page+"/score", good); code != http.StatusSeeOther {
			t.Fatalf("score: %d", code)
		}
		if _, body := get(t, member, s.URL+page); !strings.Contains(body, "Trung vị") || !strings.Contains(body, "Đạt các tiêu chí") {
			t.Error("the member does not see the figures after scoring")
		}
		if code, _, _ := postTo(t, office, s.URL+page+"/recognise", url.Values{"votes_for": {"2"}, "votes_against": {"0"}, "level": {"province"}}); code != http.StatusSeeOther {
			t.Fatalf("recognise: %d", code)
		}
		for i := 0; i < 2; i++ {
			resp, err := office.Get(s.URL + sesPage + "/decision.docx")
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.HasPrefix(doc, []byte("PK")) {
				t.Fatalf("decision: %d", resp.StatusCode)
			}
		}
		var number string
		d.Read().QueryRow("SELECT decision_number FROM initiative_sessions").Scan(&number)
		var numbers int
		d.Read().QueryRow("SELECT COUNT(*) FROM documents WHERE type = 'QĐ'").Scan(&numbers)
		if !strings.HasPrefix(number, "01/QĐ-") || numbers != 1 {
			t.Errorf("decision number %q, %d in the register: want one number for two downloads", number, numbers)
		}

		// Applied effectively: T5 for 2026 is met and the list behind it shows it.
		code, body = postFile(t, office, s.URL+page+"/apply", "evidence", "bao-cao-hieu-qua.pdf", pdfFile,
			url.Values{"units": {strconv.FormatInt(qlxd, 10)}, "applied_from": {"2026-04-01"}, "effective_on": {"2026-10-20"}, "measured_dong": {"95.000.000"}})
		if code != http.StatusSeeOther {
			t.Fatalf("apply: %d %s", code, body)
		}
		_, targets := get(t, office, s.URL+"/targets?period=2026")
		row := targets[strings.Index(targets, "<strong>T5</strong>"):]
		row = row[:strings.Index(row, "</tr>")]
		if !regexp.MustCompile(`Năm 2026: (<a href="/initiatives\?year=2026&amp;state=applied">)?1(</a>)? ✓`).MatchString(row) {
			t.Errorf("T5 does not count the initiative applied in 2026: %s", row)
		}
		_, list := get(t, office, s.URL+"/initiatives?year=2026&state=applied")
		if !strings.Contains(list, "Số hóa quy trình cấp giấy phép xây dựng") || !strings.Contains(list, "Vi Thị Lan (60%), Hoàng Đức Hùng (40%)") {
			t.Error("the T5 drill-down list lacks the initiative")
		}
		if _, list := get(t, office, s.URL+"/initiatives?year=2027&state=applied"); strings.Contains(list, "Số hóa quy trình") {
			t.Error("the initiative is listed for 2027")
		}
	})
}

// Who may do what: the leader reads but proposes nothing; an enterprise proposes for
// itself and sees only its own.
func TestInitiativeRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		d.Write().Exec(`INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at) VALUES ('4900100001', 'Công ty CP Xây dựng Pác Bó', 'private', 'pac bo', $1, $1)`, fixedNow)
		if _, err := auth.NewStore(d, now).CreateUser(context.Background(), auth.NewUser{Username: "pacbo", Role: auth.RoleEnterprise, EnterpriseTC: "4900100001", Password: "mat-khau-pacbo"}); err != nil {
			t.Fatal(err)
		}
		leader, ent, office := s.login(t, "lanhdao"), s.login(t, "pacbo"), s.login(t, "vanphong")
		if code, _ := get(t, leader, s.URL+"/initiatives/new"); code != http.StatusForbidden {
			t.Errorf("the leader opens the proposal form: %d", code)
		}
		code, _, page := postTo(t, ent, s.URL+"/initiatives", url.Values{"title": {"Bản đồ số hạ tầng giao thông tỉnh Lạng Sơn"}, "field": {"infrastructure"},
			"first_applied_on": {"2026-05-04"}, "description": {"Bản đồ số các tuyến đường, cầu, cống."}, "conditions": {"Có dữ liệu GIS."},
			"expected_social": {"Doanh nghiệp tra cứu tải trọng cầu trực tuyến."}, "author_staff": {""}, "author_name": {"Lý Thị Mai"}, "author_org": {""}, "author_share": {"100"}})
		if code != http.StatusSeeOther {
			t.Fatalf("enterprise create: %d", code)
		}
		if _, body := get(t, ent, s.URL+page); !strings.Contains(body, "Công ty CP Xây dựng Pác Bó") {
			t.Error("the enterprise's initiative is not its own")
		}
		if code, _, _ := postTo(t, ent, s.URL+page+"/return", url.Values{"reason": {"x"}}); code != http.StatusForbidden {
			t.Errorf("an enterprise returned an initiative: %d", code)
		}
		_, list := get(t, office, s.URL+"/initiatives?unit=enterprises&q=ban+do")
		if !strings.Contains(list, "Bản đồ số hạ tầng giao thông tỉnh Lạng Sơn") {
			t.Error("the office cannot find the enterprise's initiative")
		}
		if code, _ := get(t, office, s.URL+"/initiatives?state=bogus"); code != http.StatusBadRequest {
			t.Errorf("a tampered filter: %d", code)
		}
		if code, _ := get(t, ent, s.URL+"/initiative-sessions"); code != http.StatusForbidden {
			t.Errorf("an enterprise opens the council's sessions: %d", code)
		}
	})
}

// The demo's initiatives: T5 is met for 2026 by two applied effectively, the list
// behind it shows them, the initiative under review has its scores and a member kept
// from scoring, and a unit sees only its own.
func TestDemoInitiatives(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		s := &site{Server: ts, db: d}
		login := func(name string) *http.Client {
			c := s.client(t)
			if code, _, _ := postTo(t, c, ts.URL+"/login", url.Values{"username": {name}, "password": {demo.Password}}); code != http.StatusSeeOther {
				t.Fatalf("login %s: %d", name, code)
			}
			return c
		}
		office, unit, member := login("vanphong"), login("chuyenvien"), login("hoidong")
		_, targets := get(t, office, ts.URL+"/targets?period=2026")
		row := targets[strings.Index(targets, "<strong>T5</strong>"):]
		row = row[:strings.Index(row, "</tr>")]
		if !regexp.MustCompile(`Năm 2026: (<a href="/initiatives\?year=2026&amp;state=applied">)?2(</a>)? ✓`).MatchString(row) {
			t.Errorf("T5 for 2026 in the demo: %s", row)
		}
		if _, list := get(t, office, ts.URL+"/initiatives?year=2026&state=applied"); !strings.Contains(list, "2 sáng kiến") || !strings.Contains(list, "Bản đồ số hạ tầng giao thông tỉnh Lạng Sơn") {
			t.Error("the demo's applied initiatives are not listed")
		}
		_, list := get(t, office, ts.URL+"/initiatives?state=under_review")
		m := regexp.MustCompile(`href="(/initiatives/\d+)">Một cửa liên thông`).FindStringSubmatch(list)
		if m == nil {
			t.Fatal("no initiative under review in the demo")
		}
		_, page := get(t, office, ts.URL+m[1])
		if !strings.Contains(page, "3 thành viên đã chấm") || !strings.Contains(page, "Trung vị") || !strings.Contains(page, "xung đột lợi ích") {
			t.Error("the initiative under review lacks its scores or the member kept from scoring")
		}
		if _, page := get(t, member, ts.URL+m[1]); !strings.Contains(page, `name="score_applicability"`) {
			t.Error("the council member cannot see their score form")
		}
		_, mine := get(t, unit, ts.URL+"/initiatives")
		if !strings.Contains(mine, "Số hóa quy trình cấp giấy phép xây dựng") || strings.Contains(mine, "Bản đồ số hạ tầng") {
			t.Error("a unit's list is not its own initiatives")
		}
		_, sessions := get(t, office, ts.URL+"/initiative-sessions")
		if !strings.Contains(sessions, "/QĐ-SXD") {
			t.Error("the first session's decision has no number")
		}
	})
}
