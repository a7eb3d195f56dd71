package report

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/validate"
)

// A unit drafts, submits with its figures, is returned, corrects and resubmits: each
// submission is a version, the register shows where every unit stands, and a unit
// cannot reach another's report.
func TestSubmitReturnResubmitAndRegister(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		def, err := f.s.Create(ctx, f.m.ID, annual("2026-12-04"))
		if err != nil {
			t.Fatal(err)
		}
		me := Submitter{UnitID: f.qlxd}
		if err := f.s.Save(ctx, auth.Scope{UnitID: f.ttdk}, def.ID, me, nil); !errors.Is(err, ErrNotYours) {
			t.Errorf("another unit wrote QLXD's report: %v", err)
		}
		if err := f.s.Save(ctx, f.unitScope(), def.ID, me, map[string]string{"proposals": "Tăng cường tập huấn"}); err != nil {
			t.Fatal(err)
		}
		figs, err := f.s.Figures(ctx, def, me)
		if err != nil || len(figs) == 0 {
			t.Fatalf("figures = %v %v", figs, err)
		}
		err = f.s.Submit(ctx, f.unitScope(), def.ID, me, map[string]string{"proposals": "Tăng cường tập huấn"}, figs)
		var errs validate.Errors
		if !errors.As(err, &errs) || !strings.Contains(errs["results"], "bắt buộc") {
			t.Fatalf("submitted without the required section: %v", err)
		}
		answers := map[string]string{"results": "Đã quán triệt kế hoạch tới 100% công chức.", "proposals": "Tăng cường tập huấn"}
		if err := f.s.Submit(ctx, f.unitScope(), def.ID, me, answers, figs); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Save(ctx, f.unitScope(), def.ID, me, answers); !errors.Is(err, ErrState) {
			t.Errorf("changed a submitted report: %v", err)
		}
		if err := f.s.Return(ctx, def.ID, me, " "); !errors.Is(err, ErrNeedReason) {
			t.Errorf("returned without a reason: %v", err)
		}
		if err := f.s.Return(ctx, def.ID, me, "Bổ sung số liệu tập huấn"); err != nil {
			t.Fatal(err)
		}
		lines, counts, total, err := f.s.Register(ctx, def, 10, 0)
		if err != nil || total != 2 || counts[SentBack] != 1 || counts[NotStarted] != 1 {
			t.Fatalf("register after the return = %v %v %d %v", lines, counts, total, err)
		}
		// Resubmitted after the due date: still on time, judged by the first submission.
		f.c.on("2026-12-07")
		answers["results"] += " Đã tổ chức 02 lớp tập huấn."
		if err := f.s.Submit(ctx, f.unitScope(), def.ID, me, answers, figs); err != nil {
			t.Fatal(err)
		}
		versions, err := f.s.Versions(ctx, f.unitScope(), def.ID, me)
		if err != nil || len(versions) != 2 || versions[0].Version != 2 || !strings.Contains(versions[0].Answers["results"], "02 lớp") ||
			strings.Contains(versions[1].Answers["results"], "02 lớp") {
			t.Fatalf("versions = %+v %v", versions, err)
		}
		_, counts, _, _ = f.s.Register(ctx, def, 10, 0)
		if counts[OnTime] != 1 || counts[Missing] != 1 {
			t.Errorf("register after the due date = %v: QLXD on time, TTDK missing", counts)
		}
		var unread int
		d.Read().QueryRow("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'qlxd'").Scan(&unread)
		if unread != 1 {
			t.Errorf("the unit was told %d times of the return, want once", unread)
		}
		owed, err := f.s.OwedBy(ctx, f.unitScope(), f.m.ID)
		if err != nil || len(owed) != 1 || owed[0].Status != OnTime {
			t.Errorf("owed = %+v %v", owed, err)
		}
		if err := f.s.SetOpen(ctx, def.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Save(ctx, auth.Scope{UnitID: f.ttdk}, def.ID, Submitter{UnitID: f.ttdk}, answers); !errors.Is(err, ErrClosed) {
			t.Errorf("wrote to a closed report: %v", err)
		}
	})
}

// Reminders go out on the working days the rules name and every working day after
// the due date, to the units that have not submitted only.
func TestRemindersFollowTheRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		// Due Friday 04/12/2026: 7 working days before is Wednesday 25/11, 2 is Wednesday 02/12.
		def, err := f.s.Create(ctx, f.m.ID, annual("2026-12-04"))
		if err != nil {
			t.Fatal(err)
		}
		answers := map[string]string{"results": "Hoàn thành."}
		if err := f.s.Submit(ctx, auth.Scope{UnitID: f.ttdk}, def.ID, Submitter{UnitID: f.ttdk}, answers, []Figure{}); err != nil {
			t.Fatal(err)
		}
		for day, want := range map[string]int{"2026-11-24": 0, "2026-11-25": 1, "2026-12-01": 0, "2026-12-02": 1, "2026-12-05": 0, "2026-12-07": 1} {
			f.c.on(day)
			n, err := f.s.RemindDue(ctx)
			if err != nil || n != want {
				t.Errorf("%s: %d reminders (%v), want %d", day, n, err, want)
			}
		}
		var toQLXD, toTTDK int
		d.Read().QueryRow("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'qlxd' AND n.link LIKE '/reports/%'").Scan(&toQLXD)
		d.Read().QueryRow("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.unit_id = $1", f.ttdk).Scan(&toTTDK)
		if toQLXD != 3 || toTTDK != 0 {
			t.Errorf("QLXD reminded %d times (want 3), TTDK %d (it submitted)", toQLXD, toTTDK)
		}
	})
}

func TestDifficultyFromUnitToDirectorAndBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		if _, err := f.s.Raise(ctx, f.unitScope(), f.qlxd, " ", "", ""); err == nil {
			t.Error("raised an empty difficulty")
		}
		if _, err := f.s.Raise(ctx, f.unitScope(), f.ttdk, "Thiếu", "x", ""); !errors.Is(err, ErrNotYours) {
			t.Errorf("raised for another unit: %v", err)
		}
		df, err := f.s.Raise(ctx, f.unitScope(), f.qlxd, "Thiếu phần mềm quản lý cấp phép", "Phần mềm một cửa chưa liên thông", "Đề nghị Sở bố trí kinh phí")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.Step(ctx, f.unitUser, df.ID, "direct", "Tự xử lý"); !errors.Is(err, ErrDifficultyState) {
			t.Errorf("a unit directed: %v", err)
		}
		if err := f.s.Step(ctx, f.unitUser, df.ID, "close", "Xong"); !errors.Is(err, ErrDifficultyState) {
			t.Errorf("closed before any direction: %v", err)
		}
		steps := []struct {
			u          *auth.User
			step, text string
		}{{f.office, "consolidate", "Trình Giám đốc"}, {f.lead, "direct", "Giao Văn phòng phối hợp Trung tâm CNTT"}, {f.unitUser, "close", "Đã liên thông từ 01/12"}}
		for _, st := range steps {
			if err := f.s.Step(ctx, st.u, df.ID, st.step, st.text); err != nil {
				t.Fatalf("%s: %v", st.step, err)
			}
		}
		got, _ := f.s.Difficulty(ctx, f.unitScope(), df.ID)
		if got.State != DifficultyClosed || got.Direction != "Giao Văn phòng phối hợp Trung tâm CNTT" || got.DirectedBy != "Trần Văn Vương" || got.ClosedOn.IsZero() {
			t.Errorf("difficulty = %+v", got)
		}
		if _, err := f.s.Difficulty(ctx, auth.Scope{UnitID: f.ttdk}, df.ID); !errors.Is(err, ErrNotYours) {
			t.Errorf("another unit read it: %v", err)
		}
	})
}

// A unit attaches evidence while writing; a disguised file is refused; another unit
// cannot fetch the file; a submitted report takes no more files.
func TestReportAttachments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		def, err := f.s.Create(ctx, f.m.ID, annual("2026-12-04"))
		if err != nil {
			t.Fatal(err)
		}
		me := Submitter{UnitID: f.qlxd}
		if _, err := f.s.Attach(ctx, f.unitScope(), def.ID, me, "bao-cao.pdf", []byte("MZ\x90\x00 program")); err == nil {
			t.Fatal("a program named .pdf was attached")
		}
		a, err := f.s.Attach(ctx, f.unitScope(), def.ID, me, "bao-cao.pdf", []byte("%PDF-1.4\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.s.AttachmentContent(ctx, auth.Scope{UnitID: f.ttdk}, a.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("another unit fetched the file: %v", err)
		}
		list, _ := f.s.Attachments(ctx, f.unitScope(), def.ID, me)
		if len(list) != 1 || list[0].ContentType != "application/pdf" {
			t.Errorf("attachments = %+v", list)
		}
		if err := f.s.Submit(ctx, f.unitScope(), def.ID, me, map[string]string{"results": "Xong"}, []Figure{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Attach(ctx, f.unitScope(), def.ID, me, "them.pdf", []byte("%PDF-1.4\n%%EOF\n")); !errors.Is(err, ErrState) {
			t.Errorf("attached to a submitted report: %v", err)
		}
	})
}
