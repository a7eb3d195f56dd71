package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/org"
)

// dossierRow is a list line with its state at the list's date, from the one
// classification function.
type dossierRow struct {
	dossier.Dossier
	State dossier.State
}

type dossiersView struct {
	view
	Rows     []dossierRow
	Pager    pager
	Units    []org.Unit
	States   []dossier.State
	Channels []dossier.Channel
	Q        map[string]string
	Heading  string
	At       calendar.Date
}

// dossierFilter reads the list's filters; a bucket with a period gives exactly the
// dossiers one figure of the statistics counts.
func (s *Server) dossierFilter(r *http.Request) (dossier.Filter, map[string]string, error) {
	q := r.URL.Query()
	form := map[string]string{}
	for _, k := range []string{"unit", "procedure", "state", "channel", "from", "to", "bucket", "q", "field"} {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	f := dossier.Filter{State: dossier.State(form["state"]), Bucket: dossier.Bucket(form["bucket"]), Search: form["q"], Field: form["field"]}
	f.UnitID, _ = strconv.ParseInt(form["unit"], 10, 64)
	f.ProcedureID, _ = strconv.ParseInt(form["procedure"], 10, 64)
	if form["channel"] != "" {
		c, ok := dossier.ParseChannel(form["channel"])
		if !ok {
			return f, form, badRequest("Kênh tiếp nhận %q không có", form["channel"])
		}
		f.Channel = c
	}
	var err error
	if form["from"] != "" {
		if f.From, err = calendar.ParseDate(form["from"]); err != nil {
			return f, form, badRequest("Từ ngày %q không hợp lệ (cần dạng YYYY-MM-DD)", form["from"])
		}
	}
	if form["to"] != "" {
		if f.To, err = calendar.ParseDate(form["to"]); err != nil {
			return f, form, badRequest("Đến ngày %q không hợp lệ (cần dạng YYYY-MM-DD)", form["to"])
		}
	}
	return f, form, nil
}

func (s *Server) dossiersList(w http.ResponseWriter, r *http.Request) error {
	f, form, err := s.dossierFilter(r)
	if err != nil {
		return err
	}
	v := &dossiersView{view: s.base(r, "Hồ sơ thủ tục hành chính"), Pager: newPager(r), States: dossier.States, Q: form,
		Channels: dossier.Channels, Heading: "Hồ sơ thủ tục hành chính", At: calendar.DateOf(s.now())}
	if !f.To.IsZero() {
		v.At = f.To
	}
	f.Limit, f.Offset = v.Pager.PerPage, v.Pager.Offset()
	page, err := s.dossiers.List(r.Context(), auth.ScopeOf(currentUser(r)), f)
	if errors.Is(err, dossier.ErrBadFilter) {
		return badRequest("%s", dossier.FilterMessage(err))
	}
	if err != nil {
		return err
	}
	return s.renderDossiers(w, r, v, page)
}

func (s *Server) dossiersOverdue(w http.ResponseWriter, r *http.Request) error {
	v := &dossiersView{view: s.base(r, "Hồ sơ quá hạn"), Pager: newPager(r), Heading: "Hồ sơ đang giải quyết quá hạn", At: calendar.DateOf(s.now()),
		Q: map[string]string{"unit": r.URL.Query().Get("unit")}}
	unit, _ := strconv.ParseInt(v.Q["unit"], 10, 64)
	page, err := s.dossiers.Overdue(r.Context(), auth.ScopeOf(currentUser(r)), unit, v.At, v.Pager.PerPage, v.Pager.Offset())
	if err != nil {
		return err
	}
	return s.renderDossiers(w, r, v, page)
}

func (s *Server) renderDossiers(w http.ResponseWriter, r *http.Request, v *dossiersView, page dossier.Page) error {
	cal, err := s.calendars.Calendar(r.Context())
	if err != nil {
		return err
	}
	for _, d := range page.Items {
		v.Rows = append(v.Rows, dossierRow{Dossier: d, State: dossier.Classify(d, cal, d.StatutoryDays, v.At).State})
	}
	v.Pager.Total = page.Total
	if scope := auth.ScopeOf(currentUser(r)); scope.All {
		if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "dossiers", v)
	return nil
}

type dossierView struct {
	view
	Detail    dossier.Detail
	CanApolog bool
	Form      map[string]string
	Errors    map[string]string
}

func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dossiers.Get(r.Context(), auth.ScopeOf(currentUser(r)), r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.renderDossier(w, r, http.StatusOK, d, nil, nil)
}

func (s *Server) renderDossier(w http.ResponseWriter, r *http.Request, status int, d dossier.Detail, form, errs map[string]string) error {
	v := &dossierView{view: s.base(r, "Hồ sơ "+d.Code), Detail: d, Form: form, Errors: errs}
	late := d.State == dossier.Overdue || d.State == dossier.Late
	v.CanApolog = late && unitWork.allows(currentUser(r))
	if v.Form == nil && !d.DueOn.IsZero() {
		cal, err := s.calendars.Calendar(r.Context())
		if err != nil {
			return err
		}
		v.Form = map[string]string{"new_date": cal.AddWorkingDays(calendar.DateOf(s.now()), 5).String()}
	}
	s.render(w, r, status, "dossier", v)
	return nil
}
