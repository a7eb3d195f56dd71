package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
	"github.com/thidua/thidua/internal/web"
)

// waitForJob follows a background import's page until it stops reloading itself.
func waitForJob(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, page := get(t, c, url)
		if !strings.Contains(page, `http-equiv="refresh"`) {
			return code, page
		}
		if !strings.Contains(page, "<progress") {
			t.Fatalf("a running import's page has no progress bar:\n%s", page)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import did not finish: %s", page)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A large file goes to the job queue: the office is sent to a page that shows the
// import's progress and then its result, and the dossiers are there.
func TestLargeImportRunsInBackground(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d, func(deps *web.Deps) { deps.AsyncImportBytes = 1 })
		dossiertest.Add(t, d, dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Xây dựng", UnitCode: "QLXD", Days: 15, Online: "full"})
		csv := dossiertest.CSV(
			dossiertest.Row{Code: "H37.01-261102-0001", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/11/2026", Appointment: "20/11/2026", Finished: "18/11/2026"},
			dossiertest.Row{Code: "H37.01-261102-0002", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/11/2026", Appointment: "20/11/2026"},
		)
		office := s.login(t, "vanphong")
		ct, body := multipartFile(t, "hoso.csv", []byte(csv))
		resp, err := office.Post(s.URL+"/import/dossiers", ct, body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		jobURL := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/import/dossiers/jobs/\d+$`).MatchString(jobURL) {
			t.Fatalf("upload answered %d → %q, want a redirect to the job's page", resp.StatusCode, jobURL)
		}
		code, page := waitForJob(t, office, s.URL+jobURL)
		if code != 200 || !strings.Contains(page, "Đã nhập 2 hồ sơ: 2 mới") {
			t.Fatalf("finished import page: %d\n%s", code, page)
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM dossiers").Scan(&n)
		if n != 2 {
			t.Errorf("%d dossiers after the background import, want 2", n)
		}
		var actor string
		d.Read().QueryRow("SELECT actor FROM audit_log WHERE action = 'import' AND entity = 'dossier'").Scan(&actor)
		if actor != "vanphong" {
			t.Errorf("the import is logged as %q's, want the uploader's", actor)
		}
		// Another account, even of the office, does not see someone else's import.
		if code, _ := get(t, s.login(t, "lanhdao"), s.URL+jobURL); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("the leader opened the office's import: %d", code)
		}
	})
}

// A rejected file imported in the background reports its rows as an inline import
// does, with the rejected rows to download, and writes nothing.
func TestBackgroundImportRejectsWholeFile(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t), func(deps *web.Deps) { deps.AsyncImportBytes = 1 })
	dossiertest.Add(t, s.db, dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Xây dựng", UnitCode: "QLXD", Days: 15, Online: "full"})
	csv := dossiertest.CSV(
		dossiertest.Row{Code: "H37.01-261102-0001", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/11/2026", Appointment: "20/11/2026"},
		dossiertest.Row{Code: "H37.01-261102-0002", Procedure: "9.999999", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/11/2026", Appointment: "20/11/2026"},
	)
	office := s.login(t, "vanphong")
	ct, body := multipartFile(t, "hoso.csv", []byte(csv))
	resp, err := office.Post(s.URL+"/import/dossiers", ct, body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	code, page := waitForJob(t, office, s.URL+resp.Header.Get("Location"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "9.999999") || !strings.Contains(page, "/files/") {
		t.Fatalf("rejected background import: %d\n%s", code, page)
	}
	var n int
	s.db.Read().QueryRow("SELECT COUNT(*) FROM dossiers").Scan(&n)
	if n != 0 {
		t.Errorf("%d dossiers written from a rejected file", n)
	}
}
