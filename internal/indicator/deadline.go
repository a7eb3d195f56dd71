package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/validate"
)

// Deadline is when a kind of period's figures are due, from a first year on, with
// its legal basis and when reminders go out (DESIGN.md, principle 1: rules are data).
type Deadline struct {
	ID               int64
	Half             int
	DueMonth, DueDay int
	YearsAfter       int   // 1: in the year after the period's
	RemindBefore     []int // working days before the due date
	RemindEvery      int   // working days between reminders once it passed
	RemindUntil      int   // working days after it with no more reminders
	Citation         string
	FromYear         int
}

// DueFor is the due date of the period of that year.
func (d Deadline) DueFor(year int) calendar.Date {
	return calendar.NewDate(year+d.YearsAfter, time.Month(d.DueMonth), d.DueDay)
}

// Text is the rule as a sentence: "31/03 năm sau".
func (d Deadline) Text() string {
	when := "cùng năm"
	if d.YearsAfter == 1 {
		when = "năm sau"
	}
	return fmt.Sprintf("%02d/%02d %s", d.DueDay, d.DueMonth, when)
}

// Deadlines are every rule, by kind of period and first year.
func (s *Store) Deadlines(ctx context.Context) ([]Deadline, error) {
	rows, err := s.d.Read().QueryContext(ctx, `SELECT id, half, due_month, due_day, years_after, remind_before, remind_every,
		remind_until, citation, from_year FROM indicator_deadlines ORDER BY half, from_year`)
	if err != nil {
		return nil, fmt.Errorf("indicator: deadlines: %w", err)
	}
	defer rows.Close()
	var out []Deadline
	for rows.Next() {
		var d Deadline
		var before string
		if err := rows.Scan(&d.ID, &d.Half, &d.DueMonth, &d.DueDay, &d.YearsAfter, &before, &d.RemindEvery, &d.RemindUntil,
			&d.Citation, &d.FromYear); err != nil {
			return nil, fmt.Errorf("indicator: deadlines: %w", err)
		}
		d.RemindBefore, _ = parseDays(before)
		out = append(out, d)
	}
	return out, rows.Err()
}

// inForce is the rule for the period p among rules: the one of its kind with the
// latest first year not after p's year.
func inForce(rules []Deadline, p Period) (Deadline, bool) {
	var best Deadline
	found := false
	for _, d := range rules {
		if d.Half == p.Half && d.FromYear <= p.Year && (!found || d.FromYear > best.FromYear) {
			best, found = d, true
		}
	}
	return best, found
}

// DeadlineFor is the rule for p and its due date; ok is false when the period has
// no deadline (half-years, unless the office set one).
func (s *Store) DeadlineFor(ctx context.Context, p Period) (d Deadline, due calendar.Date, ok bool, err error) {
	rules, err := s.Deadlines(ctx)
	if err != nil {
		return d, due, false, err
	}
	if d, ok = inForce(rules, p); ok {
		due = d.DueFor(p.Year)
	}
	return d, due, ok, nil
}

// DeadlineInput is the office's form for a deadline: the kind of period, the day
// ("31/03"), whether it falls in the year after the period, from which year, on what
// basis, and on which working days before it to remind.
type DeadlineInput struct {
	Half, Due, YearsAfter, FromYear, Citation, RemindBefore string
}

// SetDeadline records a deadline from a year on, replacing the one of the same kind
// and first year; earlier years keep theirs.
func (s *Store) SetDeadline(ctx context.Context, in DeadlineInput) (Deadline, error) {
	errs := validate.Errors{}
	var d Deadline
	var ok bool
	if d.Half, ok = ParseHalf(in.Half); !ok {
		errs.Add("half", "Chọn kỳ báo cáo")
	}
	day, month, found := strings.Cut(strings.TrimSpace(in.Due), "/")
	d.DueDay, _ = strconv.Atoi(day)
	d.DueMonth, _ = strconv.Atoi(month)
	if !found || d.DueMonth < 1 || d.DueMonth > 12 || d.DueDay < 1 || d.DueDay > 31 ||
		calendar.NewDate(2001, time.Month(d.DueMonth), d.DueDay).Day != d.DueDay {
		errs.Add("due", fmt.Sprintf("Hạn nộp %q không hợp lệ (cần dạng ngày/tháng, ví dụ 31/03)", in.Due))
	}
	d.YearsAfter = 0
	if in.YearsAfter == "1" {
		d.YearsAfter = 1
	}
	var err error
	if d.FromYear, err = strconv.Atoi(strings.TrimSpace(in.FromYear)); err != nil || d.FromYear < FirstYear || d.FromYear > 2100 {
		errs.Add("from_year", fmt.Sprintf("Áp dụng từ năm %q không hợp lệ", in.FromYear))
	}
	if d.Citation = clean(in.Citation); d.Citation == "" {
		errs.Add("citation", "Ghi căn cứ của hạn nộp (văn bản, điều khoản); chưa chắc chắn thì ghi “cần xác nhận”")
	}
	if d.RemindBefore, ok = parseDays(in.RemindBefore); !ok {
		errs.Add("remind_before", fmt.Sprintf("Ngày nhắc trước hạn %q không hợp lệ (các số ngày làm việc, ví dụ 20, 5, 1)", in.RemindBefore))
	}
	if err := errs.Err(); err != nil {
		return d, err
	}
	d.RemindEvery, d.RemindUntil = 5, 40
	before := joinDays(d.RemindBefore)
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO indicator_deadlines (half, due_month, due_day, years_after, remind_before,
			remind_every, remind_until, citation, from_year) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (half, from_year) DO UPDATE SET due_month = excluded.due_month, due_day = excluded.due_day,
			years_after = excluded.years_after, remind_before = excluded.remind_before, citation = excluded.citation RETURNING id`, d.Half, d.DueMonth, d.DueDay, d.YearsAfter, before, d.RemindEvery, d.RemindUntil,
			d.Citation, d.FromYear).Scan(&d.ID); err != nil {
			return fmt.Errorf("indicator: set deadline: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "update", Entity: "indicator_deadline", EntityID: d.ID, After: d,
			Summary: fmt.Sprintf("Đặt hạn báo cáo chỉ tiêu sản xuất kinh doanh (%s) từ năm %d: %s", strings.ToLower(HalfLabel(d.Half)), d.FromYear, d.Text())})
	})
	return d, err
}

// parseDays reads "20, 5, 1"; empty is no reminder before the due date.
func parseDays(s string) ([]int, bool) {
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 || n > 250 {
			return nil, false
		}
		out = append(out, n)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return slices.Compact(out), true
}

func joinDays(days []int) string {
	parts := make([]string, len(days))
	for i, n := range days {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}
