package web_test

import (
	"net/http"
	"testing"

	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/web"
)

// Behind a load balancer every request comes from its address. With the balancer
// trusted, the limit on tracking-code lookups counts each person by X-Forwarded-For,
// so one person's lookups do not lock out everyone else; from an address not trusted
// the header is ignored, so nobody dodges the limit by writing it.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	proxies, err := web.ParseProxies("127.0.0.1, 10.9.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := web.ParseProxies("10.0.0.300"); err == nil {
		t.Error("a wrong address was accepted")
	}
	lookup := func(s *site, forwarded string) int {
		req, _ := http.NewRequest("GET", s.URL+"/petitions/track?code=PA-2026-ZZZZZZ", nil)
		req.Header.Set("X-Forwarded-For", forwarded)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	behind := newSite(t, dbtest.SQLite(t), func(d *web.Deps) { d.TrustedProxies = proxies })
	for i := range 60 {
		if code := lookup(behind, "203.0.113.7"); code == http.StatusTooManyRequests {
			t.Fatalf("lookup %d of one person refused", i+1)
		}
	}
	if code := lookup(behind, "203.0.113.7, 10.9.4.2"); code != http.StatusTooManyRequests {
		t.Errorf("the 61st lookup of one person, through two proxies: %d", code)
	}
	if code := lookup(behind, "198.51.100.9"); code == http.StatusTooManyRequests {
		t.Error("another person behind the same balancer was refused")
	}
	if code := lookup(behind, "198.51.100.9, 203.0.113.7"); code != http.StatusTooManyRequests {
		t.Errorf("the nearest untrusted address is the client's: %d", code)
	}

	direct := newSite(t, dbtest.SQLite(t))
	for range 60 {
		lookup(direct, "203.0.113.7")
	}
	if code := lookup(direct, "198.51.100.9"); code != http.StatusTooManyRequests {
		t.Errorf("a client not behind a trusted proxy dodged the limit with X-Forwarded-For: %d", code)
	}
}
