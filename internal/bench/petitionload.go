package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// Load is what many clients sending petitions at once measured.
type Load struct {
	Clients, OfficeClients int
	Duration               time.Duration // how long the clients kept sending
	Elapsed                time.Duration // until the last answer came
	Requests, Created      int
	Errors                 int      // answers other than 201 Created, and failed requests
	Samples                []string // the first few different errors
	P50, P95, P99          time.Duration
	// Written is how many petitions the database gained meanwhile: as many as the
	// 201 answers, unless a request was answered without its petition or the reverse.
	Written int
}

// PerSecond is the petitions created a second.
func (l Load) PerSecond() float64 {
	if l.Elapsed <= 0 {
		return 0
	}
	return float64(l.Created) / l.Elapsed.Seconds()
}

// loadClient is one client of the load: an API token, and for the office the
// enterprise its paper petitions name.
type loadClient struct {
	token  string
	office bool
}

// loadPetitions lets cfg.PetitionClients clients send petitions through
// POST /api/v1/petitions for cfg.PetitionDuration, each one request after
// another: every tenth is the office registering a paper petition for an
// enterprise, the others enterprises sending from their own accounts.
func loadPetitions(ctx context.Context, cfg Config, d *db.DB, w *petitionWorld, base string, say func(string, ...any)) (Load, error) {
	l := Load{Clients: cfg.PetitionClients, Duration: cfg.PetitionDuration}
	users := auth.NewStore(d, cfg.Now)
	officeToken, err := users.CreateToken(ctx, account, "bench")
	if err != nil {
		return l, err
	}
	clients := make([]loadClient, l.Clients)
	for i := range clients {
		if i%10 == 0 {
			clients[i] = loadClient{token: officeToken, office: true}
			l.OfficeClients++
			continue
		}
		u, err := users.UserByID(ctx, w.accounts[i%len(w.accounts)].UserID)
		if err != nil {
			return l, err
		}
		if clients[i].token, err = users.CreateToken(ctx, u.Username, "bench"); err != nil {
			return l, err
		}
	}
	before, err := countPetitions(ctx, d)
	if err != nil {
		return l, err
	}
	say("%d máy khách gửi phản ánh, kiến nghị trong %v…", l.Clients, l.Duration)
	tr := &http.Transport{MaxIdleConns: l.Clients, MaxIdleConnsPerHost: l.Clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: time.Minute}
	var mu sync.Mutex
	var times []time.Duration
	seen := map[string]bool{}
	runtime.GC()
	start := time.Now()
	end := start.Add(l.Duration)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			var mine []time.Duration
			var created, failed int
			var errs []string
			for seq := 0; time.Now().Before(end) && ctx.Err() == nil; seq++ {
				elapsed, problem := sendPetition(ctx, hc, base, c, w, i, seq)
				mine = append(mine, elapsed)
				if problem == "" {
					created++
				} else {
					failed++
					errs = append(errs, problem)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			times = append(times, mine...)
			l.Created += created
			l.Errors += failed
			for _, e := range errs {
				if !seen[e] && len(l.Samples) < 5 {
					seen[e] = true
					l.Samples = append(l.Samples, e)
				}
			}
		})
	}
	wg.Wait()
	l.Elapsed = time.Since(start)
	if err := ctx.Err(); err != nil {
		return l, err
	}
	l.Requests = len(times)
	slices.Sort(times)
	l.P50, l.P95, l.P99 = percentile(times, 50), percentile(times, 95), percentile(times, 99)
	after, err := countPetitions(ctx, d)
	l.Written = after - before
	say("%d yêu cầu, %d phản ánh, kiến nghị được tạo, %d lỗi, %.0f/giây", l.Requests, l.Created, l.Errors, l.PerSecond())
	return l, err
}

// sendPetition sends one petition as client i and says what went wrong, if anything.
func sendPetition(ctx context.Context, hc *http.Client, base string, c loadClient, w *petitionWorld, i, seq int) (time.Duration, string) {
	in := map[string]string{
		"kind":    []string{"feedback", "proposal"}[seq%2],
		"subject": fmt.Sprintf("%s (máy khách %d, lần %d)", petitionTopics[(i+seq)%len(petitionTopics)], i, seq),
		"content": petitionContents[(i+seq)%len(petitionContents)],
		"channel": "web",
	}
	if c.office {
		in["channel"], in["enterprise_tax_code"] = "paper", w.taxCodes[(i+seq)%len(w.taxCodes)]
	}
	body, _ := json.Marshal(in)
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/petitions", bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return time.Since(start), "request failed: " + err.Error()
	}
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	elapsed := time.Since(start)
	switch {
	case err != nil:
		return elapsed, "reading the answer failed: " + err.Error()
	case resp.StatusCode != http.StatusCreated:
		return elapsed, fmt.Sprintf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(answer[:min(len(answer), 300)])))
	}
	return elapsed, ""
}

func countPetitions(ctx context.Context, d *db.DB) (int, error) {
	var n int
	err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM petitions").Scan(&n)
	return n, err
}
