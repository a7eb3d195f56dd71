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
	if days, ok := d.span(); ok {
		span = days
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
		b.WriteString("(" + params(i*nStored+1, nStored, anonymous) + ")")
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
// them up, so new ones are plain INSERTs: an INSERT … ON CONFLICT would have to
// look each code up once more. The statements are prepared once per import, as
// parsing one costs more than running it.
type writer struct {
	tx             *sql.Tx
	rows           int  // rows per INSERT
	anonymous      bool // "?" parameters (SQLite)
	insert, update *sql.Stmt
	args           []any
}

// rowsPerInsert is how many rows one INSERT carries. A statement costs PostgreSQL a
// round trip, so many rows go in each. On SQLite a statement has its cost too (the
// table and each index opened and sought from the top, the call through
// database/sql), and one of several rows keeps a statement journal besides, a copy
// of the pages it changes, as it may stop half-way on a foreign key or a unique
// code. At 1,000,000 dossiers a whole batch a statement, journal included, took
// about a third less processor time than a row a statement. Its 13,000 parameters
// (within SQLite's 32,766) are "?", which SQLite binds by position: "$n" ones it
// binds by name, searching all of the statement's for each.
func rowsPerInsert(d db.Dialect) int {
	if d == db.Postgres {
		return 100
	}
	return lookupBatch
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

// create inserts the new rows of the batch with the values the reader made for them.
func (w *writer) create(ctx context.Context, b *batch) error {
	for chunk := range slices.Chunk(b.created, w.rows) {
		w.args = w.args[:0]
		for _, i := range chunk {
			w.args = append(w.args, b.values(i)...)
		}
		var err error
		if len(chunk) == w.rows {
			var stmt *sql.Stmt
			if stmt, err = w.prepare(ctx, &w.insert, func() string { return insertSQL(w.rows, w.anonymous) }); err == nil {
				_, err = stmt.ExecContext(ctx, w.args...)
			}
		} else {
			_, err = w.tx.ExecContext(ctx, insertSQL(len(chunk), w.anonymous), w.args...)
		}
		code := b.rows[chunk[0]].d.Code
		if db.IsUniqueViolation(err) {
			return fmt.Errorf("dossier: write %s…: another import wrote the same dossiers at the same time: %w", code, err)
		}
		if err != nil {
			return fmt.Errorf("dossier: write %s…: %w", code, err)
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
	q         *sql.Conn
	anonymous bool // "?" parameters (SQLite)
	full      *sql.Stmt
	codes     []any
}

func (l *lookup) existing(ctx context.Context, b *batch) (map[string]Dossier, error) {
	l.codes = l.codes[:0]
	for i := range b.rows {
		l.codes = append(l.codes, b.values(i)[0])
	}
	query := "SELECT code FROM dossiers WHERE code IN (" + params(1, len(l.codes), l.anonymous) + ")"
	var rows *sql.Rows
	var err error
	if len(l.codes) == lookupBatch {
		if l.full == nil {
			if l.full, err = l.q.PrepareContext(ctx, query); err != nil {
				return nil, fmt.Errorf("dossier: prepare lookup: %w", err)
			}
		}
		rows, err = l.full.QueryContext(ctx, l.codes...)
	} else {
		rows, err = l.q.QueryContext(ctx, query, l.codes...)
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
	return l.load(ctx, found)
}

func (l *lookup) close() {
	if l.full != nil {
		l.full.Close()
	}
}

// load reads the stored dossiers with the codes.
func (l *lookup) load(ctx context.Context, codes []any) (map[string]Dossier, error) {
	rows, err := l.q.QueryContext(ctx, selectDossier+" WHERE d.code IN ("+params(1, len(codes), l.anonymous)+")", codes...)
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

// params returns the n parameters of a statement from the from-th on: "$from,
// $from+1, …", or with anonymous (SQLite) as many "?". SQLite binds a "?" by its
// position; a "$n" it binds by name, searching the list of every parameter of the
// statement for each value, which made the lookup of 500 codes and the daily upsert
// of 550 values cost more than running them.
func params(from, n int, anonymous bool) string {
	if anonymous {
		return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
	}
	return db.Placeholders(from, n)
}
