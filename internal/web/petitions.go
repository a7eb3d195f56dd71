package web

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/validate"
)

// petitionNotifier delivers the petitions' notices through notify.
type petitionNotifier struct{ n *notify.Service }

func (p petitionNotifier) Notify(ctx context.Context, tx *sql.Tx, n petition.Notice) error {
	return p.n.Notify(ctx, tx, notify.Notice{UserIDs: n.UserIDs, UnitIDs: n.UnitIDs, Roles: n.Roles, Emails: n.Emails,
		Subject: n.Subject, Body: n.Body, Link: n.Link})
}

// petitionError maps the petition store's errors to what the user sees.
func petitionError(err error) error {
	var te *petition.TransitionError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te) && te.Forbidden, errors.Is(err, petition.ErrForbidden):
		return &userError{http.StatusForbidden, err.Error()}
	case errors.As(err, &te), errors.Is(err, petition.ErrWrongState), errors.Is(err, petition.ErrConflict):
		return &userError{http.StatusConflict, err.Error()}
	case errors.Is(err, db.ErrNotFound):
		return &userError{http.StatusNotFound, err.Error()}
	}
	return err
}

type petitionsView struct {
	view
	Tab      string
	Tabs     []petitionTab
	Page     petition.Page
	Work     *petition.Worklist
	Pager    pager
	CanSend  bool
	IsOffice bool
	Units    []unitChoice
}

type petitionTab struct {
	Key, Label string
	Current    bool
}

type unitChoice struct {
	ID   int64
	Name string
}

// petitionsList is each role's list: the office's triage queue and its states, a
// unit's worklist by nearest deadline, the leader's overdue view, an enterprise's own.
func (s *Server) petitionsList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	sc := auth.ScopeOf(u)
	v := &petitionsView{view: s.base(r, "Phản ánh, kiến nghị"), Pager: newPager(r), IsOffice: u.Role == auth.RoleOffice,
		CanSend: u.Role == auth.RoleOffice || u.Role == auth.RoleEnterprise}
	pg := petition.Paging{Limit: v.Pager.PerPage, Offset: v.Pager.Offset()}
	ctx := r.Context()
	tab := r.URL.Query().Get("tab")
	var err error
	switch {
	case u.Role == auth.RoleEnterprise:
		v.Page, err = s.petitions.Own(ctx, sc, pg)
	case u.Role.NeedsUnit():
		var wl petition.Worklist
		wl, err = s.petitions.Worklist(ctx, sc, u.UnitID, pg)
		v.Work, v.Page = &wl, wl.Page
	default:
		tabs := []petitionTab{{Key: "triage", Label: "Chờ phân loại"}, {Key: "overdue", Label: "Quá hạn"}}
		for _, st := range []petition.State{petition.StateProcessing, petition.StateAwaitingInfo, petition.StateAwaitingPublication,
			petition.StatePublished, petition.StateRefused, petition.StateTransferred} {
			tabs = append(tabs, petitionTab{Key: string(st), Label: st.Label()})
		}
		if tab == "" {
			tab = "triage"
			if u.Role == auth.RoleLeader {
				tab = "overdue"
			}
		}
		for i := range tabs {
			tabs[i].Current = tabs[i].Key == tab
		}
		v.Tabs, v.Tab = tabs, tab
		switch st := petition.State(tab); {
		case tab == "triage":
			v.Page, err = s.petitions.Triage(ctx, sc, pg)
		case tab == "overdue":
			v.Page, err = s.petitions.Overdue(ctx, sc, pg)
		case st.Valid():
			v.Page, err = s.petitions.Queue(ctx, sc, st, pg)
		default:
			return badRequest("Không có danh sách %q", tab)
		}
		if v.IsOffice && tab == "triage" {
			if v.Units, err = s.unitChoices(ctx); err != nil {
				return err
			}
		}
	}
	if err := petitionError(err); err != nil {
		return err
	}
	v.Pager.Total = v.Page.Total
	s.render(w, r, http.StatusOK, "petitions", v)
	return nil
}

func (s *Server) unitChoices(ctx context.Context) ([]unitChoice, error) {
	units, err := s.org.UnitOptions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]unitChoice, len(units))
	for i, u := range units {
		out[i] = unitChoice{ID: u.ID, Name: u.Name}
	}
	return out, nil
}

type petitionFormView struct {
	view
	Form     map[string]string
	Errors   validate.Errors
	IsOffice bool
	Public   bool
	Kinds    []petition.Kind
	Channels []petition.Channel
	Sent     *petition.Petition // the public sender's receipt
}

var petitionFields = []string{"kind", "channel", "subject", "content", "field", "enterprise_tax_code", "sender_name", "sender_phone",
	"sender_email", "received_at", "publish_consent"}

func (s *Server) petitionFormView(r *http.Request, public bool, form map[string]string, errs validate.Errors) *petitionFormView {
	u := currentUser(r)
	title := "Gửi phản ánh, kiến nghị"
	if u != nil && u.Role == auth.RoleOffice {
		title = "Vào sổ phản ánh, kiến nghị"
	}
	return &petitionFormView{view: s.base(r, title), Form: form, Errors: errs, Public: public,
		IsOffice: u != nil && u.Role == auth.RoleOffice, Kinds: []petition.Kind{petition.KindFeedback, petition.KindProposal, petition.KindComplaint},
		Channels: []petition.Channel{petition.ChannelPaper, petition.ChannelPhone, petition.ChannelEmail, petition.ChannelDialogue, petition.ChannelWeb}}
}

func (s *Server) petitionForm(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{"kind": "feedback", "channel": "paper", "publish_consent": "1"}
	s.render(w, r, http.StatusOK, "petition_form", s.petitionFormView(r, currentUser(r) == nil, form, nil))
	return nil
}

// petitionCreate records a petition sent by an enterprise or registered by the
// office, with its files; a member of the public sends through petitionSendPublic.
func (s *Server) petitionCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	p, form, err := s.createPetition(w, r, petition.UserActor(u))
	var fe validate.Errors
	if errors.As(err, &fe) {
		s.render(w, r, http.StatusBadRequest, "petition_form", s.petitionFormView(r, false, form, fe))
		return nil
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/petitions/"+strconv.FormatInt(p.ID, 10), "Đã vào sổ phản ánh, kiến nghị mã "+p.TrackingCode)
}

// createPetition reads the form (and its files) and creates the petition for a.
func (s *Server) createPetition(w http.ResponseWriter, r *http.Request, a petition.Actor) (*petition.Petition, map[string]string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, petition.MaxAttachments*petition.MaxAttachmentSize+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return nil, map[string]string{}, validate.Errors{"attachments": "Tệp gửi kèm quá lớn: mỗi tệp tối đa 10 MB, tối đa 10 tệp"}
	}
	form := formValues(r, petitionFields...)
	in := petition.NewPetition{Kind: petition.Kind(form["kind"]), Channel: petition.Channel(form["channel"]), Subject: form["subject"],
		Content: form["content"], Field: form["field"], EnterpriseTaxCode: form["enterprise_tax_code"], SenderName: form["sender_name"],
		SenderPhone: form["sender_phone"], SenderEmail: form["sender_email"], PublishConsent: form["publish_consent"] == "1"}
	if dl := r.PostFormValue("dialogue_id"); dl != "" {
		in.DialogueID, _ = strconv.ParseInt(dl, 10, 64)
	}
	if t := form["received_at"]; t != "" {
		at, err := time.ParseInLocation("2006-01-02T15:04", t, calendar.Location())
		if err != nil {
			return nil, form, validate.Errors{"received_at": "Thời điểm tiếp nhận không hợp lệ (cần ngày và giờ)"}
		}
		in.ReceivedAt = at
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["attachments"] {
			f, err := fh.Open()
			if err != nil {
				return nil, form, err
			}
			data, err := io.ReadAll(io.LimitReader(f, petition.MaxAttachmentSize+1))
			f.Close()
			if err != nil {
				return nil, form, err
			}
			in.Attachments = append(in.Attachments, petition.Upload{Name: fh.Filename, Data: data})
		}
	}
	p, err := s.petitions.Create(r.Context(), a, in)
	return p, form, err
}
