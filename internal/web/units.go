package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/org"
)

type unitsView struct {
	view
	Page    org.UnitPage
	Pager   pager
	Query   string
	Kind    string
	Active  string
	Kinds   []org.UnitKind
	CanEdit bool
}

func (s *Server) unitsList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	active, activeKey := activeFilter(r)
	v := &unitsView{view: s.base(r, "Đơn vị"), Pager: newPager(r), Query: q.Get("q"), Kind: q.Get("kind"), Active: activeKey,
		Kinds: org.UnitKinds, CanEdit: officeOnly.allows(currentUser(r))}
	var err error
	v.Page, err = s.org.ListUnits(r.Context(), org.UnitFilter{Search: v.Query, Kind: org.UnitKind(v.Kind), Active: active,
		Limit: v.Pager.PerPage, Offset: v.Pager.Offset()})
	if err != nil {
		return err
	}
	v.Pager.Total = v.Page.Total
	s.render(w, r, http.StatusOK, "units", v)
	return nil
}

type unitFormView struct {
	view
	Unit    org.Unit
	Form    map[string]string
	Errors  org.FieldErrors
	Kinds   []org.UnitKind
	Parents []org.Unit
	New     bool
	CanEdit bool
}

var unitFields = []string{"code", "name", "kind", "parent", "email"}

func (s *Server) unitForm(w http.ResponseWriter, r *http.Request) error {
	v := &unitFormView{view: s.base(r, "Thêm đơn vị"), Kinds: org.UnitKinds, New: true, Form: map[string]string{"kind": string(org.UnitKinds[1])}}
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if v.Unit, err = s.org.GetUnit(r.Context(), id); err != nil {
			return err
		}
		v.Title, v.New = "Đơn vị "+v.Unit.Name, false
		v.Form = map[string]string{"code": v.Unit.Code, "name": v.Unit.Name, "kind": string(v.Unit.Kind), "parent": v.Unit.ParentCode, "email": v.Unit.Email}
	}
	return s.renderUnitForm(w, r, http.StatusOK, v)
}

func (s *Server) renderUnitForm(w http.ResponseWriter, r *http.Request, status int, v *unitFormView) error {
	v.CanEdit = officeOnly.allows(currentUser(r))
	var err error
	if v.Parents, err = s.org.UnitOptions(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "unit_form", v)
	return nil
}

func (s *Server) unitSave(w http.ResponseWriter, r *http.Request) error {
	form := formValues(r, unitFields...)
	u := org.Unit{Code: form["code"], Name: form["name"], Kind: org.UnitKind(form["kind"]), ParentCode: form["parent"], Email: form["email"]}
	v := &unitFormView{view: s.base(r, "Thêm đơn vị"), Kinds: org.UnitKinds, New: true, Form: form}
	var err error
	if form["parent"] != "" {
		parent, err := s.org.GetByCode(r.Context(), form["parent"])
		if errors.Is(err, db.ErrNotFound) {
			v.Errors = org.FieldErrors{"parent": "Đơn vị cấp trên: không có đơn vị mã " + form["parent"]}
			return s.renderUnitForm(w, r, http.StatusBadRequest, v)
		}
		if err != nil {
			return err
		}
		u.ParentID = parent.ID
	}
	if r.PathValue("id") != "" {
		if u.ID, err = pathID(r); err != nil {
			return err
		}
		v.New, v.Unit = false, u
		u, err = s.org.UpdateUnit(r.Context(), u)
	} else {
		u, err = s.org.CreateUnit(r.Context(), u)
	}
	var fe org.FieldErrors
	if errors.As(err, &fe) {
		v.Errors = fe
		return s.renderUnitForm(w, r, http.StatusBadRequest, v)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/units/"+strconv.FormatInt(u.ID, 10), "Đã lưu đơn vị "+u.Name)
}

func (s *Server) unitSetActive(active bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		msg := "Đã cho đơn vị hoạt động trở lại"
		if active {
			err = s.org.ReactivateUnit(r.Context(), id)
		} else {
			err, msg = s.org.DeactivateUnit(r.Context(), id), "Đã ngừng hoạt động đơn vị; số liệu cũ của đơn vị vẫn được giữ"
		}
		if err != nil {
			var fe org.FieldErrors
			if errors.As(err, &fe) {
				return badRequest("%s", fe.Error())
			}
			return err
		}
		return redirect(w, r, "/units/"+strconv.FormatInt(id, 10), msg)
	}
}
