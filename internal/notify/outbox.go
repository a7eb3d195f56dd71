package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/job"
)

// Outbox states.
const (
	Pending = "pending" // queued to be sent
	Held    = "held"    // no SMTP configured: read on the outbox page
	Sent    = "sent"
	Failed  = "failed"
)

// Email is one message of the outbox.
type Email struct {
	ID        int64
	Recipient string
	Subject   string
	Body      string
	State     string
	Attempts  int
	Error     string
	CreatedAt time.Time
	SentAt    *time.Time
}

// queueEmail writes an e-mail to the outbox in tx and, when SMTP is configured, a job
// that sends it.
func (s *Service) queueEmail(ctx context.Context, tx *sql.Tx, to, subject, body string) error {
	state := Held
	if s.mailer != nil {
		state = Pending
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO email_outbox (recipient, subject, body, state, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, to, subject, body, state, s.now().UTC()).Scan(&id)
	if err != nil {
		return fmt.Errorf("notify: outbox: %w", err)
	}
	if s.mailer == nil {
		return nil
	}
	_, _, err = s.jobs.Enqueue(ctx, tx, job.Spec{Kind: KindSend, Payload: sendPayload{ID: id}, MaxAttempts: 5,
		Key: fmt.Sprintf("email:%d", id)})
	return err
}

type sendPayload struct {
	ID int64 `json:"outbox_id"`
}

// sendJob sends one e-mail of the outbox. A message already sent is not sent again,
// so a job run twice after a crash between the send and the record of it is the only
// way a message goes out twice.
func (s *Service) sendJob(ctx context.Context, r *job.Run) (any, error) {
	var p sendPayload
	if err := r.Decode(&p); err != nil {
		return nil, err
	}
	var e Email
	err := s.db.Read().QueryRowContext(ctx, "SELECT recipient, subject, body, state FROM email_outbox WHERE id = $1", p.ID).
		Scan(&e.Recipient, &e.Subject, &e.Body, &e.State)
	if errors.Is(err, sql.ErrNoRows) || e.State == Sent {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if s.mailer == nil {
		return nil, &job.Permanent{Message: "Chưa cấu hình máy chủ thư (SMTP)"}
	}
	now := s.now().UTC()
	if sendErr := s.mailer.Send(e.Recipient, e.Subject, e.Body); sendErr != nil {
		state := Pending
		if r.Attempts >= r.MaxAttempts {
			state = Failed
		}
		if _, err := s.db.Write().ExecContext(ctx, `UPDATE email_outbox SET state = $1, attempts = attempts + 1, error = $2 WHERE id = $3`,
			state, sendErr.Error(), p.ID); err != nil {
			return nil, err
		}
		return nil, sendErr
	}
	_, err = s.db.Write().ExecContext(ctx, `UPDATE email_outbox SET state = $1, attempts = attempts + 1, error = '', sent_at = $2 WHERE id = $3`,
		Sent, now, p.ID)
	return nil, err
}

// digestJob mails each user who chose the daily digest the notifications not mailed
// yet, in one message, and marks them mailed in the same transaction.
func (s *Service) digestJob(ctx context.Context, r *job.Run) (any, error) {
	type pending struct {
		id      int64
		subject string
		link    string
	}
	sent := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT u.id, u.email, n.subject, n.link FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE n.mailed_at IS NULL AND u.notify_mode = $1 AND u.active AND u.email <> '' ORDER BY u.id, n.id`, Digest)
		if err != nil {
			return err
		}
		byUser := map[int64][]pending{}
		emails := map[int64]string{}
		var order []int64
		for rows.Next() {
			var uid int64
			var email string
			var p pending
			if err := rows.Scan(&uid, &email, &p.subject, &p.link); err != nil {
				rows.Close()
				return err
			}
			if _, seen := byUser[uid]; !seen {
				order = append(order, uid)
			}
			byUser[uid], emails[uid] = append(byUser[uid], p), email
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		day := calendar.DateOf(now).DMY()
		for _, uid := range order {
			items := byUser[uid]
			var b strings.Builder
			fmt.Fprintf(&b, "Các thông báo chưa đọc qua thư đến ngày %s:\n\n", day)
			for _, it := range items {
				b.WriteString("- " + it.subject)
				if it.link != "" {
					b.WriteString(" (" + strings.TrimRight(s.BaseURL, "/") + it.link + ")")
				}
				b.WriteString("\n")
			}
			subject := fmt.Sprintf("Tổng hợp %d thông báo ngày %s", len(items), day)
			if err := s.queueEmail(ctx, tx, emails[uid], subject, strings.TrimSpace(b.String())); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET mailed_at = $1 WHERE user_id = $2 AND mailed_at IS NULL`, now, uid); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return map[string]int{"digests": sent}, err
}

// Outbox lists the e-mails newest first, a page at a time, with their total.
func (s *Service) Outbox(ctx context.Context, limit, offset int) ([]Email, int, error) {
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM email_outbox").Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("notify: outbox count: %w", err)
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, recipient, subject, body, state, attempts, error, created_at, sent_at
		FROM email_outbox ORDER BY id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("notify: outbox: %w", err)
	}
	defer rows.Close()
	var out []Email
	for rows.Next() {
		var e Email
		var sent sql.NullTime
		if err := rows.Scan(&e.ID, &e.Recipient, &e.Subject, &e.Body, &e.State, &e.Attempts, &e.Error, &e.CreatedAt, &sent); err != nil {
			return nil, 0, err
		}
		if sent.Valid {
			e.SentAt = &sent.Time
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
