package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/validate"
)

type initiativeView struct {
	view
	It       *initiative.Initiative
	Files    []initiative.Attachment
	History  []initiative.Event
	Session  *initiative.Session
	Summary  *initiative.Summary
	Criteria []initiative.Criterion
	// Can holds the steps the user may take now: edit, file, submit, return, review,
	// recognise, reject, apply.
	Can        map[string]bool
	CanScore   bool
	Conflict   string // why the member may not score
	Scored     bool   // the member has scored
	Members    []initiative.Member
	ScoredBy   map[int64]bool
	Sessions   []initiative.Session
	Units      []org.Unit
	UnitsTaken map[string]bool
	Form       map[string]string
	Errors     validate.Errors
	Refusal    string
	Today      calendar.Date
	IsOffice   bool
	Measured   string // the economic benefit measured, in đồng as people read it
}

func (s *Server) initiativePage(w http.ResponseWriter, r *http.Request) error {
	it, err := s.initiativeFromPath(r)
	if err != nil {
		return err
	}
	return s.renderInitiative(w, r, it, http.StatusOK, nil, nil, "")
}

// renderInitiative shows an initiative with what the user may do; form keeps what
// was typed in an action form that was refused.
func (s *Server) renderInitiative(w http.ResponseWriter, r *http.Request, it *initiative.Initiative, status int, form map[string]string, errs validate.Errors, refusal string) error {
	ctx := r.Context()
	u := currentUser(r)
	v := &initiativeView{view: s.base(r, it.Title), It: it, Can: map[string]bool{}, Form: form, Errors: errs, Refusal: refusal,
		Today: calendar.DateOf(s.now()), IsOffice: u.Role == auth.RoleOffice, UnitsTaken: map[string]bool{}}
	if v.Form == nil {
		v.Form = map[string]string{}
	}
	if it.MeasuredDong != nil && *it.MeasuredDong != 0 {
		v.Measured = formatNumber(*it.MeasuredDong)
	}
	for _, a := range []string{"submit", "return", "review", "recognise", "reject", "apply"} {
		v.Can[a] = initiative.Allowed(u, it, a)
	}
	v.Can["edit"] = initiative.Owns(u, it) && it.State.Editable()
	var err error
	if v.Files, err = s.initiatives.Files(ctx, u, it.ID); err != nil {
		return err
	}
	if v.History, err = s.initiatives.History(ctx, u, it.ID); err != nil {
		return err
	}
	if v.Can["review"] {
		if v.Sessions, _, err = s.initiatives.Sessions(ctx, true, 100, 0); err != nil {
			return err
		}
	}
	if v.Can["apply"] {
		if v.Units, err = s.org.UnitOptions(ctx); err != nil {
			return err
		}
		for _, id := range r.PostForm["units"] {
			v.UnitsTaken[id] = true
		}
	}
	if it.SessionID != 0 {
		if err := s.initiativeCouncil(r, v); err != nil {
			return err
		}
	}
	s.render(w, r, status, "initiative", v)
	return nil
}

// initiativeCouncil fills the council part of the page: the session, the member's
// own score form, and the means and medians for those who may see them (the office
// and the leader; a member once they have scored; everyone once decided).
func (s *Server) initiativeCouncil(r *http.Request, v *initiativeView) error {
	ctx, u, it := r.Context(), currentUser(r), v.It
	var err error
	if v.Session, err = s.initiatives.Session(ctx, it.SessionID); err != nil {
		return err
	}
	if v.CanScore, v.Conflict, err = s.initiatives.CanScore(ctx, u, it); err != nil {
		return err
	}
	mine, err := s.initiatives.MyScores(ctx, u, it.ID)
	if err != nil {
		return err
	}
	v.Scored = len(mine) > 0
	if v.CanScore {
		if v.Criteria, err = s.initiatives.Criteria(ctx, v.Session.HeldOn); err != nil {
			return err
		}
		for code, p := range mine {
			if _, typed := v.Form["score_"+code]; !typed {
				v.Form["score_"+code] = strconv.Itoa(p)
			}
		}
	}
	leads := u.Role == auth.RoleOffice || u.Role == auth.RoleLeader
	decided := it.State != initiative.UnderReview
	if leads || decided || v.Scored {
		if v.Summary, err = s.initiatives.Summary(ctx, u, it.ID); err != nil {
			return err
		}
	}
	if leads {
		if v.Members, err = s.initiatives.Members(ctx, it.SessionID); err != nil {
			return err
		}
		scored, err := s.initiatives.Scored(ctx, it.ID)
		if err != nil {
			return err
		}
		v.ScoredBy = scored[it.ID]
	}
	return nil
}

// initiativeAct takes one step of the workflow, or records the member's scores.
func (s *Server) initiativeAct(w http.ResponseWriter, r *http.Request) error {
	it, err := s.initiativeFromPath(r)
	if err != nil {
		return err
	}
	u, ctx := currentUser(r), r.Context()
	action := r.PathValue("action")
	var evidence initiative.Upload
	if action == "apply" {
		if evidence, err = readUpload(w, r, "evidence"); err != nil {
			return err
		}
	} else if err := r.ParseForm(); err != nil {
		return badRequest("Không đọc được biểu mẫu gửi lên")
	}
	form := formValues(r, "reason", "session", "votes_for", "votes_against", "level", "applied_from", "effective_on", "measured_dong",
		"measured_social", "evidence_note", "others")
	var msg string
	switch action {
	case "submit":
		err, msg = s.initiatives.Submit(ctx, u, it.ID), "Đã nộp đề nghị công nhận sáng kiến"
	case "return":
		err, msg = s.initiatives.Return(ctx, u, it.ID, form["reason"]), "Đã trả lại để đơn vị hoàn thiện"
	case "review":
		err, msg = s.initiatives.StartReview(ctx, u, it.ID, form["session"]), "Đã đưa sáng kiến ra Hội đồng xét"
	case "recognise", "reject":
		in := initiative.DecisionInput{VotesFor: form["votes_for"], VotesAgainst: form["votes_against"], Level: form["level"]}
		err, msg = s.initiatives.Decide(ctx, u, it.ID, action == "recognise", in), "Đã ghi nhận quyết định của Hội đồng"
	case "apply":
		in := initiative.ApplyInput{UnitIDs: r.PostForm["units"], Others: form["others"], AppliedFrom: form["applied_from"], EffectiveOn: form["effective_on"],
			MeasuredDong: form["measured_dong"], MeasuredSocial: form["measured_social"], EvidenceNote: form["evidence_note"], Evidence: evidence}
		err, msg = s.initiatives.RecordApplied(ctx, u, it.ID, in), "Đã ghi nhận sáng kiến áp dụng hiệu quả"
	case "score":
		points := map[string]string{}
		for k, vs := range r.PostForm {
			if code, ok := strings.CutPrefix(k, "score_"); ok && code != "" && len(vs) > 0 {
				points[code], form[k] = vs[0], vs[0]
			}
		}
		err, msg = s.initiatives.Score(ctx, u, it.ID, points), "Đã lưu phiếu chấm điểm"
	default:
		return errNotFound
	}
	return s.afterInitiativeStep(w, r, it, err, form, msg)
}

// afterInitiativeStep shows a refused step on the initiative's page with what was
// typed, or goes back to the page with the message of success.
func (s *Server) afterInitiativeStep(w http.ResponseWriter, r *http.Request, it *initiative.Initiative, err error, form map[string]string, msg string) error {
	var fe validate.Errors
	var re *initiative.RefusedError
	switch {
	case errors.As(err, &fe):
		return s.renderInitiative(w, r, it, http.StatusBadRequest, form, fe, "")
	case errors.As(err, &re):
		return s.renderInitiative(w, r, it, http.StatusConflict, form, nil, re.Msg)
	}
	if err := initiativeError(err); err != nil {
		return err
	}
	return redirect(w, r, "/initiatives/"+strconv.FormatInt(it.ID, 10), msg)
}

// readUpload reads a multipart form with one file in field; a file much larger
// than the limit is refused here, before it is read whole.
func readUpload(w http.ResponseWriter, r *http.Request, field string) (initiative.Upload, error) {
	name, data, err := formFile(w, r, field, initiative.MaxFileSize)
	return initiative.Upload{Name: name, Data: data}, err
}

// initiativeFileAdd attaches one of the initiative's papers.
func (s *Server) initiativeFileAdd(w http.ResponseWriter, r *http.Request) error {
	it, err := s.initiativeFromPath(r)
	if err != nil {
		return err
	}
	up, err := readUpload(w, r, "file")
	if err != nil {
		return err
	}
	_, err = s.initiatives.AddFile(r.Context(), currentUser(r), it.ID, up)
	return s.afterInitiativeStep(w, r, it, err, nil, "Đã đính kèm tệp “"+up.Name+"”")
}

// initiativeFile downloads a file of an initiative the user may see.
func (s *Server) initiativeFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fileID, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return errNotFound
	}
	a, data, err := s.initiatives.File(r.Context(), currentUser(r), id, fileID)
	if err := initiativeError(err); err != nil {
		return err
	}
	sendFile(w, a.Name, a.ContentType, data)
	return nil
}
