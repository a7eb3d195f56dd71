package backup

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/db"
)

// ErrNoTool is wrapped when a PostgreSQL client program cannot be found.
type ErrNoTool struct{ Name string }

func (e *ErrNoTool) Error() string {
	return fmt.Sprintf("không tìm thấy chương trình %s của PostgreSQL: cài gói postgresql-client cùng phiên bản (hoặc mới hơn) với máy chủ, "+
		"hoặc đặt THIDUA_PG_BIN là thư mục chứa nó; xem docs/operations.md, mục \"Sao lưu và khôi phục\"", e.Name)
}

// findTool finds a PostgreSQL client program: in THIDUA_PG_BIN, on the PATH, or the
// newest under /usr/lib/postgresql (where Debian keeps one directory per version).
func findTool(name string) (string, error) {
	if dir := os.Getenv("THIDUA_PG_BIN"); dir != "" {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			return "", &ErrNoTool{name}
		}
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return "", &ErrNoTool{name}
	}
	major := func(p string) int {
		n, _ := strconv.Atoi(strings.Split(filepath.Base(filepath.Dir(filepath.Dir(p))), ".")[0])
		return n
	}
	sort.Slice(matches, func(i, j int) bool { return major(matches[i]) < major(matches[j]) })
	return matches[len(matches)-1], nil
}

// pgCommand runs a client program against dsn. The password moves from the address
// to PGPASSWORD, so it does not show in the process list.
func pgCommand(ctx context.Context, name, dsn string, args ...string) (*exec.Cmd, error) {
	bin, err := findTool(name)
	if err != nil {
		return nil, err
	}
	env := os.Environ()
	if dsn != "" {
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, fmt.Errorf("địa chỉ PostgreSQL không hợp lệ: %w", err)
		}
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
		args = append(args, "--dbname="+u.String())
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	return cmd, nil
}

// run runs cmd and turns a failure into an error carrying what the program said.
func run(cmd *exec.Cmd) error {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", filepath.Base(cmd.Path), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// backupPostgres dumps the database in pg_dump's custom format (compressed, and
// pg_restore can read it selectively). pg_dump reads in one snapshot, so the dump
// is consistent while the servers keep writing.
func backupPostgres(ctx context.Context, dsn, file string) (int, error) {
	tmp, err := tempFile(file)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	cmd, err := pgCommand(ctx, "pg_dump", dsn, "--format=custom", "--no-owner", "--no-acl", "--file="+tmp)
	if err != nil {
		return 0, err
	}
	if err := run(cmd); err != nil {
		return 0, fmt.Errorf("sao lưu PostgreSQL: %w", err)
	}
	version, err := archiveVersion(ctx, tmp)
	if err != nil {
		return 0, fmt.Errorf("bản sao vừa tạo không đọc lại được: %w", err)
	}
	return version, commit(tmp, file)
}

// archiveVersion checks that file is a pg_dump archive of thidua and returns the
// newest migration in it, read from the archive's schema_migrations data.
func archiveVersion(ctx context.Context, file string) (int, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	head := make([]byte, 5)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != "PGDMP" {
		return 0, fmt.Errorf("tệp %s không phải bản sao lưu PostgreSQL (định dạng custom của pg_dump)", file)
	}
	cmd, err := pgCommand(ctx, "pg_restore", "", "--data-only", "--table=schema_migrations", "--file=-", file)
	if err != nil {
		return 0, err
	}
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := run(cmd); err != nil {
		return 0, fmt.Errorf("đọc tệp %s: %w", file, err)
	}
	version, found := 0, false
	sc := bufio.NewScanner(&out)
	inCopy := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "COPY ") && strings.Contains(line, "schema_migrations"):
			inCopy, found = true, true
		case inCopy && line == `\.`:
			inCopy = false
		case inCopy:
			field, _, _ := strings.Cut(line, "\t")
			if v, err := strconv.Atoi(field); err == nil && v > version {
				version = v
			}
		}
	}
	if !found {
		return 0, fmt.Errorf("tệp %s không phải bản sao lưu của thidua (không có bảng schema_migrations)", file)
	}
	return version, nil
}

// restorePostgres replaces every table of the target's schema with the archive's,
// in one transaction: pg_restore turns the archive into SQL, psql runs it after
// dropping the tables there now. Dropping them all (not only those in the archive)
// matters when the target is at a newer version than the backup: the migrations
// that run at the next start must find none of their tables.
func restorePostgres(ctx context.Context, dsn, file string, opt Options) (Result, error) {
	version, err := archiveVersion(ctx, file)
	if err != nil {
		return Result{}, err
	}
	if err := checkVersion(version); err != nil {
		return Result{}, err
	}
	res, err := result(file, version)
	if err != nil {
		return Result{}, err
	}
	if _, err := findTool("psql"); err != nil {
		return Result{}, err
	}
	d, err := db.OpenNoMigrate(ctx, dsn)
	if err != nil {
		return Result{}, err
	}
	tables, err := d.Tables(ctx)
	d.Close()
	if err != nil {
		return Result{}, err
	}
	var drop strings.Builder
	if len(tables) > 0 {
		if !opt.Force {
			return Result{}, fmt.Errorf("cơ sở dữ liệu đích đã có dữ liệu (%d bảng); thêm --force để thay toàn bộ bằng bản sao lưu (bản hiện có được lưu lại trước)", len(tables))
		}
		res.SafetyCopy = safetyName(filepath.Dir(file), "thidua", opt.Now()) + ".dump"
		if _, err := backupPostgres(ctx, dsn, res.SafetyCopy); err != nil {
			return Result{}, fmt.Errorf("lưu bản hiện có vào %s trước khi khôi phục: %w", res.SafetyCopy, err)
		}
		drop.WriteString("DROP TABLE IF EXISTS ")
		for i, t := range tables {
			if i > 0 {
				drop.WriteString(", ")
			}
			drop.WriteString(quoteIdent(t))
		}
		drop.WriteString(" CASCADE;\n")
	}
	dump, err := pgCommand(ctx, "pg_restore", "", "--no-owner", "--no-acl", "--file=-", file)
	if err != nil {
		return Result{}, err
	}
	script, err := dump.StdoutPipe()
	if err != nil {
		return Result{}, err
	}
	var dumpErr bytes.Buffer
	dump.Stderr = &dumpErr
	load, err := pgCommand(ctx, "psql", dsn, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--output=/dev/null")
	if err != nil {
		return Result{}, err
	}
	// Our own BEGIN and a COMMIT sent only once pg_restore has succeeded: psql's
	// --single-transaction would commit whatever it got if pg_restore died halfway.
	tail := &commitAfter{wait: dump.Wait}
	load.Stdin = io.MultiReader(strings.NewReader("BEGIN;\n"+drop.String()), script, tail)
	if err := dump.Start(); err != nil {
		return Result{}, fmt.Errorf("pg_restore: %w", err)
	}
	loadErr := run(load)
	if !tail.waited {
		// psql stopped early: pg_restore must not wait for ever to write to it.
		script.Close()
		tail.err = dump.Wait()
	}
	if loadErr != nil {
		return Result{}, fmt.Errorf("khôi phục PostgreSQL (không có gì thay đổi): %w", loadErr)
	}
	if tail.err != nil {
		return Result{}, fmt.Errorf("pg_restore: %w: %s (không có gì thay đổi)", tail.err, strings.TrimSpace(dumpErr.String()))
	}
	return res, nil
}

// commitAfter ends psql's input with COMMIT once wait (pg_restore's exit) reports
// success, and with an error otherwise, which ends the input without a COMMIT, so
// the server rolls the restore back when psql disconnects.
type commitAfter struct {
	wait   func() error
	waited bool
	err    error
	rest   io.Reader
}

func (c *commitAfter) Read(p []byte) (int, error) {
	if !c.waited {
		c.waited = true
		if c.err = c.wait(); c.err != nil {
			return 0, c.err
		}
		c.rest = strings.NewReader("COMMIT;\n")
	}
	if c.rest == nil {
		return 0, c.err
	}
	return c.rest.Read(p)
}

// quoteIdent quotes a table name for SQL.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
