package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFS embed.FS

func staticFiles() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	fsrv := http.FileServer(http.FS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// hcm is Vietnam's time zone, in which dates are shown.
var hcm = calendar.Location()

var funcs = template.FuncMap{
	// date shows an instant or a YYYY-MM-DD string as dd/mm/yyyy in Vietnam's time.
	"date": func(v any) string {
		switch t := v.(type) {
		case time.Time:
			if t.IsZero() {
				return ""
			}
			return t.In(hcm).Format("02/01/2006")
		case string:
			if d, err := time.Parse("2006-01-02", t); err == nil {
				return d.Format("02/01/2006")
			}
			return t
		}
		return fmt.Sprint(v)
	},
	"datetime": func(t time.Time) string { return t.In(hcm).Format("02/01/2006 15:04") },
	"num": func(n any) string {
		switch v := n.(type) {
		case int:
			return formatNumber(int64(v))
		case int64:
			return formatNumber(v)
		}
		return fmt.Sprint(n)
	},
	"pct": func(v *float64) string {
		if v == nil {
			return "chưa có dữ liệu"
		}
		return strings.Replace(strconv.FormatFloat(*v, 'f', 2, 64), ".", ",", 1) + "%"
	},
	"add":       func(a, b int) int { return a + b },
	"roleLabel": func(r auth.Role) string { return r.Label() },
	"json": func(v any) string {
		b, _ := json.MarshalIndent(v, "", "  ")
		return string(b)
	},
}

// formatNumber writes an integer the Vietnamese way: 1.234.567.
func formatNumber(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// parseTemplates pairs the layout and the shared partials (files named _*.html) with each page file, so every page is a full
// template named after its file.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("base.html").Funcs(funcs).ParseFS(templateFiles, "templates/base.html", "templates/_*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "base" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		out[name] = t
	}
	return out, nil
}

// view is what the layout needs; every page's view struct embeds it.
type view struct {
	Title     string
	Agency    string // the issuing body of the running movement, for the header
	Parent    string
	User      *auth.User
	Nav       []navItem
	PublicNav []navItem // the pages for visitors, shown when nobody is signed in
	Flash     string
	FlashKind string
	Path      string
	Unread    int // the user's unread notifications
	Refresh   int // seconds after which the page reloads itself, 0 for never
}

type navItem struct {
	Href, Label string
	Current     bool
}

// navTable is the navigation; each role sees the entries its access allows.
var navTable = []struct {
	href, label string
	access      access
}{
	{"/dashboard", "Tổng quan", signedIn},
	{"/plan", "Kế hoạch", signedIn},
	{"/targets", "Chỉ tiêu", signedIn},
	{"/units", "Đơn vị", staffOnly},
	{"/staff", "Cán bộ", staffOnly},
	{"/enterprises", "Doanh nghiệp", staffOnly},
	{"/procedures", "Thủ tục hành chính", staffOnly},
	{"/enterprise", "Doanh nghiệp của tôi", enterpriseOnly},
	{"/dossiers/stats", "Hồ sơ TTHC", staffOnly},
	{"/petitions", "Phản ánh, kiến nghị", signedIn},
	{"/dialogues", "Đối thoại DN", signedIn},
	{"/indicators", "Chỉ tiêu SXKD", planners},
	{"/enterprise/indicators", "Chỉ tiêu SXKD", enterpriseOnly},
	{"/reports", "Báo cáo", signedIn},
	{"/difficulties", "Khó khăn, vướng mắc", staffOnly},
	{"/initiatives", "Sáng kiến", signedIn},
	{"/inspections", "Kiểm tra, giám sát", staffOnly},
	{"/outreach", "Tuyên truyền", staffOnly},
	{"/awards", "Thi đua, khen thưởng", signedIn},
	{"/deployments", "Triển khai", staffOnly},
	{"/registrations", "Đăng ký thi đua", signedIn},
	{"/calendar", "Lịch làm việc", staffOnly},
	{"/users", "Tài khoản", officeOnly},
	{"/audit", "Nhật ký", office2},
	{"/outbox", "Hộp thư đi", office2},
}

// publicNav is what a visitor without an account can open. Exemplary models and
// outreach articles add their public pages here when they land.
var publicNav = []struct{ href, label string }{
	{"/", "Trang chủ"},
	{"/public/procedures", "Thủ tục hành chính"},
	{"/public/statistics", "Thống kê hồ sơ"},
	{"/answers", "Trả lời phản ánh, kiến nghị"},
	{"/public/dialogues", "Đối thoại doanh nghiệp"},
	{"/open-data", "Dữ liệu mở"},
	{"/petitions/send", "Gửi phản ánh"},
}

func (s *Server) base(r *http.Request, title string) view {
	u := currentUser(r)
	v := view{Title: title, User: u, Path: r.URL.Path, Agency: "Phong trào thi đua"}
	if m, err := s.plans.Current(r.Context(), s.now()); err == nil {
		v.Agency, v.Parent = m.Plan.Issuer.Agency, m.Plan.Issuer.Parent
	}
	if u == nil {
		for _, n := range publicNav {
			v.PublicNav = append(v.PublicNav, navItem{Href: n.href, Label: n.label,
				Current: r.URL.Path == n.href || (n.href != "/" && strings.HasPrefix(r.URL.Path, n.href+"/"))})
		}
	}
	if u != nil {
		if n, err := s.notify.Unread(r.Context(), u.ID); err == nil {
			v.Unread = n
		}
		current := -1 // the longest entry the path is under: /enterprise/indicators, not /enterprise
		for _, n := range navTable {
			if n.access.allows(u) {
				if r.URL.Path == n.href || strings.HasPrefix(r.URL.Path, n.href+"/") {
					if current < 0 || len(n.href) > len(v.Nav[current].Href) {
						current = len(v.Nav)
					}
				}
				v.Nav = append(v.Nav, navItem{Href: n.href, Label: n.label})
			}
		}
		if current >= 0 {
			v.Nav[current].Current = true
		}
	}
	return v
}

// render writes a page; the flash message, if any, is taken from its cookie.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data interface{ baseView() *view }) {
	if msg, kind := takeFlash(w, r); msg != "" {
		bv := data.baseView()
		bv.Flash, bv.FlashKind = msg, kind
	}
	t, ok := s.pages[page]
	if !ok {
		s.log.ErrorContext(r.Context(), "missing template", "page", page)
		http.Error(w, "Lỗi giao diện", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base.html", data); err != nil {
		s.log.ErrorContext(r.Context(), "render", "page", page, "err", err)
		http.Error(w, "Lỗi giao diện", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

func (v *view) baseView() *view { return v }

type errorView struct {
	view
	Status  int
	Message string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", &errorView{view: s.base(r, http.StatusText(status)), Status: status, Message: msg})
}

const flashCookie = "thidua_flash"

// setFlash leaves a message for the next page the user sees (post/redirect/get).
func setFlash(w http.ResponseWriter, kind, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(kind + "|" + msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func takeFlash(w http.ResponseWriter, r *http.Request) (string, string) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return "", ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	v, _ := url.QueryUnescape(c.Value)
	kind, msg, _ := strings.Cut(v, "|")
	return msg, kind
}

// redirect ends a successful POST with a flash message.
func redirect(w http.ResponseWriter, r *http.Request, to, msg string) error {
	if msg != "" {
		setFlash(w, "ok", msg)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// pager is the pagination of a list page.
type pager struct {
	Page, PerPage, Total int
	HasMore              bool
	query                url.Values
	path                 string
}

const perPage = 50

func newPager(r *http.Request) pager {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if p < 1 {
		p = 1
	}
	return pager{Page: p, PerPage: perPage, query: r.URL.Query(), path: r.URL.Path}
}

func (p pager) Offset() int { return (p.Page - 1) * p.PerPage }

// Pages is the last page number when the total is known.
func (p pager) Pages() int {
	if p.Total == 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

func (p pager) HasPrev() bool   { return p.Page > 1 }
func (p pager) HasNext() bool   { return p.HasMore || p.Page < p.Pages() }
func (p pager) PrevURL() string { return p.urlFor(p.Page - 1) }
func (p pager) NextURL() string { return p.urlFor(p.Page + 1) }

func (p pager) urlFor(page int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(page))
	return p.path + "?" + q.Encode()
}
