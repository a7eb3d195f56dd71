package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/initiative"
)

type historyView struct {
	view
	Name     string
	Items    []award.Commendation
	IsOffice bool
}

// awardHistoryPage lists a person's, unit's or enterprise's commendations; a unit's
// account sees its own unit and staff, an enterprise itself.
func (s *Server) awardHistoryPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var sub award.Subject
	sub.StaffID, _ = strconv.ParseInt(q.Get("staff"), 10, 64)
	sub.UnitID, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	sub.EnterpriseID, _ = strconv.ParseInt(q.Get("enterprise"), 10, 64)
	u := currentUser(r)
	sc := auth.ScopeOf(u)
	if sub.StaffID != 0 {
		st, err := s.org.GetStaff(r.Context(), sc, sub.StaffID)
		if err != nil {
			return errNotFound
		}
		sub.UnitID = 0
		return s.renderHistory(w, r, sub, st.FullName)
	}
	switch {
	case sub.EnterpriseID != 0 && sc.SeesEnterprise(sub.EnterpriseID):
		e, err := s.enterprises.Get(r.Context(), sc, sub.EnterpriseID)
		if err != nil {
			return errNotFound
		}
		return s.renderHistory(w, r, award.Subject{EnterpriseID: sub.EnterpriseID}, e.Name)
	case sub.UnitID != 0 && sc.SeesUnit(sub.UnitID):
		un, err := s.org.GetUnit(r.Context(), sub.UnitID)
		if err != nil {
			return errNotFound
		}
		return s.renderHistory(w, r, award.Subject{UnitID: sub.UnitID}, un.Name)
	}
	return errNotFound
}

func (s *Server) renderHistory(w http.ResponseWriter, r *http.Request, sub award.Subject, name string) error {
	items, err := s.awards.History(r.Context(), sub)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "award_history", &historyView{view: s.base(r, "Quá trình khen thưởng — "+name), Name: name, Items: items, IsOffice: isOfficeUser(r)})
	return nil
}

// awardPublish sets an exemplary model's story and whether the public page shows it.
func (s *Server) awardPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := formValues(r, "story", "public", "back")
	err = s.awards.Publish(r.Context(), currentUser(r), id, f["story"], f["public"] != "")
	if err := awardError(err); err != nil {
		return err
	}
	back := f["back"]
	if back == "" || back[0] != '/' {
		back = "/exemplary"
	}
	return redirect(w, r, back, "Đã cập nhật điển hình tiên tiến")
}

type exemplaryView struct {
	view
	Items []award.Commendation
}

// exemplaryPage is the public page of exemplary models: the commendations the
// office published, with their stories. No login.
func (s *Server) exemplaryPage(w http.ResponseWriter, r *http.Request) error {
	items, err := s.awards.Exemplary(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "exemplary", &exemplaryView{view: s.base(r, "Gương điển hình tiên tiến"), Items: items})
	return nil
}

// awardCertificate sends a commendation's Giấy khen as a PDF.
func (s *Server) awardCertificate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.awards.Commendation(r.Context(), id)
	if err := awardError(err); err != nil {
		return err
	}
	if !s.seesSubject(r, c.Subject) {
		return errNotFound
	}
	m, err := s.plans.Current(r.Context(), s.now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := award.Certificate(&buf, m.Plan, *c); errors.Is(err, award.ErrNoFont) {
		return &userError{http.StatusServiceUnavailable, err.Error()}
	} else if err != nil {
		return err
	}
	sendFile(w, "giay-khen-"+strconv.FormatInt(id, 10)+".pdf", "application/pdf", buf.Bytes())
	return nil
}

// awardReport sends a nominee's report of achievements as .docx.
func (s *Server) awardReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	n, err := s.awards.Nomination(ctx, id)
	if err := awardError(err); err != nil {
		return err
	}
	if !s.seesSubject(r, n.Subject) {
		return errNotFound
	}
	m, err := s.plans.Current(ctx, s.now())
	if err != nil {
		return err
	}
	a := award.Achievement{Nomination: *n}
	if n.Subject.StaffID != 0 {
		if st, err := s.org.GetStaff(ctx, auth.Scope{All: true}, n.Subject.StaffID); err == nil {
			a.Position, a.UnitName = st.Position, st.UnitName
		}
		recognised, err := initiative.NewStore(s.db, s.now).RecognisedByAuthor(ctx, n.Year)
		if err != nil {
			return err
		}
		for _, it := range recognised[n.Subject.StaffID] {
			a.Initiatives = append(a.Initiatives, "“"+it.Title+"”, công nhận ngày "+it.DecidedOn.DMY()+numberText(it.Number))
		}
	}
	if n.Subject.UnitID != 0 || n.Subject.EnterpriseID != 0 {
		if res := s.unitResult(r, n); res != nil {
			a.Result = res
		}
	}
	if a.History, err = s.awards.History(ctx, n.Subject); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docgen.Render(&buf, award.AchievementReport(m.Plan, a, calendar.DateOf(s.now()))); err != nil {
		return err
	}
	sendFile(w, "bao-cao-thanh-tich-"+strconv.FormatInt(id, 10)+".docx", docxType, buf.Bytes())
	return nil
}

func numberText(n string) string {
	if n == "" {
		return ""
	}
	return " (Quyết định số " + n + ")"
}

// unitResult finds the nominee's rubric result of the year, if it was assessed.
func (s *Server) unitResult(r *http.Request, n *award.Nomination) *award.Result {
	mid, err := s.movementID(r)
	if err != nil {
		return nil
	}
	a := award.Units
	if n.Subject.EnterpriseID != 0 {
		a = award.Enterprises
	}
	rb, err := s.awards.CurrentRubric(r.Context(), mid, n.Year, a)
	if err != nil {
		return nil
	}
	ranked, err := s.awards.Ranking(r.Context(), rb.ID)
	if err != nil {
		return nil
	}
	for _, res := range ranked {
		if res.Assessment.Subject == n.Subject {
			full, err := s.awards.Result(r.Context(), currentUser(r), res.Assessment.ID)
			if err == nil {
				return full
			}
		}
	}
	return nil
}

// seesSubject reports whether the signed-in account may read about sub: department
// roles everyone, a unit its own unit and staff, an enterprise itself.
func (s *Server) seesSubject(r *http.Request, sub award.Subject) bool {
	sc := auth.ScopeOf(currentUser(r))
	switch {
	case sc.All:
		return true
	case sub.StaffID != 0:
		_, err := s.org.GetStaff(r.Context(), sc, sub.StaffID)
		return err == nil
	case sub.EnterpriseID != 0:
		return sc.SeesEnterprise(sub.EnterpriseID)
	}
	return sc.SeesUnit(sub.UnitID)
}
