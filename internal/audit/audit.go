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

// Record writes e inside tx, with the actor taken from ctx. The entry is inserted,
// in its place in the hash chain, right before tx commits (see chain.go); a query
// in tx after Record does not see it yet.
func Record(ctx context.Context, tx *sql.Tx, e Entry) error {
	a := ActorFrom(ctx)
	if e.At.IsZero() {
		e.At = time.Now()
	}
	// The hash covers the entry as stored and read back: the time to the
	// microsecond PostgreSQL keeps, NULL for no actor or no image.
	f := fields{At: e.At.UTC().Truncate(time.Microsecond), ActorID: sql.NullInt64{Int64: a.ID, Valid: a.ID != 0}, Actor: a.Name,
		Action: e.Action, Entity: e.Entity, EntityID: idString(e.EntityID), Summary: e.Summary}
	var err error
	if f.Before, err = encode(e.Before); err != nil {
		return err
	}
	if f.After, err = encode(e.After); err != nil {
		return err
	}
	return chain(ctx, tx, f)
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

func encode(v any) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("audit: encode: %w", err)
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}
