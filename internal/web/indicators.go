package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/validate"
)

func init() {
	funcs["halfLabel"] = indicator.HalfLabel
	funcs["billions"] = indicator.Billions
	funcs["billionsNum"] = indicator.BillionsNumber
	funcs["money"] = indicator.Money
	funcs["growth"] = func(g *float64) string {
		if g == nil {
			return "—"
		}
		sign := "+"
		if *g < 0 {
			sign = "−"
		}
		v := *g
		if v < 0 {
			v = -v
		}
		return sign + indicator.Percent(v)
	}
	funcs["moneyp"] = func(p *int64) string {
		if p == nil {
			return "—"
		}
		return indicator.Money(*p)
	}
	funcs["share"] = func(v *float64) string {
		if v == nil {
			return "—"
		}
		return indicator.Percent(*v)
	}
}

type indicatorsView struct {
	view
	Page       indicator.Page
	Pager      pager
	Form       url.Values // the filters as chosen, for the form and the export link
	Years      []int
	Halves     []int
	Sectors    []enterprise.Sector
	Ownerships []enterprise.Ownership
	Issues     []struct{ Code, Label string }
	Due        dueView
	Missing    []indicator.Missing // the enterprises that have not reported, when asked
	ShowMiss   bool
	IsOffice   bool
	Export     string
}

// dueView is the deadline of the period a page is about, and who has not reported.
type dueView struct {
	Period   indicator.Period
	Rule     indicator.Deadline
	Due      calendar.Date
	HasRule  bool
	Missing  int
	Past     bool
	Deadline []indicator.Deadline // every rule, for the office's form
}

// filterOf reads the list's filters; a year or period that is not one is refused.
func (s *Server) filterOf(r *http.Request) (indicator.Filter, error) {
	q := r.URL.Query()
	f := indicator.Filter{Half: indicator.AnyHalf, Sector: enterprise.Sector(q.Get("sector")),
		Ownership: enterprise.Ownership(q.Get("ownership")), Search: q.Get("q"), Issue: q.Get("issue")}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < indicator.FirstYear || n > 2100 {
			return f, badRequest("Năm %q không hợp lệ", y)
		}
		f.Year = n
	}
	if h := q.Get("half"); h != "" && h != "all" {
		n, ok := indicator.ParseHalf(h)
		if !ok {
			return f, badRequest("Không có kỳ báo cáo %q", h)
		}
		f.Half = n
	}
	if f.Sector != "" && !f.Sector.Valid() {
		return f, badRequest("Không có lĩnh vực %q", f.Sector)
	}
	if f.Ownership != "" && !f.Ownership.Valid() {
		return f, badRequest("Không có loại hình sở hữu %q", f.Ownership)
	}
	return f, nil
}

// years are the years a filter offers, the latest first.
func (s *Server) years() []int {
	var out []int
	for y := calendar.DateOf(s.now()).Year; y >= 2020; y-- {
		out = append(out, y)
	}
	return out
}

// indicatorsList is the office's and Phòng Kế hoạch - Tài chính's list of what
// enterprises reported, with filters, the deadline of the year being reported and
// who has not reported it.
func (s *Server) indicatorsList(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filterOf(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	v := &indicatorsView{view: s.base(r, "Chỉ tiêu sản xuất kinh doanh"), Pager: newPager(r), Form: r.URL.Query(), Years: s.years(),
		Halves: indicator.Halves, Sectors: enterprise.Sectors, Ownerships: enterprise.Ownerships, Issues: indicator.IssueLabels,
		IsOffice: u.Role == auth.RoleOffice, ShowMiss: r.URL.Query().Get("missing") == "1"}
	v.Export = "/indicators/export.xlsx?" + r.URL.Query().Encode()
	p := indicator.Period{Year: calendar.DateOf(s.now()).Year - 1}
	if f.Year != 0 {
		p.Year = f.Year
	}
	if f.Half != indicator.AnyHalf {
		p.Half = f.Half
	}
	if v.Due, err = s.dueOf(r, p); err != nil {
		return err
	}
	if v.ShowMiss {
		v.Missing, err = s.indicators.MissingList(r.Context(), p, v.Pager.PerPage, v.Pager.Offset())
		v.Pager.Total = v.Due.Missing
	} else {
		f.Limit, f.Offset = v.Pager.PerPage, v.Pager.Offset()
		v.Page, err = s.indicators.List(r.Context(), auth.ScopeOf(u), f)
		v.Pager.Total = v.Page.Total
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "indicators", v)
	return nil
}

func (s *Server) dueOf(r *http.Request, p indicator.Period) (dueView, error) {
	d := dueView{Period: p}
	var err error
	if d.Rule, d.Due, d.HasRule, err = s.indicators.DeadlineFor(r.Context(), p); err != nil {
		return d, err
	}
	d.Past = d.HasRule && calendar.DateOf(s.now()).After(d.Due)
	if d.Missing, err = s.indicators.CountMissing(r.Context(), p); err != nil {
		return d, err
	}
	d.Deadline, err = s.indicators.Deadlines(r.Context())
	return d, err
}

// indicatorsExport downloads every report the list's filters select.
func (s *Server) indicatorsExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filterOf(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.indicators.WriteXLSX(r.Context(), &buf, auth.ScopeOf(currentUser(r)), f); err != nil {
		return err
	}
	name := "chi-tieu-sxkd.xlsx"
	if f.Year != 0 {
		name = fmt.Sprintf("chi-tieu-sxkd-%d.xlsx", f.Year)
	}
	sendFile(w, name, xlsxType, buf.Bytes())
	return nil
}

// indicatorDeadlineSave records the office's deadline for a kind of period.
func (s *Server) indicatorDeadlineSave(w http.ResponseWriter, r *http.Request) error {
	form := formValues(r, "half", "due", "years_after", "from_year", "citation", "remind_before")
	d, err := s.indicators.SetDeadline(r.Context(), indicator.DeadlineInput{Half: form["half"], Due: form["due"],
		YearsAfter: form["years_after"], FromYear: form["from_year"], Citation: form["citation"], RemindBefore: form["remind_before"]})
	var fe validate.Errors
	if errors.As(err, &fe) {
		return badRequest("Chưa lưu hạn báo cáo: %s", fe.Error())
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/indicators", fmt.Sprintf("Đã đặt hạn báo cáo %s từ năm %d: %s",
		indicator.HalfLabel(d.Half), d.FromYear, d.Text()))
}

// indicatorRemind reminds now the enterprises that have not reported the period.
func (s *Server) indicatorRemind(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil {
		return badRequest("Năm %q không hợp lệ", r.PostFormValue("year"))
	}
	half, ok := indicator.ParseHalf(r.PostFormValue("half"))
	if !ok {
		return badRequest("Không có kỳ báo cáo %q", r.PostFormValue("half"))
	}
	p := indicator.Period{Year: year, Half: half}
	n, err := s.indicators.Remind(r.Context(), p)
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/indicators?year=%d&half=%d&missing=1", year, half),
		fmt.Sprintf("Đã nhắc %d doanh nghiệp chưa báo cáo số liệu %s", n, p))
}

type indicatorView struct {
	view
	I       *indicator.Indicator
	CanEdit bool
	Back    string
}

// indicatorPage shows one period's figures in full, to the department or to the
// enterprise that reported them.
func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	i, err := s.indicators.Get(r.Context(), auth.ScopeOf(u), id)
	if err != nil {
		return err
	}
	v := &indicatorView{view: s.base(r, i.EnterpriseName+", "+i.Period.String()), I: i, Back: "/indicators",
		CanEdit: u.Role == auth.RoleEnterprise}
	if v.CanEdit {
		v.Back = "/enterprise/indicators"
	}
	s.render(w, r, http.StatusOK, "indicator", v)
	return nil
}
