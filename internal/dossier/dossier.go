// Package dossier keeps the administrative dossiers (hồ sơ TTHC) the department's
// units handle, as exported by the province's one-stop system: their import, their
// timeliness (Classify, the one function every page, statistic and target uses) and
// the statistics of Biểu II.06a behind target T2.
package dossier

import (
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
)

// Channel is how a dossier was received.
type Channel string

const (
	Direct        Channel = "direct"         // trực tiếp
	Postal        Channel = "postal"         // bưu chính công ích
	OnlineFull    Channel = "online_full"    // trực tuyến toàn trình
	OnlinePartial Channel = "online_partial" // trực tuyến một phần
)

// Channels lists the channels in the order the interface shows them.
var Channels = []Channel{Direct, Postal, OnlineFull, OnlinePartial}

// ChannelLabels are the channels' Vietnamese names.
var ChannelLabels = map[Channel]string{
	Direct:        "Trực tiếp",
	Postal:        "Bưu chính công ích",
	OnlineFull:    "Trực tuyến toàn trình",
	OnlinePartial: "Trực tuyến một phần",
}

// Label is the channel's Vietnamese name.
func (c Channel) Label() string {
	if l, ok := ChannelLabels[c]; ok {
		return l
	}
	return string(c)
}

// Online reports whether the channel counts as received online in Biểu II.06a.
func (c Channel) Online() bool { return c == OnlineFull || c == OnlinePartial }

// online is what a plain "Trực tuyến" parses to before the procedure decides which of
// the two online channels it is.
const online Channel = "online"

// channelNames are the words one-stop exports use, folded.
var channelNames = map[string]Channel{
	"truc tiep": Direct, "direct": Direct, "tai bo phan mot cua": Direct, "nop truc tiep": Direct,
	"buu chinh": Postal, "buu chinh cong ich": Postal, "qua buu chinh": Postal, "qua buu chinh cong ich": Postal,
	"bcci": Postal, "postal": Postal, "dich vu buu chinh cong ich": Postal,
	"truc tuyen toan trinh": OnlineFull, "toan trinh": OnlineFull, "dich vu cong truc tuyen toan trinh": OnlineFull,
	"online_full": OnlineFull, "muc do 4": OnlineFull,
	"truc tuyen mot phan": OnlinePartial, "mot phan": OnlinePartial, "dich vu cong truc tuyen mot phan": OnlinePartial,
	"online_partial": OnlinePartial, "muc do 3": OnlinePartial,
	"truc tuyen": online, "qua mang": online, "online": online, "dich vu cong truc tuyen": online,
}

// ParseChannel reads a channel by its code, its name or the words exports use. A
// plain "Trực tuyến" names no single channel and is refused here; the importer reads
// it with the procedure (parseChannel).
func ParseChannel(s string) (Channel, bool) {
	c, ok := parseChannel(s)
	return c, ok && c != online
}

// parseChannel is ParseChannel that gives the channel "online" for a plain "Trực
// tuyến", for the importer to resolve by the procedure's online level.
func parseChannel(s string) (Channel, bool) {
	if _, ok := ChannelLabels[Channel(s)]; ok {
		return Channel(s), true
	}
	for c, l := range ChannelLabels {
		if s == l {
			return c, true
		}
	}
	c, ok := channelNames[textnorm.Fold(s)]
	return c, ok
}

// State is a dossier's timeliness: early, on time or late once finished; within or
// past its deadline while open.
type State string

const (
	Early   State = "early"   // trước hạn
	OnTime  State = "on_time" // đúng hạn
	Late    State = "late"    // quá hạn
	Within  State = "within"  // đang giải quyết, trong hạn
	Overdue State = "overdue" // đang giải quyết, quá hạn
)

// States lists the states in the order the interface shows them.
var States = []State{Early, OnTime, Late, Within, Overdue}

// StateLabels are the states' Vietnamese names.
var StateLabels = map[State]string{
	Early:   "Trước hạn",
	OnTime:  "Đúng hạn",
	Late:    "Quá hạn",
	Within:  "Đang giải quyết trong hạn",
	Overdue: "Đang giải quyết quá hạn",
}

// Label is the state's Vietnamese name.
func (s State) Label() string {
	if l, ok := StateLabels[s]; ok {
		return l
	}
	return string(s)
}

// Dossier is one dossier. Dates are zero when the export leaves them empty: no
// appointment date, not finished yet, no supplement request. The fields after Status
// are computed by Classify when the dossier is stored.
type Dossier struct {
	ID                    int64         `json:"id,omitempty"`
	Code                  string        `json:"code"`
	ProcedureID           int64         `json:"procedure_id"`
	ProcedureCode         string        `json:"procedure_code,omitempty"`
	ProcedureName         string        `json:"procedure_name,omitempty"`
	UnitID                int64         `json:"unit_id"`
	UnitCode              string        `json:"unit_code,omitempty"`
	UnitName              string        `json:"unit_name,omitempty"`
	Channel               Channel       `json:"channel"`
	ReceivedOn            calendar.Date `json:"received_on"`
	AppointmentOn         calendar.Date `json:"appointment_on,omitzero"`
	FinishedOn            calendar.Date `json:"finished_on,omitzero"`
	SupplementCount       int           `json:"supplement_count"`
	SupplementRequestedOn calendar.Date `json:"supplement_requested_on,omitzero"`
	SupplementReturnedOn  calendar.Date `json:"supplement_returned_on,omitzero"`
	ReappointedOn         calendar.Date `json:"reappointed_on,omitzero"`
	Reappointments        int           `json:"reappointments"`
	Apology               bool          `json:"apology"`
	Status                string        `json:"status,omitempty"`

	BaseDueOn calendar.Date `json:"base_due_on,omitzero"`
	DueOn     calendar.Date `json:"due_on,omitzero"`
	PauseDays int           `json:"pause_days"`
	DaysUsed  *int          `json:"days_used,omitempty"`
	Result    State         `json:"result,omitempty"`
	Violation bool          `json:"violation"`

	// StatutoryDays is the procedure's statutory time, read with the dossier.
	StatutoryDays *float64  `json:"statutory_days,omitempty"`
	Source        string    `json:"source,omitempty"`
	SourceRow     int       `json:"source_row,omitempty"`
	CreatedAt     time.Time `json:"created_at,omitzero"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
}

// Finished reports whether the dossier has a finished date.
func (d Dossier) Finished() bool { return !d.FinishedOn.IsZero() }

// apply stores the parts of c that are kept with the dossier.
func (d *Dossier) apply(c Classification) {
	d.BaseDueOn, d.DueOn, d.PauseDays, d.Result, d.Violation = c.BaseDue, c.Due, c.PauseDays, c.Result, c.Violation
	d.DaysUsed = nil
	if d.Finished() {
		used := c.DaysUsed
		d.DaysUsed = &used
	}
}

// searchKey is what a search by code compares: codes are ASCII, so lower case is enough.
func searchKey(code string) string { return strings.ToLower(code) }
