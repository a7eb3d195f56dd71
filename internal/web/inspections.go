package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/validate"
)

type inspectionsView struct {
	view
	Items    []inspection.Inspection
	Filter   inspection.Filter
	YearText string
	Units    []org.Unit // the unit filter, for department-wide roles
	Pager    pager
	IsOffice bool
	Overdue  int // actions past their due date the user sees
}

// inspectionsList lists the inspections the user sees: all of them for the
// department's roles, a unit's own for its accounts.
func (s *Server) inspectionsList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	q := r.URL.Query()
	v := &inspectionsView{view: s.base(r, "Kiểm tra, giám sát"), Pager: newPager(r), IsOffice: u.Role == auth.RoleOffice,
		Filter: inspection.Filter{State: inspection.State(q.Get("state"))}}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return badRequest("Năm %q không hợp lệ", y)
		}
		v.Filter.Year, v.YearText = n, y
	}
	if st := v.Filter.State; st != "" && st.Label() == "" {
		return badRequest("Không có trạng thái %q", st)
	}
	scope := auth.ScopeOf(u)
	if scope.All {
		v.Filter.UnitID, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
		var err error
		if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
			return err
		}
	}
	var err error
	if v.Items, v.Pager.Total, err = s.inspections.List(r.Context(), scope, v.Filter, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	if _, v.Overdue, err = s.inspections.Actions(r.Context(), scope, inspection.ActionFilter{Overdue: true}, 1, 0); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inspections", v)
	return nil
}

type inspectionFormView struct {
	view
	ID       int64
	Form     map[string]string
	Members  map[string]bool
	Errors   validate.Errors
	Units    []org.Unit
	Staff    []org.Staff
	Contents []plan.Content
}

var inspectionFields = []string{"unit", "title", "content", "period_from", "period_to", "scheduled_on", "lead"}

// inspectionFormView fills the choices of the form: units, the plan's contents for
// units, and active staff for the team.
func (s *Server) inspectionForm(r *http.Request, title string, id int64, form map[string]string, members map[string]bool, errs validate.Errors) (*inspectionFormView, error) {
	v := &inspectionFormView{view: s.base(r, title), ID: id, Form: form, Members: members, Errors: errs}
	ctx := r.Context()
	var err error
	if v.Units, err = s.org.UnitOptions(ctx); err != nil {
		return nil, err
	}
	active := true
	page, err := s.org.ListStaff(ctx, auth.Scope{All: true}, org.StaffFilter{Active: &active, Limit: org.MaxLimit})
	if err != nil {
		return nil, err
	}
	v.Staff = page.Items
	m, err := s.plans.Current(ctx, s.now())
	if err != nil {
		return nil, err
	}
	v.Contents = m.Plan.AllContents(plan.AudienceUnits)
	return v, nil
}

func (s *Server) inspectionNew(w http.ResponseWriter, r *http.Request) error {
	y := calendar.DateOf(s.now()).Year
	form := map[string]string{"period_from": calendar.NewDate(y, 1, 1).String()}
	v, err := s.inspectionForm(r, "Lên kế hoạch kiểm tra", 0, form, map[string]bool{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inspection_form", v)
	return nil
}

// inspectionEdit shows the form of a planned inspection, filled in.
func (s *Server) inspectionEdit(w http.ResponseWriter, r *http.Request) error {
	x, _, err := s.inspectionFromPath(r)
	if err != nil {
		return err
	}
	form := map[string]string{"unit": strconv.FormatInt(x.UnitID, 10), "title": x.Title, "content": x.ContentCode,
		"period_from": x.PeriodFrom.String(), "period_to": x.PeriodTo.String(), "scheduled_on": x.ScheduledOn.String()}
	members := map[string]bool{}
	for _, m := range x.Members {
		if m.Leads {
			form["lead"] = strconv.FormatInt(m.StaffID, 10)
		} else {
			members[strconv.FormatInt(m.StaffID, 10)] = true
		}
	}
	v, err := s.inspectionForm(r, "Sửa kế hoạch kiểm tra", x.ID, form, members, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inspection_form", v)
	return nil
}

// inspectionSave plans an inspection, or changes the planned one of the path.
func (s *Server) inspectionSave(w http.ResponseWriter, r *http.Request) error {
	form := formValues(r, inspectionFields...)
	in := inspection.Input{Title: form["title"], ContentCode: form["content"], PeriodFrom: form["period_from"], PeriodTo: form["period_to"],
		Scheduled: form["scheduled_on"]}
	in.UnitID, _ = strconv.ParseInt(form["unit"], 10, 64)
	in.Lead, _ = strconv.ParseInt(form["lead"], 10, 64)
	members := map[string]bool{}
	for _, m := range r.PostForm["members"] {
		if id, err := strconv.ParseInt(m, 10, 64); err == nil {
			in.Members = append(in.Members, id)
			members[m] = true
		}
	}
	var x *inspection.Inspection
	var err error
	id := int64(0)
	if r.PathValue("id") != "" {
		if id, err = pathID(r); err != nil {
			return err
		}
		x, err = s.inspections.Update(r.Context(), id, in)
	} else {
		m, merr := s.plans.Current(r.Context(), s.now())
		if merr != nil {
			return merr
		}
		x, err = s.inspections.Create(r.Context(), m.ID, in)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		v, verr := s.inspectionForm(r, "Kế hoạch kiểm tra", id, form, members, fe)
		if verr != nil {
			return verr
		}
		s.render(w, r, http.StatusBadRequest, "inspection_form", v)
		return nil
	}
	if err := inspectionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/inspections/"+strconv.FormatInt(x.ID, 10), "Đã lưu kế hoạch kiểm tra")
}

// inspectionError maps the inspection store's errors to what the user sees.
func inspectionError(err error) error {
	var se *inspection.StateError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, inspection.ErrNotFound):
		return errNotFound
	case errors.Is(err, inspection.ErrNotYours), errors.Is(err, inspection.ErrForbidden):
		return &userError{http.StatusForbidden, err.Error()}
	case errors.As(err, &se):
		return &userError{http.StatusConflict, se.Msg}
	}
	return err
}
