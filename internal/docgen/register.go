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
// with its summary, in one transaction that also writes the audit log. The counter
// row is incremented with an upsert: on PostgreSQL a concurrent caller waits on the
// row lock and then sees the incremented value; SQLite has one writer. If the
// transaction fails, the increment is rolled back with it, so no number is skipped
// or handed out twice.
func (r *Register) Next(ctx context.Context, typ string, issuedOn calendar.Date, summary string) (Number, error) {
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
	err := r.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO document_counters (type, year, last_number) VALUES ($1, $2, 1)
			ON CONFLICT (type, year) DO UPDATE SET last_number = document_counters.last_number + 1
			RETURNING last_number`, string(kind), n.Year).Scan(&n.Seq)
		if err != nil {
			return fmt.Errorf("docgen: allocate %s number for %d: %w", kind, n.Year, err)
		}
		n.Text = NumberText(n.Seq, kind, r.agency)
		err = tx.QueryRowContext(ctx, `INSERT INTO documents (type, year, number, number_text, issued_on, summary, created_by, created_by_name, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			string(kind), n.Year, n.Seq, n.Text, issuedOn.String(), summary, createdBy, actor.Name, now).Scan(&n.ID)
		if err != nil {
			return fmt.Errorf("docgen: register %s: %w", n.Text, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "document", EntityID: n.ID,
			Summary: "Cấp số văn bản " + n.Text + ": " + summary, After: n})
	})
	if err != nil {
		return Number{}, err
	}
	return n, nil
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
