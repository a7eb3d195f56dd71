package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/procedure"
)

func init() {
	// Fees are int64 đồng; num takes int.
	funcs["dong"] = formatNumber
	funcs["clip"] = clip
}

// clip shortens s to n characters with an ellipsis, for a select whose longest
// option would otherwise make a filter wider than a phone.
func clip(n int, s string) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

type proceduresView struct {
	view
	Page      procedure.Page
	Pager     pager
	Counts    procedure.Counts
	Coverage  *float64 // T3 on AsOf, nil when nothing is eligible
	AsOf      calendar.Date
	Query     string
	Unit      string
	Level     string
	Eligible  string
	NotFull   bool
	All       bool // every procedure, whether or not it applies on AsOf
	Shortfall bool // the drill-down of T3: eligible and not yet toàn trình
	Units     []org.Unit
	Levels    []procedure.OnlineLevel
	CanEdit   bool
}

// proceduresList is the catalogue with its filters. With ?eligible=1&not_full=1 it
// is the list behind T3's shortfall, with the published reasons; as_of (default
// today) picks the day whose catalogue is shown and counted.
func (s *Server) proceduresList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v := &proceduresView{view: s.base(r, "Thủ tục hành chính"), Pager: newPager(r), Query: q.Get("q"), Unit: q.Get("unit"),
		Level: q.Get("level"), Eligible: q.Get("eligible"), NotFull: q.Get("not_full") == "1", All: q.Get("all") == "1",
		Levels: procedure.Levels, CanEdit: officeOnly.allows(currentUser(r)), AsOf: calendar.DateOf(s.now())}
	if a := q.Get("as_of"); a != "" {
		d, err := calendar.ParseDate(a)
		if err != nil {
			return badRequest("Ngày xem danh mục không hợp lệ: %q (cần dạng dd/mm/yyyy)", a)
		}
		v.AsOf = d
	}
	f := procedure.Filter{Search: v.Query, Level: procedure.OnlineLevel(v.Level), NotFull: v.NotFull,
		Limit: v.Pager.PerPage, Offset: v.Pager.Offset()}
	if !v.All {
		f.ValidOn = v.AsOf
	}
	switch v.Eligible {
	case "1", "0":
		yes := v.Eligible == "1"
		f.Eligible = &yes
	}
	v.Shortfall = v.Eligible == "1" && v.NotFull
	if v.Shortfall {
		v.Title = "Thủ tục đủ điều kiện nhưng chưa cung cấp toàn trình"
	}
	if v.Unit != "" {
		id, err := strconv.ParseInt(v.Unit, 10, 64)
		if err != nil {
			return badRequest("Đơn vị không hợp lệ")
		}
		f.UnitID = id
	}
	var err error
	if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
		return err
	}
	if v.Counts, err = s.procedures.Count(r.Context(), v.AsOf); err != nil {
		return err
	}
	if v.Counts.Eligible > 0 {
		pct := float64(int64(10000*float64(v.Counts.EligibleFull)/float64(v.Counts.Eligible)+0.5)) / 100
		v.Coverage = &pct
	}
	if v.Page, err = s.procedures.List(r.Context(), f); err != nil {
		return err
	}
	v.Pager.Total = v.Page.Total
	s.render(w, r, http.StatusOK, "procedures", v)
	return nil
}

type procedureFormView struct {
	view
	Procedure procedure.Procedure
	Form      map[string]string
	Errors    procedure.FieldErrors
	Units     []org.Unit
	Levels    []procedure.OnlineLevel
	New       bool
	CanEdit   bool
	CanAudit  bool
}

var procedureFields = []string{"code", "name", "field", "unit", "statutory_days", "fee", "fee_basis", "online_level",
	"eligible_full", "not_full_reason", "valid_from", "valid_to"}

func (s *Server) procedureForm(w http.ResponseWriter, r *http.Request) error {
	v := &procedureFormView{view: s.base(r, "Thêm thủ tục hành chính"), New: true,
		Form: map[string]string{"online_level": string(procedure.LevelFull), "eligible_full": "1"}}
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		p, err := s.procedures.Get(r.Context(), id)
		if err != nil {
			return err
		}
		v.Procedure, v.Title, v.New, v.Form = p, p.Code+" "+p.Name, false, procedureForm(p)
	}
	return s.renderProcedureForm(w, r, http.StatusOK, v)
}

// procedureForm writes a stored procedure as the form shows it.
func procedureForm(p procedure.Procedure) map[string]string {
	fee := p.FeeText
	if fee == "" && p.Fee != 0 {
		fee = formatNumber(p.Fee)
	}
	eligible, validTo := "", ""
	if p.EligibleFull {
		eligible = "1"
	}
	if !p.ValidTo.IsZero() {
		validTo = p.ValidTo.String()
	}
	return map[string]string{"code": p.Code, "name": p.Name, "field": p.Field, "unit": p.UnitCode, "statutory_days": p.DaysText(),
		"fee": fee, "fee_basis": p.FeeBasis, "online_level": string(p.OnlineLevel), "eligible_full": eligible,
		"not_full_reason": p.NotFullReason, "valid_from": p.ValidFrom.String(), "valid_to": validTo}
}

func (s *Server) renderProcedureForm(w http.ResponseWriter, r *http.Request, status int, v *procedureFormView) error {
	u := currentUser(r)
	v.Levels, v.CanEdit, v.CanAudit = procedure.Levels, officeOnly.allows(u), office2.allows(u)
	var err error
	if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "procedure_form", v)
	return nil
}

func (s *Server) procedureSave(w http.ResponseWriter, r *http.Request) error {
	form := formValues(r, procedureFields...)
	v := &procedureFormView{view: s.base(r, "Thêm thủ tục hành chính"), New: true, Form: form}
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		v.New, v.Procedure.ID = false, id
	}
	eligible := "Không"
	if form["eligible_full"] == "1" {
		eligible = "Có"
	}
	p, err := procedure.Entry{Code: form["code"], Name: form["name"], Field: form["field"], Unit: form["unit"],
		Days: form["statutory_days"], Fee: form["fee"], FeeBasis: form["fee_basis"], Level: form["online_level"], Eligible: eligible,
		Reason: form["not_full_reason"], ValidFrom: form["valid_from"], ValidTo: form["valid_to"]}.Procedure()
	switch {
	case err != nil:
	case v.New:
		p, err = s.procedures.Create(r.Context(), p)
	default:
		p.ID = v.Procedure.ID
		p, err = s.procedures.Update(r.Context(), p)
	}
	var fe procedure.FieldErrors
	if errors.As(err, &fe) {
		v.Errors = fe
		return s.renderProcedureForm(w, r, http.StatusBadRequest, v)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/procedures/"+strconv.FormatInt(p.ID, 10), "Đã lưu thủ tục "+p.Code+" "+p.Name)
}
