package petition

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/upload"
)

// MaxAttachmentSize is the largest file a petition takes, in bytes.
const MaxAttachmentSize = 10 << 20

// MaxAttachments is how many files one petition takes.
const MaxAttachments = 10

// Upload is a file as it arrives: the name the sender gave it and its bytes.
type Upload struct {
	Name string
	Data []byte

	contentType string // found by checkUpload
}

// Attachment is a stored file, without its bytes.
type Attachment struct {
	ID          int64     `json:"id"`
	PetitionID  int64     `json:"petition_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedBy  string    `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// checkUpload tidies u's name and checks its size and its type by content; the
// problem, if any, is returned for the attachments field.
func checkUpload(u *Upload) *issue {
	name, ct, err := upload.Check(clean(u.Name), u.Data, MaxAttachmentSize, upload.Documents)
	u.Name = name
	if err != nil {
		return &issue{Field: "attachments", Detail: err.Error()}
	}
	u.contentType = ct
	return nil
}

func insertAttachment(ctx context.Context, tx *sql.Tx, petitionID int64, u Upload, a Actor, at time.Time) (Attachment, error) {
	att := Attachment{PetitionID: petitionID, Name: u.Name, ContentType: u.contentType, Size: int64(len(u.Data)),
		UploadedBy: a.label(), CreatedAt: at}
	err := tx.QueryRowContext(ctx, `INSERT INTO petition_attachments (petition_id, name, content_type, size_bytes, content,
		uploaded_by, uploaded_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		petitionID, att.Name, att.ContentType, att.Size, u.Data, nullID(a.UserID), att.UploadedBy, at).Scan(&att.ID)
	if err != nil {
		return Attachment{}, fmt.Errorf("petition: attachment: %w", err)
	}
	return att, nil
}

// AddAttachment adds a file to a petition a may see and take part in, while it is
// being handled, and records it in the history and the audit log.
func (s *Store) AddAttachment(ctx context.Context, a Actor, petitionID int64, u Upload) (Attachment, error) {
	if is := checkUpload(&u); is != nil {
		return Attachment{}, fieldErrors([]issue{*is})
	}
	now := s.stamp()
	var att Attachment
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.getFor(ctx, tx, a, petitionID)
		if err != nil {
			return err
		}
		if a.KindFor(p) == ActorOther {
			return forbiddenError{"Bạn không tham gia xử lý phản ánh, kiến nghị này nên không đính kèm tệp được"}
		}
		if p.State.Closed() {
			return stateError{fmt.Sprintf("Phản ánh, kiến nghị đang ở trạng thái “%s”, đã kết thúc xử lý: không đính kèm thêm tệp", p.State.Label())}
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM petition_attachments WHERE petition_id = $1", p.ID).Scan(&n); err != nil {
			return fmt.Errorf("petition: attachments: %w", err)
		}
		if n >= MaxAttachments {
			return fieldErrors([]issue{{Field: "attachments", Detail: fmt.Sprintf("mỗi phản ánh, kiến nghị có tối đa %d tệp", MaxAttachments)}})
		}
		if att, err = insertAttachment(ctx, tx, p.ID, u, a, now); err != nil {
			return err
		}
		ctx := audit.WithActor(ctx, a.audit())
		if err := addEvent(ctx, tx, p, a, now, eventAttach, p.State, att.Name); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "petition_attachment", EntityID: att.ID,
			Summary: fmt.Sprintf("Đính kèm tệp “%s” vào phản ánh, kiến nghị %s", att.Name, p.TrackingCode), After: att})
	})
	return att, err
}

// Attachments lists the files of a petition a may see, in the order they came.
func (s *Store) Attachments(ctx context.Context, a Actor, petitionID int64) ([]Attachment, error) {
	if _, err := s.getFor(ctx, s.d.Read(), a, petitionID); err != nil {
		return nil, err
	}
	rows, err := s.d.Read().QueryContext(ctx, `SELECT id, petition_id, name, content_type, size_bytes, uploaded_by_name, created_at
		FROM petition_attachments WHERE petition_id = $1 ORDER BY id`, petitionID)
	if err != nil {
		return nil, fmt.Errorf("petition: attachments: %w", err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var att Attachment
		if err := rows.Scan(&att.ID, &att.PetitionID, &att.Name, &att.ContentType, &att.Size, &att.UploadedBy, &att.CreatedAt); err != nil {
			return nil, fmt.Errorf("petition: attachments: %w", err)
		}
		att.CreatedAt = att.CreatedAt.UTC()
		out = append(out, att)
	}
	return out, rows.Err()
}

// AttachmentContent returns one file with its bytes, if a may see its petition.
func (s *Store) AttachmentContent(ctx context.Context, a Actor, id int64) (Attachment, []byte, error) {
	var att Attachment
	var data []byte
	err := s.d.Read().QueryRowContext(ctx, `SELECT id, petition_id, name, content_type, size_bytes, uploaded_by_name, created_at, content
		FROM petition_attachments WHERE id = $1`, id).Scan(&att.ID, &att.PetitionID, &att.Name, &att.ContentType, &att.Size,
		&att.UploadedBy, &att.CreatedAt, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, nil, notFoundError{"Không có tệp đính kèm số " + strconv.FormatInt(id, 10)}
	}
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("petition: attachment %d: %w", id, err)
	}
	if _, err := s.getFor(ctx, s.d.Read(), a, att.PetitionID); err != nil {
		return Attachment{}, nil, notFoundError{"Không có tệp đính kèm số " + strconv.FormatInt(id, 10)}
	}
	att.CreatedAt = att.CreatedAt.UTC()
	return att, data, nil
}
