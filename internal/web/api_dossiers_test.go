package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

// dossiersOfMarch puts two procedures in the catalogue, one of QLXD and one of
// TTDK, and imports four dossiers of them.
func dossiersOfMarch(t *testing.T, d *db.DB) {
	t.Helper()
	dossiertest.Add(t, d,
		dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Hoạt động xây dựng", UnitCode: "QLXD", Days: 15},
		dossiertest.Procedure{Code: "1.002868", Name: "Thẩm định thiết kế xe cải tạo", Field: "Đường bộ", UnitCode: "TTDK", Days: 2})
	rows := []dossiertest.Row{
		{Code: "HS-1", Procedure: "1.009972", Channel: "Trực tuyến", Received: "02/03/2026", Appointment: "13/03/2026", Finished: "12/03/2026"},
		{Code: "HS-2", Procedure: "1.009972", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "13/03/2026", Finished: "16/03/2026"},
		{Code: "HS-3", Procedure: "1.002868", Channel: "Bưu chính", Received: "25/02/2026", Appointment: "27/02/2026", Finished: "02/03/2026", Apology: true},
		{Code: "HS-4", Procedure: "1.002868", Channel: "Trực tuyến một phần", Received: "30/03/2026"},
	}
	res, err := dossier.NewStore(d, now).Import(context.Background(), strings.NewReader(dossiertest.CSV(rows...)), "hs.csv", dossier.Options{})
	if err != nil || !res.OK() {
		t.Fatalf("import: %v %+v", err, res)
	}
}

func TestAPIDossierStats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		dossiersOfMarch(t, d)
		office, qlxd := s.api(t, "vanphong"), s.api(t, "qlxd")
		march := "/api/v1/dossiers/stats?from=2026-03-01&to=2026-03-31"

		r := office.call("GET", march, nil)
		if r.status != http.StatusOK {
			t.Fatalf("office: %d %v", r.status, r.body)
		}
		keys := make([]string, 0, len(r.body))
		for k := range r.body {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if got := strings.Join(keys, " "); got != "carried_over late_with_apology late_without_apology on_time_rate open_overdue open_total "+
			"open_within received_direct received_online received_total resolved_early resolved_late resolved_on_time resolved_total" {
			t.Errorf("keys: %s", got)
		}
		// HS-3 came from February and was resolved late in March, with its apology letter.
		figures := func(r reply) string {
			b := r.body
			return fmt.Sprint(b["carried_over"], b["received_online"], b["received_direct"], b["resolved_early"], b["resolved_late"],
				b["late_with_apology"], b["open_within"], b["on_time_rate"])
		}
		if got := figures(r); got != "1 2 1 1 2 1 1 33.33" {
			t.Errorf("department: carried, online, direct, early, late, late with apology, within, rate = %s", got)
		}
		if got := figures(office.call("GET", march+"&unit=TTDK", nil)); got != "1 1 0 0 1 1 1 0" {
			t.Errorf("office asks for TTDK: %s", got)
		}
		// A unit's account gets its own unit, whatever it asks for.
		if got := figures(qlxd.call("GET", march+"&unit=TTDK", nil)); got != "0 1 1 1 1 0 0 50" {
			t.Errorf("QLXD's account asks for TTDK: %s", got)
		}
		if r := office.call("GET", "/api/v1/dossiers/stats?from=2025-01-01&to=2025-01-31", nil); r.status != http.StatusOK ||
			r.body["on_time_rate"] != nil || r.body["received_total"] != 0.0 {
			t.Errorf("a period without dossiers: %d %v", r.status, r.body)
		}
		for _, bad := range []string{"?from=2026-03-01", "?from=2026-13-01&to=2026-03-31", "?from=2026-03-31&to=2026-03-01",
			"?from=2026-03-01&to=2026-03-31&unit=KHONGCO"} {
			if r := office.call("GET", "/api/v1/dossiers/stats"+bad, nil); r.status != http.StatusBadRequest || r.body["error"] == "" {
				t.Errorf("%s: %d %v", bad, r.status, r.body)
			}
		}
		if r := (api{t: t, base: s.URL}).call("GET", march, nil); r.status != http.StatusUnauthorized {
			t.Errorf("without a token: %d", r.status)
		}
	})
}
