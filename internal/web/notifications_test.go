package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
)

// A notification shows as a count in the header and in the list; opening it marks it
// read and goes to what it is about; the e-mail waits in the office's outbox.
func TestNotificationsPageAndOutbox(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	ctx := context.Background()
	svc := notify.New(s.db, now, job.New(s.db, now), nil)
	s.db.Write().Exec("UPDATE users SET email = 'qlxd@sxd.test' WHERE username = 'qlxd'")
	if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		return svc.Notify(ctx, tx, notify.Notice{Roles: []string{"unit_manager"}, Subject: "Phản ánh <b>PA-1</b> sắp quá hạn", Link: "/dossiers/stats"})
	}); err != nil {
		t.Fatal(err)
	}
	unit := s.login(t, "qlxd")
	_, page := get(t, unit, s.URL+"/dashboard")
	if !strings.Contains(page, `aria-label="1 chưa đọc"`) {
		t.Error("the header shows no unread count")
	}
	_, page = get(t, unit, s.URL+"/notifications")
	if !strings.Contains(page, "Phản ánh &lt;b&gt;PA-1&lt;/b&gt; sắp quá hạn") {
		t.Fatalf("the list does not show the notification as text:\n%s", page)
	}
	var id string
	s.db.Read().QueryRow("SELECT id FROM notifications").Scan(&id)
	if code, _ := get(t, s.login(t, "vanphong"), s.URL+"/notifications"); code != 200 {
		t.Fatalf("office notifications: %d", code)
	}
	other := s.login(t, "ttdk")
	resp, _ := other.PostForm(s.URL+"/notifications/"+id+"/open", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("another user opened the notification: %d", resp.StatusCode)
	}
	resp, _ = unit.PostForm(s.URL+"/notifications/"+id+"/open", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dossiers/stats" {
		t.Errorf("open: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page = get(t, unit, s.URL+"/dashboard"); strings.Contains(page, "chưa đọc") {
		t.Error("the count stays after reading")
	}
	resp, _ = unit.PostForm(s.URL+"/notifications/mode", url.Values{"mode": {"digest"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("choosing the digest: %d", resp.StatusCode)
	}
	resp, _ = unit.PostForm(s.URL+"/notifications/mode", url.Values{"mode": {"hourly"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown mode: %d", resp.StatusCode)
	}
	var mode string
	s.db.Read().QueryRow("SELECT notify_mode FROM users WHERE username = 'qlxd'").Scan(&mode)
	if mode != "digest" {
		t.Errorf("mode = %s", mode)
	}
	_, page = get(t, s.login(t, "vanphong"), s.URL+"/outbox")
	if !strings.Contains(page, "qlxd@sxd.test") || !strings.Contains(page, "Giữ lại") {
		t.Error("the outbox does not show the held e-mail")
	}
	if code, _ := get(t, unit, s.URL+"/outbox"); code != http.StatusForbidden {
		t.Errorf("a unit manager opened the outbox: %d", code)
	}
}
