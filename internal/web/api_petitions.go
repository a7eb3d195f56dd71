package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/validate"
)

// petitionInput is the body of POST /api/v1/petitions.
type petitionInput struct {
	Kind              string `json:"kind"`
	Subject           string `json:"subject"`
	Content           string `json:"content"`
	Channel           string `json:"channel"`
	ReceivedAt        string `json:"received_at"`
	EnterpriseTaxCode string `json:"enterprise_tax_code"`
	SenderName        string `json:"sender_name"`
	SenderEmail       string `json:"sender_email"`
	SenderPhone       string `json:"sender_phone"`
	Field             string `json:"field"`
	PublishConsent    bool   `json:"publish_consent"`
}

// apiPetition is a petition as the API sends it: what the sender and the staff
// follow, with every deadline as a civil date and whether it is overdue.
type apiPetition struct {
	ID           int64            `json:"id"`
	TrackingCode string           `json:"tracking_code"`
	Kind         petition.Kind    `json:"kind"`
	Channel      petition.Channel `json:"channel"`
	State        petition.State   `json:"state"`
	StateLabel   string           `json:"state_label"`
	Subject      string           `json:"subject"`
	Content      string           `json:"content"`
	Sender       string           `json:"sender"`
	UnitCode     string           `json:"unit_code"`
	ReceivedAt   time.Time        `json:"received_at"`
	Answer       string           `json:"answer"`
	Satisfaction string           `json:"satisfaction"`
	Deadlines    apiDeadlines     `json:"deadlines"`
}

type apiDeadlines struct {
	RefuseBy      *string          `json:"refuse_by"`
	RequestInfoBy *string          `json:"request_info_by"`
	ProcessBy     *string          `json:"process_by"`
	PublishBy     *string          `json:"publish_by"`
	TransferBy    *string          `json:"transfer_by"`
	Paused        bool             `json:"paused"`
	Overdue       petition.Overdue `json:"overdue"`
}

func dateOrNull(d calendar.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func toAPIPetition(p *petition.Petition) apiPetition {
	d := p.Deadlines
	return apiPetition{ID: p.ID, TrackingCode: p.TrackingCode, Kind: p.Kind, Channel: p.Channel, State: p.State, StateLabel: p.State.Label(),
		Subject: p.Subject, Content: p.Content, Sender: p.Sender(), UnitCode: p.UnitCode, ReceivedAt: p.ReceivedAt.UTC(), Answer: p.Answer,
		Satisfaction: string(p.Satisfaction),
		Deadlines: apiDeadlines{RefuseBy: dateOrNull(d.RefuseBy), RequestInfoBy: dateOrNull(d.RequestInfoBy), ProcessBy: dateOrNull(d.ProcessBy),
			PublishBy: dateOrNull(d.PublishBy), TransferBy: dateOrNull(d.TransferBy), Paused: d.Paused, Overdue: d.Overdue}}
}

// apiPetitionCreate answers POST /api/v1/petitions: an enterprise sends as itself;
// the office registers one from any sender, with the time it really arrived.
func (s *Server) apiPetitionCreate(w http.ResponseWriter, r *http.Request) error {
	var in petitionInput
	if err := decodeBody(w, r, &in, "phản ánh, kiến nghị"); err != nil {
		return err
	}
	np := petition.NewPetition{Kind: petition.Kind(in.Kind), Channel: petition.Channel(in.Channel), Subject: in.Subject, Content: in.Content,
		EnterpriseTaxCode: in.EnterpriseTaxCode, SenderName: in.SenderName, SenderEmail: in.SenderEmail, SenderPhone: in.SenderPhone,
		Field: in.Field, PublishConsent: in.PublishConsent}
	if in.ReceivedAt != "" {
		at, err := time.Parse(time.RFC3339, in.ReceivedAt)
		if err != nil {
			return invalidFields(map[string]string{"received_at": "Thời điểm tiếp nhận phải theo RFC 3339, ví dụ 2026-11-20T08:30:00+07:00"})
		}
		np.ReceivedAt = at
	}
	p, err := s.petitions.Create(r.Context(), petition.UserActor(currentUser(r)), np)
	var fe validate.Errors
	if errors.As(err, &fe) {
		return invalidFields(fe)
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return created(w, "/api/v1/petitions/"+strconv.FormatInt(p.ID, 10), toAPIPetition(p))
}

// apiPetition answers GET /api/v1/petitions/{id} for a user who may see it.
func (s *Server) apiPetitionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.petitions.Get(r.Context(), petition.UserActor(currentUser(r)).Scope(), id)
	if err := petitionError(err); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIPetition(p))
	return nil
}

// Open311 (GeoReport v2) is the shape other systems already speak for citizen
// requests; here a service is a kind of petition and a request a petition.

type open311Service struct {
	Code        string `json:"service_code"`
	Name        string `json:"service_name"`
	Description string `json:"description"`
	Metadata    bool   `json:"metadata"`
	Type        string `json:"type"`
	Keywords    string `json:"keywords"`
	Group       string `json:"group"`
}

type open311Request struct {
	ID            string    `json:"service_request_id"`
	Token         string    `json:"token"`
	Status        string    `json:"status"`
	StatusNotes   string    `json:"status_notes"`
	ServiceCode   string    `json:"service_code"`
	ServiceName   string    `json:"service_name"`
	Description   string    `json:"description"`
	Agency        string    `json:"agency_responsible"`
	ServiceNotice string    `json:"service_notice"`
	RequestedAt   time.Time `json:"requested_datetime"`
	ExpectedAt    *string   `json:"expected_datetime"`
}

func (s *Server) apiOpen311Services(w http.ResponseWriter, r *http.Request) error {
	var out []open311Service
	for _, k := range []petition.Kind{petition.KindFeedback, petition.KindProposal, petition.KindComplaint} {
		out = append(out, open311Service{Code: string(k), Name: k.Label(), Type: "realtime", Group: "Phản ánh, kiến nghị",
			Description: "Gửi " + strings.ToLower(k.Label()) + " tới Sở; trả lời trong thời hạn quy định (ngày làm việc)."})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// open311Input is the body of POST /api/open311/v2/requests.json.
type open311Input struct {
	ServiceCode string `json:"service_code"`
	Description string `json:"description"`
	Title       string `json:"title"`
	Email       string `json:"email"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	Phone       string `json:"phone"`
}

func (s *Server) apiOpen311Create(w http.ResponseWriter, r *http.Request) error {
	var in open311Input
	if err := decodeBody(w, r, &in, "yêu cầu Open311"); err != nil {
		return err
	}
	subject := strings.TrimSpace(in.Title)
	if subject == "" {
		subject = firstWords(in.Description, 80)
	}
	np := petition.NewPetition{Kind: petition.Kind(in.ServiceCode), Subject: subject, Content: in.Description, SenderEmail: in.Email,
		SenderPhone: in.Phone, SenderName: strings.TrimSpace(in.FirstName + " " + in.LastName)}
	p, err := s.petitions.Create(r.Context(), petition.UserActor(currentUser(r)), np)
	var fe validate.Errors
	if errors.As(err, &fe) {
		return invalidFields(renameFields(fe, map[string]string{"kind": "service_code", "content": "description", "subject": "title",
			"sender_email": "email", "sender_phone": "phone", "sender_name": "first_name"}))
	}
	if err := petitionError(err); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, []open311Request{toOpen311(p)})
	return nil
}

func (s *Server) apiOpen311Get(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(strings.TrimSuffix(r.PathValue("id"), ".json"), 10, 64)
	if err != nil {
		return errNotFound
	}
	p, err := s.petitions.Get(r.Context(), petition.UserActor(currentUser(r)).Scope(), id)
	if err := petitionError(err); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, []open311Request{toOpen311(p)})
	return nil
}

func toOpen311(p *petition.Petition) open311Request {
	status := "open"
	if p.State.Closed() {
		status = "closed"
	}
	notes := p.State.Label()
	switch {
	case p.RefusalReason != "":
		notes += ": " + p.RefusalReason
	case p.TransferredTo != "":
		notes += ": " + p.TransferredTo
	case p.PublishedAnswer != "":
		notes += ": " + p.PublishedAnswer
	}
	return open311Request{ID: strconv.FormatInt(p.ID, 10), Token: p.TrackingCode, Status: status, StatusNotes: notes,
		ServiceCode: string(p.Kind), ServiceName: p.Kind.Label(), Description: p.Content, Agency: p.UnitName,
		ServiceNotice: "Theo dõi bằng mã " + p.TrackingCode, RequestedAt: p.ReceivedAt.UTC(), ExpectedAt: dateOrNull(p.Deadlines.ProcessBy)}
}

// firstWords cuts text to at most n runes at a word boundary.
func firstWords(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func renameFields(fe map[string]string, rename map[string]string) map[string]string {
	out := make(map[string]string, len(fe))
	for k, v := range fe {
		if n, ok := rename[k]; ok {
			k = n
		}
		out[k] = v
	}
	return out
}
