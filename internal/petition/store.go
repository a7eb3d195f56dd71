package petition

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/privacy"
)

// Store keeps petitions. Every change is one transaction with its audit entry, its
// history row and its notices.
type Store struct {
	d         *db.DB
	now       func() time.Time
	calendars *calendar.Store
	notifier  Notifier
	links     Links
}

// NewStore returns a Store on d; now is the clock. It sends no notices until
// WithNotifier gives it a Notifier.
func NewStore(d *db.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{d: d, now: now, calendars: calendar.NewStore(d, now), links: DefaultLinks}
}

// WithNotifier makes s send notices through n (nil: none) and returns s.
func (s *Store) WithNotifier(n Notifier) *Store { s.notifier = n; return s }

// WithLinks sets the addresses notices point to and returns s.
func (s *Store) WithLinks(l Links) *Store { s.links = l; return s }

// stamp is the time of a change, at the precision both databases keep.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// today is the current day in Asia/Ho_Chi_Minh.
func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

// notFoundError is db.ErrNotFound with a message fit for a user.
type notFoundError struct{ msg string }

func (e notFoundError) Error() string { return e.msg }
func (e notFoundError) Unwrap() error { return db.ErrNotFound }

func notFoundID(id int64) error {
	return notFoundError{"Không có phản ánh, kiến nghị số " + strconv.FormatInt(id, 10)}
}

const selectPetition = `SELECT p.id, p.tracking_code, p.kind, p.channel, p.state, p.version,
	COALESCE(p.enterprise_id, 0), COALESCE(e.name, ''), COALESCE(e.tax_code, ''), p.sender_name, p.sender_phone, p.sender_email,
	p.subject, p.content, COALESCE(p.procedure_id, 0), COALESCE(pr.code, ''), COALESCE(pr.name, ''), p.field,
	COALESCE(p.dialogue_id, 0), p.publish_consent, p.received_at, p.received_on,
	COALESCE(p.unit_id, 0), COALESCE(u.code, ''), COALESCE(u.name, ''),
	p.refusal_reason, p.transferred_to, p.answer, p.answered_on, p.published_answer, p.published_on, p.is_public, p.closed_on,
	p.satisfaction, p.reopen_count, COALESCE(p.duplicate_of, 0), p.cycle_start_on, p.info_requested_on, p.paused_on,
	p.pause_days, p.created_at, p.updated_at
	FROM petitions p LEFT JOIN enterprises e ON e.id = p.enterprise_id LEFT JOIN units u ON u.id = p.unit_id
	LEFT JOIN procedures pr ON pr.id = p.procedure_id`

type scanner interface{ Scan(dest ...any) error }

func scanPetition(row scanner) (*Petition, error) {
	var p Petition
	var received, cycle string
	var answered, published, closed, requested, paused sql.NullString
	err := row.Scan(&p.ID, &p.TrackingCode, &p.Kind, &p.Channel, &p.State, &p.Version,
		&p.EnterpriseID, &p.EnterpriseName, &p.EnterpriseTaxCode, &p.SenderName, &p.SenderPhone, &p.SenderEmail,
		&p.Subject, &p.Content, &p.ProcedureID, &p.ProcedureCode, &p.ProcedureName, &p.Field,
		&p.DialogueID, &p.PublishConsent, &p.ReceivedAt, &received,
		&p.UnitID, &p.UnitCode, &p.UnitName,
		&p.RefusalReason, &p.TransferredTo, &p.Answer, &answered, &p.PublishedAnswer, &published, &p.Public, &closed,
		&p.Satisfaction, &p.ReopenCount, &p.DuplicateOf, &cycle, &requested, &paused,
		&p.PauseDays, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, err
	}
	p.ReceivedAt, p.CreatedAt, p.UpdatedAt = p.ReceivedAt.UTC(), p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	for _, f := range []struct {
		dst *calendar.Date
		src sql.NullString
	}{{&p.ReceivedOn, sql.NullString{String: received, Valid: true}}, {&p.CycleStartOn, sql.NullString{String: cycle, Valid: true}},
		{&p.AnsweredOn, answered}, {&p.PublishedOn, published}, {&p.ClosedOn, closed}, {&p.InfoRequestedOn, requested},
		{&p.PausedOn, paused}} {
		if !f.src.Valid || f.src.String == "" {
			continue
		}
		if *f.dst, err = calendar.ParseDate(f.src.String); err != nil {
			return nil, fmt.Errorf("petition %d: stored date: %w", p.ID, err)
		}
	}
	return &p, nil
}

func getWhere(ctx context.Context, q db.Querier, cond string, arg any) (*Petition, error) {
	p, err := scanPetition(q.QueryRowContext(ctx, selectPetition+" WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("petition: get: %w", err)
	}
	return p, nil
}

// env is what counting deadlines needs: the working-day calendar and the rules.
type env struct {
	cal   *calendar.Calendar
	rules Rules
}

// env reads both through q, which inside a transaction is the transaction itself.
func (s *Store) env(ctx context.Context, q db.Querier) (env, error) {
	cal, err := s.calendars.CalendarIn(ctx, q)
	if err != nil {
		return env{}, err
	}
	rules, err := loadRules(ctx, q)
	return env{cal, rules}, err
}

// withDeadlines fills p.Deadlines as of today.
func (s *Store) withDeadlines(ctx context.Context, p *Petition) (*Petition, error) {
	e, err := s.env(ctx, s.d.Read())
	if err != nil {
		return nil, err
	}
	p.Deadlines = ComputeDeadlines(p, e.rules, e.cal, s.today())
	return p, nil
}

// Get returns the petition with the id, its deadlines counted today, if sc may see
// it: department-wide roles every one, unit staff those assigned to their unit, an
// enterprise its own. Otherwise an error wrapping db.ErrNotFound, so that another
// unit's or enterprise's number reveals nothing.
//
// The sender's phone and e-mail come masked for a scope that does not handle
// petitions' senders (the leadership), in full for the office, the unit it is
// assigned to and the enterprise that sent it.
func (s *Store) Get(ctx context.Context, sc auth.Scope, id int64) (*Petition, error) {
	p, err := s.get(ctx, sc, id)
	if err == nil && sc.MaskPersonal {
		p.SenderPhone, p.SenderEmail = privacy.Number(p.SenderPhone), privacy.Email(p.SenderEmail)
	}
	return p, err
}

func (s *Store) get(ctx context.Context, sc auth.Scope, id int64) (*Petition, error) {
	p, err := getWhere(ctx, s.d.Read(), "p.id = $1", id)
	if errors.Is(err, db.ErrNotFound) || err == nil && !seesPetition(sc, p) {
		return nil, notFoundID(id)
	}
	if err != nil {
		return nil, err
	}
	return s.withDeadlines(ctx, p)
}

// GetByTracking returns the petition with the tracking code, for its public sender,
// or an error wrapping db.ErrNotFound that quotes the code.
func (s *Store) GetByTracking(ctx context.Context, code string) (*Petition, error) {
	code = NormalizeTrackingCode(code)
	p, err := getWhere(ctx, s.d.Read(), "p.tracking_code = $1", code)
	if errors.Is(err, db.ErrNotFound) {
		return nil, notFoundError{"Không có phản ánh, kiến nghị mã “" + code + "”; kiểm tra lại mã tra cứu đã nhận khi gửi"}
	}
	if err != nil {
		return nil, err
	}
	return s.withDeadlines(ctx, p)
}

// getFor reads the petition id for a, or says it does not exist when a may not see it.
func (s *Store) getFor(ctx context.Context, q db.Querier, a Actor, id int64) (*Petition, error) {
	p, err := getWhere(ctx, q, "p.id = $1", id)
	if errors.Is(err, db.ErrNotFound) || err == nil && !a.Sees(p) {
		return nil, notFoundID(id)
	}
	return p, err
}

// Event is one line of a petition's history.
type Event struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	ActorID int64     `json:"actor_id,omitempty"`
	Actor   string    `json:"actor"`
	Action  Action    `json:"action"`
	From    State     `json:"from_state,omitempty"`
	To      State     `json:"to_state"`
	Note    string    `json:"note,omitempty"`
}

// History lists what happened to a petition a may see, oldest first.
func (s *Store) History(ctx context.Context, a Actor, id int64) ([]Event, error) {
	if _, err := s.getFor(ctx, s.d.Read(), a, id); err != nil {
		return nil, err
	}
	rows, err := s.d.Read().QueryContext(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor, action, from_state, to_state, note
		FROM petition_events WHERE petition_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("petition: history: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.From, &e.To, &e.Note); err != nil {
			return nil, fmt.Errorf("petition: history: %w", err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

func addEvent(ctx context.Context, tx *sql.Tx, p *Petition, a Actor, at time.Time, action Action, from State, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_events (petition_id, at, actor_id, actor, action, from_state, to_state, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.ID, at, nullID(a.UserID), a.label(), string(action), string(from), string(p.State), note)
	if err != nil {
		return fmt.Errorf("petition: history: %w", err)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}
