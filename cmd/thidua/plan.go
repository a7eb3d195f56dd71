package main

import "context"

func cmdPlan(ctx context.Context, e *env, args []string) error { return errNotYet }
