package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/validate"
)

// resolve fills what the form's choices refer to: the proposing unit or enterprise
// (the user's own unless the office names one) and the staff authors' names and
// units. Problems go into errs; the error returned is the database's.
func resolve(ctx context.Context, q db.Querier, u *auth.User, in Input, it *Initiative, errs validate.Errors) error {
	switch {
	case u.Role == auth.RoleEnterprise:
		it.UnitID, it.EnterpriseID = 0, u.EnterpriseID
	case u.Role.NeedsUnit():
		it.UnitID, it.EnterpriseID = u.UnitID, 0
	case isOffice(u):
		unit, tax := strings.TrimSpace(in.UnitID), strings.TrimSpace(in.EnterpriseTaxCode)
		switch {
		case unit != "" && tax != "":
			errs.Add("proposer", "Chọn đơn vị đề nghị hoặc nhập mã số thuế doanh nghiệp, không chọn cả hai")
		case unit != "":
			id, err := strconv.ParseInt(unit, 10, 64)
			if err != nil {
				errs.Add("proposer", "Đơn vị đề nghị không hợp lệ")
				break
			}
			it.UnitID, it.EnterpriseID = id, 0
		case tax != "":
			var id int64
			err := q.QueryRowContext(ctx, "SELECT id FROM enterprises WHERE tax_code = $1", tax).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				errs.Add("proposer", fmt.Sprintf("Không có doanh nghiệp mã số thuế %s", tax))
				break
			} else if err != nil {
				return err
			}
			it.UnitID, it.EnterpriseID = 0, id
		case it.UnitID == 0 && it.EnterpriseID == 0:
			errs.Add("proposer", "Chọn đơn vị đề nghị hoặc nhập mã số thuế doanh nghiệp đề nghị công nhận sáng kiến")
		}
	}
	if it.UnitID != 0 {
		err := q.QueryRowContext(ctx, "SELECT name FROM units WHERE id = $1", it.UnitID).Scan(&it.Proposer)
		if errors.Is(err, sql.ErrNoRows) {
			errs.Add("proposer", "Không có đơn vị số "+strconv.FormatInt(it.UnitID, 10))
		} else if err != nil {
			return err
		}
	} else if it.EnterpriseID != 0 {
		if err := q.QueryRowContext(ctx, "SELECT name FROM enterprises WHERE id = $1", it.EnterpriseID).Scan(&it.Proposer); err != nil {
			return fmt.Errorf("initiative: enterprise %d: %w", it.EnterpriseID, err)
		}
	}
	return resolveStaff(ctx, q, it, errs)
}

// resolveStaff names the staff authors from the staff list, in one query.
func resolveStaff(ctx context.Context, q db.Querier, it *Initiative, errs validate.Errors) error {
	var ids []any
	var marks []string
	for _, a := range it.Authors {
		if a.StaffID != 0 {
			ids = append(ids, a.StaffID)
			marks = append(marks, "$"+strconv.Itoa(len(ids)))
		}
	}
	if len(ids) > 0 {
		type person struct{ name, unit string }
		found := map[int64]person{}
		rows, err := q.QueryContext(ctx, `SELECT s.id, s.full_name, u.name FROM staff s JOIN units u ON u.id = s.unit_id
			WHERE s.id IN (`+strings.Join(marks, ", ")+`)`, ids...)
		if err != nil {
			return fmt.Errorf("initiative: authors: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var p person
			if err := rows.Scan(&id, &p.name, &p.unit); err != nil {
				return err
			}
			found[id] = p
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range it.Authors {
			a := &it.Authors[i]
			if a.StaffID == 0 {
				continue
			}
			p, ok := found[a.StaffID]
			if !ok {
				errs.Add("authors", fmt.Sprintf("Tác giả thứ %d: không có cán bộ số %d trong danh sách cán bộ", i+1, a.StaffID))
				continue
			}
			a.Name, a.Organisation = p.name, p.unit
		}
	}
	// A person outside named without a workplace works for the proposing enterprise.
	for i := range it.Authors {
		if a := &it.Authors[i]; a.StaffID == 0 && a.Organisation == "" && it.EnterpriseID != 0 {
			a.Organisation = it.Proposer
		}
	}
	return nil
}

func writeAuthors(ctx context.Context, tx *sql.Tx, id int64, authors []Author) error {
	for i, a := range authors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_authors (initiative_id, position, staff_id, name, organisation, share)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, i+1, nullID(a.StaffID), a.Name, a.Organisation, a.Share); err != nil {
			return fmt.Errorf("initiative: authors: %w", err)
		}
	}
	return nil
}

// loadAuthors fills the authors of every initiative of byID with one query.
func loadAuthors(ctx context.Context, q db.Querier, byID map[int64]*Initiative) error {
	if len(byID) == 0 {
		return nil
	}
	args := make([]any, 0, len(byID))
	marks := make([]string, 0, len(byID))
	for id := range byID {
		args = append(args, id)
		marks = append(marks, "$"+strconv.Itoa(len(args)))
	}
	rows, err := q.QueryContext(ctx, `SELECT initiative_id, COALESCE(staff_id, 0), name, organisation, share FROM initiative_authors
		WHERE initiative_id IN (`+strings.Join(marks, ", ")+`) ORDER BY initiative_id, position`, args...)
	if err != nil {
		return fmt.Errorf("initiative: authors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a Author
		if err := rows.Scan(&id, &a.StaffID, &a.Name, &a.Organisation, &a.Share); err != nil {
			return err
		}
		byID[id].Authors = append(byID[id].Authors, a)
	}
	return rows.Err()
}

// Event is one line of an initiative's history.
type Event struct {
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	From  State     `json:"from"`
	To    State     `json:"to"`
	Note  string    `json:"note"`
}

func addEvent(ctx context.Context, tx *sql.Tx, id int64, at time.Time, from, to State, note string) error {
	a := audit.ActorFrom(ctx)
	if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_events (initiative_id, at, actor_id, actor, from_state, to_state, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, at, nullID(a.ID), a.Name, from, to, note); err != nil {
		return fmt.Errorf("initiative: history: %w", err)
	}
	return nil
}

// History lists what happened to an initiative u may see, oldest first.
func (s *Store) History(ctx context.Context, u *auth.User, id int64) ([]Event, error) {
	if _, err := getFor(ctx, s.db.Read(), u, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT at, actor, from_state, to_state, note FROM initiative_events
		WHERE initiative_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("initiative: history: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.Actor, &e.From, &e.To, &e.Note); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
