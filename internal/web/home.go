package web

import "net/http"

type homeView struct {
	view
}

// home is the public front page; staff who are signed in go to their overview.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	if currentUser(r) != nil {
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "home", &homeView{view: s.base(r, "Trang chủ")})
	return nil
}
