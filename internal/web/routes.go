package web

import (
	"net/http"

	"github.com/thidua/thidua/internal/auth"
)

// access says who may use a route.
type access int

const (
	public         access = iota // anyone, signed in or not
	signedIn                     // any account
	staffOnly                    // every role of the department (not enterprises)
	officeOnly                   // Văn phòng Sở
	office2                      // Văn phòng Sở and Lãnh đạo Sở
	unitWork                     // office and the units' own accounts
	enterpriseOnly               // enterprise accounts
)

func (a access) allows(u *auth.User) bool {
	if a == public {
		return true
	}
	if u == nil {
		return false
	}
	switch a {
	case signedIn:
		return true
	case staffOnly:
		return u.Role != auth.RoleEnterprise
	case officeOnly:
		return u.Role == auth.RoleOffice
	case office2:
		return u.Role == auth.RoleOffice || u.Role == auth.RoleLeader
	case unitWork:
		return u.Role == auth.RoleOffice || u.Role.NeedsUnit()
	case enterpriseOnly:
		return u.Role == auth.RoleEnterprise
	}
	return false
}

// route is one line of the route table.
type route struct {
	pattern string
	access  access
	handle  func(w http.ResponseWriter, r *http.Request) error
	api     bool // JSON answers, bearer tokens accepted
}

// routes is the whole table of pages and API endpoints with who may use each.
func (s *Server) routes() []route {
	return []route{
		{"GET /{$}", public, s.home, false},
		{"GET /login", public, s.loginForm, false},
		{"POST /login", public, s.login, false},
		{"POST /logout", signedIn, s.logout, false},
		{"GET /account/password", signedIn, s.passwordForm, false},
		{"POST /account/password", signedIn, s.changePassword, false},

		{"GET /dashboard", signedIn, s.dashboard, false},
		{"GET /plan", signedIn, s.planPage, false},
		{"GET /targets", signedIn, s.targetsPage, false},

		{"GET /deployments", staffOnly, s.deploymentsList, false},
		{"GET /deployments/{unit}", unitWork, s.deploymentForm, false},
		{"POST /deployments/{unit}", unitWork, s.deploymentSave, false},

		{"GET /registrations", signedIn, s.registrationsPage, false},
		{"POST /registrations", signedIn, s.registrationSave, false},

		{"GET /calendar", staffOnly, s.calendarPage, false},
		{"POST /calendar/overrides", officeOnly, s.calendarSet, false},
		{"POST /calendar/overrides/{date}/delete", officeOnly, s.calendarUnset, false},

		{"GET /audit", office2, s.auditList, false},
		{"GET /users", officeOnly, s.usersList, false},
		{"POST /users", officeOnly, s.userCreate, false},

		{"GET /api/v1/targets", signedIn, s.apiTargets, true},
	}
}
