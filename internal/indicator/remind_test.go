package indicator

import (
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/validate"
)

// The year's figures are due 31/03 of the next year, on a basis still to be
// confirmed; reminders go out 5 and 1 working days before and every 5 working days
// after, to the active enterprises that have not reported: to their accounts, or
// by e-mail when they have none.
func TestRemindersForTheYearsFigures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		d2026, due, ok, err := f.s.DeadlineFor(ctx, Period{Year: 2026})
		if err != nil || !ok || due.DMY() != "31/03/2027" || !strings.Contains(d2026.Citation, "cần xác nhận") {
			t.Fatalf("deadline of 2026: %v %s %+v", err, due.DMY(), d2026)
		}
		if _, _, ok, _ := f.s.DeadlineFor(ctx, Period{Year: 2026, Half: FirstHalf}); ok {
			t.Error("the first half has a deadline nobody set")
		}
		f.c.on("2027-02-10")
		f.report(t, f.carrier, figures("2026"))
		for _, c := range []struct {
			day  string
			want int
		}{{"2027-03-23", 0}, {"2027-03-24", 2}, {"2027-03-27", 0}, {"2027-03-30", 2}, {"2027-03-31", 0}, {"2027-04-06", 0}, {"2027-04-07", 2}} {
			day, want := c.day, c.want
			f.c.on(day)
			n, err := f.s.RemindDue(ctx)
			if err != nil || n != want {
				t.Errorf("%s: %d reminded (%v), want %d", day, n, err, want)
			}
		}
		var subject, link string
		if err := d.Read().QueryRow("SELECT subject, link FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
			f.builderUser.ID).Scan(&subject, &link); err != nil {
			t.Fatal(err)
		}
		if subject != "Đã quá hạn báo cáo chỉ tiêu sản xuất kinh doanh năm 2026 (hạn 31/03/2027)" || link != "/enterprise/indicators/new?year=2026&half=0" {
			t.Errorf("last notice: %q %q", subject, link)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM email_outbox WHERE recipient = 'duongbo@example.vn'"); n != 3 {
			t.Errorf("roads company e-mailed %d times, want 3", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM email_outbox WHERE recipient IN ('hoanglong@example.vn', 'chilang@example.vn')"); n != 0 {
			t.Errorf("%d e-mails to the enterprise that reported or the inactive one", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'remind' AND summary LIKE '%(1 doanh nghiệp chưa có tài khoản, thư điện tử)'"); n != 3 {
			t.Errorf("%d audit entries counting the quarry, which has neither account nor e-mail", n)
		}
	})
}

// The office sets a deadline from a year on; earlier years keep theirs, and a
// date that does not exist is refused.
func TestOfficeSetsADeadline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		if _, err := f.s.SetDeadline(ctx, DeadlineInput{Half: "6 tháng đầu năm", Due: "31/07", YearsAfter: "0", FromYear: "2026",
			Citation: "Công văn của Sở — cần xác nhận", RemindBefore: "10, 2"}); err != nil {
			t.Fatal(err)
		}
		if _, due, ok, _ := f.s.DeadlineFor(ctx, Period{Year: 2026, Half: FirstHalf}); !ok || due.DMY() != "31/07/2026" {
			t.Errorf("first half of 2026 due %s", due.DMY())
		}
		if _, err := f.s.SetDeadline(ctx, DeadlineInput{Half: "", Due: "15/04", YearsAfter: "1", FromYear: "2027",
			Citation: "Quyết định của UBND tỉnh — cần xác nhận", RemindBefore: "5"}); err != nil {
			t.Fatal(err)
		}
		for year, want := range map[int]string{2026: "31/03/2027", 2027: "15/04/2028"} {
			if _, due, _, _ := f.s.DeadlineFor(ctx, Period{Year: year}); due.DMY() != want {
				t.Errorf("%d due %s, want %s", year, due.DMY(), want)
			}
		}
		_, err := f.s.SetDeadline(ctx, DeadlineInput{Due: "31/02", FromYear: "2027", Citation: "", RemindBefore: "năm"})
		var fe validate.Errors
		if !errors.As(err, &fe) || fe["due"] == "" || fe["citation"] == "" || fe["remind_before"] == "" {
			t.Errorf("bad deadline: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM indicator_deadlines"); n != 3 {
			t.Errorf("%d rules, want 3", n)
		}
	})
}
