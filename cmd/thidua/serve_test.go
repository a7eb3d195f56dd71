package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read what the server prints while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, now: time.Now}
	code := run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

var listening = regexp.MustCompile(`http://(\S+) `)

// The IT officer's first hour: start the server on a new database, add an account
// from the command line, make an API token, read the targets with it, stop cleanly.
func TestServeUserTokenAndShutdown(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "thidua.db")
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	e := &env{stdin: strings.NewReader(""), stdout: out, stderr: io.Discard, now: time.Now}
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}) }()
	var base string
	for i := 0; i < 200 && base == ""; i++ {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			base = "http://" + m[1]
		}
		time.Sleep(25 * time.Millisecond)
	}
	if base == "" {
		cancel()
		t.Fatalf("server did not start: %s", out.String())
	}
	if !strings.Contains(out.String(), "tên đăng nhập admin, mật khẩu dùng một lần") || !strings.Contains(out.String(), "Đã nạp kế hoạch langson-sxd-2026") {
		t.Errorf("first start did not announce the plan and the administrator: %s", out.String())
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" {
		t.Fatalf("healthz: %q", body)
	}

	if code, _, errOut := runCmd(t, "ngan\n", "user", "add", "--username", "lanhdao", "--role", "leader", "--db", dbPath); code == 0 || !strings.Contains(errOut, "ít nhất 10 ký tự") {
		t.Fatalf("short password accepted: %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "qwerty1234\n", "user", "add", "--username", "lanhdao", "--role", "leader", "--db", dbPath); code == 0 || !strings.Contains(errOut, "phổ biến") {
		t.Fatalf("common password accepted: %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "mat-khau-lanh-dao\n", "user", "add", "--username", "lanhdao", "--role", "leader", "--db", dbPath); code != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	if code, _, errOut := runCmd(t, "mat-khau-dai-du\n", "user", "add", "--username", "canbo", "--role", "unit_staff", "--unit", "KHONG", "--db", dbPath); code == 0 || !strings.Contains(errOut, "Không có đơn vị mã") {
		t.Fatalf("unknown unit accepted: %d %s", code, errOut)
	}
	code, tok, errOut := runCmd(t, "", "token", "create", "--username", "lanhdao", "--db", dbPath)
	if code != 0 {
		t.Fatalf("token create: %s", errOut)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/targets?year=2027", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var targets []struct {
		Code string `json:"code"`
		Met  *bool  `json:"met"`
	}
	json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(targets) != 5 || targets[0].Code != "T1" {
		t.Fatalf("targets with the new token: %d %+v", resp.StatusCode, targets)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(out.String(), "Đã dừng.") {
			t.Fatalf("shutdown: exit %d, output %s", code, out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
}
