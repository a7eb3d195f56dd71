package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/thidua/thidua/internal/auth"
)

type loginView struct {
	view
	Username string
	Next     string
	Error    string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if currentUser(r) != nil {
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "login", &loginView{view: s.base(r, "Đăng nhập"), Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/dashboard"
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	u, err := s.auth.Authenticate(r.Context(), username, password, s.remoteAddr(r))
	if errors.Is(err, auth.ErrBadCredentials) || errors.Is(err, auth.ErrThrottled) {
		status := http.StatusUnauthorized
		if errors.Is(err, auth.ErrThrottled) {
			status = http.StatusTooManyRequests
		}
		s.render(w, r, status, "login", &loginView{view: s.base(r, "Đăng nhập"), Username: username, Next: next, Error: err.Error()})
		return nil
	}
	if err != nil {
		return err
	}
	// A new token on every login, so a session fixed before login is worth nothing.
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.auth.DeleteSession(r.Context(), c.Value)
	}
	tok, err := s.auth.CreateSession(r.Context(), u.ID)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true, Secure: isSecure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.SessionLifetime.Seconds())})
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.auth.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
	return redirect(w, r, "/login", "Đã đăng xuất")
}

type passwordView struct {
	view
	Errors map[string]string
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	v := &passwordView{view: s.base(r, "Đổi mật khẩu")}
	s.render(w, r, http.StatusOK, "password", v)
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	current, next, confirm := r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("confirm")
	fail := func(field, msg string) error {
		v := &passwordView{view: s.base(r, "Đổi mật khẩu"), Errors: map[string]string{field: msg}}
		s.render(w, r, http.StatusBadRequest, "password", v)
		return nil
	}
	if next != confirm {
		return fail("confirm", "Mật khẩu nhập lại không khớp")
	}
	var keep string
	if c, err := r.Cookie(sessionCookie); err == nil {
		keep = c.Value
	}
	err := s.auth.ChangePassword(r.Context(), u.ID, current, next, keep)
	var fe *auth.FieldError
	if errors.As(err, &fe) {
		return fail(fe.Field, fe.Message)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/dashboard", "Đã đổi mật khẩu")
}
