package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
)

// Login errors shown to the user as they are.
var (
	ErrBadCredentials = errors.New("Tên đăng nhập hoặc mật khẩu không đúng")
	ErrThrottled      = errors.New("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút")
)

// The throttle counts failures in a sliding window, per user name and per address,
// so that guessing one account's password or sweeping many accounts both stop.
const (
	throttleWindow     = 15 * time.Minute
	maxFailuresPerUser = 5
	maxFailuresPerAddr = 30
	SessionLifetime    = 12 * time.Hour
)

// a hash of a random password, compared against when the user does not exist so
// that the answer takes as long as for a real account.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("không có tài khoản này"), bcrypt.DefaultCost)

// Authenticate checks a user name and password, applying the throttle, and records
// the attempt.
func (s *Store) Authenticate(ctx context.Context, username, password, remote string) (*User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	now := s.now().UTC()
	since := now.Add(-throttleWindow)
	var byUser, byAddr int
	if err := s.db.Read().QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND at > $2 AND success = $4),
		(SELECT COUNT(*) FROM login_attempts WHERE remote = $3 AND at > $2 AND success = $4)`,
		username, since, remote, false).Scan(&byUser, &byAddr); err != nil {
		return nil, fmt.Errorf("auth: throttle: %w", err)
	}
	if byUser >= maxFailuresPerUser || byAddr >= maxFailuresPerAddr {
		return nil, ErrThrottled
	}
	var hash string
	var id int64
	var active bool
	err := s.db.Read().QueryRowContext(ctx, "SELECT id, password_hash, active FROM users WHERE username = $1", username).Scan(&id, &hash, &active)
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
	} else if err != nil {
		return nil, fmt.Errorf("auth: read user: %w", err)
	}
	ok := err == nil && active && bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		// Attempts older than the window no longer count; drop this name's old ones.
		if _, err := tx.ExecContext(ctx, "DELETE FROM login_attempts WHERE username = $1 AND at < $2", username, now.Add(-24*time.Hour)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO login_attempts (username, remote, success, at) VALUES ($1, $2, $3, $4)", username, remote, ok, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("auth: record attempt: %w", err)
	}
	if !ok {
		return nil, ErrBadCredentials
	}
	return s.UserByID(ctx, id)
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a session for the user and returns its secret token; only a
// hash of it is stored.
func (s *Store) CreateSession(ctx context.Context, userID int64) (string, error) {
	tok := newToken()
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The user's expired sessions go now, so the table does not grow with every login.
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2", userID, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
			hashToken(tok), userID, now, now.Add(SessionLifetime))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("auth: create session: %w", err)
	}
	return tok, nil
}

// SessionUser returns the active user of a session token, or db.ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, db.ErrNotFound
	}
	return scanUser(s.db.Read().QueryRowContext(ctx, "SELECT u.id, u.username, u.full_name, u.email, u.role, u.unit_id, u.enterprise_id, u.active, u.must_change_password"+
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = $3",
		hashToken(token), s.now().UTC(), true))
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.Write().ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", hashToken(token))
	return err
}

// ChangePassword replaces a user's password after checking the current one, and ends
// the user's other sessions.
func (s *Store) ChangePassword(ctx context.Context, userID int64, current, next, keepSession string) error {
	var hash, username string
	if err := s.db.Read().QueryRowContext(ctx, "SELECT password_hash, username FROM users WHERE id = $1", userID).Scan(&hash, &username); err != nil {
		return fmt.Errorf("auth: read user: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(current)) != nil {
		return &FieldError{"current", "Mật khẩu hiện tại không đúng"}
	}
	if err := CheckPassword(username, next); err != nil {
		return err
	}
	if next == current {
		return &FieldError{"password", "Mật khẩu mới phải khác mật khẩu hiện tại"}
	}
	newHash, err := bcrypt.GenerateFromPassword([]byte(next), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4",
			string(newHash), false, now, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", userID, hashToken(keepSession)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "user", EntityID: userID, Summary: "Đổi mật khẩu"})
	})
}

// TokenPrefix marks API tokens so that a leaked one is recognisable.
const TokenPrefix = "thd_"

// CreateToken issues an API token for a user and returns it; it is shown once.
func (s *Store) CreateToken(ctx context.Context, username, name string) (string, error) {
	u, err := s.UserByName(ctx, username)
	if errors.Is(err, db.ErrNotFound) {
		return "", &FieldError{"username", fmt.Sprintf("Không có tài khoản %q", username)}
	}
	if err != nil {
		return "", err
	}
	tok := TokenPrefix + newToken()
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
			u.ID, name, hashToken(tok), now).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "api_token", EntityID: id,
			Summary: "Tạo mã truy cập API cho " + u.Username, After: map[string]any{"user": u.Username, "name": name}})
	})
	if err != nil {
		return "", fmt.Errorf("auth: create token: %w", err)
	}
	return tok, nil
}

// TokenUser returns the active user an API token belongs to, or db.ErrNotFound.
func (s *Store) TokenUser(ctx context.Context, token string) (*User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, db.ErrNotFound
	}
	return scanUser(s.db.Read().QueryRowContext(ctx, "SELECT u.id, u.username, u.full_name, u.email, u.role, u.unit_id, u.enterprise_id, u.active, u.must_change_password"+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = $2",
		hashToken(token), true))
}
