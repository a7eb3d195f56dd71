package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// Row is one audit entry as read back.
type Row struct {
	ID       int64
	At       time.Time
	ActorID  int64
	Actor    string
	Action   string
	Entity   string
	EntityID string
	Summary  string
	Before   string
	After    string
}

// Filter narrows the audit log; zero fields do not filter. From and To are
// inclusive instants.
type Filter struct {
	Entity   string
	EntityID string
	Actor    string
	Action   string
	From, To time.Time
}

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at <= ?", f.To.UTC())
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List returns a page of entries, newest first, and whether there are more. The
// log grows without bound, so it pages by looking one row ahead instead of counting.
func List(ctx context.Context, q db.Querier, f Filter, limit, offset int) ([]Row, bool, error) {
	where, args := f.where()
	args = append(args, limit+1, offset)
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT id, at, actor_id, actor, action, entity, entity_id, summary, before_json, after_json
		FROM audit_log%s ORDER BY at DESC, id DESC LIMIT $%d OFFSET $%d`, where, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, false, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var actorID sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&r.ID, &r.At, &actorID, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &r.Summary, &before, &after); err != nil {
			return nil, false, err
		}
		r.ActorID, r.Before, r.After = actorID.Int64, before.String, after.String
		out = append(out, r)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, rows.Err()
}

// Entities lists the kinds of record that appear in the log, for a filter menu.
func Entities(ctx context.Context, q db.Querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT DISTINCT entity FROM audit_log ORDER BY entity")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
