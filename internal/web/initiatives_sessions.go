package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/validate"
)

// councilRoles are who see the council's sessions: the office that runs them, the
// leader, and the council's members.
func councilRoles(u *auth.User) bool {
	return u.Role == auth.RoleOffice || u.Role == auth.RoleLeader || u.Role == auth.RoleCouncil
}

type initiativeSessionsView struct {
	view
	Items    []initiative.Session
	Pager    pager
	IsOffice bool
	Form     map[string]string
	Errors   validate.Errors
}

func (s *Server) initiativeSessions(w http.ResponseWriter, r *http.Request) error {
	return s.renderSessions(w, r, http.StatusOK, map[string]string{}, nil)
}

func (s *Server) renderSessions(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs validate.Errors) error {
	u := currentUser(r)
	if !councilRoles(u) {
		return errForbidden
	}
	v := &initiativeSessionsView{view: s.base(r, "Hội đồng sáng kiến"), Pager: newPager(r), IsOffice: u.Role == auth.RoleOffice, Form: form, Errors: errs}
	var err error
	if v.Items, v.Pager.Total, err = s.initiatives.Sessions(r.Context(), false, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, status, "initiative_sessions", v)
	return nil
}

// initiativeSessionCreate schedules a council session.
func (s *Server) initiativeSessionCreate(w http.ResponseWriter, r *http.Request) error {
	form := formValues(r, "name", "held_on", "place")
	ses, err := s.initiatives.CreateSession(r.Context(), currentUser(r), initiative.SessionInput{Name: form["name"], HeldOn: form["held_on"], Place: form["place"]})
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderSessions(w, r, http.StatusBadRequest, form, fe)
	}
	if err := initiativeError(err); err != nil {
		return err
	}
	return redirect(w, r, "/initiative-sessions/"+strconv.FormatInt(ses.ID, 10), "Đã lên lịch phiên họp Hội đồng sáng kiến")
}

type initiativeSessionView struct {
	view
	Session    *initiative.Session
	Items      []initiative.SessionItem
	Members    []initiative.Member
	Candidates []initiative.Member
	Staff      []org.Staff
	Scored     map[int64]map[int64]bool
	Blocker    string
	Leads      bool
	IsOffice   bool
	Me         int64
	Form       map[string]string
	Errors     validate.Errors
	Refusal    string
}

func (s *Server) initiativeSessionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSession(w, r, http.StatusOK, nil, "")
}

// renderSession shows a session: its members (the office adds and removes them),
// its initiatives with the council's scoring, and the decision once it can be made.
// Members see which initiatives they have scored, not the others' figures.
func (s *Server) renderSession(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors, refusal string) error {
	u, ctx := currentUser(r), r.Context()
	if !councilRoles(u) {
		return errForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ses, err := s.initiatives.Session(ctx, id)
	if err := initiativeError(err); err != nil {
		return err
	}
	v := &initiativeSessionView{view: s.base(r, ses.Name), Session: ses, Leads: u.Role != auth.RoleCouncil, IsOffice: u.Role == auth.RoleOffice,
		Me: u.ID, Errors: errs, Refusal: refusal, Form: formValues(r, "user", "staff")}
	if v.Members, err = s.initiatives.Members(ctx, id); err != nil {
		return err
	}
	if v.Items, err = s.initiatives.SessionInitiatives(ctx, id); err != nil {
		return err
	}
	ids := make([]int64, len(v.Items))
	for i, it := range v.Items {
		ids[i] = it.ID
	}
	if v.Scored, err = s.initiatives.Scored(ctx, ids...); err != nil {
		return err
	}
	v.Blocker = initiative.DecisionBlocker(v.Items)
	if v.IsOffice && ses.DecisionNumber == "" {
		if v.Candidates, err = s.initiatives.Candidates(ctx); err != nil {
			return err
		}
		active := true
		page, err := s.org.ListStaff(ctx, auth.Scope{All: true}, org.StaffFilter{Active: &active, Limit: org.MaxLimit})
		if err != nil {
			return err
		}
		v.Staff = page.Items
	}
	s.render(w, r, status, "initiative_session", v)
	return nil
}

// initiativeSessionMember adds a member, or removes one (the {user} of the path).
func (s *Server) initiativeSessionMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	msg := "Đã thêm thành viên Hội đồng"
	if who := r.PathValue("user"); who != "" {
		uid, perr := strconv.ParseInt(who, 10, 64)
		if perr != nil {
			return errNotFound
		}
		err, msg = s.initiatives.RemoveMember(r.Context(), u, id, uid), "Đã bỏ thành viên khỏi Hội đồng"
	} else {
		err = s.initiatives.AddMember(r.Context(), u, id, r.PostFormValue("user"), r.PostFormValue("staff"))
	}
	var fe validate.Errors
	var re *initiative.RefusedError
	switch {
	case errors.As(err, &fe):
		return s.renderSession(w, r, http.StatusBadRequest, fe, "")
	case errors.As(err, &re):
		return s.renderSession(w, r, http.StatusConflict, nil, re.Msg)
	}
	if err := initiativeError(err); err != nil {
		return err
	}
	return redirect(w, r, "/initiative-sessions/"+strconv.FormatInt(id, 10), msg)
}

// initiativeDecision downloads the QUYẾT ĐỊNH recognising the session's
// initiatives. The first download takes a number from the document register and
// dates the decision; later ones reuse both.
func (s *Server) initiativeDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	ses, err := s.initiatives.Session(ctx, id)
	if err := initiativeError(err); err != nil {
		return err
	}
	items, err := s.initiatives.SessionInitiatives(ctx, id)
	if err != nil {
		return err
	}
	if why := initiative.DecisionBlocker(items); why != "" && ses.DecisionNumber == "" {
		return &userError{http.StatusConflict, why}
	}
	m, err := s.plans.Current(ctx, s.now())
	if err != nil {
		return err
	}
	if ses.DecisionNumber == "" {
		today := calendar.DateOf(s.now())
		take := docgen.NewRegister(s.db, m.Plan.Issuer.Abbreviation, s.now).Taking(string(docgen.Decision), today, initiative.DecisionSummary(ses))
		if ses.DecisionNumber, ses.DecisionOn, err = s.initiatives.SetDecisionNumber(ctx, id, take, today); err != nil {
			return err
		}
	}
	bases, err := s.initiatives.LegalBases(ctx, ses.DecisionOn)
	if err != nil {
		return err
	}
	doc, err := initiative.Decision(m.Plan, ses, items, bases)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docgen.Render(&buf, doc); err != nil {
		return err
	}
	sendFile(w, "quyet-dinh-cong-nhan-sang-kien-"+strconv.FormatInt(id, 10)+".docx", docxType, buf.Bytes())
	return nil
}
