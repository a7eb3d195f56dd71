package initiative

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/validate"
	"github.com/thidua/thidua/plans"
)

// A member who is an author, or who belongs to the proposing unit, is refused with
// the reason; a score outside a criterion's range names the criterion; nothing is
// stored either way.
func TestConflictOfInterestAndRange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		it, ses := w.underReview(t)
		// The office account is Chu Thị Hằng of the office: no conflict. The unit's
		// own staff member Lan, an author, sits on the council through a council account.
		author, _ := auth.NewStore(d, clock).CreateUser(ctx, auth.NewUser{Username: "lan.hd", FullName: "Vi Thị Lan", Role: auth.RoleCouncil, Password: "mat-khau-lan"})
		colleague, _ := auth.NewStore(d, clock).CreateUser(ctx, auth.NewUser{Username: "tung.hd", FullName: "Hà Mạnh Tùng", Role: auth.RoleCouncil, Password: "mat-khau-tung"})
		tung := w.staffIn(t, w.qlxd, "Hà Mạnh Tùng")
		for _, m := range []struct {
			u     *auth.User
			staff string
		}{{author, ""}, {colleague, id(tung)}, {w.officeU, id(w.office)}} {
			if err := w.s.AddMember(ctx, w.officeU, ses.ID, id(m.u.ID), m.staff); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.s.AddMember(ctx, w.officeU, ses.ID, id(w.unitU.ID), ""); err == nil || !strings.Contains(err.Error(), "chỉ tài khoản thành viên hội đồng hoặc Văn phòng Sở") {
			t.Errorf("a unit officer joined the council: %v", err)
		}
		good := map[string]string{"novelty": "1", "applicability": "30", "economic": "20", "social": "25"}
		var re *RefusedError
		if err := w.s.Score(ctx, author, it.ID, good); !errors.As(err, &re) || !strings.Contains(re.Msg, "Vi Thị Lan là tác giả của sáng kiến này nên không được chấm điểm") {
			t.Errorf("an author scored: %v", err)
		}
		if err := w.s.Score(ctx, colleague, it.ID, good); !errors.As(err, &re) || !strings.Contains(re.Msg, "thuộc Phòng Quản lý hoạt động xây dựng, đơn vị đề nghị công nhận sáng kiến") {
			t.Errorf("a member of the proposing unit scored: %v", err)
		}
		fresh, _ := w.s.Get(ctx, colleague, it.ID)
		if ok, why, _ := w.s.CanScore(ctx, colleague, fresh); ok || !strings.Contains(why, "xung đột lợi ích") {
			t.Errorf("the page would offer the form to a conflicted member: %v %q", ok, why)
		}
		if err := w.s.Score(ctx, w.leader, it.ID, good); !errors.As(err, &re) || !strings.Contains(re.Msg, "không phải thành viên Hội đồng") {
			t.Errorf("a non-member scored: %v", err)
		}
		bad := map[string]string{"novelty": "2", "applicability": "45", "economic": "-1", "social": ""}
		err := w.s.Score(ctx, w.council, it.ID, bad)
		var errs validate.Errors
		if !errors.As(err, &errs) || !strings.Contains(errs["score_applicability"], "Điểm tiêu chí “Khả năng áp dụng, phạm vi ảnh hưởng” là \"45\", ngoài khoảng cho phép 0–40 điểm") ||
			!strings.Contains(errs["score_novelty"], "chỉ chấm Đạt (1) hoặc Không đạt (0)") || errs["score_economic"] == "" || errs["score_social"] == "" {
			t.Errorf("out of range: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM initiative_scores"); n != 0 {
			t.Errorf("%d scores stored from refused forms", n)
		}
		if err := w.s.Score(ctx, w.officeU, it.ID, good); err != nil {
			t.Errorf("the office member (not of the unit) may score: %v", err)
		}
	})
}

func (w *world) staffIn(t *testing.T, unit int64, name string) int64 {
	t.Helper()
	var sid int64
	if err := w.d.Write().QueryRow(`INSERT INTO staff (unit_id, full_name, gender, search, created_at, updated_at) VALUES ($1, $2, 'male', $2, $3, $3) RETURNING id`,
		unit, name, clock()).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	return sid
}

// Means and medians per criterion and in total; failing novelty rules recognition
// out whatever the vote; a vote must add up.
func TestScoresVoteAndDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		it, ses := w.underReview(t)
		third, _ := auth.NewStore(d, clock).CreateUser(ctx, auth.NewUser{Username: "hoidong3", FullName: "Lăng Văn Sơn", Role: auth.RoleCouncil, Password: "mat-khau-son"})
		w.s.AddMember(ctx, w.officeU, ses.ID, id(third.ID), "")
		for u, sc := range map[*auth.User][4]string{
			w.council: {"1", "30", "20", "25"}, w.council2: {"0", "36", "10", "20"}, third: {"0", "24", "12", "21"},
		} {
			if err := w.s.Score(ctx, u, it.ID, map[string]string{"novelty": sc[0], "applicability": sc[1], "economic": sc[2], "social": sc[3]}); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := w.s.Summary(ctx, w.leader, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		app := sum.Criteria[1]
		if sum.Scorers != 3 || app.MeanText() != "30" || app.MedianText() != "30" || sum.Criteria[2].MeanText() != "14" || sum.Criteria[2].MedianText() != "12" {
			t.Errorf("summary = %+v", sum)
		}
		// totals 75, 66, 57
		if sum.TotalMeanText() != "66" || sum.TotalMedianText() != "66" || sum.MaxTotal != 100 {
			t.Errorf("totals = %s / %s of %d", sum.TotalMeanText(), sum.TotalMedianText(), sum.MaxTotal)
		}
		if !strings.Contains(sum.Verdict(), "Không đạt tiêu chí “Tính mới”") {
			t.Errorf("verdict = %q", sum.Verdict())
		}
		var re *RefusedError
		if err := w.s.Decide(ctx, w.officeU, it.ID, true, DecisionInput{VotesFor: "3", VotesAgainst: "0", Level: "base"}); !errors.As(err, &re) || !strings.Contains(re.Msg, "không đạt tiêu chí “Tính mới”") {
			t.Errorf("recognised an initiative failing novelty: %v", err)
		}
		// The third member changes their mind on novelty: two of three say it is new.
		w.s.Score(ctx, third, it.ID, map[string]string{"novelty": "1", "applicability": "24", "economic": "12", "social": "21"})
		if err := w.s.Decide(ctx, w.officeU, it.ID, true, DecisionInput{VotesFor: "3", VotesAgainst: "2", Level: "base"}); err == nil || !strings.Contains(err.Error(), "Tổng số phiếu 5 nhiều hơn số thành viên Hội đồng của phiên họp (3)") {
			t.Errorf("more votes than members: %v", err)
		}
		if err := w.s.Decide(ctx, w.officeU, it.ID, true, DecisionInput{VotesFor: "1", VotesAgainst: "2", Level: "base"}); !errors.As(err, &re) {
			t.Errorf("recognised against the vote: %v", err)
		}
		if err := w.s.Decide(ctx, w.council, it.ID, true, DecisionInput{VotesFor: "3", VotesAgainst: "0", Level: "base"}); !errors.Is(err, ErrForbidden) {
			t.Errorf("a council member recorded the decision: %v", err)
		}
		if err := w.s.Decide(ctx, w.officeU, it.ID, true, DecisionInput{VotesFor: "2", VotesAgainst: "1", Level: "province"}); err != nil {
			t.Fatal(err)
		}
		items, err := w.s.SessionInitiatives(ctx, ses.ID)
		if err != nil || len(items) != 1 || items[0].Summary.Scorers != 3 || DecisionBlocker(items) != "" {
			t.Fatalf("session items = %+v %v", items, err)
		}
		ses, _ = w.s.Session(ctx, ses.ID)
		number, on, err := w.s.SetDecisionNumber(ctx, ses.ID, docgen.Given("12/QĐ-SXD"), ses.HeldOn.AddDays(3))
		if err != nil || number != "12/QĐ-SXD" {
			t.Fatal(number, err)
		}
		if again, _, _ := w.s.SetDecisionNumber(ctx, ses.ID, docgen.Given("13/QĐ-SXD"), on); again != "12/QĐ-SXD" {
			t.Errorf("the decision took a second number: %s", again)
		}
		if err := w.s.AddMember(ctx, w.officeU, ses.ID, id(w.officeU.ID), ""); err == nil {
			t.Error("a member was added after the decision")
		}
		ses, _ = w.s.Session(ctx, ses.ID)
		bases, _ := w.s.LegalBases(ctx, on)
		data, _ := plans.Files.ReadFile("langson-sxd-2026.yaml")
		p, _ := plan.Parse("seed", data)
		doc, err := Decision(p, ses, items, bases)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := docgen.Render(&buf, doc); err != nil {
			t.Fatal(err)
		}
		text := docxText(t, buf.Bytes())
		for _, want := range []string{"QUYẾT ĐỊNH", "Số: 12/QĐ-SXD", "Về việc công nhận sáng kiến năm 2026", "GIÁM ĐỐC SỞ XÂY DỰNG",
			"Căn cứ Nghị định số 13/2012/NĐ-CP", "Điều 1. ", "Công nhận 01 sáng kiến", "Số hóa quy trình cấp giấy phép xây dựng",
			"Vi Thị Lan (60%)", "Hoàng Đức Hùng (40%)", "Cấp tỉnh", "2/3", "Như Điều 3", "Lưu: VT, VP."} {
			if !strings.Contains(text, want) {
				t.Errorf("decision lacks %q", want)
			}
		}
	})
}
