package dossier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// Store keeps dossiers.
type Store struct {
	d         *db.DB
	now       func() time.Time
	calendars *calendar.Store
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{d: d, now: now, calendars: calendar.NewStore(d, now)}
}

// stamp is the time of a change, at the precision both databases keep.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// today is the current day in Asia/Ho_Chi_Minh.
func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

const selectDossier = `SELECT d.id, d.code, d.procedure_id, p.code, p.name, p.statutory_days, d.unit_id, u.code, u.name,
	d.channel, d.received_on, d.appointment_on, d.finished_on, d.supplement_count, d.supplement_requested_on,
	d.supplement_returned_on, d.reappointed_on, d.reappointments, d.apology, d.status, d.base_due_on, d.due_on,
	d.pause_days, d.days_used, d.result, d.violation, d.source, d.source_row, d.created_at, d.updated_at
	FROM dossiers d JOIN procedures p ON p.id = d.procedure_id JOIN units u ON u.id = d.unit_id`

type scanner interface{ Scan(dest ...any) error }

func scanDossier(row scanner) (Dossier, error) {
	var d Dossier
	var channel string
	var received string
	var appointment, finished, requested, returned, reappointed, baseDue, due, result sql.NullString
	var statutory sql.NullFloat64
	var used sql.NullInt64
	err := row.Scan(&d.ID, &d.Code, &d.ProcedureID, &d.ProcedureCode, &d.ProcedureName, &statutory, &d.UnitID, &d.UnitCode,
		&d.UnitName, &channel, &received, &appointment, &finished, &d.SupplementCount, &requested, &returned, &reappointed,
		&d.Reappointments, &d.Apology, &d.Status, &baseDue, &due, &d.PauseDays, &used, &result, &d.Violation, &d.Source,
		&d.SourceRow, &d.CreatedAt, &d.UpdatedAt)
	if err != nil {
		return Dossier{}, err
	}
	d.Channel, d.Result = Channel(channel), State(result.String)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	if statutory.Valid {
		v := statutory.Float64
		d.StatutoryDays = &v
	}
	if used.Valid {
		v := int(used.Int64)
		d.DaysUsed = &v
	}
	for _, f := range []struct {
		dst *calendar.Date
		src sql.NullString
	}{{&d.ReceivedOn, sql.NullString{String: received, Valid: true}}, {&d.AppointmentOn, appointment}, {&d.FinishedOn, finished},
		{&d.SupplementRequestedOn, requested}, {&d.SupplementReturnedOn, returned}, {&d.ReappointedOn, reappointed},
		{&d.BaseDueOn, baseDue}, {&d.DueOn, due}} {
		if !f.src.Valid {
			continue
		}
		if *f.dst, err = calendar.ParseDate(f.src.String); err != nil {
			return Dossier{}, fmt.Errorf("dossier %s: stored date: %w", d.Code, err)
		}
	}
	return d, nil
}

// Detail is one dossier with how it stands at a date and why.
type Detail struct {
	Dossier
	At             calendar.Date  `json:"at"`
	Classification Classification `json:"-"`
	State          State          `json:"state"`
	Explanation    string         `json:"explanation"`
}

// Get returns the dossier with the code, classified today, if sc may see it;
// otherwise an error wrapping db.ErrNotFound, so another unit's code reveals nothing.
func (s *Store) Get(ctx context.Context, sc auth.Scope, code string) (Detail, error) {
	return s.GetAt(ctx, sc, code, s.today())
}

// GetAt is Get classified at the date at, for a page showing a period's end.
func (s *Store) GetAt(ctx context.Context, sc auth.Scope, code string, at calendar.Date) (Detail, error) {
	d, err := scanDossier(s.d.Read().QueryRowContext(ctx, selectDossier+" WHERE d.code = $1", strings.TrimSpace(code)))
	if errors.Is(err, sql.ErrNoRows) || err == nil && !sc.SeesUnit(d.UnitID) {
		return Detail{}, fmt.Errorf("dossier %s: %w", code, db.ErrNotFound)
	}
	if err != nil {
		return Detail{}, fmt.Errorf("dossier: get %s: %w", code, err)
	}
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		return Detail{}, err
	}
	c := Classify(d, cal, d.StatutoryDays, at)
	return Detail{Dossier: d, At: at, Classification: c, State: c.State, Explanation: c.Explanation}, nil
}

// Filter chooses the dossiers of a list. With a Bucket, the list holds the dossiers
// one figure of Biểu II.06a counts for the period [From, To]; without one, the
// dossiers received in the period, if one is given. State narrows to a timeliness:
// early, on time and late are dossiers finished (in the period, when one is given);
// within and overdue are those open at To (today when no period is given).
type Filter struct {
	UnitID      int64
	ProcedureID int64
	Field       string
	Channel     Channel
	From, To    calendar.Date
	Bucket      Bucket
	State       State
	Search      string // part of the code, any case
	Limit       int
	Offset      int
}

// Page is one page of a list and the number of dossiers on every page.
type Page struct {
	Items []Dossier `json:"items"`
	Total int       `json:"total"`
}

// List returns a page of the dossiers sc may see that match f: open ones by their due
// date, most overdue first; others newest first.
func (s *Store) List(ctx context.Context, sc auth.Scope, f Filter) (Page, error) {
	var q sqlQuery
	if !q.scope(sc, f.UnitID, f.Field) {
		return Page{}, nil
	}
	if err := q.filter(f, s.today()); err != nil {
		return Page{}, err
	}
	var page Page
	if err := s.d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM dossiers d"+q.clause(), q.args...).Scan(&page.Total); err != nil {
		return Page{}, fmt.Errorf("dossier: count: %w", err)
	}
	order := " ORDER BY d.received_on DESC, d.id DESC"
	if f.Bucket == BucketOpenOverdue || f.Bucket == BucketOpenWithin || f.Bucket == BucketOpenTotal || f.State == Within || f.State == Overdue {
		order = " ORDER BY COALESCE(d.due_on, d.base_due_on), d.id"
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.d.Read().QueryContext(ctx, selectDossier+q.clause()+order+" LIMIT "+q.arg(limit)+" OFFSET "+q.arg(max(f.Offset, 0)), q.args...)
	if err != nil {
		return Page{}, fmt.Errorf("dossier: list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return Page{}, fmt.Errorf("dossier: list: %w", err)
		}
		page.Items = append(page.Items, d)
	}
	return page, rows.Err()
}

// Overdue lists the dossiers open and past their deadline at the date: the ones that
// need an apology letter and a new appointment.
func (s *Store) Overdue(ctx context.Context, sc auth.Scope, unitID int64, at calendar.Date, limit, offset int) (Page, error) {
	return s.List(ctx, sc, Filter{UnitID: unitID, From: at, To: at, Bucket: BucketOpenOverdue, Limit: limit, Offset: offset})
}

// OverdueCount is how many dossiers Overdue lists, counted as the statistics count
// the open ones (countOpen): the dashboard shows the number, and counting the list's
// conditions read every dossier received up to the date, 50 ms at 1,000,000 dossiers.
func (s *Store) OverdueCount(ctx context.Context, sc auth.Scope, unitID int64, at calendar.Date) (int, error) {
	n := 0
	err := s.countOpen(ctx, sc, StatsQuery{UnitID: unitID}, at, func(_ int64, overdue bool, k int) {
		if overdue {
			n += k
		}
	})
	return n, err
}

// ErrBadFilter is wrapped by the errors of a filter that cannot be used; what follows
// it is a Vietnamese sentence for the user (see FilterMessage).
var ErrBadFilter = errors.New("dossier: bad filter")

// FilterMessage is the user's part of a bad-filter error.
func FilterMessage(err error) string {
	return strings.TrimPrefix(err.Error(), ErrBadFilter.Error()+": ")
}

func (q *sqlQuery) filter(f Filter, today calendar.Date) error {
	if f.ProcedureID != 0 {
		q.and("d.procedure_id = " + q.arg(f.ProcedureID))
	}
	if f.Channel != "" {
		q.and("d.channel = " + q.arg(string(f.Channel)))
	}
	if v := strings.TrimSpace(f.Search); v != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(searchKey(v))
		q.and("d.search LIKE " + q.arg("%"+esc+"%") + ` ESCAPE '\'`)
	}
	period := !f.From.IsZero() && !f.To.IsZero()
	switch {
	case f.Bucket != "" && !period:
		return fmt.Errorf("%w: danh sách theo chỉ số thống kê “%s” cần có cả từ ngày và đến ngày", ErrBadFilter, f.Bucket)
	case f.Bucket != "":
		if !q.bucket(f.Bucket, f.From, f.To) {
			return fmt.Errorf("%w: không có chỉ số thống kê “%s”", ErrBadFilter, f.Bucket)
		}
	case period && (f.State == Early || f.State == OnTime || f.State == Late):
		q.bucket(BucketResolvedTotal, f.From, f.To)
	case period && f.State == "":
		q.bucket(BucketReceivedTotal, f.From, f.To)
	}
	at := today
	if period {
		at = f.To
	}
	switch f.State {
	case "":
	case Early, OnTime, Late:
		q.and("d.result = " + q.arg(string(f.State)))
	case Within:
		q.bucket(BucketOpenWithin, at, at)
	case Overdue:
		q.bucket(BucketOpenOverdue, at, at)
	default:
		return fmt.Errorf("%w: không có tình trạng hồ sơ “%s”", ErrBadFilter, f.State)
	}
	return nil
}
