package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/upload"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/validate"
)

// MaxFileSize is the largest file an initiative takes, in bytes.
const MaxFileSize = 10 << 20

// MaxFiles is how many files one initiative takes, evidence included.
const MaxFiles = 20

// Purpose says what a file is for.
type Purpose string

const (
	PurposeDocument Purpose = "document" // the initiative's own papers
	PurposeEvidence Purpose = "evidence" // evidence of its effective application
)

// Upload is a file as it arrives: the name its sender gave it and its bytes.
type Upload struct {
	Name string
	Data []byte
}

// Attachment is a stored file, without its bytes.
type Attachment struct {
	ID          int64     `json:"id"`
	Purpose     Purpose   `json:"purpose"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedBy  string    `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// SizeText is the size as people read it: "1,2 MB", "350 KB".
func (a Attachment) SizeText() string {
	if a.Size < 1<<20 {
		return strconv.FormatInt((a.Size+1023)/1024, 10) + " KB"
	}
	return upload.Megabytes(int(a.Size))
}

// evidenceKinds are the files an initiative takes.
var evidenceKinds = upload.Kinds{Types: []upload.Type{upload.PDF, upload.PNG, upload.JPEG, upload.DOCX, upload.XLSX},
	Label: "PDF, ảnh PNG, JPEG hay tài liệu Word, Excel (.docx, .xlsx)"}

// check tidies u's name and checks its size and, by content, its type; the
// message, if any, is for the field named.
func (u *Upload) check(field string) (string, error) {
	if strings.TrimSpace(u.Name) == "" && len(u.Data) == 0 {
		return "", validate.Errors{field: "Chọn tệp để đính kèm"}
	}
	name, ct, err := upload.Check(u.Name, u.Data, MaxFileSize, evidenceKinds)
	u.Name = name
	if err != nil {
		msg := err.Error()
		return "", validate.Errors{field: strings.ToUpper(msg[:1]) + msg[1:]}
	}
	return ct, nil
}

func insertFile(ctx context.Context, tx *sql.Tx, it *Initiative, purpose Purpose, u Upload, ct string, at time.Time) (Attachment, error) {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM initiative_attachments WHERE initiative_id = $1", it.ID).Scan(&n); err != nil {
		return Attachment{}, err
	}
	field := "file"
	if purpose == PurposeEvidence {
		field = "evidence"
	}
	if n >= MaxFiles {
		return Attachment{}, validate.Errors{field: fmt.Sprintf("Mỗi sáng kiến có tối đa %d tệp đính kèm", MaxFiles)}
	}
	actor := audit.ActorFrom(ctx)
	a := Attachment{Purpose: purpose, Name: u.Name, ContentType: ct, Size: int64(len(u.Data)), UploadedBy: actor.Name, CreatedAt: at}
	if err := tx.QueryRowContext(ctx, `INSERT INTO initiative_attachments (initiative_id, purpose, name, content_type, size_bytes, content,
		uploaded_by, uploaded_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		it.ID, purpose, a.Name, ct, a.Size, u.Data, nullID(actor.ID), actor.Name, at).Scan(&a.ID); err != nil {
		return Attachment{}, fmt.Errorf("initiative: file: %w", err)
	}
	if err := addEvent(ctx, tx, it.ID, at, it.State, it.State, "Đính kèm tệp “"+a.Name+"”"); err != nil {
		return Attachment{}, err
	}
	return a, audit.Record(ctx, tx, audit.Entry{At: at, Action: "create", Entity: "initiative_attachment", EntityID: a.ID,
		Summary: "Đính kèm tệp “" + a.Name + "” vào sáng kiến “" + it.Title + "”", After: a})
}

// AddFile attaches one of the initiative's own papers, while its proposer (or the
// office) may still edit it.
func (s *Store) AddFile(ctx context.Context, u *auth.User, id int64, up Upload) (Attachment, error) {
	ct, err := up.check("file")
	if err != nil {
		return Attachment{}, err
	}
	var a Attachment
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		it, err := getFor(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if !Owns(u, it) {
			return ErrForbidden
		}
		if !it.State.Editable() {
			return notInState(it, "đính kèm thêm tệp")
		}
		a, err = insertFile(ctx, tx, it, PurposeDocument, up, ct, s.now().UTC())
		return err
	})
	return a, err
}

// Files lists the files of an initiative u may see, in the order they came.
func (s *Store) Files(ctx context.Context, u *auth.User, id int64) ([]Attachment, error) {
	if _, err := getFor(ctx, s.db.Read(), u, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, purpose, name, content_type, size_bytes, uploaded_by_name, created_at
		FROM initiative_attachments WHERE initiative_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("initiative: files: %w", err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.Purpose, &a.Name, &a.ContentType, &a.Size, &a.UploadedBy, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// File returns one file of an initiative u may see, with its bytes.
func (s *Store) File(ctx context.Context, u *auth.User, id, fileID int64) (Attachment, []byte, error) {
	if _, err := getFor(ctx, s.db.Read(), u, id); err != nil {
		return Attachment{}, nil, err
	}
	var a Attachment
	var data []byte
	err := s.db.Read().QueryRowContext(ctx, `SELECT id, purpose, name, content_type, size_bytes, uploaded_by_name, created_at, content
		FROM initiative_attachments WHERE id = $1 AND initiative_id = $2`, fileID, id).Scan(&a.ID, &a.Purpose, &a.Name, &a.ContentType,
		&a.Size, &a.UploadedBy, &a.CreatedAt, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, nil, ErrNotFound
	}
	return a, data, err
}
