package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/web"
	"net/http/httptest"
)

// demoSite is thidua as `serve --demo` starts it.
func demoSite(t *testing.T, d *db.DB) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	if _, err := plan.LoadEmbedded(ctx, plan.NewStore(d, now)); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, d, now); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Deps{DB: d, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

var navLink = regexp.MustCompile(`<nav class="main"[\s\S]*?</nav>`)
var hrefs = regexp.MustCompile(`href="(/[^"]*)"`)

// Every demo account can open every page its navigation offers, and the pages a
// newcomer opens first are populated.
func TestDemoEveryRoleEveryPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		s := &site{Server: ts, db: d}
		for _, a := range demo.Accounts("") {
			c := s.client(t)
			resp, err := c.PostForm(ts.URL+"/login", url.Values{"username": {a.Username}, "password": {demo.Password}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("demo login %s: %d", a.Username, resp.StatusCode)
			}
			code, home := get(t, c, ts.URL+"/dashboard")
			if code != 200 {
				t.Fatalf("%s dashboard: %d", a.Username, code)
			}
			nav := navLink.FindString(home)
			links := hrefs.FindAllStringSubmatch(nav, -1)
			if len(links) < 3 {
				t.Fatalf("%s has a navigation of %d links", a.Username, len(links))
			}
			for _, l := range links {
				if code, _ := get(t, c, ts.URL+l[1]); code != 200 {
					t.Errorf("%s: %s answers %d", a.Username, l[1], code)
				}
			}
		}
		office := s.client(t)
		office.PostForm(ts.URL+"/login", url.Values{"username": {"vanphong"}, "password": {demo.Password}})
		checks := map[string][]string{
			"/enterprises":            {"150 doanh nghiệp"},
			"/units":                  {"12 đơn vị", "Phòng Kế hoạch - Tài chính"},
			"/deployments":            {"10/12"},
			"/targets":                {"83,33%", "10 / 12"},
			"/registrations":          {"Tập thể lao động xuất sắc"},
			"/enterprises?q=xay+dung": {"Xây dựng"},
			"/inspections": {"Kiểm tra công tác cải cách thủ tục hành chính, giải quyết hồ sơ cấp giấy phép xây dựng năm 2026", "Đã kết luận",
				"Kiểm tra việc ứng dụng công nghệ thông tin, chuyển đổi số trong cấp phù hiệu xe kinh doanh vận tải", "Dự kiến",
				"1 biện pháp khắc phục đã quá hạn"},
			"/inspection-actions": {"Đã hoàn thành", "Trả lại, khắc phục tiếp", "Quá hạn"},
			"/outreach":           {"Cấp giấy phép xây dựng điện tử: 612 giấy phép, 97% đúng hạn"},
		}
		for path, wants := range checks {
			_, body := get(t, office, ts.URL+path)
			for _, w := range wants {
				if !strings.Contains(body, w) {
					t.Errorf("demo %s lacks %q", path, w)
				}
			}
		}
		// Without an account: the latest three articles on the front page, all four listed.
		anon := s.client(t)
		_, front := get(t, anon, ts.URL+"/")
		_, list := get(t, anon, ts.URL+"/articles")
		if n := strings.Count(front, `<article class="article-card">`); n != 3 || !strings.Contains(front, "gạch không nung") {
			t.Errorf("the front page shows %d articles", n)
		}
		if n := strings.Count(list, `<article class="article-card">`); n != 4 {
			t.Errorf("the public list shows %d articles", n)
		}
	})
}
