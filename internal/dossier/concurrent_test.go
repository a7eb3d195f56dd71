package dossier

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

// Offices in two places (or two thidua processes) importing small exports at once,
// every dossier received on the same day: each import is taken whole, none fails
// (on PostgreSQL they once deadlocked on that day's figures, found by the load
// benchmark), and the day's figures count every dossier.
func TestConcurrentImportsOfOneDay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		const imports, rows = 16, 30
		var wg sync.WaitGroup
		errs := make(chan error, imports)
		for g := range imports {
			wg.Go(func() {
				var file []dossiertest.Row
				for i := range rows {
					file = append(file, dossiertest.Row{Code: fmt.Sprintf("HS-%02d-%02d", g, i),
						Procedure: []string{"1.009972", "1.001776", "2.000001"}[(i+g)%3], Channel: "Trực tiếp",
						Received: "02/03/2026", Appointment: "20/03/2026", Finished: "10/03/2026"})
				}
				res, err := NewStore(d, clock).Import(ctx, strings.NewReader(dossiertest.CSV(file...)), fmt.Sprintf("hs-%d.csv", g), Options{})
				switch {
				case err != nil:
					errs <- err
				case !res.OK() || res.Created != rows:
					errs <- fmt.Errorf("import %d: %s %v", g, res.Summary(), res.Rejected)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := count(t, d, "SELECT COALESCE(SUM(received_direct), 0) FROM dossier_daily WHERE day = '2026-03-02'"); n != imports*rows {
			t.Errorf("the day's figures count %d dossiers received, want %d", n, imports*rows)
		}
	})
}
