package petition

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/job"
)

// Kinds of job of the reminders: a periodic scan that finds what is due, and one
// job per reminder, keyed so that each reminder is sent once however often the scan
// runs and however many app processes run it.
const (
	KindRemindScan = "petition.remind_scan"
	KindRemind     = "petition.remind"
	// KindRefresh recounts the open petitions' deadlines after the calendar changed.
	KindRefresh = "petition.refresh_deadlines"
)

// RefreshJob is RefreshDeadlines run by the job queue.
func (s *Store) RefreshJob(ctx context.Context, _ *job.Run) (any, error) {
	n, err := s.RefreshDeadlines(ctx)
	return map[string]int{"changed": n}, err
}

// RemindBeforeDays is how many working days before a deadline its holder is reminded.
const RemindBeforeDays = 1

// RemindScan enqueues a reminder for every petition whose running deadline is within
// RemindBeforeDays working days, and an escalation for every one past it. It returns
// how many reminders it created (those already created before are not counted).
func (s *Store) RemindScan(ctx context.Context, q *job.Queue) (int, error) {
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := s.today()
	soon := cal.AddWorkingDays(today, RemindBeforeDays)
	return q.EnqueueReminders(ctx, KindRemind, today.String(), "SELECT id, due_key FROM petitions WHERE due_key <= $1 ORDER BY due_key, id", soon.String())
}

// Remind sends one reminder, if the petition still has the same deadline running;
// a petition handled meanwhile needs none.
func (s *Store) Remind(ctx context.Context, r *job.Run) (any, error) {
	var p job.Reminder
	if err := r.Decode(&p); err != nil {
		return nil, err
	}
	sent := false
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		var code, subject, state, dueKey string
		var unitID sql.NullInt64
		err := tx.QueryRowContext(ctx, "SELECT tracking_code, subject, state, unit_id, due_key FROM petitions WHERE id = $1", p.ID).
			Scan(&code, &subject, &state, &unitID, &dueKey)
		if err == sql.ErrNoRows || (err == nil && dueKey != p.Due) {
			return nil
		}
		if err != nil {
			return err
		}
		due, _ := calendar.ParseDate(p.Due)
		step := map[State]string{StateReceived: "phân loại, tiếp nhận", StateProcessing: "xử lý, trả lời", StateAwaitingPublication: "công khai trả lời"}[State(state)]
		n := Notice{Link: s.links.Staff(p.ID)}
		if p.Stage == job.StageBefore {
			n.Subject = fmt.Sprintf("[%s] Sắp đến hạn %s (%s): %s", code, step, due.DMY(), subject)
			if unitID.Valid && State(state) == StateProcessing {
				n.UnitIDs = []int64{unitID.Int64}
			} else {
				n.Roles = []string{string(auth.RoleOffice)}
			}
		} else {
			n.Subject = fmt.Sprintf("[%s] Quá hạn %s từ %s: %s", code, step, due.DMY(), subject)
			n.Body = "Phản ánh, kiến nghị đã quá hạn; đề nghị lãnh đạo chỉ đạo xử lý."
			n.Roles = []string{string(auth.RoleLeader), string(auth.RoleOffice)}
			if unitID.Valid {
				if n.UserIDs, err = unitManagers(ctx, tx, unitID.Int64); err != nil {
					return err
				}
			}
		}
		if s.notifier != nil {
			if err := s.notifier.Notify(ctx, tx, n); err != nil {
				return err
			}
		}
		sent = true
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "remind", Entity: "petition", EntityID: p.ID, Summary: n.Subject})
	})
	return map[string]bool{"sent": sent}, err
}

func unitManagers(ctx context.Context, tx *sql.Tx, unitID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM users WHERE unit_id = $1 AND role = $2 AND active", unitID, auth.RoleUnitManager)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
