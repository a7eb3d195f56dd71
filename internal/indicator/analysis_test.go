package indicator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/report"
)

// twoYears: the builder and the carrier reported 2024 and 2025; the state-owned
// roads company and the foreign-invested quarry first reported in 2025.
func twoYears(t *testing.T, f *fixture) {
	t.Helper()
	year := func(y, revenue, profit, budget, workers string) Input {
		in := figures(y)
		in.Revenue, in.Profit, in.BudgetPaid, in.Employees = revenue, profit, budget, workers
		return in
	}
	f.report(t, f.builder, year("2024", "10.000.000.000", "300.000.000", "500.000.000", "20"))
	f.report(t, f.carrier, year("2024", "30.000.000.000", "900.000.000", "1.200.000.000", "100"))
	f.report(t, f.builder, figures("2025"))
	carrier := year("2025", "33.000.000.000", "-1.200.000.000", "1.500.000.000", "110")
	carrier.TaxArrears = "300.000.000"
	f.report(t, f.carrier, carrier)
	roads := year("2025", "250.000.000.000", "5.000.000.000", "12.000.000.000", "300")
	roads.Accidents = "1"
	f.report(t, f.roads, roads)
	quarry := year("2025", "2.000.000.000", "100.000.000", "80.000.000", "0")
	quarry.Violations = "1"
	f.report(t, f.quarry, quarry)
}

func pct(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f", *v)
}

// The analysis of 2025: totals by sector and by ownership, growth counted on the
// enterprises that reported both years, the spread of sizes and results, the
// shares meeting each obligation, and the ranking.
func TestAnalysisOfAYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		twoYears(t, f)
		a, err := f.s.Analyze(ctx, Query{Period: Period{Year: 2025}})
		if err != nil {
			t.Fatal(err)
		}
		if a.All.Enterprises != 4 || a.All.Revenue != 297_500_000_000 || pct(a.All.RevenueGrowth()) != "13.75" || a.All.Employees != 435 {
			t.Errorf("all: %+v growth %s", a.All, pct(a.All.RevenueGrowth()))
		}
		var sectors []string
		for _, g := range a.BySector {
			sectors = append(sectors, fmt.Sprintf("%s %d %d %s", g.Key, g.Enterprises, g.Revenue/1_000_000_000, pct(g.RevenueGrowth())))
		}
		want := "construction 1 12 25.00|building_materials 1 2 —|technical_infrastructure 1 250 —|transport 2 283 10.00|logistics 1 33 10.00"
		if got := strings.Join(sectors, "|"); got != want {
			t.Errorf("by sector:\n got %s\nwant %s", got, want)
		}
		var owners []string
		for _, g := range a.ByOwnership {
			owners = append(owners, fmt.Sprintf("%s %d %d", g.Key, g.Enterprises, g.Revenue/1_000_000_000))
		}
		if got := strings.Join(owners, "|"); got != "private 2 45|state 1 250|other 1 2" {
			t.Errorf("by ownership: %s", got)
		}
		var bands []string
		for _, dist := range a.Distributions {
			for _, b := range dist.Bands {
				bands = append(bands, fmt.Sprint(b.Count))
			}
		}
		if got := strings.Join(bands, ","); got != "1,2,0,1,1,1,1,1,1,2,1" {
			t.Errorf("distributions: %s", got)
		}
		c := a.Compliance
		if c.Reported != 4 || c.Tax != 3 || c.Insurance != 4 || c.Safety != 3 || c.Environment != 3 || c.Full != 1 || pct(c.Share(c.Full)) != "25.00" {
			t.Errorf("compliance: %+v", c)
		}
		if a.Top[0].TaxCode != f.roads.TaxCode || a.Bottom[0].TaxCode != f.quarry.TaxCode || len(a.Top) != 4 {
			t.Errorf("ranking by revenue: top %s, bottom %s", a.Top[0].EnterpriseName, a.Bottom[0].EnterpriseName)
		}
		if len(a.Trend) != 2 || a.Trend[0].Year != 2024 || a.Trend[0].Revenue != 40_000_000_000 || a.FirstYear != 2024 || a.LastYear != 2025 {
			t.Errorf("trend: %+v, years %d–%d", a.Trend, a.FirstYear, a.LastYear)
		}

		// Productivity leaves out the quarry, which reported no workers.
		a, err = f.s.Analyze(ctx, Query{Period: Period{Year: 2025}, Rank: RankProductivity})
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, r := range a.Top {
			order = append(order, fmt.Sprintf("%s=%d", r.TaxCode, r.Value))
		}
		if got := strings.Join(order, " "); got != fmt.Sprintf("%s=833333333 %s=500000000 %s=300000000", f.roads.TaxCode, f.builder.TaxCode, f.carrier.TaxCode) {
			t.Errorf("by productivity: %s", got)
		}
		// Narrowed to transport, or to state-owned enterprises.
		a, _ = f.s.Analyze(ctx, Query{Period: Period{Year: 2025}, Sector: enterprise.SectorTransport})
		if a.Compliance.Reported != 2 || a.Compliance.Full != 0 || len(a.BySector) != 5 {
			t.Errorf("transport: %+v, %d sectors", a.Compliance, len(a.BySector))
		}
		a, _ = f.s.Analyze(ctx, Query{Period: Period{Year: 2025}, Class: ClassOther})
		if a.Compliance.Reported != 1 || a.Top[0].TaxCode != f.quarry.TaxCode {
			t.Errorf("other ownership: %+v", a.Compliance)
		}
		// A period nobody reported is empty, not an error.
		a, err = f.s.Analyze(ctx, Query{Period: Period{Year: 2023}})
		if err != nil || a.All.Enterprises != 0 || a.All.RevenueGrowth() != nil || len(a.Top) != 0 {
			t.Errorf("empty year: %v %+v", err, a.All)
		}
	})
}

// The department's report states the year's totals with the growth; an enterprise's
// form gets its own figures and a unit's none.
func TestFiguresForReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		twoYears(t, f)
		year := func(y int) (calendar.Date, calendar.Date) {
			return calendar.NewDate(y, 1, 1), calendar.NewDate(y, 12, 31)
		}
		from, to := year(2025)
		figs, err := f.s.ReportFigures(ctx, report.Submitter{}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, fg := range figs {
			got[fg.Label] = fg.Value
			if fg.Group != FigureGroup {
				t.Errorf("figure %q in group %q", fg.Label, fg.Group)
			}
		}
		for label, want := range map[string]string{
			"Doanh nghiệp báo cáo chỉ tiêu năm 2025":    "4",
			"Tổng doanh thu năm 2025":                   "297,5 tỷ đồng (tăng 13,8% so với năm 2024, cùng doanh nghiệp)",
			"Nộp ngân sách nhà nước năm 2025":           "14,2 tỷ đồng (tăng 24,1% so với năm 2024, cùng doanh nghiệp)",
			"Doanh thu năm 2025: Giao thông vận tải":    "283,0 tỷ đồng, 2 doanh nghiệp (tăng 10,0% so với năm 2024, cùng doanh nghiệp)",
			"Doanh thu năm 2025: Doanh nghiệp nhà nước": "250,0 tỷ đồng, 1 doanh nghiệp",
			"Doanh nghiệp chấp hành đầy đủ thuế, bảo hiểm xã hội, an toàn lao động, môi trường, phòng cháy chữa cháy năm 2025": "25,0%",
		} {
			if got[label] != want {
				t.Errorf("%s = %q, want %q", label, got[label], want)
			}
		}
		// Cut off in November 2026: the first half of 2026, which nobody reported.
		figs, _ = f.s.ReportFigures(ctx, report.Submitter{}, calendar.NewDate(2026, 1, 1), calendar.NewDate(2026, 11, 26))
		if len(figs) != 1 || figs[0].Value != report.NoData || !strings.Contains(figs[0].Label, "6 tháng đầu năm 2026") {
			t.Errorf("2026 to November: %+v", figs)
		}
		if figs, _ := f.s.ReportFigures(ctx, report.Submitter{UnitID: 1}, from, to); len(figs) != 0 {
			t.Errorf("a unit's form got %d figures", len(figs))
		}
		figs, _ = f.s.ReportFigures(ctx, report.Submitter{EnterpriseID: f.builder.ID}, from, to)
		if len(figs) != 4 || figs[0].Value != "12.500.000.000 đồng" {
			t.Errorf("the builder's own: %+v", figs)
		}
		if b := Billions(1_234_560_000_000); b != "1.234,6 tỷ đồng" {
			t.Errorf("Billions = %s", b)
		}
		if b := Billions(-450_000_000); b != "-450 triệu đồng" {
			t.Errorf("Billions = %s", b)
		}
	})
}

// The analysis follows every change: an enterprise's report of the year, its report
// of the year before (growth compares with it), its ownership and its sectors.
func TestAnalysisFollowsChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		twoYears(t, f)
		y2025 := Query{Period: Period{Year: 2025}}
		analyze := func() *Analysis {
			t.Helper()
			a, err := f.s.Analyze(ctx, y2025)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		if a := analyze(); a.All.Revenue != 297_500_000_000 {
			t.Fatalf("before any change: %d", a.All.Revenue)
		}
		this, _ := f.s.Find(ctx, office, f.builder.ID, Period{Year: 2025})
		in := figures("2025")
		in.Revenue = "20.000.000.000"
		if _, err := f.s.Update(ctx, office, this.ID, in); err != nil {
			t.Fatal(err)
		}
		if a := analyze(); a.All.Revenue != 305_000_000_000 || pct(a.BySector[0].RevenueGrowth()) != "100.00" {
			t.Errorf("after the year's change: %d, construction %s", a.All.Revenue, pct(a.BySector[0].RevenueGrowth()))
		}
		last, _ := f.s.Find(ctx, office, f.builder.ID, Period{Year: 2024})
		in = figures("2024")
		in.Revenue, in.Employees = "16.000.000.000", "20"
		if _, err := f.s.Update(ctx, office, last.ID, in); err != nil {
			t.Fatal(err)
		}
		if a := analyze(); pct(a.BySector[0].RevenueGrowth()) != "25.00" {
			t.Errorf("after the year before changed: construction %s", pct(a.BySector[0].RevenueGrowth()))
		}
		es := enterprise.NewStore(d, f.c.now)
		carrier := f.carrier
		carrier.Ownership = enterprise.OwnershipState
		quarry := f.quarry
		quarry.Sectors = []enterprise.Sector{enterprise.SectorConstruction}
		for _, e := range []enterprise.Enterprise{carrier, quarry} {
			if _, err := es.Update(ctx, office, e); err != nil {
				t.Fatal(err)
			}
		}
		a := analyze()
		if a.ByOwnership[1].Key != ClassState || a.ByOwnership[1].Enterprises != 2 || a.BySector[0].Enterprises != 2 || len(a.BySector) != 4 {
			t.Errorf("after the enterprises changed: %+v / %+v", a.ByOwnership, a.BySector)
		}
	})
}
