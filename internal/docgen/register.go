package docgen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// Number is one entry of the register: a number given to a document.
type Number struct {
	ID       int64
	Type     Kind
	Year     int
	Seq      int    // 7
	Text     string // "07/BC-SXD"
	IssuedOn calendar.Date
	Summary  string
}

// ErrUnknownType is returned by Next for a type outside Kinds.
var ErrUnknownType = errors.New("docgen: unknown document type")

// Register gives out document numbers: per type and per calendar year, from 01
// each 1 January, unique within the year and never given twice.
type Register struct {
	db     *db.DB
	agency string // the issuer's abbreviation, "SXD"
	now    func() time.Time
}

// NewRegister returns a register on d numbering for the agency abbreviated as
// agency (the plan's Issuer.Abbreviation); now stamps entries and the audit log.
func NewRegister(d *db.DB, agency string, now func() time.Time) *Register {
	return &Register{db: d, agency: agency, now: now}
}

// Next gives the next number of type typ in the year of issuedOn and records it
// with its summary, in one transaction that also writes the audit log.
func (r *Register) Next(ctx context.Context, typ string, issuedOn calendar.Date, summary string) (Number, error) {
	var n Number
	err := r.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = r.NextIn(ctx, tx, typ, issuedOn, summary)
		return err
	})
	if err != nil {
		return Number{}, err
	}
	return n, nil
}

// NextIn is Next inside tx, for a document that records its number in the same
// transaction. The counter row is incremented with an upsert: on PostgreSQL a
// concurrent caller, from this process or another, waits on the row lock and then
// sees the incremented value; SQLite has one writer. If the transaction fails, the
// increment is rolled back with it, so no number is skipped or handed out twice.
func (r *Register) NextIn(ctx context.Context, tx *sql.Tx, typ string, issuedOn calendar.Date, summary string) (Number, error) {
	kind := Kind(strings.TrimSpace(typ))
	if !kind.Valid() {
		return Number{}, fmt.Errorf("%w: %q", ErrUnknownType, typ)
	}
	summary = strings.TrimSpace(summary)
	switch {
	case issuedOn.IsZero():
		return Number{}, fmt.Errorf("%w: thiếu ngày ban hành", ErrInvalid)
	case summary == "":
		return Number{}, fmt.Errorf("%w: thiếu trích yếu văn bản", ErrInvalid)
	}
	n := Number{Type: kind, Year: issuedOn.Year, IssuedOn: issuedOn, Summary: summary}
	now := r.now().UTC()
	actor := audit.ActorFrom(ctx)
	var createdBy any
	if actor.ID != 0 {
		createdBy = actor.ID
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO document_counters (type, year, last_number) VALUES ($1, $2, 1)
		ON CONFLICT (type, year) DO UPDATE SET last_number = document_counters.last_number + 1
		RETURNING last_number`, string(kind), n.Year).Scan(&n.Seq)
	if err != nil {
		return Number{}, fmt.Errorf("docgen: allocate %s number for %d: %w", kind, n.Year, err)
	}
	n.Text = NumberText(n.Seq, kind, r.agency)
	err = tx.QueryRowContext(ctx, `INSERT INTO documents (type, year, number, number_text, issued_on, summary, created_by, created_by_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		string(kind), n.Year, n.Seq, n.Text, issuedOn.String(), summary, createdBy, actor.Name, now).Scan(&n.ID)
	if err != nil {
		return Number{}, fmt.Errorf("docgen: register %s: %w", n.Text, err)
	}
	if err := audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "document", EntityID: n.ID,
		Summary: "Cấp số văn bản " + n.Text + ": " + summary, After: n}); err != nil {
		return Number{}, err
	}
	return n, nil
}

// Taker gives a document its number inside the transaction that records the
// number on the document (a dialogue's minutes, an inspection's notice), so that a
// number is taken only when it is kept: two first downloads at once, from one
// process or two, take one number, not one each with the second left unused.
type Taker func(ctx context.Context, tx *sql.Tx) (string, error)

// Taking is the Taker of the next number of typ in the register.
func (r *Register) Taking(typ string, issuedOn calendar.Date, summary string) Taker {
	return func(ctx context.Context, tx *sql.Tx) (string, error) {
		n, err := r.NextIn(ctx, tx, typ, issuedOn, summary)
		return n.Text, err
	}
}

// Given is the Taker of a number given outside this register (a paper register
// kept before, a test).
func Given(text string) Taker {
	return func(context.Context, *sql.Tx) (string, error) { return text, nil }
}

// List returns the numbers given in year, by type and number.
func (r *Register) List(ctx context.Context, year int) ([]Number, error) {
	rows, err := r.db.Read().QueryContext(ctx, `SELECT id, type, year, number, number_text, issued_on, summary
		FROM documents WHERE year = $1 ORDER BY type, number`, year)
	if err != nil {
		return nil, fmt.Errorf("docgen: list register %d: %w", year, err)
	}
	defer rows.Close()
	var out []Number
	for rows.Next() {
		var n Number
		var typ, issued string
		if err := rows.Scan(&n.ID, &typ, &n.Year, &n.Seq, &n.Text, &issued, &n.Summary); err != nil {
			return nil, fmt.Errorf("docgen: list register %d: %w", year, err)
		}
		n.Type = Kind(typ)
		if n.IssuedOn, err = calendar.ParseDate(issued); err != nil {
			return nil, fmt.Errorf("docgen: list register %d: %w", year, err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Keep gives the document whose number is kept in column col of row id of table
// its number the first time, inside tx, and returns the number the row keeps and
// whether it was taken now. The row is locked first (an UPDATE that changes
// nothing), so that a second first request at once, from this process or another,
// waits and then finds the number kept; SQLite has one writer. table and col are the
// caller's constants, never user input.
func Keep(ctx context.Context, tx *sql.Tx, table, col string, id int64, take Taker) (string, bool, error) {
	if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+col+" = "+col+" WHERE id = $1", id); err != nil {
		return "", false, fmt.Errorf("docgen: lock %s %d: %w", table, id, err)
	}
	var kept string
	if err := tx.QueryRowContext(ctx, "SELECT "+col+" FROM "+table+" WHERE id = $1", id).Scan(&kept); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", false, db.ErrNotFound
		}
		return "", false, fmt.Errorf("docgen: read %s %d: %w", table, id, err)
	}
	if kept != "" {
		return kept, false, nil
	}
	number, err := take(ctx, tx)
	if err != nil {
		return "", false, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+col+" = $1 WHERE id = $2", number, id); err != nil {
		return "", false, fmt.Errorf("docgen: keep %s of %s %d: %w", number, table, id, err)
	}
	return number, true, nil
}
