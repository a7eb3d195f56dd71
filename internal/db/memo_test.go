package db

import (
	"context"
	"errors"
	"testing"
)

// Under a request memo a key is computed once, errors included; without one every
// call computes.
func TestMemo(t *testing.T) {
	calls := 0
	count := func() (int, error) { calls++; return calls, nil }
	ctx := WithMemo(context.Background())
	a, _ := Memo(ctx, "count", count)
	b, _ := Memo(ctx, "count", count)
	c, _ := Memo(ctx, "other", count)
	if a != 1 || b != 1 || c != 2 {
		t.Errorf("with a memo: %d %d %d, want 1 1 2", a, b, c)
	}
	boom := errors.New("boom")
	fails := func() (int, error) { calls++; return 0, boom }
	Memo(ctx, "fails", fails)
	if _, err := Memo(ctx, "fails", fails); !errors.Is(err, boom) || calls != 3 {
		t.Errorf("a failure: %v after %d calls", err, calls)
	}
	d, _ := Memo(context.Background(), "count", count)
	e, _ := Memo(context.Background(), "count", count)
	if d != 4 || e != 5 {
		t.Errorf("without a memo: %d %d, want 4 5", d, e)
	}
}
