package web

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/thidua/thidua/internal/chart"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/indicator"
)

type analysisView struct {
	view
	A            *indicator.Analysis
	Active       int // enterprises taken part, beside those that reported
	Years        []int
	Halves       []int
	Sectors      []enterprise.Sector
	Classes      []string
	Ranks        []struct{ Code, Label string }
	SectorChart  chart.Bars
	ProfitChart  chart.Bars
	OwnerChart   chart.Bars
	TrendChart   chart.Line
	Distribution []chart.Bars
	Query        string // the page's query, for the export link
	Narrowed     string // what the lower part is narrowed to, in words
}

// analysisQuery reads ?year=&half=&sector=&class=&rank=; without a year, the latest
// year with whole-year figures.
func (s *Server) analysisQuery(r *http.Request) (indicator.Query, error) {
	q := r.URL.Query()
	a := indicator.Query{Sector: enterprise.Sector(q.Get("sector")), Class: q.Get("class"), Rank: q.Get("rank")}
	var ok bool
	if a.Period.Half, ok = indicator.ParseHalf(q.Get("half")); !ok {
		return a, badRequest("Không có kỳ báo cáo %q", q.Get("half"))
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < indicator.FirstYear || n > 2100 {
			return a, badRequest("Năm %q không hợp lệ", y)
		}
		a.Period.Year = n
	} else {
		latest, err := s.indicators.LatestYear(r.Context(), a.Period.Half)
		if err != nil {
			return a, err
		}
		if a.Period.Year = latest; latest == 0 {
			a.Period.Year = s.years()[0] - 1
		}
	}
	if a.Sector != "" && !a.Sector.Valid() {
		return a, badRequest("Không có lĩnh vực %q", a.Sector)
	}
	if a.Class != "" && indicator.ClassLabel(a.Class) == "" {
		return a, badRequest("Không có loại hình sở hữu %q", a.Class)
	}
	if a.Rank != "" && indicator.RankLabel(a.Rank) == "" {
		return a, badRequest("Không xếp hạng theo %q được", a.Rank)
	}
	return a, nil
}

// indicatorAnalysis is Phòng Kế hoạch - Tài chính's page: the period's totals and
// growth by sector and by ownership, the trend, distributions, compliance and the
// ranking, with charts and the tables they draw.
func (s *Server) indicatorAnalysis(w http.ResponseWriter, r *http.Request) error {
	q, err := s.analysisQuery(r)
	if err != nil {
		return err
	}
	a, err := s.indicators.Analyze(r.Context(), q)
	if err != nil {
		return err
	}
	v := &analysisView{view: s.base(r, "Phân tích chỉ tiêu sản xuất kinh doanh theo ngành"), A: a, Years: s.years(),
		Halves: indicator.Halves, Sectors: enterprise.Sectors, Classes: indicator.Classes, Ranks: indicator.Ranks}
	if v.Active, err = s.enterprises.CountActive(r.Context()); err != nil {
		return err
	}
	vals := url.Values{"year": {strconv.Itoa(q.Period.Year)}, "half": {strconv.Itoa(q.Period.Half)}, "sector": {string(q.Sector)},
		"class": {q.Class}, "rank": {a.Rank}}
	v.Query = vals.Encode()
	v.Narrowed = "mọi doanh nghiệp báo cáo"
	switch {
	case q.Sector != "" && q.Class != "":
		v.Narrowed = fmt.Sprintf("lĩnh vực %s, %s", q.Sector.Label(), indicator.ClassLabel(q.Class))
	case q.Sector != "":
		v.Narrowed = "lĩnh vực " + q.Sector.Label()
	case q.Class != "":
		v.Narrowed = indicator.ClassLabel(q.Class)
	}
	v.charts()
	s.render(w, r, http.StatusOK, "indicator_analysis", v)
	return nil
}

func inBillions(n int64) float64 { return float64(n) / 1e9 }

// charts draws the revenue and profit of each sector, the revenue of each ownership
// class, the trend over the years and the distributions.
func (v *analysisView) charts() {
	a := v.A
	period := a.Period.Label()
	bars := func(title string, groups []indicator.Group, value func(indicator.Totals) int64) chart.Bars {
		c := chart.Bars{Title: title, Unit: " tỷ", Width: 900, Series: []chart.BarSeries{{Name: period}},
			ValueLabel: func(v float64) string { return indicator.BillionsNumber(int64(math.Round(v * 1e9))) }}
		for _, g := range groups {
			c.Labels = append(c.Labels, g.Label)
			c.Series[0].Values = append(c.Series[0].Values, inBillions(value(g.Totals)))
		}
		return c
	}
	v.SectorChart = bars("Doanh thu theo lĩnh vực, "+a.Period.String()+" (tỷ đồng)", a.BySector, func(t indicator.Totals) int64 { return t.Revenue })
	v.ProfitChart = bars("Lợi nhuận trước thuế theo lĩnh vực, "+a.Period.String()+" (tỷ đồng)", a.BySector, func(t indicator.Totals) int64 { return t.Profit })
	v.OwnerChart = bars("Doanh thu theo loại hình sở hữu, "+a.Period.String()+" (tỷ đồng)", a.ByOwnership, func(t indicator.Totals) int64 { return t.Revenue })
	line := chart.Line{Title: "Doanh thu, lợi nhuận và nộp ngân sách qua các năm (tỷ đồng)", Min: 0, Width: 900,
		ValueLabel: func(v float64) string { return indicator.Money(int64(math.Round(v))) }}
	series := []chart.Series{{Name: "Doanh thu"}, {Name: "Lợi nhuận trước thuế"}, {Name: "Nộp ngân sách"}}
	for _, y := range a.Trend {
		line.Labels = append(line.Labels, strconv.Itoa(y.Year))
		for i, n := range []int64{y.Revenue, y.Profit, y.BudgetPaid} {
			f := inBillions(n)
			series[i].Values = append(series[i].Values, &f)
			line.Max, line.Min = max(line.Max, f), min(line.Min, f)
		}
	}
	line.Max *= 1.1
	line.Series = series
	v.TrendChart = line
	for _, d := range a.Distributions {
		c := chart.Bars{Title: d.Title + ", " + a.Period.String() + " (số doanh nghiệp)", Width: 900,
			Series: []chart.BarSeries{{Name: "Số doanh nghiệp"}}}
		for _, b := range d.Bands {
			c.Labels = append(c.Labels, b.Label)
			c.Series[0].Values = append(c.Series[0].Values, float64(b.Count))
		}
		v.Distribution = append(v.Distribution, c)
	}
}

// indicatorAnalysisXLSX downloads the analysis as a workbook.
func (s *Server) indicatorAnalysisXLSX(w http.ResponseWriter, r *http.Request) error {
	q, err := s.analysisQuery(r)
	if err != nil {
		return err
	}
	a, err := s.indicators.Analyze(r.Context(), q)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := indicator.WriteAnalysisXLSX(&buf, a); err != nil {
		return err
	}
	sendFile(w, fmt.Sprintf("phan-tich-chi-tieu-sxkd-%d.xlsx", q.Period.Year), xlsxType, buf.Bytes())
	return nil
}

func init() {
	funcs["classLabel"] = indicator.ClassLabel
	funcs["rankLabel"] = indicator.RankLabel
	// groupRows are a table's groups, each linking to the reports it sums where the
	// list can filter by it (a sector, private or state ownership), and the total.
	funcs["groupRows"] = func(a *indicator.Analysis, groups []indicator.Group, all any) any {
		type row struct {
			indicator.Group
			Link string
		}
		v := struct {
			Groups []row
			All    *indicator.Totals
		}{}
		for _, g := range groups {
			q := url.Values{"year": {strconv.Itoa(a.Period.Year)}, "half": {strconv.Itoa(a.Period.Half)}}
			switch {
			case enterprise.Sector(g.Key).Valid():
				q.Set("sector", g.Key)
			case g.Key == indicator.ClassPrivate || g.Key == indicator.ClassState:
				q.Set("ownership", g.Key)
			default:
				q = nil
			}
			r := row{Group: g}
			if q != nil {
				r.Link = "/indicators?" + q.Encode()
			}
			v.Groups = append(v.Groups, r)
		}
		if t, ok := all.(indicator.Totals); ok {
			v.All = &t
		}
		return v
	}
	funcs["list2"] = func(title string, items []indicator.Ranked) any {
		return struct {
			Title string
			Items []indicator.Ranked
		}{title, items}
	}
}
