package petition

import (
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
)

// seeded are the rules the migration seeds.
func seeded() Rules {
	from := date(2000, 1, 1)
	return Rules{
		{Code: RuleRefuse, WorkingDays: 2, Citation: "QĐ 31/2021", EffectiveFrom: from},
		{Code: RuleRequestInfo, WorkingDays: 5, Citation: "QĐ 31/2021", EffectiveFrom: from},
		{Code: RuleProcess, WorkingDays: 15, Citation: "QĐ 31/2021", EffectiveFrom: from},
		{Code: RulePublish, WorkingDays: 2, Citation: "QĐ 31/2021", EffectiveFrom: from},
		{Code: RuleTransfer, WorkingDays: 5, Citation: "NĐ 20/2008", EffectiveFrom: from},
		{Code: RuleReopen, WorkingDays: 10, Citation: "Sở", EffectiveFrom: from},
	}
}

// Received on Tuesday 28/04/2026: 30/4 and 1/5 are holidays, then a weekend.
func received(state State) *Petition {
	d := date(2026, 4, 28)
	return &Petition{Kind: KindFeedback, State: state, ReceivedOn: d, CycleStartOn: d}
}

func TestDeadlinesOverTheHolidays(t *testing.T) {
	cal := calendar.Default()
	p := received(StateReceived)
	for _, c := range []struct {
		name    string
		p       func() *Petition
		asOf    calendar.Date
		want    [5]calendar.Date // refuse, request info, process, publish, transfer
		overdue Overdue
		paused  bool
	}{
		{"just received", func() *Petition { return p }, date(2026, 4, 28),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 21), {}, date(2026, 5, 7)}, Overdue{}, false},
		{"not classified in 2 working days", func() *Petition { return p }, date(2026, 5, 5),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 21), {}, date(2026, 5, 7)},
			Overdue{RefuseBy: true}, false},
		{"not classified in 5", func() *Petition { return p }, date(2026, 5, 8),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 21), {}, date(2026, 5, 7)},
			Overdue{RefuseBy: true, TransferBy: true}, false},
		{"waited 4-6 May for the sender", func() *Petition {
			q := received(StateProcessing)
			q.InfoRequestedOn, q.PauseDays = date(2026, 5, 4), 3
			return q
		}, date(2026, 5, 22),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 26), {}, date(2026, 5, 7)}, Overdue{}, false},
		{"still waiting since 4 May", func() *Petition {
			q := received(StateAwaitingInfo)
			q.InfoRequestedOn, q.PausedOn = date(2026, 5, 4), date(2026, 5, 4)
			return q
		}, date(2026, 5, 8),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 28), {}, date(2026, 5, 7)}, Overdue{}, true},
		{"asked for information too late", func() *Petition {
			q := received(StateAwaitingInfo)
			q.InfoRequestedOn, q.PausedOn = date(2026, 5, 8), date(2026, 5, 8)
			return q
		}, date(2026, 5, 8),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 22), {}, date(2026, 5, 7)},
			Overdue{RequestInfoBy: true}, true},
		{"answered a day late, not yet published", func() *Petition {
			q := received(StateAwaitingPublication)
			q.AnsweredOn = date(2026, 5, 22)
			return q
		}, date(2026, 5, 27),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 21), date(2026, 5, 26), date(2026, 5, 7)},
			Overdue{ProcessBy: true, PublishBy: true}, false},
		{"answered and published in time", func() *Petition {
			q := received(StatePublished)
			q.AnsweredOn, q.PublishedOn, q.ClosedOn = date(2026, 5, 20), date(2026, 5, 22), date(2026, 5, 22)
			return q
		}, date(2026, 6, 30),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 21), date(2026, 5, 22), date(2026, 5, 7)}, Overdue{}, false},
		{"refused late", func() *Petition {
			q := received(StateRefused)
			q.ClosedOn = date(2026, 5, 5)
			return q
		}, date(2026, 6, 30),
			[5]calendar.Date{date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 21), {}, date(2026, 5, 7)}, Overdue{RefuseBy: true}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := ComputeDeadlines(c.p(), seeded(), cal, c.asOf)
			got := [5]calendar.Date{d.RefuseBy, d.RequestInfoBy, d.ProcessBy, d.PublishBy, d.TransferBy}
			if got != c.want {
				t.Errorf("deadlines %v, want %v", got, c.want)
			}
			if d.Overdue != c.overdue || d.Paused != c.paused {
				t.Errorf("overdue %+v paused %v, want %+v %v", d.Overdue, d.Paused, c.overdue, c.paused)
			}
		})
	}
}

func TestDeadlineExplanations(t *testing.T) {
	q := received(StateProcessing)
	q.PauseDays = 3
	d := ComputeDeadlines(q, seeded(), calendar.Default(), date(2026, 5, 22))
	for code, want := range map[RuleCode]string{
		RuleRefuse: "Hạn từ chối tiếp nhận: 2 ngày làm việc từ 28/04/2026, trừ 2 ngày cuối tuần và 2 ngày nghỉ lễ: " +
			"30/04/2026 (Ngày Chiến thắng), 01/05/2026 (Ngày Quốc tế Lao động) → 04/05/2026. Căn cứ: QĐ 31/2021",
		RuleProcess: "Hạn xử lý: 15 ngày làm việc từ 28/04/2026, trừ 6 ngày cuối tuần và 2 ngày nghỉ lễ: 30/04/2026 " +
			"(Ngày Chiến thắng), 01/05/2026 (Ngày Quốc tế Lao động) → 21/05/2026; cộng thời gian chờ người gửi bổ sung thông tin: " +
			"3 ngày làm việc từ 21/05/2026, trừ 2 ngày cuối tuần → 26/05/2026. Căn cứ: QĐ 31/2021",
	} {
		if got := d.Explain(code); got != want {
			t.Errorf("%s:\n got %s\nwant %s", code, got, want)
		}
	}
	q = received(StateAwaitingInfo)
	q.PausedOn = date(2026, 5, 4)
	d = ComputeDeadlines(q, seeded(), calendar.Default(), date(2026, 5, 5))
	if !strings.HasSuffix(d.Explain(RuleProcess), "; đang chờ người gửi bổ sung từ 04/05/2026, hạn còn lùi thêm mỗi ngày làm việc chờ. Căn cứ: QĐ 31/2021") {
		t.Errorf("paused: %s", d.Explain(RuleProcess))
	}
}

func TestRuleInForce(t *testing.T) {
	rules := append(seeded(),
		Rule{Code: RuleProcess, WorkingDays: 10, Citation: "Nghị định mới", EffectiveFrom: date(2026, 6, 1)},
		Rule{Code: RuleTransfer, Category: KindComplaint, WorkingDays: 3, Citation: "Luật Khiếu nại", EffectiveFrom: date(2020, 1, 1)},
	)
	for _, c := range []struct {
		code RuleCode
		kind Kind
		on   calendar.Date
		days int
	}{
		{RuleProcess, KindFeedback, date(2026, 5, 31), 15},
		{RuleProcess, KindFeedback, date(2026, 6, 1), 10},
		{RuleTransfer, KindComplaint, date(2026, 6, 1), 3},
		{RuleTransfer, KindProposal, date(2026, 6, 1), 5},
	} {
		r, ok := rules.InForce(c.code, c.kind, c.on)
		if !ok || r.WorkingDays != c.days {
			t.Errorf("%s for %s on %s: %d days (%v), want %d", c.code, c.kind, c.on, r.WorkingDays, ok, c.days)
		}
	}
	if _, ok := rules.InForce(RuleProcess, KindFeedback, date(1999, 12, 31)); ok {
		t.Error("a rule in force before any rule began")
	}
}

func TestDueKey(t *testing.T) {
	d := Deadlines{RefuseBy: date(2026, 5, 4), TransferBy: date(2026, 5, 7), ProcessBy: date(2026, 5, 21), PublishBy: date(2026, 5, 26)}
	for state, want := range map[State]string{
		StateReceived: "2026-05-04", StateProcessing: "2026-05-21", StateAwaitingInfo: noDue,
		StateAwaitingPublication: "2026-05-26", StatePublished: noDue, StateRefused: noDue, StateTransferred: noDue,
	} {
		if got := dueKey(state, d); got != want {
			t.Errorf("%s: %s, want %s", state, got, want)
		}
	}
}
