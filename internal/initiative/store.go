package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
)

// Store keeps initiatives, their council sessions and scores.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

// Who may do what. The route table lets every signed-in account reach the pages;
// these decide per initiative, so a tampered id cannot reach another unit's record.
func isOffice(u *auth.User) bool { return u != nil && u.Role == auth.RoleOffice }

// CanPropose reports whether u may create initiatives: the office (for any unit or
// enterprise), a unit's staff and managers (for their unit), an enterprise (for itself).
func CanPropose(u *auth.User) bool {
	switch {
	case u == nil:
		return false
	case u.Role == auth.RoleOffice:
		return true
	case u.Role.NeedsUnit():
		return u.UnitID != 0
	case u.Role == auth.RoleEnterprise:
		return u.EnterpriseID != 0
	}
	return false
}

// Sees reports whether u may read it: department-wide roles read every initiative,
// a unit its own, an enterprise its own.
func Sees(u *auth.User, it *Initiative) bool {
	sc := auth.ScopeOf(u)
	return sc.All || (sc.UnitID != 0 && sc.UnitID == it.UnitID) || (sc.EnterpriseID != 0 && sc.EnterpriseID == it.EnterpriseID)
}

// Owns reports whether u may edit and submit it as its proposer (or the office).
func Owns(u *auth.User, it *Initiative) bool {
	return isOffice(u) || (CanPropose(u) && !auth.ScopeOf(u).All && Sees(u, it))
}

const columns = `i.id, i.title, i.state, COALESCE(i.unit_id, 0), COALESCE(i.enterprise_id, 0), COALESCE(un.name, en.name, ''), i.field,
	i.first_applied_on, i.description, i.conditions, i.expected_dong, i.expected_social, i.measured_dong, i.measured_social,
	i.return_reason, COALESCE(i.session_id, 0), i.votes_for, i.votes_against, i.level, COALESCE(i.decided_on, ''),
	COALESCE(i.applied_from, ''), COALESCE(i.effective_on, ''), i.evidence_note, i.stage_on, i.created_at, i.updated_at`

const from = ` FROM initiatives i LEFT JOIN units un ON un.id = i.unit_id LEFT JOIN enterprises en ON en.id = i.enterprise_id`

func scan(row interface{ Scan(...any) error }, extra ...any) (*Initiative, error) {
	var it Initiative
	var first, decided, appliedFrom, effective, stage string
	var measured sql.NullInt64
	var votesFor, votesAgainst sql.NullInt64
	dest := append([]any{&it.ID, &it.Title, &it.State, &it.UnitID, &it.EnterpriseID, &it.Proposer, &it.Field,
		&first, &it.Description, &it.Conditions, &it.ExpectedDong, &it.ExpectedSocial, &measured, &it.MeasuredSocial,
		&it.ReturnReason, &it.SessionID, &votesFor, &votesAgainst, &it.Level, &decided,
		&appliedFrom, &effective, &it.EvidenceNote, &stage, &it.CreatedAt, &it.UpdatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	it.FirstAppliedOn, _ = calendar.ParseDate(first)
	it.StageOn, _ = calendar.ParseDate(stage)
	for _, d := range []struct {
		text string
		to   *calendar.Date
	}{{decided, &it.DecidedOn}, {appliedFrom, &it.AppliedFrom}, {effective, &it.EffectiveOn}} {
		if d.text != "" {
			*d.to, _ = calendar.ParseDate(d.text)
		}
	}
	if measured.Valid {
		it.MeasuredDong = &measured.Int64
	}
	if votesFor.Valid && votesAgainst.Valid {
		f, a := int(votesFor.Int64), int(votesAgainst.Int64)
		it.VotesFor, it.VotesAgainst = &f, &a
	}
	it.CreatedAt, it.UpdatedAt = it.CreatedAt.UTC(), it.UpdatedAt.UTC()
	return &it, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullDong(v *int64) any {
	if v == nil {
		return nil
	}
	return *v
}

func searchText(it *Initiative) string {
	text := it.Title + " " + it.Proposer
	for _, a := range it.Authors {
		text += " " + a.Name
	}
	return textnorm.Fold(text)
}

// Create records a new initiative as a draft of the user's unit or enterprise (the
// office names either).
func (s *Store) Create(ctx context.Context, u *auth.User, in Input) (*Initiative, error) {
	if !CanPropose(u) {
		return nil, ErrForbidden
	}
	it, errs := in.parse(s.today())
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := resolve(ctx, tx, u, in, &it, errs); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		it.State, it.StageOn, it.CreatedAt, it.UpdatedAt = Draft, calendar.DateOf(now), now, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO initiatives (title, state, unit_id, enterprise_id, field, first_applied_on,
			description, conditions, expected_dong, expected_social, measured_dong, measured_social, stage_on, search, created_by,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
			it.Title, Draft, nullID(it.UnitID), nullID(it.EnterpriseID), it.Field, it.FirstAppliedOn.String(), it.Description, it.Conditions,
			it.ExpectedDong, it.ExpectedSocial, nullDong(it.MeasuredDong), it.MeasuredSocial, it.StageOn.String(), searchText(&it),
			nullID(u.ID), now).Scan(&it.ID); err != nil {
			return fmt.Errorf("initiative: create: %w", err)
		}
		if err := writeAuthors(ctx, tx, it.ID, it.Authors); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, it.ID, now, "", Draft, "Tạo bản nháp"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "initiative", EntityID: it.ID,
			Summary: "Tạo sáng kiến “" + it.Title + "”", After: it})
	})
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// Update changes an initiative its proposer (or the office) may still edit: a draft,
// or one returned for completion.
func (s *Store) Update(ctx context.Context, u *auth.User, id int64, in Input) (*Initiative, error) {
	it, errs := in.parse(s.today())
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getFor(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if !Owns(u, before) {
			return ErrForbidden
		}
		if !before.State.Editable() {
			return notInState(before, "sửa nội dung")
		}
		if !isOffice(u) {
			// The proposer stays who it was; only the office may move it.
			in.UnitID, in.EnterpriseTaxCode = "", ""
		} else if in.UnitID == "" && in.EnterpriseTaxCode == "" {
			it.UnitID, it.EnterpriseID = before.UnitID, before.EnterpriseID
		}
		if err := resolve(ctx, tx, u, in, &it, errs); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE initiatives SET title = $1, unit_id = $2, enterprise_id = $3, field = $4,
			first_applied_on = $5, description = $6, conditions = $7, expected_dong = $8, expected_social = $9, measured_dong = $10,
			measured_social = $11, search = $12, updated_at = $13 WHERE id = $14`,
			it.Title, nullID(it.UnitID), nullID(it.EnterpriseID), it.Field, it.FirstAppliedOn.String(), it.Description, it.Conditions,
			it.ExpectedDong, it.ExpectedSocial, nullDong(it.MeasuredDong), it.MeasuredSocial, searchText(&it), now, id); err != nil {
			return fmt.Errorf("initiative: update: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM initiative_authors WHERE initiative_id = $1", id); err != nil {
			return err
		}
		if err := writeAuthors(ctx, tx, id, it.Authors); err != nil {
			return err
		}
		it.ID, it.State, it.StageOn, it.CreatedAt, it.UpdatedAt = id, before.State, before.StageOn, before.CreatedAt, now
		it.ReturnReason = before.ReturnReason
		if err := addEvent(ctx, tx, id, now, before.State, before.State, "Sửa nội dung"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "initiative", EntityID: id,
			Summary: "Sửa sáng kiến “" + it.Title + "”", Before: before, After: it})
	})
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// Get returns an initiative u may see, with its authors and applying units.
func (s *Store) Get(ctx context.Context, u *auth.User, id int64) (*Initiative, error) {
	return getFor(ctx, s.db.Read(), u, id)
}

func getFor(ctx context.Context, q db.Querier, u *auth.User, id int64) (*Initiative, error) {
	it, err := get(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !Sees(u, it) {
		return nil, ErrNotFound
	}
	return it, nil
}

func get(ctx context.Context, q db.Querier, id int64) (*Initiative, error) {
	it, err := scan(q.QueryRowContext(ctx, "SELECT "+columns+from+" WHERE i.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("initiative: get %d: %w", id, err)
	}
	byID := map[int64]*Initiative{id: it}
	if err := loadAuthors(ctx, q, byID); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT COALESCE(unit_id, 0), name FROM initiative_applications WHERE initiative_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("initiative: applications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Application
		if err := rows.Scan(&a.UnitID, &a.Name); err != nil {
			return nil, err
		}
		it.Applications = append(it.Applications, a)
	}
	return it, rows.Err()
}
