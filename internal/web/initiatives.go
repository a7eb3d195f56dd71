package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/validate"
)

// The audit page names the initiative records in Vietnamese.
func init() {
	auditEntities["initiative"] = "Sáng kiến"
	auditEntities["initiative_attachment"] = "Tệp đính kèm sáng kiến"
	auditEntities["initiative_session"] = "Phiên họp Hội đồng sáng kiến"
}

type initiativesView struct {
	view
	Items      []initiative.Initiative
	Filter     initiative.Filter
	YearText   string
	UnitText   string
	States     []initiative.State
	Units      []org.Unit
	SeesAll    bool
	CanPropose bool
	IsOffice   bool
	Pager      pager
}

// initiativesList lists the initiatives the user may see, filtered by year, state,
// proposing unit and words. The targets page links here for T5's drill-down with
// ?year=YYYY&state=applied.
func (s *Server) initiativesList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := &initiativesView{view: s.base(r, "Sáng kiến"), Pager: newPager(r), States: initiative.States, SeesAll: auth.ScopeOf(u).All,
		CanPropose: initiative.CanPropose(u), IsOffice: u.Role == auth.RoleOffice}
	q := r.URL.Query()
	v.Filter = initiative.Filter{State: initiative.State(q.Get("state")), Query: q.Get("q")}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return badRequest("Năm %q không hợp lệ", y)
		}
		v.Filter.Year, v.YearText = n, y
	}
	if st := v.Filter.State; st != "" && !st.Valid() {
		return badRequest("Không có trạng thái %q", st)
	}
	switch unit := q.Get("unit"); unit {
	case "":
	case "enterprises":
		v.Filter.Enterprises, v.UnitText = true, unit
	default:
		id, err := strconv.ParseInt(unit, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("Đơn vị %q không hợp lệ", unit)
		}
		v.Filter.UnitID, v.UnitText = id, unit
	}
	var err error
	if v.SeesAll {
		if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
			return err
		}
	}
	if v.Items, v.Pager.Total, err = s.initiatives.List(r.Context(), u, v.Filter, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "initiatives", v)
	return nil
}

type initiativeFormView struct {
	view
	ID       int64
	Form     map[string]string
	Authors  []initiative.AuthorInput
	Errors   validate.Errors
	Fields   []initiative.Field
	Units    []org.Unit
	Staff    []org.Staff
	IsOffice bool
	Proposer string
}

var initiativeFields = []string{"title", "unit_id", "enterprise_tax_code", "field", "first_applied_on", "description", "conditions",
	"expected_dong", "expected_social", "measured_dong", "measured_social"}

// renderInitiativeForm shows the form with spare author lines, so that a few more
// authors can be added without a script.
func (s *Server) renderInitiativeForm(w http.ResponseWriter, r *http.Request, status int, v *initiativeFormView) error {
	u := currentUser(r)
	v.Fields, v.IsOffice = initiative.Fields, u.Role == auth.RoleOffice
	for n := len(v.Authors) + 2; len(v.Authors) < n || len(v.Authors) < 4; {
		v.Authors = append(v.Authors, initiative.AuthorInput{})
	}
	var err error
	if v.IsOffice {
		if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
			return err
		}
	}
	active := true
	page, err := s.org.ListStaff(r.Context(), auth.Scope{All: true}, org.StaffFilter{Active: &active, Limit: org.MaxLimit})
	if err != nil {
		return err
	}
	v.Staff = page.Items
	s.render(w, r, status, "initiative_form", v)
	return nil
}

func (s *Server) initiativeNew(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if !initiative.CanPropose(u) {
		return errForbidden
	}
	return s.renderInitiativeForm(w, r, http.StatusOK, &initiativeFormView{view: s.base(r, "Đề nghị công nhận sáng kiến"), Form: map[string]string{}})
}

// initiativeEdit shows the form of a draft or returned initiative, filled in.
func (s *Server) initiativeEdit(w http.ResponseWriter, r *http.Request) error {
	it, err := s.initiativeFromPath(r)
	if err != nil {
		return err
	}
	if !initiative.Owns(currentUser(r), it) {
		return errForbidden
	}
	if !it.State.Editable() {
		return &userError{http.StatusConflict, "Sáng kiến đang ở trạng thái “" + it.State.Label() + "” nên không sửa được nội dung."}
	}
	v := &initiativeFormView{view: s.base(r, "Sửa sáng kiến"), ID: it.ID, Proposer: it.Proposer, Form: map[string]string{
		"title": it.Title, "field": string(it.Field), "first_applied_on": it.FirstAppliedOn.String(), "description": it.Description,
		"conditions": it.Conditions, "expected_dong": formatNumber(it.ExpectedDong), "expected_social": it.ExpectedSocial,
		"measured_social": it.MeasuredSocial}}
	if it.UnitID != 0 {
		v.Form["unit_id"] = strconv.FormatInt(it.UnitID, 10)
	}
	if it.MeasuredDong != nil {
		v.Form["measured_dong"] = formatNumber(*it.MeasuredDong)
	}
	for _, a := range it.Authors {
		in := initiative.AuthorInput{Share: shareInput(a.Share)}
		if a.StaffID != 0 {
			in.StaffID = strconv.FormatInt(a.StaffID, 10)
		} else {
			in.Name, in.Organisation = a.Name, a.Organisation
		}
		v.Authors = append(v.Authors, in)
	}
	return s.renderInitiativeForm(w, r, http.StatusOK, v)
}

// shareInput writes a share the way the form takes it back: "60", "33,33".
func shareInput(hundredths int) string {
	t := initiative.ShareText(hundredths)
	return t[:len(t)-1]
}

// initiativeSave creates an initiative, or changes the one of the path.
func (s *Server) initiativeSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if err := r.ParseForm(); err != nil {
		return badRequest("Không đọc được biểu mẫu gửi lên")
	}
	form := formValues(r, initiativeFields...)
	in := initiative.Input{Title: form["title"], UnitID: form["unit_id"], EnterpriseTaxCode: form["enterprise_tax_code"], Field: form["field"],
		FirstAppliedOn: form["first_applied_on"], Description: form["description"], Conditions: form["conditions"],
		ExpectedDong: form["expected_dong"], ExpectedSocial: form["expected_social"], MeasuredDong: form["measured_dong"], MeasuredSocial: form["measured_social"]}
	pf := r.PostForm
	for i := range pf["author_share"] {
		at := func(k string) string {
			if i < len(pf[k]) {
				return pf[k][i]
			}
			return ""
		}
		in.Authors = append(in.Authors, initiative.AuthorInput{StaffID: at("author_staff"), Name: at("author_name"), Organisation: at("author_org"), Share: at("author_share")})
	}
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	var it *initiative.Initiative
	var err error
	if id == 0 {
		it, err = s.initiatives.Create(r.Context(), u, in)
	} else {
		it, err = s.initiatives.Update(r.Context(), u, id, in)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		v := &initiativeFormView{view: s.base(r, "Sáng kiến"), ID: id, Form: form, Errors: fe, Authors: in.Authors}
		return s.renderInitiativeForm(w, r, http.StatusBadRequest, v)
	}
	if err := initiativeError(err); err != nil {
		return err
	}
	return redirect(w, r, "/initiatives/"+strconv.FormatInt(it.ID, 10), "Đã lưu sáng kiến")
}

// initiativeError maps the store's errors to what the user sees; field errors and
// refusals are handled by the caller, which shows them beside the form.
func initiativeError(err error) error {
	var re *initiative.RefusedError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, initiative.ErrNotFound), errors.Is(err, initiative.ErrNoSession):
		return errNotFound
	case errors.Is(err, initiative.ErrForbidden):
		return &userError{http.StatusForbidden, err.Error()}
	case errors.As(err, &re):
		return &userError{http.StatusConflict, re.Msg}
	}
	return err
}

func (s *Server) initiativeFromPath(r *http.Request) (*initiative.Initiative, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	it, err := s.initiatives.Get(r.Context(), currentUser(r), id)
	if errors.Is(err, initiative.ErrNotFound) {
		return nil, errNotFound
	}
	return it, err
}
