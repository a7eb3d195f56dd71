package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/enterprise"
)

// indicatorSite is a site with two enterprises, each with an account (pacbo,
// hoanglong), and an account of Phòng Kế hoạch - Tài chính (khtc).
func indicatorSite(t *testing.T, d *db.DB) (*site, []enterprise.Enterprise) {
	t.Helper()
	s := newSite(t, d)
	ctx := context.Background()
	var out []enterprise.Enterprise
	for _, e := range []struct {
		nine, name, user string
		own              enterprise.Ownership
		sector           enterprise.Sector
	}{{"490010000", "Công ty TNHH Xây dựng Pác Bó", "pacbo", enterprise.OwnershipPrivate, enterprise.SectorConstruction},
		{"490010001", "Công ty CP Vận tải Hoàng Long", "hoanglong", enterprise.OwnershipState, enterprise.SectorTransport}} {
		created, err := enterprise.NewStore(d, now).Create(ctx, enterprise.Enterprise{TaxCode: taxCode(t, e.nine), Name: e.name,
			Ownership: e.own, Sectors: []enterprise.Sector{e.sector}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := auth.NewStore(d, now).CreateUser(ctx, auth.NewUser{Username: e.user, Role: auth.RoleEnterprise,
			EnterpriseTC: created.TaxCode, Password: "mat-khau-" + e.user}); err != nil {
			t.Fatal(err)
		}
		out = append(out, created)
	}
	if _, err := auth.NewStore(d, now).CreateUser(ctx, auth.NewUser{Username: "khtc", Role: auth.RolePlanning, Password: "mat-khau-khtc"}); err != nil {
		t.Fatal(err)
	}
	return s, out
}

func yearForm(year, half, revenue, employees string) url.Values {
	return url.Values{"year": {year}, "half": {half}, "revenue": {revenue}, "profit": {"450.000.000"}, "budget_paid": {"610.000.000"},
		"employees": {employees}, "avg_income": {"8.200.000"}, "digital": {"Hóa đơn điện tử"}, "insurance_full": {"Có"}}
}

// An enterprise reports its year through the form: bad figures come back with the
// field named and what was typed kept, a second report of the same year points to
// the first, and the year appears in its history, which another enterprise cannot
// open.
func TestEnterpriseIndicatorForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := indicatorSite(t, d)
		ent := s.login(t, "pacbo")
		for _, c := range []struct {
			field, value, want string
		}{
			{"revenue", "-5.000.000", "Doanh thu (đồng): không được là số âm"},
			{"year", "2027", "Năm: 2027 là năm chưa đến"},
			{"employees", "hai mươi", "Số lao động: “hai mươi” không phải số nguyên"},
		} {
			form := yearForm("2025", "0", "12.500.000.000", "25")
			form.Set(c.field, c.value)
			code, body := post(t, ent, s.URL+"/enterprise/indicators", form)
			if code != http.StatusBadRequest || !strings.Contains(body, c.want) || !strings.Contains(body, `value="`+c.value+`"`) {
				t.Errorf("%s %q: %d, want the message %q and the value kept", c.field, c.value, code, c.want)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM indicators"); n != 0 {
			t.Fatalf("%d rows stored from refused forms", n)
		}
		resp, err := ent.PostForm(s.URL+"/enterprise/indicators", yearForm("2025", "0", "12.500.000.000", "25"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/enterprise/indicators" {
			t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, hist := get(t, ent, s.URL+"/enterprise/indicators")
		if !strings.Contains(hist, "Năm 2025") || !strings.Contains(hist, "12.500.000.000") || !strings.Contains(hist, "500.000.000") ||
			!strings.Contains(hist, "đã báo cáo") || !strings.Contains(hist, "31/03/2026") {
			t.Errorf("history:\n%s", hist)
		}
		id := regexp.MustCompile(`/enterprise/indicators/(\d+)/edit`).FindStringSubmatch(hist)[1]
		code, body := post(t, ent, s.URL+"/enterprise/indicators", yearForm("2025", "0", "13.000.000.000", "25"))
		if code != http.StatusBadRequest || !strings.Contains(body, "hãy sửa bản đã có") || !strings.Contains(body, "/enterprise/indicators/"+id+"/edit") {
			t.Errorf("same year again: %d", code)
		}
		if code, _ := post(t, ent, s.URL+"/enterprise/indicators/"+id, yearForm("2025", "0", "13.000.000.000", "25")); code != http.StatusSeeOther {
			t.Errorf("edit: %d", code)
		}
		if _, page := get(t, ent, s.URL+"/indicators/"+id); !strings.Contains(page, "13.000.000.000 đồng") || !strings.Contains(page, "Đầy đủ") {
			t.Error("the edited figures are not shown")
		}
		other := s.login(t, "hoanglong")
		if code, _ := get(t, other, s.URL+"/indicators/"+id); code != http.StatusNotFound {
			t.Errorf("another enterprise opened it: %d", code)
		}
		if code, _ := post(t, other, s.URL+"/enterprise/indicators/"+id, yearForm("2025", "0", "1", "1")); code != http.StatusNotFound {
			t.Errorf("another enterprise changed it: %d", code)
		}
		if code, _ := get(t, ent, s.URL+"/indicators/analysis"); code != http.StatusForbidden {
			t.Errorf("an enterprise opened the sector analysis: %d", code)
		}
	})
}

// The office imports a file (a row with an unknown tax code refuses it, naming the
// row); Phòng Kế hoạch - Tài chính lists, analyses and downloads; a unit may not;
// the department's report states the sector totals.
func TestIndicatorImportAnalysisAndReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ents := indicatorSite(t, d)
		office := s.login(t, "vanphong")
		head := "Mã số thuế,Năm,Kỳ báo cáo,Doanh thu (đồng),Lợi nhuận trước thuế (đồng),Nộp ngân sách nhà nước (đồng),Số lao động,Nợ thuế (đồng)\n"
		bad := head + ents[0].TaxCode + ",2025,,12500000000,450000000,610000000,25,\n" + taxCode(t, "490099999") + ",2025,,1,1,1,1,\n"
		code, page := upload(t, office, s.URL+"/import/indicators", "chi-tieu.csv", []byte(bad))
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "không có doanh nghiệp mang mã số thuế") || !strings.Contains(page, "<td>3</td>") {
			t.Fatalf("unknown tax code: %d", code)
		}
		good := head
		for _, y := range []string{"2024", "2025"} {
			good += fmt.Sprintf("%s,%s,Cả năm,%s,450000000,610000000,25,\n", ents[0].TaxCode, y, map[string]string{"2024": "10000000000", "2025": "12500000000"}[y])
			good += fmt.Sprintf("%s,%s,,80000000000,-2000000000,3000000000,210,150000000\n", ents[1].TaxCode, y)
		}
		good += ents[1].TaxCode + ",2026,6 tháng đầu năm,42000000000,100000000,1500000000,205,0\n"
		if code, page := upload(t, office, s.URL+"/import/indicators", "chi-tieu.csv", []byte(good)); code != 200 || !strings.Contains(page, "Đã nhập 5 dòng chỉ tiêu") {
			t.Fatalf("import: %d", code)
		}
		khtc := s.login(t, "khtc")
		_, list := get(t, khtc, s.URL+"/indicators?year=2025&half=0")
		if !strings.Contains(list, "2 bản số liệu") || !strings.Contains(list, "Nợ thuế 150.000.000") {
			t.Errorf("list:\n%s", list)
		}
		code, an := get(t, khtc, s.URL+"/indicators/analysis")
		for _, want := range []string{"Năm 2025: <strong>2</strong> doanh nghiệp báo cáo", "Xây dựng", "Giao thông vận tải", "Doanh nghiệp nhà nước",
			"92,5 tỷ đồng", "25,0%", "<svg", "Chấp hành đầy đủ cả bốn"} {
			if !strings.Contains(an, want) {
				t.Errorf("analysis (%d) lacks %q", code, want)
			}
		}
		for _, path := range []string{"/indicators/analysis.xlsx?year=2025", "/indicators/export.xlsx"} {
			resp, err := khtc.Get(s.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			book, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			x, err := excelize.OpenReader(bytes.NewReader(book))
			if resp.StatusCode != 200 || err != nil {
				t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
			}
			if rows, _ := x.GetRows(x.GetSheetList()[0]); len(rows) < 4 {
				t.Errorf("%s: %d rows", path, len(rows))
			}
		}
		if code, _ := get(t, s.login(t, "qlxd"), s.URL+"/indicators"); code != http.StatusForbidden {
			t.Errorf("a unit opened the indicators: %d", code)
		}
		// The year's report, cut off in November, states the first half of 2026.
		form := url.Values{"kind": {"annual"}, "title": {"Báo cáo năm 2026"}, "period_from": {"2026-01-01"}, "period_to": {"2026-12-31"},
			"cutoff": {"2026-11-25"}, "due": {"2026-12-10"}, "audience": {"all_units"}, "remind_before": {"7, 2"}}
		resp, _ := office.PostForm(s.URL+"/reports", form)
		resp.Body.Close()
		page = strings.TrimSuffix(resp.Header.Get("Location"), "/register")
		resp, err := office.Get(s.URL + page + "/consolidated.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		book, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		x, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatalf("consolidated workbook: %d %v", resp.StatusCode, err)
		}
		rows, _ := x.GetRows("Số liệu")
		var all []string
		for _, r := range rows {
			all = append(all, strings.Join(r, " | "))
		}
		if !strings.Contains(strings.Join(all, "\n"), "Tổng doanh thu 6 tháng đầu năm 2026 | 42,0 tỷ đồng") {
			t.Errorf("the report's figures lack the indicators:\n%s", strings.Join(all, "\n"))
		}
	})
}

func upload(t *testing.T, c *http.Client, u, name string, content []byte) (int, string) {
	t.Helper()
	ct, body := multipartFile(t, name, content)
	resp, err := c.Post(u, ct, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The demo's indicators: the analysis of the latest year is populated with every
// sector, all three ownership classes, growth and a ranking; the demo enterprise
// entered its own two years through the form.
func TestDemoIndicators(t *testing.T) {
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
		_, an := get(t, login("khtc"), ts.URL+"/indicators/analysis")
		m := regexp.MustCompile(`Năm 2026: <strong>(\d+)</strong> doanh nghiệp báo cáo trên 150`).FindStringSubmatch(an)
		if m == nil {
			t.Fatal("the analysis does not open on 2026 with the demo's reports")
		}
		if n, _ := strconv.Atoi(m[1]); n < 90 {
			t.Errorf("only %d enterprises reported 2026 in the demo", n)
		}
		for _, want := range append(sectorLabels(), "Doanh nghiệp nhà nước", "Doanh nghiệp tư nhân", "so với năm 2025", "Cao nhất", "Thấp nhất", "Thua lỗ") {
			if !strings.Contains(an, want) {
				t.Errorf("the demo's analysis lacks %q", want)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM indicators WHERE accidents > 0 OR tax_arrears > 0 OR insurance_arrears > 0"); n < 5 {
			t.Errorf("%d demo reports with arrears or accidents", n)
		}
		_, hist := get(t, login("doanhnghiep"), ts.URL+"/enterprise/indicators")
		if !strings.Contains(hist, "Năm 2025") || !strings.Contains(hist, "Năm 2024") || strings.Contains(hist, "Năm 2026") {
			t.Error("the demo enterprise's history is not its 2024 and 2025")
		}
	})
}

func sectorLabels() []string {
	var out []string
	for _, s := range enterprise.Sectors {
		out = append(out, s.Label())
	}
	return out
}
