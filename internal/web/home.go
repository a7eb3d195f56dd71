package web

import (
	"errors"
	"net/http"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/outreach"
	"github.com/thidua/thidua/internal/plan"
)

type homeView struct {
	view
	Movement *plan.Movement
	Period   kpi.Period
	Results  []kpi.Result
	Articles []outreach.Article // the latest published
}

// home is the public front page: what the movement promised and where its targets
// stand, and the latest articles on its exemplary models, with no personal data. Signed-in users go to their overview.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	if currentUser(r) != nil {
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
		return nil
	}
	v := &homeView{view: s.base(r, "Trang chủ")}
	m, p, _, results, err := s.computeTargets(r, "")
	var ue *userError
	if err != nil && !errors.As(err, &ue) && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if err == nil {
		v.Movement, v.Period, v.Results = m, p, results
	}
	if v.Articles, err = s.outreach.Latest(r.Context(), 3); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home", v)
	return nil
}
