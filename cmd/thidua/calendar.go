package main

import "context"

func cmdCalendar(ctx context.Context, e *env, args []string) error { return errNotYet }
