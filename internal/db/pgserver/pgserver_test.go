package pgserver

import (
	"context"
	"database/sql"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func TestWithDatabase(t *testing.T) {
	for base, want := range map[string]string{
		"postgres://postgres@/postgres?host=/tmp/x&sslmode=disable": "postgres://postgres@/bench?host=/tmp/x&sslmode=disable",
		"postgres://u:p@db.example:5432/thidua":                     "postgres://u:p@db.example:5432/bench",
		"postgresql://u@localhost":                                  "postgresql://u@localhost/bench",
	} {
		if got := WithDatabase(base, "bench"); got != want {
			t.Errorf("WithDatabase(%q) = %q, want %q", base, got, want)
		}
	}
}

func TestStartAndStop(t *testing.T) {
	if _, err := FindBin(); err != nil {
		if os.Getenv("THIDUA_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required (THIDUA_REQUIRE_POSTGRES=1): %v", err)
		}
		t.Skipf("PostgreSQL unavailable, skipping: %v", err)
	}
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	c, err := sql.Open("pgx", s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var one int
	if err := c.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("query the new server: %v", err)
	}
	s.Stop()
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("directory %s left behind: %v", s.dir, err)
	}
	s.Stop() // a second Stop does nothing
}
