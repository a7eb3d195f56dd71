package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/validate"
)

type petitionView struct {
	view
	P           *petition.Petition
	History     []petition.Event
	Attachments []petition.Attachment
	Actions     map[string]bool // by action name, for the template
	ActorKind   petition.ActorKind
	Units       []unitChoice
	Templates   []petition.Template
	Duplicates  []petition.Duplicate
	Errors      validate.Errors
	Form        map[string]string
	// Code is the tracking code of a member of the public on the tracking page;
	// forms post back to it instead of the staff page.
	Code      string
	ActionURL string
	FileURL   string
}

// petitionPage shows a petition with its deadlines and how they were counted, its
// history and files, and the forms of the actions its reader may take now.
func (s *Server) petitionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderPetition(w, r, petition.UserActor(currentUser(r)), id, http.StatusOK, nil, nil)
}

func (s *Server) renderPetition(w http.ResponseWriter, r *http.Request, a petition.Actor, id int64, status int, errs validate.Errors, form map[string]string) error {
	ctx := r.Context()
	var p *petition.Petition
	var err error
	if a.Public() {
		p, err = s.petitions.GetByTracking(ctx, a.TrackingCode)
	} else {
		p, err = s.petitions.Get(ctx, a.Scope(), id)
	}
	if err := petitionError(err); err != nil {
		return err
	}
	v := &petitionView{view: s.base(r, p.TrackingCode+": "+p.Subject), P: p, Errors: errs, Form: form, ActorKind: a.KindFor(p),
		Actions: map[string]bool{}, ActionURL: "/petitions/" + strconv.FormatInt(p.ID, 10) + "/act/", FileURL: "/petitions/files/"}
	if a.Public() {
		v.Code = p.TrackingCode
		v.ActionURL = "/petitions/track/act/"
	}
	if v.Form == nil {
		v.Form = map[string]string{}
	}
	for _, act := range petition.Possible(p.State, v.ActorKind) {
		v.Actions[string(act)] = true
	}
	if v.History, err = s.petitions.History(ctx, a, p.ID); err != nil {
		return petitionError(err)
	}
	if v.Attachments, err = s.petitions.Attachments(ctx, a, p.ID); err != nil {
		return petitionError(err)
	}
	u := currentUser(r)
	if v.Actions[string(petition.ActionAssign)] {
		if v.Units, err = s.unitChoices(ctx); err != nil {
			return err
		}
	}
	if v.Actions[string(petition.ActionAnswer)] && p.UnitID != 0 {
		if v.Templates, err = s.petitions.Templates(ctx, a.Scope(), p.UnitID); err != nil {
			return petitionError(err)
		}
	}
	if u != nil && u.Role == auth.RoleOffice && !p.State.Closed() {
		if v.Duplicates, err = s.petitions.DuplicatesOf(ctx, a.Scope(), p.ID); err != nil {
			return petitionError(err)
		}
	}
	s.render(w, r, status, "petition", v)
	return nil
}

// actionInput reads what an action's form carries.
func actionInput(r *http.Request) (petition.Input, map[string]string) {
	form := formValues(r, "unit_id", "reason", "transfer_to", "note", "answer", "satisfaction")
	in := petition.Input{Reason: form["reason"], TransferTo: form["transfer_to"], Note: form["note"], Answer: form["answer"],
		Satisfaction: petition.Satisfaction(form["satisfaction"])}
	in.UnitID, _ = strconv.ParseInt(form["unit_id"], 10, 64)
	return in, form
}

// petitionAct takes one action on a petition for the signed-in user.
func (s *Server) petitionAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := petition.UserActor(currentUser(r))
	in, form := actionInput(r)
	action := petition.Action(r.PathValue("action"))
	p, err := s.petitions.Act(r.Context(), a, id, action, in)
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderPetition(w, r, a, id, http.StatusBadRequest, fe, form)
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/petitions/"+strconv.FormatInt(id, 10), "Đã “"+action.Label()+"”: phản ánh, kiến nghị nay ở trạng thái “"+p.State.Label()+"”")
}

// petitionAttach adds a file to a petition the user may see.
func (s *Server) petitionAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := petition.UserActor(currentUser(r))
	up, err := readPetitionUpload(w, r)
	if err == nil {
		_, err = s.petitions.AddAttachment(r.Context(), a, id, up)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderPetition(w, r, a, id, http.StatusBadRequest, fe, nil)
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/petitions/"+strconv.FormatInt(id, 10), "Đã đính kèm tệp "+up.Name)
}

// readPetitionUpload reads the one file of an attachment form.
func readPetitionUpload(w http.ResponseWriter, r *http.Request) (petition.Upload, error) {
	name, data, err := formFile(w, r, "file", petition.MaxAttachmentSize)
	if err == nil && name == "" {
		err = validate.Errors{"attachments": "Chọn một tệp (tối đa 10 MB) để đính kèm"}
	}
	return petition.Upload{Name: name, Data: data}, err
}

// petitionFile downloads an attachment of a petition the user may see; a member of
// the public presents the tracking code.
func (s *Server) petitionFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := petition.UserActor(currentUser(r))
	if currentUser(r) == nil {
		a = petition.PublicActor("", r.URL.Query().Get("code"))
	}
	att, data, err := s.petitions.AttachmentContent(r.Context(), a, id)
	if err := petitionError(err); err != nil {
		return err
	}
	// The stored type was found from the content, and the file is offered for download,
	// never shown inline, so a crafted file cannot run in thidua's origin.
	sendFile(w, att.Name, att.ContentType, data)
	return nil
}

// petitionsAssign gives many petitions of the triage queue to one unit at once.
func (s *Server) petitionsAssign(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	unit, _ := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	var ids []int64
	for _, v := range r.PostForm["ids"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return badRequest("Danh sách phản ánh, kiến nghị không hợp lệ")
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return badRequest("Chọn ít nhất một phản ánh, kiến nghị để giao")
	}
	if unit == 0 {
		return badRequest("Chọn phòng, đơn vị được giao xử lý")
	}
	done, err := s.petitions.BulkAssign(r.Context(), petition.UserActor(currentUser(r)), ids, unit)
	var be *petition.BulkError
	if errors.As(err, &be) {
		return &userError{http.StatusConflict, be.Error()}
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/petitions", "Đã giao "+strconv.Itoa(len(done))+" phản ánh, kiến nghị")
}

// petitionDuplicate marks a petition as a duplicate of another (0 removes the mark).
func (s *Server) petitionDuplicate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	original, _ := strconv.ParseInt(r.PostFormValue("original_id"), 10, 64)
	if _, err := s.petitions.LinkDuplicate(r.Context(), petition.UserActor(currentUser(r)), id, original); err != nil {
		var fe validate.Errors
		if errors.As(err, &fe) {
			return badRequest("%s", fe.Error())
		}
		return petitionError(err)
	}
	msg := "Đã đánh dấu trùng"
	if original == 0 {
		msg = "Đã bỏ đánh dấu trùng"
	}
	return redirect(w, r, "/petitions/"+strconv.FormatInt(id, 10), msg)
}
