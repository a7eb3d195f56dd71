package petition

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// The whole way of a petition, as its sender and the staff notice it: deadlines
// moving with the wait for the sender, every step in the history, the audit log and
// the notices.
func TestWorkflowToPublication(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.fromEnterprise(t, "Chậm cấp giấy phép xây dựng")
		f.notes.take()
		p = f.act(t, office(), p.ID, ActionAssign, Input{UnitID: f.unitA})
		if p.State != StateProcessing || p.UnitName != "Phòng Quản lý hoạt động xây dựng" || p.Version != 2 {
			t.Errorf("assigned %+v", p)
		}
		code := "[" + p.TrackingCode + "] "
		wantNotes := []string{code + "Được giao xử lý phản ánh, kiến nghị → unit:" + itoa(f.unitA),
			code + "Phản ánh, kiến nghị đang được xử lý → user:" + itoa(f.ent1User)}
		if got := f.notes.take(); strings.Join(got, "\n") != strings.Join(wantNotes, "\n") {
			t.Errorf("assign notices:\n%s", strings.Join(got, "\n"))
		}

		f.clk.set(2026, 5, 4)
		p = f.act(t, f.staff(f.unitA), p.ID, ActionRequestInfo, Input{Note: "Bổ sung bản vẽ mặt bằng"})
		if p.State != StateAwaitingInfo || !p.Deadlines.Paused {
			t.Errorf("awaiting info %+v", p.Deadlines)
		}
		f.clk.set(2026, 5, 7)
		p = f.act(t, f.enterprise(f.ent1), p.ID, ActionSupplyInfo, Input{Note: "Đã gửi bản vẽ"})
		if p.PauseDays != 3 || p.Deadlines.ProcessBy != date(2026, 5, 26) {
			t.Errorf("after 3 working days of waiting: pause %d, process by %s", p.PauseDays, p.Deadlines.ProcessBy)
		}

		f.clk.set(2026, 5, 22)
		p = f.act(t, f.manager(f.unitA), p.ID, ActionAnswer, Input{Answer: "Sở đã cấp giấy phép ngày 21/5."})
		if p.State != StateAwaitingPublication || p.Deadlines.PublishBy != date(2026, 5, 26) || p.Deadlines.Overdue.ProcessBy {
			t.Errorf("answered %+v", p.Deadlines)
		}
		f.clk.set(2026, 5, 25)
		p = f.act(t, leader(), p.ID, ActionPublish, Input{})
		if p.State != StatePublished || p.Public || p.PublishedOn != date(2026, 5, 25) {
			t.Errorf("published %+v", p)
		}
		p = f.act(t, f.enterprise(f.ent1), p.ID, ActionRate, Input{Satisfaction: SatisfactionSatisfied})
		if p.Satisfaction != SatisfactionSatisfied || p.Version != 7 {
			t.Errorf("rated %+v", p)
		}

		hist, err := f.s.History(ctx, f.enterprise(f.ent1), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range hist {
			lines = append(lines, fmt.Sprintf("%s %s→%s %s", e.Action, e.From, e.To, e.Note))
		}
		want := "create →received \n" +
			"assign received→processing Giao Phòng Quản lý hoạt động xây dựng\n" +
			"request_info processing→awaiting_info Bổ sung bản vẽ mặt bằng\n" +
			"supply_info awaiting_info→processing Đã gửi bản vẽ\n" +
			"answer processing→awaiting_publication \n" +
			"publish awaiting_publication→published Gửi trả lời cho người gửi, không công khai trên trang (người gửi không đồng ý công khai)\n" +
			"rate published→published Hài lòng"
		if strings.Join(lines, "\n") != want {
			t.Errorf("history:\n%s", strings.Join(lines, "\n"))
		}

		rows, err := f.d.Read().QueryContext(ctx, `SELECT action, actor, summary, COALESCE(before_json, ''), after_json FROM audit_log
			WHERE entity = 'petition' AND entity_id = $1 ORDER BY id`, itoa(p.ID))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var audit []string
		for rows.Next() {
			var action, actor, summary, before, after string
			if err := rows.Scan(&action, &actor, &summary, &before, &after); err != nil {
				t.Fatal(err)
			}
			if action == "state" && (!strings.Contains(before, `"state":"`) || !strings.Contains(after, `"state":"`)) {
				t.Errorf("audit entry without before and after: %s %s", before, after)
			}
			audit = append(audit, action+" | "+actor+" | "+summary)
		}
		if len(audit) != 7 || audit[1] != "state | Nguyễn Thị Văn Phòng | Tiếp nhận và giao xử lý phản ánh, kiến nghị "+p.TrackingCode+": Tiếp nhận → Đang xử lý" ||
			audit[6] != "state | Doanh nghiệp | Đánh giá mức độ hài lòng phản ánh, kiến nghị "+p.TrackingCode+": Đã công khai → Đã công khai" {
			t.Errorf("audit:\n%s", strings.Join(audit, "\n"))
		}
	})
}

// A public sender acts with the code they hold; the answer published with their
// consent shows on the public page without their personal data.
func TestPublicSenderAndPublication(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.fromPublic(t, "Đề nghị rút ngắn thời gian thẩm định thiết kế", true)
		hidden := f.fromPublic(t, "Đề nghị rút ngắn thời gian cấp phép", false)
		for _, q := range []*Petition{p, hidden} {
			f.act(t, office(), q.ID, ActionAssign, Input{UnitID: f.unitB})
			f.act(t, f.staff(f.unitB), q.ID, ActionRequestInfo, Input{Note: "Cho biết số hồ sơ"})
		}
		if _, err := f.s.Act(ctx, PublicActor("", "PA-2026-ZZZZZZ"), p.ID, ActionSupplyInfo, Input{Note: "x"}); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("wrong code: %v", err)
		}
		sender := PublicActor("Nguyễn Văn An", strings.ToLower(p.TrackingCode))
		f.act(t, sender, p.ID, ActionSupplyInfo, Input{Note: "Hồ sơ số 000.00.06.H37-260420-0001"})
		f.act(t, office(), hidden.ID, ActionSupplyInfo, Input{Note: "Người gửi báo qua điện thoại"})
		for _, q := range []*Petition{p, hidden} {
			f.act(t, f.staff(f.unitB), q.ID, ActionAnswer, Input{Answer: "Đã trao đổi với ông An (0912 345 678, CCCD 020188001234). Sở sẽ rút ngắn thời gian."})
			f.notes.take()
			f.act(t, office(), q.ID, ActionPublish, Input{})
		}
		got, err := f.s.GetByTracking(ctx, p.TrackingCode)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Public || got.PublishedAnswer != "Đã trao đổi với ông An ([số điện thoại đã ẩn], CCCD [số giấy tờ đã ẩn]). Sở sẽ rút ngắn thời gian." {
			t.Errorf("published %v %q", got.Public, got.PublishedAnswer)
		}
		if n := f.notes.take(); len(n) != 2 || !strings.HasSuffix(n[1], "Trả lời phản ánh, kiến nghị → an.nguyen@gmail.com") {
			t.Errorf("notices: %v", n)
		}

		for query, want := range map[string]int{"rut ngan": 1, "RÚT NGẮN thẩm định": 1, "0912": 0, "an.nguyen": 0, "": 1, "cấp phép": 0} {
			page, err := f.s.SearchPublished(ctx, query, Paging{})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != want || len(page.Items) != want {
				t.Errorf("search %q: %d, want %d", query, page.Total, want)
			}
			if want == 1 && (page.Items[0].ID != p.ID || strings.Contains(page.Items[0].Question, "0912") ||
				strings.Contains(page.Items[0].Question, "gmail")) {
				t.Errorf("search %q: %+v", query, page.Items[0])
			}
		}
		if _, err := f.s.GetPublished(ctx, hidden.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("the answer of a sender who did not consent is public: %v", err)
		}

		// The sender rates it, and may reopen it within 10 working days.
		f.act(t, sender, p.ID, ActionRate, Input{Satisfaction: SatisfactionUnsatisfied})
		if n := f.notes.take(); len(n) != 1 || !strings.HasSuffix(n[0], "→ unit:"+itoa(f.unitB)+",role:office") {
			t.Errorf("unsatisfied notices: %v", n)
		}
		f.clk.set(2026, 5, 12)
		r := f.act(t, sender, p.ID, ActionReopen, Input{Reason: "Chưa trả lời đúng câu hỏi"})
		if r.State != StateProcessing || r.ReopenCount != 1 || r.UnitID != f.unitB || r.Satisfaction != SatisfactionNone ||
			r.CycleStartOn != date(2026, 5, 12) || r.Deadlines.ProcessBy != date(2026, 6, 2) {
			t.Errorf("reopened %+v", r)
		}
	})
}

func TestReopenWindowAndRefusal(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.fromEnterprise(t, "Phí thẩm định cao")
		f.act(t, office(), p.ID, ActionRefuse, Input{Reason: "Nội dung đã được trả lời tại văn bản 15/SXD"})
		f.clk.set(2026, 5, 13) // refused 28/4: 10 working days end on 14/5
		r := f.act(t, f.enterprise(f.ent1), p.ID, ActionReopen, Input{Reason: "Văn bản 15/SXD không nói về phí"})
		if r.State != StateReceived || r.UnitID != 0 || r.ReopenCount != 1 || r.Deadlines.RefuseBy != date(2026, 5, 15) {
			t.Errorf("reopened %+v", r)
		}
		f.act(t, office(), p.ID, ActionRefuse, Input{Reason: "Đã trả lời"})
		f.clk.set(2026, 5, 28)
		before := written(t, f.d)
		_, err := f.s.Act(ctx, f.enterprise(f.ent1), p.ID, ActionReopen, Input{Reason: "Vẫn chưa rõ"})
		if !errors.Is(err, ErrWrongState) || err.Error() != "Đã quá thời hạn đề nghị xem xét lại: 10 ngày làm việc từ 13/05/2026, đến hết ngày 27/05/2026" {
			t.Errorf("late reopen: %v", err)
		}
		if after := written(t, f.d); after != before {
			t.Errorf("written %v → %v", before, after)
		}
	})
}

// Complaints and denunciations are recorded, then routed out, never handled here.
func TestComplaintRoutedOut(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p, err := f.s.Create(ctx, f.enterprise(f.ent1), NewPetition{Kind: KindComplaint, Subject: "Tố cáo cán bộ", Content: "…"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.s.Act(ctx, office(), p.ID, ActionAssign, Input{UnitID: f.unitA})
		if !errors.Is(err, ErrWrongState) || !strings.HasPrefix(err.Error(), "Khiếu nại, tố cáo không giải quyết theo quy trình phản ánh, kiến nghị") {
			t.Errorf("assign a complaint: %v", err)
		}
		f.notes.take()
		p = f.act(t, office(), p.ID, ActionTransfer, Input{TransferTo: "Thanh tra tỉnh Lạng Sơn"})
		if p.State != StateTransferred || p.TransferredTo != "Thanh tra tỉnh Lạng Sơn" {
			t.Errorf("transferred %+v", p)
		}
		if n := f.notes.take(); len(n) != 1 || !strings.Contains(n[0], "chuyển cơ quan có thẩm quyền → user:") {
			t.Errorf("notices %v", n)
		}
	})
}

// Whoever may not see a petition finds nothing; whoever sees it but may not act
// is told why; nothing changes either way.
func TestScopeAndRoleRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.fromEnterprise(t, "Chậm cấp phép")
		f.act(t, office(), p.ID, ActionAssign, Input{UnitID: f.unitA})
		for _, sc := range []auth.Scope{{UnitID: f.unitB}, {EnterpriseID: f.ent2}, {}} {
			if _, err := f.s.Get(ctx, sc, p.ID); !errors.Is(err, db.ErrNotFound) || err.Error() != "Không có phản ánh, kiến nghị số "+itoa(p.ID) {
				t.Errorf("scope %+v: %v", sc, err)
			}
		}
		for _, sc := range []auth.Scope{{UnitID: f.unitA}, {EnterpriseID: f.ent1}, {All: true}} {
			if _, err := f.s.Get(ctx, sc, p.ID); err != nil {
				t.Errorf("scope %+v: %v", sc, err)
			}
		}
		before := written(t, f.d)
		for _, c := range []struct {
			actor  Actor
			action Action
			in     Input
			is     error
		}{
			{f.staff(f.unitB), ActionAnswer, Input{Answer: "x"}, db.ErrNotFound},
			{f.enterprise(f.ent2), ActionRate, Input{Satisfaction: SatisfactionSatisfied}, db.ErrNotFound},
			{PublicActor("", ""), ActionSupplyInfo, Input{Note: "x"}, db.ErrNotFound},
			{council(), ActionRequestInfo, Input{Note: "x"}, ErrForbidden},
			{office(), ActionAnswer, Input{Answer: "x"}, ErrForbidden},
			{f.staff(f.unitA), ActionRefuse, Input{Reason: "x"}, ErrForbidden},
			{office(), ActionRefuse, Input{Reason: "x"}, ErrWrongState},
			{f.enterprise(f.ent1), ActionReopen, Input{Reason: "x"}, ErrWrongState},
		} {
			if _, err := f.s.Act(ctx, c.actor, p.ID, c.action, c.in); !errors.Is(err, c.is) {
				t.Errorf("%s %s: %v, want %v", c.actor.Role, c.action, err, c.is)
			}
		}
		_, err := f.s.Act(ctx, f.staff(f.unitA), p.ID, ActionRefuse, Input{Reason: "x"})
		if err == nil || err.Error() != "Công chức đơn vị được giao xử lý không được “từ chối” phản ánh, kiến nghị đang ở trạng thái “Đang xử lý”: việc này do Văn phòng Sở thực hiện" {
			t.Errorf("message: %v", err)
		}
		if after := written(t, f.d); after != before {
			t.Errorf("written %v → %v", before, after)
		}
	})
}

func TestActRejectsBadInput(t *testing.T) {
	for _, c := range []struct {
		name   string
		setup  []Action
		actor  func(f *fixture) Actor
		action Action
		in     func(f *fixture) Input
		field  string
		msg    string
	}{
		{"assign without unit", nil, officeOf, ActionAssign, func(*fixture) Input { return Input{} }, "unit", "Đơn vị xử lý: chọn phòng, đơn vị xử lý"},
		{"assign to no unit", nil, officeOf, ActionAssign, func(*fixture) Input { return Input{UnitID: 999} }, "unit", "Đơn vị xử lý: không có đơn vị số 999"},
		{"reassign to the same", []Action{ActionAssign}, officeOf, ActionAssign, func(f *fixture) Input { return Input{UnitID: f.unitA} },
			"unit", "Đơn vị xử lý: phản ánh, kiến nghị đã được giao cho Phòng Quản lý hoạt động xây dựng"},
		{"refuse without reason", nil, officeOf, ActionRefuse, func(*fixture) Input { return Input{Reason: "  "} }, "reason", "Lý do: không được để trống"},
		{"transfer nowhere", nil, officeOf, ActionTransfer, func(*fixture) Input { return Input{} }, "transfer_to", "Cơ quan tiếp nhận: không được để trống"},
		{"ask for nothing", []Action{ActionAssign}, staffA, ActionRequestInfo, func(*fixture) Input { return Input{} }, "note", "Nội dung: không được để trống"},
		{"empty answer", []Action{ActionAssign}, staffA, ActionAnswer, func(*fixture) Input { return Input{Answer: "\n"} }, "answer", "Nội dung trả lời: không được để trống"},
	} {
		t.Run(c.name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				p := f.fromEnterprise(t, "Chậm cấp phép")
				for _, a := range c.setup {
					f.act(t, office(), p.ID, a, Input{UnitID: f.unitA})
				}
				before := written(t, f.d)
				_, err := f.s.Act(ctx, c.actor(f), p.ID, c.action, c.in(f))
				var fe FieldErrors
				if !errors.As(err, &fe) || fe[c.field] != c.msg {
					t.Fatalf("got %v, want %s", err, c.msg)
				}
				if after := written(t, f.d); after != before {
					t.Errorf("written %v → %v", before, after)
				}
			})
		})
	}
}

func officeOf(*fixture) Actor { return office() }
func staffA(f *fixture) Actor { return f.staff(f.unitA) }

// Of several simultaneous actions on one petition, one wins; the others are told
// the petition changed, and only one transition is recorded.
func TestConcurrentActions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.fromEnterprise(t, "Chậm cấp phép")
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%2 == 0 {
					_, errs[i] = f.s.Act(ctx, office(), p.ID, ActionRefuse, Input{Reason: fmt.Sprintf("lý do %d", i)})
				} else {
					_, errs[i] = f.s.Act(ctx, office(), p.ID, ActionTransfer, Input{TransferTo: "UBND huyện"})
				}
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, ErrConflict) && !errors.Is(err, ErrWrongState):
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d actions won: %v", won, errs)
		}
		if n := count(t, f.d, "SELECT COUNT(*) FROM petition_events WHERE petition_id = $1", p.ID); n != 2 {
			t.Errorf("%d history rows, want create and one action", n)
		}
		if n := count(t, f.d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'petition' AND action = 'state'"); n != 1 {
			t.Errorf("%d audit entries", n)
		}
	})
}

func TestBulkAssign(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var ids []int64
		for i := range 3 {
			ids = append(ids, f.fromEnterprise(t, fmt.Sprintf("Phản ánh %d", i)).ID)
		}
		refused := f.fromEnterprise(t, "Đã từ chối")
		f.act(t, office(), refused.ID, ActionRefuse, Input{Reason: "Trùng"})
		before := written(t, f.d)
		_, err := f.s.BulkAssign(ctx, office(), append(ids, refused.ID), f.unitA)
		var be *BulkError
		if !errors.As(err, &be) || be.ID != refused.ID || !errors.Is(err, ErrWrongState) ||
			!strings.HasSuffix(err.Error(), "Chưa giao phản ánh, kiến nghị nào") {
			t.Errorf("bulk with a refused one: %v", err)
		}
		if after := written(t, f.d); after != before {
			t.Errorf("written %v → %v", before, after)
		}
		done, err := f.s.BulkAssign(ctx, office(), append(ids, ids[0]), f.unitA)
		if err != nil || len(done) != 3 {
			t.Fatalf("bulk: %d %v", len(done), err)
		}
		w, err := f.s.Worklist(ctx, auth.Scope{UnitID: f.unitA}, f.unitA, Paging{})
		if err != nil || w.Open != 3 {
			t.Errorf("worklist %+v %v", w, err)
		}
		if _, err := f.s.BulkAssign(ctx, f.staff(f.unitA), ids, f.unitB); !errors.Is(err, ErrForbidden) {
			t.Errorf("staff bulk: %v", err)
		}
	})
}
