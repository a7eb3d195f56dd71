// Package filestore keeps generated files (rejected import rows, exports) in the
// database for the user who asked for them, so that any app process can serve the
// download that another one prepared.
package filestore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// Lifetime is how long a prepared file stays downloadable.
const Lifetime = 24 * time.Hour

// File is a stored file.
type File struct {
	Name        string
	ContentType string
	Content     []byte
}

// Store keeps files.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

// Put stores a file for a user and returns the token that fetches it; expired files
// are removed on the way.
func (s *Store) Put(ctx context.Context, userID int64, f File) (string, error) {
	b := make([]byte, 24)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM files WHERE expires_at < $1", now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO files (token, user_id, file_name, content_type, content, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, token, userID, f.Name, f.ContentType, f.Content, now, now.Add(Lifetime))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("filestore: put: %w", err)
	}
	return token, nil
}

// Get returns a user's file by token, or db.ErrNotFound (also for another user's
// file or an expired one).
func (s *Store) Get(ctx context.Context, userID int64, token string) (File, error) {
	var f File
	err := s.db.Read().QueryRowContext(ctx, `SELECT file_name, content_type, content FROM files
		WHERE token = $1 AND user_id = $2 AND expires_at >= $3`, token, userID, s.now().UTC()).Scan(&f.Name, &f.ContentType, &f.Content)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, db.ErrNotFound
	}
	return f, err
}
