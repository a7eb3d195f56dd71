package inspection

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
)

// Kinds of job of the reminders: a periodic scan that finds the actions due, and
// one job per reminder, keyed so that each reminder is sent once however often the
// scan runs and however many app processes run it.
const (
	KindRemindScan = "inspection.remind_scan"
	KindRemind     = "inspection.remind"
)

// RemindScanJob is RemindScan run by the job queue.
func (s *Store) RemindScanJob(q *job.Queue) job.Handler {
	return func(ctx context.Context, _ *job.Run) (any, error) {
		n, err := s.RemindScan(ctx, q)
		return map[string]int{"reminders": n}, err
	}
}

// RemindScan enqueues a reminder to the owner of every action the unit still has to
// act on that is due by the next working day, and an escalation for every one past
// its due date. It returns how many reminders it created; those created before are
// not created again.
func (s *Store) RemindScan(ctx context.Context, q *job.Queue) (int, error) {
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := s.today()
	soon := cal.AddWorkingDays(today, 1)
	return q.EnqueueReminders(ctx, KindRemind, today.String(), `SELECT id, due_on FROM inspection_findings WHERE state IN ('open', 'returned') AND due_on <= $1
		ORDER BY due_on, id`, soon.String())
}

// Remind sends one reminder if the action still waits on its unit with the same
// due date; one reported or closed meanwhile needs none.
func (s *Store) Remind(ctx context.Context, r *job.Run) (any, error) {
	var p job.Reminder
	if err := r.Decode(&p); err != nil {
		return nil, err
	}
	sent := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, err := getFinding(ctx, tx, p.ID)
		if err == ErrNotFound || (err == nil && (f.DueOn.String() != p.Due || !f.UnitMustAct())) {
			return nil
		}
		if err != nil {
			return err
		}
		due, _ := calendar.ParseDate(p.Due)
		n := notify.Notice{Link: fmt.Sprintf("/inspection-actions/%d", f.ID)}
		if p.Stage == job.StageBefore {
			n.Subject = fmt.Sprintf("Sắp đến hạn khắc phục (%s): %s", due.DMY(), f.Action)
			n.Body = "Biện pháp khắc phục sau kiểm tra “" + f.InspectionTitle + "” đến hạn ngày " + due.DMY() + "; đề nghị đơn vị báo cáo kết quả thực hiện."
			n.UnitIDs = []int64{f.UnitID}
		} else {
			n.Subject = fmt.Sprintf("Quá hạn khắc phục từ %s: %s (%s)", due.DMY(), f.Action, f.UnitName)
			n.Body = f.UnitName + " chưa hoàn thành biện pháp khắc phục sau kiểm tra “" + f.InspectionTitle + "”; đề nghị lãnh đạo Sở chỉ đạo."
			n.Roles = []string{string(auth.RoleLeader), string(auth.RoleOffice)}
		}
		if s.notify != nil {
			if err := s.notify.Notify(ctx, tx, n); err != nil {
				return err
			}
		}
		sent = true
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "remind", Entity: "inspection_finding", EntityID: f.ID, Summary: n.Subject})
	})
	return map[string]bool{"sent": sent}, err
}
