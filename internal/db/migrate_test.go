package db

import (
	"strings"
	"testing"
)

func TestOnlyFor(t *testing.T) {
	text := "CREATE INDEX a ON t (x);\n-- only postgres\nALTER TABLE t SET (parallel_workers = 0);\n-- end only\nDROP INDEX b;"
	pg, err := onlyFor(text, Postgres)
	if err != nil || len(splitStatements(pg)) != 3 || !strings.Contains(pg, "parallel_workers") {
		t.Fatalf("postgres: %v %q", err, splitStatements(pg))
	}
	lite, err := onlyFor(text, SQLite)
	if err != nil || len(splitStatements(lite)) != 2 || strings.Contains(lite, "parallel_workers") {
		t.Fatalf("sqlite: %v %q", err, splitStatements(lite))
	}
	for _, bad := range []string{
		"-- only postgress\nSELECT 1;\n-- end only",
		"-- only postgres\nSELECT 1;",
		"SELECT 1;\n-- end only",
		"-- only postgres\n-- only sqlite\n-- end only",
	} {
		if _, err := onlyFor(bad, SQLite); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
