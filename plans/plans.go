// Package plans holds the movement plan files shipped with thidua. They are embedded
// so that a fresh installation starts with its movement already loaded; the format is
// described in docs/plan-format.md and read by internal/plan.
package plans

import "embed"

// Files holds every *.yaml plan file of this directory.
//
//go:embed *.yaml
var Files embed.FS
