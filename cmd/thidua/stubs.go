package main

import (
	"context"
	"errors"
)

// Placeholders replaced as each capability lands.
var errNotYet = errors.New("chưa có")

func cmdBench(ctx context.Context, e *env, args []string) error { return errNotYet }
