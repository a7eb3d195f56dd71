// Package petition keeps enterprise petitions (phản ánh, kiến nghị): what an
// enterprise sends from its account or anyone sends from the public page, its
// handling through the national workflow (machine.go) with working-day deadlines
// counted by rules held as data (deadlines.go, rules.go), its history, files,
// duplicates, answer templates, the role lists and the unit scores of Decision 766.
//
// Content is stored exactly as typed. Nothing here interprets it as HTML: the web
// layer escapes it like any other text.
package petition

import (
	"errors"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/validate"
)

// Kind is what a petition is. Complaints and denunciations follow other laws: they
// are recorded as their own kind so that they can be routed out (refused or
// transferred), never handled as a phản ánh.
type Kind string

const (
	KindFeedback  Kind = "feedback"  // phản ánh: an opinion on a regulation or procedure
	KindProposal  Kind = "proposal"  // kiến nghị: the same with a proposed solution
	KindComplaint Kind = "complaint" // khiếu nại, tố cáo: routed out
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindFeedback, KindProposal, KindComplaint}

var kinds = tabular.NewChoices(Kinds, map[Kind]string{
	KindFeedback:  "Phản ánh",
	KindProposal:  "Kiến nghị",
	KindComplaint: "Khiếu nại, tố cáo",
})

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string { return kinds.Label(k) }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return kinds.Valid(k) }

// ParseKind accepts a code or a Vietnamese name, with or without diacritics.
func ParseKind(s string) (Kind, bool) { return kinds.Parse(s) }

// Channel is how a petition reached the department.
type Channel string

const (
	ChannelWeb      Channel = "web"
	ChannelPaper    Channel = "paper"
	ChannelPhone    Channel = "phone"
	ChannelEmail    Channel = "email"
	ChannelDialogue Channel = "dialogue" // raised at a business dialogue
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelWeb, ChannelPaper, ChannelPhone, ChannelEmail, ChannelDialogue}

var channels = tabular.NewChoices(Channels, map[Channel]string{
	ChannelWeb:      "Trực tuyến",
	ChannelPaper:    "Văn bản giấy",
	ChannelPhone:    "Điện thoại",
	ChannelEmail:    "Thư điện tử",
	ChannelDialogue: "Hội nghị đối thoại",
})

// Label is the Vietnamese name of the channel.
func (c Channel) Label() string { return channels.Label(c) }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return channels.Valid(c) }

// ParseChannel accepts a code or a Vietnamese name.
func ParseChannel(s string) (Channel, bool) { return channels.Parse(s) }

// State is where a petition stands in the national workflow.
type State string

const (
	StateReceived            State = "received"             // tiếp nhận
	StateProcessing          State = "processing"           // đang xử lý
	StateAwaitingInfo        State = "awaiting_info"        // chờ bổ sung
	StateAwaitingPublication State = "awaiting_publication" // chờ công khai
	StatePublished           State = "published"            // đã công khai
	StateRefused             State = "refused"              // từ chối
	StateTransferred         State = "transferred"          // chuyển đơn vị khác
)

// States lists the states in workflow order.
var States = []State{StateReceived, StateProcessing, StateAwaitingInfo, StateAwaitingPublication,
	StatePublished, StateRefused, StateTransferred}

var stateLabels = map[State]string{
	StateReceived:            "Tiếp nhận",
	StateProcessing:          "Đang xử lý",
	StateAwaitingInfo:        "Chờ bổ sung",
	StateAwaitingPublication: "Chờ công khai",
	StatePublished:           "Đã công khai",
	StateRefused:             "Từ chối",
	StateTransferred:         "Chuyển đơn vị khác",
}

// Label is the Vietnamese name of the state.
func (s State) Label() string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Closed reports whether handling has ended in s: only a reopen leaves it.
func (s State) Closed() bool {
	return s == StatePublished || s == StateRefused || s == StateTransferred
}

// Satisfaction is the sender's verdict on the answer.
type Satisfaction string

const (
	SatisfactionNone        Satisfaction = "none"
	SatisfactionSatisfied   Satisfaction = "satisfied"
	SatisfactionUnsatisfied Satisfaction = "unsatisfied"
)

var satisfactionLabels = map[Satisfaction]string{
	SatisfactionNone:        "Chưa đánh giá",
	SatisfactionSatisfied:   "Hài lòng",
	SatisfactionUnsatisfied: "Không hài lòng",
}

// Label is the Vietnamese name of the verdict.
func (s Satisfaction) Label() string {
	if l, ok := satisfactionLabels[s]; ok {
		return l
	}
	return string(s)
}

// Petition is one phản ánh, kiến nghị with its handling. Dates are civil dates in
// Asia/Ho_Chi_Minh; the zero Date means "not yet".
type Petition struct {
	ID           int64   `json:"id"`
	TrackingCode string  `json:"tracking_code"`
	Kind         Kind    `json:"kind"`
	Channel      Channel `json:"channel"`
	State        State   `json:"state"`
	Version      int     `json:"version"`

	// The sender: an enterprise (EnterpriseID, with its name and tax code filled when
	// read), or a member of the public known by name, phone and e-mail.
	EnterpriseID      int64  `json:"enterprise_id,omitempty"`
	EnterpriseName    string `json:"enterprise_name,omitempty"`
	EnterpriseTaxCode string `json:"enterprise_tax_code,omitempty"`
	SenderName        string `json:"sender_name"`
	SenderPhone       string `json:"sender_phone,omitempty"`
	SenderEmail       string `json:"sender_email,omitempty"`

	Subject        string        `json:"subject"`
	Content        string        `json:"content"`
	ProcedureID    int64         `json:"procedure_id,omitempty"`
	ProcedureCode  string        `json:"procedure_code,omitempty"`
	ProcedureName  string        `json:"procedure_name,omitempty"`
	Field          string        `json:"field,omitempty"`
	DialogueID     int64         `json:"dialogue_id,omitempty"`
	PublishConsent bool          `json:"publish_consent"`
	ReceivedAt     time.Time     `json:"received_at"`
	ReceivedOn     calendar.Date `json:"received_on"`

	UnitID   int64  `json:"unit_id,omitempty"`
	UnitCode string `json:"unit_code,omitempty"`
	UnitName string `json:"unit_name,omitempty"`

	RefusalReason   string        `json:"refusal_reason,omitempty"`
	TransferredTo   string        `json:"transferred_to,omitempty"`
	Answer          string        `json:"answer,omitempty"`
	AnsweredOn      calendar.Date `json:"answered_on,omitzero"`
	PublishedAnswer string        `json:"published_answer,omitempty"`
	PublishedOn     calendar.Date `json:"published_on,omitzero"`
	// Public: the masked answer is on the public page (the sender consented).
	Public       bool          `json:"public"`
	ClosedOn     calendar.Date `json:"closed_on,omitzero"`
	Satisfaction Satisfaction  `json:"satisfaction"`
	ReopenCount  int           `json:"reopen_count"`
	DuplicateOf  int64         `json:"duplicate_of,omitempty"`

	// The clocks: counted from CycleStartOn (the received date, or the last reopen),
	// stopped from PausedOn while awaiting the sender, moved later by PauseDays.
	CycleStartOn    calendar.Date `json:"cycle_start_on"`
	InfoRequestedOn calendar.Date `json:"info_requested_on,omitzero"`
	PausedOn        calendar.Date `json:"paused_on,omitzero"`
	PauseDays       int           `json:"pause_days"`
	// Deadlines are computed as of the day the petition was read.
	Deadlines Deadlines `json:"deadlines"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Sender names who sent the petition, for lists: the enterprise or the person.
func (p *Petition) Sender() string {
	if p.EnterpriseName != "" {
		return p.EnterpriseName
	}
	return p.SenderName
}

// FieldLabels are the Vietnamese names of the fields; the keys are the form fields'
// names and the keys of FieldErrors.
var FieldLabels = map[string]string{
	"kind":           "Loại",
	"channel":        "Kênh tiếp nhận",
	"enterprise":     "Doanh nghiệp",
	"sender_name":    "Họ tên người gửi",
	"sender_phone":   "Số điện thoại",
	"sender_email":   "Thư điện tử",
	"sender_contact": "Thông tin liên hệ",
	"subject":        "Tiêu đề",
	"content":        "Nội dung",
	"procedure":      "Thủ tục liên quan",
	"field":          "Lĩnh vực",
	"received_at":    "Thời điểm tiếp nhận",
	"attachments":    "Tệp đính kèm",
	"unit":           "Đơn vị xử lý",
	"reason":         "Lý do",
	"transfer_to":    "Cơ quan tiếp nhận",
	"note":           "Nội dung",
	"answer":         "Nội dung trả lời",
	"satisfaction":   "Mức độ hài lòng",
	"duplicate_of":   "Phản ánh, kiến nghị trùng với",
	"ids":            "Phản ánh, kiến nghị được chọn",
	"title":          "Tên mẫu",
	"body":           "Nội dung mẫu",
}

// FieldErrors maps a field to what is wrong with it, in Vietnamese, the field's
// name first. Nothing was saved when a store returns it.
type FieldErrors = validate.Errors

type issue = validate.Issue

func fieldErrors(issues []issue) error { return validate.FromIssues(issues, FieldLabels) }

// Errors a caller maps to a page or a status. Their text is fit for a user.
var (
	// ErrForbidden: the user may not do this to this petition (HTTP 403).
	ErrForbidden = errors.New("Bạn không có quyền thực hiện việc này đối với phản ánh, kiến nghị")
	// ErrWrongState: not possible from the petition's current state (HTTP 409).
	ErrWrongState = errors.New("Việc này không thực hiện được ở trạng thái hiện tại của phản ánh, kiến nghị")
	// ErrConflict: someone else changed the petition meanwhile (HTTP 409).
	ErrConflict = errors.New("Phản ánh, kiến nghị vừa được người khác cập nhật; hãy tải lại trang rồi thử lại")
)
