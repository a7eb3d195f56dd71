package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/plans"
)

func runPlan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: time.Now}
	code = run(context.Background(), e, append([]string{"plan"}, args...))
	return code, out.String(), errOut.String()
}

func writePlan(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPlanLoad(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "thidua.db")
	seed, err := plans.Files.ReadFile("langson-sxd-2026.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := writePlan(t, dir, "kh.yaml", string(seed))

	// A file with two mistakes: both are shown, with their lines, and nothing is loaded.
	broken := strings.Replace(strings.Replace(string(seed), "threshold: 98", "threshold: 120", 1),
		"end: 2028-06-30", "end: 30/06/2028", 1)
	bad := writePlan(t, dir, "sai.yaml", broken)
	code, out, errOut := runPlan(t, "load", bad, "--db", dbPath)
	if code != 2 {
		t.Errorf("bad file: exit code %d, want 2", code)
	}
	for _, want := range []string{
		bad + ":" + planLineOf(broken, "threshold: 120") + ": targets[2].threshold: ngưỡng phải từ 0 đến 100",
		bad + ":" + planLineOf(broken, "end: 30/06/2028") + ": phases[1].end: ngày phải viết dạng YYYY-MM-DD",
		"có 2 lỗi, chưa nạp gì",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("bad file: stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(out, "Đã nạp") {
		t.Errorf("bad file reported as loaded: %s", out)
	}
	if _, err := os.Stat(dbPath); err == nil {
		t.Errorf("a rejected file must not even create the database")
	}

	code, out, errOut = runPlan(t, "load", good, "--dry-run", "--db", dbPath)
	if code != 0 || !strings.HasPrefix(out, "Kiểm tra xong, không có lỗi") {
		t.Errorf("dry run: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(dbPath); err == nil {
		t.Errorf("a dry run must not create the database")
	}

	code, out, errOut = runPlan(t, "load", good, "--db", dbPath)
	want := "Đã nạp kế hoạch langson-sxd-2026 (Triển khai phong trào thi đua “Phát triển mạnh doanh nghiệp tư nhân, nâng cao hiệu quả doanh nghiệp nhà nước” thuộc lĩnh vực xây dựng, giao thông vận tải trên địa bàn tỉnh Lạng Sơn): 5 chỉ tiêu, 2 giai đoạn\n" +
		"Đã tạo 2 yêu cầu báo cáo theo kế hoạch langson-sxd-2026.\n"
	if code != 0 || out != want {
		t.Errorf("load: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// Loading again updates the same movement and says so; flags may come first.
	code, out, _ = runPlan(t, "load", "--db", dbPath, good)
	if code != 0 || !strings.Contains(out, "đã có nên được cập nhật") || strings.Contains(out, "yêu cầu báo cáo") {
		t.Errorf("reload: exit %d, stdout %q", code, out)
	}

	code, out, _ = runPlan(t, "list", "--db", dbPath)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[1], "langson-sxd-2026  01/01/2026  31/12/2030") {
		t.Errorf("list: exit %d, output:\n%s", code, out)
	}
}

func TestPlanUsageErrors(t *testing.T) {
	if code, _, errOut := runPlan(t, "load"); code != 2 || !strings.Contains(errOut, "thiếu tên tệp kế hoạch") {
		t.Errorf("load without a file: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runPlan(t, "remove"); code != 2 || !strings.Contains(errOut, "lệnh con không tồn tại") {
		t.Errorf("unknown subcommand: exit %d, stderr %q", code, errOut)
	}
	if code, out, _ := runPlan(t, "--help"); code != 0 || !strings.Contains(out, "thidua plan load TỆP") {
		t.Errorf("help: exit %d, stdout %q", code, out)
	}
}

// planLineOf is the line of text, counted from 1, where s first appears.
func planLineOf(text, s string) string {
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return strconv.Itoa(i + 1)
		}
	}
	return "?"
}
