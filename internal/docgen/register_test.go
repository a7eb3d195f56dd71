package docgen

import (
	"context"
	"errors"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func fixedClock() time.Time { return time.Date(2026, 2, 5, 1, 0, 0, 0, time.UTC) }

func TestRegisterNumbersPerTypeAndYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "Văn thư"})
		r := NewRegister(d, "SXD", fixedClock)
		next := func(typ string, day calendar.Date, want string) {
			t.Helper()
			n, err := r.Next(ctx, typ, day, "Trích yếu "+want)
			if err != nil {
				t.Fatalf("Next(%s, %s): %v", typ, day, err)
			}
			if n.Text != want {
				t.Errorf("Next(%s, %s) = %s, want %s", typ, day, n.Text, want)
			}
		}
		next("BC", calendar.NewDate(2026, 1, 2), "01/BC-SXD")
		next("BC", calendar.NewDate(2026, 2, 5), "02/BC-SXD")
		next("KH", calendar.NewDate(2026, 2, 5), "01/KH-SXD")
		next("TTr", calendar.NewDate(2026, 12, 31), "01/TTr-SXD")
		next("PXL", calendar.NewDate(2026, 3, 12), "01/PXL-SXD")
		next("BC", calendar.NewDate(2026, 12, 31), "03/BC-SXD")
		// 1 January: every series starts again at 01.
		next("BC", calendar.NewDate(2027, 1, 1), "01/BC-SXD")
		next("KH", calendar.NewDate(2027, 1, 4), "01/KH-SXD")
		// Numbering a late 2026 document after the new year continues 2026's series.
		next("BC", calendar.NewDate(2026, 12, 31), "04/BC-SXD")

		list, err := r.List(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 7 || list[0].Text != "01/BC-SXD" || list[0].IssuedOn != calendar.NewDate(2026, 1, 2) {
			t.Errorf("2026 register: %+v", list)
		}
		var audited int
		if err := d.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'document' AND actor = 'Văn thư'`).Scan(&audited); err != nil {
			t.Fatal(err)
		}
		if audited != 9 {
			t.Errorf("%d audit entries, want 9", audited)
		}
	})
}

func TestRegisterRefusesBadRequests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		r := NewRegister(d, "SXD", fixedClock)
		day := calendar.NewDate(2026, 2, 5)
		if _, err := r.Next(ctx, "CV", day, "Công văn"); !errors.Is(err, ErrUnknownType) {
			t.Errorf("unknown type: %v", err)
		}
		if _, err := r.Next(ctx, "BC", day, " "); !errors.Is(err, ErrInvalid) {
			t.Errorf("empty summary: %v", err)
		}
		if _, err := r.Next(ctx, "BC", calendar.Date{}, "Báo cáo"); !errors.Is(err, ErrInvalid) {
			t.Errorf("no date: %v", err)
		}
		// A refused request uses no number.
		n, err := r.Next(ctx, "BC", day, "Báo cáo")
		if err != nil || n.Text != "01/BC-SXD" {
			t.Errorf("after refusals: %v %v", n.Text, err)
		}
	})
}

// TestRegisterConcurrent asks for 20 numbers at once through separate connections,
// as several app processes would: each gets its own, with no gap and no repeat.
func TestRegisterConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Separate pools stand in for separate processes on one database.
		var regs []*Register
		for range 4 {
			other, err := db.Open(ctx, d.URL())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			regs = append(regs, NewRegister(other, "SXD", fixedClock))
		}
		const n = 20
		var wg sync.WaitGroup
		got := make([]int, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				num, err := regs[i%len(regs)].Next(ctx, "QĐ", calendar.NewDate(2026, 6, 1), "Quyết định khen thưởng")
				got[i], errs[i] = num.Seq, err
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		sort.Ints(got)
		for i, seq := range got {
			if seq != i+1 {
				t.Fatalf("numbers %v, want 1…%d each once", got, n)
			}
		}
	})
}
