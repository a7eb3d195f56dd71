package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
)

// KindRemind is the daily job that reminds enterprises of the figures they owe.
const KindRemind = "indicator.remind"

// RemindJob is the daily reminder run by the job queue: created once a day
// (job.Queue.Every keys it by day), each reminder goes out once however many app
// processes run.
func (s *Store) RemindJob(ctx context.Context, _ *job.Run) (any, error) {
	n, err := s.RemindDue(ctx)
	return map[string]int{"reminded": n}, err
}

// RemindDue reminds, for every period whose deadline calls for it today, the active
// enterprises that have not reported it: on the working days the rule names before
// the due date, then every few working days after it for a while. It returns how
// many enterprises were reminded.
func (s *Store) RemindDue(ctx context.Context) (int, error) {
	cal, err := calendar.NewStore(s.d, s.now).Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := calendar.DateOf(s.now())
	if !cal.IsWorkingDay(today) {
		return 0, nil
	}
	rules, err := s.Deadlines(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for year := today.Year - 2; year <= today.Year; year++ {
		for _, half := range Halves {
			p := Period{Year: year, Half: half}
			d, ok := inForce(rules, p)
			if !ok || !remindToday(d, cal, today, d.DueFor(year)) {
				continue
			}
			n, err := s.Remind(ctx, p)
			if err != nil {
				return sent, err
			}
			sent += n
		}
	}
	return sent, nil
}

// remindToday says whether a deadline's rule calls for a reminder on day today.
func remindToday(d Deadline, cal *calendar.Calendar, today, due calendar.Date) bool {
	if today.After(due) {
		k := cal.WorkingDaysBetween(due, today)
		return d.RemindEvery > 0 && k <= d.RemindUntil && k%d.RemindEvery == 0
	}
	return slices.Contains(d.RemindBefore, cal.WorkingDaysBetween(today, due))
}

// Remind tells every active enterprise that has not reported p what it owes and by
// when: its accounts in thidua, or its e-mail address when it has no account. The
// office's button calls it too. It returns how many enterprises were reminded; one with neither is
// counted in the audit entry.
func (s *Store) Remind(ctx context.Context, p Period) (int, error) {
	if s.notify == nil {
		return 0, nil
	}
	d, due, ok, err := s.DeadlineFor(ctx, p)
	if err != nil {
		return 0, err
	}
	var pending []Missing
	for offset := 0; ; offset += 500 {
		page, err := s.MissingList(ctx, p, 500, offset)
		if err != nil {
			return 0, err
		}
		pending = append(pending, page...)
		if len(page) < 500 {
			break
		}
	}
	if len(pending) == 0 {
		return 0, nil
	}
	today := calendar.DateOf(s.now())
	subject := fmt.Sprintf("Nhắc báo cáo chỉ tiêu sản xuất kinh doanh %s", p)
	body := "Doanh nghiệp %s (mã số thuế %s) chưa báo cáo chỉ tiêu sản xuất kinh doanh %s: doanh thu, lợi nhuận, nộp ngân sách, " +
		"lao động, thu nhập, đầu tư, chuyển đổi số và việc chấp hành thuế, bảo hiểm xã hội, an toàn lao động, môi trường, " +
		"phòng cháy chữa cháy. Doanh nghiệp nhập số liệu bằng tài khoản của mình (mục Chỉ tiêu SXKD) hoặc gửi cho Văn phòng Sở."
	if ok {
		subject += ", hạn " + due.DMY()
		body += fmt.Sprintf(" Hạn nộp: %s (căn cứ: %s).", due.DMY(), d.Citation)
		if today.After(due) {
			subject = fmt.Sprintf("Đã quá hạn báo cáo chỉ tiêu sản xuất kinh doanh %s (hạn %s)", p, due.DMY())
		}
	}
	sent := 0
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		accounts, err := enterpriseAccounts(ctx, tx, pending)
		if err != nil {
			return err
		}
		for _, m := range pending {
			n := notify.Notice{Subject: subject, Body: fmt.Sprintf(body, m.Name, m.TaxCode, p),
				Link: fmt.Sprintf("/enterprise/indicators/new?year=%d&half=%d", p.Year, p.Half), UserIDs: accounts[m.ID]}
			if len(n.UserIDs) == 0 {
				if m.Email == "" {
					continue
				}
				n.Emails = []string{m.Email}
			}
			if err := s.notify.Notify(ctx, tx, n); err != nil {
				return err
			}
			sent++
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "remind", Entity: "indicator",
			Summary: fmt.Sprintf("Nhắc %d doanh nghiệp chưa báo cáo chỉ tiêu sản xuất kinh doanh %s (%d doanh nghiệp chưa có tài khoản, thư điện tử)",
				sent, p, len(pending)-sent)})
	})
	if err != nil {
		return 0, err
	}
	return sent, nil
}

// enterpriseAccounts are the active accounts of the enterprises, by enterprise.
func enterpriseAccounts(ctx context.Context, tx *sql.Tx, ms []Missing) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	for batch := range slices.Chunk(ms, 500) {
		args := make([]any, len(batch))
		for i, m := range batch {
			args[i] = m.ID
		}
		rows, err := tx.QueryContext(ctx, "SELECT enterprise_id, id FROM users WHERE active AND enterprise_id IN ("+
			db.Placeholders(1, len(args))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("indicator: accounts: %w", err)
		}
		for rows.Next() {
			var eid, uid int64
			if err := rows.Scan(&eid, &uid); err != nil {
				rows.Close()
				return nil, err
			}
			out[eid] = append(out[eid], uid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
