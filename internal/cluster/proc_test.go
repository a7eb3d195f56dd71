package cluster

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) {
	code := dbtest.Main(m)
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

// binary builds cmd/thidua once per test run and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "thidua-cluster-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "thidua")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/thidua/thidua/cmd/thidua").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// lockedBuffer keeps what a child process prints, readable while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// proc is a running thidua process.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *lockedBuffer // stdout and stderr together
	done chan struct{}
	base string // http://127.0.0.1:PORT for serve
}

// start runs the binary with args and environment additions; the process is killed
// when the test ends if it still runs.
func start(t *testing.T, name string, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	p := &proc{name: name, cmd: cmd, out: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("output of %s:\n%s", name, tail(p.out.String(), 4000))
		}
	})
	return p
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// kill ends the process at once (SIGKILL) and waits for it.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

var listening = regexp.MustCompile(`thidua đang chạy tại (http://\S+) `)

// serve starts `thidua serve` on dsn at a free port and waits until it answers.
func serve(t *testing.T, name, dsn string, env ...string) *proc {
	t.Helper()
	p := start(t, name, env, "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	p.waitReady(t)
	return p
}

func (p *proc) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(p.out.String()); m != nil {
			p.base = m[1]
			return
		}
		if p.exited() {
			t.Fatalf("%s stopped before it listened (%v):\n%s", p.name, p.cmd.ProcessState, p.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not listen within a minute:\n%s", p.name, p.out.String())
}

// waitOutput waits until the process printed something matching re.
func (p *proc) waitOutput(t *testing.T, re *regexp.Regexp, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if m := re.FindString(p.out.String()); m != "" {
			return m
		}
		if p.exited() {
			t.Fatalf("%s ended before printing %v:\n%s", p.name, re, tail(p.out.String(), 2000))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s did not print %v within %v:\n%s", p.name, re, within, tail(p.out.String(), 2000))
	return ""
}

// wait waits for the process to end and returns its exit code.
func (p *proc) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(within):
		t.Fatalf("%s did not end within %v:\n%s", p.name, within, tail(p.out.String(), 2000))
		return -1
	}
}

// browser is a client that keeps its cookies and does not follow redirects, like
// the web package's tests; requests carry no Origin, so cross-origin protection
// lets them through as it does a same-site form.
func browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// withCookiesOf returns a client that sends to every address the session cookie c
// got from from: the same person reaching another process behind a load balancer.
func withCookiesOf(c *http.Client, from string, others ...string) *http.Client {
	u, _ := url.Parse(from)
	cookies := c.Jar.Cookies(u)
	jar, _ := cookiejar.New(nil)
	for _, o := range append([]string{from}, others...) {
		ou, _ := url.Parse(o)
		jar.SetCookies(ou, cookies)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type response struct {
	code     int
	body     string
	location string
	header   http.Header
}

func do(t *testing.T, c *http.Client, method, u string, body io.Reader, contentType string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{code: resp.StatusCode, body: string(b), location: resp.Header.Get("Location"), header: resp.Header}
}

func get(t *testing.T, c *http.Client, u string) response {
	t.Helper()
	return do(t, c, "GET", u, nil, "")
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) response {
	t.Helper()
	return do(t, c, "POST", u, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func login(t *testing.T, base, username, password string) *http.Client {
	t.Helper()
	c := browser()
	r := postForm(t, c, base+"/login", url.Values{"username": {username}, "password": {password}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("login %s on %s: %d %s", username, base, r.code, tail(r.body, 500))
	}
	return c
}

// lines counts the lines of a text, for progress read from a child's output.
func lines(s string) int {
	n := 0
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		n++
	}
	return n
}
