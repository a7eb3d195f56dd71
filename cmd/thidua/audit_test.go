package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// thidua audit verify says the log is whole, then names the entry changed or
// deleted by hand in SQL, with exit code 1, on both databases.
func TestAuditVerifyCLI(t *testing.T) {
	for name, dsn := range map[string]func() string{
		"sqlite":   func() string { return filepath.Join(t.TempDir(), "thidua.db") },
		"postgres": func() string { return dbtest.PostgresURL(t) },
	} {
		t.Run(name, func(t *testing.T) {
			target := dsn()
			for _, u := range []string{"vanphong", "lanhdao", "khtc"} {
				var out, errOut strings.Builder
				e := &env{stdin: strings.NewReader("mat-khau-" + u + "\n"), stdout: &out, stderr: &errOut, now: func() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) }}
				if code := run(context.Background(), e, []string{"user", "add", "--username", u, "--role", "leader", "--db", target}); code != 0 {
					t.Fatalf("user add: %d %s", code, errOut.String())
				}
			}
			code, out, errOut := cli(t, "audit", "verify", "--db", target)
			if code != 0 || !strings.Contains(out, "toàn vẹn: 3 bản ghi") {
				t.Fatalf("untouched: %d %q %q", code, out, errOut)
			}
			head := out[strings.LastIndex(out, " ")+1 : len(out)-1]
			var out2 strings.Builder
			e := &env{stdin: strings.NewReader("mat-khau-hoidong\n"), stdout: &out2, stderr: &out2, now: time.Now}
			run(context.Background(), e, []string{"user", "add", "--username", "hoidong", "--role", "council", "--db", target})
			if code, out, errOut := cli(t, "audit", "verify", "--since", head, "--db", target); code != 0 || !strings.Contains(out, "bản ghi số 3") {
				t.Fatalf("verify --since the head of before: %d %q %q", code, out, errOut)
			}
			if code, _, errOut := cli(t, "audit", "verify", "--since", strings.Repeat("ab", 32), "--db", target); code != 1 || !strings.Contains(errOut, "viết lại") {
				t.Fatalf("verify --since a hash not in the chain: %d %q", code, errOut)
			}
			d, err := db.Open(context.Background(), target)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			var second int64
			d.Read().QueryRow("SELECT id FROM audit_log WHERE seq = 2").Scan(&second)
			d.Write().Exec("UPDATE audit_log SET summary = 'Tạo tài khoản khác' WHERE id = $1", second)
			code, _, errOut = cli(t, "audit", "verify", "--db", target)
			if code != 1 || !strings.Contains(errOut, "bản ghi mã "+strconv.FormatInt(second, 10)) || !strings.Contains(errOut, "số 2 trong chuỗi") || !strings.Contains(errOut, "bị sửa") {
				t.Fatalf("changed entry: %d %q", code, errOut)
			}
			d.Write().Exec("DELETE FROM audit_log WHERE id = $1", second)
			code, _, errOut = cli(t, "audit", "verify", "--db", target)
			if code != 1 || !strings.Contains(errOut, "số 3 trong chuỗi") || !strings.Contains(errOut, "đã bị xóa") {
				t.Fatalf("deleted entry: %d %q", code, errOut)
			}
		})
	}
}
