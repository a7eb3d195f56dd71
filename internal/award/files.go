package award

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/upload"
)

// MaxFileBytes is the largest evidence file a self-assessment takes.
const MaxFileBytes = 10 << 20

// File is an evidence file of a self-assessment, without its content.
type File struct {
	ID          int64     `json:"id"`
	CriterionID int64     `json:"criterion_id,omitempty"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// AddFile attaches an evidence file to a self-assessment still being written, for
// one criterion or for the whole (criterionID 0). The type is checked by content.
func (s *Store) AddFile(ctx context.Context, u *auth.User, assessmentID, criterionID int64, name string, data []byte) (*File, error) {
	clean, ctype, err := upload.Check(name, data, MaxFileBytes, upload.Documents)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	f := File{CriterionID: criterionID, Name: clean, ContentType: ctype, Size: len(data), CreatedAt: now}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := getAssessment(ctx, tx, assessmentID)
		if err != nil {
			return err
		}
		if !owns(u, a.Subject) {
			return ErrForbidden
		}
		if a.State != Draft {
			return refused("Phiếu tự chấm đã gửi nên không đính kèm thêm minh chứng được.")
		}
		if criterionID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM award_criteria WHERE id = $1 AND rubric_id = $2", criterionID, a.RubricID).Scan(&n); err != nil || n == 0 {
				return refused("Tiêu chí được chọn không thuộc bộ tiêu chí của phiếu này.")
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_files (assessment_id, criterion_id, name, content_type, size_bytes, content, uploaded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, assessmentID, nullID(criterionID), clean, ctype, len(data), data, nullID(u.ID), now).Scan(&f.ID); err != nil {
			return fmt.Errorf("award: file: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_file", EntityID: f.ID,
			Summary: "Đính kèm minh chứng “" + clean + "” vào phiếu tự chấm của " + a.Name, After: f})
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// Files lists an assessment's evidence files.
func (s *Store) Files(ctx context.Context, u *auth.User, assessmentID int64) ([]File, error) {
	if _, err := s.Assessment(ctx, u, assessmentID); err != nil {
		return nil, err
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, COALESCE(criterion_id, 0), name, content_type, size_bytes, created_at
		FROM award_files WHERE assessment_id = $1 ORDER BY id`, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("award: files: %w", err)
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.ID, &f.CriterionID, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FileContent returns one evidence file u may see.
func (s *Store) FileContent(ctx context.Context, u *auth.User, fileID int64) (*File, []byte, error) {
	var f File
	var assessmentID int64
	var data []byte
	err := s.db.Read().QueryRowContext(ctx, `SELECT id, assessment_id, COALESCE(criterion_id, 0), name, content_type, size_bytes, content, created_at
		FROM award_files WHERE id = $1`, fileID).Scan(&f.ID, &assessmentID, &f.CriterionID, &f.Name, &f.ContentType, &f.Size, &data, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.Assessment(ctx, u, assessmentID); err != nil {
		return nil, nil, err
	}
	return &f, data, nil
}
