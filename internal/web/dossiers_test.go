package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

// importDossiers puts a small month of QLXD's and TTDK's dossiers in the site: in
// November 2026, two early, one on time, one late with an apology letter, one open
// past its deadline, one open awaiting the applicant.
func importDossiers(t *testing.T, d *db.DB) {
	t.Helper()
	dossiertest.Add(t, d,
		dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Xây dựng", UnitCode: "QLXD", Days: 15, Online: "full"},
		dossiertest.Procedure{Code: "1.002861", Name: "Cấp phù hiệu xe ô tô", Field: "Đường bộ", UnitCode: "TTDK", Days: 2, Online: "full"})
	csv := dossiertest.CSV(
		dossiertest.Row{Code: "H37.01-261102-0001", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tuyến toàn trình", Received: "02/11/2026", Appointment: "20/11/2026", Finished: "18/11/2026"},
		dossiertest.Row{Code: "H37.01-261102-0002", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/11/2026", Appointment: "20/11/2026", Finished: "19/11/2026"},
		dossiertest.Row{Code: "H37.01-261103-0003", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "03/11/2026", Appointment: "20/11/2026", Finished: "20/11/2026"},
		dossiertest.Row{Code: "H37.01-261103-0004", Procedure: "1.009972", Unit: "QLXD", Channel: "Bưu chính", Received: "03/11/2026", Appointment: "10/11/2026", Finished: "12/11/2026", Reappointed: "12/11/2026", Apology: true},
		dossiertest.Row{Code: "H37.02-261116-0005", Procedure: "1.002861", Unit: "TTDK", Channel: "Trực tuyến toàn trình", Received: "16/11/2026", Appointment: "18/11/2026"},
		dossiertest.Row{Code: "H37.02-261120-0006", Procedure: "1.002861", Unit: "TTDK", Channel: "Trực tuyến toàn trình", Received: "20/11/2026", Appointment: "24/11/2026", Supplements: 1, Requested: "23/11/2026"},
	)
	res, err := dossier.NewStore(d, now).Import(context.Background(), strings.NewReader(csv), "hoso.csv", dossier.Options{})
	if err != nil || !res.OK() {
		t.Fatalf("import: %v %+v", err, res)
	}
}

func TestDossierPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		importDossiers(t, d)
		office := s.login(t, "vanphong")
		code, page := get(t, office, s.URL+"/dossiers/stats?from=2026-11-01&to=2026-11-26")
		if code != 200 {
			t.Fatalf("stats page: %d", code)
		}
		// 3 of 4 resolved in time; the late one had its apology letter.
		for _, want := range []string{"75,00%", `/dossiers?bucket=resolved_late&amp;from=2026-11-01&amp;to=2026-11-26&amp;unit=`, "<svg", "Tỷ lệ hồ sơ giải quyết đúng hạn theo tháng"} {
			if !strings.Contains(page, want) {
				t.Errorf("stats page lacks %q", want)
			}
		}
		_, late := get(t, office, s.URL+"/dossiers?bucket=resolved_late&from=2026-11-01&to=2026-11-26")
		if !strings.Contains(late, "H37.01-261103-0004") || strings.Contains(late, "H37.01-261102-0001") {
			t.Fatal("the late figure's list does not hold exactly the late dossier")
		}
		_, one := get(t, office, s.URL+"/dossiers/H37.01-261102-0001")
		if !strings.Contains(one, "Trước hạn") || !strings.Contains(one, "18/11") {
			t.Fatalf("a dossier's page does not explain its classification")
		}
		_, overdue := get(t, office, s.URL+"/dossiers/overdue")
		if !strings.Contains(overdue, "H37.02-261116-0005") || strings.Contains(overdue, "H37.02-261120-0006") {
			t.Fatal("overdue list: want the dossier past 18/11, not the one awaiting the applicant")
		}
		// A unit sees its own dossiers only.
		unit := s.login(t, "qlxd")
		if code, _ := get(t, unit, s.URL+"/dossiers/H37.02-261116-0005"); code != http.StatusNotFound {
			t.Fatalf("QLXD opened TTDK's dossier: %d", code)
		}
		_, mine := get(t, unit, s.URL+"/dossiers/stats?from=2026-11-01&to=2026-11-26")
		if strings.Contains(mine, "Trung tâm Đăng kiểm") {
			t.Fatal("QLXD's statistics show another unit")
		}
	})
}

// The statistics download as Biểu II.06a; the apology letter downloads as a Word
// document carrying a register number.
func TestDossierDownloads(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newSite(t, d)
	importDossiers(t, d)
	office := s.login(t, "vanphong")
	resp, err := office.Get(s.URL + "/dossiers/stats.xlsx?from=2026-11-01&to=2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the statistics file does not open: %v", err)
	}
	sh := x.GetSheetList()[0]
	if v, _ := x.GetCellValue(sh, "A3"); v != "Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 26/11/2026" {
		t.Errorf("period line: %q", v)
	}
	ttdk := s.login(t, "ttdk")
	code, page := post(t, ttdk, s.URL+"/dossiers/H37.02-261116-0005/apology", url.Values{"new_date": {"2026-12-01"}, "reason": {""}})
	if code != http.StatusBadRequest || !strings.Contains(page, "Nêu lý do") {
		t.Fatalf("apology without a reason: %d", code)
	}
	resp, err = ttdk.PostForm(s.URL+"/dossiers/H37.02-261116-0005/apology", url.Values{"new_date": {"2026-12-01"}, "reason": {"Chờ kết quả kiểm định phương tiện"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the apology letter is not a .docx: %v (%d)", err, resp.StatusCode)
	}
	var text string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			text = string(b)
		}
	}
	for _, want := range []string{"01/PXL-SXD", "H37.02-261116-0005", "Chờ kết quả kiểm định phương tiện", "ngày 01 tháng 12 năm 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("apology letter lacks %q", want)
		}
	}
	office2 := s.login(t, "vanphong")
	if code, page := post(t, office2, s.URL+"/dossiers/H37.01-261103-0004/apology", url.Values{"new_date": {"2026-12-01"}, "reason": {"x"}}); code != http.StatusBadRequest || !strings.Contains(page, "chỉ được hẹn lại một lần") {
		t.Fatalf("a second re-appointment was allowed: %d", code)
	}
	if code, _ := post(t, ttdk, s.URL+"/dossiers/H37.01-261103-0004/apology", url.Values{"new_date": {"2026-12-01"}, "reason": {"x"}}); code != http.StatusNotFound {
		t.Fatalf("TTDK made a letter for QLXD's dossier: %d", code)
	}
}

// T2 on the targets page comes from the dossiers and links to the ones it counts.
func TestTargetT2FromDossiers(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newSite(t, d)
	importDossiers(t, d)
	_, page := get(t, s.login(t, "lanhdao"), s.URL+"/targets?period=2026")
	for _, want := range []string{"3 / 4", "75%", "/dossiers?bucket=resolved_in_time&amp;from=2026-01-01&amp;to=2026-11-26"} {
		if !strings.Contains(page, want) {
			t.Errorf("targets page lacks %q", want)
		}
	}
	_, list := get(t, s.login(t, "lanhdao"), s.URL+"/dossiers?bucket=resolved_in_time&from=2026-01-01&to=2026-11-26")
	if !strings.Contains(list, "3 hồ sơ") {
		t.Error("T2's numerator list does not hold its 3 dossiers")
	}
}

// A procedure's link lists that procedure's dossiers only.
func TestDossierListByProcedure(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newSite(t, d)
	importDossiers(t, d)
	var id string
	d.Read().QueryRow("SELECT id FROM procedures WHERE code = '1.002861'").Scan(&id)
	_, page := get(t, s.login(t, "vanphong"), s.URL+"/dossiers?procedure="+id)
	if !strings.Contains(page, "H37.02-261116-0005") || strings.Contains(page, "H37.01-261102-0001") {
		t.Fatal("the list by procedure holds another procedure's dossiers")
	}
}

// The processing times answer as JSON per procedure, scoped like the statistics.
func TestAPIDossierTimes(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newSite(t, d)
	importDossiers(t, d)
	var body []struct {
		Code    string   `json:"procedure_code"`
		Count   int      `json:"count"`
		AvgDays *float64 `json:"avg_days"`
		Share   *float64 `json:"share"`
	}
	code, page := get(t, s.login(t, "vanphong"), s.URL+"/api/v1/dossiers/times?from=2026-11-01&to=2026-11-26")
	if code != 200 {
		t.Fatalf("times: %d %s", code, page)
	}
	if err := json.Unmarshal([]byte(page), &body); err != nil {
		t.Fatal(err)
	}
	// QLXD's four finished permits used 11,25 working days on average against 15.
	if len(body) != 1 || body[0].Code != "1.009972" || body[0].Count != 4 || body[0].AvgDays == nil || *body[0].AvgDays != 11.25 || *body[0].Share != 75 {
		t.Fatalf("times = %+v", body)
	}
	if code, _ := get(t, s.login(t, "vanphong"), s.URL+"/api/v1/dossiers/times?from=2026-11-30&to=2026-11-01"); code != http.StatusBadRequest {
		t.Fatalf("reversed period: %d", code)
	}
	_, mine := get(t, s.login(t, "ttdk"), s.URL+"/api/v1/dossiers/times?from=2026-11-01&to=2026-11-26&unit=QLXD")
	if strings.Contains(mine, "1.009972") {
		t.Fatal("TTDK read QLXD's processing times")
	}
}

// A tampered filter gets a message saying what is wrong, not a system error.
func TestDossierListBadFilter(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	c := s.login(t, "vanphong")
	for q, want := range map[string]string{
		"state=bogus":                            "không có tình trạng hồ sơ",
		"bucket=resolved_late":                   "cần có cả từ ngày và đến ngày",
		"bucket=x&from=2026-01-01&to=2026-02-01": "không có chỉ số thống kê",
		"from=2026-99-01":                        "không hợp lệ",
	} {
		code, page := get(t, c, s.URL+"/dossiers?"+q)
		if code != http.StatusBadRequest || !strings.Contains(page, want) {
			t.Errorf("?%s: %d, want 400 saying %q", q, code, want)
		}
	}
}
