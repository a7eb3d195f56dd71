package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/plan"
)

// movement is the movement a page is about: ?movement=CODE, else the one running today.
func (s *Server) movement(r *http.Request) (*plan.Movement, error) {
	if code := r.URL.Query().Get("movement"); code != "" {
		return s.plans.Get(r.Context(), code)
	}
	return s.plans.Current(r.Context(), s.now())
}

type planView struct {
	view
	Movement  *plan.Movement
	Plan      *plan.Plan
	Movements []plan.Movement
	Units     []plan.Content
	Ents      []plan.Content
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movement(r)
	if errors.Is(err, db.ErrNotFound) {
		return &userError{http.StatusNotFound, "Chưa có kế hoạch nào được nạp. Văn phòng Sở nạp kế hoạch bằng lệnh: thidua plan load TỆP.yaml"}
	}
	if err != nil {
		return err
	}
	v := &planView{view: s.base(r, "Kế hoạch"), Movement: m, Plan: m.Plan}
	if v.Movements, err = s.plans.List(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan", v)
	return nil
}

type targetsView struct {
	view
	Movement *plan.Movement
	Periods  []periodChoice
	Period   kpi.Period
	Results  []kpi.Result
	OneStop  *oneStopPanel
}

type periodChoice struct {
	Key, Label string
	Selected   bool
}

// targetPeriod reads ?period=YYYY | P1 | all and returns the chosen span of the
// movement, with the choices for the selector.
func targetPeriod(m *plan.Movement, phases []plan.Phase, key string, today calendar.Date) (kpi.Period, []periodChoice, error) {
	whole := kpi.Period{Label: "Cả giai đoạn " + strconv.Itoa(m.Period.Start.Year) + "–" + strconv.Itoa(m.Period.End.Year), From: m.Period.Start, To: m.Period.End}
	if key == "" {
		key = strconv.Itoa(today.Year)
		if today.Before(m.Period.Start) || today.After(m.Period.End) {
			key = "all"
		}
	}
	var chosen *kpi.Period
	var choices []periodChoice
	for _, y := range kpi.Years(whole) {
		k := strconv.Itoa(y.From.Year)
		choices = append(choices, periodChoice{Key: k, Label: y.Label, Selected: k == key})
		if k == key {
			y := y
			chosen = &y
		}
	}
	for _, p := range phases {
		pp := kpi.Period{Label: p.Name, From: p.Start, To: p.End}
		choices = append(choices, periodChoice{Key: p.Code, Label: p.Name + " (" + p.Start.DMY() + " – " + p.End.DMY() + ")", Selected: p.Code == key})
		if p.Code == key {
			chosen = &pp
		}
	}
	choices = append(choices, periodChoice{Key: "all", Label: whole.Label, Selected: key == "all"})
	if key == "all" {
		chosen = &whole
	}
	if chosen == nil {
		return kpi.Period{}, nil, badRequest("Kỳ %q không có trong phong trào: chọn một năm từ %d đến %d, một giai đoạn hoặc cả giai đoạn", key, m.Period.Start.Year, m.Period.End.Year)
	}
	return *chosen, choices, nil
}

// computeTargets is the one path from a request to target values, shared by the
// targets page, the dashboard and the API.
func (s *Server) computeTargets(r *http.Request, periodKey string) (*plan.Movement, kpi.Period, []periodChoice, []kpi.Result, error) {
	m, err := s.movement(r)
	if errors.Is(err, db.ErrNotFound) {
		return nil, kpi.Period{}, nil, nil, &userError{http.StatusNotFound, "Chưa có phong trào nào (mã phong trào không đúng hoặc chưa nạp kế hoạch)"}
	}
	if err != nil {
		return nil, kpi.Period{}, nil, nil, err
	}
	phases, err := s.plans.Phases(r.Context(), m.ID)
	if err != nil {
		return nil, kpi.Period{}, nil, nil, err
	}
	p, choices, err := targetPeriod(m, phases, periodKey, calendar.DateOf(s.now()))
	if err != nil {
		return nil, kpi.Period{}, nil, nil, err
	}
	targets, err := s.plans.Targets(r.Context(), m.ID)
	if err != nil {
		return nil, kpi.Period{}, nil, nil, err
	}
	results, err := s.kpi.Compute(r.Context(), m.ID, targets, p)
	return m, p, choices, results, err
}

func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) error {
	m, p, choices, results, err := s.computeTargets(r, r.URL.Query().Get("period"))
	if err != nil {
		return err
	}
	v := &targetsView{view: s.base(r, "Chỉ tiêu thi đua"), Movement: m, Periods: choices, Period: p, Results: results}
	if v.OneStop, err = s.oneStop(r, p.From, p.To); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "targets", v)
	return nil
}
