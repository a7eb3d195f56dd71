package web

import (
	"net/http"

	"github.com/thidua/thidua/internal/kpi"
)

type definitionsView struct {
	view
	Figures []kpi.FigureDef
}

// definitionsPage is "Cách tính": every figure thidua shows, its formula and the
// records it comes from, open to everyone.
func (s *Server) definitionsPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	s.render(w, r, http.StatusOK, "definitions", &definitionsView{view: s.base(r, "Cách tính các số liệu"), Figures: kpi.Figures()})
	return nil
}
