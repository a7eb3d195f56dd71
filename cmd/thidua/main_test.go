package main

import (
	"os"
	"testing"

	"github.com/thidua/thidua/internal/db/dbtest"
)

// TestMain stops the throwaway PostgreSQL server the tests may start.
func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
