package award

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestApproves(t *testing.T) {
	strict := Params{ApprovalPercent: 50, ApprovalStrict: true}
	higher := Params{ApprovalPercent: 70}
	for _, tc := range []struct {
		p       Params
		yes, of int
		want    bool
	}{
		{strict, 2, 4, false}, {strict, 3, 4, true}, {strict, 3, 5, true}, {strict, 1, 2, false},
		{higher, 7, 10, true}, {higher, 6, 10, false}, {higher, 3, 4, true}, {higher, 2, 3, false}, {higher, 0, 0, false},
	} {
		if got := Approves(tc.p, tc.yes, tc.of); got != tc.want {
			t.Errorf("%+v: %d/%d → %v", tc.p, tc.yes, tc.of, got)
		}
	}
}

func refusedWith(t *testing.T, err error, want string) {
	t.Helper()
	var re *RefusedError
	if !errors.As(err, &re) || !strings.Contains(re.Msg, want) {
		t.Errorf("got %v, want a refusal with %q", err, want)
	}
}

// From nominations within the quota to the secret ballot, its results after it
// closes, and the decision for the approved nominees only.
func TestNominationBallotDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		lan, hung := w.staffIn(t, w.qlxd, "Vi Thị Lan", "female"), w.staffIn(t, w.qlxd, "Hoàng Đức Hùng", "male")
		thao := w.staffIn(t, w.ttdk, "Lương Thu Thảo", "female")
		rate := func(sub Subject, r Rating) {
			if err := w.s.SetRating(ctx, w.officeU, 2026, sub, r, ""); err != nil {
				t.Fatal(err)
			}
		}
		rate(Subject{StaffID: lan}, Excellent)
		rate(Subject{StaffID: hung}, Excellent)
		rate(Subject{StaffID: thao}, Good)
		for i := 0; i < 5; i++ {
			rate(Subject{StaffID: w.staffIn(t, w.qlxd, "Cán bộ "+itoa(i), "male")}, Good)
		}
		w.recognise(t, w.qlxd, lan, "Số hóa hồ sơ cấp phép", "2026-09-10")
		w.recognise(t, w.qlxd, hung, "Bản đồ số công trình", "2026-09-10")

		// 7 LĐTT in QLXD: 15% rounded down is 1 CSTĐCS; Lan comes first as a woman.
		nLan, err := w.s.Nominate(ctx, w.officeU, w.movement, 2026, "cstdcs", Subject{StaffID: lan}, "Hai năm liền dẫn đầu phòng")
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.s.Nominate(ctx, w.officeU, w.movement, 2026, "cstdcs", Subject{StaffID: hung}, "")
		refusedWith(t, err, "đã có 1 đề nghị “Chiến sĩ thi đua cơ sở” năm 2026, bằng chỉ tiêu: 15% của 7 người đạt LĐTT, làm tròn xuống = 1")
		_, err = w.s.Nominate(ctx, w.officeU, w.movement, 2026, "cstdcs", Subject{StaffID: thao}, "")
		refusedWith(t, err, "Lương Thu Thảo chưa đủ điều kiện “Chiến sĩ thi đua cơ sở” năm 2026: Thiếu sáng kiến được công nhận năm 2026")
		_, err = w.s.Nominate(ctx, w.officeU, w.movement, 2026, "cstdcs", Subject{StaffID: lan}, "")
		refusedWith(t, err, "đã được đề nghị")
		if _, err := w.s.Nominate(ctx, w.otherU, w.movement, 2026, "ldtt", Subject{StaffID: thao}, ""); !errors.Is(err, ErrForbidden) {
			t.Errorf("a unit officer (not manager) nominated: %v", err)
		}
		nThao, err := w.s.Nominate(ctx, w.officeU, w.movement, 2026, "ldtt", Subject{StaffID: thao}, "")
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM award_nominations"); n != 2 {
			t.Fatalf("%d nominations stored", n)
		}

		c, err := w.s.CreateCouncil(ctx, w.officeU, 2026, "Phiên họp Hội đồng Thi đua - Khen thưởng năm 2026", calendar.NewDate(2026, 12, 10), "Phòng họp Sở")
		if err != nil {
			t.Fatal(err)
		}
		lanAcc, _ := auth.NewStore(d, clock).CreateUser(ctx, auth.NewUser{Username: "lan.hd", FullName: "Vi Thị Lan", Role: auth.RoleCouncil, Password: "mat-khau-lan"})
		for _, m := range []struct {
			u     *auth.User
			staff int64
		}{{w.council, 0}, {w.council2, 0}, {lanAcc, lan}, {w.officeU, hung}} {
			if err := w.s.AddCouncilMember(ctx, w.officeU, c.ID, m.u.ID, m.staff); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.s.AddNominations(ctx, w.officeU, c.ID); err != nil {
			t.Fatal(err)
		}
		refusedWith(t, w.s.Vote(ctx, w.council, c.ID, map[int64]bool{nLan.ID: true, nThao.ID: true}), "Phiếu bầu chưa mở")
		w.s.SetPresent(ctx, w.officeU, c.ID, map[int64]bool{w.council.ID: true, w.council2.ID: true})
		refusedWith(t, w.s.OpenBallot(ctx, w.officeU, c.ID), "Mới có 2/4 thành viên dự họp (50%), chưa đủ số tối thiểu 66,67%")
		w.s.SetPresent(ctx, w.officeU, c.ID, map[int64]bool{lanAcc.ID: true, w.officeU.ID: true})
		if err := w.s.OpenBallot(ctx, w.officeU, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.s.AddCouncilMember(ctx, w.officeU, c.ID, w.leaderID(t), 0); err == nil {
			t.Error("a member was added while voting")
		}
		refusedWith(t, w.s.Vote(ctx, lanAcc, c.ID, map[int64]bool{nLan.ID: true, nThao.ID: true}), "là người được đề nghị “Chiến sĩ thi đua cơ sở” nên không bỏ phiếu cho chính mình")
		refusedWith(t, w.s.Vote(ctx, w.officeU, c.ID, map[int64]bool{nLan.ID: true, nThao.ID: true}), "thuộc đơn vị của Vi Thị Lan")
		refusedWith(t, w.s.Vote(ctx, w.council, c.ID, map[int64]bool{nLan.ID: true}), "Chưa chọn đồng ý hay không đồng ý cho: Lương Thu Thảo")
		if n := count(t, d, "SELECT COUNT(*) FROM award_voters"); n != 0 {
			t.Fatalf("%d voters recorded after refusals", n)
		}
		for _, v := range []struct {
			u       *auth.User
			choices map[int64]bool
		}{
			{w.council, map[int64]bool{nLan.ID: true, nThao.ID: true}},
			{w.council2, map[int64]bool{nLan.ID: false, nThao.ID: true}},
			{lanAcc, map[int64]bool{nThao.ID: true}},
			{w.officeU, map[int64]bool{nThao.ID: false}},
		} {
			if err := w.s.Vote(ctx, v.u, c.ID, v.choices); err != nil {
				t.Fatal(err)
			}
		}
		refusedWith(t, w.s.Vote(ctx, w.council, c.ID, map[int64]bool{nLan.ID: true, nThao.ID: true}), "đã bỏ phiếu; mỗi thành viên chỉ bỏ phiếu một lần")
		_, err = w.s.Results(ctx, c.ID)
		refusedWith(t, err, "chỉ được công bố sau khi đóng phiếu")
		if list, _ := w.s.CouncilNominations(ctx, c.ID); list[0].VotesFor != nil || list[1].VotesFor != nil {
			t.Error("counts visible before the ballot closed")
		}
		if err := w.s.CloseBallot(ctx, w.officeU, c.ID); err != nil {
			t.Fatal(err)
		}
		refusedWith(t, w.s.Vote(ctx, w.council2, c.ID, map[int64]bool{nThao.ID: true}), "Đã đóng phiếu lúc")
		res, err := w.s.Results(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]Nomination{}
		for _, n := range res {
			byID[n.ID] = n
		}
		// Lan: 1 of the 2 members free to vote (50% < 70%); Thảo: 3 of 4 (75% > 50%).
		if n := byID[nLan.ID]; n.State != Rejected || n.VoteText() != "1/2 phiếu đồng ý" {
			t.Errorf("Lan: %s %s", n.State, n.VoteText())
		}
		if n := byID[nThao.ID]; n.State != Approved || n.VoteText() != "3/4 phiếu đồng ý" {
			t.Errorf("Thảo: %s %s", n.State, n.VoteText())
		}
		took := 0
		take := func(string) (string, error) { took++; return "05/QĐ-SXD", nil }
		_, err = w.s.Decide(ctx, w.officeU, c.ID, []int64{nLan.ID, nThao.ID}, calendar.NewDate(2026, 12, 15), "Giám đốc Sở Xây dựng", take)
		refusedWith(t, err, "Hội đồng không thông qua đề nghị “Chiến sĩ thi đua cơ sở” cho Vi Thị Lan (1/2 phiếu đồng ý)")
		if took != 0 || count(t, d, "SELECT COUNT(*) FROM award_commendations") != 0 {
			t.Fatalf("a refused decision took %d numbers or wrote commendations", took)
		}
		num, err := w.s.Decide(ctx, w.officeU, c.ID, nil, calendar.NewDate(2026, 12, 15), "Giám đốc Sở Xây dựng", take)
		if err != nil || num != "05/QĐ-SXD" {
			t.Fatalf("decision %q %v", num, err)
		}
		if again, _ := w.s.Decide(ctx, w.officeU, c.ID, nil, calendar.NewDate(2026, 12, 16), "", take); again != num || took != 1 {
			t.Errorf("second decision %q took %d numbers", again, took)
		}
		hist, err := w.s.History(ctx, Subject{StaffID: thao})
		if err != nil || len(hist) != 1 || hist[0].Label() != "Lao động tiên tiến năm 2026" || hist[0].UnitName != "Trung tâm Đăng kiểm" {
			t.Errorf("Thảo's history %+v %v", hist, err)
		}
		if h, _ := w.s.History(ctx, Subject{StaffID: lan}); len(h) != 0 {
			t.Errorf("Lan commended though rejected: %+v", h)
		}
	})
}

func (w *world) leaderID(t *testing.T) int64 {
	u, err := auth.NewStore(w.d, clock).CreateUser(context.Background(), auth.NewUser{Username: "lanhdao", Role: auth.RoleLeader, Password: "mat-khau-lanhdao"})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestDirector(t *testing.T) {
	for in, want := range map[string]string{"SỞ XÂY DỰNG": "Giám đốc Sở Xây dựng", "SỞ GIAO THÔNG VẬN TẢI": "Giám đốc Sở Giao thông vận tải"} {
		if got := Director(in); got != want {
			t.Errorf("Director(%q) = %q", in, got)
		}
	}
}

// A proposal to the province is never put in the Director's decision.
func TestPickLeavesProposalsOut(t *testing.T) {
	noms := []Nomination{{ID: 1, Title: "ldtt", TitleName: "Lao động tiên tiến", Name: "A", State: Approved},
		{ID: 2, Title: "bang_khen_tinh", TitleName: "Đề nghị Bằng khen của Chủ tịch UBND tỉnh", Name: "B", State: Approved}}
	proposal := func(n Nomination) bool { return n.Title == "bang_khen_tinh" }
	got, err := pick(noms, nil, proposal)
	if err != nil || len(got) != 1 || got[0].ID != 1 {
		t.Errorf("picked %+v %v", got, err)
	}
	_, err = pick(noms, []int64{1, 2}, proposal)
	refusedWith(t, err, "do cấp trên quyết định: Sở lập tờ trình đề nghị, không đưa B vào quyết định")
}

func TestCommendedBetween(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		lan := w.staffIn(t, w.qlxd, "Vi Thị Lan", "female")
		for _, c := range []Commendation{
			{TitleName: "Lao động tiên tiến", Subject: Subject{UnitID: w.qlxd}, Name: "Phòng QLXD", DecisionNumber: "1/QĐ-SXD", DecidedOn: calendar.NewDate(2026, 12, 31)},
			{TitleName: "Lao động tiên tiến", Subject: Subject{UnitID: w.ttdk}, Name: "TTĐK", DecisionNumber: "1/QĐ-SXD", DecidedOn: calendar.NewDate(2027, 1, 1)},
		} {
			if _, err := w.s.Record(ctx, w.officeU, c); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.s.Record(ctx, w.unitU, Commendation{TitleName: "x", Subject: Subject{StaffID: lan}, Name: "Lan", DecisionNumber: "2", DecidedOn: calendar.NewDate(2026, 5, 1)}); !errors.Is(err, ErrForbidden) {
			t.Errorf("a unit recorded a commendation: %v", err)
		}
		from, to := calendar.NewDate(2026, 1, 1), calendar.NewDate(2026, 12, 31)
		for _, tc := range []struct {
			unit int64
			want int
		}{{0, 1}, {w.qlxd, 1}, {w.ttdk, 0}} {
			if n, err := w.s.CommendedBetween(ctx, tc.unit, 0, from, to); err != nil || n != tc.want {
				t.Errorf("unit %d: %d %v, want %d", tc.unit, n, err, tc.want)
			}
		}
	})
}
