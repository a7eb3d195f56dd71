package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// Hook is work a capability attaches to a transaction and that must run in it as
// late as possible: right before Tx commits. The audit log appends its entries to
// its hash chain there, so the chain's head is locked only for the commit's instant.
type Hook interface {
	BeforeCommit(ctx context.Context, tx *sql.Tx) error
}

type hookSet struct {
	mu    sync.Mutex
	keys  []any
	hooks map[any]Hook
}

// txHooks holds the hooks of the transactions Tx has open.
var txHooks sync.Map // *sql.Tx → *hookSet

// TxHook returns the hook tx carries under key, making it with mk the first time.
// Tx runs the hooks in the order they were made. ok is false when tx was not begun
// by Tx, and then nothing will run the hook: the caller does its work at once.
func TxHook(tx *sql.Tx, key any, mk func() Hook) (h Hook, ok bool) {
	v, ok := txHooks.Load(tx)
	if !ok {
		return nil, false
	}
	hs := v.(*hookSet)
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if h, ok = hs.hooks[key]; !ok {
		h = mk()
		hs.hooks[key] = h
		hs.keys = append(hs.keys, key)
	}
	return h, true
}

func (hs *hookSet) run(ctx context.Context, tx *sql.Tx) error {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	for _, k := range hs.keys {
		if err := hs.hooks[k].BeforeCommit(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// MigrationStep is Go work a migration needs beyond SQL, such as computing hashes.
// A migration names it on a line "-- step: NAME"; it runs in the migration's
// transaction after the statements.
type MigrationStep func(ctx context.Context, tx *sql.Tx, d Dialect) error

var (
	stepsMu sync.Mutex
	steps   = map[string]MigrationStep{}
)

// RegisterMigrationStep makes a step known; the package that owns the data registers
// it when it is loaded.
func RegisterMigrationStep(name string, fn MigrationStep) {
	stepsMu.Lock()
	defer stepsMu.Unlock()
	steps[name] = fn
}

// runSteps runs the steps a migration's text names.
func runSteps(ctx context.Context, tx *sql.Tx, d Dialect, text string) error {
	for _, line := range strings.Split(text, "\n") {
		name, ok := strings.CutPrefix(strings.TrimSpace(line), "-- step: ")
		if !ok {
			continue
		}
		stepsMu.Lock()
		fn := steps[strings.TrimSpace(name)]
		stepsMu.Unlock()
		if fn == nil {
			return fmt.Errorf("step %q is not registered (the program must link the package that owns it)", name)
		}
		if err := fn(ctx, tx, d); err != nil {
			return fmt.Errorf("step %s: %w", name, err)
		}
	}
	return nil
}
