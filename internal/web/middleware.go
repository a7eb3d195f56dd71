package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

const sessionCookie = "thidua_session"

type userKey struct{}

// currentUser is the signed-in user of the request, or nil.
func currentUser(r *http.Request) *auth.User {
	u, _ := r.Context().Value(userKey{}).(*auth.User)
	return u
}

// loadUser finds the user from the session cookie or, for the API, a bearer token,
// and puts it and the audit actor into the request's context.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if machinePaths[r.URL.Path] {
			// No account there, and they must answer while the database is down.
			next.ServeHTTP(w, r)
			return
		}
		var u *auth.User
		var err error
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err = s.auth.TokenUser(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil {
			u, err = s.auth.SessionUser(r.Context(), c.Value)
		}
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			// The account could not be looked up (the database is down): say so,
			// rather than answer as to someone signed out.
			s.fail(w, r, strings.HasPrefix(r.URL.Path, "/api/"), fmt.Errorf("web: look up the account: %w", err))
			return
		}
		if u != nil {
			if info := infoOf(r.Context()); info != nil {
				info.userID = u.ID
			}
			ctx := context.WithValue(r.Context(), userKey{}, u)
			ctx = audit.WithActor(ctx, audit.Actor{ID: u.ID, Name: u.Username})
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// requestMemo gives a page that only reads a memo (db.Memo) in which a figure shown
// in several panels is computed once. A request that changes data gets none, so that
// it never reads a figure from before its own change.
func requestMemo(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			r = r.WithContext(db.WithMemo(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// guard applies a route's access rule and hands its error to the one error mapper.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.access == monitor {
			if !s.monitorAllowed(r) {
				http.Error(w, "Chỉ hệ thống giám sát được đọc địa chỉ này (từ máy chủ, hoặc với THIDUA_METRICS_TOKEN)", http.StatusForbidden)
				return
			}
			if err := rt.handle(w, r); err != nil {
				s.fail(w, r, true, err)
			}
			return
		}
		u := currentUser(r)
		if rt.access != public && u == nil {
			if rt.api {
				writeJSONError(w, http.StatusUnauthorized, "Cần đăng nhập hoặc mã truy cập API (Authorization: Bearer …)")
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !rt.access.allows(u) {
			s.fail(w, r, rt.api, errForbidden)
			return
		}
		if u != nil && u.MustChangePassword && !rt.api && !strings.HasPrefix(r.URL.Path, "/account/password") && r.URL.Path != "/logout" {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if err := rt.handle(w, r); err != nil {
			s.fail(w, r, rt.api, err)
		}
	})
}

// Errors handlers return; the mapper turns them into a page or a JSON answer.
var (
	errForbidden = errors.New("Bạn không có quyền xem hoặc thay đổi nội dung này")
	errNotFound  = db.ErrNotFound
)

// userError is a message meant for the user, with its HTTP status.
type userError struct {
	status int
	msg    string
}

func (e *userError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &userError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	status, msg := http.StatusInternalServerError, "Đã có lỗi trong hệ thống. Vui lòng thử lại; nếu vẫn lỗi, báo cho Văn phòng Sở."
	var ue *userError
	var fe *auth.FieldError
	switch {
	case errors.Is(err, errForbidden):
		status, msg = http.StatusForbidden, err.Error()
	case errors.Is(err, db.ErrNotFound):
		status, msg = http.StatusNotFound, "Không tìm thấy nội dung yêu cầu"
	case errors.As(err, &ue):
		status, msg = ue.status, ue.msg
	case errors.As(err, &fe):
		status, msg = http.StatusBadRequest, fe.Message
	case errors.Is(err, context.Canceled):
		return
	case db.IsFull(err):
		s.log.ErrorContext(r.Context(), "storage full", "method", r.Method, "path", r.URL.Path, "err", err)
		status, msg = http.StatusInsufficientStorage, db.FullMessage
	case db.IsUnavailable(err):
		s.log.ErrorContext(r.Context(), "database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		status, msg = http.StatusServiceUnavailable, db.UnavailableMessage
		w.Header().Set("Retry-After", "10")
	default:
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if api {
		writeJSONError(w, status, msg)
		return
	}
	s.renderError(w, r, status, msg)
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				s.renderError(w, r, http.StatusInternalServerError, "Đã có lỗi trong hệ thống. Vui lòng thử lại.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		// The same test as the session cookie's Secure flag: TLS here, or at the
		// proxy in front that says so. A browser ignores HSTS over plain HTTP, so a
		// forged header on a plain connection does nothing.
		if isSecure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// remoteAddr is the client address the login throttle and the limit on public
// lookups count by. Behind a load balancer or reverse proxy every request comes from
// the proxy's address; for a request from one of the trusted proxies it is the
// right-most address of X-Forwarded-For that is not itself a trusted proxy (what the
// nearest proxy saw). From any other address the header is ignored, since a client
// can write it.
func (s *Server) remoteAddr(r *http.Request) string {
	host := peerAddr(r)
	if !s.trustedProxy(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if !s.trustedProxy(hop) {
			return hop
		}
		host = hop
	}
	return host
}

// peerAddr is the address of the other end of the connection: the client, or the
// proxy in front of thidua.
func peerAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) trustedProxy(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range s.proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// ParseProxies reads a comma-separated list of addresses and networks
// ("10.0.0.5, 10.1.0.0/16") as the trusted proxies of Deps.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q không phải địa chỉ IP hay dải mạng (ví dụ 10.0.0.5 hoặc 10.0.0.0/24)", f)
		}
		ip = ip.Unmap()
		out = append(out, netip.PrefixFrom(ip, ip.BitLen()))
	}
	return out, nil
}

// isSecure reports whether the browser reached thidua over HTTPS: directly, or
// through a reverse proxy that ends TLS and sets X-Forwarded-Proto.
func isSecure(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}
