package main

import (
	"context"

	"github.com/thidua/thidua/internal/db"
)

type dbHandle = *db.DB

func loadDemo(ctx context.Context, e *env, d dbHandle) error { return nil }
