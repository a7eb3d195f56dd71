package indicator

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var ctx = context.Background()

// clock is a settable time; the tests begin on Thursday 26/11/2026 in Vietnam.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) on(day string) {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 09:00", time.FixedZone("ICT", 7*3600))
	c.t = t.UTC()
}

// taxCode completes nine digits with their check digit.
func taxCode(t testing.TB, nine string) string {
	t.Helper()
	d, ok := enterprise.CheckDigit(nine)
	if !ok {
		t.Fatalf("%s has no check digit", nine)
	}
	return fmt.Sprintf("%s%d", nine, d)
}

type fixture struct {
	s *Store
	d *db.DB
	c *clock
	// builder: private, construction; carrier: private, transport and logistics;
	// roads: state-owned, infrastructure and transport; quarry: foreign-invested,
	// building materials, no account and no e-mail; closed: inactive.
	builder, carrier, roads, quarry, closed enterprise.Enterprise
	builderUser                             *auth.User
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	c := &clock{}
	c.on("2026-11-26")
	f := &fixture{d: d, c: c}
	es := enterprise.NewStore(d, c.now)
	mk := func(nine, name string, own enterprise.Ownership, email string, sectors ...enterprise.Sector) enterprise.Enterprise {
		e, err := es.Create(ctx, enterprise.Enterprise{TaxCode: taxCode(t, nine), Name: name, Ownership: own, Sectors: sectors, Email: email})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	f.builder = mk("490010000", "Công ty TNHH Xây dựng Pác Bó", enterprise.OwnershipPrivate, "", enterprise.SectorConstruction)
	f.carrier = mk("490010001", "Công ty CP Vận tải Hoàng Long", enterprise.OwnershipPrivate, "hoanglong@example.vn",
		enterprise.SectorTransport, enterprise.SectorLogistics)
	f.roads = mk("490010002", "Công ty TNHH MTV Quản lý đường bộ Lạng Sơn", enterprise.OwnershipState, "duongbo@example.vn",
		enterprise.SectorTechnicalInfrastructure, enterprise.SectorTransport)
	f.quarry = mk("490010003", "Công ty TNHH Đá Hữu Lũng", enterprise.OwnershipForeign, "", enterprise.SectorBuildingMaterials)
	f.closed = mk("490010004", "Hợp tác xã Vận tải Chi Lăng", enterprise.OwnershipOther, "chilang@example.vn", enterprise.SectorTransport)
	if err := es.Deactivate(ctx, f.closed.ID); err != nil {
		t.Fatal(err)
	}
	u, err := auth.NewStore(d, c.now).CreateUser(ctx, auth.NewUser{Username: "pacbo", Role: auth.RoleEnterprise,
		EnterpriseTC: f.builder.TaxCode, Password: "mat-khau-pacbo-du-dai", Email: "pacbo@example.vn"})
	if err != nil {
		t.Fatal(err)
	}
	f.builderUser = u
	f.s = NewStore(d, c.now, notify.New(d, c.now, job.New(d, c.now), nil))
	return f
}

// own is the scope of an enterprise's account.
func own(e enterprise.Enterprise) auth.Scope { return auth.Scope{EnterpriseID: e.ID} }

var office = auth.Scope{All: true}

// figures is a full, valid form for a year.
func figures(year string) Input {
	return Input{Year: year, Revenue: "12.500.000.000", Profit: "450.000.000", BudgetPaid: "610.000.000", Employees: "25",
		AvgIncome: "8.200.000", Investment: "1.200.000.000", Digital: "Hóa đơn điện tử; phần mềm kế toán", Green: "Gạch không nung",
		Welfare: "Khám sức khỏe định kỳ", InsuranceFull: "Có"}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// report stores figures for an enterprise as the office would, without the form.
func (f *fixture) report(t *testing.T, e enterprise.Enterprise, in Input) *Indicator {
	t.Helper()
	i, err := f.s.Create(ctx, office, e.ID, in)
	if err != nil {
		t.Fatalf("%s %s: %v", e.Name, in.Year, err)
	}
	return i
}
