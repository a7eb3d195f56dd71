package main

import (
	"context"

	"github.com/thidua/thidua/internal/db"
)

func loadDemo(ctx context.Context, e *env, d *db.DB) error { return nil }
