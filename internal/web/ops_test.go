package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
	"github.com/thidua/thidua/internal/obs"
	"github.com/thidua/thidua/internal/web"
)

// lockedBuffer collects log lines written by the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines are the JSON log lines written so far.
func (l *lockedBuffer) lines(t *testing.T) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(l.b.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("a log line is not JSON: %q", sc.Text())
		}
		out = append(out, m)
	}
	return out
}

// A load balancer asks /healthz whether the process lives and /readyz whether it
// can serve: not when the database is gone, nor when a newer thidua has changed
// its schema.
func TestHealthAndReadiness(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		anon := s.client(t)
		for _, path := range []string{"/healthz", "/readyz"} {
			if code, body := get(t, anon, s.URL+path); code != 200 || body != "ok" {
				t.Fatalf("%s: %d %q", path, code, body)
			}
		}
		if _, err := d.Write().Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_next.sql', $1)", fixedNow); err != nil {
			t.Fatal(err)
		}
		if code, body := get(t, anon, s.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "bản thidua mới hơn") {
			t.Errorf("readyz after a newer version migrated: %d %q", code, body)
		}
		d.Close()
		if code, body := get(t, anon, s.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "cơ sở dữ liệu không phản hồi") {
			t.Errorf("readyz without a database: %d %q", code, body)
		}
		if code, body := get(t, anon, s.URL+"/healthz"); code != 200 || body != "ok" {
			t.Errorf("healthz without a database: %d %q", code, body)
		}
	})
}

// Every answer carries a request ID, the proxy's when it sent a sound one, and a
// failing request's error log line carries the same ID as its access log line.
func TestRequestIDInLogs(t *testing.T) {
	d := dbtest.SQLite(t)
	logs := &lockedBuffer{}
	s := newSite(t, d, func(deps *web.Deps) {
		l, err := obs.NewLogger(logs, "json", "info")
		if err != nil {
			t.Fatal(err)
		}
		deps.Logger = l
	})
	anon := s.client(t)
	resp, err := anon.Get(s.URL + "/help")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if id := resp.Header.Get("X-Request-ID"); !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Errorf("a new request ID: %q", id)
	}
	for sent, kept := range map[string]bool{"7f3c9a10-proxy.id": true, `bad id "forged=1"`: false, strings.Repeat("a", 200): false} {
		req, _ := http.NewRequest("GET", s.URL+"/help", nil)
		req.Header.Set("X-Request-ID", sent)
		resp, err := anon.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Request-ID"); (got == sent) != kept || got == "" {
			t.Errorf("X-Request-ID %q sent, %q returned", sent, got)
		}
	}

	// The articles' table gone: the public page fails with an internal error.
	if _, err := d.Write().Exec("ALTER TABLE articles RENAME TO articles_gone"); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", s.URL+"/articles", nil)
	req.Header.Set("X-Request-ID", "req-articles-1")
	resp, err = anon.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("/articles without its table: %d", resp.StatusCode)
	}
	var errorLine, accessLine map[string]any
	for _, l := range logs.lines(t) {
		if l["request_id"] != "req-articles-1" {
			continue
		}
		switch l["msg"] {
		case "request failed":
			errorLine = l
		case "request":
			accessLine = l
		}
	}
	if errorLine == nil || errorLine["level"] != "ERROR" || !strings.Contains(errorLine["err"].(string), "articles") {
		t.Errorf("no error line with the request ID: %v", logs.lines(t))
	}
	if accessLine == nil || accessLine["route"] != "GET /articles" || accessLine["status"] != float64(500) {
		t.Errorf("access line of the failed request: %v", accessLine)
	}
	// The load balancer's checks stay out of the log at the info level.
	for _, l := range logs.lines(t) {
		if l["route"] == "GET /healthz" {
			t.Errorf("a health check was logged: %v", l)
		}
	}
}

// Prometheus reads requests by route, background jobs and imported rows; only from
// the machine itself or with the token.
func TestMetrics(t *testing.T) {
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
		waitForJob(t, office, s.URL+resp.Header.Get("Location"))
		get(t, office, s.URL+"/dossiers/H37.01-261102-0001")

		code, page := get(t, s.client(t), s.URL+"/metrics")
		if code != 200 {
			t.Fatalf("/metrics from loopback: %d", code)
		}
		for _, want := range []string{
			`thidua_http_requests_total{code="3xx",route="POST /import/{kind}"} 1`,
			`thidua_http_requests_total{code="2xx",route="GET /dossiers/{code}"} 1`,
			`thidua_http_request_duration_seconds_count{route="GET /dossiers/{code}"} 1`,
			`thidua_jobs_total{kind="import.file",outcome="done"} 1`,
			`thidua_import_rows_total{kind="dossiers",outcome="imported"} 2`,
			`thidua_jobs{state="done"}`,
			`thidua_jobs_oldest_due_seconds`,
			`go_sql_open_connections{db_name="write"}`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		if strings.Contains(page, "H37.01-261102-0001") {
			t.Error("/metrics names a raw path instead of its route pattern")
		}
	})
}

func TestMetricsAccess(t *testing.T) {
	d := dbtest.SQLite(t)
	srv, err := web.New(web.Deps{DB: d, Now: now, MetricsToken: "s3cret-token"})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	ask := func(remote string, header ...string) int {
		r := httptest.NewRequest("GET", "/metrics", nil).WithContext(context.Background())
		r.RemoteAddr = remote
		for i := 0; i < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	for _, c := range []struct {
		name   string
		remote string
		header []string
		want   int
	}{
		{"loopback", "127.0.0.1:50000", nil, 200},
		{"loopback IPv6", "[::1]:50000", nil, 200},
		{"another machine", "192.0.2.7:50000", nil, 403},
		{"another machine, wrong token", "192.0.2.7:50000", []string{"Authorization", "Bearer guess"}, 403},
		{"another machine, the token", "192.0.2.7:50000", []string{"Authorization", "Bearer s3cret-token"}, 200},
		{"through the proxy on the same machine", "127.0.0.1:50000", []string{"X-Forwarded-For", "203.0.113.9"}, 403},
		{"through the proxy, the token", "127.0.0.1:50000", []string{"X-Real-IP", "203.0.113.9", "Authorization", "Bearer s3cret-token"}, 200},
	} {
		if got := ask(c.remote, c.header...); got != c.want {
			t.Errorf("%s: /metrics answered %d, want %d", c.name, got, c.want)
		}
	}
}
