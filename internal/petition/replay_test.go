package petition

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
)

// setTime moves the clock to t.
func (c *clock) setTime(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// replayHistories are petitions of spring 2026 through every state and action:
// a request for information, answers on time and late, publication with and
// without consent, a rating, a reopen after publication and after a refusal, a
// transfer, a reassignment, and some still open.
func (f *fixture) replayHistories() []History {
	base := at(2026, 3, 2, 8) // a Monday
	on := func(days, hour int) time.Time { return base.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour) }
	ent := Actor{UserID: f.ent1User, Name: "dn1", Role: auth.RoleEnterprise, EnterpriseID: f.ent1}
	fromEnt := func(kind Kind, subject string) NewPetition {
		return NewPetition{Kind: kind, Subject: subject, Content: "Hồ sơ nộp từ tháng 1 chưa có kết quả. Gọi 0912 345 678.", PublishConsent: true}
	}
	step := func(t time.Time, by Actor, action Action, in Input) Step {
		return Step{At: t, By: by, Action: action, Input: in}
	}
	public := NewPetition{Kind: KindFeedback, Subject: "Đường công vụ chưa hoàn trả", Content: "Liên hệ an.nguyen@gmail.com.",
		SenderName: "Nguyễn Văn An", SenderPhone: "0912 345 678", SenderEmail: "An.Nguyen@gmail.com", PublishConsent: true}
	hs := []History{
		{By: ent, New: fromEnt(KindProposal, "Thời gian cấp giấy phép xây dựng quá dài"), Steps: []Step{
			step(on(1, 1), office(), ActionAssign, Input{UnitID: f.unitA}),
			step(on(2, 2), f.staff(f.unitA), ActionRequestInfo, Input{Note: "Đề nghị gửi bản vẽ"}),
			step(on(8, 3), ent, ActionSupplyInfo, Input{Note: "Đã gửi bản vẽ"}),
			step(on(24, 1), f.manager(f.unitA), ActionAnswer, Input{Answer: "Sở đã rút ngắn thời gian. Gọi 0912 345 678."}),
			step(on(25, 2), office(), ActionPublish, Input{}),
			step(on(26, 3), ent, ActionRate, Input{Satisfaction: SatisfactionSatisfied}),
			step(on(29, 1), ent, ActionReopen, Input{Reason: "Chưa rõ thời hạn mới"}),
			step(on(31, 2), f.manager(f.unitA), ActionAnswer, Input{Answer: "Thời hạn mới là 10 ngày làm việc."}),
			step(on(32, 3), leader(), ActionPublish, Input{}),
		}},
		{By: PublicActor("", ""), New: public, Steps: []Step{
			step(on(0, 3), office(), ActionAssign, Input{UnitID: f.unitB}),
			step(on(38, 1), f.staff(f.unitB), ActionAnswer, Input{Answer: "Đã yêu cầu nhà thầu hoàn trả."}),
			step(on(38, 5), leader(), ActionPublish, Input{}),
		}},
		{By: office(), New: NewPetition{Kind: KindFeedback, Channel: ChannelPaper, EnterpriseTaxCode: "4900100000",
			Subject: "Phí thẩm định", Content: "Công văn số 12"}, Steps: []Step{
			step(on(1, 4), office(), ActionRefuse, Input{Reason: "Không thuộc phạm vi phản ánh, kiến nghị"}),
		}},
		{By: ent, New: fromEnt(KindComplaint, "Khiếu nại quyết định xử phạt"), Steps: []Step{
			step(on(2, 0), office(), ActionTransfer, Input{TransferTo: "Thanh tra tỉnh"}),
		}},
		{By: ent, New: fromEnt(KindFeedback, "Chưa phân loại")},
		{By: ent, New: fromEnt(KindFeedback, "Đang xử lý, quá hạn"), Steps: []Step{
			step(on(1, 0), office(), ActionAssign, Input{UnitID: f.unitA}),
		}},
		{By: PublicActor("", ""), New: NewPetition{Kind: KindProposal, Subject: "Chờ bổ sung", Content: "Nội dung",
			SenderName: "Trần Thị Bình", SenderEmail: "binh@example.vn"}, Steps: []Step{
			step(on(3, 0), office(), ActionAssign, Input{UnitID: f.unitB}),
			step(on(7, 0), f.manager(f.unitB), ActionRequestInfo, Input{Note: "Đề nghị ghi rõ địa điểm"}),
		}},
		{By: ent, New: fromEnt(KindFeedback, "Từ chối rồi mở lại"), Steps: []Step{
			step(on(1, 0), office(), ActionRefuse, Input{Reason: "Thiếu thông tin"}),
			step(on(3, 0), ent, ActionReopen, Input{Reason: "Đã bổ sung"}),
			step(on(4, 0), office(), ActionAssign, Input{UnitID: f.unitB}),
		}},
		{By: ent, New: fromEnt(KindFeedback, "Đã trả lời, chờ công khai"), Steps: []Step{
			step(on(1, 0), office(), ActionAssign, Input{UnitID: f.unitA}),
			step(on(9, 0), f.staff(f.unitA), ActionAnswer, Input{Answer: "Đã xử lý."}),
		}},
		{By: ent, New: fromEnt(KindFeedback, "Giao lại đơn vị khác"), Steps: []Step{
			step(on(1, 0), office(), ActionAssign, Input{UnitID: f.unitA}),
			step(on(2, 0), office(), ActionAssign, Input{UnitID: f.unitB}),
		}},
	}
	for i := range hs {
		hs[i].New.ReceivedAt = base.Add(time.Duration(i) * 7 * time.Minute)
	}
	return hs
}

// live takes the histories through Create and Act, the clock set to each moment.
func (f *fixture) live(t *testing.T, hs []History) []int64 {
	t.Helper()
	var ids []int64
	for _, h := range hs {
		in := h.New
		f.clk.setTime(in.ReceivedAt)
		in.ReceivedAt = time.Time{}
		p, err := f.s.Create(ctx, h.By, in)
		if err != nil {
			t.Fatalf("create %q: %v", in.Subject, err)
		}
		for _, st := range h.Steps {
			f.clk.setTime(st.At)
			f.act(t, st.By, p.ID, st.Action, st.Input)
		}
		ids = append(ids, p.ID)
	}
	return ids
}

// row is every column of a petition but its id and tracking code, and its history.
func row(t *testing.T, f *fixture, id int64) []string {
	t.Helper()
	rows, err := f.d.Read().QueryContext(ctx, "SELECT * FROM petitions WHERE id = $1", id)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("no petition %d", id)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	var out []string
	for i, c := range cols {
		if c == "id" || c == "tracking_code" {
			continue
		}
		v := vals[i]
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		out = append(out, fmt.Sprintf("%s=%v", c, v))
	}
	ev, err := f.d.Read().QueryContext(ctx, `SELECT at, COALESCE(actor_id, 0), actor, action, from_state, to_state, note
		FROM petition_events WHERE petition_id = $1 ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer ev.Close()
	for ev.Next() {
		var at time.Time
		var actor int64
		var who, action, from, to, note string
		if err := ev.Scan(&at, &actor, &who, &action, &from, &to, &note); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("event %s %d %s %s %s→%s %s", at.UTC().Format(time.RFC3339Nano), actor, who, action, from, to, note))
	}
	return out
}

// A replayed petition is the row, with the history, that Create and Act leave when
// each step is taken at its time; one audit entry records the whole replay.
func TestReplayWritesWhatTheStoreWrites(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		hs := f.replayHistories()
		live := f.live(t, hs)
		audits := count(t, f.d, "SELECT COUNT(*) FROM audit_log")
		f.clk.set(2026, 6, 30)
		ids, err := f.s.Replay(ctx, office(), hs)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(hs) {
			t.Fatalf("%d ids for %d histories", len(ids), len(hs))
		}
		states := map[State]bool{}
		for i := range hs {
			want, got := row(t, f, live[i]), row(t, f, ids[i])
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				for j := range max(len(want), len(got)) {
					var w, g string
					if j < len(want) {
						w = want[j]
					}
					if j < len(got) {
						g = got[j]
					}
					if w != g {
						t.Errorf("%q: replayed %s, the store wrote %s", hs[i].New.Subject, g, w)
					}
				}
			}
			p := f.s.mustGet(t, ids[i])
			if !strings.HasPrefix(p.TrackingCode, "PA-2026-") {
				t.Errorf("tracking code %q", p.TrackingCode)
			}
			states[p.State] = true
		}
		if len(states) != len(States) {
			t.Errorf("the histories end in %d states, want all %d", len(states), len(States))
		}
		if n := count(t, f.d, "SELECT COUNT(*) FROM audit_log") - audits; n != 1 {
			t.Errorf("%d audit entries for the replay, want 1", n)
		}
	})
}

// A step the workflow refuses, a step out of order and a replay by someone other
// than the office stop the replay, name the petition and the step, and write nothing.
func TestReplayRefusesWhatTheStoreRefuses(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		hs := f.replayHistories()
		before := written(t, f.d)
		bad := append([]History(nil), hs...)
		bad[1].Steps = append([]Step(nil), hs[1].Steps...)
		bad[1].Steps[2].By = f.staff(f.unitB) // a unit publishing
		_, err := f.s.Replay(ctx, office(), bad)
		var re *ReplayError
		if !errors.As(err, &re) || re.Index != 1 || re.Step != 3 || !errors.Is(err, ErrForbidden) ||
			!strings.Contains(err.Error(), "Phản ánh, kiến nghị thứ 2, bước 3") {
			t.Errorf("a unit publishing: %v", err)
		}
		bad[1].Steps[2] = Step{At: hs[1].New.ReceivedAt.Add(-time.Hour), By: leader(), Action: ActionPublish}
		if _, err := f.s.Replay(ctx, office(), bad); !errors.Is(err, ErrWrongState) {
			t.Errorf("a step before the one it follows: %v", err)
		}
		late := append([]History(nil), hs[:1]...)
		late[0].New.ReceivedAt = f.clk.now().Add(time.Hour)
		if _, err := f.s.Replay(ctx, office(), late); err == nil || !strings.Contains(err.Error(), "tương lai") {
			t.Errorf("received in the future: %v", err)
		}
		if _, err := f.s.Replay(ctx, leader(), hs); !errors.Is(err, ErrForbidden) {
			t.Errorf("the leader replayed: %v", err)
		}
		if got := written(t, f.d); got != before {
			t.Errorf("written %v, before %v", got, before)
		}
	})
}

// Many petitions go in with multi-row inserts, each with its own tracking code.
func TestReplayMany(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.clk.set(2026, 6, 30)
		var hs []History
		for i := range 1200 {
			h := History{By: office(), New: NewPetition{Kind: KindFeedback, Channel: ChannelPhone, EnterpriseID: f.ent2,
				Subject: fmt.Sprintf("Phản ánh số %d", i), Content: "Nội dung", ReceivedAt: at(2026, 5, 4, 8).Add(time.Duration(i) * time.Minute)}}
			if i%3 == 0 {
				h.Steps = []Step{{At: h.New.ReceivedAt.Add(24 * time.Hour), By: office(), Action: ActionAssign, Input: Input{UnitID: f.unitA}}}
			}
			hs = append(hs, h)
		}
		ids, err := f.s.Replay(ctx, office(), hs)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, f.d, "SELECT COUNT(DISTINCT tracking_code) FROM petitions"); n != 1200 {
			t.Errorf("%d tracking codes", n)
		}
		if n := count(t, f.d, "SELECT COUNT(*) FROM petition_events"); n != 1600 {
			t.Errorf("%d history rows, want 1,600", n)
		}
		if p := f.s.mustGet(t, ids[1199]); p.Subject != "Phản ánh số 1199" || p.State != StateReceived {
			t.Errorf("the last: %+v", p)
		}
		w, err := f.s.Worklist(ctx, auth.Scope{UnitID: f.unitA}, f.unitA, Paging{})
		if err != nil || w.Open != 400 {
			t.Errorf("the unit's worklist: %d open, %v", w.Open, err)
		}
	})
}
