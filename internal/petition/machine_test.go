package petition

import (
	"errors"
	"strings"
	"testing"
)

// The workflow as the issue states it, written out again by hand: for each action,
// the states it may start from, where it leads, and who may take it. The test
// checks every (state × action × actor) against it.
var want = map[Action]struct {
	from map[State]State
	by   []ActorKind
}{
	ActionAssign: {map[State]State{StateReceived: StateProcessing, StateProcessing: StateProcessing},
		[]ActorKind{ActorOffice}},
	ActionRefuse:      {map[State]State{StateReceived: StateRefused}, []ActorKind{ActorOffice}},
	ActionTransfer:    {map[State]State{StateReceived: StateTransferred}, []ActorKind{ActorOffice}},
	ActionRequestInfo: {map[State]State{StateProcessing: StateAwaitingInfo}, []ActorKind{ActorUnitStaff, ActorUnitManager, ActorOffice}},
	ActionSupplyInfo:  {map[State]State{StateAwaitingInfo: StateProcessing}, []ActorKind{ActorEnterprise, ActorSender, ActorOffice}},
	ActionAnswer:      {map[State]State{StateProcessing: StateAwaitingPublication}, []ActorKind{ActorUnitStaff, ActorUnitManager}},
	ActionPublish:     {map[State]State{StateAwaitingPublication: StatePublished}, []ActorKind{ActorOffice, ActorLeader}},
	ActionReopen: {map[State]State{StatePublished: StateProcessing, StateRefused: StateReceived},
		[]ActorKind{ActorEnterprise, ActorSender}},
	ActionRate: {map[State]State{StatePublished: StatePublished}, []ActorKind{ActorEnterprise, ActorSender}},
}

func TestAllowedEveryCombination(t *testing.T) {
	if len(want) != len(Actions) {
		t.Fatalf("the table covers %d actions, the package has %d", len(want), len(Actions))
	}
	combos := 0
	for _, state := range States {
		for _, action := range Actions {
			for _, actor := range ActorKinds {
				combos++
				w := want[action]
				to, fromOK := w.from[state]
				byOK := false
				for _, k := range w.by {
					byOK = byOK || k == actor
				}
				err := Allowed(state, action, actor)
				name := string(state) + "/" + string(action) + "/" + string(actor)
				switch {
				case fromOK && byOK:
					if err != nil {
						t.Errorf("%s: refused: %v", name, err)
					}
					if got, ok := Next(state, action); !ok || got != to {
						t.Errorf("%s: leads to %q, want %q", name, got, to)
					}
				case !byOK:
					if !errors.Is(err, ErrForbidden) {
						t.Errorf("%s: want forbidden, got %v", name, err)
					}
				default:
					if !errors.Is(err, ErrWrongState) || errors.Is(err, ErrForbidden) {
						t.Errorf("%s: want wrong state, got %v", name, err)
					}
				}
				if err != nil {
					msg := err.Error()
					if !strings.Contains(msg, "“"+state.Label()+"”") || !strings.Contains(msg, "“"+action.Label()+"”") {
						t.Errorf("%s: message does not name the state and the action: %s", name, msg)
					}
				}
			}
		}
	}
	if combos != 7*9*7 {
		t.Fatalf("checked %d combinations", combos)
	}
}

func TestAllowedMessages(t *testing.T) {
	for _, c := range []struct {
		state  State
		action Action
		actor  ActorKind
		want   string
	}{
		{StateProcessing, ActionRefuse, ActorOffice,
			"Không thể “từ chối” phản ánh, kiến nghị đang ở trạng thái “Đang xử lý”: việc này chỉ thực hiện được ở trạng thái “Tiếp nhận”"},
		{StateReceived, ActionReopen, ActorSender,
			"Không thể “mở lại” phản ánh, kiến nghị đang ở trạng thái “Tiếp nhận”: việc này chỉ thực hiện được ở trạng thái “Đã công khai” hoặc “Từ chối”"},
		{StateProcessing, ActionAnswer, ActorOffice,
			"Văn phòng Sở không được “trả lời” phản ánh, kiến nghị đang ở trạng thái “Đang xử lý”: việc này do Lãnh đạo đơn vị được giao xử lý, Công chức đơn vị được giao xử lý thực hiện"},
		{StateAwaitingPublication, ActionPublish, ActorOther,
			"Người dùng không liên quan đến phản ánh, kiến nghị này không được “công khai” phản ánh, kiến nghị đang ở trạng thái “Chờ công khai”: việc này do Văn phòng Sở, Lãnh đạo Sở thực hiện"},
	} {
		if err := Allowed(c.state, c.action, c.actor); err == nil || err.Error() != c.want {
			t.Errorf("%s/%s/%s:\n got %v\nwant %s", c.state, c.action, c.actor, err, c.want)
		}
	}
	if err := Allowed(StateReceived, "delete", ActorOffice); err == nil || err.Error() != "Không có thao tác “delete” đối với phản ánh, kiến nghị" {
		t.Errorf("unknown action: %v", err)
	}
}

func TestPossible(t *testing.T) {
	for _, c := range []struct {
		state State
		actor ActorKind
		want  string
	}{
		{StateReceived, ActorOffice, "assign refuse transfer"},
		{StateProcessing, ActorUnitStaff, "request_info answer"},
		{StateProcessing, ActorOffice, "assign request_info"},
		{StatePublished, ActorSender, "reopen rate"},
		{StatePublished, ActorOther, ""},
	} {
		var got []string
		for _, a := range Possible(c.state, c.actor) {
			got = append(got, string(a))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s/%s: %v, want %s", c.state, c.actor, got, c.want)
		}
	}
}
