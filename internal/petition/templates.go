package petition

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// Template is an answer a unit often gives, to start an answer from.
type Template struct {
	ID        int64     `json:"id"`
	UnitID    int64     `json:"unit_id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

const maxTitle = 200

var errOtherUnit = forbiddenError{"Bạn chỉ quản lý được mẫu trả lời của đơn vị mình"}

const selectTemplate = "SELECT id, unit_id, title, body, created_at, updated_at FROM petition_templates"

func scanTemplate(row scanner) (Template, error) {
	var t Template
	err := row.Scan(&t.ID, &t.UnitID, &t.Title, &t.Body, &t.CreatedAt, &t.UpdatedAt)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

// Templates lists a unit's answer templates by title.
func (s *Store) Templates(ctx context.Context, sc auth.Scope, unitID int64) ([]Template, error) {
	if !sc.SeesUnit(unitID) {
		return nil, errOtherUnit
	}
	rows, err := s.d.Read().QueryContext(ctx, selectTemplate+" WHERE unit_id = $1 ORDER BY title, id", unitID)
	if err != nil {
		return nil, fmt.Errorf("petition: templates: %w", err)
	}
	defer rows.Close()
	var out []Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("petition: templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Template returns one answer template of a unit in sc.
func (s *Store) Template(ctx context.Context, sc auth.Scope, id int64) (Template, error) {
	return getTemplate(ctx, s.d.Read(), sc, id)
}

func getTemplate(ctx context.Context, q db.Querier, sc auth.Scope, id int64) (Template, error) {
	t, err := scanTemplate(q.QueryRowContext(ctx, selectTemplate+" WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) || err == nil && !sc.SeesUnit(t.UnitID) {
		return Template{}, notFoundError{"Không có mẫu trả lời số " + strconv.FormatInt(id, 10)}
	}
	if err != nil {
		return Template{}, fmt.Errorf("petition: template %d: %w", id, err)
	}
	return t, nil
}

func (t *Template) check() []issue {
	t.Title, t.Body = clean(t.Title), tidyText(t.Body)
	var out []issue
	add := func(field, format string, args ...any) {
		out = append(out, issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	checkText(add, "title", t.Title, maxTitle, true)
	checkText(add, "body", t.Body, maxContent, true)
	return out
}

// titleFree turns a title the unit already uses into a message on the field.
func titleFree(ctx context.Context, tx *sql.Tx, t Template) ([]issue, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM petition_templates WHERE unit_id = $1 AND title = $2 AND id <> $3",
		t.UnitID, t.Title, t.ID).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("petition: template title: %w", err)
	}
	return []issue{{Field: "title", Detail: fmt.Sprintf("đơn vị đã có mẫu “%s”", t.Title)}}, nil
}

// CreateTemplate adds an answer template to a unit in sc.
func (s *Store) CreateTemplate(ctx context.Context, sc auth.Scope, t Template) (Template, error) {
	if !sc.SeesUnit(t.UnitID) {
		return Template{}, errOtherUnit
	}
	t.ID = 0
	issues := t.check()
	t.CreatedAt, t.UpdatedAt = s.stamp(), s.stamp()
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		is, err := titleFree(ctx, tx, t)
		if err != nil {
			return err
		}
		if err := fieldErrors(append(issues, is...)); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO petition_templates (unit_id, title, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, t.UnitID, t.Title, t.Body, t.CreatedAt, t.UpdatedAt).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("petition: create template: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: t.CreatedAt, Action: "create", Entity: "petition_template", EntityID: t.ID,
			Summary: "Thêm mẫu trả lời “" + t.Title + "”", After: t})
	})
	if err != nil {
		return Template{}, err
	}
	return t, nil
}

// UpdateTemplate changes the title and body of template t.ID, within its unit.
func (s *Store) UpdateTemplate(ctx context.Context, sc auth.Scope, t Template) (Template, error) {
	issues := t.check()
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getTemplate(ctx, tx, sc, t.ID)
		if err != nil {
			return err
		}
		t.UnitID, t.CreatedAt, t.UpdatedAt = before.UnitID, before.CreatedAt, s.stamp()
		is, err := titleFree(ctx, tx, t)
		if err != nil {
			return err
		}
		if err := fieldErrors(append(issues, is...)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE petition_templates SET title = $1, body = $2, updated_at = $3 WHERE id = $4",
			t.Title, t.Body, t.UpdatedAt, t.ID); err != nil {
			return fmt.Errorf("petition: update template: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: t.UpdatedAt, Action: "update", Entity: "petition_template", EntityID: t.ID,
			Summary: "Sửa mẫu trả lời “" + t.Title + "”", Before: before, After: t})
	})
	if err != nil {
		return Template{}, err
	}
	return t, nil
}

// DeleteTemplate removes a template of a unit in sc.
func (s *Store) DeleteTemplate(ctx context.Context, sc auth.Scope, id int64) error {
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getTemplate(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM petition_templates WHERE id = $1", id); err != nil {
			return fmt.Errorf("petition: delete template: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.stamp(), Action: "delete", Entity: "petition_template", EntityID: id,
			Summary: "Xóa mẫu trả lời “" + before.Title + "”", Before: before})
	})
}
