package petition

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// History is a petition handled in the past: who sent or registered it, what it
// said and when it arrived (New.ReceivedAt, required), and the steps taken on it
// since, oldest first.
type History struct {
	By    Actor // the enterprise's account, the office, or PublicActor
	New   NewPetition
	Steps []Step
}

// Step is one action of a History, taken by By at At.
type Step struct {
	At     time.Time
	By     Actor
	Action Action
	Input  Input
}

// ReplayError names the history, and the step of it (0 for its creation), that
// stopped a Replay; nothing was written.
type ReplayError struct {
	Index, Step int
	Err         error
}

func (e *ReplayError) Error() string {
	if e.Step == 0 {
		return fmt.Sprintf("Phản ánh, kiến nghị thứ %d: %s. Chưa ghi phản ánh, kiến nghị nào", e.Index+1, e.Err.Error())
	}
	return fmt.Sprintf("Phản ánh, kiến nghị thứ %d, bước %d: %s. Chưa ghi phản ánh, kiến nghị nào", e.Index+1, e.Step, e.Err.Error())
}

func (e *ReplayError) Unwrap() error { return e.Err }

// Replay records petitions handled in the past, in one transaction, each as
// Create and Act would have left it had every step been taken at its time: the
// same checks (the sender, the references, the workflow's roles and states), the
// same working-day deadlines counted by the rules and the calendar, the same
// history rows. It serves to bring in petitions handled before, and fills a
// benchmark's large database in minutes instead of hours: the rows go in with
// multi-row inserts, and where Create and Act write an audit entry and send notices
// for each change, Replay writes one audit entry for all of it, by a (the office),
// and sends nothing, since the people concerned were told at the time. It returns
// the new petitions' ids in the order of hs. Attachments are not replayed.
func (s *Store) Replay(ctx context.Context, a Actor, hs []History) ([]int64, error) {
	if a.Role != auth.RoleOffice {
		return nil, forbiddenError{"Chỉ Văn phòng Sở nạp phản ánh, kiến nghị đã xử lý trước đây"}
	}
	if len(hs) == 0 {
		return nil, nil
	}
	now := s.stamp()
	var ids []int64
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.env(ctx, tx)
		if err != nil {
			return err
		}
		refs := refCache{}
		rows := make([]replayed, len(hs))
		for i, h := range hs {
			if rows[i], err = s.replayOne(ctx, tx, e, refs, h, now); err != nil {
				if re, ok := err.(*ReplayError); ok {
					re.Index = i
					return re
				}
				return err
			}
		}
		if err := drawTrackingCodes(ctx, tx, rows, s.maxValues()); err != nil {
			return err
		}
		if ids, err = insertReplayed(ctx, tx, rows, s.maxValues()); err != nil {
			return err
		}
		if err := insertReplayedEvents(ctx, tx, rows, ids, s.maxValues()); err != nil {
			return err
		}
		if err := replayedScores(rows).apply(ctx, tx); err != nil {
			return err
		}
		first, last := rows[0].p.ReceivedOn, rows[0].p.ReceivedOn
		for _, r := range rows {
			first, last = minDate(first, r.p.ReceivedOn), maxDate(last, r.p.ReceivedOn)
		}
		ctx := audit.WithActor(ctx, a.audit())
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "petition",
			Summary: fmt.Sprintf("Nạp %d phản ánh, kiến nghị đã xử lý trước đây, tiếp nhận từ %s đến %s", len(rows), first.DMY(), last.DMY()),
			After:   map[string]any{"count": len(rows), "first_received_on": first, "last_received_on": last}})
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// replayed is one history replayed: the petition as it stands after its last step,
// what update would have kept besides the petition's own fields, and its history.
type replayed struct {
	p             *Petition
	createdBy     int64
	handledOn     calendar.Date
	handledOnTime bool
	publicSearch  string
	events        []replayedEvent
}

type replayedEvent struct {
	at       time.Time
	by       Actor
	action   Action
	from, to State
	note     string
}

// replayOne checks and creates the petition of h as Create does, then takes each
// step as act does, in memory.
func (s *Store) replayOne(ctx context.Context, tx *sql.Tx, e env, refs refCache, h History, now time.Time) (replayed, error) {
	fail := func(step int, err error) (replayed, error) { return replayed{}, &ReplayError{Step: step, Err: err} }
	a, in := h.By, h.New
	at := in.ReceivedAt.UTC().Truncate(time.Microsecond)
	switch {
	case at.IsZero():
		return fail(0, fieldErrors([]issue{{Field: "received_at", Detail: "không được để trống"}}))
	case at.After(now):
		return fail(0, fieldErrors([]issue{{Field: "received_at", Detail: at.In(calendar.Location()).Format("15:04 02/01/2006") + " là thời điểm trong tương lai"}}))
	case len(in.Attachments) > 0:
		return fail(0, fieldErrors([]issue{{Field: "attachments", Detail: "tệp đính kèm không nạp cùng phản ánh, kiến nghị đã xử lý"}}))
	}
	if a.Public() && a.Name == "" {
		a.Name = clean(in.SenderName)
	}
	// Created at the moment it arrived: what the sender or the office would have
	// typed then, checked as it would have been then.
	in.ReceivedAt = time.Time{}
	issues, err := in.normalize(a, at)
	if err != nil {
		return fail(0, err)
	}
	p := newPetition(&in, at)
	issues = append(issues, refs.resolve(ctx, tx, &in, p)...)
	issues = append(issues, ruleInForce(e, p)...)
	if err := fieldErrors(issues); err != nil {
		return fail(0, err)
	}
	p.Deadlines = ComputeDeadlines(p, e.rules, e.cal, calendar.DateOf(at))
	r := replayed{createdBy: a.UserID, events: []replayedEvent{{at: at, by: a, action: eventCreate, to: p.State}}}
	last := at
	for j, st := range h.Steps {
		t := st.At.UTC().Truncate(time.Microsecond)
		switch {
		case t.Before(last):
			return fail(j+1, stateError{"bước này trước bước liền trước nó"})
		case t.After(now):
			return fail(j+1, stateError{t.In(calendar.Location()).Format("15:04 02/01/2006") + " là thời điểm trong tương lai"})
		case !st.By.Sees(p):
			return fail(j+1, forbiddenError{st.By.label() + " không được xem phản ánh, kiến nghị này"})
		}
		after, c, err := s.step(ctx, tx, e, st.By, p, st.Action, st.Input, calendar.DateOf(t), t)
		if err != nil {
			return fail(j+1, err)
		}
		if !c.handledOn.IsZero() {
			r.handledOn, r.handledOnTime = c.handledOn, c.handledOnTime
		}
		r.publicSearch = c.publicSearch
		r.events = append(r.events, replayedEvent{at: t, by: st.By, action: st.Action, from: p.State, to: after.State, note: c.note})
		p, last = after, t
	}
	r.p = p
	return r, nil
}

// refCache resolves each enterprise and procedure a replay names once.
type refCache map[refKey]refResult

type refKey struct {
	enterpriseID int64
	taxCode      string
	procedureID  int64
}

type refResult struct {
	enterpriseID int64
	refs         Petition // the enterprise's and the procedure's names
	issues       []issue
}

func (rc refCache) resolve(ctx context.Context, tx *sql.Tx, in *NewPetition, p *Petition) []issue {
	k := refKey{in.EnterpriseID, strings.TrimSpace(in.EnterpriseTaxCode), in.ProcedureID}
	r, ok := rc[k]
	if !ok {
		cp := *in
		r.issues = resolveRefs(ctx, tx, &cp, &r.refs)
		r.enterpriseID = cp.EnterpriseID
		rc[k] = r
	}
	in.EnterpriseID = r.enterpriseID
	if r.refs.EnterpriseID != 0 {
		p.EnterpriseID = r.refs.EnterpriseID
	}
	p.EnterpriseName, p.EnterpriseTaxCode = r.refs.EnterpriseName, r.refs.EnterpriseTaxCode
	p.ProcedureCode, p.ProcedureName = r.refs.ProcedureCode, r.refs.ProcedureName
	return r.issues
}

// maxValues is how many values one statement of a replay carries. PostgreSQL takes
// 65,535. SQLite takes 32,766, but reads $1, $2, … as names and finds each by
// searching those before it, so n values cost n² steps: at five hundred that is
// less than the work of writing the rows.
func (s *Store) maxValues() int {
	if s.d.Dialect == db.Postgres {
		return 60_000
	}
	return 500
}

// drawTrackingCodes gives every replayed petition a code no petition has, asking
// the database once per batch rather than once per code.
func drawTrackingCodes(ctx context.Context, tx *sql.Tx, rows []replayed, per int) error {
	taken := map[string]bool{}
	pending := make([]int, len(rows))
	for i := range pending {
		pending[i] = i
	}
	for try := 0; len(pending) > 0; try++ {
		if try == 10 {
			return fmt.Errorf("petition: no free tracking code")
		}
		var clashes []int
		for start := 0; start < len(pending); start += per {
			batch := pending[start:min(start+per, len(pending))]
			codes := make([]any, len(batch))
			for j, i := range batch {
				for {
					code, err := newTrackingCode(rows[i].p.ReceivedOn.Year)
					if err != nil {
						return err
					}
					if !taken[code] {
						taken[code], rows[i].p.TrackingCode, codes[j] = true, code, code
						break
					}
				}
			}
			found, err := existingCodes(ctx, tx, codes)
			if err != nil {
				return err
			}
			for _, i := range batch {
				if found[rows[i].p.TrackingCode] {
					clashes = append(clashes, i)
				}
			}
		}
		pending = clashes
	}
	return nil
}

func existingCodes(ctx context.Context, tx *sql.Tx, codes []any) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT tracking_code FROM petitions WHERE tracking_code IN ("+db.Placeholders(1, len(codes))+")", codes...)
	if err != nil {
		return nil, fmt.Errorf("petition: tracking codes: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("petition: tracking codes: %w", err)
		}
		out[c] = true
	}
	return out, rows.Err()
}

// replayColumns are every column insertPetition and update write, so that a
// replayed petition is the row Create and the steps' Act would have left.
const replayColumns = `tracking_code, kind, channel, state, version, enterprise_id, sender_name, sender_phone, sender_email,
	subject, content, procedure_id, field, dialogue_id, publish_consent, received_at, received_on, unit_id, refusal_reason,
	transferred_to, answer, answered_on, published_answer, published_on, is_public, public_search, closed_on, handled_on,
	handled_on_time, satisfaction, reopen_count, cycle_start_on, info_requested_on, paused_on, pause_days, refuse_by,
	request_info_by, process_by, transfer_by, publish_by, due_key, created_by, created_at, updated_at`

func (r replayed) values() []any {
	p, d := r.p, r.p.Deadlines
	var handledTime any
	if !r.handledOn.IsZero() {
		handledTime = r.handledOnTime
	}
	return []any{p.TrackingCode, string(p.Kind), string(p.Channel), string(p.State), p.Version, nullID(p.EnterpriseID),
		p.SenderName, p.SenderPhone, p.SenderEmail, p.Subject, p.Content, nullID(p.ProcedureID), p.Field, nullID(p.DialogueID),
		p.PublishConsent, p.ReceivedAt, p.ReceivedOn.String(), nullID(p.UnitID), p.RefusalReason, p.TransferredTo, p.Answer,
		nullDate(p.AnsweredOn), p.PublishedAnswer, nullDate(p.PublishedOn), p.Public, r.publicSearch, nullDate(p.ClosedOn),
		nullDate(r.handledOn), handledTime, string(p.Satisfaction), p.ReopenCount, p.CycleStartOn.String(),
		nullDate(p.InfoRequestedOn), nullDate(p.PausedOn), p.PauseDays, d.RefuseBy.String(), d.RequestInfoBy.String(),
		d.ProcessBy.String(), d.TransferBy.String(), nullDate(d.PublishBy), dueKey(p.State, d), nullID(r.createdBy),
		p.CreatedAt, p.UpdatedAt}
}

// replayedScores is what the replayed petitions add to petition_daily.
func replayedScores(rows []replayed) scoreDelta {
	delta := scoreDelta{}
	for _, r := range rows {
		if r.handledOn.IsZero() || r.p.UnitID == 0 {
			continue
		}
		delta.add(scoreRow{handledOn: sql.NullString{String: r.handledOn.String(), Valid: true},
			unit: sql.NullInt64{Int64: r.p.UnitID, Valid: true}, onTime: sql.NullBool{Bool: r.handledOnTime, Valid: true},
			satisfaction: string(r.p.Satisfaction)}, 1)
	}
	return delta
}

// insertReplayed writes the petitions and returns their ids in the order of rows.
// The ids come back with the tracking codes, which are unique: neither database
// promises RETURNING in the order of VALUES.
func insertReplayed(ctx context.Context, tx *sql.Tx, rows []replayed, maxValues int) ([]int64, error) {
	ncols := strings.Count(replayColumns, ",") + 1
	per := max(1, maxValues/ncols)
	ids := make([]int64, len(rows))
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		var q strings.Builder
		q.WriteString("INSERT INTO petitions (" + replayColumns + ") VALUES ")
		args := make([]any, 0, len(batch)*ncols)
		at := map[string]int{}
		for i, r := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + db.Placeholders(i*ncols+1, ncols) + ")")
			args = append(args, r.values()...)
			at[r.p.TrackingCode] = start + i
		}
		q.WriteString(" RETURNING id, tracking_code")
		res, err := tx.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return nil, fmt.Errorf("petition: replay: %w", err)
		}
		for res.Next() {
			var id int64
			var code string
			if err := res.Scan(&id, &code); err != nil {
				res.Close()
				return nil, fmt.Errorf("petition: replay: %w", err)
			}
			ids[at[code]] = id
		}
		res.Close()
		if err := res.Err(); err != nil {
			return nil, fmt.Errorf("petition: replay: %w", err)
		}
	}
	for i, id := range ids {
		if id == 0 {
			return nil, fmt.Errorf("petition: replay: no id for %s", rows[i].p.TrackingCode)
		}
		rows[i].p.ID = id
	}
	return ids, nil
}

// insertReplayedEvents writes the history rows addEvent would have written.
func insertReplayedEvents(ctx context.Context, tx *sql.Tx, rows []replayed, ids []int64, maxValues int) error {
	const ncols = 8
	batch := max(1, maxValues/ncols)
	var q strings.Builder
	args := make([]any, 0, batch*ncols)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO petition_events (petition_id, at, actor_id, actor, action, from_state, to_state, note)
			VALUES `+q.String(), args...)
		q.Reset()
		args = args[:0]
		if err != nil {
			return fmt.Errorf("petition: replay history: %w", err)
		}
		return nil
	}
	for i, r := range rows {
		for _, ev := range r.events {
			if len(args) > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + db.Placeholders(len(args)+1, ncols) + ")")
			args = append(args, ids[i], ev.at, nullID(ev.by.UserID), ev.by.label(), string(ev.action), string(ev.from), string(ev.to), ev.note)
			if len(args) == batch*ncols {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

func minDate(a, b calendar.Date) calendar.Date {
	if b.Before(a) {
		return b
	}
	return a
}

func maxDate(a, b calendar.Date) calendar.Date {
	if b.After(a) {
		return b
	}
	return a
}
