// Package cluster holds no code of its own: its tests build the thidua binary and run
// it as real processes, to show what holds when several `thidua serve` share one
// PostgreSQL (sessions, files, jobs, the document register, figures) and what a
// user sees when a process is killed, the database restarts or the disk is full.
// docs/reliability.md describes the guarantees these tests check.
package cluster
