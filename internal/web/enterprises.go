package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/enterprise"
)

type enterprisesView struct {
	view
	Page       enterprise.Page
	Pager      pager
	Query      string
	Sector     string
	Ownership  string
	Active     string
	Sectors    []enterprise.Sector
	Ownerships []enterprise.Ownership
	CanEdit    bool
}

func (s *Server) enterprisesList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	active, activeKey := activeFilter(r)
	v := &enterprisesView{view: s.base(r, "Doanh nghiệp"), Pager: newPager(r), Query: q.Get("q"), Sector: q.Get("sector"),
		Ownership: q.Get("ownership"), Active: activeKey, Sectors: enterprise.Sectors, Ownerships: enterprise.Ownerships,
		CanEdit: officeOnly.allows(currentUser(r))}
	var err error
	v.Page, err = s.enterprises.List(r.Context(), auth.ScopeOf(currentUser(r)), enterprise.Filter{Search: v.Query,
		Sector: enterprise.Sector(v.Sector), Ownership: enterprise.Ownership(v.Ownership), Active: active,
		Limit: v.Pager.PerPage, Offset: v.Pager.Offset()})
	if err != nil {
		return err
	}
	v.Pager.Total = v.Page.Total
	s.render(w, r, http.StatusOK, "enterprises", v)
	return nil
}

type enterpriseFormView struct {
	view
	Enterprise enterprise.Enterprise
	Form       map[string]string
	Checked    map[enterprise.Sector]bool
	Errors     enterprise.FieldErrors
	Sectors    []enterprise.Sector
	Ownerships []enterprise.Ownership
	New        bool
	CanEdit    bool
	Own        bool // an enterprise editing itself: the tax code stays as registered
}

var enterpriseFields = []string{"tax_code", "name", "ownership", "address", "representative", "employees", "email"}

func (s *Server) enterpriseForm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := &enterpriseFormView{view: s.base(r, "Thêm doanh nghiệp"), New: true, Form: map[string]string{"ownership": "private"},
		Checked: map[enterprise.Sector]bool{}}
	id := u.EnterpriseID
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	if id != 0 {
		e, err := s.enterprises.Get(r.Context(), auth.ScopeOf(u), id)
		if err != nil {
			return err
		}
		v.Enterprise, v.Title, v.New = e, e.Name, false
		v.Form = map[string]string{"tax_code": e.TaxCode, "name": e.Name, "ownership": string(e.Ownership), "address": e.Address,
			"representative": e.Representative, "employees": strconv.Itoa(e.Employees), "email": e.Email}
		for _, sc := range e.Sectors {
			v.Checked[sc] = true
		}
	}
	return s.renderEnterpriseForm(w, r, http.StatusOK, v)
}

func (s *Server) renderEnterpriseForm(w http.ResponseWriter, r *http.Request, status int, v *enterpriseFormView) error {
	u := currentUser(r)
	v.Sectors, v.Ownerships = enterprise.Sectors, enterprise.Ownerships
	v.Own = u.Role == auth.RoleEnterprise
	v.CanEdit = u.Role == auth.RoleOffice || v.Own
	s.render(w, r, status, "enterprise_form", v)
	return nil
}

func (s *Server) enterpriseSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	form := formValues(r, enterpriseFields...)
	v := &enterpriseFormView{view: s.base(r, "Thêm doanh nghiệp"), New: true, Form: form, Checked: map[enterprise.Sector]bool{}}
	e := enterprise.Enterprise{TaxCode: form["tax_code"], Name: form["name"], Ownership: enterprise.Ownership(form["ownership"]),
		Address: form["address"], Representative: form["representative"], Email: form["email"]}
	for _, sc := range r.PostForm["sectors"] {
		e.Sectors = append(e.Sectors, enterprise.Sector(sc))
		v.Checked[enterprise.Sector(sc)] = true
	}
	var err error
	if form["employees"] != "" {
		if e.Employees, err = strconv.Atoi(form["employees"]); err != nil || e.Employees < 0 {
			v.Errors = enterprise.FieldErrors{"employees": "Số lao động: phải là số nguyên không âm"}
			return s.renderEnterpriseForm(w, r, http.StatusBadRequest, v)
		}
	}
	id := u.EnterpriseID
	if r.PathValue("id") != "" {
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	if id != 0 {
		e.ID, v.New = id, false
		if u.Role == auth.RoleEnterprise {
			// An enterprise cannot change the tax code it was registered under.
			current, err := s.enterprises.Get(r.Context(), auth.ScopeOf(u), id)
			if err != nil {
				return err
			}
			e.TaxCode = current.TaxCode
		}
		v.Enterprise = e
		e, err = s.enterprises.Update(r.Context(), auth.ScopeOf(u), e)
	} else {
		e, err = s.enterprises.Create(r.Context(), e)
	}
	var fe enterprise.FieldErrors
	if errors.As(err, &fe) {
		v.Errors = fe
		return s.renderEnterpriseForm(w, r, http.StatusBadRequest, v)
	}
	if err != nil {
		return err
	}
	to := "/enterprises/" + strconv.FormatInt(e.ID, 10)
	if u.Role == auth.RoleEnterprise {
		to = "/enterprise"
	}
	return redirect(w, r, to, "Đã lưu thông tin doanh nghiệp "+e.Name)
}

func (s *Server) enterpriseSetActive(active bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		msg := "Doanh nghiệp tham gia phong trào trở lại"
		if active {
			err = s.enterprises.Reactivate(r.Context(), id)
		} else {
			err, msg = s.enterprises.Deactivate(r.Context(), id), "Đã ngừng theo dõi doanh nghiệp; số liệu cũ vẫn được giữ"
		}
		if err != nil {
			return err
		}
		return redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10), msg)
	}
}
