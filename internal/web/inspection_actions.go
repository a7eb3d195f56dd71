package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/validate"
)

type inspectionActionsView struct {
	view
	Items   []findingLine
	Filter  inspection.ActionFilter
	Units   []org.Unit
	Pager   pager
	Unit    bool // the user's own unit's list
	Overdue int
}

// inspectionActions lists the corrective actions of concluded inspections: the
// office's and the leadership's follow-up (?overdue=1 for those past their due
// date), a unit's own work list.
func (s *Server) inspectionActions(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	q := r.URL.Query()
	v := &inspectionActionsView{view: s.base(r, "Biện pháp khắc phục sau kiểm tra"), Pager: newPager(r), Unit: u.Role.NeedsUnit(),
		Filter: inspection.ActionFilter{State: inspection.ActionState(q.Get("state")), Overdue: q.Get("overdue") == "1"}}
	if st := v.Filter.State; st != "" && (st.Label() == "" || st == inspection.Pending) {
		return badRequest("Không có trạng thái %q", st)
	}
	scope := auth.ScopeOf(u)
	ctx := r.Context()
	if scope.All {
		v.Filter.UnitID, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
		var err error
		if v.Units, err = s.org.UnitOptions(ctx); err != nil {
			return err
		}
	}
	list, total, err := s.inspections.Actions(ctx, scope, v.Filter, v.Pager.PerPage, v.Pager.Offset())
	if err != nil {
		return err
	}
	v.Pager.Total = total
	if _, v.Overdue, err = s.inspections.Actions(ctx, scope, inspection.ActionFilter{Overdue: true, UnitID: v.Filter.UnitID}, 1, 0); err != nil {
		return err
	}
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		return err
	}
	today := calendar.DateOf(s.now())
	for _, f := range list {
		v.Items = append(v.Items, findingLine{Finding: f, Due: f.DueText(cal), Overdue: f.Overdue(today)})
	}
	s.render(w, r, http.StatusOK, "inspection_actions", v)
	return nil
}

type inspectionActionView struct {
	view
	F      findingLine
	Events []inspection.Event
	Step   string // the step the user may take now, if any
	Text   string
	Errors validate.Errors
}

func (s *Server) renderInspectionAction(w http.ResponseWriter, r *http.Request, status int, text string, errs validate.Errors) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	f, evs, err := s.inspections.Finding(r.Context(), auth.ScopeOf(u), id)
	if err := inspectionError(err); err != nil {
		return err
	}
	if f.State == inspection.Pending {
		return errNotFound // a finding becomes an action at the conclusion
	}
	cal, err := s.calendars.Calendar(r.Context())
	if err != nil {
		return err
	}
	v := &inspectionActionView{view: s.base(r, "Biện pháp khắc phục số "+strconv.Itoa(f.Seq)), Events: evs, Step: inspection.NextStep(u, f),
		Text: text, Errors: errs, F: findingLine{Finding: *f, Due: f.DueText(cal), Overdue: f.Overdue(calendar.DateOf(s.now()))}}
	s.render(w, r, status, "inspection_action", v)
	return nil
}

func (s *Server) inspectionActionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInspectionAction(w, r, http.StatusOK, "", nil)
}

// inspectionActionStep takes one step of an action's follow-up: the unit reports,
// the office closes or returns; the store checks the role, the unit and the state.
func (s *Server) inspectionActionStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("text")
	step := r.PathValue("step")
	err = s.inspections.Act(r.Context(), currentUser(r), id, step, text)
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderInspectionAction(w, r, http.StatusBadRequest, text, fe)
	}
	if err := inspectionError(err); err != nil {
		return err
	}
	msg := map[string]string{inspection.StepReport: "Đã gửi báo cáo kết quả khắc phục tới Văn phòng Sở",
		inspection.StepClose: "Đã đóng biện pháp khắc phục", inspection.StepReturn: "Đã trả lại báo cáo cho đơn vị"}[step]
	return redirect(w, r, "/inspection-actions/"+strconv.FormatInt(id, 10), msg)
}
