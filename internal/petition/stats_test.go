package petition

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
)

func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%.2f", *v)
}

func (u UnitScore) String() string {
	return fmt.Sprintf("%s: %d handled, %d on time (%s%%, %s), %d rated, %d satisfied (%s%%, %s)", u.UnitName, u.Handled, u.OnTime,
		show(u.OnTimeRate), show(u.OnTimeScore), u.Rated, u.Satisfied, show(u.SatisfactionRate), show(u.SatisfactionScore))
}

// The 766 petition scores: 6 × rate, the full 6 for a unit with no petitions, and
// no data shown as null rather than zero.
func TestScores(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		// Unit A answers three petitions received 28/4 (process by 21/5): one on
		// time, two late; two senders rate, one satisfied. Unit B answers one on time,
		// unrated.
		handle := func(unit int64, answerOn calendar.Date, rating Satisfaction) {
			f.clk.set(2026, 4, 28)
			p := f.fromEnterprise(t, "Phản ánh")
			f.act(t, office(), p.ID, ActionAssign, Input{UnitID: unit})
			f.clk.set(answerOn.Year, answerOn.Month, answerOn.Day)
			f.act(t, f.staff(unit), p.ID, ActionAnswer, Input{Answer: "Trả lời"})
			if rating != SatisfactionNone {
				f.act(t, office(), p.ID, ActionPublish, Input{})
				f.act(t, f.enterprise(f.ent1), p.ID, ActionRate, Input{Satisfaction: rating})
			}
		}
		handle(f.unitA, date(2026, 5, 21), SatisfactionSatisfied)
		handle(f.unitA, date(2026, 5, 22), SatisfactionUnsatisfied)
		handle(f.unitA, date(2026, 6, 1), SatisfactionNone)
		handle(f.unitB, date(2026, 5, 20), SatisfactionNone)
		f.clk.set(2026, 4, 28)
		f.fromEnterprise(t, "Chưa xử lý")

		units, total, err := f.s.Scores(ctx, date(2026, 5, 1), date(2026, 6, 30))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range units {
			got = append(got, u.String())
		}
		got = append(got, total.String())
		want := []string{
			"Phòng Kinh tế, Vật liệu xây dựng: 1 handled, 1 on time (100.00%, 6.00), 0 rated, 0 satisfied (null%, null)",
			"Phòng Quản lý hoạt động xây dựng: 3 handled, 1 on time (33.33%, 2.00), 2 rated, 1 satisfied (50.00%, 3.00)",
			"Toàn Sở: 4 handled, 2 on time (50.00%, 3.00), 2 rated, 1 satisfied (50.00%, 3.00)",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("scores:\n%s", strings.Join(got, "\n"))
		}

		// A period without petitions gives every unit the full 6.
		units, total, err = f.s.Scores(ctx, date(2026, 7, 1), date(2026, 7, 31))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range append(units, total) {
			if u.Handled != 0 || u.OnTimeRate != nil || u.SatisfactionRate != nil || *u.OnTimeScore != 6 || *u.SatisfactionScore != 6 {
				t.Errorf("empty period: %s", u)
			}
		}

		// Unit B, closed since, still shows what it answered in a period, and is
		// left out of a period in which it answered nothing.
		if _, err := f.d.Write().ExecContext(ctx, "UPDATE units SET active = $1 WHERE id = $2", false, f.unitB); err != nil {
			t.Fatal(err)
		}
		names := func(from, to calendar.Date) string {
			units, _, err := f.s.Scores(ctx, from, to)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range units {
				out = append(out, fmt.Sprintf("%s %d", u.UnitName, u.Handled))
			}
			return strings.Join(out, "; ")
		}
		if got, want := names(date(2026, 5, 1), date(2026, 6, 30)),
			"Phòng Kinh tế, Vật liệu xây dựng 1; Phòng Quản lý hoạt động xây dựng 3"; got != want {
			t.Errorf("with unit B closed, May–June: %s, want %s", got, want)
		}
		if got, want := names(date(2026, 7, 1), date(2026, 7, 31)), "Phòng Quản lý hoạt động xây dựng 0"; got != want {
			t.Errorf("with unit B closed, July: %s, want %s", got, want)
		}
	})
}

// A rule set by the office applies to petitions received from its start; the
// stored deadlines of open petitions follow a change of the calendar.
func TestRulesAndRefresh(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		old := f.fromEnterprise(t, "Nhận trước quy định mới")
		r, err := f.s.SetRule(ctx, Rule{Code: RuleProcess, WorkingDays: 10, Citation: " Nghị định mới (giả định) ",
			EffectiveFrom: date(2026, 5, 1)})
		if err != nil || r.ID == 0 || r.Citation != "Nghị định mới (giả định)" {
			t.Fatalf("set rule: %+v %v", r, err)
		}
		f.clk.set(2026, 5, 4)
		fresh := f.fromEnterprise(t, "Nhận sau quy định mới")
		if fresh.Deadlines.ProcessBy != date(2026, 5, 18) || !strings.HasSuffix(fresh.Deadlines.Explain(RuleProcess), "Căn cứ: Nghị định mới (giả định)") {
			t.Errorf("new rule: %s %s", fresh.Deadlines.ProcessBy, fresh.Deadlines.Explain(RuleProcess))
		}
		p, _ := f.s.Get(ctx, office().Scope(), old.ID)
		if p.Deadlines.ProcessBy != date(2026, 5, 21) {
			t.Errorf("old petition: %s", p.Deadlines.ProcessBy)
		}

		// Setting the same rule again replaces it.
		if _, err := f.s.SetRule(ctx, Rule{Code: RuleProcess, WorkingDays: 12, Citation: "Sửa", EffectiveFrom: date(2026, 5, 1)}); err != nil {
			t.Fatal(err)
		}
		rules, _ := f.s.Rules(ctx)
		if len(rules) != 7 {
			t.Errorf("%d rules", len(rules))
		}
		_, err = f.s.SetRule(ctx, Rule{Code: "answer_by", WorkingDays: -1, Category: "praise"})
		var fe FieldErrors
		if !errors.As(err, &fe) || fe["code"] != "Quy định: không có quy định “answer_by”" || fe["citation"] != "Căn cứ pháp lý: không được để trống: ghi văn bản quy định thời hạn này" ||
			fe["working_days"] != "Số ngày làm việc: phải từ 0 đến 365 ngày làm việc" || fe["effective_from"] != "Hiệu lực từ: không được để trống" ||
			fe["category"] != "Loại phản ánh, kiến nghị: không có loại “praise”; để trống để áp dụng cho mọi loại" {
			t.Errorf("bad rule: %#v", fe)
		}

		// The government adds 11/5 as a day off: the stored deadlines follow.
		if _, err := f.d.Write().ExecContext(ctx, `INSERT INTO calendar_overrides (date, working, name, note, created_at, updated_at)
			VALUES ('2026-05-11', $1, 'Nghỉ bổ sung', '', $2, $2)`, false, f.clk.now().UTC()); err != nil {
			t.Fatal(err)
		}
		n, err := f.s.RefreshDeadlines(ctx)
		if err != nil || n != 2 {
			t.Errorf("refreshed %d: %v", n, err)
		}
		if n, _ := f.s.RefreshDeadlines(ctx); n != 0 {
			t.Errorf("refreshed again: %d", n)
		}
		if got := count(t, f.d, "SELECT COUNT(*) FROM petitions WHERE process_by = '2026-05-22'"); got != 1 {
			t.Errorf("old petition not moved to 22/5")
		}
	})
}
