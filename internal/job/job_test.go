package job

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newClock() *clock { return &clock{t: time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)} }

func TestJobRunsOnceWithProgressAndResult(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := newClock()
		q := New(d, c.now)
		var seen *Job
		q.Register("count", func(ctx context.Context, r *Run) (any, error) {
			var p struct{ To int64 }
			if err := r.Decode(&p); err != nil {
				return nil, err
			}
			r.Progress(ctx, p.To/2, p.To)
			seen, _ = q.Get(ctx, r.ID) // as the progress page reads it
			return map[string]int64{"counted": p.To}, nil
		})
		id, created, err := q.Enqueue(ctx, d.Write(), Spec{Kind: "count", Payload: map[string]int{"To": 10}})
		if err != nil || !created {
			t.Fatalf("enqueue: %v %v", created, err)
		}
		ran, err := q.RunNext(ctx)
		if err != nil || !ran {
			t.Fatalf("run: %v %v", ran, err)
		}
		j, err := q.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if seen == nil || seen.State != Running || seen.ProgressDone != 5 || seen.Percent() != 50 {
			t.Errorf("job while running = %+v, want running at 5 of 10", seen)
		}
		if j.State != Done || string(j.Result) != `{"counted":10}` || j.FinishedAt == nil {
			t.Errorf("job after run = %s %s", j.State, j.Result)
		}
		if ran, _ := q.RunNext(ctx); ran {
			t.Error("a finished job ran again")
		}
	})
}

func TestKeyedJobIsEnqueuedOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := New(d, newClock().now)
		first, created, err := q.Enqueue(ctx, d.Write(), Spec{Kind: "remind", Key: "petition:7:process_by"})
		if err != nil || !created {
			t.Fatal(created, err)
		}
		again, created, err := q.Enqueue(ctx, d.Write(), Spec{Kind: "remind", Key: "petition:7:process_by"})
		if err != nil || created || again != first {
			t.Errorf("second enqueue = %d %v %v, want the first job %d, not created", again, created, err, first)
		}
	})
}

func TestFailuresRetryThenFail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := newClock()
		q := New(d, c.now)
		var calls atomic.Int32
		q.Register("flaky", func(ctx context.Context, r *Run) (any, error) {
			calls.Add(1)
			return nil, errors.New("connection refused")
		})
		q.Register("bad", func(ctx context.Context, r *Run) (any, error) {
			return nil, &Permanent{Message: "Tệp không đọc được"}
		})
		flaky, _, _ := q.Enqueue(ctx, d.Write(), Spec{Kind: "flaky", MaxAttempts: 2})
		bad, _, _ := q.Enqueue(ctx, d.Write(), Spec{Kind: "bad"})
		for range 2 {
			q.RunNext(ctx)
		}
		if j, _ := q.Get(ctx, flaky); j.State != Queued || j.Attempts != 1 {
			t.Errorf("after one failure: %s, attempts %d; want queued for a retry", j.State, j.Attempts)
		}
		if j, _ := q.Get(ctx, bad); j.State != Failed || j.Error != "Tệp không đọc được" {
			t.Errorf("a permanent error: %s %q", j.State, j.Error)
		}
		if ran, _ := q.RunNext(ctx); ran {
			t.Error("a retry ran before its time")
		}
		c.add(time.Hour)
		q.RunNext(ctx)
		if j, _ := q.Get(ctx, flaky); j.State != Failed || calls.Load() != 2 {
			t.Errorf("after the last attempt: %s, %d calls", j.State, calls.Load())
		}
	})
}

func TestPanicFailsTheJobNotTheProcess(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	q := New(d, newClock().now)
	q.Register("boom", func(ctx context.Context, r *Run) (any, error) { panic("nil map") })
	id, _, _ := q.Enqueue(ctx, d.Write(), Spec{Kind: "boom", MaxAttempts: 1})
	q.RunNext(ctx)
	if j, _ := q.Get(ctx, id); j.State != Failed {
		t.Errorf("state %s, want failed", j.State)
	}
}

// A process that dies holding a job leaves it running; once the lease runs out
// another process takes it, and the dead one can no longer record an outcome.
func TestExpiredLeaseIsTakenByAnotherProcess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := newClock()
		dead, alive := New(d, c.now), New(d, c.now)
		for _, q := range []*Queue{dead, alive} {
			q.Register("import", func(ctx context.Context, r *Run) (any, error) { return "ok", nil })
		}
		id, _, _ := dead.Enqueue(ctx, d.Write(), Spec{Kind: "import"})
		j, err := dead.claim(ctx)
		if err != nil || j == nil || j.ID != id {
			t.Fatalf("claim: %v %v", j, err)
		}
		if ran, _ := alive.RunNext(ctx); ran {
			t.Fatal("a job held under a live lease was taken")
		}
		c.add(3 * time.Minute)
		if ran, _ := alive.RunNext(ctx); !ran {
			t.Fatal("a job whose lease ran out was not taken again")
		}
		dead.finish(id, "state = $1", Failed) // the dead process wakes up late
		if j, _ := alive.Get(ctx, id); j.State != Done || j.Attempts != 2 {
			t.Errorf("job = %s after %d attempts, want done after 2", j.State, j.Attempts)
		}
	})
}

// Workers of several processes racing for the same jobs run each exactly once.
func TestConcurrentWorkersRunEachJobOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := newClock()
		const jobs = 40
		var runs [jobs + 1]atomic.Int32
		var queues []*Queue
		for range 4 {
			q := New(d, c.now)
			q.Register("once", func(ctx context.Context, r *Run) (any, error) {
				var p struct{ N int }
				r.Decode(&p)
				runs[p.N].Add(1)
				return nil, nil
			})
			queues = append(queues, q)
		}
		for n := 1; n <= jobs; n++ {
			queues[0].Enqueue(ctx, d.Write(), Spec{Kind: "once", Payload: map[string]int{"N": n}})
		}
		var wg sync.WaitGroup
		for _, q := range queues {
			wg.Go(func() {
				for {
					ran, err := q.RunNext(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if !ran {
						return
					}
				}
			})
		}
		wg.Wait()
		for n := 1; n <= jobs; n++ {
			if got := runs[n].Load(); got != 1 {
				t.Errorf("job %d ran %d times", n, got)
			}
		}
	})
}

// On PostgreSQL a job that runs longer than its lease without reporting progress
// keeps it: the running process renews it, so another does not take the job while
// it still runs.
func TestHeartbeatKeepsALongJob(t *testing.T) {
	d := dbtest.Postgres(t)
	ctx := context.Background()
	c := newClock()
	busy, other := New(d, c.now), New(d, c.now)
	busy.lease, other.lease = 400*time.Millisecond, 400*time.Millisecond
	started, release := make(chan struct{}), make(chan struct{})
	busy.Register("long", func(ctx context.Context, r *Run) (any, error) {
		close(started)
		<-release
		return nil, nil
	})
	other.Register("long", func(ctx context.Context, r *Run) (any, error) { return nil, nil })
	id, _, _ := busy.Enqueue(ctx, d.Write(), Spec{Kind: "long"})
	done := make(chan struct{})
	go func() { busy.RunNext(ctx); close(done) }()
	<-started
	c.add(time.Second) // the lease taken at the claim has run out
	deadline := time.Now().Add(10 * time.Second)
	for {
		var until time.Time
		d.Read().QueryRow("SELECT locked_until FROM jobs WHERE id = $1", id).Scan(&until)
		if until.After(c.now()) {
			break // renewed
		}
		if time.Now().After(deadline) {
			t.Fatal("the lease of a running job was not renewed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if ran, _ := other.RunNext(ctx); ran {
		t.Fatal("another process took a job that was still running")
	}
	close(release)
	<-done
	if j, _ := busy.Get(ctx, id); j.State != Done || j.Attempts != 1 {
		t.Errorf("job = %s after %d attempts, want done after 1", j.State, j.Attempts)
	}
}

// On SQLite a database file has one server process: a job it finds running when it
// starts was left by a process that died, and is queued again at once, with a note
// the progress page shows, instead of waiting for the lease.
func TestSQLiteStartQueuesJobsLeftRunning(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	c := newClock()
	dead, next := New(d, c.now), New(d, c.now)
	ran := make(chan struct{}, 1)
	next.Register("import", func(ctx context.Context, r *Run) (any, error) { ran <- struct{}{}; return nil, nil })
	dead.Register("import", func(ctx context.Context, r *Run) (any, error) { return nil, nil })
	id, _, _ := dead.Enqueue(ctx, d.Write(), Spec{Kind: "import"})
	if j, err := dead.claim(ctx); err != nil || j == nil {
		t.Fatalf("claim: %v %v", j, err)
	}
	next.recoverOrphans(ctx)
	if j, _ := next.Get(ctx, id); j.State != Queued || j.Error == "" {
		t.Errorf("the job left running: %s %q", j.State, j.Error)
	}
	if ok, _ := next.RunNext(ctx); !ok {
		t.Fatal("the job left running was not taken up at once")
	}
	if j, _ := next.Get(ctx, id); j.State != Done || j.Attempts != 2 || j.Error != "" {
		t.Errorf("job = %s after %d attempts (%q), want done after 2", j.State, j.Attempts, j.Error)
	}
}
