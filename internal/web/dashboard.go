package web

import (
	"context"
	"net/http"
	"sort"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/chart"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/report"
)

type dashboardView struct {
	view
	Movement *plan.Movement
	Period   kpi.Period
	Results  []kpi.Result
	Sparks   map[string]chart.Sparkline // by target code: the value per year
	Phase    *plan.Phase
	Today    calendar.Date
	OneStop  *oneStopPanel
	Overdue  []overdueLine
	League   []leagueLine
	OwnUnit  int64
	Timeline chart.Timeline
}

// overdueLine is one count of the overdue panel, with the list behind it.
type overdueLine struct {
	Label string
	N     int
	Href  string
}

// leagueLine is one unit's line of the league table.
type leagueLine struct {
	UnitID         int64
	Name           string
	Deployed       bool
	Resolved       int
	OnTimeRate     *float64
	PetitionsRate  *float64
	PetitionsTotal int
}

// dashboard is the first page after login: this year's targets with their trend,
// what is overdue, which units are behind, and where the plan's timeline stands;
// every figure links to the records behind it. A unit's account sees its own unit
// against the department.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	m, p, _, results, err := s.computeTargets(r, "")
	if err != nil {
		return err
	}
	u := currentUser(r)
	ctx := r.Context()
	v := &dashboardView{view: s.base(r, "Tổng quan"), Movement: m, Period: p, Results: results, Today: calendar.DateOf(s.now()), OwnUnit: u.UnitID}
	if v.OneStop, err = s.oneStop(r, p.From, p.To); err != nil {
		return err
	}
	if v.Sparks, err = s.sparks(ctx, m); err != nil {
		return err
	}
	phases, err := s.plans.Phases(ctx, m.ID)
	if err != nil {
		return err
	}
	for i := range phases {
		if !v.Today.Before(phases[i].Start) && !v.Today.After(phases[i].End) {
			v.Phase = &phases[i]
		}
	}
	if u.Role != auth.RoleEnterprise {
		if v.Overdue, err = s.overduePanel(ctx, u, m.ID); err != nil {
			return err
		}
		if v.League, err = s.league(ctx, m.ID, p); err != nil {
			return err
		}
	}
	if v.Timeline, err = s.timeline(ctx, m, phases, v.Today); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dashboard", v)
	return nil
}

// sparks are each target's value per year of the movement so far.
func (s *Server) sparks(ctx context.Context, m *plan.Movement) (map[string]chart.Sparkline, error) {
	targets, err := s.plans.Targets(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	out := map[string]chart.Sparkline{}
	today := calendar.DateOf(s.now())
	for _, y := range kpi.Years(kpi.Period{From: m.Period.Start, To: m.Period.End}) {
		if y.From.After(today) {
			break
		}
		res, err := s.kpi.Compute(ctx, m.ID, targets, y)
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			sp := out[r.Code]
			sp.Label, sp.Values, sp.Max = "Xu hướng "+r.Code+" theo năm", append(sp.Values, r.Value), max(sp.Max, 100)
			if r.Kind == plan.KindCountPerYear {
				sp.Max = max(sp.Max, 3)
			}
			out[r.Code] = sp
		}
	}
	return out, nil
}

// overduePanel counts what is late, as far as the user's scope reaches.
func (s *Server) overduePanel(ctx context.Context, u *auth.User, movementID int64) ([]overdueLine, error) {
	sc := auth.ScopeOf(u)
	today := calendar.DateOf(s.now())
	var out []overdueLine
	dossiers, err := s.dossiers.OverdueCount(ctx, sc, 0, today)
	if err != nil {
		return nil, err
	}
	out = append(out, overdueLine{"Hồ sơ TTHC quá hạn đang giải quyết", dossiers, "/dossiers/overdue"})
	var petitions int
	if u.Role.NeedsUnit() {
		wl, err := s.petitions.Worklist(ctx, sc, u.UnitID, petition.Paging{Limit: 1})
		if err != nil {
			return nil, err
		}
		petitions = wl.Overdue
	} else {
		page, err := s.petitions.Overdue(ctx, sc, petition.Paging{Limit: 1})
		if err != nil {
			return nil, err
		}
		petitions = page.Total
	}
	out = append(out, overdueLine{"Phản ánh, kiến nghị quá hạn", petitions, "/petitions?tab=overdue"})
	missing := 0
	if sc.All {
		defs, _, err := s.reports.Definitions(ctx, movementID, today.AddDays(-365), today, 100, 0)
		if err != nil {
			return nil, err
		}
		for i := range defs {
			if !defs[i].Open() {
				continue
			}
			_, counts, _, err := s.reports.Register(ctx, &defs[i], 1, 0)
			if err != nil {
				return nil, err
			}
			missing += counts[report.Missing]
		}
	} else {
		owed, err := s.reports.OwedBy(ctx, sc, movementID)
		if err != nil {
			return nil, err
		}
		for _, o := range owed {
			if o.Status == report.Missing {
				missing++
			}
		}
	}
	out = append(out, overdueLine{"Báo cáo chưa nộp đã quá hạn", missing, "/reports"})
	open := 0
	for _, st := range []string{report.DifficultyRaised, report.DifficultyConsolidated, report.DifficultyDirected} {
		_, n, err := s.reports.Difficulties(ctx, sc, st, calendar.Date{}, calendar.Date{}, 1, 0)
		if err != nil {
			return nil, err
		}
		open += n
	}
	out = append(out, overdueLine{"Khó khăn, vướng mắc chưa giải quyết xong", open, "/difficulties"})
	_, actions, err := s.inspections.Actions(ctx, sc, inspection.ActionFilter{Overdue: true}, 1, 0)
	if err != nil {
		return nil, err
	}
	out = append(out, overdueLine{"Biện pháp khắc phục sau kiểm tra quá hạn", actions, "/inspection-actions?overdue=1"})
	return out, nil
}

// league is each active unit's line for the period, those behind first: the lowest
// on-time rate of dossiers, then of petitions; units with no data last.
func (s *Server) league(ctx context.Context, movementID int64, p kpi.Period) ([]leagueLine, error) {
	all := auth.Scope{All: true}
	to := p.To
	if today := calendar.DateOf(s.now()); today.Before(to) {
		to = today
	}
	if to.Before(p.From) {
		return nil, nil
	}
	byUnit, _, err := s.dossiers.StatsByUnit(ctx, all, dossier.StatsQuery{From: p.From, To: to})
	if err != nil {
		return nil, err
	}
	scores, _, err := s.petitions.Scores(ctx, p.From, to)
	if err != nil {
		return nil, err
	}
	units, _, err := s.deployments.Units(ctx, all, movementID, 2000, 0)
	if err != nil {
		return nil, err
	}
	lines := map[int64]*leagueLine{}
	var out []leagueLine
	for _, u := range units {
		lines[u.UnitID] = &leagueLine{UnitID: u.UnitID, Name: u.UnitName, Deployed: u.Deployment != nil}
	}
	for _, st := range byUnit {
		if l := lines[st.UnitID]; l != nil {
			l.Resolved, l.OnTimeRate = st.ResolvedTotal, st.OnTimeRate
		}
	}
	for _, sc := range scores {
		if l := lines[sc.UnitID]; l != nil {
			l.PetitionsRate, l.PetitionsTotal = sc.OnTimeRate, sc.Handled
		}
	}
	for _, u := range units {
		out = append(out, *lines[u.UnitID])
	}
	rate := func(v *float64) float64 {
		if v == nil {
			return 1000
		}
		return *v
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := rate(out[i].OnTimeRate), rate(out[j].OnTimeRate); a != b {
			return a < b
		}
		return rate(out[i].PetitionsRate) < rate(out[j].PetitionsRate)
	})
	return out, nil
}

// timeline lays out the plan's phases and the reports' due dates over the movement.
func (s *Server) timeline(ctx context.Context, m *plan.Movement, phases []plan.Phase, today calendar.Date) (chart.Timeline, error) {
	t := chart.Timeline{Title: "Các giai đoạn và hạn báo cáo của phong trào", From: m.Period.Start.Time(), To: m.Period.End.Time(), Today: today.Time()}
	for _, ph := range phases {
		t.Spans = append(t.Spans, chart.Span{Label: ph.Name, From: ph.Start.Time(), To: ph.End.Time(),
			Emphasised: !today.Before(ph.Start) && !today.After(ph.End)})
	}
	defs, _, err := s.reports.Definitions(ctx, m.ID, m.Period.Start, m.Period.End, 12, 0)
	if err != nil {
		return t, err
	}
	for _, d := range defs {
		t.Marks = append(t.Marks, chart.Mark{Label: d.Title + " — hạn " + d.Due.DMY(), At: d.Due.Time(), Done: d.Due.Before(today)})
	}
	return t, nil
}
