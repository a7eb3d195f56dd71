// Package dialogue keeps the department's business dialogues (gặp gỡ, đối thoại
// doanh nghiệp): their schedule, the enterprises invited, registered and present,
// the minutes, and the count of dialogues held per year that target T4 checks. The
// questions raised at a dialogue are petitions (package petition) linked to it.
package dialogue

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/validate"
)

// State is where a dialogue stands.
type State string

const (
	Planned   State = "planned"
	Held      State = "held"
	Cancelled State = "cancelled"
)

var stateLabels = map[State]string{Planned: "Dự kiến", Held: "Đã tổ chức", Cancelled: "Đã hủy"}

// Label is the state in Vietnamese.
func (s State) Label() string { return stateLabels[s] }

// Role says whether the department organises the dialogue or takes part in another
// body's; the plan counts both ("tổ chức hoặc tham gia").
type Role string

const (
	Host  Role = "host"
	Guest Role = "guest"
)

// Label is the role in Vietnamese.
func (r Role) Label() string {
	if r == Guest {
		return "Tham gia"
	}
	return "Sở tổ chức"
}

// Dialogue is one meeting with enterprises.
type Dialogue struct {
	ID                int64               `json:"id"`
	Title             string              `json:"title"`
	HeldOn            calendar.Date       `json:"held_on"`
	StartsAt          string              `json:"starts_at"` // HH:MM, may be empty
	Place             string              `json:"place"`
	Chair             string              `json:"chair"`
	Topics            string              `json:"topics"`
	Role              Role                `json:"role"`
	Organiser         string              `json:"organiser"` // the host body when Role is Guest
	State             State               `json:"state"`
	RegistrationUntil calendar.Date       `json:"registration_until"`
	Sectors           []enterprise.Sector `json:"sectors"` // invited sectors; none: every enterprise
	Conclusions       string              `json:"conclusions"`
	MinutesNumber     string              `json:"minutes_number"`
	CreatedAt         time.Time           `json:"created_at"`
	UpdatedAt         time.Time           `json:"updated_at"`

	// Counts of the participants, filled by lists and Get.
	Invited    int `json:"invited"`
	Registered int `json:"registered"`
	Attended   int `json:"attended"`
}

// RegistrationCloses is the last day enterprises may register: the day set, or the
// day before the dialogue.
func (d *Dialogue) RegistrationCloses() calendar.Date {
	if !d.RegistrationUntil.IsZero() {
		return d.RegistrationUntil
	}
	return d.HeldOn.AddDays(-1)
}

// OpenForRegistration reports whether an enterprise may register on day.
func (d *Dialogue) OpenForRegistration(day calendar.Date) bool {
	return d.State == Planned && !day.After(d.RegistrationCloses())
}

// Errors of the store, in Vietnamese for the user.
var (
	ErrNotFound     = errors.New("Không có cuộc đối thoại này")
	ErrNotPlanned   = errors.New("Cuộc đối thoại không còn ở trạng thái dự kiến nên không thay đổi được")
	ErrClosed       = errors.New("Đã hết hạn đăng ký tham dự cuộc đối thoại này")
	ErrNotInvited   = errors.New("Cuộc đối thoại chỉ dành cho doanh nghiệp thuộc các lĩnh vực được mời")
	ErrInFuture     = errors.New("Chưa đến ngày đối thoại nên chưa thể ghi nhận đã tổ chức")
	ErrNoEnterprise = errors.New("Tài khoản này không gắn với doanh nghiệp nào")
)

var timePattern = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// Input is what the office types in the dialogue form.
type Input struct {
	Title, HeldOn, StartsAt, Place, Chair, Topics, Role, Organiser, RegistrationUntil string
	Sectors                                                                           []string
}

// parse checks the form and returns the dialogue it describes, or the field errors.
func (in Input) parse() (Dialogue, error) {
	errs := validate.Errors{}
	d := Dialogue{Title: strings.TrimSpace(in.Title), StartsAt: strings.TrimSpace(in.StartsAt), Place: strings.TrimSpace(in.Place),
		Chair: strings.TrimSpace(in.Chair), Topics: strings.TrimSpace(in.Topics), Role: Role(in.Role), Organiser: strings.TrimSpace(in.Organiser)}
	if d.Title == "" {
		errs.Add("title", "Nhập tên cuộc đối thoại")
	}
	var err error
	if d.HeldOn, err = calendar.ParseDate(strings.TrimSpace(in.HeldOn)); err != nil {
		errs.Add("held_on", fmt.Sprintf("Ngày tổ chức %q không hợp lệ (cần dạng YYYY-MM-DD)", in.HeldOn))
	}
	if d.StartsAt != "" && !timePattern.MatchString(d.StartsAt) {
		errs.Add("starts_at", fmt.Sprintf("Giờ bắt đầu %q không hợp lệ (cần dạng 08:00)", d.StartsAt))
	}
	if d.Place == "" {
		errs.Add("place", "Nhập địa điểm")
	}
	if d.Chair == "" {
		errs.Add("chair", "Nhập người chủ trì (họ tên, chức vụ)")
	}
	switch d.Role {
	case "":
		d.Role = Host
	case Host:
	case Guest:
		if d.Organiser == "" {
			errs.Add("organiser", "Nhập cơ quan tổ chức cuộc đối thoại mà Sở tham gia")
		}
	default:
		errs.Add("role", "Chọn Sở tổ chức hoặc Sở tham gia")
	}
	if u := strings.TrimSpace(in.RegistrationUntil); u != "" {
		if d.RegistrationUntil, err = calendar.ParseDate(u); err != nil {
			errs.Add("registration_until", fmt.Sprintf("Hạn đăng ký %q không hợp lệ (cần dạng YYYY-MM-DD)", u))
		} else if !d.HeldOn.IsZero() && d.RegistrationUntil.After(d.HeldOn) {
			errs.Add("registration_until", "Hạn đăng ký không được sau ngày tổ chức")
		}
	}
	for _, s := range in.Sectors {
		sec := enterprise.Sector(strings.TrimSpace(s))
		if sec == "" {
			continue
		}
		if !sec.Valid() {
			errs.Add("sectors", fmt.Sprintf("Không có lĩnh vực %q", s))
			continue
		}
		d.Sectors = append(d.Sectors, sec)
	}
	return d, errs.Err()
}
