package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/report"
	"github.com/thidua/thidua/internal/validate"
)

type submissionView struct {
	view
	D         *report.Definition
	Sub       *report.Submission
	Name      string // the unit or enterprise
	Figures   []report.Figure
	Versions  []report.Version
	Files     []report.Attachment
	Answers   map[string]string
	Errors    validate.Errors
	CanWrite  bool
	IsOffice  bool
	Late      bool
	FormQuery string // ?unit= for the office acting on a unit's report
}

func (s *Server) reportDefinition(r *http.Request) (*report.Definition, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	d, err := s.reports.Definition(r.Context(), id)
	return d, reportError(err)
}

// submitterOf is whose report a request is about: the user's own unit or
// enterprise, or, for the office, the unit in the path or the ?unit= query.
func submitterOf(r *http.Request) (report.Submitter, error) {
	u := currentUser(r)
	if u.Role == auth.RoleEnterprise {
		return report.Submitter{EnterpriseID: u.EnterpriseID}, nil
	}
	if u.Role.NeedsUnit() {
		return report.Submitter{UnitID: u.UnitID}, nil
	}
	v := r.PathValue("unit")
	if v == "" {
		v = r.URL.Query().Get("unit")
	}
	if v == "" {
		return report.Submitter{}, errNotFound
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return report.Submitter{}, errNotFound
	}
	if r.URL.Query().Get("enterprise") == "1" {
		return report.Submitter{EnterpriseID: id}, nil
	}
	return report.Submitter{UnitID: id}, nil
}

// reportPage is a submitter's report: the form with its figures while it can be
// written, what was submitted otherwise, and every version.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reportDefinition(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	if u.Role.DepartmentWide() && r.PathValue("unit") == "" && r.URL.Query().Get("unit") == "" {
		http.Redirect(w, r, "/reports/"+strconv.FormatInt(d.ID, 10)+"/register", http.StatusSeeOther)
		return nil
	}
	sub, err := submitterOf(r)
	if err != nil {
		return err
	}
	return s.renderSubmission(w, r, d, sub, http.StatusOK, nil, nil)
}

func (s *Server) renderSubmission(w http.ResponseWriter, r *http.Request, d *report.Definition, sub report.Submitter, status int, answers map[string]string, errs validate.Errors) error {
	ctx := r.Context()
	u := currentUser(r)
	scope := auth.ScopeOf(u)
	got, err := s.reports.Get(ctx, scope, d.ID, sub)
	if err != nil {
		return reportError(err)
	}
	v := &submissionView{view: s.base(r, d.Title), D: d, Sub: got, Errors: errs, IsOffice: u.Role == auth.RoleOffice,
		Late: got.Late(d.Due)}
	if sub.UnitID != 0 {
		unit, err := s.org.GetUnit(ctx, sub.UnitID)
		if err != nil {
			return err
		}
		v.Name = unit.Name
		v.FormQuery = "?unit=" + strconv.FormatInt(sub.UnitID, 10)
	} else {
		e, err := s.enterprises.Get(ctx, scope, sub.EnterpriseID)
		if err != nil {
			return err
		}
		v.Name = e.Name
		v.FormQuery = "?enterprise=1&unit=" + strconv.FormatInt(sub.EnterpriseID, 10)
	}
	v.CanWrite = d.Open() && got.State != report.Submitted && (u.Role == auth.RoleOffice || u.Role.NeedsUnit() || u.Role == auth.RoleEnterprise)
	if got.State == report.Submitted {
		v.Figures = got.Figures
	} else if v.Figures, err = s.reports.Figures(ctx, d, sub); err != nil {
		return err
	}
	v.Answers = got.Answers
	if answers != nil {
		v.Answers = answers
	}
	if v.Versions, err = s.reports.Versions(ctx, scope, d.ID, sub); err != nil {
		return reportError(err)
	}
	if v.Files, err = s.reports.Attachments(ctx, scope, d.ID, sub); err != nil {
		return reportError(err)
	}
	s.render(w, r, status, "report", v)
	return nil
}

// reportWrite saves a draft or submits, for the user's unit or enterprise (or, by the
// office, for a unit that reported on paper).
func (s *Server) reportWrite(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reportDefinition(r)
	if err != nil {
		return err
	}
	sub, err := submitterOf(r)
	if err != nil {
		return err
	}
	answers := map[string]string{}
	for _, sec := range d.Sections {
		answers[sec.Key] = r.PostFormValue(sec.Key)
	}
	scope := auth.ScopeOf(currentUser(r))
	submit := r.PostFormValue("action") == "submit"
	msg := "Đã lưu bản nháp"
	if submit {
		figs, ferr := s.reports.Figures(r.Context(), d, sub)
		if ferr != nil {
			return ferr
		}
		err, msg = s.reports.Submit(r.Context(), scope, d.ID, sub, answers, figs), "Đã nộp báo cáo"
	} else {
		err = s.reports.Save(r.Context(), scope, d.ID, sub, answers)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderSubmission(w, r, d, sub, http.StatusBadRequest, answers, fe)
	}
	if err := reportError(err); err != nil {
		return err
	}
	back := "/reports/" + strconv.FormatInt(d.ID, 10)
	if currentUser(r).Role.DepartmentWide() {
		back += "?" + r.URL.RawQuery
	}
	return redirect(w, r, back, msg)
}

type registerView struct {
	view
	D        *report.Definition
	Lines    []report.Line
	Counts   map[report.Status]int
	Statuses []report.Status
	Total    int
	Pager    pager
	IsOffice bool
}

func (s *Server) reportRegister(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reportDefinition(r)
	if err != nil {
		return err
	}
	v := &registerView{view: s.base(r, "Tình hình nộp: "+d.Title), D: d, Pager: newPager(r), Statuses: report.Statuses,
		IsOffice: currentUser(r).Role == auth.RoleOffice}
	if v.Lines, v.Counts, v.Total, err = s.reports.Register(r.Context(), d, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	v.Pager.Total = v.Total
	s.render(w, r, http.StatusOK, "report_register", v)
	return nil
}

// reportOffice runs the office's actions on a report: remind, close, reopen, and
// return one unit's submission.
func (s *Server) reportOffice(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reportDefinition(r)
	if err != nil {
		return err
	}
	back := "/reports/" + strconv.FormatInt(d.ID, 10) + "/register"
	var msg string
	switch r.PathValue("action") {
	case "remind":
		var n int
		if n, err = s.reports.Remind(r.Context(), d.ID); err == nil {
			msg = "Đã nhắc " + strconv.Itoa(n) + " đơn vị chưa nộp"
		}
	case "close":
		err, msg = s.reports.SetOpen(r.Context(), d.ID, false), "Đã khóa sổ báo cáo"
	case "reopen":
		err, msg = s.reports.SetOpen(r.Context(), d.ID, true), "Đã mở lại báo cáo"
	case "return":
		sub, serr := submitterOf(r)
		if serr != nil {
			return serr
		}
		err, msg = s.reports.Return(r.Context(), d.ID, sub, r.PostFormValue("comment")), "Đã trả lại báo cáo để đơn vị bổ sung"
	default:
		return errNotFound
	}
	if err := reportError(err); err != nil {
		return err
	}
	return redirect(w, r, back, msg)
}

// reportConsolidated downloads the department's report for a report definition: a
// draft without number, for the office to finish and send for signature, or the same
// figures as a workbook.
func (s *Server) reportConsolidated(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reportDefinition(r)
	if err != nil {
		return err
	}
	m, err := s.plans.GetByID(r.Context(), d.MovementID)
	if err != nil {
		return err
	}
	c, err := s.reports.Gather(r.Context(), m, report.GatherInput{Kind: d.Kind, Title: d.Title, From: d.PeriodFrom, To: d.PeriodTo,
		Cutoff: d.Cutoff, DefinitionID: d.ID})
	if err != nil {
		return &userError{http.StatusConflict, "Chưa lập được báo cáo: " + err.Error()}
	}
	var buf bytes.Buffer
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		if err := report.WriteXLSX(&buf, c); err != nil {
			return err
		}
		sendFile(w, "bao-cao-"+strconv.FormatInt(d.ID, 10)+".xlsx", xlsxType, buf.Bytes())
		return nil
	}
	if err := docgen.Render(&buf, report.Document(c, "")); err != nil {
		return err
	}
	sendFile(w, "bao-cao-"+strconv.FormatInt(d.ID, 10)+".docx", docxType, buf.Bytes())
	return nil
}

// reportAttach adds a file to the user's (or, for the office, a unit's) report.
func (s *Server) reportAttach(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reportDefinition(r)
	if err != nil {
		return err
	}
	sub, err := submitterOf(r)
	if err != nil {
		return err
	}
	name, data, err := formFile(w, r, "file", report.MaxAttachmentSize)
	if err != nil {
		return err
	}
	_, err = s.reports.Attach(r.Context(), auth.ScopeOf(currentUser(r)), d.ID, sub, name, data)
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderSubmission(w, r, d, sub, http.StatusBadRequest, nil, fe)
	}
	if err := reportError(err); err != nil {
		return err
	}
	back := "/reports/" + strconv.FormatInt(d.ID, 10)
	if currentUser(r).Role.DepartmentWide() {
		back += "?" + r.URL.RawQuery
	}
	return redirect(w, r, back, "Đã đính kèm tệp "+name)
}

// reportFile downloads a file of a report the user may see.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return errNotFound
	}
	a, data, err := s.reports.AttachmentContent(r.Context(), auth.ScopeOf(currentUser(r)), id)
	if err := reportError(err); err != nil {
		return err
	}
	sendFile(w, a.Name, a.ContentType, data)
	return nil
}
