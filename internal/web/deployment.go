package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
)

type deploymentsView struct {
	view
	Movement *plan.Movement
	Units    []deployment.UnitStatus
	Pager    pager
	Deployed int
	Active   int
	AsOf     calendar.Date
	Missing  []deployment.UnitStatus
	CanEdit  bool
}

// deploymentsList is the register of which units deployed the movement; with
// ?as_of= it also lists the units behind target T1's shortfall on that day.
func (s *Server) deploymentsList(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movement(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	scope := auth.ScopeOf(u)
	v := &deploymentsView{view: s.base(r, "Triển khai phong trào"), Movement: m, Pager: newPager(r), AsOf: calendar.DateOf(s.now()),
		CanEdit: unitWork.allows(u)}
	if a := r.URL.Query().Get("as_of"); a != "" {
		if v.AsOf, err = calendar.ParseDate(a); err != nil {
			return badRequest("Ngày %q không hợp lệ (cần dạng YYYY-MM-DD)", a)
		}
	}
	if v.Units, v.Pager.Total, err = s.deployments.Units(r.Context(), scope, m.ID, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	if v.Deployed, v.Active, err = s.deployments.Coverage(r.Context(), m.ID, v.AsOf.String()); err != nil {
		return err
	}
	if scope.All {
		if v.Missing, err = s.deployments.NotDeployed(r.Context(), m.ID, v.AsOf.String()); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "deployments", v)
	return nil
}

type deploymentFormView struct {
	view
	Movement *plan.Movement
	Unit     org.Unit
	Form     map[string]string
	Errors   map[string]string
}

// unitInScope finds the active unit of the {unit} path value that the user may act for.
func (s *Server) unitInScope(r *http.Request) (org.Unit, error) {
	id, err := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	if err != nil {
		return org.Unit{}, db.ErrNotFound
	}
	if !auth.ScopeOf(currentUser(r)).SeesUnit(id) {
		return org.Unit{}, errForbidden
	}
	u, err := s.org.GetUnit(r.Context(), id)
	if err == nil && !u.Active {
		return org.Unit{}, &userError{http.StatusBadRequest, "Đơn vị " + u.Name + " đã ngừng hoạt động"}
	}
	return u, err
}

func (s *Server) deploymentForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movement(r)
	if err != nil {
		return err
	}
	unit, err := s.unitInScope(r)
	if err != nil {
		return err
	}
	form := map[string]string{"deployed_on": calendar.DateOf(s.now()).String()}
	if d, err := s.deployments.Get(r.Context(), m.ID, unit.ID); err == nil {
		form = map[string]string{"deployed_on": d.DeployedOn, "doc_number": d.DocNumber, "note": d.Note}
	} else if !errors.Is(err, db.ErrNotFound) {
		return err
	}
	s.render(w, r, http.StatusOK, "deployment_form", &deploymentFormView{view: s.base(r, "Ghi nhận triển khai"), Movement: m, Unit: unit, Form: form})
	return nil
}

func (s *Server) deploymentSave(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movement(r)
	if err != nil {
		return err
	}
	unit, err := s.unitInScope(r)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"deployed_on", "doc_number", "note"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	_, err = s.deployments.Record(r.Context(), auth.ScopeOf(currentUser(r)), deployment.Deployment{MovementID: m.ID, UnitID: unit.ID,
		DeployedOn: form["deployed_on"], DocNumber: form["doc_number"], Note: form["note"]})
	var fe deployment.FieldErrors
	if errors.As(err, &fe) {
		s.render(w, r, http.StatusBadRequest, "deployment_form", &deploymentFormView{view: s.base(r, "Ghi nhận triển khai"), Movement: m, Unit: unit, Form: form, Errors: fe})
		return nil
	}
	if errors.Is(err, deployment.ErrOutOfScope) {
		return errForbidden
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/deployments", "Đã ghi nhận "+unit.Name+" triển khai phong trào")
}
