package db

import (
	"context"
	"sync"
)

// A page often shows one figure in several panels: the dashboard counts the period's
// dossiers for the one-stop panel and again for the league table, and the petition
// scores for the 766 panel and the league table. A request memo lets the capability
// that computes a figure compute it once per request and hand the same result to
// every panel, so that the panels cannot disagree either. It lives only as long as
// the request and only for reads (the web server gives one to GET requests), so
// nothing it holds can outlive a change: there is nothing to invalidate, in this
// process or another.

type memoKey struct{}

type memo struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
	err  error
}

// WithMemo returns ctx with a new, empty request memo.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{entries: map[string]*memoEntry{}})
}

// Memo returns what fn returned the first time this key was asked for under ctx's
// request memo, calling fn if it was not; without a memo it just calls fn. The key
// must name the function and every argument that changes its result. Callers share
// the value: they must not modify it (copy a slice before sorting it). An error is
// remembered too: the request fails the same way in every panel.
func Memo[T any](ctx context.Context, key string, fn func() (T, error)) (T, error) {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m == nil {
		return fn()
	}
	m.mu.Lock()
	e := m.entries[key]
	if e == nil {
		e = &memoEntry{}
		m.entries[key] = e
	}
	m.mu.Unlock()
	e.once.Do(func() { e.v, e.err = fn() })
	v, _ := e.v.(T)
	return v, e.err
}
