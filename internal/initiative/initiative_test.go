package initiative

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/validate"
)

// Shares that do not add up, a first application in the future, a bad amount:
// each field says what is wrong and nothing is written.
func TestBadInputChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		in := w.valid()
		in.Authors[1].Share = "30"
		in.FirstAppliedOn = "2026-12-15"
		in.ExpectedDong = "1,5 tỷ"
		in.Title = " "
		_, err := w.s.Create(context.Background(), w.unitU, in)
		var errs validate.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("err = %v, want field errors", err)
		}
		for field, want := range map[string]string{
			"authors":          "Tổng tỷ lệ đóng góp của các tác giả là 90%, phải bằng đúng 100%",
			"first_applied_on": "Ngày áp dụng lần đầu 15/12/2026 là ngày trong tương lai",
			"expected_dong":    "Lợi ích kinh tế dự kiến \"1,5 tỷ\" không hợp lệ",
			"title":            "Nhập tên sáng kiến",
		} {
			if !strings.Contains(errs[field], want) {
				t.Errorf("%s: %q, want %q", field, errs[field], want)
			}
		}
		in = w.valid()
		in.Authors = []AuthorInput{{StaffID: id(w.lan), Share: "33,33"}, {Name: "Nguyễn Văn Bình", Organisation: "Công ty CP Tư vấn Đông Bắc", Share: "33,33"},
			{StaffID: id(w.lan), Share: "33,34"}}
		if _, err := w.s.Create(context.Background(), w.unitU, in); err == nil || !strings.Contains(err.Error(), "Tác giả thứ 3 trùng") {
			t.Errorf("the same staff member twice: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM initiatives"); n != 0 {
			t.Errorf("%d initiatives written", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'initiative'"); n != 0 {
			t.Errorf("%d audit entries for a refused form", n)
		}
	})
}

// From draft to applied effectively, with a return for completion on the way; each
// step only from its state and by its role; T5 counts the year it became effective.
func TestWorkflowToAppliedCountsForT5(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		in := w.valid()
		in.Authors[1] = AuthorInput{Name: "Nguyễn Văn Bình", Organisation: "Công ty CP Tư vấn Đông Bắc", Share: "40"}
		it, err := w.s.Create(ctx, w.unitU, in)
		if err != nil {
			t.Fatal(err)
		}
		if it.Proposer != "Phòng Quản lý hoạt động xây dựng" || it.Authors[0].Name != "Vi Thị Lan" || it.AuthorNames() != "Vi Thị Lan (60%), Nguyễn Văn Bình (40%)" {
			t.Errorf("created %+v", it)
		}
		if _, err := w.s.Get(ctx, w.otherU, it.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("another unit sees the draft: %v", err)
		}
		if err := w.s.Submit(ctx, w.otherU, it.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("another unit submitted it: %v", err)
		}
		if err := w.s.StartReview(ctx, w.officeU, it.ID, "1"); err == nil || !strings.Contains(err.Error(), "“Bản nháp” nên không thể đưa ra Hội đồng xét") {
			t.Errorf("a draft went to the council: %v", err)
		}
		if err := w.s.Submit(ctx, w.unitU, it.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.Update(ctx, w.unitU, it.ID, in); err == nil || !strings.Contains(err.Error(), "“Đã nộp” nên không thể sửa nội dung") {
			t.Errorf("edited after submitting: %v", err)
		}
		if err := w.s.Return(ctx, w.unitU, it.ID, "Bổ sung số liệu"); !errors.Is(err, ErrForbidden) {
			t.Errorf("the unit returned its own initiative: %v", err)
		}
		if err := w.s.Return(ctx, w.officeU, it.ID, " "); err == nil || !strings.Contains(err.Error(), "Nêu nội dung cần hoàn thiện") {
			t.Errorf("returned without a reason: %v", err)
		}
		if err := w.s.Return(ctx, w.officeU, it.ID, "Bổ sung số liệu tiết kiệm chi phí"); err != nil {
			t.Fatal(err)
		}
		in.ExpectedDong = "150.000.000"
		if _, err := w.s.Update(ctx, w.unitU, it.ID, in); err != nil {
			t.Fatalf("a returned initiative cannot be completed: %v", err)
		}
		if err := w.s.Submit(ctx, w.unitU, it.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.s.Submit(ctx, w.unitU, it.ID); err == nil || !strings.Contains(err.Error(), "không thể nộp") {
			t.Errorf("submitted twice: %v", err)
		}
		ses, _ := w.s.CreateSession(ctx, w.officeU, SessionInput{Name: "Phiên họp quý IV", HeldOn: "2026-11-20"})
		w.s.AddMember(ctx, w.officeU, ses.ID, id(w.council.ID), "")
		if err := w.s.StartReview(ctx, w.officeU, it.ID, id(ses.ID)); err != nil {
			t.Fatal(err)
		}
		if err := w.s.Score(ctx, w.council, it.ID, map[string]string{"novelty": "1", "applicability": "30", "economic": "20", "social": "25"}); err != nil {
			t.Fatal(err)
		}
		if err := w.s.Decide(ctx, w.officeU, it.ID, true, DecisionInput{VotesFor: "1", VotesAgainst: "0", Level: "base"}); err != nil {
			t.Fatal(err)
		}
		apply := ApplyInput{UnitIDs: []string{id(w.qlxd), id(w.ttdk)}, Others: "UBND huyện Cao Lộc", AppliedFrom: "2026-12-01",
			MeasuredDong: "80.000.000", Evidence: Upload{Name: "bao-cao-hieu-qua.pdf", Data: pdf}}
		if err := w.s.RecordApplied(ctx, w.officeU, it.ID, apply); err == nil || !strings.Contains(err.Error(), "Ngày bắt đầu áp dụng 01/12/2026 là ngày trong tương lai") {
			t.Errorf("applied from a future date: %v", err)
		}
		apply.AppliedFrom, apply.EffectiveOn = "2026-06-01", "2026-10-15"
		if err := w.s.RecordApplied(ctx, w.officeU, it.ID, apply); err != nil {
			t.Fatal(err)
		}
		got, _ := w.s.Get(ctx, w.leader, it.ID)
		if got.State != Applied || len(got.Applications) != 3 || got.Applications[2].Name != "UBND huyện Cao Lộc" || *got.MeasuredDong != 80000000 {
			t.Errorf("applied = %+v", got)
		}
		today := calendar.DateOf(clock())
		if n, _ := w.s.AppliedIn(ctx, 2026, today); n != 1 {
			t.Errorf("T5 2026 = %d, want 1", n)
		}
		if n, _ := w.s.AppliedIn(ctx, 2027, today); n != 0 {
			t.Errorf("T5 2027 = %d", n)
		}
		list, total, err := w.s.List(ctx, w.leader, Filter{Year: 2026, State: Applied, Query: "giay phep"}, 10, 0)
		if err != nil || total != 1 || list[0].ID != it.ID || len(list[0].Authors) != 2 {
			t.Errorf("applied list = %d %v %+v", total, err, list)
		}
		if _, total, _ := w.s.List(ctx, w.otherU, Filter{}, 10, 0); total != 0 {
			t.Errorf("another unit lists %d initiatives", total)
		}
		hist, _ := w.s.History(ctx, w.unitU, it.ID)
		var steps []string
		for _, e := range hist {
			if e.From != e.To {
				steps = append(steps, string(e.To))
			}
		}
		if strings.Join(steps, ",") != "draft,submitted,returned,submitted,under_review,recognised,applied" {
			t.Errorf("history = %v", steps)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'initiative' AND action = 'state'"); n != 6 {
			t.Errorf("%d state changes audited, want 6", n)
		}
	})
}

// An enterprise proposes for itself; its outside authors work there.
func TestEnterpriseProposesForItself(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		in := w.valid()
		in.UnitID = id(w.qlxd) // ignored: an enterprise proposes for itself
		in.Authors = []AuthorInput{{Name: "Lý Thị Mai", Share: "100"}}
		it, err := w.s.Create(ctx, w.entU, in)
		if err != nil {
			t.Fatal(err)
		}
		if it.EnterpriseID != w.ent || it.UnitID != 0 || it.Authors[0].Organisation != "Công ty CP Xây dựng Pác Bó" {
			t.Errorf("enterprise initiative = %+v", it)
		}
		if _, err := w.s.Get(ctx, w.unitU, it.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("a unit sees an enterprise's initiative: %v", err)
		}
		if _, err := w.s.Create(ctx, w.leader, in); !errors.Is(err, ErrForbidden) {
			t.Errorf("the leader proposed an initiative: %v", err)
		}
		list, _, _ := w.s.List(ctx, w.officeU, Filter{Enterprises: true}, 10, 0)
		if len(list) != 1 {
			t.Errorf("enterprises' initiatives = %v", list)
		}
	})
}
