package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// The operator's drill from the command line: an account made, a backup taken,
// restored into a new database where the account is; restoring over it again needs
// --force and keeps a safety copy.
func TestBackupRestoreCommands(t *testing.T) {
	targets := map[string]func(t *testing.T) (source, target string){
		"sqlite": func(t *testing.T) (string, string) {
			dir := t.TempDir()
			return filepath.Join(dir, "thidua.db"), filepath.Join(dir, "restored.db")
		},
		"postgres": func(t *testing.T) (string, string) {
			return dbtest.EmptyPostgresURL(t), dbtest.EmptyPostgresURL(t)
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			source, target := targets[name](t)
			if code, _, errOut := runCmd(t, "mat-khau-lanh-dao\n", "user", "add", "--username", "lanhdao", "--role", "leader", "--db", source); code != 0 {
				t.Fatalf("user add: %s", errOut)
			}
			file := filepath.Join(t.TempDir(), "thidua-2026-06-12.backup")
			code, out, errOut := runCmd(t, "", "backup", file, "--db", source)
			if code != 0 || !strings.Contains(out, "Đã sao lưu") {
				t.Fatalf("backup: %d %s %s", code, out, errOut)
			}
			if code, _, errOut := runCmd(t, "", "backup", file, "--db", source); code == 0 || !strings.Contains(errOut, "--force") {
				t.Errorf("backup over an existing file: %d %s", code, errOut)
			}

			code, out, errOut = runCmd(t, "", "restore", "--db", target, file)
			if code != 0 || !strings.Contains(out, "Đã khôi phục") {
				t.Fatalf("restore: %d %s %s", code, out, errOut)
			}
			if n := countUsers(t, target, "lanhdao"); n != 1 {
				t.Fatalf("the account is not in the restored database (%d)", n)
			}

			code, _, errOut = runCmd(t, "", "restore", "--db", target, file)
			if code == 0 || !strings.Contains(errOut, "đã có dữ liệu") || !strings.Contains(errOut, "--force") {
				t.Errorf("restore over data without --force: %d %s", code, errOut)
			}
			code, out, errOut = runCmd(t, "", "restore", "--db", target, "--force", file)
			if code != 0 || !strings.Contains(out, "trước khi khôi phục đã được lưu vào") {
				t.Fatalf("restore --force: %d %s %s", code, out, errOut)
			}
			for _, line := range strings.Split(out, "\n") {
				if _, copyPath, ok := strings.Cut(line, "đã được lưu vào "); ok {
					copyPath = strings.TrimSuffix(copyPath, ".")
					if st, err := os.Stat(copyPath); err != nil || st.Size() == 0 {
						t.Errorf("safety copy %s: %v", copyPath, err)
					}
					os.Remove(copyPath)
				}
			}
			if code, _, errOut := runCmd(t, "", "restore", "--db", target, filepath.Join(t.TempDir(), "khong-co.backup")); code == 0 || !strings.Contains(errOut, "không đọc được tệp sao lưu") {
				t.Errorf("restore of a missing file: %d %s", code, errOut)
			}
		})
	}
}

func countUsers(t *testing.T, dsn, username string) int {
	t.Helper()
	d, err := db.OpenNoMigrate(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.Read().QueryRow("SELECT COUNT(*) FROM users WHERE username = $1", username).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
