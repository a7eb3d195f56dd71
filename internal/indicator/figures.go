package indicator

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/report"
)

// FigureGroup is the heading the department's reports put these figures under.
const FigureGroup = "Kết quả sản xuất kinh doanh của doanh nghiệp"

// ReportFigures is the report.FigureSource of the indicators. The department's
// consolidated report gets the sector totals of each year of its period (or of the
// first half of a year cut off in its second half), with the growth on the year
// before and, for the last of them, the breakdown by sector and by ownership; an
// enterprise's own form gets its own figures; a unit's form gets none.
func (s *Store) ReportFigures(ctx context.Context, sub report.Submitter, from, to calendar.Date) ([]report.Figure, error) {
	if sub.UnitID != 0 {
		return nil, nil
	}
	var periods []Period
	for y := from.Year; y <= to.Year; y++ {
		switch {
		case !to.Before(calendar.NewDate(y, time.December, 31)):
			periods = append(periods, Period{Year: y, Half: WholeYear})
		case !to.Before(calendar.NewDate(y, time.June, 30)):
			periods = append(periods, Period{Year: y, Half: FirstHalf})
		}
	}
	if sub.EnterpriseID != 0 {
		return s.ownFigures(ctx, sub.EnterpriseID, periods)
	}
	var out []report.Figure
	for n, p := range periods {
		a, err := s.Analyze(ctx, Query{Period: p})
		if err != nil {
			return nil, err
		}
		src := "Chỉ tiêu sản xuất kinh doanh doanh nghiệp báo cáo, " + p.String()
		fig := func(label, value string) {
			out = append(out, report.Figure{Group: FigureGroup, Label: label, Value: value, Source: src})
		}
		if a.All.Enterprises == 0 {
			fig("Chỉ tiêu sản xuất kinh doanh "+p.String(), report.NoData)
			continue
		}
		t := a.All
		fig("Doanh nghiệp báo cáo chỉ tiêu "+p.String(), strconv.Itoa(t.Enterprises))
		fig("Tổng doanh thu "+p.String(), Billions(t.Revenue)+growthText(t.RevenueGrowth(), p))
		fig("Lợi nhuận trước thuế "+p.String(), Billions(t.Profit)+growthText(t.ProfitGrowth(), p))
		fig("Nộp ngân sách nhà nước "+p.String(), Billions(t.BudgetPaid)+growthText(t.BudgetGrowth(), p))
		fig("Lao động "+p.String(), Money(t.Employees)+" người")
		if v := t.AvgIncome(); v != nil {
			fig("Thu nhập bình quân "+p.String(), Money(*v)+" đồng/người/tháng")
		}
		if v := a.Compliance.Share(a.Compliance.Full); v != nil {
			fig("Doanh nghiệp chấp hành đầy đủ thuế, bảo hiểm xã hội, an toàn lao động, môi trường, phòng cháy chữa cháy "+p.String(),
				Percent(*v))
		}
		if n < len(periods)-1 {
			continue
		}
		for _, g := range append(a.BySector, a.ByOwnership...) {
			fig(fmt.Sprintf("Doanh thu %s: %s", p, g.Label), fmt.Sprintf("%s, %d doanh nghiệp", Billions(g.Revenue), g.Enterprises)+
				growthText(g.RevenueGrowth(), p))
		}
	}
	return out, nil
}

// ownFigures are an enterprise's own figures for the periods.
func (s *Store) ownFigures(ctx context.Context, enterpriseID int64, periods []Period) ([]report.Figure, error) {
	var out []report.Figure
	for _, p := range periods {
		i, err := s.Find(ctx, auth.Scope{EnterpriseID: enterpriseID}, enterpriseID, p)
		src := "Chỉ tiêu doanh nghiệp đã báo cáo, " + p.String()
		if err != nil {
			out = append(out, report.Figure{Group: FigureGroup, Label: "Chỉ tiêu sản xuất kinh doanh " + p.String(), Value: "chưa báo cáo", Source: src})
			continue
		}
		for _, f := range [][2]string{{"Doanh thu", Money(i.Revenue) + " đồng"}, {"Lợi nhuận trước thuế", Money(i.Profit) + " đồng"},
			{"Nộp ngân sách nhà nước", Money(i.BudgetPaid) + " đồng"}, {"Số lao động", strconv.Itoa(i.Employees) + " người"}} {
			out = append(out, report.Figure{Group: FigureGroup, Label: f[0] + " " + p.String(), Value: f[1], Source: src})
		}
	}
	return out, nil
}

func growthText(g *float64, p Period) string {
	if g == nil {
		return ""
	}
	word := "tăng"
	if *g < 0 {
		word = "giảm"
	}
	v := *g
	if v < 0 {
		v = -v
	}
	return fmt.Sprintf(" (%s %s so với %s, cùng doanh nghiệp)", word, Percent(v), p.Previous())
}

// Percent writes a percentage with one decimal and a decimal comma: 12,5%.
func Percent(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1) + "%"
}

// BillionsNumber writes a sum of đồng as a number of tỷ with one decimal, for tables
// whose header names the unit: 1.234,5.
func BillionsNumber(n int64) string {
	tenths := (n + sign(n)*50_000_000) / 100_000_000
	whole, frac := tenths/10, tenths%10
	if frac < 0 {
		frac = -frac
	}
	s := fmt.Sprintf("%s,%d", Money(whole), frac)
	if n < 0 && whole == 0 && frac != 0 {
		s = "-" + s
	}
	return s
}

// Billions writes a sum of đồng in tỷ đồng with one decimal (1.234,5 tỷ đồng), or in
// triệu đồng below a tỷ.
func Billions(n int64) string {
	abs := n
	if abs < 0 {
		abs = -abs
	}
	if abs < billion {
		return Money((n+sign(n)*500_000)/1_000_000) + " triệu đồng"
	}
	return BillionsNumber(n) + " tỷ đồng"
}

func sign(n int64) int64 {
	if n < 0 {
		return -1
	}
	return 1
}
