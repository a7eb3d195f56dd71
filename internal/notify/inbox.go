package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
)

// Notification is one thing a user was told inside thidua.
type Notification struct {
	ID        int64
	Subject   string
	Body      string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// Inbox lists a user's notifications newest first, a page at a time, with the total.
func (s *Service) Inbox(ctx context.Context, userID int64, limit, offset int) ([]Notification, int, error) {
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = $1", userID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("notify: inbox count: %w", err)
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, subject, body, link, created_at, read_at IS NOT NULL
		FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, userID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("notify: inbox: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.Subject, &n.Body, &n.Link, &n.CreatedAt, &n.Read); err != nil {
			return nil, 0, err
		}
		out = append(out, n)
	}
	return out, total, rows.Err()
}

// Unread counts a user's unread notifications, for the bell in the page header.
func (s *Service) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", userID).Scan(&n)
	return n, err
}

// MarkRead marks one of a user's notifications read (id > 0) or all of them (id 0),
// and returns the link of the one marked. Another user's notification is not found.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) (string, error) {
	now := s.now().UTC()
	if id == 0 {
		_, err := s.db.Write().ExecContext(ctx, "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL", now, userID)
		return "", err
	}
	var link string
	err := s.db.Write().QueryRowContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3
		RETURNING link`, now, id, userID).Scan(&link)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return link, err
}

// ErrNotFound is returned for a notification that is not the user's.
var ErrNotFound = errors.New("notify: not found")

// ErrUnknownMode is returned by SetMode for a mode that is neither immediate nor digest.
var ErrUnknownMode = errors.New("notify: unknown mode")

// Mode is how a user chose to receive e-mail.
func (s *Service) Mode(ctx context.Context, userID int64) (string, error) {
	var m string
	err := s.db.Read().QueryRowContext(ctx, "SELECT notify_mode FROM users WHERE id = $1", userID).Scan(&m)
	return m, err
}

// SetMode records a user's choice between immediate mail and the daily digest.
func (s *Service) SetMode(ctx context.Context, userID int64, mode string) error {
	if mode != Immediate && mode != Digest {
		return ErrUnknownMode
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var before string
		if err := tx.QueryRowContext(ctx, "SELECT notify_mode FROM users WHERE id = $1", userID).Scan(&before); err != nil {
			return fmt.Errorf("notify: mode: %w", err)
		}
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, "UPDATE users SET notify_mode = $1, updated_at = $2 WHERE id = $3", mode, now, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "user", EntityID: userID,
			Summary: "Đổi cách nhận thư thông báo: " + ModeLabel(mode), Before: map[string]string{"notify_mode": before},
			After: map[string]string{"notify_mode": mode}})
	})
}

// ModeLabel is the Vietnamese name of a mode.
func ModeLabel(mode string) string {
	if mode == Digest {
		return "một thư tổng hợp mỗi ngày"
	}
	return "gửi thư ngay khi có thông báo"
}
