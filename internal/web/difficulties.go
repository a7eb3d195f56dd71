package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/report"
	"github.com/thidua/thidua/internal/validate"
)

type difficultiesView struct {
	view
	Items    []report.Difficulty
	State    string
	Pager    pager
	CanRaise bool
	Units    []org.Unit
	Form     map[string]string
	Errors   validate.Errors
}

func (s *Server) difficultiesView(r *http.Request) (*difficultiesView, error) {
	u := currentUser(r)
	v := &difficultiesView{view: s.base(r, "Khó khăn, vướng mắc"), State: r.URL.Query().Get("state"), Pager: newPager(r),
		CanRaise: unitWork.allows(u), Form: map[string]string{}}
	if v.State != "" && report.DifficultyLabel(v.State) == "" {
		return nil, badRequest("Không có trạng thái %q", v.State)
	}
	var err error
	if v.Items, v.Pager.Total, err = s.reports.Difficulties(r.Context(), auth.ScopeOf(u), v.State, calendar.Date{}, calendar.Date{}, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return nil, err
	}
	if u.Role == auth.RoleOffice {
		if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) difficultiesList(w http.ResponseWriter, r *http.Request) error {
	v, err := s.difficultiesView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "difficulties", v)
	return nil
}

// difficultyRaise records a difficulty for the user's unit (the office picks one).
func (s *Server) difficultyRaise(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	form := formValues(r, "subject", "content", "proposal", "unit")
	unit := u.UnitID
	if u.Role == auth.RoleOffice {
		unit, _ = strconv.ParseInt(form["unit"], 10, 64)
	}
	d, err := s.reports.Raise(r.Context(), auth.ScopeOf(u), unit, form["subject"], form["content"], form["proposal"])
	var fe validate.Errors
	if errors.As(err, &fe) {
		v, verr := s.difficultiesView(r)
		if verr != nil {
			return verr
		}
		v.Form, v.Errors = form, fe
		s.render(w, r, http.StatusBadRequest, "difficulties", v)
		return nil
	}
	if err := reportError(err); err != nil {
		return err
	}
	return redirect(w, r, "/difficulties/"+strconv.FormatInt(d.ID, 10), "Đã gửi khó khăn, vướng mắc tới Văn phòng Sở")
}

type difficultyView struct {
	view
	D      *report.Difficulty
	Step   string // the step the user may take now, if any
	Errors validate.Errors
}

// nextStep is the step of a difficulty that the user may take.
func nextStep(u *auth.User, d *report.Difficulty) string {
	switch {
	case d.State == report.DifficultyRaised && u.Role == auth.RoleOffice:
		return "consolidate"
	case (d.State == report.DifficultyConsolidated || d.State == report.DifficultyRaised) && u.Role == auth.RoleLeader:
		return "direct"
	case d.State == report.DifficultyDirected && (u.Role == auth.RoleOffice || (u.Role.NeedsUnit() && u.UnitID == d.UnitID)):
		return "close"
	}
	return ""
}

func (s *Server) difficultyPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	d, err := s.reports.Difficulty(r.Context(), auth.ScopeOf(u), id)
	if err := reportError(err); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "difficulty", &difficultyView{view: s.base(r, d.Subject), D: d, Step: nextStep(u, d)})
	return nil
}

func (s *Server) difficultyStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := s.reports.Difficulty(r.Context(), auth.ScopeOf(u), id); err != nil {
		return reportError(err)
	}
	err = s.reports.Step(r.Context(), u, id, r.PathValue("step"), r.PostFormValue("text"))
	var fe validate.Errors
	if errors.As(err, &fe) {
		d, _ := s.reports.Difficulty(r.Context(), auth.ScopeOf(u), id)
		s.render(w, r, http.StatusBadRequest, "difficulty", &difficultyView{view: s.base(r, d.Subject), D: d, Step: nextStep(u, d), Errors: fe})
		return nil
	}
	if err := reportError(err); err != nil {
		return err
	}
	return redirect(w, r, "/difficulties/"+strconv.FormatInt(id, 10), "Đã cập nhật")
}
