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

type reportsView struct {
	view
	IsOffice bool
	Upcoming []reportDue
	All      []report.Definition
	Pager    pager
	Owed     []report.Owed
}

// reportDue is a report due soon with how many of its submitters are done.
type reportDue struct {
	report.Definition
	Done, Total, Missing, Returned int
}

// reportsList is the office's list of reports, with those due in the next 60 days
// and their progress; a unit or an enterprise sees what it owes.
func (s *Server) reportsList(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movement(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	v := &reportsView{view: s.base(r, "Báo cáo"), IsOffice: u.Role.DepartmentWide(), Pager: newPager(r)}
	ctx := r.Context()
	if !v.IsOffice {
		if v.Owed, err = s.reports.OwedBy(ctx, auth.ScopeOf(u), m.ID); err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "reports", v)
		return nil
	}
	today := calendar.DateOf(s.now())
	soon, _, err := s.reports.Definitions(ctx, m.ID, today.AddDays(-30), today.AddDays(60), 50, 0)
	if err != nil {
		return err
	}
	for _, d := range soon {
		_, counts, total, err := s.reports.Register(ctx, &d, 1, 0)
		if err != nil {
			return err
		}
		v.Upcoming = append(v.Upcoming, reportDue{Definition: d, Done: counts[report.OnTime] + counts[report.Late], Total: total,
			Missing: counts[report.Missing], Returned: counts[report.SentBack]})
	}
	if v.All, v.Pager.Total, err = s.reports.Definitions(ctx, m.ID, calendar.Date{}, calendar.Date{}, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "reports", v)
	return nil
}

type reportFormView struct {
	view
	ID       int64
	Form     map[string]string
	Units    []org.Unit
	Chosen   map[int64]bool
	Errors   validate.Errors
	Kinds    []report.Kind
	Audience []report.Audience
}

var reportFields = []string{"kind", "title", "period_from", "period_to", "cutoff", "due", "audience", "remind_before", "sections"}

func (s *Server) reportFormView(r *http.Request, id int64, form map[string]string, chosen map[int64]bool, errs validate.Errors) (*reportFormView, error) {
	units, err := s.org.UnitOptions(r.Context())
	if err != nil {
		return nil, err
	}
	return &reportFormView{view: s.base(r, "Yêu cầu báo cáo"), ID: id, Form: form, Units: units, Chosen: chosen, Errors: errs,
		Kinds: report.Kinds, Audience: []report.Audience{report.AllUnits, report.SomeUnits, report.Enterprises}}, nil
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error {
	today := calendar.DateOf(s.now())
	form := map[string]string{"kind": "ad_hoc", "audience": "all_units", "remind_before": "7, 2", "remind_after": "1",
		"period_from": calendar.NewDate(today.Year, 1, 1).String(), "period_to": today.String(), "cutoff": today.String(),
		"due": today.AddDays(14).String(), "sections": report.SectionsText(report.DefaultSections)}
	if id, err := pathID(r); err == nil {
		d, err := s.reports.Definition(r.Context(), id)
		if errors.Is(err, report.ErrNotFound) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		form = map[string]string{"kind": string(d.Kind), "title": d.Title, "period_from": d.PeriodFrom.String(), "period_to": d.PeriodTo.String(),
			"cutoff": d.Cutoff.String(), "due": d.Due.String(), "audience": string(d.Audience), "remind_before": joinInts(d.RemindBefore),
			"sections": report.SectionsText(d.Sections)}
		if d.RemindAfter {
			form["remind_after"] = "1"
		}
		chosen := map[int64]bool{}
		for _, u := range d.Units {
			chosen[u] = true
		}
		v, err := s.reportFormView(r, id, form, chosen, nil)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "report_form", v)
		return nil
	}
	v, err := s.reportFormView(r, 0, form, map[int64]bool{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "report_form", v)
	return nil
}

func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movement(r)
	if err != nil {
		return err
	}
	form := formValues(r, reportFields...)
	form["remind_after"] = r.PostFormValue("remind_after")
	in := report.DefinitionInput{Kind: form["kind"], Title: form["title"], PeriodFrom: form["period_from"], PeriodTo: form["period_to"],
		Cutoff: form["cutoff"], Due: form["due"], Audience: form["audience"], RemindBefore: form["remind_before"],
		RemindAfter: form["remind_after"] == "1", Sections: form["sections"]}
	chosen := map[int64]bool{}
	for _, v := range r.PostForm["units"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return badRequest("Danh sách đơn vị không hợp lệ")
		}
		in.Units, chosen[id] = append(in.Units, id), true
	}
	var id int64
	if r.PathValue("id") != "" {
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	var d *report.Definition
	if id == 0 {
		d, err = s.reports.Create(r.Context(), m.ID, in)
	} else {
		d, err = s.reports.Update(r.Context(), id, in)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		v, verr := s.reportFormView(r, id, form, chosen, fe)
		if verr != nil {
			return verr
		}
		s.render(w, r, http.StatusBadRequest, "report_form", v)
		return nil
	}
	if err := reportError(err); err != nil {
		return err
	}
	return redirect(w, r, "/reports/"+strconv.FormatInt(d.ID, 10)+"/register", "Đã lưu yêu cầu báo cáo")
}

// reportError maps the report store's errors to what the user sees.
func reportError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, report.ErrNotFound):
		return errNotFound
	case errors.Is(err, report.ErrNotYours), errors.Is(err, report.ErrNotOwed):
		return &userError{http.StatusForbidden, err.Error()}
	case errors.Is(err, report.ErrClosed), errors.Is(err, report.ErrState), errors.Is(err, report.ErrDifficultyState):
		return &userError{http.StatusConflict, err.Error()}
	case errors.Is(err, report.ErrNeedReason):
		return badRequest("%s", err.Error())
	}
	return err
}

func joinInts(ns []int) string {
	out := ""
	for i, n := range ns {
		if i > 0 {
			out += ", "
		}
		out += strconv.Itoa(n)
	}
	return out
}
