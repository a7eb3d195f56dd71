package petition

import (
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
)

func TestSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"Chậm cấp giấy phép xây dựng", "cham cap giay phep xay dung", 1},
		{"Chậm cấp giấy phép xây dựng", "Cấp giấy phép xây dựng chậm quá hạn", 0.75},
		{"Chậm cấp giấy phép xây dựng", "Phí thẩm định thiết kế", 0},
		{"Về việc cấp phép", "Về việc thu phí", 0},
		{"", "", 0},
	} {
		if got := Similarity(c.a, c.b); got != c.want {
			t.Errorf("Similarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestDuplicates(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.clk.set(2026, 3, 20)
		f.fromEnterprise(t, "Chậm cấp giấy phép xây dựng") // more than 30 days before
		f.clk.set(2026, 4, 28)
		first := f.fromEnterprise(t, "Chậm cấp giấy phép xây dựng")
		f.clk.set(2026, 5, 5)
		second := f.fromEnterprise(t, "Cap giay phep xay dung cham qua han")
		f.fromEnterprise(t, "Phí thẩm định thiết kế cao")
		if _, err := f.s.Create(ctx, f.enterprise(f.ent2), NewPetition{Kind: KindFeedback, Subject: "Chậm cấp giấy phép xây dựng", Content: "C"}); err != nil {
			t.Fatal(err)
		}
		f.clk.set(2026, 5, 10)
		in := NewPetition{EnterpriseTaxCode: "0100109106", Subject: "Chậm cấp giấy phép xây dựng nhà ở"}
		dups, err := f.s.SuggestDuplicates(ctx, auth.Scope{All: true}, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(dups) != 2 || dups[0].ID != first.ID || dups[0].Similarity != 0.86 || dups[1].ID != second.ID || dups[1].Similarity != 0.67 {
			t.Errorf("suggested %+v", dups)
		}
		// Another enterprise is shown only its own; the public, none.
		dups, _ = f.s.SuggestDuplicates(ctx, auth.Scope{EnterpriseID: f.ent2}, in)
		if len(dups) != 1 || dups[0].EnterpriseID != f.ent2 {
			t.Errorf("enterprise 2 sees %+v", dups)
		}
		if dups, _ := f.s.SuggestDuplicates(ctx, auth.Scope{}, in); len(dups) != 0 {
			t.Errorf("the public sees %+v", dups)
		}

		// A public sender is known by phone and e-mail.
		a := f.fromPublic(t, "Đề nghị rút ngắn thời gian thẩm định", false)
		dups, err = f.s.SuggestDuplicates(ctx, auth.Scope{All: true}, NewPetition{SenderPhone: "+84 912 345 678",
			Subject: "Rút ngắn thời gian thẩm định"})
		if err != nil || len(dups) != 1 || dups[0].ID != a.ID {
			t.Errorf("by phone: %+v %v", dups, err)
		}
		dups, err = f.s.DuplicatesOf(ctx, auth.Scope{All: true}, second.ID)
		if err != nil || len(dups) != 1 || dups[0].ID != first.ID {
			t.Errorf("duplicates of the second: %+v %v", dups, err)
		}

		// The office links them; a duplicate of a duplicate goes to the original.
		p, err := f.s.LinkDuplicate(ctx, office(), second.ID, first.ID)
		if err != nil || p.DuplicateOf != first.ID {
			t.Fatalf("link: %+v %v", p, err)
		}
		third := f.fromEnterprise(t, "Chậm cấp giấy phép xây dựng lần ba")
		if p, err = f.s.LinkDuplicate(ctx, office(), third.ID, second.ID); err != nil || p.DuplicateOf != first.ID {
			t.Errorf("link to a duplicate: %+v %v", p, err)
		}
		_, err = f.s.LinkDuplicate(ctx, office(), first.ID, third.ID)
		var fe FieldErrors
		if !errors.As(err, &fe) || fe["duplicate_of"] != "Phản ánh, kiến nghị trùng với: không đánh dấu một phản ánh, kiến nghị trùng với chính nó" {
			t.Errorf("cycle: %v", err)
		}
		f.act(t, office(), second.ID, ActionAssign, Input{UnitID: f.unitA})
		if _, err := f.s.LinkDuplicate(ctx, f.staff(f.unitA), second.ID, 0); !errors.Is(err, ErrForbidden) {
			t.Errorf("staff: %v", err)
		}
		hist, _ := f.s.History(ctx, office(), third.ID)
		if last := hist[len(hist)-1]; last.Action != "link_duplicate" || last.Note != "Trùng với "+first.TrackingCode {
			t.Errorf("history %+v", last)
		}
		if n := count(t, f.d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'petition' AND action = 'update'"); n != 2 {
			t.Errorf("%d audit entries for links", n)
		}
		if p, err = f.s.LinkDuplicate(ctx, office(), third.ID, 0); err != nil || p.DuplicateOf != 0 {
			t.Errorf("unlink: %+v %v", p, err)
		}
		if strings.Contains(p.TrackingCode, " ") {
			t.Error(p.TrackingCode)
		}
	})
}
