// Package notify tells people what concerns them: a notification inside thidua for
// each account, and an e-mail through the durable job queue, immediately or in a
// daily digest as each user chose. Every e-mail is kept in an outbox; without SMTP
// settings it stays there for the office to read instead of being sent.
//
// Capabilities call Notify inside the transaction of the change that concerns
// people, so a notification exists exactly when its change does.
package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/job"
)

// Notice is one thing to tell: to accounts (by id, by unit or by role) and to
// addresses outside thidua (a public sender's e-mail).
type Notice struct {
	UserIDs []int64
	UnitIDs []int64  // every active account of these units
	Roles   []string // every active account with one of these roles
	Emails  []string // people without an account
	Subject string
	Body    string
	Link    string // a path inside thidua, e.g. /petitions/12
}

// Modes a user chooses between.
const (
	Immediate = "immediate" // an e-mail for each notification
	Digest    = "digest"    // one e-mail a day with the day's notifications
)

// Kinds of job this package runs.
const (
	KindSend   = "email.send"
	KindDigest = "email.digest"
)

// Service writes notifications and e-mails and sends the e-mails.
type Service struct {
	db     *db.DB
	now    func() time.Time
	jobs   *job.Queue
	mailer *Mailer // nil: e-mails stay in the outbox
	// BaseURL turns a notification's link into an address in an e-mail.
	BaseURL string
}

// New returns a service on d that queues e-mails on jobs and sends them with m (nil
// when SMTP is not configured). It registers its jobs on the queue.
func New(d *db.DB, now func() time.Time, jobs *job.Queue, m *Mailer) *Service {
	s := &Service{db: d, now: now, jobs: jobs, mailer: m, BaseURL: "http://localhost:8080"}
	jobs.Register(KindSend, s.sendJob)
	jobs.Register(KindDigest, s.digestJob)
	return s
}

// Sending reports whether e-mails leave thidua (SMTP is configured).
func (s *Service) Sending() bool { return s.mailer != nil }

type recipient struct {
	id    int64
	email string
	mode  string
}

// Notify records n for everyone it names, inside tx. Accounts get a notification, and
// an e-mail now when they chose immediate mail and have an address; outside addresses
// get an e-mail. One person named twice is told once.
func (s *Service) Notify(ctx context.Context, tx *sql.Tx, n Notice) error {
	if strings.TrimSpace(n.Subject) == "" {
		return errors.New("notify: a notice without a subject")
	}
	users, err := s.recipients(ctx, tx, n)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	mailed := map[string]bool{}
	for _, u := range users {
		var mailedAt any
		if u.mode == Immediate && u.email != "" {
			mailedAt = now
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, subject, body, link, created_at, mailed_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, u.id, n.Subject, n.Body, n.Link, now, mailedAt); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
		if mailedAt != nil && !mailed[strings.ToLower(u.email)] {
			mailed[strings.ToLower(u.email)] = true
			if err := s.queueEmail(ctx, tx, u.email, n.Subject, s.body(n)); err != nil {
				return err
			}
		}
	}
	for _, e := range n.Emails {
		e = strings.TrimSpace(e)
		if _, err := mail.ParseAddress(e); err != nil || mailed[strings.ToLower(e)] {
			continue
		}
		mailed[strings.ToLower(e)] = true
		if err := s.queueEmail(ctx, tx, e, n.Subject, s.body(n)); err != nil {
			return err
		}
	}
	return nil
}

// body is the e-mail text of a notice: its text and, when it has one, its address.
func (s *Service) body(n Notice) string {
	b := strings.TrimSpace(n.Body)
	if n.Link != "" {
		if b != "" {
			b += "\n\n"
		}
		b += "Xem chi tiết: " + strings.TrimRight(s.BaseURL, "/") + n.Link
	}
	return b + "\n\n--\nThư gửi tự động từ hệ thống theo dõi phong trào thi đua. Vui lòng không trả lời thư này."
}

// recipients are the active accounts a notice names, each once.
func (s *Service) recipients(ctx context.Context, tx *sql.Tx, n Notice) ([]recipient, error) {
	var conds []string
	var args []any
	in := func(col string, vals []any) {
		if len(vals) == 0 {
			return
		}
		ph := make([]string, len(vals))
		for i, v := range vals {
			args = append(args, v)
			ph[i] = "$" + strconv.Itoa(len(args))
		}
		conds = append(conds, col+" IN ("+strings.Join(ph, ", ")+")")
	}
	in("id", anySlice(n.UserIDs))
	in("unit_id", anySlice(n.UnitIDs))
	in("role", anySlice(n.Roles))
	if len(conds) == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, email, notify_mode FROM users WHERE active AND (`+
		strings.Join(conds, " OR ")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("notify: recipients: %w", err)
	}
	defer rows.Close()
	var out []recipient
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.id, &r.email, &r.mode); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func anySlice[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
