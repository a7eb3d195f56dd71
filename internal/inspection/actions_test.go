package inspection

import (
	"archive/zip"
	"bytes"
	"errors"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/report"
)

// concluded is an inspection of QLXD concluded on Friday 28/08/2026 with two
// actions: due in 5 working days (08/09) and in 20.
func (f *fixture) concluded(t *testing.T) (*Inspection, []Finding) {
	t.Helper()
	x := f.plan(t)
	f.c.on("2026-08-25")
	if err := f.s.Start(ctx, f.office, x.ID, ""); err != nil {
		t.Fatal(err)
	}
	for _, in := range []FindingInput{
		{Finding: "Chưa niêm yết đầy đủ phí, lệ phí tại Bộ phận một cửa", Action: "Niêm yết đầy đủ, cập nhật trên Cổng thông tin", DueDays: "5"},
		{Finding: "03 hồ sơ quá hạn chưa có phiếu xin lỗi", Action: "Gửi phiếu xin lỗi, rà soát quy trình", DueDays: "20"},
	} {
		if _, err := f.s.AddFinding(ctx, f.office, x.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	f.c.on("2026-08-28")
	if err := f.s.Conclude(ctx, f.office, x.ID, ConcludeInput{On: "2026-08-28", Conclusion: "Đơn vị cơ bản thực hiện tốt."}); err != nil {
		t.Fatal(err)
	}
	x, fs, err := f.s.Get(ctx, auth.Scope{All: true}, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	return x, fs
}

func (f *fixture) state(t *testing.T, id int64) ActionState {
	t.Helper()
	fd, _, err := f.s.Finding(ctx, auth.Scope{All: true}, id)
	if err != nil {
		t.Fatal(err)
	}
	return fd.State
}

// The unit reports, the office returns a short report with its reason, the unit
// reports again and the office closes; an action cannot be closed before the unit
// reported, nor reported by another unit, and the history keeps every step.
func TestActionFollowUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		_, fs := f.concluded(t)
		id := fs[0].ID
		f.c.on("2026-09-01")
		err := f.s.Act(ctx, f.office, id, StepClose, "")
		fieldErr(t, err, "text", "đơn vị chưa báo cáo kết quả khắc phục nên chưa thể đóng")
		if f.state(t, id) != Open {
			t.Fatal("a refused closing changed the action")
		}
		if err := f.s.Act(ctx, f.ttdkUser, id, StepReport, "Đã làm"); !errors.Is(err, ErrNotYours) {
			t.Errorf("another unit reported: %v", err)
		}
		fieldErr(t, f.s.Act(ctx, f.qlxdUser, id, StepReport, " "), "text", "nêu đơn vị đã khắc phục thế nào")
		if err := f.s.Act(ctx, f.qlxdUser, id, StepReport, "Đã niêm yết bảng phí mới."); err != nil {
			t.Fatal(err)
		}
		if f.notes(t, f.office, "Báo cáo kết quả thực hiện") != 1 {
			t.Error("the office was not told of the report")
		}
		if err := f.s.Act(ctx, f.qlxdUser, id, StepReport, "Lần nữa"); err == nil || !strings.Contains(err.Error(), "chờ xem xét") {
			t.Errorf("reported twice: %v", err)
		}
		fieldErr(t, f.s.Act(ctx, f.office, id, StepReturn, ""), "text", "Lý do trả lại")
		if err := f.s.Act(ctx, f.office, id, StepReturn, "Chưa cập nhật trên Cổng thông tin."); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Act(ctx, f.leader, id, StepClose, ""); !errors.Is(err, ErrForbidden) {
			t.Errorf("the leadership closed an action: %v", err)
		}
		if err := f.s.Act(ctx, f.qlxdUser, id, StepReport, "Đã cập nhật trên Cổng thông tin ngày 03/9."); err != nil {
			t.Fatal(err)
		}
		f.c.on("2026-09-04")
		if err := f.s.Act(ctx, f.office, id, StepClose, "Đạt yêu cầu"); err != nil {
			t.Fatal(err)
		}
		fd, evs, err := f.s.Finding(ctx, auth.Scope{UnitID: f.qlxd}, id)
		if err != nil || fd.State != Closed || fd.ClosedOn != calendar.NewDate(2026, 9, 4) || fd.Report != "Đã cập nhật trên Cổng thông tin ngày 03/9." {
			t.Fatalf("closed: %v %+v", err, fd)
		}
		var steps []string
		for _, e := range evs {
			steps = append(steps, string(e.To)+":"+e.Note)
		}
		want := "open:Hạn khắc phục 08/09/2026|reported:Đã niêm yết bảng phí mới.|returned:Chưa cập nhật trên Cổng thông tin.|reported:Đã cập nhật trên Cổng thông tin ngày 03/9.|closed:Đạt yêu cầu"
		if strings.Join(steps, "|") != want {
			t.Errorf("history:\n%s\nwant\n%s", strings.Join(steps, "|"), want)
		}
	})
}

// The working day before the due date the unit is reminded; once overdue the
// leadership is told; each once, however often the scan runs. The overdue action is
// in the office's list, and the report's figures count it.
func TestOverdueRemindersAndFigures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		_, fs := f.concluded(t)
		run := func() {
			t.Helper()
			for range 2 {
				if _, err := f.s.RemindScan(ctx, f.jobs); err != nil {
					t.Fatal(err)
				}
				for {
					ran, err := f.jobs.RunNext(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if !ran {
						break
					}
				}
			}
		}
		f.c.on("2026-09-04") // Friday; the first action is due Tuesday 08/09, the working day after next
		run()
		if n := f.notes(t, f.qlxdUser, "Sắp đến hạn khắc phục"); n != 0 {
			t.Fatalf("reminded two working days early: %d", n)
		}
		f.c.on("2026-09-07")
		run()
		if n := f.notes(t, f.qlxdUser, "Sắp đến hạn khắc phục (08/09/2026)"); n != 1 {
			t.Fatalf("reminders the working day before: %d", n)
		}
		f.c.on("2026-09-09")
		run()
		f.c.on("2026-09-10")
		run()
		if f.notes(t, f.leader, "Quá hạn khắc phục từ 08/09/2026") != 1 || f.notes(t, f.office, "Quá hạn khắc phục") != 1 ||
			f.notes(t, f.qlxdUser, "Sắp đến hạn") != 1 {
			t.Errorf("escalation: leader %d, office %d", f.notes(t, f.leader, "Quá hạn"), f.notes(t, f.office, "Quá hạn"))
		}
		list, total, err := f.s.Actions(ctx, auth.Scope{All: true}, ActionFilter{Overdue: true}, 50, 0)
		if err != nil || total != 1 || list[0].ID != fs[0].ID || !list[0].Overdue(calendar.NewDate(2026, 9, 10)) {
			t.Fatalf("overdue list: %v %d %+v", err, total, list)
		}
		if _, total, _ := f.s.Actions(ctx, auth.Scope{UnitID: f.ttdk}, ActionFilter{}, 50, 0); total != 0 {
			t.Errorf("another unit sees %d actions", total)
		}
		// Reported late, it is no longer the unit's to act: no more reminders.
		if err := f.s.Act(ctx, f.qlxdUser, fs[1].ID, StepReport, "Đã gửi phiếu xin lỗi."); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Act(ctx, f.office, fs[1].ID, StepClose, ""); err != nil {
			t.Fatal(err)
		}
		year := func(sub report.Submitter) string {
			t.Helper()
			figs, err := f.s.Figures(ctx, sub, calendar.NewDate(2026, 1, 1), calendar.NewDate(2026, 9, 10))
			if err != nil {
				t.Fatal(err)
			}
			var vals []string
			for _, fg := range figs {
				vals = append(vals, fg.Value)
			}
			return strings.Join(vals, ",")
		}
		if got := year(report.Submitter{}); got != "1,1,2,1,1" {
			t.Errorf("department figures (started, concluded, findings, closed, overdue) = %s", got)
		}
		if got := year(report.Submitter{UnitID: f.ttdk}); got != "0,0,0,0,0" {
			t.Errorf("another unit's figures = %s", got)
		}
		if figs, _ := f.s.Figures(ctx, report.Submitter{EnterpriseID: 1}, calendar.NewDate(2026, 1, 1), calendar.NewDate(2026, 12, 31)); len(figs) != 0 {
			t.Errorf("an enterprise's report has inspection figures: %v", figs)
		}
	})
}

// The conclusion notice is numbered once from the register and lists the findings.
func TestNotice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		x, fs := f.concluded(t)
		reg := docgen.NewRegister(d, "SXD", f.c.now)
		today := calendar.DateOf(f.c.now())
		take := reg.Taking(string(docgen.Notice), today, NoticeSummary(x))
		num, on, err := f.s.SetNoticeNumber(ctx, x.ID, take, today)
		if err != nil || num != "01/TB-SXD" || on != today {
			t.Fatalf("number: %v %s %s", err, num, on)
		}
		if again, _, _ := f.s.SetNoticeNumber(ctx, x.ID, take, today); again != "01/TB-SXD" {
			t.Errorf("renumbered: %s", again)
		}
		if list, _ := reg.List(ctx, today.Year); len(list) != 1 {
			t.Errorf("the notice took %d numbers from the register", len(list))
		}
		x.NoticeNumber, x.NoticeOn = num, on
		doc, err := Notice(f.m.Plan, x, fs)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := docgen.Render(&buf, doc); err != nil {
			t.Fatal(err)
		}
		text := docxText(t, buf.Bytes())
		for _, want := range []string{"THÔNG BÁO", "Số: 01/TB-SXD", "Kết luận kiểm tra công tác cải cách thủ tục hành chính năm 2026 tại Phòng Quản lý xây dựng",
			"Chu Thị Hằng, Chánh Văn phòng, Văn phòng Sở - Trưởng đoàn", "Thi đua cải thiện môi trường đầu tư kinh doanh (mục II.1.c của Kế hoạch)", "Thực hiện Kế hoạch triển khai phong trào thi đua “Phát triển mạnh doanh nghiệp tư nhân",
			"Chưa niêm yết đầy đủ phí, lệ phí", "08/09/2026", "(5 ngày làm việc)", "Phòng Quản lý xây dựng (thực hiện)"} {
			if !strings.Contains(text, want) {
				t.Errorf("notice lacks %q:\n%s", want, text)
			}
		}
	})
}

// docxText is the text of a .docx's body, a line per paragraph.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := io.ReadAll(r)
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "\n"), "")
	return html.UnescapeString(text)
}
