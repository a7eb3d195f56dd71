package enterprise

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/db"
)

// Rows per multi-row INSERT: a round trip per batch instead of per row is what
// makes an import of 100,000 enterprises take seconds on PostgreSQL. The batches
// stay small because SQLite looks up each numbered parameter ($n) by a linear scan,
// so a statement's cost grows with the square of its parameters.
const (
	insertBatch = 25
	sectorBatch = 50
)

const insertColumns = `INSERT INTO enterprises (tax_code, name, ownership, address, representative, employees, email,
	active, search, sort_name, created_at, updated_at) VALUES `

// insertAll inserts the enterprises with their sectors and sets their IDs.
func insertAll(ctx context.Context, tx *sql.Tx, es []*Enterprise) error {
	for batch := range slices.Chunk(es, insertBatch) {
		var q strings.Builder
		q.WriteString(insertColumns)
		args := make([]any, 0, 12*len(batch))
		for i, e := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + db.Placeholders(len(args)+1, 12) + ")")
			args = append(args, e.TaxCode, e.Name, string(e.Ownership), e.Address, e.Representative, e.Employees, e.Email,
				e.Active, e.search(), sortKey(e.Name), e.CreatedAt, e.UpdatedAt)
		}
		q.WriteString(" RETURNING id, tax_code")
		ids, err := insertedIDs(ctx, tx, q.String(), args)
		if db.IsUniqueViolation(err) {
			return FieldErrors{"tax_code": FieldLabels["tax_code"] + ": đã có doanh nghiệp khác mang mã số thuế này"}
		}
		if err != nil {
			return fmt.Errorf("enterprise: insert: %w", err)
		}
		for _, e := range batch {
			e.ID = ids[e.TaxCode]
		}
	}
	var pairs []any
	for _, e := range es {
		for _, s := range e.Sectors {
			pairs = append(pairs, e.ID, string(s))
		}
	}
	for batch := range slices.Chunk(pairs, 2*sectorBatch) {
		marks := make([]string, len(batch)/2)
		for i := range marks {
			marks[i] = fmt.Sprintf("($%d, $%d)", 2*i+1, 2*i+2)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO enterprise_sectors (enterprise_id, sector) VALUES "+
			strings.Join(marks, ", "), batch...); err != nil {
			return fmt.Errorf("enterprise: insert sectors: %w", err)
		}
	}
	return nil
}

// insertedIDs runs a multi-row INSERT … RETURNING id, tax_code. Neither database
// promises the order of returned rows, hence the map.
func insertedIDs(ctx context.Context, tx *sql.Tx, query string, args []any) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		ids[code] = id
	}
	return ids, rows.Err()
}

// updater holds the statements that update enterprises, prepared once per
// transaction since an import runs them once per changed row.
type updater struct {
	upd, clearSectors, addSector *sql.Stmt
}

func prepareUpdater(ctx context.Context, tx *sql.Tx) (*updater, error) {
	u := &updater{}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&u.upd, `UPDATE enterprises SET tax_code = $1, name = $2, ownership = $3, address = $4, representative = $5,
			employees = $6, email = $7, search = $8, sort_name = $9, updated_at = $10 WHERE id = $11`},
		{&u.clearSectors, "DELETE FROM enterprise_sectors WHERE enterprise_id = $1"},
		{&u.addSector, "INSERT INTO enterprise_sectors (enterprise_id, sector) VALUES ($1, $2)"},
	} {
		stmt, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			u.close()
			return nil, fmt.Errorf("enterprise: prepare: %w", err)
		}
		*p.stmt = stmt
	}
	return u, nil
}

func (u *updater) close() {
	for _, s := range []*sql.Stmt{u.upd, u.clearSectors, u.addSector} {
		if s != nil {
			s.Close()
		}
	}
}

// update writes e over before, touching the sectors only when they changed.
func (u *updater) update(ctx context.Context, e *Enterprise, before Enterprise) error {
	_, err := u.upd.ExecContext(ctx, e.TaxCode, e.Name, string(e.Ownership), e.Address, e.Representative,
		e.Employees, e.Email, e.search(), sortKey(e.Name), e.UpdatedAt, e.ID)
	if db.IsUniqueViolation(err) {
		return FieldErrors{"tax_code": fmt.Sprintf("%s: %s đã có", FieldLabels["tax_code"], e.TaxCode)}
	}
	if err != nil {
		return fmt.Errorf("enterprise: update %d: %w", e.ID, err)
	}
	if slices.Equal(e.Sectors, before.Sectors) {
		return nil
	}
	if _, err := u.clearSectors.ExecContext(ctx, e.ID); err != nil {
		return fmt.Errorf("enterprise: clear sectors of %d: %w", e.ID, err)
	}
	for _, s := range e.Sectors {
		if _, err := u.addSector.ExecContext(ctx, e.ID, string(s)); err != nil {
			return fmt.Errorf("enterprise: add sector %s to %d: %w", s, e.ID, err)
		}
	}
	return nil
}
