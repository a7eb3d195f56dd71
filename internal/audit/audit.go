// Package audit writes and reads the audit log: who changed what, when, with the
// record before and after. Writers call Record inside the transaction that makes the
// change, so a change and its log entry are committed or lost together.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Actor is who acts: a signed-in user, or a command-line operator (ID 0).
type Actor struct {
	ID   int64
	Name string
}

type actorKey struct{}

// WithActor returns a context that carries who is acting.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, or the command-line system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Name: "hệ thống"}
}

// Entry is one audit record. Before and After are any JSON-encodable values; nil
// means the record did not exist before (create) or after (delete).
type Entry struct {
	At       time.Time
	Action   string // create, update, deactivate, state, login, import, …
	Entity   string // table-like name: unit, enterprise, user, …
	EntityID any
	Summary  string
	Before   any
	After    any
}

// Record writes e inside tx, with the actor taken from ctx. The entry joins the
// hash chain when tx commits (see chain.go).
func Record(ctx context.Context, tx *sql.Tx, e Entry) error {
	a := ActorFrom(ctx)
	if e.At.IsZero() {
		e.At = time.Now()
	}
	before, err := encode(e.Before)
	if err != nil {
		return err
	}
	after, err := encode(e.After)
	if err != nil {
		return err
	}
	var actorID any
	if a.ID != 0 {
		actorID = a.ID
	}
	// Microseconds are what PostgreSQL keeps; the hash covers the time as stored.
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, summary, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.At.UTC().Truncate(time.Microsecond), actorID, a.Name, e.Action, e.Entity, idString(e.EntityID), e.Summary, before, after).Scan(&id)
	if err != nil {
		return fmt.Errorf("audit: record: %w", err)
	}
	return chain(ctx, tx, id)
}

func idString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	default:
		return fmt.Sprint(x)
	}
}

func encode(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: encode: %w", err)
	}
	return string(b), nil
}
