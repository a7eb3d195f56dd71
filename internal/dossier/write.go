package dossier

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// lookupBatch codes go into one IN list when an import compares its rows with the
// stored dossiers, a query per batch of rows instead of per row.
const lookupBatch = 500

// storedColumns are the columns an import writes, in the order of values().
const storedColumns = `code, procedure_id, unit_id, channel, received_on, appointment_on, finished_on,
	supplement_count, supplement_requested_on, supplement_returned_on, reappointed_on, reappointments, apology, status,
	base_due_on, due_on, pause_days, days_used, span_days, result, violation, search, source, source_row, created_at, updated_at`

const nStored = 26

// values are the dossier's columns in the order of storedColumns.
func (d *Dossier) values() []any { return d.appendValues(nil, nil) }

// appendValues appends the dossier's columns in the order of storedColumns to dst.
// An import writes the same few thousand dates and the same time on every row: with
// a box, each is turned into text and boxed once per import instead of once per row.
func (d *Dossier) appendValues(dst []any, bx *boxes) []any {
	date, null := func(d calendar.Date) any { return dateText(d) }, nullDate
	if bx != nil {
		date, null = bx.date, bx.nullDate
	}
	var span, result any
	if d.Finished() {
		span = d.ReceivedOn.DaysUntil(d.FinishedOn)
	}
	if d.Result != "" {
		result = stateValue(d.Result)
	}
	var used any
	if d.DaysUsed != nil {
		used = *d.DaysUsed
	}
	created, updated := any(d.CreatedAt), any(d.UpdatedAt)
	if bx != nil {
		created, updated = bx.time(d.CreatedAt), bx.time(d.UpdatedAt)
	}
	return append(dst, d.Code, d.ProcedureID, d.UnitID, channelValue(d.Channel), date(d.ReceivedOn), null(d.AppointmentOn),
		null(d.FinishedOn), d.SupplementCount, null(d.SupplementRequestedOn), null(d.SupplementReturnedOn),
		null(d.ReappointedOn), d.Reappointments, d.Apology, d.Status, null(d.BaseDueOn), null(d.DueOn),
		d.PauseDays, used, span, result, d.Violation, searchKey(d.Code), d.Source, d.SourceRow, created, updated)
}

// The channels and results as boxed values, so that appending one allocates nothing.
var (
	channelValues = map[Channel]any{Direct: string(Direct), Postal: string(Postal), OnlineFull: string(OnlineFull), OnlinePartial: string(OnlinePartial)}
	stateValues   = map[State]any{Early: string(Early), OnTime: string(OnTime), Late: string(Late)}
)

func channelValue(c Channel) any {
	if v, ok := channelValues[c]; ok {
		return v
	}
	return string(c)
}

func stateValue(s State) any {
	if v, ok := stateValues[s]; ok {
		return v
	}
	return string(s)
}

// boxes are the dates and times of an import as the values the driver is given,
// each made once.
type boxes struct {
	dates map[calendar.Date]any
	at    time.Time
	atBox any
}

func (b *boxes) date(d calendar.Date) any {
	v, ok := b.dates[d]
	if !ok {
		if b.dates == nil {
			b.dates = map[calendar.Date]any{}
		}
		v = dateText(d)
		b.dates[d] = v
	}
	return v
}

func (b *boxes) nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return b.date(d)
}

func (b *boxes) time(t time.Time) any {
	if b.atBox == nil || !t.Equal(b.at) || t.Location() != b.at.Location() {
		b.at, b.atBox = t, t
	}
	return b.atBox
}

func nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return dateText(d)
}

// dateText is d.String() without fmt, which an import calls six times a row.
func dateText(d calendar.Date) string {
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(d.Year), 10)
	b = append(b, '-', byte('0'+d.Month/10), byte('0'+d.Month%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
	return string(b)
}

// insertSQL is the INSERT of n rows. anonymous writes its parameters as plain "?",
// which SQLite binds by position: a numbered one ($1) it binds by name, looking the
// name up in a list of every parameter of the statement, one search per value.
func insertSQL(n int, anonymous bool) string {
	var b strings.Builder
	b.WriteString("INSERT INTO dossiers (" + storedColumns + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if anonymous {
			b.WriteString("(?" + strings.Repeat(", ?", nStored-1) + ")")
		} else {
			b.WriteString("(" + placeholders(i*nStored+1, nStored) + ")")
		}
	}
	return b.String()
}

// updateSQL rewrites every stored column of one dossier but its code and created_at.
var updateSQL = func() string {
	var set []string
	for i, c := range strings.Fields(strings.ReplaceAll(storedColumns, ",", " "))[1:createdAtColumn] {
		set = append(set, fmt.Sprintf("%s = $%d", c, i+1))
	}
	return "UPDATE dossiers SET " + strings.Join(set, ", ") + fmt.Sprintf(", updated_at = $%d WHERE id = $%d", createdAtColumn, createdAtColumn+1)
}()

// createdAtColumn is the position of created_at in storedColumns, updated_at next.
const createdAtColumn = 24

// writer writes the new and changed dossiers of an import. The import has looked
// them up in the same transaction, so new ones are plain INSERTs: an INSERT … ON
// CONFLICT, like any statement that may stop half-way, makes SQLite keep a statement
// journal, which doubled the time of an import. The statements are prepared once per
// import, as parsing one costs more than running it.
type writer struct {
	tx             *sql.Tx
	rows           int  // rows per INSERT
	anonymous      bool // "?" parameters (SQLite)
	insert, update *sql.Stmt
	args           []any
	boxes          boxes
}

// rowsPerInsert is how many rows one INSERT carries. A statement costs PostgreSQL a
// round trip, so many rows go in each; SQLite runs in the process, where a statement
// of one row is cheapest: one of several rows may stop half-way, which makes SQLite
// keep a statement journal in a temporary file, and binds its parameters by name
// with a linear search each.
func rowsPerInsert(d db.Dialect) int {
	if d == db.Postgres {
		return 100
	}
	return 1
}

func (w *writer) prepare(ctx context.Context, stmt **sql.Stmt, query func() string) (*sql.Stmt, error) {
	if *stmt == nil {
		var err error
		if *stmt, err = w.tx.PrepareContext(ctx, query()); err != nil {
			return nil, fmt.Errorf("dossier: prepare: %w", err)
		}
	}
	return *stmt, nil
}

func (w *writer) create(ctx context.Context, ds []*Dossier) error {
	for batch := range slices.Chunk(ds, w.rows) {
		w.args = w.args[:0]
		for _, d := range batch {
			w.args = d.appendValues(w.args, &w.boxes)
		}
		var err error
		if len(batch) == w.rows {
			var stmt *sql.Stmt
			if stmt, err = w.prepare(ctx, &w.insert, func() string { return insertSQL(w.rows, w.anonymous) }); err == nil {
				_, err = stmt.ExecContext(ctx, w.args...)
			}
		} else {
			_, err = w.tx.ExecContext(ctx, insertSQL(len(batch), w.anonymous), w.args...)
		}
		if db.IsUniqueViolation(err) {
			return fmt.Errorf("dossier: write %s…: another import wrote the same dossiers at the same time: %w", batch[0].Code, err)
		}
		if err != nil {
			return fmt.Errorf("dossier: write %s…: %w", batch[0].Code, err)
		}
	}
	return nil
}

func (w *writer) rewrite(ctx context.Context, d *Dossier) error {
	stmt, err := w.prepare(ctx, &w.update, func() string { return updateSQL })
	if err != nil {
		return err
	}
	v := d.values()
	args := append(v[1:createdAtColumn:createdAtColumn], v[createdAtColumn+1], d.ID)
	if _, err := stmt.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("dossier: update %s: %w", d.Code, err)
	}
	return nil
}

func (w *writer) close() {
	for _, s := range []*sql.Stmt{w.insert, w.update} {
		if s != nil {
			s.Close()
		}
	}
}

// lookup finds which codes of a batch are stored, then reads those dossiers. Most
// rows of an export are new: the first query, prepared once per import, reads only
// the index of codes.
type lookup struct {
	q    db.Querier
	tx   *sql.Tx // prepares the statement; nil on a dry run
	full *sql.Stmt
}

func (l *lookup) existing(ctx context.Context, batch []candidate) (map[string]Dossier, error) {
	args := make([]any, len(batch))
	for i, c := range batch {
		args[i] = c.d.Code
	}
	query := "SELECT code FROM dossiers WHERE code IN (" + placeholders(1, len(args)) + ")"
	var rows *sql.Rows
	var err error
	switch {
	case l.tx != nil && len(batch) == lookupBatch:
		if l.full == nil {
			if l.full, err = l.tx.PrepareContext(ctx, query); err != nil {
				return nil, fmt.Errorf("dossier: prepare lookup: %w", err)
			}
		}
		rows, err = l.full.QueryContext(ctx, args...)
	default:
		rows, err = l.q.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("dossier: look up codes: %w", err)
	}
	var found []any
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			rows.Close()
			return nil, fmt.Errorf("dossier: look up codes: %w", err)
		}
		found = append(found, code)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(found) == 0 {
		return nil, err
	}
	return loadByCode(ctx, l.q, found)
}

func (l *lookup) close() {
	if l.full != nil {
		l.full.Close()
	}
}

// loadByCode reads the stored dossiers with the codes.
func loadByCode(ctx context.Context, q db.Querier, codes []any) (map[string]Dossier, error) {
	rows, err := q.QueryContext(ctx, selectDossier+" WHERE d.code IN ("+placeholders(1, len(codes))+")", codes...)
	if err != nil {
		return nil, fmt.Errorf("dossier: load by code: %w", err)
	}
	defer rows.Close()
	out := make(map[string]Dossier, len(codes))
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, fmt.Errorf("dossier: load by code: %w", err)
		}
		out[d.Code] = d
	}
	return out, rows.Err()
}

// sameContent reports whether an import would change nothing the users see: where
// the row came from and when it was written do not count.
func sameContent(a, b Dossier) bool {
	a.ID, a.CreatedAt, a.UpdatedAt, a.Source, a.SourceRow = b.ID, b.CreatedAt, b.UpdatedAt, b.Source, b.SourceRow
	a.ProcedureCode, a.ProcedureName, a.UnitCode, a.UnitName, a.StatutoryDays = b.ProcedureCode, b.ProcedureName, b.UnitCode, b.UnitName, b.StatutoryDays
	if (a.DaysUsed == nil) != (b.DaysUsed == nil) || a.DaysUsed != nil && *a.DaysUsed != *b.DaysUsed {
		return false
	}
	a.DaysUsed = b.DaysUsed
	return a == b
}

// placeholders returns "$from, $from+1, …" for n parameters.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}
