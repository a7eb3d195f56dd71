package bench

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/thidua/thidua/internal/calendar"
)

// loadKind is one kind of request of the mix, with its share of the requests in
// percent. do sends request number seq to base and says what went wrong, if anything.
type loadKind struct {
	name   string
	weight int
	do     func(m *mix, ctx context.Context, base string, seq int) string
}

// loadPublicPages are what visitors without an account read.
var loadPublicPages = []string{"/", "/public/statistics", "/public/procedures", "/answers", "/articles", "/open-data", "/public/dialogues"}

// loadKinds is the mix: mostly visitors reading the public pages and staff going
// through their lists, the leader's dashboard, enterprises sending petitions, staff
// logging in, and now and then the office importing a small export of dossiers.
var loadKinds = []loadKind{
	{"Public pages, no login", 48, func(m *mix, ctx context.Context, base string, seq int) string {
		return m.get(ctx, m.anon, base, loadPublicPages[seq%len(loadPublicPages)])
	}},
	{"Staff lists (dossiers, petitions worklist, reports)", 25, func(m *mix, ctx context.Context, base string, seq int) string {
		switch u := seq % len(m.managers); seq % 4 {
		case 0:
			return m.get(ctx, m.sessions[account], base, "/dossiers")
		case 1:
			return m.get(ctx, m.sessions[m.managers[u]], base, "/petitions")
		case 2:
			return m.get(ctx, m.sessions[m.staff[u]], base, "/petitions")
		default:
			return m.get(ctx, m.sessions[account], base, "/reports")
		}
	}},
	{"Leader dashboard", 8, func(m *mix, ctx context.Context, base string, seq int) string {
		return m.get(ctx, m.sessions["bench.lanhdao"], base, "/dashboard")
	}},
	{"Enterprise sends a petition (API)", 12, func(m *mix, ctx context.Context, base string, seq int) string {
		return m.petition(ctx, base, seq)
	}},
	{"Staff login", 5, func(m *mix, ctx context.Context, base string, seq int) string {
		_, problem := m.login1(ctx, base, m.staff[seq%len(m.staff)])
		return problem
	}},
	{"Office imports 20 dossiers (.csv)", 2, func(m *mix, ctx context.Context, base string, seq int) string {
		return m.importDossiers(ctx, base, seq)
	}},
}

// mix is what the requests of the load need: the servers, the accounts' sessions
// and tokens, one connection pool for all.
type mix struct {
	bases           []string
	tr              *http.Transport
	anon            *http.Client
	sessions        map[string]*http.Client // by user name
	managers, staff []string
	tokens          []string // enterprises' API tokens
	procs           []benchProcedure
	today           time.Time
	run             string // tells this run's imported dossiers apart
}

// login logs every account the mix uses in once, through the servers in turn: a
// session begun on one process is used on the others, as behind a load balancer.
func (m *mix) login(ctx context.Context) error {
	m.tr = &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 500, IdleConnTimeout: time.Minute}
	m.anon = &http.Client{Transport: m.tr, Timeout: 30 * time.Second, CheckRedirect: noRedirect}
	m.sessions = map[string]*http.Client{}
	m.run = fmt.Sprintf("%x", time.Now().UnixNano()%0xffffff)
	for i, u := range append([]string{account, "bench.lanhdao"}, append(slices.Clone(m.managers), m.staff...)...) {
		c, problem := m.login1(ctx, m.bases[i%len(m.bases)], u)
		if problem != "" {
			return fmt.Errorf("log in %s: %s", u, problem)
		}
		m.sessions[u] = c
	}
	return nil
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// login1 logs one account in and returns its client.
func (m *mix) login1(ctx context.Context, base, username string) (*http.Client, string) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: m.tr, Jar: jar, Timeout: 30 * time.Second, CheckRedirect: noRedirect}
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/login",
		strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()))
	if err != nil {
		return nil, err.Error()
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c, m.send(c, req, http.StatusSeeOther)
}

func (m *mix) get(ctx context.Context, c *http.Client, base, path string) string {
	req, err := http.NewRequestWithContext(ctx, "GET", base+path, nil)
	if err != nil {
		return err.Error()
	}
	return m.send(c, req, http.StatusOK)
}

// send sends a request, reads the whole answer and says what went wrong, if anything.
func (m *mix) send(c *http.Client, req *http.Request, want int) string {
	resp, err := c.Do(req)
	if err != nil {
		return req.Method + " " + req.URL.Path + ": " + err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return req.Method + " " + req.URL.Path + ": reading the answer: " + err.Error()
	case resp.StatusCode != want:
		return fmt.Sprintf("%s %s: HTTP %d: %s", req.Method, req.URL.Path, resp.StatusCode, strings.TrimSpace(string(body[:min(len(body), 200)])))
	}
	return ""
}

// petition sends one petition from an enterprise's account through the API.
func (m *mix) petition(ctx context.Context, base string, seq int) string {
	body, _ := json.Marshal(map[string]string{
		"kind":    []string{"feedback", "proposal"}[seq%2],
		"subject": fmt.Sprintf("%s (thử tải, lần %d)", petitionTopics[seq%len(petitionTopics)], seq),
		"content": petitionContents[seq%len(petitionContents)],
		"channel": "web",
	})
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/petitions", bytes.NewReader(body))
	if err != nil {
		return err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+m.tokens[seq%len(m.tokens)])
	return m.send(m.anon, req, http.StatusCreated)
}

// importDossiers uploads a small export of 20 new dossiers as the office, through
// the import page's form.
func (m *mix) importDossiers(ctx context.Context, base string, seq int) string {
	var file bytes.Buffer
	cw := csv.NewWriter(&file)
	cw.Write(dossierHeader)
	r := rand.New(rand.NewPCG(uint64(seq), 766))
	row := make([]string, len(dossierHeader))
	received := calendar.DateOf(m.today).AddDays(-20)
	for i := range 20 {
		dossierRow(r, row, m.procs[(seq+i)%len(m.procs)], received, i, seq)
		row[0] = fmt.Sprintf("TAI.%s-%06d-%02d", m.run, seq, i)
		cw.Write(row)
	}
	cw.Flush()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", fmt.Sprintf("tai-%d.csv", seq))
	part.Write(file.Bytes())
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/import/dossiers", &body)
	if err != nil {
		return err.Error()
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return m.send(m.sessions[account], req, http.StatusOK)
}

// do sends request number seq of the mix to the servers in turn.
func (m *mix) do(ctx context.Context, seq int) (string, string) {
	k := m.kind(seq)
	return k.name, k.do(m, ctx, m.bases[seq%len(m.bases)], seq)
}

// kind picks the kind of request number seq by the weights, the same for every run.
func (m *mix) kind(seq int) loadKind {
	r := rand.New(rand.NewPCG(uint64(seq), 2026))
	n := r.IntN(100)
	for _, k := range loadKinds {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	return loadKinds[0]
}

// LoadStep is one rate of the load.
type LoadStep struct {
	Rate          int           // requests a second sent, on schedule whatever the answers
	Duration      time.Duration // how long they were sent
	Elapsed       time.Duration // until the last answer came
	Requests      int
	Errors        int      // answers other than the expected one, failed requests
	Samples       []string // the first few different errors
	P50, P95, P99 time.Duration
	Kinds         []KindStat
	Pass          bool // no error and p95 within the limit
}

// KindStat is one kind of request within a step.
type KindStat struct {
	Name             string
	Requests, Errors int
	P50, P95         time.Duration
}

// PerSecond is the answers a second.
func (s LoadStep) PerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Requests) / s.Elapsed.Seconds()
}

// maxInFlight bounds the requests waiting for an answer: beyond it the servers are
// far behind, and a request not sent is counted as an error.
const maxInFlight = 1000

// step sends rate requests a second for d, each at its scheduled time whether or
// not earlier ones were answered (an open load, as many independent users make),
// and measures each from its sending to the end of its answer.
func (m *mix) step(ctx context.Context, rate int, d time.Duration, p95Limit time.Duration) LoadStep {
	st := LoadStep{Rate: rate, Duration: d}
	type sample struct {
		kind    string
		took    time.Duration
		problem string
	}
	var mu sync.Mutex
	var samples []sample
	var inFlight atomic.Int32
	var wg sync.WaitGroup
	start := time.Now()
	n := int(float64(rate) * d.Seconds())
	for seq := range n {
		time.Sleep(time.Until(start.Add(time.Duration(seq) * time.Second / time.Duration(rate))))
		if ctx.Err() != nil {
			break
		}
		if inFlight.Load() >= maxInFlight {
			mu.Lock()
			samples = append(samples, sample{kind: m.kind(seq).name, problem: fmt.Sprintf("not sent: %d requests waiting for an answer", maxInFlight)})
			mu.Unlock()
			continue
		}
		inFlight.Add(1)
		wg.Go(func() {
			defer inFlight.Add(-1)
			t0 := time.Now()
			kind, problem := m.do(ctx, seq)
			took := time.Since(t0)
			mu.Lock()
			samples = append(samples, sample{kind, took, problem})
			mu.Unlock()
		})
	}
	wg.Wait()
	st.Elapsed = time.Since(start)
	seen := map[string]bool{}
	var all []time.Duration
	byKind := map[string][]time.Duration{}
	errs := map[string]int{}
	for _, s := range samples {
		all = append(all, s.took)
		byKind[s.kind] = append(byKind[s.kind], s.took)
		if s.problem != "" {
			st.Errors++
			errs[s.kind]++
			if !seen[s.problem] && len(st.Samples) < 5 {
				seen[s.problem] = true
				st.Samples = append(st.Samples, s.problem)
			}
		}
	}
	st.Requests = len(samples)
	slices.Sort(all)
	st.P50, st.P95, st.P99 = percentile(all, 50), percentile(all, 95), percentile(all, 99)
	for _, k := range loadKinds {
		ts := byKind[k.name]
		slices.Sort(ts)
		st.Kinds = append(st.Kinds, KindStat{Name: k.name, Requests: len(ts), Errors: errs[k.name], P50: percentile(ts, 50), P95: percentile(ts, 95)})
	}
	st.Pass = st.Requests > 0 && st.Errors == 0 && st.P95 <= p95Limit
	m.tr.CloseIdleConnections()
	return st
}
