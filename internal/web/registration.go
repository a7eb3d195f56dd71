package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
)

type registrationsView struct {
	view
	Movement *plan.Movement
	Year     int
	Years    []int
	Items    []deployment.Registration
	Pager    pager
	Titles   []deployment.Title
	Units    []org.Unit
	IsOffice bool
	IsEnt    bool
	CanFile  bool
	Form     map[string]string
	Checked  map[string]bool
	Errors   map[string]string
}

func (s *Server) registrationsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRegistrations(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRegistrations(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs map[string]string) error {
	m, err := s.movement(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	scope := auth.ScopeOf(u)
	year := calendar.DateOf(s.now()).Year
	if y := r.FormValue("year"); y != "" {
		if year, err = strconv.Atoi(y); err != nil {
			return badRequest("Năm %q không hợp lệ", y)
		}
	}
	v := &registrationsView{view: s.base(r, "Đăng ký thi đua"), Movement: m, Year: year, Pager: newPager(r),
		IsOffice: u.Role == auth.RoleOffice, IsEnt: u.Role == auth.RoleEnterprise, CanFile: canRegister(u), Form: form, Errors: errs, Checked: map[string]bool{}}
	for y := m.Period.Start.Year; y <= m.Period.End.Year; y++ {
		v.Years = append(v.Years, y)
	}
	kind := "unit"
	if v.IsEnt {
		kind = "enterprise"
	}
	for _, t := range deployment.Titles {
		if t.For == "" || t.For == kind || v.IsOffice {
			v.Titles = append(v.Titles, t)
		}
	}
	if form != nil {
		for _, t := range r.PostForm["titles"] {
			v.Checked[t] = true
		}
	}
	if v.Items, v.Pager.Total, err = s.deployments.Registrations(r.Context(), scope, m.ID, year, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	if !v.IsEnt {
		units, err := s.org.UnitOptions(r.Context())
		if err != nil {
			return err
		}
		for _, un := range units {
			if scope.SeesUnit(un.ID) {
				v.Units = append(v.Units, un)
			}
		}
	}
	s.render(w, r, status, "registrations", v)
	return nil
}

// canRegister is who files registrations: the office for anyone, a unit's
// accounts for their unit, an enterprise for itself.
func canRegister(u *auth.User) bool {
	return u.Role == auth.RoleOffice || u.Role.NeedsUnit() || u.Role == auth.RoleEnterprise
}

func (s *Server) registrationSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if !canRegister(u) {
		return errForbidden
	}
	m, err := s.movement(r)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"year", "unit", "tax_code", "commitments"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	in := deployment.Registration{MovementID: m.ID, Commitments: form["commitments"], Titles: r.PostForm["titles"]}
	in.Year, _ = strconv.Atoi(form["year"])
	switch {
	case u.Role == auth.RoleEnterprise:
		in.EnterpriseID = u.EnterpriseID
	case u.Role.NeedsUnit():
		in.UnitID = u.UnitID
	case form["tax_code"] != "":
		e, err := s.enterprises.GetByTaxCode(r.Context(), form["tax_code"])
		if errors.Is(err, db.ErrNotFound) || (err == nil && !e.Active) {
			return s.renderRegistrations(w, r, http.StatusBadRequest, form, map[string]string{"tax_code": "Không có doanh nghiệp đang hoạt động với mã số thuế " + form["tax_code"]})
		}
		if err != nil {
			return err
		}
		in.EnterpriseID = e.ID
	default:
		in.UnitID, _ = strconv.ParseInt(form["unit"], 10, 64)
	}
	_, err = s.deployments.FileRegistration(r.Context(), auth.ScopeOf(u), in, m.Period.Start.Year, m.Period.End.Year)
	var fe deployment.FieldErrors
	if errors.As(err, &fe) {
		return s.renderRegistrations(w, r, http.StatusBadRequest, form, fe)
	}
	if errors.Is(err, deployment.ErrOutOfScope) {
		return errForbidden
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/registrations?year="+form["year"], "Đã lưu đăng ký thi đua năm "+form["year"])
}
