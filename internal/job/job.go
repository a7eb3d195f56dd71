// Package job is the one durable queue for background work: large imports, reminders,
// e-mail. Jobs live in the database, so any app process can take one, a job survives
// a restart, and several processes on one PostgreSQL never run the same job twice at
// once: a worker claims a job with one atomic UPDATE and holds it for a lease that it
// renews while it works; a job whose process died is taken again when its lease runs
// out. A job with a key is enqueued once per key, however many processes try.
package job

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// States of a job.
const (
	Queued  = "queued"
	Running = "running"
	Done    = "done"
	Failed  = "failed"
)

// Job is one piece of background work and what became of it.
type Job struct {
	ID            int64
	Kind          string
	Key           string
	Payload       json.RawMessage
	State         string
	Attempts      int
	MaxAttempts   int
	RunAt         time.Time
	ProgressDone  int64
	ProgressTotal int64
	Result        json.RawMessage // what the handler returned, as JSON
	Error         string          // why it failed, in Vietnamese when the handler said so
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	FinishedAt    *time.Time
}

// Finished reports whether the job will not run again.
func (j *Job) Finished() bool { return j.State == Done || j.State == Failed }

// Percent is the progress as a whole percentage, 0 when the total is unknown.
func (j *Job) Percent() int {
	if j.ProgressTotal <= 0 {
		return 0
	}
	p := int(j.ProgressDone * 100 / j.ProgressTotal)
	return min(p, 100)
}

// Spec is what Enqueue takes.
type Spec struct {
	Kind    string
	Payload any // encoded as JSON
	// Key, when set, makes the job unique: a second Enqueue with the same key
	// creates nothing, even from another process.
	Key         string
	RunAt       time.Time // zero: now
	MaxAttempts int       // zero: 3
	CreatedBy   int64     // the user who asked, 0 for the system
}

// Queue stores jobs and runs them with the handlers registered for their kinds.
type Queue struct {
	db       *db.DB
	now      func() time.Time
	handlers map[string]Handler
	worker   string        // this process's name in locked_by
	lease    time.Duration // how long a claim holds without renewal
	poll     time.Duration
	wake     chan struct{}

	mu   sync.Mutex
	live map[int64][2]int64 // progress of the jobs running in this process

	observe func(kind, outcome string, took time.Duration)
}

// Observe sets a function told of every job this process runs: its kind, its
// outcome (done, failed, or retry when it will be tried again) and how long it ran.
// It is for metrics; call it before Work.
func (q *Queue) Observe(f func(kind, outcome string, took time.Duration)) { q.observe = f }

// New returns a queue on d; now is the clock.
func New(d *db.DB, now func() time.Time) *Queue {
	b := make([]byte, 6)
	rand.Read(b)
	return &Queue{db: d, now: now, handlers: map[string]Handler{}, worker: hex.EncodeToString(b),
		lease: 2 * time.Minute, poll: 2 * time.Second, wake: make(chan struct{}, 1), live: map[int64][2]int64{}}
}

// Enqueue adds a job inside q (a transaction, so that the job exists exactly when the
// change that asked for it does, or the database). It returns the job's id, and
// whether it was created: false when a job with the same key exists.
func (q *Queue) Enqueue(ctx context.Context, x db.Querier, s Spec) (int64, bool, error) {
	if s.Kind == "" {
		return 0, false, errors.New("job: enqueue without a kind")
	}
	payload := []byte("{}")
	if s.Payload != nil {
		var err error
		if payload, err = json.Marshal(s.Payload); err != nil {
			return 0, false, fmt.Errorf("job: encode payload of %s: %w", s.Kind, err)
		}
	}
	now := q.now().UTC()
	runAt := s.RunAt
	if runAt.IsZero() {
		runAt = now
	}
	attempts := s.MaxAttempts
	if attempts <= 0 {
		attempts = 3
	}
	var key, by any
	if s.Key != "" {
		key = s.Key
	}
	if s.CreatedBy != 0 {
		by = s.CreatedBy
	}
	var id int64
	err := x.QueryRowContext(ctx, `INSERT INTO jobs (kind, unique_key, payload, state, max_attempts, run_at, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (unique_key) DO NOTHING RETURNING id`,
		s.Kind, key, string(payload), Queued, attempts, runAt.UTC(), by, now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = x.QueryRowContext(ctx, "SELECT id FROM jobs WHERE unique_key = $1", s.Key).Scan(&id)
		return id, false, err
	}
	if err != nil {
		return 0, false, fmt.Errorf("job: enqueue %s: %w", s.Kind, err)
	}
	q.Poke()
	return id, true, nil
}

// Poke wakes this process's worker to look for work now instead of at its next poll.
func (q *Queue) Poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

const jobColumns = `id, kind, COALESCE(unique_key, ''), payload, state, attempts, max_attempts, run_at, progress_done,
	progress_total, result, error, COALESCE(created_by, 0), created_at, updated_at, finished_at`

func scanJob(row interface{ Scan(...any) error }) (*Job, error) {
	var j Job
	var payload, result string
	var finished sql.NullTime
	err := row.Scan(&j.ID, &j.Kind, &j.Key, &payload, &j.State, &j.Attempts, &j.MaxAttempts, &j.RunAt, &j.ProgressDone,
		&j.ProgressTotal, &result, &j.Error, &j.CreatedBy, &j.CreatedAt, &j.UpdatedAt, &finished)
	if err != nil {
		return nil, err
	}
	j.Payload = json.RawMessage(payload)
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	if finished.Valid {
		t := finished.Time
		j.FinishedAt = &t
	}
	return &j, nil
}

// Get returns a job by id, or db.ErrNotFound.
func (q *Queue) Get(ctx context.Context, id int64) (*Job, error) {
	j, err := scanJob(q.db.Read().QueryRowContext(ctx, "SELECT "+jobColumns+" FROM jobs WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("job: get %d: %w", id, err)
	}
	q.mu.Lock()
	if p, ok := q.live[id]; ok && j.State == Running {
		j.ProgressDone, j.ProgressTotal = p[0], p[1]
	}
	q.mu.Unlock()
	return j, nil
}

// Stats counts the jobs of the shared queue by state, and says how long the oldest
// job that is due has been waiting (0 when none is): a queue no process works on
// shows as a wait that keeps growing.
func (q *Queue) Stats(ctx context.Context) (map[string]int, time.Duration, error) {
	now := q.now().UTC()
	counts := map[string]int{Queued: 0, Running: 0, Done: 0, Failed: 0}
	rows, err := q.db.Read().QueryContext(ctx, "SELECT state, COUNT(*) FROM jobs GROUP BY state")
	if err != nil {
		return nil, 0, fmt.Errorf("job: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, 0, err
		}
		counts[state] = n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	// ORDER BY … LIMIT 1 rather than MIN: SQLite keeps the column's type only then.
	var oldest time.Time
	err = q.db.Read().QueryRowContext(ctx, "SELECT run_at FROM jobs WHERE state = $1 AND run_at <= $2 ORDER BY run_at LIMIT 1", Queued, now).Scan(&oldest)
	if errors.Is(err, sql.ErrNoRows) {
		return counts, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("job: stats: %w", err)
	}
	return counts, max(now.Sub(oldest), 0), nil
}
