package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/obs"
)

// healthz says the process is alive and answering; it does not touch the database,
// so a load balancer does not restart a process for a database outage.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok"))
	return nil
}

// readyz says whether this process can serve: the database answers within two
// seconds and its schema is the one this binary was built for. During a rolling
// upgrade a process of the old version reports not ready once a newer one has
// migrated the database.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	reason, detail := s.readiness(r.Context())
	if was := s.ready.Swap(reason == ""); was != (reason == "") {
		// Log the changes only: a load balancer asks every few seconds.
		if reason == "" {
			s.log.InfoContext(r.Context(), "ready again")
		} else {
			s.log.WarnContext(r.Context(), "not ready", "reason", reason, "err", detail)
		}
	}
	if reason != "" {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(reason))
		return nil
	}
	w.Write([]byte("ok"))
	return nil
}

// readiness returns why the process is not ready ("" when it is), and the detail
// for the log, which the public answer leaves out.
func (s *Server) readiness(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	// The reader pool only: SQLite's one writer connection may be held by a long
	// import, which is work going on, not a reason to take the process out.
	if err := s.db.Read().PingContext(ctx); err != nil {
		return "cơ sở dữ liệu không phản hồi", err
	}
	have, err := s.db.SchemaVersion(ctx)
	if err != nil {
		return "không đọc được phiên bản cấu trúc dữ liệu", err
	}
	switch want := db.LatestVersion(); {
	case have < want:
		return fmt.Sprintf("cấu trúc dữ liệu ở phiên bản %d, bản thidua này cần %d: chạy thidua migrate", have, want), nil
	case have > want:
		return fmt.Sprintf("cấu trúc dữ liệu đã được nâng lên phiên bản %d bởi bản thidua mới hơn; bản này là %d", have, want), nil
	}
	return "", nil
}

// metricsPage serves the Prometheus metrics to whoever monitorAllowed lets in.
func (s *Server) metricsPage(w http.ResponseWriter, r *http.Request) error {
	s.metrics.Handler().ServeHTTP(w, r)
	return nil
}

// monitorAllowed lets the monitoring system in: a request that reached this process
// straight from the loopback interface (a proxy in front says who it forwards for,
// so what it forwards is not counted as local), or one with the bearer token
// THIDUA_METRICS_TOKEN.
func (s *Server) monitorAllowed(r *http.Request) bool {
	if s.metricsToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.metricsToken)) == 1 {
			return true
		}
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-IP", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	ip := net.ParseIP(peerAddr(r))
	return ip != nil && ip.IsLoopback()
}

// machinePaths are asked by load balancers and the monitoring system, never by a
// signed-in person: loadUser does not look an account up for them.
var machinePaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// quiet routes are asked every few seconds by machines; they do not go to the
// access log at the info level.
var quiet = map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /metrics": true}

// requestInfo is filled in as a request goes down the middleware, for the access
// log and the metrics written when it comes back up.
type requestInfo struct {
	pattern string
	userID  int64
}

type requestInfoKey struct{}

func infoOf(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return i
}

// statusWriter remembers the status and size of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer (flush, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe is the outermost middleware: it gives the request its ID (the proxy's
// X-Request-ID when well-formed, else a new one), returns it in the answer, puts it
// in the context for every log line of the request, and once answered writes the
// access log line and the metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !obs.ValidRequestID(id) {
			id = obs.NewRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		info := &requestInfo{}
		ctx := context.WithValue(obs.WithRequestID(r.Context(), id), requestInfoKey{}, info)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		took := time.Since(start)
		s.metrics.ObserveRequest(info.pattern, sw.status, took)
		if s.accessLog == nil {
			return
		}
		level := slog.LevelInfo
		if quiet[info.pattern] {
			level = slog.LevelDebug
		}
		s.accessLog.LogAttrs(ctx, level, "request",
			slog.String("method", r.Method), slog.String("route", info.pattern), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.Int64("bytes", sw.bytes), slog.Int64("user_id", info.userID), slog.String("remote", s.remoteAddr(r)))
	})
}

// notePattern sits right around the ServeMux, which sets r.Pattern on the request
// it is given: it copies the matched pattern to where observe can read it.
func notePattern(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if info := infoOf(r.Context()); info != nil {
			info.pattern = r.Pattern
		}
	})
}

// setupMetrics registers what the database and the queue can tell.
func (s *Server) setupMetrics() {
	s.metrics.WatchDB("write", s.db.Write())
	if s.db.Read() != s.db.Write() {
		s.metrics.WatchDB("read", s.db.Read())
	}
	s.metrics.Register(&queueCollector{jobs: s.jobs,
		count: prometheus.NewDesc("thidua_jobs", "Jobs in the queue all processes share, by state.", []string{"state"}, nil),
		wait:  prometheus.NewDesc("thidua_jobs_oldest_due_seconds", "How long the oldest due job has waited to be taken (0: none waiting).", nil, nil),
	})
	s.jobs.Observe(s.metrics.ObserveJob)
}

// queueCollector reads the queue's counts from the database at each scrape.
type queueCollector struct {
	jobs        *job.Queue
	count, wait *prometheus.Desc
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.count; ch <- c.wait }

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, wait, err := c.jobs.Stats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.count, err)
		return
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.count, prometheus.GaugeValue, float64(n), state)
	}
	ch <- prometheus.MustNewConstMetric(c.wait, prometheus.GaugeValue, wait.Seconds())
}
