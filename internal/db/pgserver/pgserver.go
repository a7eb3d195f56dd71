// Package pgserver starts a throwaway PostgreSQL server from the installed binaries
// (initdb, pg_ctl), for tests and benchmarks. The server listens only on a Unix
// socket in a new temporary directory, runs as the postgres user when this process is
// root (PostgreSQL refuses to run as root), and is removed when stopped.
package pgserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Options tune the server.
type Options struct {
	// Durable keeps PostgreSQL's crash-safety settings. Without it fsync, synchronous
	// commit and full-page writes are off, which makes tests fast and changes nothing
	// a throwaway database needs.
	Durable bool
	// MaxConnections is the server's max_connections; 0 keeps PostgreSQL's default.
	MaxConnections int
	// Dir, when set, is where the server keeps its data instead of a new temporary
	// directory: a server started again on the same Dir finds its databases as they
	// were, and Stop leaves them there. It should be a short path: the server's socket
	// is made in it.
	Dir string
}

// Server is a running throwaway server.
type Server struct {
	// URL is the address of its postgres database as the postgres superuser.
	URL string

	bin, dir string
	opts     string // the server's -o options, to start it again
	keep     bool   // Options.Dir: leave the directory when stopping
	once     sync.Once
}

// Start runs initdb in a new temporary directory and starts a server on it. A
// watchdog process stops the server and removes the directory if this process dies
// without calling Stop.
func Start(opt Options) (*Server, error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin}
	if opt.Dir != "" {
		if s.dir, err = filepath.Abs(opt.Dir); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return nil, err
		}
		s.keep = true
	} else if s.dir, err = os.MkdirTemp("", "thidua-pg-"); err != nil {
		return nil, err
	}
	if err := s.start(opt); err != nil {
		if !s.keep {
			os.RemoveAll(s.dir)
		}
		return nil, err
	}
	dir := s.dir
	s.watchdog()
	s.URL = fmt.Sprintf("postgres://postgres@/postgres?host=%s&sslmode=disable", dir)
	return s, nil
}

// FindBin returns the directory of the PostgreSQL server binaries: that of pg_ctl on
// the PATH, or else the newest under /usr/lib/postgresql (Debian does not put them
// on the PATH).
func FindBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) == 0 {
		return "", errors.New("no PostgreSQL binaries (pg_ctl) found")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

func (s *Server) start(opt Options) error {
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(s.dir, uid, gid); err != nil {
			return err
		}
	}
	pgdata := filepath.Join(s.dir, "data")
	if _, err := os.Stat(filepath.Join(pgdata, "PG_VERSION")); err == nil && s.keep {
		// A kept directory initialised by an earlier run.
	} else if out, err := s.command("initdb", "-D", pgdata, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale").CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories=%s", s.dir)
	if !opt.Durable {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	if opt.MaxConnections > 0 {
		opts += fmt.Sprintf(" -c max_connections=%d", opt.MaxConnections)
	}
	s.opts = opts
	return s.Resume()
}

// Halt stops the server the way an operator restarting it does (pg_ctl stop -m
// fast: sessions are ended, their transactions rolled back), keeping its data, for
// tests of what clients see while it is down. Resume starts it again.
func (s *Server) Halt() error {
	if out, err := s.command("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Resume starts the server on its data directory and waits until it accepts connections.
func (s *Server) Resume() error {
	if out, err := s.command("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-o", s.opts, "-w", "-t", "60", "-l", filepath.Join(s.dir, "log"), "start").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	return nil
}

// command runs a PostgreSQL binary; as root it runs as the postgres user.
func (s *Server) command(name string, args ...string) *exec.Cmd {
	bin := filepath.Join(s.bin, name)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	}
	return exec.Command(bin, args...)
}

// Version is what the server's postgres binary reports, e.g. "postgres (PostgreSQL) 16.4".
func (s *Server) Version() string {
	out, err := exec.Command(filepath.Join(s.bin, "postgres"), "--version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// watchdog stops the server if this process dies without calling Stop.
func (s *Server) watchdog() {
	stop := s.command("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "stop")
	remove := "rm -rf " + s.dir
	if s.keep {
		remove = "true"
	}
	script := fmt.Sprintf(`while kill -0 %d 2>/dev/null; do sleep 1; done; %s; %s`,
		os.Getpid(), strings.Join(stop.Args, " "), remove)
	cmd := exec.Command("sh", "-c", script)
	cmd.Stdout, cmd.Stderr = nil, nil
	_ = cmd.Start()
	go cmd.Wait()
}

// Stop stops the server at once and removes its directory (a kept Options.Dir stays);
// later calls do nothing.
func (s *Server) Stop() {
	s.once.Do(func() {
		if s.keep {
			// A fast stop writes a checkpoint, so the next start needs no recovery.
			_ = s.command("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "fast", "stop").Run()
			return
		}
		_ = s.command("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "stop").Run()
		os.RemoveAll(s.dir)
	})
}

// WithDatabase returns the address base with its database replaced by name,
// keeping the user, host and query parameters.
func WithDatabase(base, name string) string {
	i := strings.Index(base, "://")
	rest := base[i+3:]
	q := ""
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		rest, q = rest[:j], rest[j:]
	}
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		rest = rest[:j]
	}
	return base[:i+3] + rest + "/" + name + q
}
