// Package web serves the Vietnamese HTML interface and mounts the JSON API. Handlers
// are thin: they parse the request, call a capability package, and render.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/filestore"
	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/obs"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/outreach"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/procedure"
	"github.com/thidua/thidua/internal/report"
)

// Deps is what the web server needs from outside.
type Deps struct {
	DB     *db.DB
	Now    func() time.Time
	Logger *slog.Logger
	// Mailer sends e-mail; nil keeps every e-mail in the outbox page.
	Mailer *notify.Mailer
	// BaseURL is the address people reach thidua at, for the links in e-mails.
	BaseURL string
	// MetricsToken, when set, lets a monitoring system that sends it as a bearer
	// token read /metrics from anywhere; without it only loopback may.
	MetricsToken string
	// TrustedProxies are the load balancers or reverse proxies in front of thidua,
	// whose X-Forwarded-For names the client (see remoteAddr); none by default.
	TrustedProxies []netip.Prefix
	// AsyncImportBytes is the size from which an uploaded file is imported in the
	// background with a progress page; 0 means DefaultAsyncImportBytes.
	AsyncImportBytes int64
}

// DefaultAsyncImportBytes: a one-stop export of this size holds a few thousand
// dossiers, which take more than a moment to check and write.
const DefaultAsyncImportBytes = 512 << 10

// Server holds the capability stores the pages use.
type Server struct {
	db          *db.DB
	now         func() time.Time
	log         *slog.Logger
	auth        *auth.Store
	plans       *plan.Store
	kpi         *kpi.Service
	deployments *deployment.Store
	calendars   *calendar.Store
	org         *org.Store
	enterprises *enterprise.Store
	procedures  *procedure.Store
	files       *filestore.Store
	dossiers    *dossier.Store
	dialogues   *dialogue.Store
	reports     *report.Store
	initiatives *initiative.Store
	inspections *inspection.Store
	outreach    *outreach.Store
	petitions   *petition.Store
	awards      *award.Store
	indicators  *indicator.Store
	trackLimit  *windowLimit // lookups by tracking code per client address
	proxies     []netip.Prefix
	jobs        *job.Queue
	notify      *notify.Service
	asyncImport int64
	baseURL     string // --base-url, for links outside a request's own host (the Atom feed)
	pages       map[string]*template.Template

	metrics      *obs.Metrics
	metricsToken string
	accessLog    *slog.Logger // nil: no access log (tests that pass no logger)
	ready        atomic.Bool  // the last /readyz answer, to log only its changes
}

// New builds the server and parses every template, so that a template error stops
// start-up instead of a page.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	var accessLog *slog.Logger
	if d.Logger != nil {
		accessLog = obs.Wrap(d.Logger)
	} else {
		d.Logger = slog.Default()
	}
	s := &Server{db: d.DB, now: d.Now, log: obs.Wrap(d.Logger), accessLog: accessLog,
		metrics: obs.NewMetrics(), metricsToken: d.MetricsToken,
		auth:        auth.NewStore(d.DB, d.Now),
		plans:       plan.NewStore(d.DB, d.Now),
		kpi:         kpi.NewService(d.DB, d.Now),
		deployments: deployment.NewStore(d.DB, d.Now),
		calendars:   calendar.NewStore(d.DB, d.Now),
		org:         org.NewStore(d.DB, d.Now),
		enterprises: enterprise.NewStore(d.DB, d.Now),
		procedures:  procedure.NewStore(d.DB, d.Now),
		files:       filestore.NewStore(d.DB, d.Now),
		dossiers:    dossier.NewStore(d.DB, d.Now),
		dialogues:   dialogue.NewStore(d.DB, d.Now),
		initiatives: initiative.NewStore(d.DB, d.Now),
		awards:      award.NewStore(d.DB, d.Now),
		jobs:        job.New(d.DB, d.Now),
		asyncImport: d.AsyncImportBytes,
		proxies:     d.TrustedProxies,
		baseURL:     d.BaseURL,
	}
	if s.asyncImport <= 0 {
		s.asyncImport = DefaultAsyncImportBytes
	}
	s.notify = notify.New(d.DB, d.Now, s.jobs, d.Mailer)
	s.reports = report.NewStore(d.DB, d.Now, s.notify)
	s.inspections = inspection.NewStore(d.DB, d.Now, s.notify)
	s.outreach = outreach.NewStore(d.DB, d.Now, s.notify)
	s.indicators = indicator.NewStore(d.DB, d.Now, s.notify)
	s.reports.AddSource(s.indicators.ReportFigures)
	s.petitions = petition.NewStore(d.DB, d.Now).WithNotifier(petitionNotifier{s.notify})
	s.trackLimit = &windowLimit{max: 60, window: 10 * time.Minute}
	s.reports.AddSource(s.petitionFigures)
	s.reports.AddSource(s.initiativeFigures)
	s.reports.AddSource(s.inspections.Figures)
	s.reports.AddSource(s.awardFigures)
	if d.BaseURL != "" {
		s.notify.BaseURL = d.BaseURL
	}
	s.jobs.Register(kindImport, s.importJob)
	s.jobs.Register(kindPruneJobs, s.pruneJobs)
	s.jobs.Register(report.KindRemind, s.reports.RemindJob)
	s.jobs.Register(indicator.KindRemind, s.indicators.RemindJob)
	s.jobs.Register(petition.KindRemind, s.petitions.Remind)
	s.jobs.Register(petition.KindRefresh, s.petitions.RefreshJob)
	s.jobs.Register(petition.KindRemindScan, func(ctx context.Context, _ *job.Run) (any, error) {
		n, err := s.petitions.RemindScan(ctx, s.jobs)
		return map[string]int{"reminders": n}, err
	})
	s.jobs.Register(inspection.KindRemind, s.inspections.Remind)
	s.jobs.Register(inspection.KindRemindScan, s.inspections.RemindScanJob(s.jobs))
	s.ready.Store(true)
	s.setupMetrics()
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	return s, nil
}

// Handler is the whole site: the route table wrapped in the middleware every
// request passes through.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.guard(rt))
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticFiles()))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "Không có địa chỉ API này; xem /api/v1/openapi.json")
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "Yêu cầu bị từ chối vì đến từ một trang web khác. Hãy mở lại trang và thử lại.")
	}))
	return s.observe(s.recoverer(securityHeaders(cop.Handler(s.loadUser(requestMemo(notePattern(mux)))))))
}
