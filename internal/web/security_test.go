package web_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/filestore"
)

func headersOf(t *testing.T, c *http.Client, req *http.Request) http.Header {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header
}

func TestSecurityHeaders(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	req, _ := http.NewRequest("GET", s.URL+"/login", nil)
	h := headersOf(t, s.client(t), req)
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", h.Get("X-Content-Type-Options"))
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS sent over plain HTTP")
	}
	// Behind a proxy that ends TLS: HSTS, and the session cookie is Secure.
	req, _ = http.NewRequest("GET", s.URL+"/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	if h := headersOf(t, s.client(t), req); !strings.HasPrefix(h.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS behind a TLS proxy: %q", h.Get("Strict-Transport-Security"))
	}
	req, _ = http.NewRequest("POST", s.URL+"/login", strings.NewReader(url.Values{"username": {"vanphong"}, "password": {"mat-khau-vanphong"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := s.client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := resp.Cookies(); len(c) != 1 || !c[0].Secure || !c[0].HttpOnly {
		t.Errorf("session cookie behind a TLS proxy: %+v", c)
	}
}

// inlineCodeIn finds what the CSP would block: scripts without src, style elements
// and attributes, event handler attributes and javascript: links.
func inlineCodeIn(html string) []string {
	var found []string
	for _, m := range regexp.MustCompile(`(?i)<script\b[^>]*>`).FindAllString(html, -1) {
		if !regexp.MustCompile(`(?i)\ssrc\s*=`).MatchString(m) {
			found = append(found, m)
		}
	}
	found = append(found, regexp.MustCompile(`(?i)<style[\s>]|\sstyle\s*=\s*["']|\son[a-z]+\s*=\s*["']|javascript:`).FindAllString(html, -1)...)
	return found
}

func TestNoInlineCodeInTemplates(t *testing.T) {
	err := filepath.WalkDir("templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if found := inlineCodeIn(string(b)); len(found) > 0 {
			t.Errorf("%s has inline code the CSP blocks: %q", p, found)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := inlineCodeIn(`<p onclick="x()">a</p><script>alert(1)</script><div style="color:red">`); len(got) != 3 {
		t.Fatalf("the scanner misses inline code: %q", got)
	}
}

// Pages as rendered, with the demo's data, carry no inline code either (a chart or
// a helper could write some that no template shows).
func TestNoInlineCodeInPages(t *testing.T) {
	d := dbtest.SQLite(t)
	ts := demoSite(t, d)
	s := &site{Server: ts, db: d}
	c := s.client(t)
	c.PostForm(ts.URL+"/login", url.Values{"username": {"vanphong"}, "password": {"thidua2026"}})
	_, home := get(t, c, ts.URL+"/dashboard")
	pages := map[string]bool{"/": true, "/articles": true, "/public/statistics": true, "/indicators/analysis": true, "/dossiers/stats": true}
	for _, l := range hrefs.FindAllStringSubmatch(home, -1) {
		pages[l[1]] = true
	}
	for p := range pages {
		code, body := get(t, c, ts.URL+p)
		if code != 200 {
			continue
		}
		if found := inlineCodeIn(body); len(found) > 0 {
			t.Errorf("%s has inline code the CSP blocks: %q", p, found)
		}
	}
}

func sessionCookieOf(resp *http.Response) string {
	for _, c := range resp.Cookies() {
		if c.Name == "thidua_session" {
			return c.Value
		}
	}
	return ""
}

func sessionCount(t *testing.T, d *db.DB, user string) int {
	var n int
	if err := d.Read().QueryRow("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1", user).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Signing in gives a new session ID and ends the one the browser came with; changing
// the password ends every other session of the account.
func TestSessionRotation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		first := s.login(t, "vanphong")
		u, _ := url.Parse(s.URL)
		old := first.Jar.Cookies(u)[0].Value
		// The same browser signs in again (another account or the same): a new ID.
		resp, err := first.PostForm(s.URL+"/login", url.Values{"username": {"vanphong"}, "password": {"mat-khau-vanphong"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		rotated := sessionCookieOf(resp)
		if rotated == "" || rotated == old {
			t.Fatalf("login kept the session ID")
		}
		replay := s.client(t)
		replay.Jar.SetCookies(u, []*http.Cookie{{Name: "thidua_session", Value: old}})
		if resp, _ := replay.Get(s.URL + "/dashboard"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the session before login still works: %d", resp.StatusCode)
		}
		// A session ID planted before login is not adopted.
		fixed := s.client(t)
		fixed.Jar.SetCookies(u, []*http.Cookie{{Name: "thidua_session", Value: "gan-truoc-khi-dang-nhap"}})
		resp, _ = fixed.PostForm(s.URL+"/login", url.Values{"username": {"lanhdao"}, "password": {"mat-khau-lanhdao"}})
		if got := sessionCookieOf(resp); got == "" || got == "gan-truoc-khi-dang-nhap" {
			t.Fatalf("a planted session ID was kept: %q", got)
		}
		// Two more sessions of vanphong; a password change in one ends the others.
		second, third := s.login(t, "vanphong"), s.login(t, "vanphong")
		if n := sessionCount(t, d, "vanphong"); n != 3 {
			t.Fatalf("vanphong has %d sessions, want 3", n)
		}
		code, _ := post(t, second, s.URL+"/account/password", url.Values{"current": {"mat-khau-vanphong"}, "password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}})
		if code != http.StatusSeeOther {
			t.Fatalf("password change: %d", code)
		}
		if code, _ := get(t, second, s.URL+"/dashboard"); code != 200 {
			t.Fatalf("the session that changed the password ended: %d", code)
		}
		for _, c := range []*http.Client{first, third} {
			if resp, _ := c.Get(s.URL + "/dashboard"); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("another session survived the password change: %d", resp.StatusCode)
			}
		}
		if n := sessionCount(t, d, "vanphong"); n != 1 {
			t.Fatalf("vanphong has %d sessions after the change, want 1", n)
		}
	})
}

func TestPasswordPolicyOnTheChangePage(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	c := s.login(t, "qlxd")
	for pw, says := range map[string]string{"ngan123": "ít nhất 10 ký tự", "chicochuthoi": "hai loại", "qwerty1234": "phổ biến"} {
		code, body := post(t, c, s.URL+"/account/password", url.Values{"current": {"mat-khau-qlxd"}, "password": {pw}, "confirm": {pw}})
		if code != http.StatusBadRequest || !strings.Contains(body, says) {
			t.Errorf("new password %q: %d, page does not say %q", pw, code, says)
		}
	}
}

// A file offered for download cannot be shown as a page of thidua's origin, whatever
// type it was stored with, and its name cannot break the header.
func TestDownloadHeaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		var id int64
		d.Read().QueryRow("SELECT id FROM users WHERE username = 'vanphong'").Scan(&id)
		files := filestore.NewStore(d, now)
		ctx := context.Background()
		html, _ := files.Put(ctx, id, filestore.File{Name: "bao\"cao\r\nX-Evil: 1.html", ContentType: "text/html", Content: []byte("<script>alert(1)</script>")})
		xlsx, _ := files.Put(ctx, id, filestore.File{Name: "Báo cáo quý.xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Content: []byte("PK")})
		c := s.login(t, "vanphong")
		req, _ := http.NewRequest("GET", s.URL+"/files/"+html, nil)
		h := headersOf(t, c, req)
		if h.Get("Content-Type") != "application/octet-stream" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Evil") != "" {
			t.Errorf("an HTML file served as %q, nosniff %q", h.Get("Content-Type"), h.Get("X-Content-Type-Options"))
		}
		if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || strings.Count(cd, `"`) != 2 {
			t.Errorf("Content-Disposition %q", cd)
		}
		req, _ = http.NewRequest("GET", s.URL+"/files/"+xlsx, nil)
		h = headersOf(t, c, req)
		if !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("a workbook served as %q", h.Get("Content-Type"))
		}
		if cd := h.Get("Content-Disposition"); cd != `attachment; filename="B_o c_o qu_.xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD.xlsx` {
			t.Errorf("Content-Disposition of a Vietnamese name: %q", cd)
		}
		// Another account cannot fetch the file by its token.
		if code, _ := get(t, s.login(t, "lanhdao"), s.URL+"/files/"+xlsx); code != http.StatusNotFound {
			t.Errorf("another account fetched a prepared file: %d", code)
		}
	})
}
