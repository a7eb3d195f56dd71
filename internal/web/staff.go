package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/org"
)

type staffListView struct {
	view
	Page    org.StaffPage
	Pager   pager
	Query   string
	UnitID  int64
	Active  string
	Units   []org.Unit
	CanEdit bool
}

// staffList shows the staff a user may see: everyone for the department, their own
// unit's for a unit account, whatever the filter says.
func (s *Server) staffList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	scope := auth.ScopeOf(u)
	active, activeKey := activeFilter(r)
	v := &staffListView{view: s.base(r, "Cán bộ, công chức"), Pager: newPager(r), Query: r.URL.Query().Get("q"), Active: activeKey,
		CanEdit: staffManagers.allows(u)}
	v.UnitID, _ = strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	var err error
	if v.Page, err = s.org.ListStaff(r.Context(), scope, org.StaffFilter{Search: v.Query, UnitID: v.UnitID, Active: active,
		Limit: v.Pager.PerPage, Offset: v.Pager.Offset()}); err != nil {
		return err
	}
	v.Pager.Total = v.Page.Total
	if scope.All {
		if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "staff", v)
	return nil
}

type staffFormView struct {
	view
	Staff   org.Staff
	Form    map[string]string
	Errors  org.FieldErrors
	Units   []org.Unit
	Genders []org.Gender
	New     bool
	CanEdit bool
}

var staffFields = []string{"full_name", "position", "unit", "gender", "email"}

func (s *Server) staffForm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := &staffFormView{view: s.base(r, "Thêm cán bộ"), New: true, Form: map[string]string{}}
	if u.UnitID != 0 {
		v.Form["unit"] = strconv.FormatInt(u.UnitID, 10)
	}
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if v.Staff, err = s.org.GetStaff(r.Context(), auth.ScopeOf(u), id); err != nil {
			return err
		}
		v.Title, v.New = v.Staff.FullName, false
		v.Form = map[string]string{"full_name": v.Staff.FullName, "position": v.Staff.Position, "unit": strconv.FormatInt(v.Staff.UnitID, 10),
			"gender": string(v.Staff.Gender), "email": v.Staff.Email}
	}
	return s.renderStaffForm(w, r, http.StatusOK, v)
}

func (s *Server) renderStaffForm(w http.ResponseWriter, r *http.Request, status int, v *staffFormView) error {
	u := currentUser(r)
	v.Genders, v.CanEdit = org.Genders, staffManagers.allows(u)
	units, err := s.org.UnitOptions(r.Context())
	if err != nil {
		return err
	}
	scope := auth.ScopeOf(u)
	for _, un := range units {
		if scope.SeesUnit(un.ID) {
			v.Units = append(v.Units, un)
		}
	}
	s.render(w, r, status, "staff_form", v)
	return nil
}

func (s *Server) staffSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	form := formValues(r, staffFields...)
	st := org.Staff{FullName: form["full_name"], Position: form["position"], Gender: org.Gender(form["gender"]), Email: form["email"]}
	st.UnitID, _ = strconv.ParseInt(form["unit"], 10, 64)
	v := &staffFormView{view: s.base(r, "Thêm cán bộ"), New: true, Form: form}
	var err error
	if r.PathValue("id") != "" {
		if st.ID, err = pathID(r); err != nil {
			return err
		}
		v.New, v.Staff = false, st
		st, err = s.org.UpdateStaff(r.Context(), auth.ScopeOf(u), st)
	} else {
		st, err = s.org.CreateStaff(r.Context(), auth.ScopeOf(u), st)
	}
	var fe org.FieldErrors
	if errors.As(err, &fe) {
		v.Errors = fe
		return s.renderStaffForm(w, r, http.StatusBadRequest, v)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/staff/"+strconv.FormatInt(st.ID, 10), "Đã lưu cán bộ "+st.FullName)
}

func (s *Server) staffSetActive(active bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		scope := auth.ScopeOf(currentUser(r))
		msg := "Đã ghi nhận cán bộ làm việc trở lại"
		if active {
			err = s.org.ReactivateStaff(r.Context(), scope, id)
		} else {
			err, msg = s.org.DeactivateStaff(r.Context(), scope, id), "Đã ghi nhận cán bộ thôi làm việc; hồ sơ cũ vẫn được giữ"
		}
		if err != nil {
			return err
		}
		return redirect(w, r, "/staff/"+strconv.FormatInt(id, 10), msg)
	}
}
