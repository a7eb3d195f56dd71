package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/validate"
)

type dialoguesView struct {
	view
	Items      []dialogue.Dialogue
	Filter     dialogue.Filter
	YearText   string
	Pager      pager
	IsOffice   bool
	Enterprise bool
	Registered map[int64]bool
}

// dialoguesList lists dialogues with filters; an enterprise sees those it may
// register for and those it registered for.
func (s *Server) dialoguesList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := &dialoguesView{view: s.base(r, "Đối thoại doanh nghiệp"), Pager: newPager(r), IsOffice: u.Role == auth.RoleOffice}
	if u.Role == auth.RoleEnterprise {
		v.Enterprise = true
		var err error
		if v.Items, v.Registered, err = s.dialogues.ForEnterprise(r.Context(), auth.ScopeOf(u), 100); err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "dialogues", v)
		return nil
	}
	q := r.URL.Query()
	v.Filter = dialogue.Filter{State: dialogue.State(q.Get("state")), Query: q.Get("q")}
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
	var err error
	if v.Items, v.Pager.Total, err = s.dialogues.List(r.Context(), v.Filter, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dialogues", v)
	return nil
}

type dialogueFormView struct {
	view
	ID      int64
	Form    map[string]string
	Sectors map[string]bool
	Errors  validate.Errors
	Choices []enterprise.Sector
}

var dialogueFields = []string{"title", "held_on", "starts_at", "place", "chair", "topics", "role", "organiser", "registration_until"}

func (s *Server) dialogueForm(w http.ResponseWriter, r *http.Request) error {
	v := &dialogueFormView{view: s.base(r, "Lên lịch đối thoại doanh nghiệp"), Form: map[string]string{"role": "host"}, Sectors: map[string]bool{},
		Choices: enterprise.Sectors}
	if m, err := s.plans.Current(r.Context(), s.now()); err == nil && m.Plan.Signer.Name != "" {
		v.Form["chair"] = "Ông/Bà " + m.Plan.Signer.Name + ", " + capitalFirst(strings.ToLower(m.Plan.Signer.Position)) + " Sở"
	}
	s.render(w, r, http.StatusOK, "dialogue_form", v)
	return nil
}

// dialogueEdit shows the form of a planned dialogue, filled in.
func (s *Server) dialogueEdit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dialogueFromPath(r)
	if err != nil {
		return err
	}
	v := &dialogueFormView{view: s.base(r, "Sửa cuộc đối thoại"), ID: d.ID, Sectors: map[string]bool{}, Choices: enterprise.Sectors,
		Form: map[string]string{"title": d.Title, "held_on": d.HeldOn.String(), "starts_at": d.StartsAt, "place": d.Place, "chair": d.Chair,
			"topics": d.Topics, "role": string(d.Role), "organiser": d.Organiser}}
	if !d.RegistrationUntil.IsZero() {
		v.Form["registration_until"] = d.RegistrationUntil.String()
	}
	for _, sec := range d.Sectors {
		v.Sectors[string(sec)] = true
	}
	s.render(w, r, http.StatusOK, "dialogue_form", v)
	return nil
}

// dialogueSave creates a dialogue, or changes the planned one of the path.
func (s *Server) dialogueSave(w http.ResponseWriter, r *http.Request) error {
	form := formValues(r, dialogueFields...)
	in := dialogue.Input{Title: form["title"], HeldOn: form["held_on"], StartsAt: form["starts_at"], Place: form["place"], Chair: form["chair"],
		Topics: form["topics"], Role: form["role"], Organiser: form["organiser"], RegistrationUntil: form["registration_until"], Sectors: r.PostForm["sectors"]}
	var id int64
	var err error
	if r.PathValue("id") != "" {
		if id, err = strconv.ParseInt(r.PathValue("id"), 10, 64); err != nil {
			return errNotFound
		}
	}
	var d *dialogue.Dialogue
	if id == 0 {
		d, err = s.dialogues.Create(r.Context(), in)
	} else {
		d, err = s.dialogues.Update(r.Context(), id, in)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		v := &dialogueFormView{view: s.base(r, "Đối thoại doanh nghiệp"), ID: id, Form: form, Errors: fe, Sectors: map[string]bool{}, Choices: enterprise.Sectors}
		for _, sec := range in.Sectors {
			v.Sectors[sec] = true
		}
		s.render(w, r, http.StatusBadRequest, "dialogue_form", v)
		return nil
	}
	switch {
	case errors.Is(err, dialogue.ErrNotFound):
		return errNotFound
	case errors.Is(err, dialogue.ErrNotPlanned):
		return &userError{http.StatusConflict, err.Error()}
	case err != nil:
		return err
	}
	return redirect(w, r, "/dialogues/"+strconv.FormatInt(d.ID, 10), "Đã lưu cuộc đối thoại")
}

type dialogueView struct {
	view
	D            *dialogue.Dialogue
	Participants []dialogue.Participant
	Pager        pager
	IsOffice     bool
	IsEnterprise bool
	Mine         *dialogue.Participant
	CanRegister  bool
	CanRecord    bool
	Today        calendar.Date
	Errors       validate.Errors
	Questions    []petition.Summary
	Units        []unitChoice
}

func (s *Server) dialogueFromPath(r *http.Request) (*dialogue.Dialogue, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errNotFound
	}
	d, err := s.dialogues.Get(r.Context(), id)
	if errors.Is(err, dialogue.ErrNotFound) {
		return nil, errNotFound
	}
	return d, err
}

func (s *Server) dialoguePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dialogueFromPath(r)
	if err != nil {
		return err
	}
	return s.renderDialogue(w, r, d, http.StatusOK, nil)
}

func (s *Server) renderDialogue(w http.ResponseWriter, r *http.Request, d *dialogue.Dialogue, status int, errs validate.Errors) error {
	u := currentUser(r)
	today := calendar.DateOf(s.now())
	v := &dialogueView{view: s.base(r, d.Title), D: d, Pager: newPager(r), IsOffice: u.Role == auth.RoleOffice,
		IsEnterprise: u.Role == auth.RoleEnterprise, Today: today, Errors: errs}
	var err error
	if v.Participants, v.Pager.Total, err = s.dialogues.Participants(r.Context(), auth.ScopeOf(u), d.ID, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	if v.IsEnterprise {
		for i := range v.Participants {
			v.Mine = &v.Participants[i]
		}
		v.CanRegister = d.OpenForRegistration(today)
	}
	v.CanRecord = v.IsOffice && d.State == dialogue.Planned && !d.HeldOn.After(today)
	if !v.IsEnterprise {
		page, err := s.petitions.ByDialogue(r.Context(), auth.Scope{All: true}, d.ID, petition.Paging{Limit: petition.MaxLimit})
		if err != nil {
			return err
		}
		v.Questions = page.Items
	}
	if v.IsOffice && d.State == dialogue.Held {
		if v.Units, err = s.unitChoices(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, status, "dialogue", v)
	return nil
}

// dialogueAct runs one of the office's and enterprises' actions on a dialogue.
func (s *Server) dialogueAct(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dialogueFromPath(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	scope := auth.ScopeOf(u)
	here := "/dialogues/" + strconv.FormatInt(d.ID, 10)
	var msg string
	switch action := r.PathValue("action"); {
	case action == "invite" && u.Role == auth.RoleOffice:
		var n int
		if n, err = s.dialogues.Invite(r.Context(), d.ID); err == nil {
			msg = "Đã mời thêm " + strconv.Itoa(n) + " doanh nghiệp"
		}
	case action == "cancel" && u.Role == auth.RoleOffice:
		err, msg = s.dialogues.Cancel(r.Context(), d.ID), "Đã hủy cuộc đối thoại"
	case action == "held" && u.Role == auth.RoleOffice:
		var ids []int64
		for _, v := range r.PostForm["attended"] {
			id, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil {
				return badRequest("Danh sách doanh nghiệp tham dự không hợp lệ")
			}
			ids = append(ids, id)
		}
		err, msg = s.dialogues.RecordHeld(r.Context(), d.ID, ids, r.PostFormValue("conclusions")), "Đã ghi nhận cuộc đối thoại đã tổ chức"
	case action == "register" && u.Role == auth.RoleEnterprise:
		err, msg = s.dialogues.Register(r.Context(), scope, d.ID, r.PostFormValue("representative")), "Đã đăng ký tham dự"
	case action == "unregister" && u.Role == auth.RoleEnterprise:
		err, msg = s.dialogues.Unregister(r.Context(), scope, d.ID), "Đã hủy đăng ký"
	default:
		return errForbidden
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderDialogue(w, r, d, http.StatusBadRequest, fe)
	}
	for _, known := range []error{dialogue.ErrNotPlanned, dialogue.ErrClosed, dialogue.ErrNotInvited, dialogue.ErrInFuture, dialogue.ErrNoEnterprise} {
		if errors.Is(err, known) {
			return &userError{http.StatusConflict, err.Error()}
		}
	}
	if err != nil {
		return err
	}
	return redirect(w, r, here, msg)
}

// dialogueMinutes downloads the minutes of a dialogue held. The first download
// takes a number from the document register; later ones reuse it.
func (s *Server) dialogueMinutes(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dialogueFromPath(r)
	if err != nil {
		return err
	}
	if d.State != dialogue.Held {
		return &userError{http.StatusConflict, "Biên bản chỉ lập được sau khi cuộc đối thoại đã tổ chức"}
	}
	m, err := s.plans.Current(r.Context(), s.now())
	if err != nil {
		return err
	}
	if d.MinutesNumber == "" {
		take := docgen.NewRegister(s.db, m.Plan.Issuer.Abbreviation, s.now).Taking(string(docgen.Minutes), d.HeldOn, "Biên bản "+d.Title)
		if d.MinutesNumber, err = s.dialogues.SetMinutesNumber(r.Context(), d.ID, take); err != nil {
			return err
		}
	}
	parts, _, err := s.dialogues.Participants(r.Context(), auth.Scope{All: true}, d.ID, 1000, 0)
	if err != nil {
		return err
	}
	var attended []dialogue.Participant
	for _, p := range parts {
		if p.Attended {
			attended = append(attended, p)
		}
	}
	questions, err := s.dialogueQuestions(r, d.ID)
	if err != nil {
		return err
	}
	doc, err := dialogue.Minutes(m.Plan, d, attended, questions, d.MinutesNumber)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docgen.Render(&buf, doc); err != nil {
		return err
	}
	sendFile(w, "bien-ban-doi-thoai-"+strconv.FormatInt(d.ID, 10)+".docx", docxType, buf.Bytes())
	return nil
}

func capitalFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
