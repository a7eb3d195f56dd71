package job

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// Handler does one job. It returns the result to keep (encoded as JSON; nil for
// none) or an error; a *Permanent error, or the last attempt's error, fails the job.
type Handler func(ctx context.Context, r *Run) (any, error)

// Permanent is an error that trying again will not mend (a file that cannot be read);
// its message is shown to the user as it is, so it must be Vietnamese.
type Permanent struct{ Message string }

func (e *Permanent) Error() string { return e.Message }

// Run is a claimed job as its handler sees it.
type Run struct {
	*Job
	q         *Queue
	lastWrite time.Time
}

// Decode reads the job's payload into v.
func (r *Run) Decode(v any) error {
	if err := json.Unmarshal(r.Payload, v); err != nil {
		return &Permanent{Message: "Dữ liệu công việc không đọc được"}
	}
	return nil
}

// Progress records how far the job is. The figure is kept in this process for its
// pages at once; on PostgreSQL it is also written to the job, at most once a second,
// renewing the lease so that a long job is not taken by another process while it
// works. On SQLite the job's own work usually holds the only writer connection, and
// SQLite means one process, so the figure stays in memory. Errors are logged, not
// returned: a progress bar that lags must not stop an import.
func (r *Run) Progress(ctx context.Context, done, total int64) {
	q := r.q
	q.mu.Lock()
	q.live[r.ID] = [2]int64{done, total}
	due := time.Since(r.lastWrite) >= time.Second
	q.mu.Unlock()
	if q.db.Dialect != db.Postgres || !due {
		return
	}
	r.lastWrite = time.Now()
	now := q.now().UTC()
	_, err := q.db.Write().ExecContext(ctx, `UPDATE jobs SET progress_done = $1, progress_total = $2, locked_until = $3, updated_at = $4
		WHERE id = $5 AND locked_by = $6`, done, total, now.Add(q.lease), now, r.ID, q.worker)
	if err != nil && ctx.Err() == nil {
		slog.Warn("job: progress", "job", r.ID, "err", err)
	}
}

// Register sets the handler of a kind of job. Call it before Work.
func (q *Queue) Register(kind string, h Handler) { q.handlers[kind] = h }

// claim takes the next due job of a registered kind, or returns nil when there is none.
// Two processes may pick the same id in the inner SELECT; the outer WHERE checks the
// state again on the row, so only one UPDATE changes it and the other gets no row.
func (q *Queue) claim(ctx context.Context) (*Job, error) {
	if len(q.handlers) == 0 {
		return nil, nil
	}
	now := q.now().UTC()
	args := []any{Queued, now, Running, q.worker, now.Add(q.lease)}
	kinds := make([]string, 0, len(q.handlers))
	for k := range q.handlers {
		args = append(args, k)
		kinds = append(kinds, "$"+strconv.Itoa(len(args)))
	}
	in := strings.Join(kinds, ", ")
	due := `((state = $1 AND run_at <= $2) OR (state = $3 AND locked_until < $2)) AND kind IN (` + in + `)`
	for range 3 {
		j, err := scanJob(q.db.Write().QueryRowContext(ctx, `UPDATE jobs SET state = $3, attempts = attempts + 1,
			locked_by = $4, locked_until = $5, updated_at = $2
			WHERE id = (SELECT id FROM jobs WHERE `+due+` ORDER BY run_at, id LIMIT 1) AND `+due+`
			RETURNING `+jobColumns, args...))
		if errors.Is(err, sql.ErrNoRows) {
			// Nothing due, or another process took the row first: look once more.
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("job: claim: %w", err)
		}
		return j, nil
	}
	return nil, nil
}

// RunNext claims one due job and runs it; it reports whether there was one.
func (q *Queue) RunNext(ctx context.Context) (bool, error) {
	j, err := q.claim(ctx)
	if err != nil || j == nil {
		return false, err
	}
	q.execute(ctx, j)
	return true, nil
}

// execute runs a claimed job and records its outcome. A panic in a handler fails the
// job instead of the process.
func (q *Queue) execute(ctx context.Context, j *Job) {
	var result any
	var err error
	start := time.Now() // the wall clock: q.now may be a test's fixed clock
	outcome := "done"
	defer func() {
		if q.observe != nil && outcome != "" {
			q.observe(j.Kind, outcome, time.Since(start))
		}
	}()
	stopHeartbeat := q.heartbeat(ctx, j.ID)
	func() {
		defer stopHeartbeat()
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		result, err = q.handlers[j.Kind](ctx, &Run{Job: j, q: q})
	}()
	defer func() {
		q.mu.Lock()
		delete(q.live, j.ID)
		q.mu.Unlock()
	}()
	if ctx.Err() != nil && err != nil {
		// Stopping: leave the job to be taken again when its lease runs out.
		outcome = ""
		return
	}
	now := q.now().UTC()
	var perm *Permanent
	switch {
	case err == nil:
		var text []byte
		if result != nil {
			if text, err = json.Marshal(result); err != nil {
				outcome = "failed"
				q.fail(j, now, "Không lưu được kết quả", err)
				return
			}
		}
		q.finish(j.ID, `state = $1, result = $2, error = '', finished_at = $3, locked_until = NULL`, Done, string(text), now)
	case errors.As(err, &perm):
		outcome = "failed"
		q.fail(j, now, perm.Message, nil)
	case j.Attempts >= j.MaxAttempts:
		outcome = "failed"
		q.fail(j, now, "Lỗi hệ thống, đã thử "+strconv.Itoa(j.Attempts)+" lần", err)
	default:
		// Try again later, a little later each time.
		outcome = "retry"
		slog.Warn("job: attempt failed, will retry", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
		q.finish(j.ID, `state = $1, run_at = $2, error = $3, locked_until = NULL`, Queued,
			now.Add(time.Duration(j.Attempts*j.Attempts)*30*time.Second), "Đang thử lại")
	}
}

// heartbeat renews the lease of a job this process runs, on PostgreSQL, until the
// returned function is called: a job that reports no progress for longer than the
// lease (a long check before the first row is written) is then not taken by
// another process while it still runs. On SQLite the job usually holds the only
// writer connection and there is one server process; see recoverOrphans.
func (q *Queue) heartbeat(ctx context.Context, id int64) (stop func()) {
	if q.db.Dialect != db.Postgres {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(q.lease / 4)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				now := q.now().UTC()
				if _, err := q.db.Write().ExecContext(ctx, "UPDATE jobs SET locked_until = $1 WHERE id = $2 AND locked_by = $3 AND state = $4",
					now.Add(q.lease), id, q.worker, Running); err != nil && ctx.Err() == nil {
					slog.Warn("job: renew lease", "job", id, "err", err)
				}
			}
		}
	}()
	return func() { close(done) }
}

// recoverOrphans queues again at once the jobs a previous process left running, on
// SQLite, where a database file has one server process: whatever is marked running
// when it starts died with the process before it (killed, the machine restarted),
// and need not wait for its lease. On PostgreSQL another live process may be running
// them; they are taken again when their lease runs out.
func (q *Queue) recoverOrphans(ctx context.Context) {
	if q.db.Dialect != db.SQLite {
		return
	}
	now := q.now().UTC()
	res, err := q.db.Write().ExecContext(ctx, `UPDATE jobs SET state = $1, run_at = $2, locked_until = NULL, locked_by = '',
		error = $3, updated_at = $2 WHERE state = $4`, Queued, now, "Lần chạy trước bị dừng giữa chừng; đang chạy lại", Running)
	if err != nil {
		slog.Error("job: recover jobs left running", "err", err)
		return
	}
	if n, _ := res.RowsAffected(); n > 0 {
		slog.Warn("job: jobs left running by a stopped process are queued again", "jobs", n)
	}
}

func (q *Queue) fail(j *Job, now time.Time, message string, cause error) {
	if cause != nil {
		slog.Error("job failed", "job", j.ID, "kind", j.Kind, "err", cause)
	}
	q.finish(j.ID, `state = $1, error = $2, finished_at = $3, locked_until = NULL`, Failed, message, now)
}

// finish writes a job's outcome, if this process still holds it. It uses its own
// context: an outcome computed just before a stop is still worth keeping.
func (q *Queue) finish(id int64, set string, args ...any) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n := len(args)
	args = append(args, q.now().UTC(), id, q.worker)
	_, err := q.db.Write().ExecContext(ctx, "UPDATE jobs SET "+set+", updated_at = $"+strconv.Itoa(n+1)+
		" WHERE id = $"+strconv.Itoa(n+2)+" AND locked_by = $"+strconv.Itoa(n+3), args...)
	if err != nil {
		slog.Error("job: record outcome", "job", id, "err", err)
	}
}

// Work runs due jobs until ctx ends, one at a time, looking for new ones every poll
// interval or when Poke is called. Jobs are short or report progress, so one at a
// time keeps an import from starving the web requests of the database.
func (q *Queue) Work(ctx context.Context) {
	q.recoverOrphans(ctx)
	for {
		ran, err := q.RunNext(ctx)
		if err != nil && ctx.Err() == nil {
			slog.Error("job: worker", "err", err)
		}
		if ran {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-q.wake:
		case <-time.After(q.poll):
		}
	}
}

// Every enqueues a job of kind once per period, keyed by the period's start, so that
// with several processes each period's job is still created once. It returns when
// ctx ends.
func (q *Queue) Every(ctx context.Context, kind string, period time.Duration) {
	for {
		slot := q.now().UTC().Truncate(period)
		key := kind + "@" + slot.Format(time.RFC3339)
		wait := slot.Add(period).Sub(q.now()) + time.Second
		if _, _, err := q.Enqueue(ctx, q.db.Write(), Spec{Kind: kind, Key: key, RunAt: slot, MaxAttempts: 1}); err != nil && ctx.Err() == nil {
			// The database may be restarting: try again soon rather than skip the
			// period (the key keeps it to one job however often it is tried).
			slog.Error("job: schedule", "kind", kind, "err", err)
			wait = min(wait, retrySchedule)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// retrySchedule is how soon Every tries again to schedule a period's job it could
// not write.
const retrySchedule = 30 * time.Second

// Prune removes finished jobs older than age; periodic jobs would otherwise pile up.
func (q *Queue) Prune(ctx context.Context, age time.Duration) (int64, error) {
	res, err := q.db.Write().ExecContext(ctx, "DELETE FROM jobs WHERE finished_at < $1", q.now().UTC().Add(-age))
	if err != nil {
		return 0, fmt.Errorf("job: prune: %w", err)
	}
	return res.RowsAffected()
}
