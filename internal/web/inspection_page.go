package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/validate"
)

// findingLine is a finding as the inspection's page shows it.
type findingLine struct {
	inspection.Finding
	Due     string // how the due date was counted
	Overdue bool
}

type inspectionView struct {
	view
	X        *inspection.Inspection
	Findings []findingLine
	IsOffice bool
	CanPrint bool // may download the conclusion notice
	Form     map[string]string
	Errors   validate.Errors
	Today    string // for date fields
}

func (s *Server) inspectionFromPath(r *http.Request) (*inspection.Inspection, []inspection.Finding, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	x, fs, err := s.inspections.Get(r.Context(), auth.ScopeOf(currentUser(r)), id)
	return x, fs, inspectionError(err)
}

// renderInspection shows an inspection with its findings and the forms of the
// steps the user may take; form and errs bring back what was typed in a refused one.
func (s *Server) renderInspection(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs validate.Errors) error {
	x, fs, err := s.inspectionFromPath(r)
	if err != nil {
		return err
	}
	cal, err := s.calendars.Calendar(r.Context())
	if err != nil {
		return err
	}
	u := currentUser(r)
	today := calendar.DateOf(s.now())
	v := &inspectionView{view: s.base(r, x.Title), X: x, IsOffice: u.Role == auth.RoleOffice, Form: form, Errors: errs, Today: today.String(),
		CanPrint: x.State == inspection.Concluded && (x.NoticeNumber != "" || office2.allows(u))}
	if v.Form == nil {
		v.Form = map[string]string{}
	}
	if v.Form["concluded_on"] == "" {
		v.Form["concluded_on"] = today.String()
	}
	for _, f := range fs {
		v.Findings = append(v.Findings, findingLine{Finding: f, Due: f.DueText(cal), Overdue: f.Overdue(today)})
	}
	s.render(w, r, status, "inspection", v)
	return nil
}

func (s *Server) inspectionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInspection(w, r, http.StatusOK, nil, nil)
}

// afterInspectionStep redirects to the inspection after a step, or shows its page
// again with the form as typed when the step was refused for its input.
func (s *Server) afterInspectionStep(w http.ResponseWriter, r *http.Request, err error, form map[string]string, msg string) error {
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderInspection(w, r, http.StatusBadRequest, form, fe)
	}
	if err := inspectionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/inspections/"+r.PathValue("id"), msg)
}

// inspectionStep starts or concludes an inspection.
func (s *Server) inspectionStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	switch r.PathValue("step") {
	case "start":
		form := formValues(r, "started_on")
		err = s.inspections.Start(r.Context(), u, id, form["started_on"])
		return s.afterInspectionStep(w, r, err, form, "Đã ghi nhận bắt đầu kiểm tra")
	case "conclude":
		form := formValues(r, "concluded_on", "conclusion")
		err = s.inspections.Conclude(r.Context(), u, id, inspection.ConcludeInput{On: form["concluded_on"], Conclusion: form["conclusion"]})
		return s.afterInspectionStep(w, r, err, form, "Đã kết luận kiểm tra; các biện pháp khắc phục đã được giao cho đơn vị")
	}
	return errNotFound
}

// inspectionFindingAdd records a finding with its corrective action.
func (s *Server) inspectionFindingAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := formValues(r, "finding", "action", "due_days", "due_on")
	_, err = s.inspections.AddFinding(r.Context(), currentUser(r), id, inspection.FindingInput{Finding: form["finding"], Action: form["action"],
		DueDays: form["due_days"], DueOn: form["due_on"]})
	return s.afterInspectionStep(w, r, err, form, "Đã ghi nhận tồn tại, hạn chế")
}

func (s *Server) inspectionFindingDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("finding"), 10, 64)
	if err != nil {
		return errNotFound
	}
	err = s.inspections.DeleteFinding(r.Context(), currentUser(r), id, fid)
	return s.afterInspectionStep(w, r, err, nil, "Đã xóa tồn tại, hạn chế")
}

// inspectionNotice downloads the THÔNG BÁO kết luận kiểm tra. The first download, by
// the office or the leadership, takes a number from the document register and dates
// the notice; later ones, by them or the unit, reuse both.
func (s *Server) inspectionNotice(w http.ResponseWriter, r *http.Request) error {
	x, fs, err := s.inspectionFromPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if x.State != inspection.Concluded {
		return &userError{http.StatusConflict, "Cuộc kiểm tra chưa kết luận nên chưa có thông báo kết luận"}
	}
	if x.NoticeNumber == "" && !office2.allows(currentUser(r)) {
		return &userError{http.StatusConflict, "Văn phòng Sở chưa lập thông báo kết luận kiểm tra"}
	}
	m, err := s.plans.GetByID(ctx, x.MovementID)
	if err != nil {
		return err
	}
	if x.NoticeNumber == "" {
		today := calendar.DateOf(s.now())
		take := docgen.NewRegister(s.db, m.Plan.Issuer.Abbreviation, s.now).Taking(string(docgen.Notice), today, inspection.NoticeSummary(x))
		if x.NoticeNumber, x.NoticeOn, err = s.inspections.SetNoticeNumber(ctx, x.ID, take, today); err != nil {
			return err
		}
	}
	doc, err := inspection.Notice(m.Plan, x, fs)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docgen.Render(&buf, doc); err != nil {
		return err
	}
	sendFile(w, "thong-bao-ket-luan-kiem-tra-"+strconv.FormatInt(x.ID, 10)+".docx", docxType, buf.Bytes())
	return nil
}
