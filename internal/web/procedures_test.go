package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
)

func procedureForm(code, level, eligible, reason string) url.Values {
	return url.Values{"code": {code}, "name": {"Cấp giấy phép xây dựng mới đối với công trình cấp III"}, "field": {"Hoạt động xây dựng"},
		"unit": {"QLXD"}, "statutory_days": {"2,5"}, "fee": {"150.000"}, "online_level": {level}, "eligible_full": {eligible},
		"not_full_reason": {reason}, "valid_from": {"2026-01-01"}}
}

// The office keeps the catalogue through the form; a mistake is shown beside its
// field with what was typed kept; every member of staff reads it and the T3
// shortfall lists the eligible procedures not yet fully online with their reasons.
func TestProcedureCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		office := s.login(t, "vanphong")
		code, page := get(t, office, s.URL+"/procedures")
		if code != 200 || !strings.Contains(page, "Thủ tục hành chính") || !strings.Contains(page, "Không có thủ tục nào khớp") {
			t.Fatalf("empty catalogue: %d", code)
		}

		code, page = post(t, office, s.URL+"/procedures", procedureForm("1.009994", "partial", "1", ""))
		if code != http.StatusBadRequest || !strings.Contains(page, "Lý do chưa toàn trình: bắt buộc") ||
			!strings.Contains(page, "Cấp giấy phép xây dựng mới đối với công trình cấp III</textarea>") || !strings.Contains(page, `value="2,5"`) {
			t.Fatalf("eligible partial procedure without a reason: %d, want the form again with the message and what was typed", code)
		}
		code, page = post(t, office, s.URL+"/procedures", procedureForm("1.009994", "partial", "1", "Chưa thanh toán lệ phí trực tuyến được"))
		if code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", code, page)
		}
		if code, _ := post(t, office, s.URL+"/procedures", procedureForm("1.002861", "full", "1", "")); code != http.StatusSeeOther {
			t.Fatalf("create a second: %d", code)
		}

		_, page = get(t, office, s.URL+"/procedures")
		if !strings.Contains(page, "1.009994") || !strings.Contains(page, "150.000 đồng") || !strings.Contains(page, "Chỉ tiêu T3: 50,00%") {
			t.Fatalf("catalogue after two procedures lacks the code, the fee in đồng or T3 = 50%%")
		}
		_, page = get(t, office, s.URL+"/procedures?eligible=1&not_full=1&as_of=2026-11-26")
		if !strings.Contains(page, "1.009994") || strings.Contains(page, "1.002861") || !strings.Contains(page, "Chưa thanh toán lệ phí trực tuyến được") {
			t.Fatalf("T3 shortfall does not list exactly the partial procedure with its reason")
		}
		_, page = get(t, office, s.URL+"/procedures?as_of=2025-12-31")
		if strings.Contains(page, "1.009994") {
			t.Fatalf("catalogue of 31/12/2025 shows a procedure valid from 01/01/2026")
		}

		unit := s.login(t, "qlxd")
		if code, _ := post(t, unit, s.URL+"/procedures", procedureForm("1.000703", "full", "1", "")); code != http.StatusForbidden {
			t.Fatalf("unit account created a procedure: %d", code)
		}
		if code, _ := get(t, unit, s.URL+"/procedures/new"); code != http.StatusForbidden {
			t.Fatalf("unit account opened the new procedure form: %d", code)
		}
		code, page = get(t, unit, s.URL+"/procedures")
		if code != 200 || !strings.Contains(page, "1.009994") || strings.Contains(page, "Thêm thủ tục") {
			t.Fatalf("unit account reads the catalogue: %d, without the add button", code)
		}
		var id string
		d.Read().QueryRow("SELECT id FROM procedures WHERE code = '1.009994'").Scan(&id)
		code, page = get(t, unit, s.URL+"/procedures/"+id)
		if code != 200 || !strings.Contains(page, "<fieldset disabled>") || strings.Contains(page, "<button>Lưu</button>") {
			t.Fatalf("unit account's view of a procedure: %d, want read-only", code)
		}
		_, page = get(t, office, s.URL+"/procedures/"+id)
		if !strings.Contains(page, "/audit?entity=procedure&amp;entity_id="+id) {
			t.Fatal("office's procedure page lacks the audit-history link")
		}
	})
}

// The demo catalogue loads through the store and shows T3's shortfall: the four
// eligible procedures only partly online, each with its reason; the procedure that
// expired before the merger is not counted.
func TestDemoProcedures(t *testing.T) {
	d := dbtest.SQLite(t)
	ts := demoSite(t, d)
	s := &site{Server: ts, db: d}
	c := s.client(t)
	if code, _ := post(t, c, ts.URL+"/login", url.Values{"username": {"chuyenvien"}, "password": {demo.Password}}); code != http.StatusSeeOther {
		t.Fatalf("demo login: %d", code)
	}
	_, page := get(t, c, ts.URL+"/procedures?eligible=1&not_full=1")
	if n := strings.Count(page, `<a href="/procedures/`); n != 4 || !strings.Contains(page, "Hiệp định Việt - Trung") {
		t.Fatalf("demo shortfall lists %d procedures, want the 4 eligible ones only partly online with reasons", n)
	}
	if strings.Contains(page, "1.008432") {
		t.Fatal("the procedure that expired on 30/06/2025 is in today's shortfall")
	}
}

// At phone width the catalogue, its shortfall and the form fit the screen.
func TestBrowserProceduresPhoneWidth(t *testing.T) {
	ctx := browser(t)
	d := dbtest.SQLite(t)
	ts := demoSite(t, d)
	err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740),
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "vanphong"),
		chromedp.SendKeys(chromedp.CSS(`#password`), demo.Password),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.main`)))
	if err != nil {
		t.Fatal(err)
	}
	var id string
	d.Read().QueryRow("SELECT id FROM procedures WHERE code = '1.002866'").Scan(&id)
	for _, path := range []string{"/procedures", "/procedures?eligible=1&not_full=1", "/procedures/new", "/procedures/" + id, "/import/procedures"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		name := "phone" + strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "-").Replace(path)
		screenshot(t, ctx, name)
		if over {
			t.Errorf("%s is wider than a phone screen", path)
		}
	}
}
