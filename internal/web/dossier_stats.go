package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/chart"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/kpi"
)

type dossierStatsView struct {
	view
	From, To calendar.Date
	UnitID   int64
	Lines    []dossier.UnitStats
	Total    dossier.Stats
	Progress *float64
	Chart    chart.Line
	Query    string // from=…&to=…, for the links of every figure
	XLSX     string
	Target   float64
}

// statsQuery reads ?from=&to=&unit=; the default is this year up to today.
func (s *Server) statsQuery(r *http.Request) (dossier.StatsQuery, error) {
	today := calendar.DateOf(s.now())
	q := dossier.StatsQuery{From: calendar.NewDate(today.Year, time.January, 1), To: today}
	var err error
	if v := r.URL.Query().Get("from"); v != "" {
		if q.From, err = calendar.ParseDate(v); err != nil {
			return q, badRequest("Từ ngày %q không hợp lệ (cần dạng YYYY-MM-DD)", v)
		}
	}
	if v := r.URL.Query().Get("to"); v != "" {
		if q.To, err = calendar.ParseDate(v); err != nil {
			return q, badRequest("Đến ngày %q không hợp lệ (cần dạng YYYY-MM-DD)", v)
		}
	}
	if q.To.Before(q.From) {
		return q, badRequest("Đến ngày %s trước từ ngày %s", q.To.DMY(), q.From.DMY())
	}
	q.UnitID, _ = strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	return q, nil
}

// dossierStats is Biểu II.06a for a period, per unit, with the monthly trend of the
// on-time rate; every figure links to the dossiers it counts.
func (s *Server) dossierStats(w http.ResponseWriter, r *http.Request) error {
	q, err := s.statsQuery(r)
	if err != nil {
		return err
	}
	sc := auth.ScopeOf(currentUser(r))
	v := &dossierStatsView{view: s.base(r, "Thống kê hồ sơ"), From: q.From, To: q.To, UnitID: q.UnitID, Target: 98,
		Query: "from=" + q.From.String() + "&to=" + q.To.String()}
	v.XLSX = "/dossiers/stats.xlsx?" + v.Query
	if v.Lines, v.Total, err = s.dossiers.StatsByUnit(r.Context(), sc, q); err != nil {
		return err
	}
	v.Progress = v.Total.Progress766()
	months, err := s.dossiers.Monthly(r.Context(), sc, q)
	if err != nil {
		return err
	}
	v.Chart = trendChart(months, v.Lines)
	s.render(w, r, http.StatusOK, "dossier_stats", v)
	return nil
}

// trendChart draws the department's monthly on-time rate and each unit's.
func trendChart(months []dossier.MonthRate, lines []dossier.UnitStats) chart.Line {
	var labels []string
	idx := map[string]int{}
	for _, m := range months {
		if _, ok := idx[m.Month]; !ok {
			idx[m.Month] = len(labels)
			labels = append(labels, m.Month[5:]+"/"+m.Month[:4])
		}
	}
	names := map[int64]string{0: "Toàn Sở"}
	for _, l := range lines {
		names[l.UnitID] = l.UnitName
	}
	series := map[int64]*chart.Series{}
	var order []int64
	for _, m := range months {
		sr, ok := series[m.UnitID]
		if !ok {
			sr = &chart.Series{Name: names[m.UnitID], Values: make([]*float64, len(labels))}
			series[m.UnitID] = sr
			order = append(order, m.UnitID)
		}
		sr.Values[idx[m.Month]] = m.Rate
	}
	target := 98.0
	c := chart.Line{Title: "Tỷ lệ hồ sơ giải quyết đúng hạn theo tháng", Labels: labels, Min: 80, Max: 100, Unit: "%", Threshold: &target}
	// The department's line first, so it keeps the first colour.
	if sr, ok := series[0]; ok {
		c.Series = append(c.Series, *sr)
	}
	for _, id := range order {
		if id != 0 && len(c.Series) < 8 {
			c.Series = append(c.Series, *series[id])
		}
	}
	return c
}

// dossierStatsXLSX downloads the same table laid out as Biểu II.06a.
func (s *Server) dossierStatsXLSX(w http.ResponseWriter, r *http.Request) error {
	q, err := s.statsQuery(r)
	if err != nil {
		return err
	}
	lines, total, err := s.dossiers.StatsByUnit(r.Context(), auth.ScopeOf(currentUser(r)), q)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	agency := s.base(r, "").Agency
	if err := dossier.WriteForm06a(&buf, dossier.Form06a{Agency: agency, From: q.From, To: q.To, Lines: lines, Total: total}); err != nil {
		return err
	}
	sendFile(w, "bieu-II.06a-"+q.From.String()+"-"+q.To.String()+".xlsx", xlsxType, buf.Bytes())
	return nil
}

// dossierApology numbers and produces the apology letter with the new appointment
// date for a late dossier, as a Decree 30 .docx.
func (s *Server) dossierApology(w http.ResponseWriter, r *http.Request) error {
	sc := auth.ScopeOf(currentUser(r))
	d, err := s.dossiers.Get(r.Context(), sc, r.PathValue("code"))
	if err != nil {
		return err
	}
	form := formValues(r, "new_date", "reason", "applicant")
	fail := func(field, msg string) error {
		return s.renderDossier(w, r, http.StatusBadRequest, d, form, map[string]string{field: msg})
	}
	if d.State != dossier.Overdue && d.State != dossier.Late {
		return fail("new_date", "Hồ sơ này không quá hạn nên không cần phiếu xin lỗi")
	}
	// The new date may be set only once (DOMAIN.md): a second re-appointment is a violation.
	if d.Reappointments > 0 || !d.ReappointedOn.IsZero() {
		return fail("new_date", "Hồ sơ đã được hẹn lại ngày "+d.ReappointedOn.DMY()+"; theo quy định chỉ được hẹn lại một lần")
	}
	newDate, err := calendar.ParseDate(form["new_date"])
	if err != nil {
		return fail("new_date", "Ngày hẹn mới không hợp lệ (cần dạng YYYY-MM-DD)")
	}
	if strings.TrimSpace(form["reason"]) == "" {
		return fail("reason", "Nêu lý do chậm trả kết quả")
	}
	m, err := s.plans.Current(r.Context(), s.now())
	if err != nil {
		return err
	}
	today := calendar.DateOf(s.now())
	appointment := d.AppointmentOn
	if appointment.IsZero() {
		appointment = d.DueOn
	}
	doc, err := docgen.ApologyLetter(docgen.ApologyInput{Issuer: m.Plan.Issuer, Place: m.Plan.Document.Place, Date: today,
		Unit: d.UnitName, Applicant: form["applicant"], DossierCode: d.Code, Procedure: d.ProcedureName, Received: d.ReceivedOn,
		Appointment: appointment, NewAppointment: newDate, Reason: form["reason"], Signer: m.Plan.Signer, ArchiveUnit: d.UnitCode})
	if errors.Is(err, docgen.ErrInvalid) {
		return fail("new_date", strings.TrimPrefix(err.Error(), docgen.ErrInvalid.Error()+": "))
	}
	if err != nil {
		return err
	}
	num, err := docgen.NewRegister(s.db, m.Plan.Issuer.Abbreviation, s.now).Next(r.Context(), string(docgen.Apology), today, "Phiếu xin lỗi, hồ sơ "+d.Code)
	if err != nil {
		return err
	}
	doc.Number = num.Text
	var buf bytes.Buffer
	if err := docgen.Render(&buf, doc); err != nil {
		return err
	}
	sendFile(w, "phieu-xin-loi-"+d.Code+".docx", docxType, buf.Bytes())
	return nil
}

// statsCell is one figure of a statistics line and the bucket that lists its dossiers.
type statsCell struct {
	Href string
	N    int
}

type statsLineView struct {
	Name   string
	UnitID int64
	Cells  []statsCell
	Rate   *float64
}

func statsLine(v *dossierStatsView, name string, unitID int64, st dossier.Stats) statsLineView {
	l := statsLineView{Name: name, UnitID: unitID, Rate: st.OnTimeRate}
	for _, c := range []struct {
		b dossier.Bucket
		n int
	}{
		{dossier.BucketCarriedOver, st.CarriedOver}, {dossier.BucketReceivedOnline, st.ReceivedOnline},
		{dossier.BucketReceivedDirect, st.ReceivedDirect}, {dossier.BucketReceivedTotal, st.ReceivedTotal},
		{dossier.BucketResolvedEarly, st.ResolvedEarly}, {dossier.BucketResolvedOnTime, st.ResolvedOnTime},
		{dossier.BucketResolvedLate, st.ResolvedLate}, {dossier.BucketResolvedTotal, st.ResolvedTotal},
		{dossier.BucketOpenWithin, st.OpenWithin}, {dossier.BucketOpenOverdue, st.OpenOverdue}, {dossier.BucketOpenTotal, st.OpenTotal},
		{dossier.BucketLateWithApology, st.LateWithApology}, {dossier.BucketLateWithoutApology, st.LateWithoutApology},
	} {
		href := "/dossiers?bucket=" + string(c.b) + "&" + v.Query
		if unitID != 0 {
			href += "&unit=" + strconv.FormatInt(unitID, 10)
		}
		l.Cells = append(l.Cells, statsCell{Href: href, N: c.n})
	}
	return l
}

func init() {
	funcs["statsLine"] = statsLine
	funcs["stateClass"] = func(s dossier.State) string {
		switch s {
		case dossier.Late, dossier.Overdue:
			return "unmet"
		case dossier.Early, dossier.OnTime:
			return "met"
		}
		return "nodata"
	}
	funcs["dayCount"] = func(v *float64) string { return kpi.Decimal(*v) }
	funcs["decimal"] = func(v *float64) string { return kpi.Decimal(*v) }
}
