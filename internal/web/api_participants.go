package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/org"
)

// The API's units, staff and enterprises: the records as the stores keep them, with
// the Vietnamese names of their codes added for integrators who show them. Request
// bodies have their own types, which list exactly the fields a client may send.

type apiUnit struct {
	org.Unit
	KindLabel string `json:"kind_label"`
}

type unitInput struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	ParentCode string `json:"parent_code"`
	Email      string `json:"email"`
}

type apiStaff struct {
	org.Staff
	GenderLabel string `json:"gender_label"`
}

type staffInput struct {
	UnitID   int64  `json:"unit_id"`
	UnitCode string `json:"unit_code"`
	FullName string `json:"full_name"`
	Position string `json:"position"`
	Gender   string `json:"gender"`
	Email    string `json:"email"`
}

type apiEnterprise struct {
	enterprise.Enterprise
	OwnershipLabel string   `json:"ownership_label"`
	SectorLabels   []string `json:"sector_labels"`
}

type enterpriseInput struct {
	TaxCode        string   `json:"tax_code"`
	Name           string   `json:"name"`
	Sectors        []string `json:"sectors"`
	Ownership      string   `json:"ownership"`
	Address        string   `json:"address"`
	Representative string   `json:"representative"`
	Employees      int      `json:"employees"`
	Email          string   `json:"email"`
}

func newAPIUnit(u org.Unit) apiUnit { return apiUnit{u, u.Kind.Label()} }

func newAPIStaff(st org.Staff) apiStaff { return apiStaff{st, st.Gender.Label()} }

func newAPIEnterprise(e enterprise.Enterprise) apiEnterprise {
	out := apiEnterprise{Enterprise: e, OwnershipLabel: e.Ownership.Label(), SectorLabels: make([]string, len(e.Sectors))}
	for i, sc := range e.Sectors {
		out.SectorLabels[i] = sc.Label()
	}
	if out.Sectors == nil {
		out.Sectors = []enterprise.Sector{}
	}
	return out
}

// apiUnits answers GET /api/v1/units.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	active, err := apiActive(r)
	if err != nil {
		return err
	}
	kind, err := apiChoice(r, "kind", org.ParseUnitKind, org.UnitKinds)
	if err != nil {
		return err
	}
	page, per := apiPage(r)
	p, err := s.org.ListUnits(r.Context(), org.UnitFilter{Search: r.URL.Query().Get("q"), Kind: kind, Active: active,
		Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	items := make([]apiUnit, len(p.Items))
	for i, u := range p.Items {
		items[i] = newAPIUnit(u)
	}
	writeJSON(w, http.StatusOK, apiList{Items: items, Total: p.Total, Page: page, PerPage: per})
	return nil
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.org.GetByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newAPIUnit(u))
	return nil
}

func (s *Server) apiUnitCreate(w http.ResponseWriter, r *http.Request) error {
	var in unitInput
	if err := decodeBody(w, r, &in, "đơn vị"); err != nil {
		return err
	}
	u, err := s.unitFromInput(r.Context(), in)
	if err != nil {
		return err
	}
	if u, err = s.org.CreateUnit(r.Context(), u); err != nil {
		return apiFields(err, unitRename)
	}
	return created(w, "/api/v1/units/"+url.PathEscape(u.Code), newAPIUnit(u))
}

// apiUnitUpdate replaces a unit's fields; a body without "code" keeps the code.
func (s *Server) apiUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	current, err := s.org.GetByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	var in unitInput
	if err := decodeBody(w, r, &in, "đơn vị"); err != nil {
		return err
	}
	if strings.TrimSpace(in.Code) == "" {
		in.Code = current.Code
	}
	u, err := s.unitFromInput(r.Context(), in)
	if err != nil {
		return err
	}
	u.ID = current.ID
	if u, err = s.org.UpdateUnit(r.Context(), u); err != nil {
		return apiFields(err, unitRename)
	}
	writeJSON(w, http.StatusOK, newAPIUnit(u))
	return nil
}

// unitFromInput accepts a kind by its code or Vietnamese name, and the parent by its
// code, which is what an integrator knows.
func (s *Server) unitFromInput(ctx context.Context, in unitInput) (org.Unit, error) {
	u := org.Unit{Code: in.Code, Name: in.Name, Kind: org.UnitKind(in.Kind), Email: in.Email}
	if k, ok := org.ParseUnitKind(in.Kind); ok {
		u.Kind = k
	}
	if strings.TrimSpace(in.ParentCode) == "" {
		return u, nil
	}
	p, err := s.org.GetByCode(ctx, in.ParentCode)
	if errors.Is(err, db.ErrNotFound) {
		return u, invalidFields(map[string]string{"parent_code": org.FieldLabels["parent"] + ": không có đơn vị mã “" + in.ParentCode + "”"})
	}
	u.ParentID = p.ID
	return u, err
}

// apiStaffList answers GET /api/v1/staff; the store keeps a unit account to its own
// unit whatever ?unit= says.
func (s *Server) apiStaffList(w http.ResponseWriter, r *http.Request) error {
	active, err := apiActive(r)
	if err != nil {
		return err
	}
	gender, err := apiChoice(r, "gender", org.ParseGender, org.Genders)
	if err != nil {
		return err
	}
	var unit int64
	if v := r.URL.Query().Get("unit"); v != "" {
		if unit, err = strconv.ParseInt(v, 10, 64); err != nil || unit <= 0 {
			return badRequest("Tham số unit=%q phải là mã số (id) của đơn vị", v)
		}
	}
	page, per := apiPage(r)
	p, err := s.org.ListStaff(r.Context(), auth.ScopeOf(currentUser(r)), org.StaffFilter{Search: r.URL.Query().Get("q"),
		UnitID: unit, Gender: gender, Active: active, Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	items := make([]apiStaff, len(p.Items))
	for i, st := range p.Items {
		items[i] = newAPIStaff(st)
	}
	writeJSON(w, http.StatusOK, apiList{Items: items, Total: p.Total, Page: page, PerPage: per})
	return nil
}

func (s *Server) apiStaffGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.org.GetStaff(r.Context(), auth.ScopeOf(currentUser(r)), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newAPIStaff(st))
	return nil
}

func (s *Server) apiStaffCreate(w http.ResponseWriter, r *http.Request) error {
	var in staffInput
	if err := decodeBody(w, r, &in, "cán bộ"); err != nil {
		return err
	}
	scope := auth.ScopeOf(currentUser(r))
	st, err := s.staffFromInput(r.Context(), scope, in)
	if err != nil {
		return err
	}
	if st, err = s.org.CreateStaff(r.Context(), scope, st); err != nil {
		return apiFields(err, staffRename)
	}
	return created(w, "/api/v1/staff/"+strconv.FormatInt(st.ID, 10), newAPIStaff(st))
}

func (s *Server) apiStaffUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in staffInput
	if err := decodeBody(w, r, &in, "cán bộ"); err != nil {
		return err
	}
	scope := auth.ScopeOf(currentUser(r))
	st, err := s.staffFromInput(r.Context(), scope, in)
	if err != nil {
		return err
	}
	st.ID = id
	if st, err = s.org.UpdateStaff(r.Context(), scope, st); err != nil {
		return apiFields(err, staffRename)
	}
	writeJSON(w, http.StatusOK, newAPIStaff(st))
	return nil
}

// staffFromInput finds the unit by id or code (a unit account's own unit when
// neither is sent) and refuses another unit's with 403, as a permission matter
// rather than a typing mistake.
func (s *Server) staffFromInput(ctx context.Context, scope auth.Scope, in staffInput) (org.Staff, error) {
	st := org.Staff{UnitID: in.UnitID, FullName: in.FullName, Position: in.Position, Gender: org.Gender(in.Gender), Email: in.Email}
	if g, ok := org.ParseGender(in.Gender); ok {
		st.Gender = g
	}
	if code := strings.TrimSpace(in.UnitCode); code != "" {
		u, err := s.org.GetByCode(ctx, code)
		switch {
		case errors.Is(err, db.ErrNotFound):
			return st, invalidFields(map[string]string{"unit_code": org.FieldLabels["unit"] + ": không có đơn vị mã “" + code + "”"})
		case err != nil:
			return st, err
		case st.UnitID != 0 && st.UnitID != u.ID:
			return st, invalidFields(map[string]string{"unit_code": org.FieldLabels["unit"] + ": unit_code và unit_id chỉ hai đơn vị khác nhau"})
		}
		st.UnitID = u.ID
	}
	if st.UnitID == 0 && !scope.All {
		st.UnitID = scope.UnitID
	}
	if st.UnitID != 0 && !scope.SeesUnit(st.UnitID) {
		return st, errForbidden
	}
	return st, nil
}

// apiEnterprises answers GET /api/v1/enterprises; an enterprise account's list holds
// only itself, by the store's scope.
func (s *Server) apiEnterprises(w http.ResponseWriter, r *http.Request) error {
	active, err := apiActive(r)
	if err != nil {
		return err
	}
	sector, err := apiChoice(r, "sector", enterprise.ParseSector, enterprise.Sectors)
	if err != nil {
		return err
	}
	ownership, err := apiChoice(r, "ownership", enterprise.ParseOwnership, enterprise.Ownerships)
	if err != nil {
		return err
	}
	page, per := apiPage(r)
	p, err := s.enterprises.List(r.Context(), auth.ScopeOf(currentUser(r)), enterprise.Filter{Search: r.URL.Query().Get("q"),
		Sector: sector, Ownership: ownership, Active: active, Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	items := make([]apiEnterprise, len(p.Items))
	for i, e := range p.Items {
		items[i] = newAPIEnterprise(e)
	}
	writeJSON(w, http.StatusOK, apiList{Items: items, Total: p.Total, Page: page, PerPage: per})
	return nil
}

// enterpriseAt finds the enterprise of the {tax_code} path value, reporting another
// enterprise's as missing to an enterprise account.
func (s *Server) enterpriseAt(r *http.Request) (enterprise.Enterprise, error) {
	e, err := s.enterprises.GetByTaxCode(r.Context(), r.PathValue("tax_code"))
	if err != nil {
		return e, err
	}
	return s.enterprises.Get(r.Context(), auth.ScopeOf(currentUser(r)), e.ID)
}

func (s *Server) apiEnterprise(w http.ResponseWriter, r *http.Request) error {
	e, err := s.enterpriseAt(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newAPIEnterprise(e))
	return nil
}

func (s *Server) apiEnterpriseCreate(w http.ResponseWriter, r *http.Request) error {
	var in enterpriseInput
	if err := decodeBody(w, r, &in, "doanh nghiệp"); err != nil {
		return err
	}
	e, err := s.enterprises.Create(r.Context(), in.enterprise())
	if err != nil {
		return apiFields(err, nil)
	}
	return created(w, "/api/v1/enterprises/"+url.PathEscape(e.TaxCode), newAPIEnterprise(e))
}

// apiEnterpriseUpdate lets the office replace any enterprise's fields and an
// enterprise account its own, except the tax code it was registered under. A body
// without "tax_code" keeps the tax code.
func (s *Server) apiEnterpriseUpdate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if u.Role != auth.RoleOffice && u.Role != auth.RoleEnterprise {
		return errForbidden
	}
	current, err := s.enterpriseAt(r)
	if err != nil {
		return err
	}
	var in enterpriseInput
	if err := decodeBody(w, r, &in, "doanh nghiệp"); err != nil {
		return err
	}
	e := in.enterprise()
	switch {
	case e.TaxCode == "":
		e.TaxCode = current.TaxCode
	case u.Role == auth.RoleEnterprise && e.TaxCode != current.TaxCode:
		return &userError{http.StatusForbidden, "Doanh nghiệp không tự đổi được mã số thuế (tax_code) đã đăng ký; hãy đề nghị Văn phòng Sở sửa"}
	}
	e.ID = current.ID
	if e, err = s.enterprises.Update(r.Context(), auth.ScopeOf(u), e); err != nil {
		return apiFields(err, nil)
	}
	writeJSON(w, http.StatusOK, newAPIEnterprise(e))
	return nil
}

// enterprise accepts sectors and ownership by code or Vietnamese name; unknown ones
// go through as typed so the store's message names them.
func (in enterpriseInput) enterprise() enterprise.Enterprise {
	e := enterprise.Enterprise{TaxCode: enterprise.NormalizeTaxCode(in.TaxCode), Name: in.Name, Ownership: enterprise.Ownership(in.Ownership),
		Address: in.Address, Representative: in.Representative, Employees: in.Employees, Email: in.Email}
	if o, ok := enterprise.ParseOwnership(in.Ownership); ok {
		e.Ownership = o
	}
	for _, v := range in.Sectors {
		sc, ok := enterprise.ParseSector(v)
		if !ok {
			sc = enterprise.Sector(v)
		}
		e.Sectors = append(e.Sectors, sc)
	}
	return e
}
