package obs

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are one process's Prometheus metrics. Each server has its own registry,
// so that tests running several servers in one process do not share counters.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	jobs        *prometheus.CounterVec
	jobDuration *prometheus.HistogramVec
	importRows  *prometheus.CounterVec
}

// NewMetrics registers thidua's metrics and the Go runtime's and the process's.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "thidua_http_requests_total",
		Help: "HTTP requests answered, by route pattern of the route table (\"unmatched\" for none) and status class.",
	}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "thidua_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route"})
	m.jobs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "thidua_jobs_total",
		Help: "Background jobs run by this process, by kind and outcome (done, failed, retry).",
	}, []string{"kind", "outcome"})
	m.jobDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "thidua_job_duration_seconds",
		Help:    "Time a background job ran, by kind.",
		Buckets: []float64{.01, .05, .1, .5, 1, 5, 15, 60, 300},
	}, []string{"kind"})
	m.importRows = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "thidua_import_rows_total",
		Help: "Spreadsheet rows imported through the web, by list (dossiers, enterprises, …) and outcome (imported, rejected, dry_run).",
	}, []string{"kind", "outcome"})
	m.reg.MustRegister(m.requests, m.latency, m.jobs, m.jobDuration, m.importRows,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Register adds a collector, such as WatchDB's or a gauge read from the database.
func (m *Metrics) Register(c prometheus.Collector) { m.reg.MustRegister(c) }

// WatchDB exports a connection pool's statistics (open, in use, waits) as
// go_sql_*{db_name=name}.
func (m *Metrics) WatchDB(name string, pool *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(pool, name))
}

// ObserveRequest counts one answered request.
func (m *Metrics) ObserveRequest(route string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status/100)+"xx").Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// ObserveJob counts one run of a background job.
func (m *Metrics) ObserveJob(kind, outcome string, took time.Duration) {
	m.jobs.WithLabelValues(kind, outcome).Inc()
	m.jobDuration.WithLabelValues(kind).Observe(took.Seconds())
}

// AddImportRows counts the rows of one imported file.
func (m *Metrics) AddImportRows(kind, outcome string, rows int) {
	m.importRows.WithLabelValues(kind, outcome).Add(float64(rows))
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
