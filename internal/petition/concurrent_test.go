package petition

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Many senders at once each get their petition recorded, and offices acting at
// once each get their step taken: more at once than the database pool has
// connections, so that a transaction waiting on the pool for a second connection
// would never get one (it did on PostgreSQL, the calendar being read outside the
// transaction).
func TestManyAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		const senders = 60
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		ids := make([]int64, senders)
		errs := make([]error, senders)
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				p, err := f.s.Create(ctx, f.enterprise(f.ent1), NewPetition{Kind: KindFeedback,
					Subject: fmt.Sprintf("Phản ánh cùng lúc số %d", i), Content: "Nội dung"})
				if err == nil {
					ids[i] = p.ID
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("sender %d: %v", i, err)
			}
		}
		for i := range senders {
			wg.Go(func() { _, errs[i] = f.s.Act(ctx, office(), ids[i], ActionAssign, Input{UnitID: f.unitA}) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("assign %d: %v", i, err)
			}
		}
		if n := count(t, f.d, "SELECT COUNT(*) FROM petitions WHERE state = 'processing'"); n != senders {
			t.Errorf("%d petitions being processed, want %d", n, senders)
		}
	})
}
