package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/web"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// fixedNow is the day the tests live on: inside the seed movement's first year.
var fixedNow = time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)

func now() time.Time { return fixedNow }

// site is a running thidua with the seed plan, two units and one account per role.
type site struct {
	*httptest.Server
	db *db.DB
}

func newSite(t *testing.T, d *db.DB, opts ...func(*web.Deps)) *site {
	t.Helper()
	ctx := context.Background()
	if _, err := plan.LoadEmbedded(ctx, plan.NewStore(d, now)); err != nil {
		t.Fatal(err)
	}
	for _, u := range [][3]string{{"VP", "Văn phòng Sở", "office"}, {"QLXD", "Phòng Quản lý xây dựng", "division"}, {"TTDK", "Trung tâm Đăng kiểm", "affiliated"}} {
		if _, err := d.Write().ExecContext(ctx, `INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
			u[0], u[1], u[2], strings.ToLower(u[0]), fixedNow); err != nil {
			t.Fatal(err)
		}
	}
	as := auth.NewStore(d, now)
	for _, nu := range []auth.NewUser{
		{Username: "vanphong", Role: auth.RoleOffice},
		{Username: "lanhdao", Role: auth.RoleLeader},
		{Username: "qlxd", Role: auth.RoleUnitManager, UnitCode: "QLXD"},
		{Username: "ttdk", Role: auth.RoleUnitStaff, UnitCode: "TTDK"},
	} {
		nu.Password = "mat-khau-" + nu.Username
		if _, err := as.CreateUser(ctx, nu); err != nil {
			t.Fatal(err)
		}
	}
	deps := web.Deps{DB: d, Now: now}
	for _, o := range opts {
		o(&deps)
	}
	srv, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	bg, stop := context.WithCancel(context.Background())
	srv.Background(bg)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); stop() })
	return &site{Server: ts, db: d}
}

// client is a browser-like client that keeps cookies and does not follow redirects.
func (s *site) client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (s *site) login(t *testing.T, username string) *http.Client {
	t.Helper()
	c := s.client(t)
	resp, err := c.PostForm(s.URL+"/login", url.Values{"username": {username}, "password": {"mat-khau-" + username}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, resp.StatusCode)
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestLoginAndAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		anon := s.client(t)
		resp, _ := anon.Get(s.URL + "/audit")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous /audit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, _ = anon.PostForm(s.URL+"/login", url.Values{"username": {"vanphong"}, "password": {"sai"}})
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Tên đăng nhập hoặc mật khẩu không đúng") {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
		office := s.login(t, "vanphong")
		if code, body := get(t, office, s.URL+"/audit"); code != 200 || !strings.Contains(body, "Tạo tài khoản qlxd") {
			t.Fatalf("office audit page: %d", code)
		}
		unit := s.login(t, "qlxd")
		if code, body := get(t, unit, s.URL+"/audit"); code != http.StatusForbidden || !strings.Contains(body, "không có quyền") {
			t.Fatalf("unit manager reached the audit log: %d", code)
		}
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	c := s.login(t, "vanphong")
	req, _ := http.NewRequest("POST", s.URL+"/logout", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", resp.StatusCode)
	}
	if code, _ := get(t, c, s.URL+"/dashboard"); code != 200 {
		t.Fatalf("session ended by a cross-site request: %d", code)
	}
}

func TestTargetsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		tok, err := auth.NewStore(d, now).CreateToken(context.Background(), "lanhdao", "thử")
		if err != nil {
			t.Fatal(err)
		}
		call := func(token, query string) (int, []map[string]any) {
			req, _ := http.NewRequest("GET", s.URL+"/api/v1/targets"+query, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out []map[string]any
			json.NewDecoder(resp.Body).Decode(&out)
			return resp.StatusCode, out
		}
		if code, _ := call("", "?year=2026"); code != http.StatusUnauthorized {
			t.Fatalf("no token: %d", code)
		}
		// One of three units deployed the movement: T1 is 33,33% and not met.
		if _, err := d.Write().Exec(`INSERT INTO deployments (movement_id, unit_id, deployed_on, doc_number, created_at, updated_at)
			SELECT m.id, u.id, '2026-06-01', '01/KH-QLXD', $1, $1 FROM movements m, units u WHERE u.code = 'QLXD'`, fixedNow); err != nil {
			t.Fatal(err)
		}
		code, targets := call(tok, "?year=2026")
		if code != 200 || len(targets) != 5 {
			t.Fatalf("targets: %d %v", code, targets)
		}
		t1 := targets[0]
		if t1["code"] != "T1" || t1["numerator"] != 1.0 || t1["denominator"] != 3.0 || t1["value"] != 33.33 || t1["met"] != false {
			t.Fatalf("T1 = %v", t1)
		}
		for _, tg := range targets[1:] {
			if tg["code"] == "T4" || tg["code"] == "T5" {
				// Dialogues and initiatives are recorded in thidua: none in 2026 is a real zero.
				if tg["value"] != 0.0 || tg["met"] != false {
					t.Fatalf("%v with nothing recorded = %v, want 0 and not met", tg["code"], tg)
				}
				continue
			}
			if tg["value"] != nil || tg["met"] != nil {
				t.Fatalf("%v has a value without data", tg["code"])
			}
		}
		// Before the deployment date the unit had not yet deployed.
		if code, _ := call(tok, "?year=2025"); code != http.StatusBadRequest {
			t.Fatalf("year outside the movement: %d", code)
		}
		if code, _ := call(tok, "?year=abc"); code != http.StatusBadRequest {
			t.Fatalf("bad year: %d", code)
		}
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func dbtestSQLite(t *testing.T) *db.DB { return dbtest.SQLite(t) }

func unitID(t *testing.T, d *db.DB, code string) string {
	var id string
	if err := d.Read().QueryRow("SELECT id FROM units WHERE code = $1", code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A unit records its own deployment, sees T1 move, and cannot touch another unit's.
func TestDeploymentByUnit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		unit := s.login(t, "qlxd")
		own, other := unitID(t, d, "QLXD"), unitID(t, d, "TTDK")
		code, body := post(t, unit, s.URL+"/deployments/"+own, url.Values{"deployed_on": {"2026-13-01"}, "doc_number": {""}})
		if code != http.StatusBadRequest || !strings.Contains(body, "không hợp lệ") || !strings.Contains(body, "Nhập số văn bản") {
			t.Fatalf("bad form: %d", code)
		}
		if code, _ := post(t, unit, s.URL+"/deployments/"+other, url.Values{"deployed_on": {"2026-06-01"}, "doc_number": {"01/KH"}}); code != http.StatusForbidden {
			t.Fatalf("unit recorded another unit's deployment: %d", code)
		}
		if code, _ := get(t, unit, s.URL+"/deployments/"+other); code != http.StatusForbidden {
			t.Fatalf("unit opened another unit's deployment form: %d", code)
		}
		if code, _ := post(t, unit, s.URL+"/deployments/"+own, url.Values{"deployed_on": {"2026-06-01"}, "doc_number": {"05/KH-QLXD"}}); code != http.StatusSeeOther {
			t.Fatalf("record deployment: %d", code)
		}
		office := s.login(t, "vanphong")
		_, page := get(t, office, s.URL+"/targets?period=2026")
		if !strings.Contains(page, "33,33%") || !strings.Contains(page, "1 / 3") {
			t.Fatalf("targets page does not show T1 = 1/3 after the deployment")
		}
		_, reg := get(t, office, s.URL+"/deployments?as_of=2026-11-26")
		if !strings.Contains(reg, "05/KH-QLXD") || !strings.Contains(reg, "Chưa triển khai đến ngày 26/11/2026") || !strings.Contains(reg, "Trung tâm Đăng kiểm") {
			t.Fatalf("deployment register lacks the record or the missing units")
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM audit_log WHERE entity = 'deployment'").Scan(&n)
		if n != 1 {
			t.Fatalf("audit rows for the deployment = %d, want 1", n)
		}
	})
}

func TestRegistration(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	unit := s.login(t, "qlxd")
	code, body := post(t, unit, s.URL+"/registrations", url.Values{"year": {"2026"}, "commitments": {""}, "titles": {"ttldxs"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "Nêu nội dung đăng ký") {
		t.Fatalf("empty commitments: %d", code)
	}
	code, _ = post(t, unit, s.URL+"/registrations", url.Values{"year": {"2026"}, "commitments": {"Giải quyết 100% hồ sơ đúng hạn"}, "titles": {"ttldxs"}})
	if code != http.StatusSeeOther {
		t.Fatalf("register: %d", code)
	}
	_, page := get(t, s.login(t, "ttdk"), s.URL+"/registrations?year=2026")
	if strings.Contains(page, "Giải quyết 100% hồ sơ đúng hạn") {
		t.Fatal("another unit sees QLXD's registration")
	}
	_, page = get(t, s.login(t, "lanhdao"), s.URL+"/registrations?year=2026")
	if !strings.Contains(page, "Giải quyết 100% hồ sơ đúng hạn") || !strings.Contains(page, "Tập thể lao động xuất sắc") {
		t.Fatal("leader does not see the registration")
	}
}

// The office creates a unit under a parent through the form; editing it keeps the
// parent, and a wrong code is refused beside its field.
func TestUnitFormParent(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	c := s.login(t, "vanphong")
	code, _ := post(t, c, s.URL+"/units", url.Values{"code": {"DOI1"}, "name": {"Đội kiểm tra số 1"}, "kind": {"affiliated"}, "parent": {"TTDK"}})
	if code != http.StatusSeeOther {
		t.Fatalf("create unit: %d", code)
	}
	id := unitID(t, s.db, "DOI1")
	_, page := get(t, c, s.URL+"/units/"+id)
	if !strings.Contains(page, `<option value="TTDK" selected>`) {
		t.Fatal("the new unit's parent is not shown as TTDK")
	}
	post(t, c, s.URL+"/units/"+id, url.Values{"code": {"DOI1"}, "name": {"Đội kiểm tra số 1 (mới)"}, "kind": {"affiliated"}, "parent": {"TTDK"}})
	_, page = get(t, c, s.URL+"/units/"+id)
	if !strings.Contains(page, `<option value="TTDK" selected>`) || !strings.Contains(page, "(mới)") {
		t.Fatal("editing the unit lost its parent or its new name")
	}
	code, page = post(t, c, s.URL+"/units", url.Values{"code": {"DOI2"}, "name": {"Đội 2"}, "kind": {"affiliated"}, "parent": {"KHONGCO"}})
	if code != http.StatusBadRequest || !strings.Contains(page, "không có đơn vị mã KHONGCO") || !strings.Contains(page, `value="Đội 2"`) {
		t.Fatalf("unknown parent: %d", code)
	}
}

func multipartFile(t *testing.T, name string, content []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.WriteField("dry_run", "0")
	w.Close()
	return w.FormDataContentType(), &buf
}

// An oversized or malformed upload is refused with a message and imports nothing.
func TestImportRefusals(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	c := s.login(t, "vanphong")
	upload := func(name string, content []byte) (int, string) {
		ct, body := multipartFile(t, name, content)
		resp, err := c.Post(s.URL+"/import/enterprises", ct, body)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, page := upload("lon.csv", bytes.Repeat([]byte("0100109106,Công ty,Xây dựng,Tư nhân\n"), 25<<20/36))
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "Tệp quá lớn") {
		t.Fatalf("oversized upload: %d", code)
	}
	code, page = upload("dn.csv", []byte("Mã số thuế,Tên doanh nghiệp\n0100109106,Công ty A\n"))
	if code != http.StatusBadRequest || !strings.Contains(page, "Lĩnh vực") {
		t.Fatalf("missing header: %d", code)
	}
	code, page = upload("dn.csv", []byte("Mã số thuế,Tên doanh nghiệp,Lĩnh vực,Loại hình sở hữu\n0100109106,Công ty A,Xây dựng,Tư nhân\n0100109107,Công ty B,Xây dựng,Tư nhân\n"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Dòng") || !strings.Contains(page, "/files/") {
		t.Fatalf("bad check digit: %d", code)
	}
	var n int
	s.db.Read().QueryRow("SELECT COUNT(*) FROM enterprises").Scan(&n)
	if n != 0 {
		t.Fatalf("%d enterprises written from refused files", n)
	}
	// The rejected rows come back as a spreadsheet for the user who uploaded them only.
	link := regexp.MustCompile(`/files/[A-Za-z0-9_-]+`).FindString(page)
	resp, err := c.Get(s.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("rejects download: %d %s", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	if code, _ := get(t, s.login(t, "lanhdao"), s.URL+link); code != http.StatusNotFound {
		t.Fatalf("another user fetched the rejects file: %d", code)
	}
}

// The audit log names what happened in Vietnamese.
func TestAuditPageInVietnamese(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	_, page := get(t, s.login(t, "vanphong"), s.URL+"/audit")
	if !strings.Contains(page, "<td>Tạo mới</td><td>Tài khoản #") || strings.Contains(page, "<td>create</td>") {
		t.Fatal("the audit log shows English codes")
	}
}
