package enterprise

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var (
	ctx        = context.Background()
	everything = auth.Scope{All: true}
)

func clock() time.Time { return time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC) }

func viettel() Enterprise {
	return Enterprise{TaxCode: "0100109106", Name: "Tập đoàn  Công nghiệp - Viễn thông Quân đội ",
		Sectors: []Sector{SectorTransport, SectorConstruction, SectorTransport}, Ownership: OwnershipState,
		Address: "Số 1 Giang Văn Minh, Hà Nội", Representative: "Tào Đức Thắng", Employees: 1200, Email: "lienhe@viettel.com.vn"}
}

// auditRows returns "action entity_id summary" of the enterprise audit entries, oldest first.
func auditRows(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.Read().QueryContext(ctx, "SELECT action, entity_id, summary, COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log WHERE entity = 'enterprise' ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, id, summary, before, after string
		if err := rows.Scan(&action, &id, &summary, &before, &after); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join([]string{action, id, summary, before, after}, " | "))
	}
	return out
}

func countEnterprises(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM enterprises").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateUpdateDeactivate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		e, err := s.Create(ctx, viettel())
		if err != nil {
			t.Fatal(err)
		}
		if e.Name != "Tập đoàn Công nghiệp - Viễn thông Quân đội" || len(e.Sectors) != 2 || e.Sectors[0] != SectorConstruction {
			t.Errorf("created %+v: want tidied name and sectors construction, transport", e)
		}
		got, err := s.GetByTaxCode(ctx, "0100109106")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != e.ID || got.SectorLabelList() != "Xây dựng; Giao thông vận tải" || !got.Active || !got.CreatedAt.Equal(clock()) {
			t.Errorf("read back %+v", got)
		}

		e.Name, e.Sectors, e.Employees = "Viettel", []Sector{SectorLogistics}, 1500
		upd, err := s.Update(ctx, everything, e)
		if err != nil {
			t.Fatal(err)
		}
		if upd.Name != "Viettel" || !upd.Active {
			t.Errorf("updated %+v", upd)
		}
		if again, _ := s.Get(ctx, everything, e.ID); again.SectorLabelList() != "Logistics" || again.Employees != 1500 {
			t.Errorf("after update read %+v", again)
		}
		// Saving the same thing again changes nothing and logs nothing.
		if _, err := s.Update(ctx, everything, upd); err != nil {
			t.Fatal(err)
		}
		if err := s.Deactivate(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, everything, e.ID); got.Active {
			t.Error("still active after Deactivate")
		}
		if err := s.Reactivate(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		log := auditRows(t, d)
		if len(log) != 4 {
			t.Fatalf("audit log has %d entries, want create, update, deactivate, reactivate:\n%s", len(log), strings.Join(log, "\n"))
		}
		for i, want := range []string{"create", "update", "deactivate", "reactivate"} {
			if !strings.HasPrefix(log[i], want+" | ") {
				t.Errorf("audit %d = %q, want %s", i, log[i], want)
			}
		}
		if !strings.Contains(log[1], `"name":"Tập đoàn Công nghiệp`) || !strings.Contains(log[1], `"name":"Viettel"`) {
			t.Errorf("update audit lacks the name before and after: %s", log[1])
		}
		if _, err := s.Get(ctx, everything, 999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Get(999) = %v, want db.ErrNotFound", err)
		}
	})
}

func TestValidationNamesEachField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		if _, err := s.Create(ctx, viettel()); err != nil {
			t.Fatal(err)
		}
		bad := Enterprise{TaxCode: "0100109107", Name: "  ", Ownership: "tư nhân", Employees: -1, Email: "không-phải-email"}
		_, err := s.Create(ctx, bad)
		var fe FieldErrors
		if !errors.As(err, &fe) {
			t.Fatalf("err = %v, want FieldErrors", err)
		}
		want := map[string]string{
			"tax_code":  "Mã số thuế: 0100109107 sai chữ số kiểm tra",
			"name":      "Tên doanh nghiệp: không được để trống",
			"sectors":   "Lĩnh vực: chọn ít nhất một lĩnh vực",
			"ownership": "Loại hình sở hữu: không có loại hình “tư nhân”",
			"employees": "Số lao động: không được là số âm",
			"email":     "Email: “không-phải-email” không phải",
		}
		for field, msg := range want {
			if !strings.HasPrefix(fe[field], msg) {
				t.Errorf("%s: %q, want it to start with %q", field, fe[field], msg)
			}
		}
		dup := viettel()
		dup.Name = "Chi nhánh khác"
		_, err = s.Create(ctx, dup)
		if !errors.As(err, &fe) || !strings.Contains(fe["tax_code"], "0100109106 đã là mã của doanh nghiệp “Tập đoàn") {
			t.Errorf("duplicate tax code: %v", err)
		}
		other, err := s.Create(ctx, Enterprise{TaxCode: "0300588569", Name: "Vinamilk", Sectors: []Sector{SectorLogistics}, Ownership: OwnershipState})
		if err != nil {
			t.Fatal(err)
		}
		other.TaxCode = "0100109106"
		if _, err := s.Update(ctx, everything, other); !errors.As(err, &fe) || fe["tax_code"] == "" {
			t.Errorf("update onto a taken tax code: %v", err)
		}
		if n := countEnterprises(t, d); n != 2 {
			t.Errorf("%d enterprises stored, want the 2 valid ones", n)
		}
	})
}

func TestListSearchFilterPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		mk := func(code, name string, own Ownership, sectors ...Sector) Enterprise {
			e, err := s.Create(ctx, Enterprise{TaxCode: code, Name: name, Ownership: own, Sectors: sectors})
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		mk("0100109106", "Công ty Xây dựng Lạng Sơn", OwnershipPrivate, SectorConstruction)
		mk("0300588569", "Đầu tư Hạ tầng Kỹ thuật", OwnershipState, SectorTechnicalInfrastructure, SectorConstruction)
		mk("0100112437", "Ánh Dương Logistics", OwnershipForeign, SectorLogistics)
		closed := mk("0101248141", "Dịch vụ Nhà ở 50%_", OwnershipPrivate, SectorHousing)
		mk("0100107518", "Bất động sản Đồng Đăng", OwnershipOther, SectorRealEstate)
		if err := s.Deactivate(ctx, closed.ID); err != nil {
			t.Fatal(err)
		}
		names := func(f Filter, sc auth.Scope) ([]string, int) {
			t.Helper()
			p, err := s.List(ctx, sc, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range p.Items {
				out = append(out, e.Name)
				if len(e.Sectors) == 0 {
					t.Errorf("%s listed without its sectors", e.Name)
				}
			}
			return out, p.Total
		}
		yes := true
		cases := []struct {
			name  string
			f     Filter
			want  string
			total int
		}{
			{"sorted by name, Đ among D", Filter{}, "Ánh Dương Logistics, Bất động sản Đồng Đăng, Công ty Xây dựng Lạng Sơn, Dịch vụ Nhà ở 50%_, Đầu tư Hạ tầng Kỹ thuật", 5},
			{"accent-insensitive", Filter{Search: "xay dung"}, "Công ty Xây dựng Lạng Sơn", 1},
			{"words in any order", Filter{Search: "DONG dang"}, "Bất động sản Đồng Đăng", 1},
			{"by tax code", Filter{Search: "0300588"}, "Đầu tư Hạ tầng Kỹ thuật", 1},
			{"LIKE wildcards are literal", Filter{Search: "50%_"}, "Dịch vụ Nhà ở 50%_", 1},
			{"no match", Filter{Search: "50%x"}, "", 0},
			{"sector", Filter{Sector: SectorConstruction}, "Công ty Xây dựng Lạng Sơn, Đầu tư Hạ tầng Kỹ thuật", 2},
			{"ownership", Filter{Ownership: OwnershipPrivate}, "Công ty Xây dựng Lạng Sơn, Dịch vụ Nhà ở 50%_", 2},
			{"active only", Filter{Active: &yes, Sector: SectorHousing}, "", 0},
			{"page 2 of 2", Filter{Limit: 2, Offset: 2}, "Công ty Xây dựng Lạng Sơn, Dịch vụ Nhà ở 50%_", 5},
		}
		for _, c := range cases {
			got, total := names(c.f, everything)
			if strings.Join(got, ", ") != c.want || total != c.total {
				t.Errorf("%s: got %q (total %d), want %q (total %d)", c.name, got, total, c.want, c.total)
			}
		}
		own := closed.ID
		if got, total := names(Filter{}, auth.Scope{EnterpriseID: own}); len(got) != 1 || total != 1 || got[0] != closed.Name {
			t.Errorf("an enterprise account sees %q", got)
		}
		if got, _ := names(Filter{}, auth.Scope{}); len(got) != 0 {
			t.Errorf("an empty scope sees %q", got)
		}
		if _, err := s.Get(ctx, auth.Scope{EnterpriseID: own}, own+1); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("an enterprise account reads another enterprise: %v", err)
		}
		if n, _ := s.CountActive(ctx); n != 4 {
			t.Errorf("CountActive = %d, want 4", n)
		}
		if by, _ := s.CountActiveBySector(ctx); by[SectorConstruction] != 2 || by[SectorHousing] != 0 {
			t.Errorf("CountActiveBySector = %v", by)
		}
	})
}
