package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// The eligibility API gives the unit's and each staff member's verdicts with their
// reasons; a unit's account sees its own unit only.
func TestEligibilityAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		var lan int64
		if err := d.Write().QueryRowContext(ctx, `INSERT INTO staff (unit_id, full_name, gender, search, created_at, updated_at)
			SELECT id, 'Vi Thị Lan', 'female', 'vi thi lan', $1, $1 FROM units WHERE code = 'QLXD' RETURNING id`, fixedNow).Scan(&lan); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Write().ExecContext(ctx, `INSERT INTO award_ratings (year, staff_id, unit_id, subject, rating, created_at, updated_at)
			SELECT 2026, $1, unit_id, $2, 'excellent', $3, $3 FROM staff WHERE id = $1`, lan, fmt.Sprintf("staff:%d", lan), fixedNow); err != nil {
			t.Fatal(err)
		}
		office := s.api(t, "vanphong")
		r := office.call("GET", "/api/v1/eligibility?year=2026&unit=qlxd", nil)
		if r.status != http.StatusOK {
			t.Fatalf("%d %v", r.status, r.body)
		}
		unit := r.body["unit"].(map[string]any)
		people := unit["people"].([]any)
		if unit["code"] != "QLXD" || len(people) != 1 {
			t.Fatalf("unit %v", unit)
		}
		text := fmt.Sprint(people[0])
		for _, want := range []string{"Lao động tiên tiến", "eligible:true", "Thiếu sáng kiến được công nhận năm 2026", "cần xác nhận"} {
			if !strings.Contains(text, want) {
				t.Errorf("Lan's verdicts lack %q: %s", want, text)
			}
		}
		if !strings.Contains(fmt.Sprint(unit["verdicts"]), "Tỷ lệ cá nhân đủ điều kiện Lao động tiên tiến: 1/1 = 100%") {
			t.Errorf("unit verdicts %v", unit["verdicts"])
		}
		if r := s.api(t, "ttdk").call("GET", "/api/v1/eligibility?year=2026&unit=QLXD", nil); r.status != http.StatusNotFound {
			t.Errorf("another unit read QLXD: %d", r.status)
		}
		if r := office.call("GET", "/api/v1/eligibility?year=20x6&unit=QLXD", nil); r.status != http.StatusBadRequest {
			t.Errorf("bad year: %d", r.status)
		}
		if r := office.call("GET", "/api/v1/eligibility?year=2026", nil); r.status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(r.body), "unit=") {
			t.Errorf("no unit: %d %v", r.status, r.body)
		}
	})
}
