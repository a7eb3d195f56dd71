package dossier

import (
	"context"
	"database/sql"
	"fmt"
)

// The table dossier_span (migration 0017) holds the longest span, in calendar days
// from received to finished, of any dossier: how long before a date a dossier still
// open at it may have been received, which bounds the scan of countOpen. Only the
// import writes dossiers, and it keeps the number exact in the same transaction, as
// it keeps dossier_daily.

// longestSpan is the number counted from the dossiers themselves.
const longestSpan = "SELECT COALESCE(MAX(span_days), 0) FROM dossiers"

// span is the calendar days from received to finished, for a finished dossier.
func (d *Dossier) span() (int, bool) {
	if !d.Finished() {
		return 0, false
	}
	return d.ReceivedOn.DaysUntil(d.FinishedOn), true
}

// spans is what an import changes in dossier_span.
type spans struct {
	longest int // the longest span of the dossiers written
	// shortened is the longest span, before, of a dossier an update shortened or
	// reopened: if it was the longest of all, the new longest is not known.
	shortened int
}

// note counts a dossier written: new (before nil) or updated.
func (s *spans) note(before, after *Dossier) {
	days, finished := after.span()
	if finished {
		s.longest = max(s.longest, days)
	}
	if before == nil {
		return
	}
	if was, ok := before.span(); ok && (!finished || days < was) {
		s.shortened = max(s.shortened, was)
	}
}

// apply brings dossier_span up to date. A longer span raises it. When an update
// shortened the dossier that had the longest, the longest is counted again from
// every dossier: that reads the whole table, but only when an export corrects that
// one dossier.
func (s spans) apply(ctx context.Context, tx *sql.Tx) error {
	var stored int
	if err := tx.QueryRowContext(ctx, "SELECT max_days FROM dossier_span").Scan(&stored); err != nil {
		return fmt.Errorf("dossier: longest span: %w", err)
	}
	var err error
	switch {
	case s.longest > stored:
		_, err = tx.ExecContext(ctx, "UPDATE dossier_span SET max_days = $1", s.longest)
	case s.shortened > 0 && s.shortened >= stored:
		_, err = tx.ExecContext(ctx, "UPDATE dossier_span SET max_days = ("+longestSpan+")")
	}
	if err != nil {
		return fmt.Errorf("dossier: longest span: %w", err)
	}
	return nil
}

// maxSpan reads the longest span.
func (s *Store) maxSpan(ctx context.Context) (int, error) {
	var days int
	if err := s.d.Read().QueryRowContext(ctx, "SELECT max_days FROM dossier_span").Scan(&days); err != nil {
		return 0, fmt.Errorf("dossier: longest span: %w", err)
	}
	return days, nil
}

// checkSpan describes how dossier_span differs from a recount; "" when it does not.
func (s *Store) checkSpan(ctx context.Context) (string, error) {
	stored, err := s.maxSpan(ctx)
	if err != nil {
		return "", err
	}
	var recount int
	if err := s.d.Read().QueryRowContext(ctx, longestSpan).Scan(&recount); err != nil {
		return "", fmt.Errorf("dossier: longest span: %w", err)
	}
	if stored != recount {
		return fmt.Sprintf("longest span: stored %d days, recount %d", stored, recount), nil
	}
	return "", nil
}
