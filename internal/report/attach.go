package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/upload"
	"github.com/thidua/thidua/internal/validate"
)

// MaxAttachmentSize is the largest file a report takes.
const MaxAttachmentSize = 10 << 20

// Attachment is a file attached to a submission, without its bytes.
type Attachment struct {
	ID          int64
	Name        string
	ContentType string
	Size        int64
	CreatedAt   time.Time
}

// Attach adds a file (evidence, the signed report) to the submitter's report while
// it can still be written: not submitted, and the report open. The submission is
// started as a draft if there was none.
func (s *Store) Attach(ctx context.Context, scope auth.Scope, defID int64, sub Submitter, name string, data []byte) (*Attachment, error) {
	if err := mayAct(scope, sub); err != nil {
		return nil, err
	}
	if name == "" && len(data) == 0 {
		return nil, validate.Errors{"file": "Chọn tệp để đính kèm"}
	}
	name, ct, err := upload.Check(name, data, MaxAttachmentSize, upload.Documents)
	if err != nil {
		return nil, validate.Errors{"file": "Tệp đính kèm: " + err.Error()}
	}
	a := &Attachment{Name: name, ContentType: ct, Size: int64(len(data)), CreatedAt: s.now().UTC()}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := getDefinition(ctx, tx, defID)
		if err != nil {
			return err
		}
		if !d.Open() {
			return ErrClosed
		}
		if err := owes(ctx, tx, d, sub); err != nil {
			return err
		}
		got, err := getSubmission(ctx, tx, defID, sub)
		if err != nil {
			return err
		}
		if got.State == Submitted {
			return ErrState
		}
		if got.ID == 0 {
			col, id := sub.column()
			if err := tx.QueryRowContext(ctx, `INSERT INTO report_submissions (definition_id, `+col+`, state, updated_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, defID, id, Draft, actorID(ctx), a.CreatedAt).Scan(&got.ID); err != nil {
				return fmt.Errorf("report: attach: %w", err)
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_attachments (submission_id, file_name, content_type, size, content, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, got.ID, a.Name, a.ContentType, a.Size, data, a.CreatedAt).Scan(&a.ID); err != nil {
			return fmt.Errorf("report: attach: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: a.CreatedAt, Action: "update", Entity: "report_submission", EntityID: got.ID,
			Summary: "Đính kèm tệp " + a.Name + " vào báo cáo “" + d.Title + "”", After: a})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Attachments lists the files of a submitter's report.
func (s *Store) Attachments(ctx context.Context, scope auth.Scope, defID int64, sub Submitter) ([]Attachment, error) {
	if err := mayAct(scope, sub); err != nil {
		return nil, err
	}
	col, id := sub.column()
	rows, err := s.db.Read().QueryContext(ctx, `SELECT a.id, a.file_name, a.content_type, a.size, a.created_at FROM report_attachments a
		JOIN report_submissions s ON s.id = a.submission_id WHERE s.definition_id = $1 AND s.`+col+` = $2 ORDER BY a.id`, defID, id)
	if err != nil {
		return nil, fmt.Errorf("report: attachments: %w", err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentContent returns a file of a report the user may see.
func (s *Store) AttachmentContent(ctx context.Context, scope auth.Scope, fileID int64) (Attachment, []byte, error) {
	var a Attachment
	var data []byte
	var sub Submitter
	var unit, ent sql.NullInt64
	err := s.db.Read().QueryRowContext(ctx, `SELECT a.id, a.file_name, a.content_type, a.size, a.created_at, a.content, s.unit_id, s.enterprise_id
		FROM report_attachments a JOIN report_submissions s ON s.id = a.submission_id WHERE a.id = $1`, fileID).
		Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.CreatedAt, &data, &unit, &ent)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil, ErrNotFound
	}
	if err != nil {
		return a, nil, err
	}
	sub.UnitID, sub.EnterpriseID = unit.Int64, ent.Int64
	if err := mayAct(scope, sub); err != nil {
		return a, nil, ErrNotFound
	}
	return a, data, nil
}
