package petition

import (
	"fmt"
	"slices"
	"strings"
)

// Action is one step of the workflow.
type Action string

const (
	ActionAssign      Action = "assign"       // accept and give to a unit (or move to another unit)
	ActionRefuse      Action = "refuse"       // not accepted, with a reason
	ActionTransfer    Action = "transfer"     // outside the department's authority: sent to another body
	ActionRequestInfo Action = "request_info" // ask the sender for more information; stops the clock
	ActionSupplyInfo  Action = "supply_info"  // the sender's information arrives; the clock runs again
	ActionAnswer      Action = "answer"       // the unit's answer, waiting to be published
	ActionPublish     Action = "publish"      // the answer is sent, and shown publicly with consent
	ActionReopen      Action = "reopen"       // the sender contests the answer or the refusal
	ActionRate        Action = "rate"         // the sender says whether the answer satisfied them
)

// Actions lists the workflow's actions in the order a petition meets them.
var Actions = []Action{ActionAssign, ActionRefuse, ActionTransfer, ActionRequestInfo, ActionSupplyInfo,
	ActionAnswer, ActionPublish, ActionReopen, ActionRate}

// What the history shows besides the workflow's actions.
const (
	eventCreate    = "create"
	eventDuplicate = "link_duplicate"
	eventAttach    = "attach"
)

var actionLabels = map[Action]string{
	ActionAssign:      "tiếp nhận và giao xử lý",
	ActionRefuse:      "từ chối",
	ActionTransfer:    "chuyển đơn vị khác",
	ActionRequestInfo: "yêu cầu bổ sung thông tin",
	ActionSupplyInfo:  "bổ sung thông tin",
	ActionAnswer:      "trả lời",
	ActionPublish:     "công khai",
	ActionReopen:      "mở lại",
	ActionRate:        "đánh giá mức độ hài lòng",
	eventCreate:       "gửi phản ánh, kiến nghị",
	eventDuplicate:    "đánh dấu trùng",
	eventAttach:       "đính kèm tệp",
}

// Label is the Vietnamese name of the action, as a verb.
func (a Action) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return string(a)
}

// step is what one action may do: from which states to which, and by whom.
type step struct {
	next map[State]State
	by   []ActorKind
}

// workflow is the national workflow (DOMAIN.md, "Petitions from enterprises"):
// tiếp nhận → (từ chối | chuyển đơn vị khác | đang xử lý) → (chờ bổ sung ⇄ đang xử lý)
// → chờ công khai → đã công khai, and a reopen by the sender.
//
// A reopen after publication goes back to the unit that answered (đang xử lý). A
// refused petition has no unit, so its reopen goes back to the office (tiếp nhận) to
// be classified again. Publishing is decided by the office or the leadership; the
// answer of a sender who did not consent is sent to them but not shown publicly
// (Store.Act), and the petition is "đã công khai" all the same, as nationally.
var workflow = map[Action]step{
	ActionAssign: {next: map[State]State{StateReceived: StateProcessing, StateProcessing: StateProcessing},
		by: []ActorKind{ActorOffice}},
	ActionRefuse: {next: map[State]State{StateReceived: StateRefused},
		by: []ActorKind{ActorOffice}},
	ActionTransfer: {next: map[State]State{StateReceived: StateTransferred},
		by: []ActorKind{ActorOffice}},
	ActionRequestInfo: {next: map[State]State{StateProcessing: StateAwaitingInfo},
		by: []ActorKind{ActorUnitManager, ActorUnitStaff, ActorOffice}},
	ActionSupplyInfo: {next: map[State]State{StateAwaitingInfo: StateProcessing},
		by: []ActorKind{ActorEnterprise, ActorSender, ActorOffice}},
	ActionAnswer: {next: map[State]State{StateProcessing: StateAwaitingPublication},
		by: []ActorKind{ActorUnitManager, ActorUnitStaff}},
	ActionPublish: {next: map[State]State{StateAwaitingPublication: StatePublished},
		by: []ActorKind{ActorOffice, ActorLeader}},
	ActionReopen: {next: map[State]State{StatePublished: StateProcessing, StateRefused: StateReceived},
		by: []ActorKind{ActorEnterprise, ActorSender}},
	ActionRate: {next: map[State]State{StatePublished: StatePublished},
		by: []ActorKind{ActorEnterprise, ActorSender}},
}

// TransitionError says why an action is refused, in Vietnamese, naming the state and
// the action. It wraps ErrForbidden (the actor may never do it) or ErrWrongState
// (not from this state).
type TransitionError struct {
	State     State
	Action    Action
	Actor     ActorKind
	Forbidden bool
}

func (e *TransitionError) Error() string {
	st, ok := workflow[e.Action]
	if !ok {
		return fmt.Sprintf("Không có thao tác “%s” đối với phản ánh, kiến nghị", e.Action)
	}
	if e.Forbidden {
		who := make([]string, len(st.by))
		for i, k := range st.by {
			who[i] = k.Label()
		}
		return fmt.Sprintf("%s không được “%s” phản ánh, kiến nghị đang ở trạng thái “%s”: việc này do %s thực hiện",
			e.Actor.Label(), e.Action.Label(), e.State.Label(), strings.Join(who, ", "))
	}
	var from []string
	for _, s := range States {
		if _, ok := st.next[s]; ok {
			from = append(from, "“"+s.Label()+"”")
		}
	}
	return fmt.Sprintf("Không thể “%s” phản ánh, kiến nghị đang ở trạng thái “%s”: việc này chỉ thực hiện được ở trạng thái %s",
		e.Action.Label(), e.State.Label(), strings.Join(from, " hoặc "))
}

func (e *TransitionError) Unwrap() error {
	if e.Forbidden {
		return ErrForbidden
	}
	return ErrWrongState
}

// Allowed says whether actor may take action on a petition in state: nil, or a
// *TransitionError. Who the actor is comes first: someone who may never take the
// action is told so whatever the state.
func Allowed(state State, action Action, actor ActorKind) error {
	st, ok := workflow[action]
	if !ok {
		return &TransitionError{State: state, Action: action, Actor: actor}
	}
	if !slices.Contains(st.by, actor) {
		return &TransitionError{State: state, Action: action, Actor: actor, Forbidden: true}
	}
	if _, ok := st.next[state]; !ok {
		return &TransitionError{State: state, Action: action, Actor: actor}
	}
	return nil
}

// Next is the state action leads to from state; false when it cannot be taken there.
func Next(state State, action Action) (State, bool) {
	to, ok := workflow[action].next[state]
	return to, ok
}

// Possible lists the actions actor may take on a petition in state, for the
// buttons of a page.
func Possible(state State, actor ActorKind) []Action {
	var out []Action
	for _, a := range Actions {
		if Allowed(state, a, actor) == nil {
			out = append(out, a)
		}
	}
	return out
}
