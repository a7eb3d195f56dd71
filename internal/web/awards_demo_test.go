package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
)

// The demo's year of awards is there end to end: the closed council with its
// documents, the certificates and the public exemplary models.
func TestDemoAwards(t *testing.T) {
	d := dbtest.SQLite(t)
	ts := demoSite(t, d)
	s := &site{Server: ts, db: d}
	login := func(name string) *http.Client {
		c := s.client(t)
		resp, err := c.PostForm(ts.URL+"/login", url.Values{"username": {name}, "password": {demo.Password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return c
	}
	office := login("vanphong")
	var council, commendation string
	d.Read().QueryRow("SELECT CAST(MIN(id) AS TEXT) FROM award_councils").Scan(&council)
	d.Read().QueryRow("SELECT CAST(MIN(id) AS TEXT) FROM award_commendations WHERE council_id IS NOT NULL").Scan(&commendation)
	_, body := get(t, office, ts.URL+"/awards/councils/"+council)
	for _, want := range []string{"Đã kết thúc bỏ phiếu", "Hội đồng không thông qua", "/QĐ-SXD"} {
		if !strings.Contains(body, want) {
			t.Errorf("council page lacks %q", want)
		}
	}
	for _, doc := range []string{"submission.docx", "minutes.docx", "decision.docx"} {
		resp, err := office.Get(ts.URL + "/awards/councils/" + council + "/" + doc)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "wordprocessingml") {
			t.Errorf("%s: %d %s", doc, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if code, body := get(t, office, ts.URL+"/awards/commendations/"+commendation+"/certificate.pdf"); code == 200 && !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("certificate is not a PDF")
	} else if code != 200 && code != http.StatusServiceUnavailable {
		t.Errorf("certificate: %d", code)
	}
	member := login("hoidong")
	if _, body := get(t, member, ts.URL+"/awards/councils/"+council); !strings.Contains(body, "Bạn đã bỏ phiếu") {
		t.Error("the council member's page does not say the ballot was cast")
	}
	if code, _ := get(t, member, ts.URL+"/awards/councils/"+council+"/decision.docx"); code != http.StatusForbidden {
		t.Errorf("a council member downloaded the decision: %d", code)
	}
	if _, body := get(t, s.client(t), ts.URL+"/exemplary"); strings.Count(body, `<article class="card">`) != 2 {
		t.Errorf("the public page does not show the two exemplary models")
	}
	if _, body := get(t, login("truongphong"), ts.URL+"/awards/eligibility?year=2026"); !strings.Contains(body, "Phòng Quản lý hoạt động xây dựng") || strings.Contains(body, "Trung tâm Đăng kiểm phương tiện giao thông (TTDK)") {
		t.Error("a unit manager's eligibility page is not their unit's")
	}
}
