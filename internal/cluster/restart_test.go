package cluster

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/pgserver"
)

// ownPostgres starts a PostgreSQL server for one test, which may stop and start it
// without disturbing the other tests' server.
func ownPostgres(t *testing.T) *pgserver.Server {
	t.Helper()
	pg, err := pgserver.Start(pgserver.Options{})
	if err != nil {
		if os.Getenv("THIDUA_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required (THIDUA_REQUIRE_POSTGRES=1) but unavailable: %v", err)
		}
		t.Skipf("PostgreSQL unavailable, skipping: %v", err)
	}
	t.Cleanup(pg.Stop)
	return pg
}

// outcome is what one request of the client loop got.
type outcome struct {
	at     time.Time
	what   string
	code   int
	body   string
	err    error
	took   time.Duration
	failed bool // not the answer of a database that works
}

// PostgreSQL restarted under a steady stream of requests: while it is down every
// request gets an answer within a bound, a 503 with a Vietnamese message (a page for
// the browser, JSON for the API), and thidua keeps running; once it is back, reads
// and writes (a sign-in writes a session) succeed again without restarting thidua.
func TestPostgresRestartUnderLoad(t *testing.T) {
	pg := ownPostgres(t)
	dsn := pgserver.WithDatabase(pg.URL, "postgres")
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	seedPeople(t, d)
	token, err := auth.NewStore(d, time.Now).CreateToken(ctx, "vanphong", "kiểm thử")
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	srv := serve(t, "serve", dsn)
	session := login(t, srv.base, "vanphong", "mat-khau-vanphong")
	client := &http.Client{Timeout: 20 * time.Second}

	requests := []struct {
		what string
		ok   int
		do   func() (*http.Response, error)
	}{
		{"api", http.StatusOK, func() (*http.Response, error) {
			req, _ := http.NewRequest("GET", srv.base+"/api/v1/targets", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			return client.Do(req)
		}},
		{"page", http.StatusOK, func() (*http.Response, error) {
			return session.Get(srv.base + "/dashboard")
		}},
		{"login", http.StatusSeeOther, func() (*http.Response, error) {
			return browser().PostForm(srv.base+"/login", url.Values{"username": {"vanphong"}, "password": {"mat-khau-vanphong"}})
		}},
	}
	var mu sync.Mutex
	var log []outcome
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, rq := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				o := outcome{at: time.Now(), what: rq.what}
				resp, err := rq.do()
				o.took = time.Since(o.at)
				if err != nil {
					o.err, o.failed = err, true
				} else {
					b := make([]byte, 64<<10)
					n, _ := ioReadFull(resp, b)
					o.code, o.body = resp.StatusCode, string(b[:n])
					// Anything but the answer the request gets when all is well: a
					// page that sent a signed-in person to the login form fails too.
					o.failed = resp.StatusCode != rq.ok
				}
				mu.Lock()
				log = append(log, o)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	snapshot := func() []outcome { mu.Lock(); defer mu.Unlock(); return append([]outcome(nil), log...) }
	waitFor := func(what string, ok func([]outcome) bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if ok(snapshot()) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("no %s within 30 s", what)
	}
	defer func() { close(stop); wg.Wait() }()

	waitFor("answers before the restart", func(l []outcome) bool { return len(l) >= 6 })
	halted := time.Now()
	if err := pg.Halt(); err != nil {
		t.Fatal(err)
	}
	waitFor("failed requests while the database is down", func(l []outcome) bool {
		n := 0
		for _, o := range l {
			if o.at.After(halted) && o.failed {
				n++
			}
		}
		return n >= 6
	})
	if err := pg.Resume(); err != nil {
		t.Fatal(err)
	}
	resumed := time.Now()
	// Back: every kind of request succeeds again, three times in a row each.
	waitFor("recovery", func(l []outcome) bool {
		streak := map[string]int{}
		for _, o := range l {
			if !o.at.After(resumed) {
				continue
			}
			if o.failed {
				streak[o.what] = 0
			} else {
				streak[o.what]++
			}
		}
		return streak["api"] >= 3 && streak["page"] >= 3 && streak["login"] >= 3
	})
	if srv.exited() {
		t.Fatal("thidua stopped when the database did")
	}
	if strings.Contains(srv.out.String(), "panic") {
		t.Errorf("a panic in the log:\n%s", tail(srv.out.String(), 3000))
	}
	for _, o := range snapshot() {
		if !o.at.After(halted) || !o.failed {
			continue
		}
		if o.err != nil {
			t.Errorf("%s at +%v: no answer: %v", o.what, o.at.Sub(halted), o.err)
			continue
		}
		if o.code != http.StatusServiceUnavailable {
			t.Errorf("%s at +%v: status %d: %s", o.what, o.at.Sub(halted), o.code, tail(o.body, 300))
			continue
		}
		if o.what == "api" {
			var e struct{ Error string }
			if json.Unmarshal([]byte(o.body), &e) != nil || !strings.Contains(e.Error, "cơ sở dữ liệu") {
				t.Errorf("api at +%v: %s", o.at.Sub(halted), o.body)
			}
		} else if !strings.Contains(o.body, "cơ sở dữ liệu") {
			t.Errorf("%s at +%v: the page does not say the database is unreachable: %s", o.what, o.at.Sub(halted), tail(o.body, 300))
		}
	}
	n := 0
	for _, o := range snapshot() {
		if o.at.After(halted) && o.failed {
			n++
		}
	}
	t.Logf("%d requests in all, %d failed while the database was down or coming back", len(snapshot()), n)
}

func ioReadFull(resp *http.Response, b []byte) (int, error) {
	defer resp.Body.Close()
	n := 0
	for n < len(b) {
		m, err := resp.Body.Read(b[n:])
		n += m
		if err != nil {
			break
		}
	}
	return n, nil
}
