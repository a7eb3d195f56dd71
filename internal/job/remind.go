package job

import (
	"context"
	"fmt"
	"strconv"
)

// Stages of a deadline reminder.
const (
	StageBefore = "before" // the working day before the deadline, to whoever must act
	StageAfter  = "after"  // once it passed, to those who answer for it
)

// Reminder is the payload of one deadline reminder: the record, the deadline it is
// about (YYYY-MM-DD) and the stage. A handler sends nothing when the record's
// deadline changed meanwhile.
type Reminder struct {
	ID    int64  `json:"id"`
	Due   string `json:"due"`
	Stage string `json:"stage"`
}

// EnqueueReminders runs query (on the reader pool; it must return a record's id and
// its deadline as YYYY-MM-DD) and enqueues a job of kind for each record: the
// "before" reminder while the deadline is not past on today, the "after" one once it
// is. Each is keyed by kind, record, deadline and stage, so it is created once
// however often a scan runs and from however many processes. It returns how many
// reminders were new.
func (q *Queue) EnqueueReminders(ctx context.Context, kind, today, query string, args ...any) (int, error) {
	rows, err := q.db.Read().QueryContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("job: %s scan: %w", kind, err)
	}
	var due []Reminder
	for rows.Next() {
		var r Reminder
		if err := rows.Scan(&r.ID, &r.Due); err != nil {
			rows.Close()
			return 0, err
		}
		r.Stage = StageBefore
		if r.Due < today {
			r.Stage = StageAfter
		}
		due = append(due, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	created := 0
	for _, r := range due {
		_, isNew, err := q.Enqueue(ctx, q.db.Write(), Spec{Kind: kind, MaxAttempts: 3, Payload: r,
			Key: kind + ":" + strconv.FormatInt(r.ID, 10) + ":" + r.Due + ":" + r.Stage})
		if err != nil {
			return created, err
		}
		if isNew {
			created++
		}
	}
	return created, nil
}
