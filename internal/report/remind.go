package report

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
)

// KindRemind is the daily job that reminds units of the reports they owe.
const KindRemind = "report.remind"

// RemindJob is the daily reminder run by the job queue: being created once a day
// (job.Queue.Every keys it by day), each reminder goes out once however many app
// processes run.
func (s *Store) RemindJob(ctx context.Context, _ *job.Run) (any, error) {
	n, err := s.RemindDue(ctx)
	return map[string]int{"reminded": n}, err
}

// RemindDue reminds, for every open report, the units that have not submitted it,
// on the working days its rules name before the due date and on every working day
// after it. It returns how many reminders went out.
func (s *Store) RemindDue(ctx context.Context) (int, error) {
	cal, err := calendar.NewStore(s.db, s.now).Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := s.today()
	if !cal.IsWorkingDay(today) {
		return 0, nil
	}
	// Open reports due within three months (the longest reminder rule is 60 working
	// days) or already overdue.
	rows, err := s.db.Read().QueryContext(ctx, "SELECT d.id FROM report_definitions d WHERE d.state = 'open' AND d.due_on <= $1",
		today.AddDays(90).String())
	if err != nil {
		return 0, fmt.Errorf("report: remind: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	sent := 0
	for _, id := range ids {
		d, err := s.Definition(ctx, id)
		if err != nil {
			return sent, err
		}
		if !remindToday(d, cal, today) {
			continue
		}
		n, err := s.Remind(ctx, d.ID)
		if err != nil {
			return sent, err
		}
		sent += n
	}
	return sent, nil
}

// remindToday says whether a report's rules call for a reminder on day today.
func remindToday(d *Definition, cal *calendar.Calendar, today calendar.Date) bool {
	if today.After(d.Due) {
		return d.RemindAfter
	}
	left := cal.WorkingDaysBetween(today, d.Due)
	for _, n := range d.RemindBefore {
		if n == left {
			return true
		}
	}
	return false
}

// Remind tells every unit of a report's audience that has not submitted it (nothing,
// a draft or a returned report) what it owes and by when; the office's button calls
// it too. Enterprises are reminded through their accounts. It returns how many were
// reminded.
func (s *Store) Remind(ctx context.Context, defID int64) (int, error) {
	if s.notify == nil {
		return 0, nil
	}
	d, err := s.Definition(ctx, defID)
	if err != nil {
		return 0, err
	}
	if !d.Open() {
		return 0, ErrClosed
	}
	var pending []Line
	for offset := 0; ; offset += 500 {
		lines, _, _, err := s.Register(ctx, d, 500, offset)
		if err != nil {
			return 0, err
		}
		for _, l := range lines {
			if !l.Status.Done() {
				pending = append(pending, l)
			}
		}
		if len(lines) < 500 {
			break
		}
	}
	if len(pending) == 0 {
		return 0, nil
	}
	today := s.today()
	subject := fmt.Sprintf("Nhắc nộp báo cáo “%s”, hạn %s", d.Title, d.Due.DMY())
	if today.After(d.Due) {
		subject = fmt.Sprintf("Báo cáo “%s” đã quá hạn nộp (%s)", d.Title, d.Due.DMY())
	}
	body := fmt.Sprintf("Kỳ báo cáo %s–%s, số liệu chốt đến ngày %s. Biểu mẫu đã điền sẵn số liệu của đơn vị trong hệ thống.",
		d.PeriodFrom.DMY(), d.PeriodTo.DMY(), d.Cutoff.DMY())
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, l := range pending {
			n := notify.Notice{Subject: subject, Body: body, Link: fmt.Sprintf("/reports/%d", d.ID)}
			if l.Submitter.UnitID != 0 {
				n.UnitIDs = []int64{l.Submitter.UnitID}
			} else {
				n.UserIDs = enterpriseUsers(ctx, tx, l.Submitter.EnterpriseID)
			}
			if err := s.notify.Notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "remind", Entity: "report", EntityID: d.ID,
			Summary: fmt.Sprintf("Nhắc %d đơn vị chưa nộp báo cáo “%s”", len(pending), d.Title)})
	})
	if err != nil {
		return 0, err
	}
	return len(pending), nil
}

func enterpriseUsers(ctx context.Context, tx *sql.Tx, enterpriseID int64) []int64 {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM users WHERE enterprise_id = $1 AND active", enterpriseID)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	return ids
}
