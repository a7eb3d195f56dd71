package petition

import (
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
)

func subjects(items []Summary) string {
	var out []string
	for _, m := range items {
		out = append(out, m.Subject)
	}
	return strings.Join(out, ", ")
}

func TestTriageQueue(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		first := f.fromEnterprise(t, "Thứ nhất")
		f.clk.set(2026, 5, 4)
		f.fromPublic(t, "Thứ hai", false)
		f.clk.set(2026, 5, 5)
		third := f.fromEnterprise(t, "Thứ ba")
		f.act(t, office(), third.ID, ActionAssign, Input{UnitID: f.unitA})
		page, err := f.s.Triage(ctx, auth.Scope{All: true}, Paging{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 2 || subjects(page.Items) != "Thứ nhất, Thứ hai" || page.Items[0].ID != first.ID ||
			!page.Items[0].Overdue || page.Items[0].DueOn != date(2026, 5, 4) || page.Items[1].Sender != "Nguyễn Văn An" {
			t.Errorf("triage %+v", page)
		}
		if _, err := f.s.Triage(ctx, auth.Scope{UnitID: f.unitA}, Paging{}); !errors.Is(err, ErrForbidden) {
			t.Errorf("unit staff: %v", err)
		}
	})
}

// A unit's worklist puts the nearest deadline first and the petitions awaiting the
// sender last, with its counters as of today.
func TestWorklist(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		early := f.fromEnterprise(t, "Nhận 28/4") // process by 21/5
		f.clk.set(2026, 5, 4)
		later := f.fromEnterprise(t, "Nhận 4/5") // process by 25/5
		waiting := f.fromEnterprise(t, "Chờ bổ sung")
		other := f.fromEnterprise(t, "Phòng khác")
		for _, p := range []*Petition{later, early, waiting} {
			f.act(t, office(), p.ID, ActionAssign, Input{UnitID: f.unitA})
		}
		f.act(t, office(), other.ID, ActionAssign, Input{UnitID: f.unitB})
		f.act(t, f.staff(f.unitA), waiting.ID, ActionRequestInfo, Input{Note: "Bổ sung giấy tờ"})

		f.clk.set(2026, 5, 20)
		w, err := f.s.Worklist(ctx, auth.Scope{UnitID: f.unitA}, f.unitA, Paging{})
		if err != nil {
			t.Fatal(err)
		}
		if subjects(w.Items) != "Nhận 28/4, Nhận 4/5, Chờ bổ sung" || w.Open != 3 || w.Total != 3 || w.Overdue != 0 || w.DueSoon != 1 ||
			!w.Items[0].DueSoon || !w.Items[2].DueOn.IsZero() {
			t.Errorf("20/5: %s open %d overdue %d soon %d", subjects(w.Items), w.Open, w.Overdue, w.DueSoon)
		}
		f.clk.set(2026, 5, 22)
		w, err = f.s.Worklist(ctx, auth.Scope{All: true}, f.unitA, Paging{Limit: 1, Offset: 0})
		if err != nil {
			t.Fatal(err)
		}
		if subjects(w.Items) != "Nhận 28/4" || w.Overdue != 1 || w.DueSoon != 1 || !w.Items[0].Overdue || w.Limit != 1 {
			t.Errorf("22/5: %s overdue %d soon %d", subjects(w.Items), w.Overdue, w.DueSoon)
		}
		if _, err := f.s.Worklist(ctx, auth.Scope{UnitID: f.unitB}, f.unitA, Paging{}); !errors.Is(err, ErrForbidden) {
			t.Errorf("another unit's worklist: %v", err)
		}

		// The leadership sees every running clock past today, the most overdue first.
		page, err := f.s.Overdue(ctx, auth.Scope{All: true}, Paging{})
		if err != nil {
			t.Fatal(err)
		}
		if subjects(page.Items) != "Nhận 28/4" || page.Total != 1 {
			t.Errorf("overdue on 22/5: %s", subjects(page.Items))
		}
		f.clk.set(2026, 5, 27)
		page, _ = f.s.Overdue(ctx, auth.Scope{All: true}, Paging{})
		if subjects(page.Items) != "Nhận 28/4, Nhận 4/5, Phòng khác" {
			t.Errorf("overdue on 27/5: %s", subjects(page.Items))
		}
		if _, err := f.s.Overdue(ctx, auth.Scope{EnterpriseID: f.ent1}, Paging{}); !errors.Is(err, ErrForbidden) {
			t.Errorf("enterprise: %v", err)
		}
	})
}

func TestOwnList(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.fromEnterprise(t, "Cũ")
		f.clk.set(2026, 5, 4)
		f.fromEnterprise(t, "Mới")
		f.fromPublic(t, "Của người khác", false)
		page, err := f.s.Own(ctx, auth.Scope{EnterpriseID: f.ent1}, Paging{})
		if err != nil || subjects(page.Items) != "Mới, Cũ" || page.Total != 2 {
			t.Errorf("own: %s %v", subjects(page.Items), err)
		}
		page, err = f.s.Own(ctx, auth.Scope{EnterpriseID: f.ent2}, Paging{})
		if err != nil || page.Total != 0 || len(page.Items) != 0 {
			t.Errorf("another enterprise: %+v %v", page, err)
		}
		if _, err := f.s.Own(ctx, auth.Scope{All: true}, Paging{}); !errors.Is(err, ErrForbidden) {
			t.Errorf("office: %v", err)
		}
	})
}

func TestByDialogue(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, s := range []string{"Câu hỏi 1", "Câu hỏi 2"} {
			if _, err := f.s.Create(ctx, office(), NewPetition{Kind: KindProposal, Channel: ChannelDialogue, DialogueID: 7,
				EnterpriseID: f.ent2, Subject: s, Content: "Nêu tại hội nghị"}); err != nil {
				t.Fatal(err)
			}
		}
		f.fromEnterprise(t, "Không tại hội nghị")
		page, err := f.s.ByDialogue(ctx, auth.Scope{All: true}, 7, Paging{})
		if err != nil || subjects(page.Items) != "Câu hỏi 1, Câu hỏi 2" || page.Items[0].Channel != ChannelDialogue {
			t.Errorf("dialogue: %+v %v", page, err)
		}
	})
}
