// Package initiative keeps the department's initiatives (sáng kiến): what a unit or
// an enterprise proposes, its authors and their contribution shares, its files, the
// council sessions that score it against the criteria in force, the recognition
// decision, its effective application, and the count of initiatives applied
// effectively per year that target T5 checks.
//
// The workflow is draft → submitted → (returned → submitted again) → under review →
// recognised or not recognised → applied (effectively). Every step checks the user's
// role and the current state, and is one transaction with its history line and its
// audit log entry.
package initiative

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
)

// State is where an initiative stands.
type State string

const (
	Draft         State = "draft"
	Submitted     State = "submitted"
	Returned      State = "returned"
	UnderReview   State = "under_review"
	Recognised    State = "recognised"
	NotRecognised State = "not_recognised"
	Applied       State = "applied"
)

// States lists every state in workflow order, as the list filter offers them.
var States = []State{Draft, Submitted, Returned, UnderReview, Recognised, NotRecognised, Applied}

var stateLabels = map[State]string{
	Draft: "Bản nháp", Submitted: "Đã nộp", Returned: "Trả lại để hoàn thiện", UnderReview: "Hội đồng đang xét",
	Recognised: "Được công nhận", NotRecognised: "Không được công nhận", Applied: "Áp dụng hiệu quả",
}

// Label is the state in Vietnamese.
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Editable reports whether the proposer may still change the initiative.
func (s State) Editable() bool { return s == Draft || s == Returned }

// Field is the domain an initiative belongs to.
type Field string

// Fields lists the fields in the order the form offers them.
var Fields = []Field{"admin_reform", "digital", "construction", "planning", "housing", "materials", "transport", "infrastructure", "enterprise_support", "other"}

var fieldLabels = map[Field]string{
	"admin_reform":       "Cải cách hành chính",
	"digital":            "Chuyển đổi số",
	"construction":       "Quản lý hoạt động xây dựng",
	"planning":           "Quy hoạch - kiến trúc",
	"housing":            "Nhà ở và thị trường bất động sản",
	"materials":          "Kinh tế và vật liệu xây dựng",
	"transport":          "Vận tải, phương tiện và người lái",
	"infrastructure":     "Kết cấu hạ tầng giao thông",
	"enterprise_support": "Hỗ trợ doanh nghiệp",
	"other":              "Lĩnh vực khác",
}

// Label is the field in Vietnamese.
func (f Field) Label() string { return fieldLabels[f] }

// Valid reports whether f is a known field.
func (f Field) Valid() bool { _, ok := fieldLabels[f]; return ok }

// Level is how far a recognised initiative's effect reaches.
type Level string

const (
	LevelBase     Level = "base"     // cấp cơ sở
	LevelProvince Level = "province" // cấp tỉnh
)

// Label is the level in Vietnamese.
func (l Level) Label() string {
	switch l {
	case LevelBase:
		return "Cấp cơ sở"
	case LevelProvince:
		return "Cấp tỉnh"
	}
	return ""
}

// Author is one author and their share of the contribution.
type Author struct {
	StaffID      int64  `json:"staff_id,omitempty"` // 0 for a person outside the department
	Name         string `json:"name"`
	Organisation string `json:"organisation"` // the unit, or the enterprise or body outside
	Share        int    `json:"share"`        // hundredths of a percent: 10000 is 100%
}

// ShareText is the share as people write it: "60%", "33,33%".
func (a Author) ShareText() string { return ShareText(a.Share) }

// ShareText writes hundredths of a percent as a Vietnamese percentage.
func ShareText(hundredths int) string {
	s := strconv.Itoa(hundredths / 100)
	if frac := hundredths % 100; frac != 0 {
		s += "," + strings.TrimSuffix(strconv.Itoa(100 + frac)[1:], "0")
	}
	return s + "%"
}

// Application is a unit or body applying an initiative found effective.
type Application struct {
	UnitID int64  `json:"unit_id,omitempty"`
	Name   string `json:"name"`
}

// Initiative is one initiative with what its page shows.
type Initiative struct {
	ID             int64         `json:"id"`
	Title          string        `json:"title"`
	State          State         `json:"state"`
	UnitID         int64         `json:"unit_id,omitempty"`
	EnterpriseID   int64         `json:"enterprise_id,omitempty"`
	Proposer       string        `json:"proposer"` // the unit's or the enterprise's name
	Field          Field         `json:"field"`
	FirstAppliedOn calendar.Date `json:"first_applied_on"`
	Description    string        `json:"description"`
	Conditions     string        `json:"conditions"`
	ExpectedDong   int64         `json:"expected_dong"`
	ExpectedSocial string        `json:"expected_social"`
	MeasuredDong   *int64        `json:"measured_dong"`
	MeasuredSocial string        `json:"measured_social"`
	ReturnReason   string        `json:"return_reason,omitempty"`
	SessionID      int64         `json:"session_id,omitempty"`
	VotesFor       *int          `json:"votes_for,omitempty"`
	VotesAgainst   *int          `json:"votes_against,omitempty"`
	Level          Level         `json:"level,omitempty"`
	DecidedOn      calendar.Date `json:"decided_on"`
	AppliedFrom    calendar.Date `json:"applied_from"`
	EffectiveOn    calendar.Date `json:"effective_on"`
	EvidenceNote   string        `json:"evidence_note,omitempty"`
	StageOn        calendar.Date `json:"stage_on"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`

	Authors      []Author      `json:"authors"`
	Applications []Application `json:"applications,omitempty"`
}

// AuthorNames lists the authors for a line of a list: "Nguyễn Văn A (60%), Lê Thị B (40%)".
func (it *Initiative) AuthorNames() string {
	parts := make([]string, len(it.Authors))
	for i, a := range it.Authors {
		parts[i] = a.Name + " (" + a.ShareText() + ")"
	}
	return strings.Join(parts, ", ")
}

// Errors of the store, in Vietnamese for the user.
var (
	ErrNotFound  = errors.New("Không có sáng kiến này")
	ErrForbidden = errors.New("Bạn không có quyền thực hiện thao tác này với sáng kiến")
)

// RefusedError is an action the rules do not allow now: a step out of its state, a
// council member with a conflict of interest, a vote that does not add up. Nothing
// was changed; the message says why.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }

func refused(msg string) error { return &RefusedError{Msg: msg} }

// notInState refuses a step that the initiative's current state does not allow.
func notInState(it *Initiative, step string) error {
	return refused("Sáng kiến đang ở trạng thái “" + it.State.Label() + "” nên không thể " + step + ".")
}
