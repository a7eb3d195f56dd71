package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// addEnterprise gives the site an enterprise with an account "hoanglong".
func addEnterprise(t *testing.T, s *site) {
	t.Helper()
	if _, err := s.db.Write().Exec(`INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at)
		VALUES ('4900100001', 'Công ty Vận tải Hoàng Long', 'private', 'hoang long', $1, $1)`, fixedNow); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.NewStore(s.db, now).CreateUser(context.Background(), auth.NewUser{Username: "hoanglong", Role: auth.RoleEnterprise,
		EnterpriseTC: "4900100001", Password: "mat-khau-hoanglong", Email: "hoanglong@example.vn"}); err != nil {
		t.Fatal(err)
	}
}

// petitionForm posts a multipart petition form with files to path.
func petitionForm(t *testing.T, c *http.Client, path string, fields map[string]string, files map[string][]byte) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := w.CreateFormFile("attachments", name)
		fw.Write(data)
	}
	w.Close()
	resp, err := c.Post(path, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

var pdf = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// An enterprise sends a petition with a file; a disguised program is refused. The
// office assigns it from the triage queue, the unit answers from its worklist, the
// office publishes, the answer is public with personal data masked, and the
// enterprise rates it.
func TestPetitionFromEnterpriseToPublishedAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		addEnterprise(t, s)
		ent := s.login(t, "hoanglong")
		fields := map[string]string{"kind": "proposal", "subject": "Thời gian cấp phù hiệu xe quá dài", "publish_consent": "1",
			"content": "Đề nghị rút ngắn thời gian cấp phù hiệu. Liên hệ 0912 345 678. <script>alert('x')</script>"}
		code, page, _ := petitionForm(t, ent, s.URL+"/petitions", fields, map[string][]byte{"phu-hieu.pdf": []byte("MZ\x90\x00 this is a program")})
		if code != http.StatusBadRequest || !strings.Contains(page, "phu-hieu.pdf") {
			t.Fatalf("a program named .pdf: %d", code)
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM petitions").Scan(&n)
		if n != 0 {
			t.Fatalf("%d petitions written with a refused file", n)
		}
		code, _, loc := petitionForm(t, ent, s.URL+"/petitions", fields, map[string][]byte{"de-nghi.pdf": pdf})
		if code != http.StatusSeeOther || !regexp.MustCompile(`^/petitions/\d+$`).MatchString(loc) {
			t.Fatalf("send: %d %s", code, loc)
		}
		_, page = get(t, ent, s.URL+loc)
		if !strings.Contains(page, "&lt;script&gt;") || strings.Contains(page, "<script>alert") || !strings.Contains(page, "de-nghi.pdf") {
			t.Fatal("the petition page does not show the content as text with its file")
		}
		id := strings.TrimPrefix(loc, "/petitions/")

		office := s.login(t, "vanphong")
		_, triage := get(t, office, s.URL+"/petitions")
		if !strings.Contains(triage, "Thời gian cấp phù hiệu xe quá dài") || !strings.Contains(triage, `name="ids"`) {
			t.Fatal("the triage queue does not list the petition for assignment")
		}
		var qlxd string
		d.Read().QueryRow("SELECT CAST(id AS TEXT) FROM units WHERE code = 'QLXD'").Scan(&qlxd)
		resp, _ := office.PostForm(s.URL+"/petitions/assign", url.Values{"ids": {id}, "unit_id": {qlxd}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("bulk assign: %d", resp.StatusCode)
		}
		unit := s.login(t, "qlxd")
		_, work := get(t, unit, s.URL+"/petitions")
		if !strings.Contains(work, "Đang xử lý: <strong>1</strong>") || !strings.Contains(work, "Thời gian cấp phù hiệu") {
			t.Fatal("the unit's worklist does not show it")
		}
		if code, _ := get(t, s.login(t, "ttdk"), s.URL+loc); code != http.StatusNotFound {
			t.Errorf("another unit opened it: %d", code)
		}
		resp, _ = unit.PostForm(s.URL+loc+"/act/answer", url.Values{"answer": {" "}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an empty answer: %d", resp.StatusCode)
		}
		resp, _ = unit.PostForm(s.URL+loc+"/act/publish", nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a unit published: %d", resp.StatusCode)
		}
		resp, _ = unit.PostForm(s.URL+loc+"/act/answer", url.Values{"answer": {"Sở đã rút ngắn thời gian cấp phù hiệu còn 01 ngày làm việc. Gọi 0912 345 678 để được hỗ trợ."}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer: %d", resp.StatusCode)
		}
		if resp, _ = office.PostForm(s.URL+loc+"/act/publish", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", resp.StatusCode)
		}
		anon := s.client(t)
		_, answers := get(t, anon, s.URL+"/answers?q=phu+hieu")
		if !strings.Contains(answers, "Thời gian cấp phù hiệu xe quá dài") {
			t.Fatal("the published answer is not found without an account and without diacritics")
		}
		link := regexp.MustCompile(`/answers/\d+`).FindString(answers)
		_, one := get(t, anon, s.URL+link)
		if !strings.Contains(one, "01 ngày làm việc") || strings.Contains(one, "0912 345 678") {
			t.Error("the public answer is missing or shows the phone number")
		}
		if resp, _ = ent.PostForm(s.URL+loc+"/act/rate", url.Values{"satisfaction": {"satisfied"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("rate: %d", resp.StatusCode)
		}
		var mails int
		d.Read().QueryRow("SELECT COUNT(*) FROM email_outbox WHERE recipient = 'hoanglong@example.vn'").Scan(&mails)
		if mails == 0 {
			t.Error("the enterprise was not told by e-mail")
		}
	})
}

// Anyone may send a petition without an account and follow it with the tracking
// code; without any contact it is refused, and a wrong code says so.
func TestPublicPetitionAndTracking(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	anon := s.client(t)
	code, page, _ := petitionForm(t, anon, s.URL+"/petitions/send", map[string]string{"kind": "feedback", "subject": "Bụi ở công trình",
		"content": "Công trình trên đường Bà Triệu gây bụi", "sender_name": "Nguyễn Văn A"}, nil)
	if code != http.StatusBadRequest || !strings.Contains(page, "điện thoại") {
		t.Fatalf("no contact: %d", code)
	}
	code, page, _ = petitionForm(t, anon, s.URL+"/petitions/send", map[string]string{"kind": "feedback", "subject": "Bụi ở công trình",
		"content": "Công trình trên đường Bà Triệu gây bụi", "sender_name": "Nguyễn Văn A", "sender_email": "nva@example.vn"}, nil)
	tracking := regexp.MustCompile(`PA-\d{4}-[0-9A-Z]+`).FindString(page)
	if code != http.StatusCreated || tracking == "" {
		t.Fatalf("public send: %d %s", code, page)
	}
	_, page = get(t, anon, s.URL+"/petitions/track?code="+strings.ToLower(tracking))
	if !strings.Contains(page, "Bụi ở công trình") || !strings.Contains(page, "Tiếp nhận") {
		t.Fatal("the sender cannot follow the petition by its code")
	}
	if code, page := get(t, anon, s.URL+"/petitions/track?code=PA-2026-ZZZZZZ"); code != http.StatusNotFound || !strings.Contains(page, "Không có phản ánh") {
		t.Errorf("a wrong code: %d", code)
	}
}

// The JSON API creates a petition and answers its deadlines; the Open311 twin does
// the same with its own field names.
func TestPetitionAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		addEnterprise(t, s)
		ent := s.api(t, "hoanglong")
		r := ent.call("POST", "/api/v1/petitions", map[string]any{"kind": "feedback", "subject": "Thủ tục cấp phép", "content": "Hồ sơ bị yêu cầu bổ sung nhiều lần", "channel": "web"})
		if r.status != http.StatusCreated || r.body["tracking_code"] == nil || r.header.Get("Location") == "" {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
		dl := r.body["deadlines"].(map[string]any)
		// Received Thursday 26/11/2026: 2 working days → Monday 30/11; 15 → Thursday 17/12.
		if dl["refuse_by"] != "2026-11-30" || dl["process_by"] != "2026-12-17" || dl["overdue"].(map[string]any)["process_by"] != false {
			t.Errorf("deadlines = %v", dl)
		}
		got := ent.call("GET", r.header.Get("Location"), nil)
		if got.status != 200 || got.body["state"] != "received" || got.body["tracking_code"] != r.body["tracking_code"] {
			t.Errorf("get: %d %v", got.status, got.body)
		}
		bad := ent.call("POST", "/api/v1/petitions", map[string]any{"kind": "feedback", "subject": "", "content": "x", "received_at": "hôm qua"})
		if bad.status != http.StatusBadRequest || bad.body["fields"].(map[string]any)["received_at"] == nil {
			t.Errorf("bad input: %d %v", bad.status, bad.body)
		}
		office := s.api(t, "vanphong")
		paper := office.call("POST", "/api/v1/petitions", map[string]any{"kind": "proposal", "subject": "Đề nghị bổ sung bãi đỗ xe", "content": "…",
			"channel": "paper", "received_at": "2026-11-20T08:30:00+07:00", "sender_name": "Hợp tác xã Vận tải Đồng Đăng", "sender_phone": "0205 3851 234"})
		if paper.status != http.StatusCreated || !strings.HasPrefix(paper.body["received_at"].(string), "2026-11-20T01:30:00") {
			t.Errorf("a paper petition with its real time: %d %v", paper.status, paper.body)
		}
		if other := s.api(t, "ttdk").call("GET", r.header.Get("Location"), nil); other.status != http.StatusNotFound {
			t.Errorf("a unit read a petition not assigned to it: %d", other.status)
		}

		// Open311.
		body, _ := json.Marshal(map[string]string{"service_code": "feedback", "description": "Đèn tín hiệu giao thông hỏng ở nút Phai Vệ", "email": "a@example.vn"})
		req, _ := http.NewRequest("POST", s.URL+"/api/open311/v2/requests.json", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+ent.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var made []map[string]any
		json.NewDecoder(resp.Body).Decode(&made)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated || len(made) != 1 || made[0]["status"] != "open" {
			t.Fatalf("open311 create: %d %v", resp.StatusCode, made)
		}
		req, _ = http.NewRequest("GET", s.URL+"/api/open311/v2/requests/"+made[0]["service_request_id"].(string)+".json", nil)
		req.Header.Set("Authorization", "Bearer "+ent.token)
		resp, _ = http.DefaultClient.Do(req)
		var read []map[string]any
		json.NewDecoder(resp.Body).Decode(&read)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(read) != 1 || read[0]["token"] != made[0]["token"] {
			t.Errorf("open311 get: %d %v", resp.StatusCode, read)
		}
	})
}

// A day off added to the calendar moves the deadlines of open petitions that count
// over it, recounted in the background.
func TestCalendarChangeMovesPetitionDeadlines(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	addEnterprise(t, s)
	r := s.api(t, "hoanglong").call("POST", "/api/v1/petitions", map[string]any{"kind": "feedback", "subject": "Hỏi thủ tục", "content": "Hỏi"})
	if r.body["deadlines"].(map[string]any)["refuse_by"] != "2026-11-30" {
		t.Fatalf("deadline before the change: %v", r.body["deadlines"])
	}
	office := s.login(t, "vanphong")
	resp, _ := office.PostForm(s.URL+"/calendar/overrides", url.Values{"date": {"2026-11-27"}, "name": {"Nghỉ bù"}, "note": {"Thông báo của UBND tỉnh"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set a day off: %d", resp.StatusCode)
	}
	api := s.api(t, "hoanglong")
	for range 100 {
		got := api.call("GET", r.header.Get("Location"), nil)
		if got.body["deadlines"].(map[string]any)["refuse_by"] == "2026-12-01" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the petition's deadline did not move past the new day off")
}
