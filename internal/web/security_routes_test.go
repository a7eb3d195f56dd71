package web_test

import (
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/web"
)

// The roles a request can come with: no account, then one demo account per role.
var matrixRoles = []string{"anonymous", "vanphong", "lanhdao", "khtc", "truongphong", "chuyenvien", "hoidong", "doanhnghiep"}

// Who gets past the guard, by group. Written out here, apart from routes.go, so that
// loosening a route there without changing this table fails.
var accessGroups = map[string][]string{
	"anyone":          matrixRoles,
	"signed":          {"vanphong", "lanhdao", "khtc", "truongphong", "chuyenvien", "hoidong", "doanhnghiep"},
	"staff":           {"vanphong", "lanhdao", "khtc", "truongphong", "chuyenvien", "hoidong"},
	"office":          {"vanphong"},
	"office+leader":   {"vanphong", "lanhdao"},
	"office+units":    {"vanphong", "truongphong", "chuyenvien"},
	"office+managers": {"vanphong", "truongphong"},
	"planners":        {"vanphong", "lanhdao", "khtc"},
	"enterprise":      {"doanhnghiep"},
	// Narrowed by the handler or the store behind a wider guard.
	"office+enterprise":       {"vanphong", "doanhnghiep"},
	"office+units+enterprise": {"vanphong", "truongphong", "chuyenvien", "doanhnghiep"},
	"office+leader+council":   {"vanphong", "lanhdao", "hoidong"},
}

// routeExpect says, for every route of the table, which group may use it. A route
// missing here fails TestEveryRouteClassified.
var routeExpect = map[string]string{
	"GET /healthz": "anyone",
	"GET /readyz":  "anyone",
	// The test's requests come straight from loopback; from elsewhere, or through
	// a proxy, /metrics needs THIDUA_METRICS_TOKEN (TestMetricsAccess).
	"GET /metrics":                                         "anyone",
	"GET /{$}":                                             "anyone",
	"GET /login":                                           "anyone",
	"POST /login":                                          "anyone",
	"POST /logout":                                         "signed",
	"GET /account/password":                                "signed",
	"POST /account/password":                               "signed",
	"GET /dashboard":                                       "signed",
	"GET /plan":                                            "signed",
	"GET /targets":                                         "signed",
	"GET /definitions":                                     "anyone",
	"GET /help":                                            "anyone",
	"GET /units":                                           "staff",
	"GET /units/new":                                       "office",
	"POST /units":                                          "office",
	"GET /units/{id}":                                      "staff",
	"POST /units/{id}":                                     "office",
	"POST /units/{id}/deactivate":                          "office",
	"POST /units/{id}/reactivate":                          "office",
	"GET /staff":                                           "staff",
	"GET /staff/new":                                       "office+managers",
	"POST /staff":                                          "office+managers",
	"GET /staff/{id}":                                      "staff",
	"POST /staff/{id}":                                     "office+managers",
	"POST /staff/{id}/deactivate":                          "office+managers",
	"POST /staff/{id}/reactivate":                          "office+managers",
	"GET /enterprises":                                     "staff",
	"GET /enterprises/new":                                 "office",
	"POST /enterprises":                                    "office",
	"GET /enterprises/{id}":                                "staff",
	"POST /enterprises/{id}":                               "office",
	"POST /enterprises/{id}/deactivate":                    "office",
	"POST /enterprises/{id}/reactivate":                    "office",
	"GET /enterprise":                                      "enterprise",
	"POST /enterprise":                                     "enterprise",
	"GET /procedures":                                      "staff",
	"GET /procedures/new":                                  "office",
	"POST /procedures":                                     "office",
	"GET /procedures/{id}":                                 "staff",
	"POST /procedures/{id}":                                "office",
	"GET /dossiers":                                        "staff",
	"GET /dossiers/overdue":                                "staff",
	"GET /dossiers/stats":                                  "staff",
	"GET /dossiers/times":                                  "staff",
	"GET /dossiers/stats.xlsx":                             "staff",
	"GET /dossiers/{code}":                                 "staff",
	"POST /dossiers/{code}/apology":                        "office+units",
	"GET /import/{kind}":                                   "office",
	"POST /import/{kind}":                                  "office",
	"GET /import/{kind}/template":                          "office",
	"GET /import/{kind}/jobs/{id}":                         "office",
	"GET /files/{token}":                                   "signed",
	"GET /petitions":                                       "signed",
	"GET /petitions/new":                                   "signed",
	"POST /petitions":                                      "office+enterprise",
	"POST /petitions/assign":                               "office",
	"GET /petitions/send":                                  "anyone",
	"POST /petitions/send":                                 "anyone",
	"GET /petitions/track":                                 "anyone",
	"POST /petitions/track/act/{action}":                   "anyone",
	"GET /petitions/files/{id}":                            "anyone",
	"GET /petition-templates":                              "office+units",
	"POST /petition-templates":                             "office+units",
	"POST /petition-templates/{id}":                        "office+units",
	"POST /petition-templates/{id}/delete":                 "office+units",
	"GET /petitions/{id}":                                  "signed",
	"POST /petitions/{id}/act/{action}":                    "signed",
	"POST /petitions/{id}/attachments":                     "signed",
	"POST /petitions/{id}/duplicate":                       "office",
	"GET /answers":                                         "anyone",
	"GET /answers/{id}":                                    "anyone",
	"GET /answers/feed.xml":                                "anyone",
	"GET /public/procedures":                               "anyone",
	"GET /public/statistics":                               "anyone",
	"GET /public/dialogues":                                "anyone",
	"GET /open-data":                                       "anyone",
	"GET /open-data/{file}":                                "anyone",
	"GET /dialogues":                                       "signed",
	"GET /dialogues/new":                                   "office",
	"POST /dialogues":                                      "office",
	"GET /dialogues/{id}":                                  "signed",
	"GET /dialogues/{id}/edit":                             "office",
	"POST /dialogues/{id}":                                 "office",
	"POST /dialogues/{id}/questions":                       "office",
	"POST /dialogues/{id}/{action}":                        "signed",
	"GET /dialogues/{id}/minutes.docx":                     "staff",
	"GET /reports":                                         "signed",
	"GET /reports/new":                                     "office",
	"POST /reports":                                        "office",
	"GET /reports/{id}":                                    "signed",
	"GET /reports/{id}/edit":                               "office",
	"POST /reports/{id}":                                   "office",
	"POST /reports/{id}/submission":                        "signed",
	"POST /reports/{id}/files":                             "signed",
	"GET /reports/{id}/files/{file}":                       "signed",
	"GET /reports/{id}/register":                           "office+leader",
	"GET /reports/{id}/units/{unit}":                       "office+leader",
	"POST /reports/{id}/{action}":                          "office",
	"GET /reports/{id}/consolidated.docx":                  "office+leader",
	"GET /reports/{id}/consolidated.xlsx":                  "office+leader",
	"GET /difficulties":                                    "staff",
	"POST /difficulties":                                   "office+units",
	"GET /difficulties/{id}":                               "staff",
	"POST /difficulties/{id}/{step}":                       "staff",
	"GET /indicators":                                      "planners",
	"GET /indicators/analysis":                             "planners",
	"GET /indicators/analysis.xlsx":                        "planners",
	"GET /indicators/export.xlsx":                          "planners",
	"POST /indicators/deadlines":                           "office",
	"POST /indicators/remind":                              "office",
	"GET /indicators/{id}":                                 "signed",
	"GET /enterprise/indicators":                           "enterprise",
	"GET /enterprise/indicators/new":                       "enterprise",
	"POST /enterprise/indicators":                          "enterprise",
	"GET /enterprise/indicators/{id}/edit":                 "enterprise",
	"POST /enterprise/indicators/{id}":                     "enterprise",
	"GET /initiatives":                                     "signed",
	"GET /initiatives/new":                                 "office+units+enterprise",
	"POST /initiatives":                                    "office+units+enterprise",
	"GET /initiatives/{id}":                                "signed",
	"GET /initiatives/{id}/edit":                           "signed",
	"POST /initiatives/{id}":                               "signed",
	"POST /initiatives/{id}/files":                         "signed",
	"GET /initiatives/{id}/files/{file}":                   "signed",
	"POST /initiatives/{id}/{action}":                      "signed",
	"GET /initiative-sessions":                             "office+leader+council",
	"POST /initiative-sessions":                            "office",
	"GET /initiative-sessions/{id}":                        "office+leader+council",
	"POST /initiative-sessions/{id}/members":               "office",
	"POST /initiative-sessions/{id}/members/{user}/delete": "office",
	"GET /initiative-sessions/{id}/decision.docx":          "office+leader",
	"GET /inspections":                                     "staff",
	"GET /inspections/new":                                 "office",
	"POST /inspections":                                    "office",
	"GET /inspections/{id}":                                "staff",
	"GET /inspections/{id}/edit":                           "office",
	"POST /inspections/{id}":                               "office",
	"POST /inspections/{id}/findings":                      "office",
	"POST /inspections/{id}/findings/{finding}/delete":     "office",
	"POST /inspections/{id}/{step}":                        "office",
	"GET /inspections/{id}/notice.docx":                    "staff",
	"GET /inspection-actions":                              "staff",
	"GET /inspection-actions/{id}":                         "staff",
	"POST /inspection-actions/{id}/{step}":                 "staff",
	"GET /outreach":                                        "staff",
	"GET /outreach/new":                                    "staff",
	"POST /outreach":                                       "staff",
	"GET /outreach/{id}":                                   "staff",
	"GET /outreach/{id}/edit":                              "staff",
	"POST /outreach/{id}":                                  "staff",
	"GET /outreach/{id}/cover":                             "staff",
	"POST /outreach/{id}/{step}":                           "staff",
	"GET /articles":                                        "anyone",
	"GET /articles/feed.xml":                               "anyone",
	"GET /articles/{id}":                                   "anyone",
	"GET /articles/{id}/cover":                             "anyone",
	"GET /awards":                                          "signed",
	"GET /awards/rubrics/new":                              "office",
	"POST /awards/rubrics":                                 "office",
	"GET /awards/rubrics/{id}":                             "signed",
	"GET /awards/rubrics/{id}/scores.xlsx":                 "office+leader",
	"POST /awards/assessments":                             "office+units+enterprise",
	"GET /awards/assessments/{id}":                         "signed",
	"POST /awards/assessments/{id}/files":                  "signed",
	"POST /awards/assessments/{id}/{action}":               "signed",
	"GET /awards/files/{id}":                               "signed",
	"GET /awards/eligibility":                              "staff",
	"GET /awards/ratings":                                  "staff",
	"POST /awards/ratings/{action}":                        "office+managers",
	"GET /awards/rules":                                    "office+leader",
	"POST /awards/rules/{id}":                              "office",
	"POST /awards/rules/{id}/{action}":                     "office",
	"GET /awards/nominations":                              "staff",
	"POST /awards/nominations":                             "office+managers",
	"GET /awards/nominations/{id}/report.docx":             "staff",
	"GET /awards/councils":                                 "office+leader+council",
	"POST /awards/councils":                                "office",
	"GET /awards/councils/{id}":                            "office+leader+council",
	"GET /awards/councils/{id}/{doc}":                      "office+leader",
	"POST /awards/councils/{id}/{action}":                  "staff",
	"GET /awards/history":                                  "signed",
	"GET /awards/commendations/{id}/certificate.pdf":       "signed",
	"POST /awards/commendations/{id}/publish":              "office",
	"GET /exemplary":                                       "anyone",
	"GET /deployments":                                     "staff",
	"GET /deployments/{unit}":                              "office+units",
	"POST /deployments/{unit}":                             "office+units",
	"GET /registrations":                                   "signed",
	"POST /registrations":                                  "office+units+enterprise",
	"GET /calendar":                                        "staff",
	"POST /calendar/overrides":                             "office",
	"POST /calendar/overrides/{date}/delete":               "office",
	"GET /notifications":                                   "signed",
	"POST /notifications/{id}/open":                        "signed",
	"POST /notifications/read-all":                         "signed",
	"POST /notifications/mode":                             "signed",
	"GET /outbox":                                          "office+leader",
	"GET /audit":                                           "office+leader",
	"GET /users":                                           "office",
	"POST /users":                                          "office",
	"GET /api/v1/targets":                                  "signed",
	"GET /api/v1/openapi.json":                             "anyone",
	"GET /api/v1/units":                                    "staff",
	"POST /api/v1/units":                                   "office",
	"GET /api/v1/units/{code}":                             "staff",
	"PUT /api/v1/units/{code}":                             "office",
	"GET /api/v1/staff":                                    "staff",
	"POST /api/v1/staff":                                   "office+managers",
	"GET /api/v1/staff/{id}":                               "staff",
	"PUT /api/v1/staff/{id}":                               "office+managers",
	"GET /api/v1/enterprises":                              "signed",
	"POST /api/v1/enterprises":                             "office",
	"GET /api/v1/enterprises/{tax_code}":                   "signed",
	"PUT /api/v1/enterprises/{tax_code}":                   "office+enterprise",
	"GET /api/v1/dossiers/stats":                           "staff",
	"GET /api/v1/dossiers/times":                           "staff",
	"GET /api/v1/eligibility":                              "staff",
	"POST /api/v1/petitions":                               "office+enterprise",
	"GET /api/v1/petitions/{id}":                           "signed",
	"GET /api/v1/public/procedures":                        "anyone",
	"GET /api/v1/public/dossier-stats":                     "anyone",
	"GET /api/v1/public/dossier-monthly":                   "anyone",
	"GET /api/v1/public/index-766":                         "anyone",
	"GET /api/v1/public/petition-scores":                   "anyone",
	"GET /api/v1/public/answers":                           "anyone",
	"GET /api/v1/public/dialogues":                         "anyone",
	"GET /api/v1/public/targets":                           "anyone",
	"GET /api/open311/v2/services.json":                    "signed",
	"POST /api/open311/v2/requests.json":                   "office+enterprise",
	"GET /api/open311/v2/requests/{id}":                    "signed",
}

// pathFor fills a pattern's wildcards with values that name no record, so that an
// allowed request reaches its handler and changes nothing; {unit} is the role's own
// unit (a unit's account may open its own unit's pages, not another's).
func pathFor(pattern, unit string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	repl := map[string]string{"{id}": "999999999", "{code}": "KHONGCO", "{token}": "khongco", "{kind}": "units",
		"{file}": "999999999", "{action}": "khongco", "{step}": "khongco", "{finding}": "999999999",
		"{user}": "999999999", "{doc}": "khongco.docx", "{date}": "2026-01-01", "{tax_code}": "0000000000"}
	repl["{unit}"] = unit
	for k, v := range repl {
		path = strings.ReplaceAll(path, k, v)
	}
	if strings.Contains(path, "{") {
		panic("pathFor: no value for a wildcard of " + pattern)
	}
	return method, path
}

type outcome string

const (
	passed    outcome = "passed"
	needLogin outcome = "login"
	forbidden outcome = "forbidden"
)

func TestEveryRouteClassified(t *testing.T) {
	srv, err := web.New(web.Deps{DB: dbtest.SQLite(t), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, rt := range srv.Routes() {
		seen[rt.Pattern] = true
		g, ok := routeExpect[rt.Pattern]
		if !ok {
			t.Errorf("route %q (%s) has no line in routeExpect: say who may use it", rt.Pattern, rt.Access)
			continue
		}
		if _, ok := accessGroups[g]; !ok {
			t.Errorf("route %q: no group %q", rt.Pattern, g)
		}
		pathFor(rt.Pattern, "1")
	}
	for p := range routeExpect {
		if !seen[p] {
			t.Errorf("routeExpect has %q, which the route table no longer has", p)
		}
	}
}

// Every route, every role, real requests against the demo: the guard lets exactly
// the expected roles through; the others are sent to the login page (or get 401 from
// the API) when anonymous, 403 when signed in.
func TestRouteAccessMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		s := &site{Server: ts, db: d}
		srv, err := web.New(web.Deps{DB: d, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		routes := srv.Routes()
		// Signing out last, so the role's other requests keep their session.
		sort.SliceStable(routes, func(i, j int) bool { return routes[j].Pattern == "POST /logout" && routes[i].Pattern != "POST /logout" })
		var report []string
		for _, role := range matrixRoles {
			c := s.client(t)
			if role != "anonymous" {
				resp, err := c.PostForm(ts.URL+"/login", url.Values{"username": {role}, "password": {demo.Password}})
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("login %s: %d", role, resp.StatusCode)
				}
			}
			unit := "999999999"
			if role == "truongphong" || role == "chuyenvien" {
				unit = unitID(t, d, "QLXD")
			}
			for _, rt := range routes {
				want := passed
				if !contains2(accessGroups[routeExpect[rt.Pattern]], role) {
					want = forbidden
					if role == "anonymous" {
						want = needLogin
					}
				}
				got, status := try(t, c, ts.URL, rt, unit)
				if status >= 500 {
					t.Errorf("%s as %s: status %d", rt.Pattern, role, status)
				}
				if got != want {
					report = append(report, rt.Pattern+" as "+role+": "+string(got)+", want "+string(want))
				}
			}
		}
		for _, l := range report {
			t.Error(l)
		}
	})
}

func contains2(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func try(t *testing.T, c *http.Client, base string, rt web.Route, unit string) (outcome, int) {
	t.Helper()
	method, path := pathFor(rt.Pattern, unit)
	var body io.Reader
	ctype := ""
	switch {
	case method == "GET":
	case rt.API:
		body, ctype = strings.NewReader("{}"), "application/json"
	default:
		body, ctype = strings.NewReader(""), "application/x-www-form-urlencoded"
	}
	req, _ := http.NewRequest(method, base+path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusForbidden:
		return forbidden, resp.StatusCode
	case rt.API && resp.StatusCode == http.StatusUnauthorized:
		return needLogin, resp.StatusCode
	case !rt.API && resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login?"):
		return needLogin, resp.StatusCode
	}
	return passed, resp.StatusCode
}
