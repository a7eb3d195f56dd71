package web

import (
	"net/http"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/plan"
)

type dashboardView struct {
	view
	Movement *plan.Movement
	Period   kpi.Period
	Results  []kpi.Result
	Phase    *plan.Phase
	Reports  []plan.Report
	Today    calendar.Date
	OneStop  *oneStopPanel
}

// dashboard is the first page after login: this year's targets, the running phase
// and the next reporting deadlines.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	m, p, _, results, err := s.computeTargets(r, "")
	if err != nil {
		return err
	}
	v := &dashboardView{view: s.base(r, "Tổng quan"), Movement: m, Period: p, Results: results, Today: calendar.DateOf(s.now())}
	if v.OneStop, err = s.oneStop(r, p.From, p.To); err != nil {
		return err
	}
	phases, err := s.plans.Phases(r.Context(), m.ID)
	if err != nil {
		return err
	}
	for i := range phases {
		if !v.Today.Before(phases[i].Start) && !v.Today.After(phases[i].End) {
			v.Phase = &phases[i]
		}
	}
	reports, err := s.plans.Reports(r.Context(), m.ID)
	if err != nil {
		return err
	}
	for _, rp := range reports {
		if !rp.Due.IsZero() && !rp.Due.Before(v.Today) {
			v.Reports = append(v.Reports, rp)
		}
	}
	s.render(w, r, http.StatusOK, "dashboard", v)
	return nil
}
