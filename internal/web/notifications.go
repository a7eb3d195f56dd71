package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/notify"
)

type notificationsView struct {
	view
	Items   []notify.Notification
	Mode    string
	Modes   []modeOption
	Pager   pager
	Sending bool
}

type modeOption struct{ Value, Label string }

// notificationsPage lists what the user was told, newest first, with the choice of
// immediate mail or a daily digest.
func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	p := newPager(r)
	items, total, err := s.notify.Inbox(r.Context(), u.ID, p.PerPage, p.Offset())
	if err != nil {
		return err
	}
	p.Total = total
	mode, err := s.notify.Mode(r.Context(), u.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "notifications", &notificationsView{view: s.base(r, "Thông báo"), Items: items, Mode: mode,
		Pager: p, Sending: s.notify.Sending(), Modes: []modeOption{
			{notify.Immediate, notify.ModeLabel(notify.Immediate)}, {notify.Digest, notify.ModeLabel(notify.Digest)}}})
	return nil
}

// notificationOpen marks a notification read and goes to what it is about.
func (s *Server) notificationOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	link, err := s.notify.MarkRead(r.Context(), currentUser(r).ID, id)
	if errors.Is(err, notify.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	// Only a path inside thidua: a stored link must not send anyone elsewhere.
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		link = "/notifications"
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
	return nil
}

func (s *Server) notificationsReadAll(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.notify.MarkRead(r.Context(), currentUser(r).ID, 0); err != nil {
		return err
	}
	return redirect(w, r, "/notifications", "Đã đánh dấu tất cả thông báo là đã đọc")
}

func (s *Server) notificationsMode(w http.ResponseWriter, r *http.Request) error {
	mode := r.PostFormValue("mode")
	err := s.notify.SetMode(r.Context(), currentUser(r).ID, mode)
	if errors.Is(err, notify.ErrUnknownMode) {
		return badRequest("Chọn cách nhận thư: gửi ngay hoặc tổng hợp mỗi ngày")
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/notifications", "Đã lưu: "+notify.ModeLabel(mode))
}

type outboxView struct {
	view
	Emails  []notify.Email
	Pager   pager
	Sending bool
}

// outboxPage shows every e-mail thidua wrote, sent or not; without SMTP settings it
// is where the office reads them.
func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request) error {
	p := newPager(r)
	emails, total, err := s.notify.Outbox(r.Context(), p.PerPage, p.Offset())
	if err != nil {
		return err
	}
	p.Total = total
	s.render(w, r, http.StatusOK, "outbox", &outboxView{view: s.base(r, "Hộp thư đi"), Emails: emails, Pager: p, Sending: s.notify.Sending()})
	return nil
}
