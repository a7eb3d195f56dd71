package petition

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// benchPetitions is how many petitions the benchmarks load: the 200,000
// unless THIDUA_BENCH_PETITIONS says otherwise.
func benchPetitions() int {
	if n, err := strconv.Atoi(os.Getenv("THIDUA_BENCH_PETITIONS")); err == nil && n > 0 {
		return n
	}
	return 200_000
}

// loadPetitions writes n petitions of two years over the fixture's two units and
// ten more, one in a hundred from the first enterprise, most of them closed, as a
// department accumulates them: 2% awaiting
// classification, 8% being processed, 2% awaiting the sender, 2% awaiting
// publication, the rest published, refused or transferred.
func loadPetitions(b *testing.B, f *fixture, n int) {
	b.Helper()
	units := []int64{f.unitA, f.unitB}
	now := f.clk.now().UTC()
	for i := range 10 {
		var id int64
		err := f.d.Write().QueryRowContext(ctx, `INSERT INTO units (code, name, kind, active, search, created_at, updated_at)
			VALUES ($1, $1, 'division', $2, $1, $3, $3) RETURNING id`, fmt.Sprintf("DV%02d", i), true, now).Scan(&id)
		if err != nil {
			b.Fatal(err)
		}
		units = append(units, id)
	}
	r := rand.New(rand.NewPCG(4, 2026))
	const cols = 19
	start := date(2024, 5, 1)
	for done := 0; done < n; {
		batch := min(500, n-done)
		var sql strings.Builder
		sql.WriteString(`INSERT INTO petitions (tracking_code, kind, channel, state, enterprise_id, sender_name, subject, content,
			unit_id, received_at, received_on, cycle_start_on, refuse_by, request_info_by, process_by, transfer_by, due_key,
			created_at, updated_at) VALUES `)
		args := make([]any, 0, batch*cols)
		for i := range batch {
			k := done + i
			recv := start.AddDays(r.IntN(730))
			due := recv.AddDays(21).String()
			state, key := StatePublished, "9999-12-31"
			switch x := r.IntN(100); {
			case x < 2:
				state, key = StateReceived, recv.AddDays(2).String()
			case x < 10:
				state, key = StateProcessing, due
			case x < 12:
				state = StateAwaitingInfo
			case x < 14:
				state, key = StateAwaitingPublication, recv.AddDays(25).String()
			case x < 16:
				state = StateRefused
			}
			var unit any = units[r.IntN(len(units))]
			owner := f.ent2
			if r.IntN(100) == 0 {
				owner = f.ent1
			}
			if state == StateReceived {
				unit = nil
			}
			if i > 0 {
				sql.WriteString(", ")
			}
			sql.WriteString("(")
			for c := range cols {
				if c > 0 {
					sql.WriteString(", ")
				}
				fmt.Fprintf(&sql, "$%d", i*cols+c+1)
			}
			sql.WriteString(")")
			args = append(args, fmt.Sprintf("PA-B-%08d", k), string(KindFeedback), string(ChannelWeb), string(state), owner, "",
				fmt.Sprintf("Phản ánh số %d về thủ tục cấp phép", k), "Nội dung", unit, recv.Time().UTC(), recv.String(), recv.String(),
				recv.AddDays(2).String(), recv.AddDays(7).String(), due, recv.AddDays(7).String(), key, now, now)
		}
		if _, err := f.d.Write().ExecContext(ctx, sql.String(), args...); err != nil {
			b.Fatal(err)
		}
		done += batch
	}
	analyze := "ANALYZE"
	if f.d.Dialect == db.Postgres {
		analyze = "VACUUM ANALYZE petitions" // as autovacuum leaves a table that has settled
	}
	if _, err := f.d.Write().ExecContext(ctx, analyze); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLists measures the role lists at the 200,000 petitions: the
// target is a unit's worklist under 50 ms at the 95th percentile.
func BenchmarkLists(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var d *db.DB
			if dialect == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			f := newFixture(b, d)
			f.clk.set(2026, 4, 28)
			loadPetitions(b, f, benchPetitions())
			all := auth.Scope{All: true}
			for name, list := range map[string]func() (int, error){
				"worklist": func() (int, error) {
					w, err := f.s.Worklist(ctx, auth.Scope{UnitID: f.unitA}, f.unitA, Paging{})
					return len(w.Items), err
				},
				"triage":  func() (int, error) { p, err := f.s.Triage(ctx, all, Paging{}); return len(p.Items), err },
				"overdue": func() (int, error) { p, err := f.s.Overdue(ctx, all, Paging{}); return len(p.Items), err },
				"own": func() (int, error) {
					p, err := f.s.Own(ctx, auth.Scope{EnterpriseID: f.ent1}, Paging{})
					return len(p.Items), err
				},
			} {
				b.Run(name, func(b *testing.B) {
					var worst time.Duration
					for b.Loop() {
						t0 := time.Now()
						if n, err := list(); err != nil || n == 0 {
							b.Fatalf("%d items: %v", n, err)
						}
						worst = max(worst, time.Since(t0))
					}
					b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
				})
			}
		})
	}
}
