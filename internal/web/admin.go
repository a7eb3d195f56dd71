package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
)

type auditView struct {
	view
	Rows     []audit.Row
	Entities []string
	Filter   struct{ Entity, EntityID, Actor, From, To string }
	Pager    pager
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v := &auditView{view: s.base(r, "Nhật ký thay đổi"), Pager: newPager(r)}
	v.Filter.Entity, v.Filter.EntityID, v.Filter.Actor = q.Get("entity"), q.Get("entity_id"), q.Get("actor")
	v.Filter.From, v.Filter.To = q.Get("from"), q.Get("to")
	f := audit.Filter{Entity: v.Filter.Entity, EntityID: v.Filter.EntityID, Actor: v.Filter.Actor}
	var err error
	if f.From, err = parseDateParam("from", v.Filter.From, false); err != nil {
		return err
	}
	if f.To, err = parseDateParam("to", v.Filter.To, true); err != nil {
		return err
	}
	if v.Rows, v.Pager.HasMore, err = audit.List(r.Context(), s.db.Read(), f, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	if v.Entities, err = audit.Entities(r.Context(), s.db.Read()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "audit", v)
	return nil
}

// parseDateParam reads a YYYY-MM-DD filter in Vietnam's time; endOfDay makes "to"
// inclusive of the whole day.
func parseDateParam(name, v string, endOfDay bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, hcm)
	if err != nil {
		return time.Time{}, badRequest("Ngày %q ở ô %q không hợp lệ (cần dạng YYYY-MM-DD)", v, name)
	}
	if endOfDay {
		d = d.Add(24*time.Hour - time.Nanosecond)
	}
	return d, nil
}

type usersView struct {
	view
	Users  []auth.User
	Roles  []auth.Role
	Pager  pager
	Form   map[string]string
	Errors map[string]string
}

func (s *Server) usersList(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	v := &usersView{view: s.base(r, "Tài khoản"), Roles: auth.Roles, Pager: newPager(r), Form: form, Errors: errs}
	var err error
	if v.Users, v.Pager.Total, err = s.auth.ListUsers(r.Context(), v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, status, "users", v)
	return nil
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{}
	for _, k := range []string{"username", "full_name", "email", "role", "unit", "enterprise"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	pw := auth.RandomPassword()
	u, err := s.auth.CreateUser(r.Context(), auth.NewUser{Username: form["username"], FullName: form["full_name"], Email: form["email"],
		Role: auth.Role(form["role"]), UnitCode: form["unit"], EnterpriseTC: form["enterprise"], Password: pw, MustChange: true})
	var fe *auth.FieldError
	if errors.As(err, &fe) {
		return s.renderUsers(w, r, http.StatusBadRequest, form, map[string]string{fe.Field: fe.Message})
	}
	if err != nil {
		return err
	}
	setFlash(w, "ok", "Đã tạo tài khoản "+u.Username+". Mật khẩu dùng một lần: "+pw+" — người dùng phải đổi khi đăng nhập lần đầu.")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// The audit log stores English codes; the page names them in Vietnamese.
var (
	auditActions = map[string]string{"create": "Tạo mới", "update": "Sửa", "delete": "Xóa", "import": "Nhập từ tệp",
		"deactivate": "Ngừng hoạt động", "reactivate": "Hoạt động lại", "state": "Chuyển trạng thái", "remind": "Nhắc hạn"}
	auditEntities = map[string]string{"api_token": "Mã truy cập API", "calendar_override": "Điều chỉnh lịch", "deployment": "Triển khai",
		"document": "Văn bản", "dossier": "Hồ sơ TTHC", "enterprise": "Doanh nghiệp",
		"indicator": "Chỉ tiêu SXKD", "indicator_deadline": "Hạn báo cáo chỉ tiêu SXKD", "movement": "Phong trào, kế hoạch",
		"procedure": "Thủ tục hành chính", "registration": "Đăng ký thi đua", "staff": "Cán bộ", "unit": "Đơn vị", "user": "Tài khoản"}
)

func labelOr(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

func init() {
	funcs["auditAction"] = func(code string) string { return labelOr(auditActions, code) }
	funcs["auditEntity"] = func(code string) string { return labelOr(auditEntities, code) }
}
