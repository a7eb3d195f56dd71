package petition

import (
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/job"
)

// The working day before a deadline whoever holds the petition is reminded; once it
// passes, the unit's managers and the leadership are told. However often the scan
// runs (and from however many processes), each reminder goes out once.
func TestRemindersAndEscalation(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		q := job.New(f.d, f.clk.now)
		q.Register(KindRemind, f.s.Remind)
		p := f.fromEnterprise(t, "Chậm cấp phép xây dựng") // received Tue 28/4; refuse by Wed 06/5 (30/4, 1/5 off)
		f.act(t, office(), p.ID, ActionAssign, Input{UnitID: f.unitA})
		mgr := int64(0)
		if err := f.d.Write().QueryRowContext(ctx, `INSERT INTO users (username, password_hash, role, unit_id, created_at, updated_at)
			VALUES ('tp', 'x', 'unit_manager', $1, $2, $2) RETURNING id`, f.unitA, f.clk.now().UTC()).Scan(&mgr); err != nil {
			t.Fatal(err)
		}
		f.notes.take()
		run := func() []string {
			t.Helper()
			for range 2 { // a second scan finds nothing new
				if _, err := f.s.RemindScan(ctx, q); err != nil {
					t.Fatal(err)
				}
				for {
					ran, err := q.RunNext(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if !ran {
						break
					}
				}
			}
			return f.notes.take()
		}
		if got := run(); len(got) != 0 {
			t.Fatalf("reminded on the day it was assigned: %v", got)
		}
		due := f.s.mustGet(t, p.ID).Deadlines.ProcessBy // 15 working days
		f.clk.set(due.Year, due.Month, due.Day)
		f.clk.t = f.clk.t.AddDate(0, 0, -1)
		for !f.s.isWorkingDay(t, f.clk.now()) {
			f.clk.t = f.clk.t.AddDate(0, 0, -1)
		}
		got := run()
		if len(got) != 1 || !strings.Contains(got[0], "Sắp đến hạn xử lý, trả lời") || !strings.Contains(got[0], "unit:"+itoa(f.unitA)) {
			t.Fatalf("the day before = %v", got)
		}
		f.clk.set(due.Year, due.Month, due.Day+3)
		got = run()
		if len(got) != 1 || !strings.Contains(got[0], "Quá hạn xử lý, trả lời") || !strings.Contains(got[0], "user:"+itoa(mgr)) ||
			!strings.Contains(got[0], "role:leader") {
			t.Fatalf("after the deadline = %v", got)
		}
		f.clk.set(due.Year, due.Month, due.Day+4)
		if got := run(); len(got) != 0 {
			t.Errorf("escalated twice: %v", got)
		}
	})
}
